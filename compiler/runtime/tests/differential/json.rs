// Differential tests of JSON.stringify (with indentation) and JSON.parse -> JSON.stringify round trips.

use crate::gen::*;
use crate::harness::*;
use containerless_rt::prelude::*;
use containerless_rt::{json_parse, json_stringify};

#[test]
fn json_stringify() {
    let mut r = seeded(2024);
    let mut cases = Vec::new();
    let mut inputs = Vec::new();
    for i in 0..3000 {
        let s = random_spec(&mut r, 4);
        let space = match i % 4 {
            0 => "2",
            1 => "'\\t'",
            _ => "undefined",
        };
        cases.push(format!("{}\u{0}{}", s.src(), space));
        inputs.push((s, i % 4));
    }
    compare(
        "JSON.stringify",
        &cases,
        "(c) => { const [a, s] = c.split('\\u0000'); return JSON.stringify(eval(a), null, eval(s)); }",
        |ctx, i| {
            let (s, sp) = &inputs[i];
            let v = s.build(ctx);
            let space = match sp {
                0 => Value::Number(2.0),
                1 => Value::str("\t"),
                _ => Value::Undefined,
            };
            let out = json_stringify::stringify(ctx, &v, &Value::Undefined, &space)?;
            Ok(match out {
                Value::String(s) => s.units().to_vec(),
                _ => "undefined".encode_utf16().collect(),
            })
        },
        0,
    );
}

/// JSON text with odd spacing, number spellings, duplicate and integer-like keys, errors.
fn json_text(r: &mut Rng, depth: usize) -> String {
    let ws = |r: &mut Rng| r.pick(&["", "", " ", "\n", "\t", " \r\n "]).to_string();
    match r.below(if depth == 0 { 5 } else { 7 }) {
        0 => r
            .pick(&[
                "0",
                "-0",
                "1E5",
                "1e-7",
                "1.5e+300",
                "1e400",
                "-1e-400",
                "123456789012345678901",
                "0.1",
                "2.5e-324",
                "1e21",
                "12.50",
                "01",
                "1.",
                "-",
                ".5",
                "+1",
            ])
            .to_string(),
        1 => r.pick(&["true", "false", "null", "nul", "tru"]).to_string(),
        2 | 3 => {
            let u = interesting_string(r);
            let mut s = String::new();
            json_stringify::quote_utf8_into(&mut s, &String::from_utf16_lossy(&u));
            if r.chance(20) {
                s = s.replace("\\n", "\\u000A").replace("a", "\\u0061");
            }
            if r.chance(3) {
                s = s.replace("\\n", "\n");
            }
            s
        }
        4 => format!("{:e}", interesting_number(r)).replace("inf", "1e999").replace("NaN", "0"),
        5 => {
            let n = r.below(5);
            let items: Vec<String> = (0..n).map(|_| format!("{}{}{}", ws(r), json_text(r, depth - 1), ws(r))).collect();
            format!("[{}]", items.join(","))
        }
        _ => {
            let n = r.below(6);
            let items: Vec<String> = (0..n)
                .map(|_| {
                    let k = String::from_utf16_lossy(&interesting_key(r));
                    let mut q = String::new();
                    json_stringify::quote_utf8_into(&mut q, &k);
                    format!("{}{}{}:{}{}", ws(r), q, ws(r), ws(r), json_text(r, depth - 1))
                })
                .collect();
            format!("{{{}}}", items.join(","))
        }
    }
}

#[test]
fn json_parse_roundtrip() {
    let mut r = seeded(555);
    let cases: Vec<String> = (0..4000).map(|_| json_text(&mut r, 4)).collect();
    compare(
        "JSON.parse -> JSON.stringify",
        &cases,
        "(c) => JSON.stringify(JSON.parse(c))",
        |ctx, i| {
            let v = json_parse::parse_utf8(ctx, &cases[i])?;
            let out = json_stringify::stringify(ctx, &v, &Value::Undefined, &Value::Undefined)?;
            let units = out.as_jsstr().unwrap().to_vec();
            Ok(units)
        },
        0,
    );
}

