// Input generators of the differential tests: a seeded generator, value specs that print as
// JavaScript source and build as crate values, and one-batch Node.js runs.
#![allow(dead_code)]

use containerless_rt::prelude::*;
use std::io::Write;
use std::process::{Command, Stdio};

/// xorshift64*: deterministic inputs, so a failure reproduces.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545F4914F6CDD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// A test's generator: its fixed seed, or mixed with DIFF_SEED to explore other inputs.
pub fn seeded(seed: u64) -> Rng {
    let extra: u64 = std::env::var("DIFF_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0);
    Rng((seed ^ extra.wrapping_mul(0x9E37_79B9_7F4A_7C15)) | 1)
}

/// Numbers that exercise printing and parsing: edge cases, random bit patterns, decimals.
pub fn interesting_number(r: &mut Rng) -> f64 {
    const EDGES: &[f64] = &[
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.1,
        0.2,
        0.3,
        1e21,
        1e-7,
        1e-6,
        9.999999999999999e20,
        1e20,
        123456789012345680000.0,
        5e-324,
        -5e-324,
        1.7976931348623157e308,
        2.2250738585072014e-308,
        9007199254740992.0,
        9007199254740993.0,
        4294967295.0,
        4294967296.0,
        2147483647.0,
        2147483648.0,
        -2147483649.0,
        0.5,
        1.5,
        -0.5,
        -1.5,
        2.5,
        0.49999999999999994,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        1.0 / 3.0,
        100.0,
        1e100,
        1.5e-7,
        123e-20,
        0.000001,
        0.0000001,
    ];
    match r.below(8) {
        0 => *r.pick(EDGES),
        6 => ((r.next() % 1000) * 2 + 1) as f64 * 2f64.powi(-(r.below(70) as i32)),
        7 => {
            ((1u64 << (40 + r.below(13))) + r.next() % (1u64 << 40)) as f64
                + *r.pick(&[0.25, 0.5, 0.75, 0.125, 0.375, 0.0])
                + if r.chance(20) { 2f64.powi(60 + r.below(30) as i32) } else { 0.0 }
        }
        1 => f64::from_bits(r.next()),
        2 => (r.next() % 2000000) as f64 / 1000.0 - 1000.0,
        3 => ((r.next() % 1000) as f64) * 10f64.powi(r.below(60) as i32 - 30),
        4 => (r.next() as i64 >> r.below(64)) as f64,
        _ => {
            let m = (r.next() % 100000) as f64 / 7.0;
            if r.chance(50) {
                -m
            } else {
                m
            }
        }
    }
}

/// A value to build in both engines.
#[derive(Clone, Debug)]
pub enum Spec {
    Undef,
    Null,
    Bool(bool),
    Num(f64),
    Str(Vec<u16>),
    Arr(Vec<Option<Spec>>),
    Obj(Vec<(Vec<u16>, Spec)>),
}

pub fn num_src(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x.is_infinite() {
        if x > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        }
    } else if x == 0.0 && x.is_sign_negative() {
        "-0".into()
    } else {
        format!("{:e}", x)
    }
}

/// A JS string literal for any code units (lone surrogates included).
pub fn str_src(u: &[u16]) -> String {
    let mut s = String::from("\"");
    for &c in u {
        if (0x20..0x7f).contains(&c) && c != b'"' as u16 && c != b'\\' as u16 {
            s.push(c as u8 as char);
        } else {
            s.push_str(&format!("\\u{:04x}", c));
        }
    }
    s.push('"');
    s
}

impl Spec {
    pub fn src(&self) -> String {
        match self {
            Spec::Undef => "undefined".into(),
            Spec::Null => "null".into(),
            Spec::Bool(b) => b.to_string(),
            Spec::Num(x) => format!("({})", num_src(*x)),
            Spec::Str(u) => str_src(u),
            Spec::Arr(items) => {
                let mut s = String::from("[");
                for (i, it) in items.iter().enumerate() {
                    if i > 0 {
                        s.push(',');
                    }
                    if let Some(v) = it {
                        s.push_str(&v.src());
                    }
                }
                if matches!(items.last(), Some(None)) {
                    s.push(',');
                }
                s.push(']');
                s
            }
            Spec::Obj(props) => {
                let mut s = String::from("({");
                for (i, (k, v)) in props.iter().enumerate() {
                    if i > 0 {
                        s.push(',');
                    }
                    s.push_str(&format!("[{}]:{}", str_src(k), v.src()));
                }
                s.push_str("})");
                s
            }
        }
    }

