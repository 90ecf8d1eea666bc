// Wrong type: returns the reversed array instead of a string.
function reverseString(s) {
  return Array.from(s).reverse();
}
