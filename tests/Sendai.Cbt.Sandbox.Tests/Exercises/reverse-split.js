// Typical mistake: split('') cuts the surrogate pair of 𠮷 in two.
function reverseString(s) {
  return s.split('').reverse().join('');
}
