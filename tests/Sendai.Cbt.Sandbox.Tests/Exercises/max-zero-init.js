// Starts from 0: wrong when every number is negative.
function maxOf(arr) {
  if (arr.length === 0) return null;
  let max = 0;
  for (const x of arr) if (x > max) max = x;
  return max;
}
