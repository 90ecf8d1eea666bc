// Array.prototype.sort without a comparator sorts as strings: [1, 10, 100, 9].
function sortNumbers(arr) {
  return arr.slice().sort();
}
