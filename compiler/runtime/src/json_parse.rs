// JSON.parse over UTF-16 text, building values as V8 does (property order, duplicate keys, __proto__).
#![forbid(unsafe_code)]

use crate::abort::{Abort, R};
use crate::ctx::Ctx;
use crate::jsstr::JsStr;
use crate::object::{Arr, Obj};
use crate::value::Value;

/// Nesting deeper than this aborts: V8 parses any depth iteratively, our parser recurses and
/// must stay well inside a 2 MiB thread stack even in debug builds.
const MAX_DEPTH: usize = 512;

/// JSON.parse(text) without a reviver. A syntax error is an abort of reason `throw`
/// (a SyntaxError in JS), whose message we do not reproduce.
pub fn parse(ctx: &mut Ctx, text: &[u16]) -> R<Value> {
    let mut p = Parser { s: text, i: 0, depth: 0 };
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
    let units: Vec<u16> = text.encode_utf16().collect();
    parse(ctx, &units)
}

struct Parser<'a> {
    s: &'a [u16],
    i: usize,
    depth: usize,
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
            let key = self.string(ctx)?;
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

    fn string(&mut self, ctx: &mut Ctx) -> R<JsStr> {
        self.i += 1; // opening quote
        let mut out: Vec<u16> = Vec::new();
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
