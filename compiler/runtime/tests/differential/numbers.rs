// Differential tests of number printing and parsing: Number::toString, StringToNumber, parseInt/parseFloat, toFixed, toExponential, toPrecision.

use crate::gen::*;
use crate::harness::*;
use containerless_rt::prelude::*;

#[test]
fn number_to_string() {
    let mut r = seeded(0x1234_5678_9abc_def1);
    let nums: Vec<f64> = (0..6000).map(|_| interesting_number(&mut r)).collect();
    let cases: Vec<String> = nums.iter().map(|&x| num_src(x)).collect();
    compare(
        "Number::toString",
        &cases,
        "(c) => String(eval(c))",
        |_, i| Ok(num::to_js_string(nums[i]).encode_utf16().collect()),
        0,
    );
}

pub fn numeric_string(r: &mut Rng) -> Vec<u16> {
    const WS: &[&str] =
        &["", "", "", " ", "\t", "\n", "\u{a0}", "\u{feff}", "\u{2028}", "\u{3000}", "\u{180e}", "\u{200b}", "\u{85}"];
    const BODIES: &[&str] = &[
        "0x1F",
        "0X1f",
        "-0x1",
        "0x",
        "0b101",
        "0B2",
        "0o17",
        "0O8",
        "Infinity",
        "-Infinity",
        "+Infinity",
        "infinity",
        "1e",
        "1e+",
        ".",
        ".5",
        "5.",
        "+.5",
        "-.5e-3",
        "1_000",
        "\u{661}",
        "00012",
        "-0",
        "+0",
        "0.0000001",
        "1e1000",
        "-1e-1000",
        "0x1fffffffffffff",
        "0x20000000000001",
        "0x1000000000000081",
        "0b11111111111111111111111111111111111111111111111111111111",
        "123456789012345678901234567890",
        "1.7976931348623159e308",
        "2.4703282292062328e-324",
        "",
        "+",
        "-",
        "e5",
        "1.2.3",
        "12abc",
        "0.1e-0",
        "NaN",
        "1E+21",
        "٣",
        "0x0.1",
        " 12 ",
        "1 2",
    ];
    let mut s = String::new();
    s.push_str(*r.pick(WS));
    if r.chance(50) {
        s.push_str(*r.pick(BODIES));
    } else {
        let x = interesting_number(r);
        let mut t = num_src(x);
        if r.chance(30) {
            t = t.replace('e', "E");
        }
        if r.chance(20) {
            t = format!("{}", x);
        }
        s.push_str(&t);
    }
    s.push_str(*r.pick(WS));
    s.encode_utf16().collect()
}

#[test]
fn string_to_number() {
    let mut r = seeded(77);
    let strs: Vec<Vec<u16>> = (0..4000).map(|_| numeric_string(&mut r)).collect();
    let cases: Vec<String> = strs.iter().map(|u| String::from_utf16_lossy(u)).collect();
    // The cases travel as JSON strings; build the crate's inputs from the same text.
    compare(
        "StringToNumber",
        &cases,
        "(c) => { const n = Number(c); return Object.is(n, -0) ? '-0' : String(n); }",
        |_, i| {
            let u: Vec<u16> = cases[i].encode_utf16().collect();
            let n = num::string_to_number(&u);
            let s = if n == 0.0 && n.is_sign_negative() { "-0".to_string() } else { num::to_js_string(n) };
            Ok(s.encode_utf16().collect())
        },
        0,
    );
}

#[test]
fn parse_int_and_float() {
    let mut r = seeded(99);
    let mut cases = Vec::new();
    let mut inputs = Vec::new();
    for _ in 0..3000 {
        let s = String::from_utf16_lossy(&numeric_string(&mut r));
        let radix: i32 = *r.pick(&[0, 0, 0, 10, 16, 2, 8, 36, 7, 1, 37, -1]);
        cases.push(format!("{}\u{0}{}", s, radix));
        inputs.push((s, radix));
    }
    compare(
        "parseInt/parseFloat",
        &cases,
        "(c) => { const [s, r] = c.split('\\u0000'); const d = (n) => Object.is(n, -0) ? '-0' : String(n); return d(parseInt(s, Number(r))) + '|' + d(parseFloat(s)); }",
        |ctx, i| {
            let (s, radix) = &inputs[i];
            let d = |n: f64| if n == 0.0 && n.is_sign_negative() { "-0".to_string() } else { num::to_js_string(n) };
            let a = builtins::call(ctx, Builtin::ParseInt, &Value::Undefined, &[Value::str(s), Value::Number(*radix as f64)])?;
            let b = builtins::call(ctx, Builtin::ParseFloat, &Value::Undefined, &[Value::str(s)])?;
            Ok(format!("{}|{}", d(a.as_number().unwrap()), d(b.as_number().unwrap())).encode_utf16().collect())
        },
        2,
    );
}

#[test]
fn number_to_fixed() {
    let mut r = seeded(7);
    let mut cases = Vec::new();
    let mut inputs = Vec::new();
    for _ in 0..3000 {
        let x = if r.chance(50) { interesting_number(&mut r) } else { (r.below(100000) as f64) / 1000.0 + 0.0005 };
        let d = r.below(21);
        cases.push(format!("{}\u{0}{}", num_src(x), d));
        inputs.push((x, d));
    }
    compare(
        "Number.prototype.toFixed",
        &cases,
        "(c) => { const [x, d] = c.split('\\u0000'); return eval(x).toFixed(Number(d)); }",
        |_, i| Ok(builtins::to_fixed(inputs[i].0, inputs[i].1).encode_utf16().collect()),
        0,
    );
}

#[test]
fn number_to_exponential_and_precision() {
    let mut r = seeded(1618);
    let mut cases = Vec::new();
    let mut inputs = Vec::new();
    for i in 0..4000 {
        let x = if r.chance(60) {
            interesting_number(&mut r)
        } else {
            (r.below(2_000_000) as f64 - 1_000_000.0) / *r.pick(&[1.0, 8.0, 1000.0, 1e7])
        };
        let exponential = i % 2 == 0;
        let d = if exponential {
            if r.chance(15) {
                None
            } else {
                Some(r.below(21))
            }
        } else {
            Some(1 + r.below(21))
        };
        let ds = d.map_or("undefined".to_string(), |d| d.to_string());
        cases.push(format!(
            "{}\u{0}{}\u{0}{}",
            num_src(x),
            if exponential { "toExponential" } else { "toPrecision" },
            ds
        ));
        inputs.push((x, exponential, d));
    }
    compare(
        "toExponential/toPrecision",
        &cases,
        "(c) => { const [x, m, d] = c.split('\\u0000'); return eval(x)[m](eval(d)); }",
        |_, i| {
            let (x, exponential, d) = inputs[i];
            let s = if exponential { builtins::to_exponential(x, d) } else { builtins::to_precision(x, d.unwrap()) };
            Ok(s.encode_utf16().collect())
        },
        0,
    );
}
