// JSON.parse over UTF-16 text, building values as V8 does (property order, duplicate keys, __proto__).
#![forbid(unsafe_code)]

use crate::abort::{Abort, R};
use crate::ctx::Ctx;
use crate::jsstr::JsStr;
use crate::object::{Arr, Obj};
use crate::value::Value;
use std::collections::HashMap;

/// Nesting deeper than this aborts: V8 parses any depth iteratively, our parser recurses and
/// must stay well inside a 2 MiB thread stack even in debug builds.
const MAX_DEPTH: usize = 512;
/// Property names up to this many units are shared within one parse (see Parser::keys).
const SHARED_KEY_UNITS: usize = 32;

/// JSON.parse(text) without a reviver. A syntax error is an abort of reason `throw`
/// (a SyntaxError in JS), whose message we do not reproduce.
pub fn parse(ctx: &mut Ctx, text: &[u16]) -> R<Value> {
    let mut p = Parser { s: text, i: 0, depth: 0, keys: FxMap::default() };
    p.ws();
    let v = p.value(ctx)?;
    p.ws();
    if p.i != p.s.len() {
        return Err(p.error("unexpected non-whitespace character after JSON"));
    }
    Ok(v)
}

/// Parses UTF-8 JSON text (the ABI's args_json).
pub fn parse_utf8(ctx: &mut Ctx, text: &str) -> R<Value> {
    // ASCII (most JSON) widens byte by byte, with the size known up front.
    let units: Vec<u16> =
        if text.is_ascii() { text.bytes().map(u16::from).collect() } else { text.encode_utf16().collect() };
    parse(ctx, &units)
}

/// Names shared per parse are capped, so a document of many distinct names cannot make the
/// cache (or a crafted run of hash collisions in it) cost more than it saves.
const SHARED_KEYS_MAX: usize = 1024;

/// FxHash (rustc's): std's SipHash costs more than the allocation the cache saves, and the
/// cache is capped, so collision resistance is not needed here.
#[derive(Default)]
struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(b as u64);
        }
    }
    fn write_u16(&mut self, n: u16) {
        self.write_u64(n as u64);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

struct Parser<'a> {
    s: &'a [u16],
    i: usize,
    depth: usize,
    /// Property names already made in this parse: an array of records repeats the same few
    /// names, and a shared JsStr (immutable) costs a reference count instead of two allocations
    /// to make and two to free.
    keys: FxMap<&'a [u16], JsStr>,
}

impl<'a> Parser<'a> {
    fn error(&self, what: &str) -> Abort {
        Abort::throw(format!("SyntaxError: JSON.parse: {} at position {}", what, self.i))
    }
    fn peek(&self) -> Option<u16> {
        self.s.get(self.i).copied()
    }
    fn ws(&mut self) {
        while let Some(c) = self.peek() {
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D {
                self.i += 1;
            } else {
                break;
            }
        }
    }
    fn literal(&mut self, word: &str, v: Value) -> R<Value> {
        for b in word.bytes() {
            if self.peek() != Some(b as u16) {
                return Err(self.error("unexpected token"));
            }
            self.i += 1;
        }
        Ok(v)
    }

    fn value(&mut self, ctx: &mut Ctx) -> R<Value> {
        match self.peek() {
            Some(0x7B) => self.object(ctx),
            Some(0x5B) => self.array(ctx),
            Some(0x22) => Ok(Value::String(self.string(ctx)?)),
            Some(0x74) => self.literal("true", Value::Bool(true)),
            Some(0x66) => self.literal("false", Value::Bool(false)),
            Some(0x6E) => self.literal("null", Value::Null),
            Some(c) if c == b'-' as u16 || (b'0' as u16..=b'9' as u16).contains(&c) => self.number(),
            _ => Err(self.error("unexpected token")),
        }
    }

