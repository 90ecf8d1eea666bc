// Off by one: starts at index 1.
function sumArray(arr) {
  let total = 0;
  for (let i = 1; i < arr.length; i++) total += arr[i];
  return total;
}
