// reduce without an initial value throws on an empty array.
function sumArray(arr) {
  return arr.reduce((a, b) => a + b);
}
