// JSON.parse over UTF-16 text, building values as V8 does (property order, duplicate keys, __proto__).
#![forbid(unsafe_code)]

use crate::abort::{Abort, R};
use crate::ctx::Ctx;
use crate::jsstr::{array_index_of_units, JsStr};
use crate::object::{Arr, Obj, OBJECT_BYTES, PROPERTY_BYTES};
use crate::value::Value;
use std::collections::HashMap;

/// Nesting deeper than this aborts: V8 parses any depth iteratively, our parser recurses and
/// must stay well inside a 2 MiB thread stack even in debug builds.
const MAX_DEPTH: usize = 512;
/// Property names up to this many units are shared within one parse (see Parser::keys).
const SHARED_KEY_UNITS: usize = 32;
/// An object's properties are gathered on the parser's stack (duplicates found by a scan) up to
/// this many; a larger object moves to the object itself, whose index makes lookups cheap.
const STACKED_PROPS: usize = 16;

/// JSON.parse(text) without a reviver. A syntax error is an abort of reason `throw`
/// (a SyntaxError in JS), whose message we do not reproduce.
pub fn parse(ctx: &mut Ctx, text: &[u16]) -> R<Value> {
    let mut p = Parser {
        s: text,
        i: 0,
        depth: 0,
        keys: FxMap::default(),
        values: FxMap::default(),
        pairs: Vec::new(),
        shared: Vec::new(),
        items: Vec::new(),
    };
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

/// String values up to this many units are shared within one parse (Parser::shared_value):
/// enumerations and tags, not the longer texts (names, sentences) that rarely repeat.
const SHARED_VALUE_UNITS: usize = 10;
/// At most this many distinct values are shared per parse.
const SHARED_VALUES_MAX: usize = 256;

/// Names shared per parse are capped, so a document of many distinct names cannot make the
/// cache (or a crafted run of hash collisions in it) cost more than it saves.
const SHARED_KEYS_MAX: usize = 1024;

/// FxHash (rustc's): std's SipHash costs more than the allocation the cache saves, and the
/// cache is capped, so collision resistance is not needed here.
#[derive(Default)]
struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        // Eight bytes a round (a name's units arrive here as one slice of bytes).
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.write_u64(u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.write_u64(u64::from_le_bytes(last));
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

/// The FxHash of a short run of units (a name, a short value), computed inline: the caches
/// are keyed by it, so a lookup hashes one u64 instead of calling the generic slice hash and
/// comparing slices with memcmp (together a sixth of a parse of records).
#[inline(always)]
fn units_hash(units: &[u16]) -> u64 {
    let mut h = units.len() as u64;
    for &c in units {
        h = (h.rotate_left(5) ^ c as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    h
}

/// Slice equality of short runs without a memcmp call.
#[inline(always)]
fn same_units(a: &[u16], b: &[u16]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

struct Parser<'a> {
    s: &'a [u16],
    i: usize,
    depth: usize,
    /// Property names already made in this parse: an array of records repeats the same few
    /// names, and a shared JsStr (immutable) costs a reference count instead of two allocations
    /// to make and two to free.
    /// (The name, and whether it is an array index.)
    /// Keyed by units_hash; a name whose hash another name holds is simply not shared.
    keys: FxMap<u64, (&'a [u16], JsStr, bool)>,
    /// Short string values already made in this parse (see shared_value).
    values: FxMap<u64, (&'a [u16], JsStr)>,
    /// The properties and elements of the objects and arrays being parsed, innermost last:
    /// each object or array takes its own off the top into one exactly sized vector, instead
    /// of growing a vector of its own (two or three reallocations for a typical record).
    pairs: Vec<(JsStr, Value)>,
    /// Per entry of `pairs`: whether its name is the shared one of `keys` (two shared names
    /// are equal exactly when they are the same string, so the duplicate test is a pointer test).
    shared: Vec<bool>,
    items: Vec<Option<Value>>,
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

    /// Inlined into its callers (object, array, parse), which recurse through the out-of-line
    /// object and array: a scalar Value is then built in the caller's frame. Returned from a
    /// call, it went through memory as a tag and a payload stored apart and was then copied
    /// with one 16-byte load, a store-forwarding stall per property (a fifth of the parse).
    #[inline(always)]
    fn value(&mut self, ctx: &mut Ctx) -> R<Value> {
        match self.peek() {
            Some(0x7B) => Ok(Value::Object(self.object(ctx)?)),
            Some(0x5B) => Ok(Value::Array(self.array(ctx)?)),
            Some(0x22) => Ok(Value::String(self.string(ctx)?)),
            Some(0x74) => self.literal("true", Value::Bool(true)),
            Some(0x66) => self.literal("false", Value::Bool(false)),
            Some(0x6E) => self.literal("null", Value::Null),
            Some(c) if c == b'-' as u16 || (b'0' as u16..=b'9' as u16).contains(&c) => {
                Ok(Value::Number(self.number()?))
            }
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

    #[inline(never)]
    fn object(&mut self, ctx: &mut Ctx) -> R<Obj> {
        self.enter()?;
        self.i += 1;
        ctx.charge(OBJECT_BYTES)?; // what Obj::new charges
        let mark = self.pairs.len();
        // Set once the object has more than STACKED_PROPS properties.
        let mut big: Option<Obj> = None;
        let mut has_index_keys = false;
        self.ws();
        if self.peek() == Some(0x7D) {
            self.i += 1;
            self.depth -= 1;
            return Ok(Obj::from_distinct(ctx, Vec::new(), false));
        }
        loop {
            self.ws();
            if self.peek() != Some(0x22) {
                return Err(self.error("expected a property name"));
            }
            let (key, shared, index) = self.key(ctx)?;
            self.ws();
            if self.peek() != Some(0x3A) {
                return Err(self.error("expected ':'"));
            }
            self.i += 1;
            self.ws();
            let v = self.value(ctx)?;
            // CreateDataProperty: a repeated key keeps its first position and takes the last
            // value; "__proto__" is an ordinary own property here.
            if let Some(obj) = &big {
                obj.put(ctx, key, v)?;
            } else if let Some(at) = self.duplicate(mark, &key, shared) {
                self.pairs[at].1 = v;
            } else {
                let klen = key.len();
                has_index_keys |= index;
                self.pairs.push((key, v));
                self.shared.push(shared);
                ctx.charge(PROPERTY_BYTES + 2 * klen)?; // what Obj::put charges for a new one
                if self.pairs.len() - mark > STACKED_PROPS {
                    self.shared.truncate(mark);
                    let props = self.pairs.split_off(mark);
                    big = Some(Obj::from_distinct(ctx, props, has_index_keys));
                }
            }
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
        Ok(match big {
            Some(obj) => obj,
            None => {
                self.shared.truncate(mark);
                // split_off moves the properties with one copy; drain(..).collect() moved each
                // 40-byte pair through the stack, a store-forwarding stall per property.
                Obj::from_distinct(ctx, self.pairs.split_off(mark), has_index_keys)
            }
        })
    }

    /// Where the object being parsed (its properties from `mark` on) already has this name.
    fn duplicate(&self, mark: usize, key: &JsStr, shared: bool) -> Option<usize> {
        let pairs = &self.pairs[mark..];
        let flags = &self.shared[mark..];
        pairs
            .iter()
            .zip(flags)
            .position(|((k, _), &s)| if shared && s { JsStr::ptr_eq(k, key) } else { k == key })
            .map(|i| mark + i)
    }

    #[inline(never)]
    fn array(&mut self, ctx: &mut Ctx) -> R<Arr> {
        self.enter()?;
        self.i += 1;
        let mark = self.items.len();
        self.ws();
        if self.peek() == Some(0x5D) {
            self.i += 1;
        } else {
            loop {
                self.ws();
                let v = self.value(ctx)?;
                self.items.push(Some(v));
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
        let items: Vec<Option<Value>> = self.items.split_off(mark);
        Arr::new(ctx, items)
    }

    /// A property name: as `string`, shared with an earlier equal name when it has no escape.
    /// Returns the name, whether it is the shared one, and whether it is an array index.
    fn key(&mut self, ctx: &mut Ctx) -> R<(JsStr, bool, bool)> {
        let s: &'a [u16] = self.s;
        let start = self.i + 1;
        let run = s[start..].iter().take(SHARED_KEY_UNITS + 1).position(|&c| c == 0x22 || c == 0x5C || c < 0x20);
        if let Some(n) = run {
            if s[start + n] == 0x22 {
                let units = &s[start..start + n];
                ctx.charge(2 * n + 16)?; // what `string` charges for the same name
                self.i = start + n + 1;
                let h = units_hash(units);
                let held = match self.keys.get(&h) {
                    Some((u, k, index)) if same_units(u, units) => return Ok((k.clone(), true, *index)),
                    Some(_) => true, // another name's hash: this one is not shared
                    None => false,
                };
                // A name the code uses (PropName) shares its buffer: lookups then compare pointers.
                let k = JsStr::known_name(units).unwrap_or_else(|| JsStr::from_u16(units));
                let index = array_index_of_units(units).is_some();
                if !held && self.keys.len() < SHARED_KEYS_MAX {
                    self.keys.insert(h, (units, k.clone(), index));
                    return Ok((k, true, index));
                }
                return Ok((k, false, index));
            }
        }
        let k = self.string(ctx)?;
        let index = k.array_index().is_some();
        Ok((k, false, index))
    }

    /// A short string value, shared with an earlier equal one of this parse (a record's
    /// `"region": "north"`, its tags): one allocation per text instead of one per occurrence,
    /// and equal values are then the same buffer, which `==` and property lookups by them
    /// (`byRegion[r.region]`) test by pointer. Strings are immutable and a parsed one is
    /// never extended in place (epoch 0), so sharing is not observable.
    fn shared_value(&mut self, units: &'a [u16]) -> JsStr {
        let h = units_hash(units);
        let held = match self.values.get(&h) {
            Some((u, v)) if same_units(u, units) => return v.clone(),
            Some(_) => true,
            None => false,
        };
        let v = JsStr::from_u16(units);
        if !held && self.values.len() < SHARED_VALUES_MAX {
            self.values.insert(h, (units, v.clone()));
        }
        v
    }

    fn string(&mut self, ctx: &mut Ctx) -> R<JsStr> {
        // Past the opening quote, the run up to the first quote, backslash or control character
        // is taken in one piece (for most strings, all of it); the loop below does the rest.
        self.i += 1;
        let start = self.i;
        let run = self.s[start..].iter().position(|&c| c == 0x22 || c == 0x5C || c < 0x20);
        let end = run.map_or(self.s.len(), |n| start + n);
        if self.s.get(end) == Some(&0x22) {
            // No escape: the string is that run, made in one piece (a short one inside its
            // buffer: one allocation, where a vector first would be two).
            ctx.charge(2 * (end - start) + 16)?;
            self.i = end + 1;
            let units: &'a [u16] = &self.s[start..end];
            if units.len() <= SHARED_VALUE_UNITS {
                return Ok(self.shared_value(units));
            }
            return Ok(JsStr::from_u16(units));
        }
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

    fn number(&mut self) -> R<f64> {
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
            return Ok(n as f64);
        }
        // Fast path for a short decimal (`72.94`, `-0.5`): at most 15 digits, no exponent. The
        // digits as an integer and 10^(fraction digits) are exact doubles, so their quotient,
        // correctly rounded, is the exactly rounded value of the text.
        if let Some(n) = short_decimal(text) {
            return Ok(n);
        }
        let text: Vec<u8> = text.iter().map(|&c| c as u8).collect();
        Ok(crate::num::parse_decimal(&text))
    }
}

/// The value of JSON number text made of an optional '-', digits and one '.' with digits after
/// it, at most 15 digits in all; None for anything else (the exact parser decides).
fn short_decimal(text: &[u16]) -> Option<f64> {
    const POW10: [f64; 16] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
    let (negative, body) = match text.split_first() {
        Some((&c, rest)) if c == b'-' as u16 => (true, rest),
        _ => (false, text),
    };
    let dot = body.iter().position(|&c| c == b'.' as u16)?;
    let fraction = body.len() - dot - 1;
    if body.len() - 1 > 15 || fraction == 0 {
        return None;
    }
    let mut m: u64 = 0;
    for (i, &c) in body.iter().enumerate() {
        if i == dot {
            continue;
        }
        if !(b'0' as u16..=b'9' as u16).contains(&c) {
            return None;
        }
        m = m * 10 + (c - b'0' as u16) as u64;
    }
    let v = m as f64 / POW10[fraction];
    Some(if negative { -v } else { v })
}
