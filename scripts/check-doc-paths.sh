#!/bin/sh
# Checks that every repository path the documentation names (README.md, docs/, the test READMEs) exists.
# A path is a word that starts with one of the repository's top-level folders (bin/, proxy/,
# addon/, compiler/, actionloop/, docker/, tests/, scripts/, docs/) or is a sibling .md page,
# resolved from the repository root, then from the page's own folder. Words with wildcards or
# placeholders (*, <, {, …) and build outputs (build/, target/) are skipped; a path outside the
# repository (/work/..., ../shared/...) is an error, since a clone does not have it.
# Usage: scripts/check-doc-paths.sh [FILE.md ...]   (default: every documentation page)
# Exit status: 0 when every path exists, 1 otherwise (each missing one printed as FILE:LINE: PATH).
cd "$(dirname "$0")/.." || exit 2
exec node - "$@" <<'EOF'
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const PARTS = ['compiler/', 'compiler/runtime/', 'addon/', 'actionloop/', 'proxy/'];
const ROOTS = ['bin', 'proxy', 'addon', 'compiler', 'actionloop', 'docker', 'tests', 'scripts', 'docs'];
// Historical notes copied in as they were written: their paths are checked only for leaving
// the repository (the tree has moved on since, as the notes say).
const HISTORICAL = /^(tests\/differential\/findings|docs\/design)\//;

function pages() {
  const out = ['README.md'];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'target') walk(p);
      } else if (entry.name.endsWith('.md')) {
        out.push(p);
      }
    }
  };
  walk('docs');
  walk('tests');
  for (const f of ['compiler/tests/fuzz/README.md', 'docker/README.md']) {
    if (fs.existsSync(f)) out.push(f);
  }
  return out;
}

const files = process.argv.slice(2).length > 0 ? process.argv.slice(2) : pages();
const rootAlt = ROOTS.join('|');
// A path word: a top-level folder and a slash, or ../, or an absolute /work/ path, then path characters.
const WORD = new RegExp(
  `(?<![\\w./-])((?:\\.\\./|/work/|(?:${rootAlt})/)[\\w./@+-]*|[\\w-]+\\.md)(?![\\w/])`,
  'g'
);
let missing = 0;
let checked = 0;
for (const file of files) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const historical = HISTORICAL.test(file);
  let fence = false;
  lines.forEach((line, i) => {
    if (/^\s*```/.test(line)) fence = !fence;
    for (const m of line.matchAll(WORD)) {
      let word = m[1].replace(/[.,:;)]+$/, '');
      const after = line.slice(m.index + m[1].length);
      // Placeholders and patterns: h12-*.js, <sha>.so, {a,b}, ..., NAME.json.
      if (/^[*<{…]/.test(after) || /[*<>{}…]/.test(word) || /\.\.\.$/.test(m[1])) continue;
      if (/^(build|target)\//.test(word) || /\/(build|target)\//.test(word)) continue;
      if (word === '..' || word === '../' || word.endsWith('/..')) continue;
      // NAME, N.json, TRACE.json: a placeholder segment (README.md is a name).
      if (word.split('/').some((s) => /^[A-Z][A-Z_]*(\.|$)/.test(s) && !/^README\./.test(s))) continue;
      const outside = word.startsWith('/work/') || /^(\.\.\/)+shared\//.test(word);
      if (outside) {
        console.log(`${file}:${i + 1}: ${word} (outside the repository)`);
        missing++;
        continue;
      }
      if (historical) continue;
      if (/^[A-Z_]+\.md$/.test(word) && word !== 'README.md') continue; // DESIGN.md-style names
      checked++;
      // tests/... in a part's page is that part's tests folder (compiler/tests/, addon/tests/, ...).
      const parts = word.startsWith('tests/') ? PARTS : [];
      const candidates = [word, path.join(path.dirname(file), word), ...parts.map((p) => p + word)];
      if (!candidates.some((c) => fs.existsSync(c))) {
        console.log(`${file}:${i + 1}: ${word}`);
        missing++;
      }
    }
  });
}
if (missing > 0) {
  console.log(`check-doc-paths: ${missing} missing path(s) among ${checked} checked`);
  process.exit(1);
}
console.log(`check-doc-paths: ${checked} paths in ${files.length} pages, all present`);
EOF
