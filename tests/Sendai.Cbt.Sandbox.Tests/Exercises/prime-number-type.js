// Wrong type: returns 1/0 instead of true/false.
function isPrime(n) {
  if (n < 2) return 0;
  for (let i = 2; i * i <= n; i++) if (n % i === 0) return 0;
  return 1;
}
