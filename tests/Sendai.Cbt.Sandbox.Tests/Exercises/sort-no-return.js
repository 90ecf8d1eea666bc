// Sorts a copy but forgets to return it.
function sortNumbers(arr) {
  const a = arr.slice();
  for (let i = 1; i < a.length; i++) {
    for (let j = i; j > 0 && a[j - 1] > a[j]; j--) { const t = a[j]; a[j] = a[j - 1]; a[j - 1] = t; }
  }
}
