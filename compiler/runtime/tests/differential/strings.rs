// Differential tests of String.prototype methods, the URI functions and other global built-ins.

use crate::gen::*;
use crate::harness::*;
use crate::operators::operand;
use containerless_rt::inspect;
use containerless_rt::prelude::*;

#[test]
fn string_methods() {
    let mut r = seeded(1111);
    const METHODS: &[(&str, Builtin, usize)] = &[
        ("slice", Builtin::StringPrototypeSlice, 2),
        ("substring", Builtin::StringPrototypeSubstring, 2),
        ("substr", Builtin::StringPrototypeSubstr, 2),
        ("indexOf", Builtin::StringPrototypeIndexOf, 2),
        ("lastIndexOf", Builtin::StringPrototypeLastIndexOf, 2),
        ("includes", Builtin::StringPrototypeIncludes, 2),
        ("startsWith", Builtin::StringPrototypeStartsWith, 2),
        ("endsWith", Builtin::StringPrototypeEndsWith, 2),
        ("charAt", Builtin::StringPrototypeCharAt, 1),
        ("charCodeAt", Builtin::StringPrototypeCharCodeAt, 1),
        ("codePointAt", Builtin::StringPrototypeCodePointAt, 1),
        ("at", Builtin::StringPrototypeAt, 1),
        ("padStart", Builtin::StringPrototypePadStart, 2),
        ("padEnd", Builtin::StringPrototypePadEnd, 2),
        ("repeat", Builtin::StringPrototypeRepeat, 1),
        ("trim", Builtin::StringPrototypeTrim, 0),
        ("trimStart", Builtin::StringPrototypeTrimStart, 0),
        ("trimEnd", Builtin::StringPrototypeTrimEnd, 0),
        ("split", Builtin::StringPrototypeSplit, 2),
        ("concat", Builtin::StringPrototypeConcat, 2),
        ("toUpperCase", Builtin::StringPrototypeToUpperCase, 0),
        ("toLowerCase", Builtin::StringPrototypeToLowerCase, 0),
        ("replace", Builtin::StringPrototypeReplace, 2),
        ("replaceAll", Builtin::StringPrototypeReplaceAll, 2),
    ];
    let arg = |r: &mut Rng, s: &[u16]| -> Spec {
        match r.below(6) {
            0 => Spec::Num(*r.pick(&[
                0.0,
                1.0,
                2.0,
                -1.0,
                -3.0,
                5.0,
                100.0,
                -0.0,
                1.5,
                f64::NAN,
                f64::INFINITY,
                f64::NEG_INFINITY,
            ])),
            1 => Spec::Undef,
            2 if !s.is_empty() => {
                let a = r.below(s.len());
                let b = a + r.below(s.len() - a + 1);
                Spec::Str(s[a..b].to_vec())
            }
            3 => Spec::Str(r.pick(&["", "a", "-", "é", ", ", "😀"]).encode_utf16().collect()),
            _ => Spec::Num(r.below(8) as f64),
        }
    };
    let mut cases = Vec::new();
    let mut inputs = Vec::new();
    for _ in 0..5000 {
        let m = r.below(METHODS.len());
        let mut s = interesting_string(&mut r);
        if r.chance(30) {
            s.extend("  Hello, World ".encode_utf16());
        }
        let nargs = r.below(METHODS[m].2 + 1);
        let mut args: Vec<Spec> = (0..nargs).map(|_| arg(&mut r, &s)).collect();
        if METHODS[m].0 == "repeat" {
            args = vec![Spec::Num(r.below(4) as f64)];
        }
        let mut parts = vec![METHODS[m].0.to_string(), str_src(&s)];
        parts.extend(args.iter().map(|a| a.src()));
        cases.push(parts.join("\u{0}"));
        inputs.push((m, s, args));
    }
    compare(
        "String.prototype methods",
        &cases,
        "(c) => { const [m, s, ...a] = c.split('\\u0000'); return describe(eval(s)[m](...a.map((x) => eval(x)))); }",
        |ctx, i| {
            let (m, s, args) = &inputs[i];
            let this = Value::str_u16(s);
            let argv: Vec<Value> = args.iter().map(|a| a.build(ctx)).collect();
            let v = builtins::call(ctx, METHODS[*m].1, &this, &argv)?;
            describe(ctx, &v)
        },
        10,
    );
}

fn uri_text(r: &mut Rng) -> Vec<u16> {
    const PIECES: &[&str] = &[
        "a",
        "Z",
        "0",
        " ",
        "%",
        "%2",
        "%20",
        "%41",
        "%e9",
        "%C3%A9",
        "%E2%82%AC",
        "%F0%9F%98%80",
        "%C3",
        "%C0%80",
        "%ED%A0%80",
        "%FF",
        "%80",
        "%3B",
        "%2F",
        "%23",
        "%2f",
        ";",
        "/",
        "?",
        "#",
        "&",
        "=",
        "+",
        "é",
        "😀",
        "-_.!~*'()",
        "%G1",
        "%%",
    ];
    let mut u = Vec::new();
    for _ in 0..r.below(6) {
        if r.chance(8) {
            u.push(0xD800 + r.below(0x800) as u16);
        } else {
            u.extend(r.pick(PIECES).encode_utf16());
        }
    }
    u
}

