// Differential: normalize-contact (charAt/charCodeAt/toUpperCase/substring/lastIndexOf/endsWith/repeat over names, phones, emails and tags; unicode case mappings, empty fields, wrong types).
'use strict';
const { diffTest } = require('./harness');

const c = (name, email, phone, tags) => ({ contact: { name, email, phone, tags } });
const spec = {
  train: [c('  ada   LOVELACE ', ' Ada@Example.COM ', '+44 (20) 7946-0018', 'Math, poet,math'), c('alan turing', 'alan@bletchley', '123', 'logic'), c('grace', 'g@navy.mil', '555 0100', ' ,  , big data')],
  inputs: [
    c('  ada   LOVELACE ', ' Ada@Example.COM ', '+44 (20) 7946-0018', 'Math, poet,math'), c('', '', '', ''), c(' ', '@', '0', ','), c('é', 'É@É.FR', '١٢٣', 'Über, ÜBER'),
    c('zoë ünal', 'ZOË@EXAMPLE.COM', '+1-800-FLOWERS', 'a b c, a b c'), c('ǆemal', 'x@y.z', '12345', 'x'), c('straße', 'STRASSE@X.DE', '99', 'ß'),
    c('😀 smile', 'a@b', '1'.repeat(40), 'x,y,z'), c('İstanbul ılık', 'İ@x.tr', '0', 'İ'), c('o\'brien mc-donald', 'o\'b@x.ie', '(0) 1', 'irish, green'),
    c(42, 'a@b.com', '1', 'x'), c('a', null, '1', 'x'), c('a', 'a@b.com', 5551234, 'x'), c('a', 'a@b.com', '1', ['x']), { contact: {} }, {}, { contact: null },
    c('ﬁnn', 'ﬁ@x.com', '1', 'ﬁ'), c('x\u0000y', 'a@b.com', '\u0000', '\u0000'), c('a\tb\nc', 'a@b.com', '1 2', 'a\tb'), { ...c('bob', 'b@x.com', '1234567', 'q'), prefix: 'b' }, { ...c('bob', 'b@x.com', '1234567', 'q'), prefix: '' },
    c('mary-jane watson', 'MJ@DAILY.BUGLE', '212-555-0199', 'Hero ,hero,HERO'), c('ALL CAPS NAME HERE', 'caps@x.com', '+', ',,,'),
  ],
};

// 1: the input stays on traced paths and must be answered natively (measured, twice alike); 0: may fall back.
const NATIVE = [1,0,1,1,1,1,1,0,1,1,0,0,0,0,0,0,0,0,1,1,0,1,1,1];
if (NATIVE.length !== spec.inputs.length) throw new Error('NATIVE marks do not match the inputs');

diffTest('normalize-contact', { train: spec.train, inputs: spec.inputs.map((args, i) => ({ args, native: NATIVE[i] ? true : undefined })) });
