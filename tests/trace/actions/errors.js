// Failure paths: engine errors whose messages name source text, thrown values of every kind.
function main(params) {
  const kind = params.kind;
  if (kind === 'missing-method') return params.nothing();
  if (kind === 'missing-method-args') return params.nothing(1, kind);
  if (kind === 'missing-function') return notDefinedAnywhere(kind);
  if (kind === 'undefined-property') return { v: params.absent.deeper };
  if (kind === 'not-callable') {
    const x = 5;
    return x();
  }
  if (kind === 'string') throw 'a plain string';
  if (kind === 'object') throw { code: 42 };
  if (kind === 'range') return { s: (1).toFixed(200) };
  if (kind === 'nested') return { v: JSON.parse(params.json) };
  return { ok: kind };
}
