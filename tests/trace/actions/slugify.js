// Builds a URL slug character by character.
function main(params) {
  const s = String(params.title ?? '').toLowerCase();
  let out = '';
  let dash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const alnum = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    if (alnum) {
      out += s[i];
      dash = false;
    } else if (!dash && out.length > 0) {
      out += '-';
      dash = true;
    }
  }
  if (out.endsWith('-')) out = out.slice(0, -1);
  return { slug: out, length: out.length };
}
