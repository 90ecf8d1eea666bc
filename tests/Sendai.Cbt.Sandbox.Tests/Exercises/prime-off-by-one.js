// Off by one: i * i < n misses squares of primes (9, 25).
function isPrime(n) {
  if (n < 2) return false;
  for (let i = 2; i * i < n; i++) if (n % i === 0) return false;
  return true;
}
