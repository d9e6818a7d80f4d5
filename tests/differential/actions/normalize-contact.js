// Contact normaliser: names capitalised, phone digits kept by char code, emails lower-cased, tags cleaned and deduplicated.
function capitalize(w) {
  if (w.length === 0) return w;
  return w.charAt(0).toUpperCase() + w.slice(1).toLowerCase();
}

function digits(s) {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) out += s[i];
  }
  return out;
}

function main(args) {
  const c = args.contact;
  const name = c.name.trim().split(' ').filter((w) => w !== '').map(capitalize).join(' ');
  const email = c.email.trim().toLowerCase();
  const at = email.indexOf('@');
  const domain = at >= 0 ? email.substring(at + 1) : '';
  const phone = digits(c.phone);
  const tags = [];
  for (const t of c.tags.split(',')) {
    const k = t.trim().toLowerCase().replace(' ', '-');
    if (k && !tags.includes(k)) tags.push(k);
  }
  const initials = name.split(' ').map((w) => w[0]).join('');
  const masked = phone.length > 4 ? '*'.repeat(phone.length - 4) + phone.slice(-4) : phone;
  const id = `${initials}-${phone.slice(-4).padStart(4, '0')}`;
  console.log('normalized', { name, email, tags });
  if (!email.endsWith('.com') && domain.lastIndexOf('.') < 0) console.error('suspicious domain:', JSON.stringify(domain));
  return { name, email, domain, phone, masked, tags, initials, id, short: name.substr(0, 5), last: name.at(-1), starts: email.startsWith(args.prefix || 'a') };
}
