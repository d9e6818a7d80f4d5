// Markdown-ish renderer: headings, bullets, numbered lists, emphasis and code spans turned into HTML-ish text with string built-ins only.
const TAGS = { '#': 'h1', '##': 'h2', '###': 'h3' };

function escapeHtml(s) {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

function inline(s) {
  let out = escapeHtml(s);
  // **bold** once per line, by index arithmetic (no regular expressions).
  const a = out.indexOf('**');
  if (a >= 0) {
    const b = out.indexOf('**', a + 2);
    if (b > a) out = out.slice(0, a) + '<b>' + out.slice(a + 2, b) + '</b>' + out.slice(b + 2);
  }
  if (out.includes('`')) out = out.replace('`', '<code>').replace('`', '</code>');
  return out;
}

function main(args) {
  const text = args.text;
  const width = args.width || 20;
  const lines = text.split('\n');
  const html = [];
  const toc = [];
  let n = 0;
  let inList = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const line = raw.trimEnd();
    if (line === '') {
      if (inList) { html.push('</ul>'); inList = false; }
      continue;
    }
    if (line === '---') break;
    const sp = line.indexOf(' ');
    const head = sp > 0 ? line.slice(0, sp) : '';
    if (TAGS[head] !== undefined) {
      const title = line.slice(sp + 1).trim();
      toc.push(`${'  '.repeat(head.length - 1)}${String(toc.length + 1).padStart(2, '0')}. ${title.toUpperCase()}`);
      html.push(`<${TAGS[head]}>${inline(title)}</${TAGS[head]}>`);
      continue;
    }
    if (line.startsWith('- ') || line.startsWith('* ')) {
      if (!inList) { html.push('<ul>'); inList = true; }
      n++;
      html.push(`  <li>${inline(line.slice(2))}</li>`);
      continue;
    }
    const short = line.length > width ? line.slice(0, width - 1) + '…' : line.padEnd(width, '.');
    html.push(`<p>${inline(line)}</p><!-- ${short} -->`);
  }
  if (inList) html.push('</ul>');
  const last = lines[lines.length - 1];
  console.log('rendered %d lines, %d items', html.length, n);
  console.log(toc);
  return { html: html.join('\n'), toc, items: n, tail: last.slice(-3), first: text.charAt(0), code: text.charCodeAt(0) };
}
