// Validates a sign-up form and collects every error.
function isEmail(s) {
  return typeof s === 'string' && /^[^@\s]+@[^@\s]+\.[a-z]+$/i.test(s);
}

function main(params) {
  const errors = [];
  if (!isEmail(params.email)) errors.push('email is invalid');
  if (typeof params.age !== 'number' || params.age < 13 || params.age > 130) errors.push('age out of range');
  const name = params.name || '';
  if (name.length < 2) errors.push('name too short');
  else if (name.length > 20) errors.push('name too long');
  const pw = String(params.password ?? '');
  let digits = 0;
  for (let i = 0; i < pw.length; i++) {
    const c = pw.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  if (pw.length < 8 || digits === 0) errors.push('weak password');
  if (errors.length > 0) return { statusCode: 400, body: { errors } };
  return { statusCode: 200, body: { ok: true, user: name.toLowerCase() } };
}
