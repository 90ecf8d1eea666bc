// Math.max of an empty array is -Infinity, not null.
function maxOf(arr) {
  return Math.max(...arr);
}
