// Bubble sort with one pass too few.
function sortNumbers(arr) {
  const a = arr.slice();
  for (let i = 0; i < a.length - 2; i++) {
    for (let j = 0; j < a.length - 1 - i; j++) {
      if (a[j] > a[j + 1]) { const t = a[j]; a[j] = a[j + 1]; a[j + 1] = t; }
    }
  }
  return a;
}
