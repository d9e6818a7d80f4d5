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