    fn enter(&mut self) -> R<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Abort::unsupported("JSON nested too deeply for the native parser"));
        }
        Ok(())
    }

    fn object(&mut self, ctx: &mut Ctx) -> R<Value> {
        self.enter()?;
        self.i += 1;
        let obj = Obj::new(ctx)?;
        self.ws();
        if self.peek() == Some(0x7D) {
            self.i += 1;
            self.depth -= 1;
            return Ok(Value::Object(obj));
        }
        loop {
            self.ws();
            if self.peek() != Some(0x22) {
                return Err(self.error("expected a property name"));
            }
            let key = self.key(ctx)?;
            self.ws();
            if self.peek() != Some(0x3A) {
                return Err(self.error("expected ':'"));
            }
            self.i += 1;
            self.ws();
            let v = self.value(ctx)?;
            // CreateDataProperty: a repeated key keeps its first position and takes the last
            // value; "__proto__" is an ordinary own property here.
            obj.put(ctx, key, v)?;
            self.ws();
            match self.peek() {
                Some(0x2C) => self.i += 1,
                Some(0x7D) => {
                    self.i += 1;
                    break;
                }
                _ => return Err(self.error("expected ',' or '}'")),
            }
        }
        self.depth -= 1;
        Ok(Value::Object(obj))
    }

    fn array(&mut self, ctx: &mut Ctx) -> R<Value> {
        self.enter()?;
        self.i += 1;
        let mut items: Vec<Option<Value>> = Vec::new();
        self.ws();
        if self.peek() == Some(0x5D) {
            self.i += 1;
        } else {
            loop {
                self.ws();
                items.push(Some(self.value(ctx)?));
                self.ws();
                match self.peek() {
                    Some(0x2C) => self.i += 1,
                    Some(0x5D) => {
                        self.i += 1;
                        break;
                    }
                    _ => return Err(self.error("expected ',' or ']'")),
                }
            }
        }
        self.depth -= 1;
        Ok(Value::Array(Arr::new(ctx, items)?))
    }

    /// A property name: as `string`, shared with an earlier equal name when it has no escape.
    fn key(&mut self, ctx: &mut Ctx) -> R<JsStr> {
        let s: &'a [u16] = self.s;
        let start = self.i + 1;
        let run = s[start..].iter().take(SHARED_KEY_UNITS + 1).position(|&c| c == 0x22 || c == 0x5C || c < 0x20);
        if let Some(n) = run {
            if s[start + n] == 0x22 {
                let units = &s[start..start + n];
                ctx.charge(2 * n + 16)?; // what `string` charges for the same name
                self.i = start + n + 1;
                if let Some(k) = self.keys.get(units) {
                    return Ok(k.clone());
                }
                let k = JsStr::from_u16(units);
                if self.keys.len() < SHARED_KEYS_MAX {
                    self.keys.insert(units, k.clone());
                }
                return Ok(k);
            }
        }
        self.string(ctx)
    }

    fn string(&mut self, ctx: &mut Ctx) -> R<JsStr> {
        self.i += 1; // opening quote
                     // The run up to the first quote, backslash or control character is copied in one
                     // piece (for most strings, all of it); the loop below does the rest unit by unit.
        let start = self.i;
        let run = self.s[start..].iter().position(|&c| c == 0x22 || c == 0x5C || c < 0x20);
        let end = run.map_or(self.s.len(), |n| start + n);
        let mut out: Vec<u16> = Vec::with_capacity(end - start);
        out.extend_from_slice(&self.s[start..end]);
        self.i = end;
        loop {
            let c = match self.peek() {
                Some(c) => c,
                None => return Err(self.error("unterminated string")),
            };
            self.i += 1;
            match c {
                0x22 => break,
                0x5C => {
                    let e = self.peek().ok_or_else(|| self.error("bad escape"))?;
                    self.i += 1;
                    let u = match e {
                        0x22 => 0x22,
                        0x5C => 0x5C,
                        0x2F => 0x2F,
                        0x62 => 0x08,
                        0x66 => 0x0C,
                        0x6E => 0x0A,
                        0x72 => 0x0D,
                        0x74 => 0x09,
                        0x75 => {
                            let mut v: u16 = 0;
                            for _ in 0..4 {
                                let h = self.peek().and_then(|h| char::from_u32(h as u32)).and_then(|h| h.to_digit(16));
                                match h {
                                    Some(d) => v = v * 16 + d as u16,
                                    None => return Err(self.error("bad unicode escape")),
                                }
                                self.i += 1;
                            }
                            v
                        }
                        _ => return Err(self.error("bad escape")),
                    };
                    out.push(u);
                }
                c if c < 0x20 => return Err(self.error("bad control character in string literal")),
                c => out.push(c),
            }
        }
        ctx.charge(2 * out.len() + 16)?;
        Ok(JsStr::from_vec(out))
    }

    fn number(&mut self) -> R<Value> {
        let start = self.i;
        let digit = |c: Option<u16>| matches!(c, Some(d) if (b'0' as u16..=b'9' as u16).contains(&d));
        if self.peek() == Some(b'-' as u16) {
            self.i += 1;
        }
        if self.peek() == Some(b'0' as u16) {
            self.i += 1;
        } else if digit(self.peek()) {
            while digit(self.peek()) {
                self.i += 1;
            }
        } else {
            return Err(self.error("no number after minus sign"));
        }
        if self.peek() == Some(b'.' as u16) {
            self.i += 1;
            if !digit(self.peek()) {
                return Err(self.error("unterminated fractional number"));
            }
            while digit(self.peek()) {
                self.i += 1;
            }
        }
        if self.peek() == Some(b'e' as u16) || self.peek() == Some(b'E' as u16) {
            self.i += 1;
            if self.peek() == Some(b'+' as u16) || self.peek() == Some(b'-' as u16) {
                self.i += 1;
            }
            if !digit(self.peek()) {
                return Err(self.error("exponent part is missing a number"));
            }
            while digit(self.peek()) {
                self.i += 1;
            }
        }
        let text = &self.s[start..self.i];
        // Fast path: up to 15 plain digits are exact in an f64 ("-0" stays on the slow path).
        if text.len() <= 15 && text.iter().all(|&c| (b'0' as u16..=b'9' as u16).contains(&c)) {
            let n = text.iter().fold(0u64, |n, &c| n * 10 + (c - b'0' as u16) as u64);
            return Ok(Value::Number(n as f64));
        }
        let text: Vec<u8> = text.iter().map(|&c| c as u8).collect();
        Ok(Value::Number(crate::num::parse_decimal(&text)))
    }
}
