// Off by one: the loop stops before index 0.
function reverseString(s) {
  const chars = Array.from(s);
  let r = '';
  for (let i = chars.length - 1; i > 0; i--) r += chars[i];
  return r;
}