    pub fn build(&self, ctx: &mut Ctx) -> Value {
        match self {
            Spec::Undef => Value::Undefined,
            Spec::Null => Value::Null,
            Spec::Bool(b) => Value::Bool(*b),
            Spec::Num(x) => Value::Number(*x),
            Spec::Str(u) => Value::str_u16(u),
            Spec::Arr(items) => {
                let mut b = ArrBuilder::new(ctx).unwrap();
                for it in items {
                    match it {
                        Some(v) => {
                            let v = v.build(ctx);
                            b.item(v)
                        }
                        None => b.hole(),
                    }
                }
                b.finish(ctx).unwrap()
            }
            Spec::Obj(props) => {
                let mut b = ObjBuilder::new(ctx).unwrap();
                for (k, v) in props {
                    let v = v.build(ctx);
                    b.computed(ctx, &Value::str_u16(k), v).unwrap();
                }
                b.finish()
            }
        }
    }
}

/// Strings with ASCII, quotes, escapes, control characters, emoji and lone surrogates.
pub fn interesting_string(r: &mut Rng) -> Vec<u16> {
    const PIECES: &[&str] = &[
        "a",
        "b",
        "hello",
        " ",
        "'",
        "\"",
        "`",
        "${",
        "\\",
        "\n",
        "\t",
        "\r",
        "\u{1}",
        "\u{7f}",
        "\u{85}",
        "\u{a0}",
        "é",
        "😀",
        "0",
        "12",
        "-3.5",
        "1e3",
        "x y",
        "\u{2028}",
        "__proto__",
        "constructor",
        "%s",
        "%d",
        "%",
        "{}",
        "[]",
        "null",
    ];
    let n = r.below(6);
    let mut u: Vec<u16> = Vec::new();
    for _ in 0..n {
        match r.below(12) {
            0 => u.push(0xD800 + r.below(0x400) as u16),
            1 => u.push(0xDC00 + r.below(0x400) as u16),
            _ => u.extend(r.pick(PIECES).encode_utf16()),
        }
    }
    u
}

pub fn interesting_key(r: &mut Rng) -> Vec<u16> {
    const KEYS: &[&str] = &[
        "a",
        "b",
        "c",
        "key",
        "_x",
        "x1",
        "1",
        "0",
        "10",
        "2",
        "01",
        "-1",
        "4294967294",
        "4294967295",
        "a b",
        "é",
        "😀",
        "'",
        "__proto__",
        "",
        "toString",
    ];
    if r.chance(15) {
        interesting_string(r)
    } else {
        r.pick(KEYS).encode_utf16().collect()
    }
}

pub fn random_spec(r: &mut Rng, depth: usize) -> Spec {
    let k = if depth == 0 { r.below(6) } else { r.below(9) };
    match k {
        0 => Spec::Undef,
        1 => Spec::Null,
        2 => Spec::Bool(r.chance(50)),
        3 | 4 => Spec::Num(interesting_number(r)),
        5 => Spec::Str(interesting_string(r)),
        6 => Spec::Arr(
            (0..{
                let cap = if r.chance(10) { 30 } else { 6 };
                r.below(cap)
            })
                .map(|_| if r.chance(10) { None } else { Some(random_spec(r, depth - 1)) })
                .collect(),
        ),
        _ => Spec::Obj((0..r.below(6)).map(|_| (interesting_key(r), random_spec(r, depth - 1))).collect()),
    }
}

/// Runs `script` once with `input` on stdin; returns its stdout lines.
pub fn run_node(script: &str, input: &str) -> Vec<String> {
    let mut child = Command::new("node")
        .arg("-e")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("node must be on PATH for the differential tests");
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "node failed");
    String::from_utf8(out.stdout).unwrap().lines().map(|s| s.to_string()).collect()
}

/// Decodes a JSON string literal (Node's JSON.stringify of a result) into code units.
pub fn json_units(ctx: &mut Ctx, line: &str) -> Vec<u16> {
    match containerless_rt::json_parse::parse_utf8(ctx, line).unwrap() {
        Value::String(s) => s.units().to_vec(),
        other => panic!("expected a JSON string, got {:?}", other),
    }
}

pub fn ctx() -> Ctx {
    Ctx::for_activation(Limits::default())
}

/// A JSON array of JS source expressions, one per case, for the Node script to eval.
pub fn sources_json(srcs: &[String]) -> String {
    let mut s = String::from("[");
    for (i, src) in srcs.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        let mut q = String::new();
        containerless_rt::json_stringify::quote_utf8_into(&mut q, src);
        s.push_str(&q);
    }
    s.push(']');
    s
}

/// Reports mismatches (at most 20 shown) and fails when there is any.
pub fn check(name: &str, mismatches: &[String], total: usize, skipped: usize) {
    if !mismatches.is_empty() {
        for m in mismatches.iter().take(20) {
            eprintln!("{}: {}", name, m);
        }
        panic!("{}: {} of {} cases differ from Node.js", name, mismatches.len(), total);
    }
    eprintln!(
        "{}: {} cases: {} identical to Node.js (or both threw), {} aborted (left to Node.js)",
        name,
        total,
        total - skipped,
        skipped
    );
}
