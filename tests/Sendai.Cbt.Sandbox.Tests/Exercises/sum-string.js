// Wrong type: string concatenation.
function sumArray(arr) {
  let total = '';
  for (const x of arr) total += x;
  return total;
}
