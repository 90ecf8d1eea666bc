// Wrong type: builds a string.
function factorial(n) {
  if (n === 0) return '1';
  return String(n * Number(factorial(n - 1)));
}
