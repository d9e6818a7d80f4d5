// Differential: md-render (markdown-ish rendering with string built-ins: indexOf/slice/replace/replaceAll/padStart/padEnd/repeat/trimEnd/charCodeAt; empty, unicode, CRLF and wrong-typed texts).
'use strict';
const { diffTest } = require('./harness');

const doc = '# Title\nSome **bold** text with `code` here.\n\n- one\n- two <b>\n* three & four\n\n## Sub\nplain line that is rather long indeed\n';
const spec = {
  train: [
    { text: doc },
    { text: '# A\n## B\n### C\n- x\n\nshort\n---\nafter', width: 10 },
    { text: 'no headings\n- item **strong** and `c`\n- "quoted"\n', width: 30 },
  ],
  inputs: [
    { text: doc }, { text: '# Ünïcödé 😀 title\n- 😀 **é** `✓`\n', width: 5 },
    { text: '' }, { text: '\n\n\n' }, { text: '#' }, { text: '# ' }, { text: '#### deep\n' }, { text: '**unclosed bold\n`only one tick' },
    { text: '- a\n- b\n' }, { text: 'x'.repeat(50), width: 49 }, { text: 'abc', width: 0 }, { text: 'abc', width: -2 }, { text: 'abc', width: 1 },
    { text: '   \t  \n# t' }, { text: '---' }, { text: '# a\r\n- b\r\n' }, { text: '😀😀😀😀😀', width: 3 }, { text: 'a\u2028b' },
    { text: 'x', width: '7' }, { text: 5 }, { text: null }, {}, { text: ['# a'] }, { text: '# title', width: 2.5 },
    { text: '- <script>"x"&\'y\'</script>' }, { text: '**a** **b**' }, { text: 'toString\n# constructor\n# __proto__' }, { text: '## ' + 'w'.repeat(300) },
    { text: 'é'.normalize('NFD') + '\n- ß', width: 4 }, { text: '\ud83d', width: 1 }, { text: 'a\u0000b' },
  ],
};

// 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
const NATIVE = [1,0,1,1,1,1,1,0,1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,1,0,1,1,1,0,0,1];
if (NATIVE.length !== spec.inputs.length) throw new Error('NATIVE marks do not match the inputs');

diffTest('md-render', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: NATIVE[i] ? true : undefined })) });
