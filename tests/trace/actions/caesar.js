// A Caesar cipher over letters, with String.fromCharCode.
function shift(c, base, k) {
  return String.fromCharCode(((c - base + k) % 26 + 26) % 26 + base);
}

function main(params) {
  const text = String(params.text ?? '');
  const k = params.k | 0;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) out += shift(c, 65, k);
    else if (c >= 97 && c <= 122) out += shift(c, 97, k);
    else out += text.charAt(i);
  }
  return { out, decoded: params.check ? main({ text: out, k: -k }).out : undefined };
}
