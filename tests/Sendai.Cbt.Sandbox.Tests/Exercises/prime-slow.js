// Correct but tries every divisor up to n: too slow for 1000000007.
function isPrime(n) {
  if (n < 2) return false;
  for (let i = 2; i < n; i++) if (n % i === 0) return false;
  return true;
}
