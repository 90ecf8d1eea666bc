// Base case only for 1: factorial(0) recurses forever.
function factorial(n) {
  if (n === 1) return 1;
  return n * factorial(n - 1);
}
