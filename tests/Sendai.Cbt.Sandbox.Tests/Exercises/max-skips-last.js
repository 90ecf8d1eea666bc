// Off by one: never looks at the last element.
function maxOf(arr) {
  if (arr.length === 0) return null;
  let max = arr[0];
  for (let i = 1; i < arr.length - 1; i++) if (arr[i] > max) max = arr[i];
  return max;
}