#[test]
fn uri_and_misc_builtins() {
    let mut r = seeded(1234);
    const FNS: &[(&str, Builtin)] = &[
        ("encodeURIComponent", Builtin::EncodeUriComponent),
        ("encodeURI", Builtin::EncodeUri),
        ("decodeURIComponent", Builtin::DecodeUriComponent),
        ("decodeURI", Builtin::DecodeUri),
        ("Array.from", Builtin::ArrayFrom),
        ("Array.of", Builtin::ArrayOf),
        ("Object.fromEntries", Builtin::ObjectFromEntries),
        ("flat", Builtin::ArrayPrototypeFlat),
        ("isNaN", Builtin::IsNaN),
        ("Math.round", Builtin::MathRound),
        ("Math.max", Builtin::MathMax),
        ("Math.min", Builtin::MathMin),
        ("Math.sign", Builtin::MathSign),
        ("Math.fround", Builtin::MathFround),
        ("Math.imul", Builtin::MathImul),
        ("String", Builtin::String),
        ("Number", Builtin::Number),
        ("Number.isInteger", Builtin::NumberIsInteger),
        ("String.fromCharCode", Builtin::StringFromCharCode),
    ];
    let mut cases = Vec::new();
    let mut inputs = Vec::new();
    for _ in 0..5000 {
        let f = r.below(FNS.len());
        let (this, args): (Spec, Vec<Spec>) = match FNS[f].0 {
            "encodeURIComponent" | "encodeURI" | "decodeURIComponent" | "decodeURI" => {
                (Spec::Undef, vec![Spec::Str(uri_text(&mut r))])
            }
            "Object.fromEntries" => {
                let entries = (0..r.below(5))
                    .map(|_| {
                        Some(if r.chance(90) {
                            Spec::Arr(vec![Some(Spec::Str(interesting_key(&mut r))), Some(random_spec(&mut r, 1))])
                        } else {
                            random_spec(&mut r, 1)
                        })
                    })
                    .collect();
                (Spec::Undef, vec![Spec::Arr(entries)])
            }
            "flat" => {
                let t = Spec::Arr(
                    (0..r.below(6)).map(|_| if r.chance(15) { None } else { Some(random_spec(&mut r, 3)) }).collect(),
                );
                let depth = if r.chance(50) {
                    vec![]
                } else {
                    vec![Spec::Num(*r.pick(&[0.0, 1.0, 2.0, -1.0, f64::INFINITY, 10.0]))]
                };
                (t, depth)
            }
            "Array.from" => (
                Spec::Undef,
                vec![if r.chance(50) { Spec::Str(interesting_string(&mut r)) } else { random_spec(&mut r, 2) }],
            ),
            "Math.round" => (
                Spec::Undef,
                vec![Spec::Num(if r.chance(50) {
                    interesting_number(&mut r)
                } else {
                    (r.below(40) as f64 - 20.0) / 4.0
                })],
            ),
            _ => (Spec::Undef, (0..r.below(4)).map(|_| operand(&mut r)).collect()),
        };
        let mut parts = vec![FNS[f].0.to_string(), this.src()];
        parts.extend(args.iter().map(|a| a.src()));
        cases.push(parts.join("\u{0}"));
        inputs.push((f, this, args));
    }
    compare(
        "URI and other built-ins",
        &cases,
        "(c) => { const [f, t, ...a] = c.split('\\u0000'); const args = a.map((x) => eval(x));
          const r = f === 'flat' ? eval(t).flat(...args) : eval(f)(...args);
          return typeof r === 'object' && r !== null ? util.inspect(r) : describe(r); }",
        |ctx, i| {
            let (f, this, args) = &inputs[i];
            let this = this.build(ctx);
            let argv: Vec<Value> = args.iter().map(|a| a.build(ctx)).collect();
            let v = builtins::call(ctx, FNS[*f].1, &this, &argv)?;
            match v {
                Value::Object(_) | Value::Array(_) => Ok(inspect::inspect(ctx, &v, 2)?.encode_utf16().collect()),
                _ => describe(ctx, &v),
            }
        },
        10,
    );
}

/// Every code point below U+0530 (where case mapping is implemented), alone and inside a word.
#[test]
fn case_mapping_exhaustive() {
    let mut cases = Vec::new();
    let mut inputs = Vec::new();
    for cp in 0x20u32..0x530 {
        let c = match char::from_u32(cp) {
            Some(c) => c,
            None => continue,
        };
        for (upper, text) in
            [(true, c.to_string()), (false, c.to_string()), (true, format!("a{}b", c)), (false, format!("A{}B", c))]
        {
            cases.push(format!("{}\u{0}{}", if upper { "toUpperCase" } else { "toLowerCase" }, text));
            inputs.push((upper, text));
        }
    }
    compare(
        "toUpperCase/toLowerCase below U+0530",
        &cases,
        "(c) => { const [m, s] = c.split('\\u0000'); return s[m](); }",
        |ctx, i| {
            let (upper, text) = &inputs[i];
            let b = if *upper { Builtin::StringPrototypeToUpperCase } else { Builtin::StringPrototypeToLowerCase };
            let v = builtins::call(ctx, b, &Value::str(text), &[])?;
            Ok(v.as_jsstr().unwrap().to_vec())
        },
        1,
    );
}
