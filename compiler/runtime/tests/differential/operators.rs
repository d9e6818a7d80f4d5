// Differential tests of every binary and unary operator of the trace IR over mixed operands.

use crate::gen::*;
use crate::harness::*;
use crate::numbers::numeric_string;
use containerless_rt::prelude::*;

type BinOp = fn(&mut Ctx, &Value, &Value) -> R<Value>;
const BINOPS: &[(&str, BinOp)] = &[
    ("+", ops::add),
    ("-", ops::sub),
    ("*", ops::mul),
    ("/", ops::div),
    ("%", ops::rem),
    ("**", ops::pow),
    ("==", ops::loose_eq),
    ("!=", ops::loose_ne),
    ("===", ops::strict_eq),
    ("!==", ops::strict_ne),
    ("<", ops::lt),
    ("<=", ops::le),
    (">", ops::gt),
    (">=", ops::ge),
    ("&", ops::bitand),
    ("|", ops::bitor),
    ("^", ops::bitxor),
    ("<<", ops::shl),
    (">>", ops::shr),
    (">>>", ops::ushr),
];

pub fn operand(r: &mut Rng) -> Spec {
    match r.below(5) {
        0 => Spec::Str(numeric_string(r)),
        1 => Spec::Num(*r.pick(&[
            0.0,
            -0.0,
            1.0,
            -1.0,
            2.0,
            3.0,
            0.5,
            10.0,
            f64::NAN,
            f64::INFINITY,
            31.0,
            32.0,
            33.0,
            -7.0,
        ])),
        _ => random_spec(r, 1),
    }
}

#[test]
fn binary_operators() {
    let mut r = seeded(4242);
    let mut cases = Vec::new();
    let mut inputs = Vec::new();
    for _ in 0..6000 {
        let op = r.below(BINOPS.len());
        let (a, b) = (operand(&mut r), operand(&mut r));
        cases.push(format!("{}\u{0}{}\u{0}{}", BINOPS[op].0, a.src(), b.src()));
        inputs.push((op, a, b));
    }
    compare(
        "binary operators",
        &cases,
        "(c) => { const [op, a, b] = c.split('\\u0000'); return describe(new Function('x', 'y', 'return x ' + op + ' y')(eval(a), eval(b))); }",
        |ctx, i| {
            let (op, a, b) = &inputs[i];
            let (x, y) = (a.build(ctx), b.build(ctx));
            let v = (BINOPS[*op].1)(ctx, &x, &y)?;
            describe(ctx, &v)
        },
        10,
    );
}

type UnOp = fn(&mut Ctx, &Value) -> R<Value>;
const UNOPS: &[(&str, UnOp)] = &[
    ("!", ops::not),
    ("-", ops::neg),
    ("+", ops::plus),
    ("~", ops::bitnot),
    ("typeof ", ops::typeof_),
    ("`${x}`", ops::to_string_template),
];

#[test]
fn unary_operators() {
    let mut r = seeded(31337);
    let mut cases = Vec::new();
    let mut inputs = Vec::new();
    for _ in 0..3000 {
        let op = r.below(UNOPS.len());
        let a = operand(&mut r);
        cases.push(format!("{}\u{0}{}", UNOPS[op].0, a.src()));
        inputs.push((op, a));
    }
    compare(
        "unary operators",
        &cases,
        "(c) => { const [op, a] = c.split('\\u0000'); const body = op.includes('${') ? 'return ' + op : 'return ' + op + ' x'; return describe(new Function('x', body)(eval(a))); }",
        |ctx, i| {
            let (op, a) = &inputs[i];
            let x = a.build(ctx);
            let v = (UNOPS[*op].1)(ctx, &x)?;
            describe(ctx, &v)
        },
        10,
    );
}

/// `x ** y` for the exponents answered exactly (2, 0.5, -1, 1, small integers) over random x.
#[test]
fn exponentiation() {
    let mut r = seeded(314);
    let mut cases = Vec::new();
    let mut inputs = Vec::new();
    for _ in 0..4000 {
        let x = if r.chance(50) {
            interesting_number(&mut r)
        } else {
            (r.below(20001) as f64 - 10000.0) / *r.pick(&[1.0, 7.0, 64.0, 1000.0])
        };
        let y = *r.pick(&[2.0, 0.5, -1.0, 1.0, 3.0, 4.0, -2.0, 10.0, 0.0, -0.0, 1.5]);
        cases.push(format!("{}\u{0}{}", num_src(x), num_src(y)));
        inputs.push((x, y));
    }
    compare(
        "** (exact exponents)",
        &cases,
        "(c) => { const [x, y] = c.split('\\u0000').map((s) => eval(s)); return describe(x ** y); }",
        |ctx, i| {
            let v = ops::pow(ctx, &Value::Number(inputs[i].0), &Value::Number(inputs[i].1))?;
            describe(ctx, &v)
        },
        50, // x ** 3 and friends abort unless every product is exact
    );
}