/// Arrays of records as actions receive them: keys from one pool (short, long, integer-like,
/// non-ASCII, an escaped spelling of a plain key), mostly in the same order from record to
/// record, sometimes reordered, repeated or nested; more than 64 distinct names in some. What
/// JSON.parse's shared names, per-position expectation and duplicate test must get right.
fn records_text(r: &mut Rng, depth: usize) -> String {
    let mut pool: Vec<String> = ["id", "name", "a", "score", "region", "tags", "0", "10", "__proto__", "émoji😀"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    pool.push("k".repeat(40)); // longer than the shared names' limit
    if r.chance(30) {
        pool.extend((0..80).map(|i| format!("f{}", i))); // ids past 64
    }
    let spell = |r: &mut Rng, k: &str| -> String {
        let mut q = String::new();
        json_stringify::quote_utf8_into(&mut q, k);
        if r.chance(10) {
            q = q.replace('a', "\\u0061").replace('e', "\\u0065");
        }
        q
    };
    let shape: Vec<String> = (0..1 + r.below(9)).map(|_| r.pick(&pool).clone()).collect();
    let n = 1 + r.below(12);
    let mut recs = Vec::new();
    for _ in 0..n {
        let mut keys = shape.clone();
        if r.chance(15) {
            let i = r.below(keys.len());
            let j = r.below(keys.len());
            keys.swap(i, j);
        }
        if r.chance(15) {
            keys.push(r.pick(&pool).clone());
        }
        if r.chance(10) {
            keys.truncate(r.below(keys.len() + 1));
        }
        let props: Vec<String> = keys
            .iter()
            .map(|k| {
                let v = if depth > 0 && r.chance(5) {
                    records_text(&mut *r, depth - 1)
                } else if r.chance(2) {
                    json_text(&mut *r, 1) // sometimes a syntax error
                } else {
                    valid_value(&mut *r)
                };
                format!("{}:{}", spell(&mut *r, k), v)
            })
            .collect();
        recs.push(format!("{{{}}}", props.join(",")));
    }
    format!("[{}]", recs.join(","))
}

/// A valid JSON value: a number, string, literal or short array.
fn valid_value(r: &mut Rng) -> String {
    match r.below(6) {
        0 => r
            .pick(&["0", "-0", "17", "-3", "72.94", "0.5", "1e21", "123456789012345678", "2.5e-324", "12.50"])
            .to_string(),
        1 => r.pick(&["true", "false", "null"]).to_string(),
        2 => "[]".to_string(),
        3 => format!("[{},{}]", r.below(100), r.pick(&["\"red\"", "\"x\"", "1.5"])),
        _ => {
            let u = interesting_string(r);
            let mut q = String::new();
            json_stringify::quote_utf8_into(&mut q, &String::from_utf16_lossy(&u));
            q
        }
    }
}

#[test]
fn json_parse_records() {
    let mut r = seeded(777);
    let cases: Vec<String> = (0..1500).map(|_| records_text(&mut r, 2)).collect();
    compare(
        "JSON.parse of records -> JSON.stringify",
        &cases,
        "(c) => JSON.stringify(JSON.parse(c))",
        |ctx, i| {
            let v = json_parse::parse_utf8(ctx, &cases[i])?;
            let out = json_stringify::stringify(ctx, &v, &Value::Undefined, &Value::Undefined)?;
            Ok(out.as_jsstr().unwrap().to_vec())
        },
        5,
    );
}

/// JSON.parse of UTF-16 units (the built-in) and of UTF-8 bytes (the ABI's arguments) are one
/// parser over two kinds of unit: the same value, or both a syntax error.
#[test]
fn json_parse_utf8_and_utf16_agree() {
    let mut r = seeded(556);
    for i in 0..4000 {
        let text = if i % 2 == 0 { json_text(&mut r, 4) } else { records_text(&mut r, 2) };
        let units: Vec<u16> = text.encode_utf16().collect();
        let mut ctx = ctx();
        let a = json_parse::parse_utf8(&mut ctx, &text)
            .and_then(|v| json_stringify::stringify(&mut ctx, &v, &Value::Undefined, &Value::Undefined));
        let b = json_parse::parse(&mut ctx, &units)
            .and_then(|v| json_stringify::stringify(&mut ctx, &v, &Value::Undefined, &Value::Undefined));
        match (a, b) {
            (Ok(x), Ok(y)) => assert_eq!(x.as_jsstr().unwrap().to_vec(), y.as_jsstr().unwrap().to_vec(), "{}", text),
            (Err(x), Err(y)) => assert_eq!(x.reason, y.reason, "{}", text),
            (x, y) => panic!("{}: utf8 {:?} vs utf16 {:?}", text, x.is_ok(), y.is_ok()),
        }
    }
}

/// The reply body (stringify_utf8, written as UTF-8 directly) against Node's JSON.stringify,
/// and byte for byte against the UTF-16 text made UTF-8 the way Node writes it.
#[test]
fn json_stringify_utf8() {
    let mut r = seeded(2025);
    let mut cases = Vec::new();
    let mut inputs = Vec::new();
    for _ in 0..3000 {
        let s = random_spec(&mut r, 4);
        cases.push(s.src());
        inputs.push(s);
    }
    compare(
        "JSON.stringify as UTF-8",
        &cases,
        "(c) => JSON.stringify(eval(c))",
        |ctx, i| {
            let v = inputs[i].build(ctx);
            let utf8 = json_stringify::stringify_utf8(ctx, &v)?;
            let utf16 = json_stringify::stringify(ctx, &v, &Value::Undefined, &Value::Undefined)?;
            match (&utf8, &utf16) {
                (Some(a), Value::String(b)) => assert_eq!(a, &b.to_utf8_lossy()),
                (None, Value::Undefined) => {}
                _ => panic!("stringify_utf8 and stringify disagree on undefined"),
            }
            Ok(match utf8 {
                Some(s) => s.encode_utf16().collect(),
                None => "undefined".encode_utf16().collect(),
            })
        },
        0,
    );
}
