// Renders {{name}} placeholders from the parameters.
function render(tpl, vars) {
  let out = '';
  let at = 0;
  while (at < tpl.length) {
    const open = tpl.indexOf('{{', at);
    if (open < 0) {
      out += tpl.slice(at);
      break;
    }
    const close = tpl.indexOf('}}', open);
    if (close < 0) {
      out += tpl.slice(at);
      break;
    }
    out += tpl.slice(at, open);
    const key = tpl.slice(open + 2, close).trim();
    out += key in vars ? `${vars[key]}` : '';
    at = close + 2;
  }
  return out;
}

function main(params) {
  return { text: render(params.template || 'Hello {{ name }}!', params.vars || {}) };
}
