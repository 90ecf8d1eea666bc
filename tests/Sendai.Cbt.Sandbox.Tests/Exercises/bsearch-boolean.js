// Wrong type: returns whether the target was found, not where.
function binarySearch(arr, target) {
  let low = 0, high = arr.length - 1;
  while (low <= high) {
    const mid = Math.floor((low + high) / 2);
    if (arr[mid] === target) return true;
    if (arr[mid] < target) low = mid + 1; else high = mid - 1;
  }
  return false;
}
