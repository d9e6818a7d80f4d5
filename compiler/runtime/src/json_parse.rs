// JSON.parse over UTF-16 units or UTF-8 bytes, building values as V8 does (property order, duplicate keys, __proto__).
#![forbid(unsafe_code)]

use crate::abort::{Abort, R};
use crate::ctx::Ctx;
use crate::jsstr::{array_index_of_units, JsStr};
use crate::object::{Arr, Obj, Slot, OBJECT_BYTES, PROPERTY_BYTES};
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
    parse_units(ctx, text)
}

/// Parses UTF-8 JSON text (the ABI's args_json): the same value as `parse` of its UTF-16
/// units, read from the bytes as they are (the text is valid UTF-8: a `str`), without
/// widening the whole text first.
pub fn parse_utf8(ctx: &mut Ctx, text: &str) -> R<Value> {
    parse_units(ctx, text.as_bytes())
}

/// parse_utf8 of bytes that are probably UTF-8 (the ABI's args_json), without validating
/// them first (a pass over the whole text, 1-2% of an activation of 150 KB of arguments): the
/// parser validates every non-ASCII sequence it decodes in a string, and a byte of one outside
/// a string is a syntax error. So a text parses only when it is UTF-8; when parsing fails, a
/// text that is not UTF-8 gives the abort its validation gave (`unsupported`), any other the
/// parse's own.
pub fn parse_utf8_bytes(ctx: &mut Ctx, text: &[u8]) -> R<Value> {
    match parse_units(ctx, text) {
        Ok(v) => Ok(v),
        Err(e) => match std::str::from_utf8(text) {
            Ok(_) => Err(e),
            Err(_) => Err(Abort::unsupported("args_json is not UTF-8")),
        },
    }
}

fn parse_units<U: Unit>(ctx: &mut Ctx, text: &[U]) -> R<Value> {
    let mut p = Parser {
        s: text,
        i: 0,
        depth: 0,
        keys: FxMap::default(),
        expect: Vec::new(),
        expect_words: Vec::new(),
        values: Vec::new(),
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

/// A unit of JSON text: a UTF-16 code unit (JSON.parse of a string) or a byte of UTF-8 (the
/// ABI's arguments). Outside strings JSON is ASCII, and both read the same there.
trait Unit: Copy + Eq + 'static {
    fn u(self) -> u16;
    /// A unit a string's run takes as it is: not '"', '\\' nor a control character, and for
    /// UTF-8 not a byte of a multi-byte sequence either (those are decoded one by one).
    fn plain(self) -> bool;
    /// The string of a run of plain units.
    fn make(units: &[Self]) -> JsStr;
    /// Appends the character that starts at s[i] (not plain, not '"', '\\' or a control
    /// character) as UTF-16; gives how many units it took.
    /// None: the bytes there are not UTF-8 (parse_utf8_bytes).
    fn decode(s: &[Self], i: usize, out: &mut Vec<u16>) -> Option<usize>;
    /// For a run of at most 7 units: the word whose low bytes are the run then the closing
    /// quote, and the mask of those bytes (Parser::expect_words). None: compare unit by unit.
    fn quoted_word(_run: &[Self]) -> Option<(u64, u64)> {
        None
    }
    /// How many plain units s[start..] starts with.
    #[inline(always)]
    fn plain_run(s: &[Self], start: usize) -> usize {
        let rest = &s[start.min(s.len())..];
        rest.iter().position(|&c| !c.plain()).unwrap_or(rest.len())
    }
    /// The 8 units from s[i] on as a word, when the text has them (u8 only).
    #[inline(always)]
    fn word_at(_s: &[Self], _i: usize) -> Option<u64> {
        None
    }
}

impl Unit for u16 {
    #[inline(always)]
    fn u(self) -> u16 {
        self
    }
    #[inline(always)]
    fn plain(self) -> bool {
        self != 0x22 && self != 0x5C && self >= 0x20
    }
    fn make(units: &[u16]) -> JsStr {
        JsStr::from_u16(units)
    }
    fn decode(s: &[u16], i: usize, out: &mut Vec<u16>) -> Option<usize> {
        out.push(s[i]);
        Some(1)
    }
}

impl Unit for u8 {
    #[inline(always)]
    fn u(self) -> u16 {
        self as u16
    }
    /// Eight bytes a step: a word's bytes are tested together for '"', '\\', a control
    /// character or a byte of a multi-byte sequence (the lowest flagged byte of each test is
    /// exact), then the last word's bytes one by one.
    #[inline(always)]
    fn plain_run(s: &[u8], start: usize) -> usize {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let mut i = start.min(s.len());
        while let Some(w) = Self::word_at(s, i) {
            let quote = w ^ (ONES * 0x22);
            let backslash = w ^ (ONES * 0x5C);
            let zero_in = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
            let flagged = zero_in(quote) | zero_in(backslash) | (w.wrapping_sub(ONES * 0x20) & !w & HIGH) | (w & HIGH);
            if flagged != 0 {
                return i - start + (flagged.trailing_zeros() / 8) as usize;
            }
            i += 8;
        }
        let rest = &s[i..];
        i - start + rest.iter().position(|&c| !c.plain()).unwrap_or(rest.len())
    }
    fn quoted_word(run: &[u8]) -> Option<(u64, u64)> {
        let n = run.len();
        if n >= 8 {
            return None;
        }
        let mut b = [0u8; 8];
        b[..n].copy_from_slice(run);
        b[n] = b'"';
        let mask = if n == 7 { u64::MAX } else { (1u64 << (8 * (n + 1))) - 1 };
        Some((u64::from_le_bytes(b), mask))
    }
    #[inline(always)]
    fn word_at(s: &[u8], i: usize) -> Option<u64> {
        match s.get(i..i + 8) {
            Some(t) => <[u8; 8]>::try_from(t).ok().map(u64::from_le_bytes),
            None => None,
        }
    }
    #[inline(always)]
    fn plain(self) -> bool {
        self != 0x22 && self != 0x5C && self >= 0x20 && self < 0x80
    }
    fn make(units: &[u8]) -> JsStr {
        JsStr::from_ascii(units)
    }
    fn decode(s: &[u8], i: usize, out: &mut Vec<u16>) -> Option<usize> {
        // A whole sequence, validated here: parse_utf8_bytes does not validate the text first.
        let n = match s[i] {
            0x00..=0x7F => 1,
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
        let seq = &s[i..(i + n).min(s.len())];
        match std::str::from_utf8(seq).ok().and_then(|t| t.chars().next()) {
            Some(c) => {
                let mut b = [0u16; 2];
                out.extend_from_slice(c.encode_utf16(&mut b));
                Some(seq.len())
            }
            None => None,
        }
    }
}

/// String values up to this many units are shared within one parse (Parser::shared_value):
/// enumerations and tags, not the longer texts (names, sentences) that rarely repeat.
const SHARED_VALUE_UNITS: usize = 10;
/// Parser::values has this many entries (a power of two): at most this many distinct values
/// are shared per parse.
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
fn units_hash<U: Unit>(units: &[U]) -> u64 {
    let mut h = units.len() as u64;
    for &c in units {
        h = (h.rotate_left(5) ^ c.u() as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    h
}

/// Slice equality of short runs without a memcmp call.
#[inline(always)]
fn same_units<U: Unit>(a: &[U], b: &[U]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// A name shared within one parse: its units in the text, the name, whether it is an array
/// index, its id (Parser::keys).
type SharedKey<'a, U> = (&'a [U], JsStr, bool, u32);

/// Positions of an object whose last shared name Parser::expect keeps.
const EXPECTED_KEYS: usize = 32;

struct Parser<'a, U: Unit> {
    s: &'a [U],
    i: usize,
    depth: usize,
    /// Property names already made in this parse: an array of records repeats the same few
    /// names, and a shared JsStr (immutable) costs a reference count instead of two allocations
    /// to make and two to free.
    /// (The name, whether it is an array index, and its id: the order it was shared in.)
    /// Keyed by units_hash; a name whose hash another name holds is simply not shared.
    keys: FxMap<u64, SharedKey<'a, U>>,
    /// The shared name last read at each position of an object (the first EXPECTED_KEYS):
    /// records of an array repeat their keys in the same order, so the next object's key at
    /// that position is tested against it first, one comparison instead of hashing the name
    /// and looking it up.
    expect: Vec<Option<SharedKey<'a, U>>>,
    /// Per entry of `expect`, its name and closing quote as one word and its mask (Unit::
    /// quoted_word): the test of a short expected name is one 8-byte compare of the text.
    expect_words: Vec<Option<(u64, u64)>>,
    /// Short string values already made in this parse (see shared_value), at the entry their
    /// hash picks (direct-mapped: a value whose entry another value holds is not shared; the
    /// probe of a hash map was a fifth of `string`'s time). Empty until the first one.
    values: Vec<Option<(&'a [U], JsStr)>>,
    /// The properties and elements of the objects and arrays being parsed, innermost last:
    /// each object or array takes its own off the top into one exactly sized vector, instead
    /// of growing a vector of its own (two or three reallocations for a typical record).
    /// (Slots, as an object holds its first properties: an object takes its own with one swap
    /// of slices, where moving pair by pair stalled on each 40-byte copy through the stack.)
    pairs: Vec<Slot>,
    /// Per entry of `pairs`: whether its name is the shared one of `keys` (two shared names
    /// are equal exactly when they are the same string, so the duplicate test is a pointer test).
    shared: Vec<bool>,
    items: Vec<Option<Value>>,
}

impl<'a, U: Unit> Parser<'a, U> {
    fn error(&self, what: &str) -> Abort {
        Abort::throw(format!("SyntaxError: JSON.parse: {} at position {}", what, self.i))
    }
    #[inline(always)]
    fn peek(&self) -> Option<u16> {
        self.s.get(self.i).map(|c| c.u())
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
        // The ids (below 64) of this object's shared names, and how many names are not shared.
        let mut seen: u64 = 0;
        let mut unshared = 0usize;
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
            let (key, id, index) = self.key(ctx, self.pairs.len() - mark)?;
            let shared = id.is_some();
            self.ws();
            if self.peek() != Some(0x3A) {
                return Err(self.error("expected ':'"));
            }
            self.i += 1;
            self.ws();
            // CreateDataProperty: a repeated key keeps its first position and takes the last
            // value; "__proto__" is an ordinary own property here.
            // Shared names of ids below 64 are tracked in `seen`: two shared names are the
            // same text exactly when they have the same id, so a name whose bit is clear, in
            // an object whose names so far are all shared, is new without a search.
            let bit = match id {
                Some(n) if n < 64 => 1u64 << n,
                _ => 0,
            };
            let repeated = if big.is_some() || (bit != 0 && seen & bit == 0 && unshared == 0) {
                None
            } else {
                self.duplicate(mark, &key, shared)
            };
            if let Some(obj) = &big {
                let v = self.value(ctx)?;
                obj.put(ctx, key, v)?;
            } else if let Some(at) = repeated {
                let v = self.value(ctx)?;
                if let Some(p) = self.pairs[at].as_mut() {
                    p.1 = v;
                }
            } else {
                let klen = key.len();
                has_index_keys |= index;
                // The value is built in its slot, one push per kind: a Value returned from a
                // shared `value()` went through the stack as a tag and a payload stored apart
                // and was then copied with 16-byte loads, a store-forwarding stall per
                // property (a third of the time of this function).
                match self.peek() {
                    Some(0x22) => {
                        let s = self.string(ctx)?;
                        self.pairs.push(Some((key, Value::String(s))));
                    }
                    Some(c) if c == b'-' as u16 || (b'0' as u16..=b'9' as u16).contains(&c) => {
                        let x = self.number()?;
                        self.pairs.push(Some((key, Value::Number(x))));
                    }
                    Some(0x7B) => {
                        let o = self.object(ctx)?;
                        self.pairs.push(Some((key, Value::Object(o))));
                    }
                    Some(0x5B) => {
                        let a = self.array(ctx)?;
                        self.pairs.push(Some((key, Value::Array(a))));
                    }
                    _ => {
                        let v = self.value(ctx)?;
                        self.pairs.push(Some((key, v)));
                    }
                }
                self.shared.push(shared);
                if bit != 0 {
                    seen |= bit;
                } else {
                    unshared += 1;
                }
                ctx.charge(PROPERTY_BYTES + 2 * klen)?; // what Obj::put charges for a new one
                if self.pairs.len() - mark > STACKED_PROPS {
                    self.shared.truncate(mark);
                    let props = self.pairs.drain(mark..).flatten().collect();
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
                Obj::from_slots(ctx, &mut self.pairs, mark, has_index_keys)
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
            .position(|(p, &s)| match p {
                Some((k, _)) => {
                    if shared && s {
                        JsStr::ptr_eq(k, key)
                    } else {
                        k == key
                    }
                }
                None => false,
            })
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
    fn key(&mut self, ctx: &mut Ctx, pos: usize) -> R<(JsStr, Option<u32>, bool)> {
        let s: &'a [U] = self.s;
        let start = self.i + 1;
        if let Some(Some((u, k, index, id))) = self.expect.get(pos) {
            // The expected name's units are a run of plain units, so the same units followed
            // by the closing quote are that name.
            let n = u.len();
            let hit = match (self.expect_words.get(pos), U::word_at(s, start)) {
                (Some(Some((word, mask))), Some(w)) => w & mask == *word,
                _ => s.get(start + n).map(|c| c.u()) == Some(0x22) && same_units(&s[start..start + n], u),
            };
            if hit {
                ctx.charge(2 * n + 16)?;
                self.i = start + n + 1;
                return Ok((k.clone(), Some(*id), *index));
            }
        }
        let found = self.key_lookup(ctx)?;
        if let (Some(id), true) = (found.1, pos < EXPECTED_KEYS) {
            if self.expect.len() <= pos {
                self.expect.resize(pos + 1, None);
                self.expect_words.resize(pos + 1, None);
            }
            let units = &s[start..self.i - 1];
            self.expect[pos] = Some((units, found.0.clone(), found.2, id));
            self.expect_words[pos] = U::quoted_word(units);
        }
        Ok(found)
    }

    /// `key` without the expectation: the name, its id when it is shared, whether it is an
    /// array index.
    fn key_lookup(&mut self, ctx: &mut Ctx) -> R<(JsStr, Option<u32>, bool)> {
        let s: &'a [U] = self.s;
        let start = self.i + 1;
        let run = s[start..].iter().take(SHARED_KEY_UNITS + 1).position(|&c| !c.plain());
        if let Some(n) = run {
            if s[start + n].u() == 0x22 {
                let units = &s[start..start + n];
                ctx.charge(2 * n + 16)?; // what `string` charges for the same name
                self.i = start + n + 1;
                let h = units_hash(units);
                let held = match self.keys.get(&h) {
                    Some((u, k, index, id)) if same_units(u, units) => return Ok((k.clone(), Some(*id), *index)),
                    Some(_) => true, // another name's hash: this one is not shared
                    None => false,
                };
                // A name the code uses (PropName) shares its buffer: lookups then compare pointers.
                let mut wide = [0u16; SHARED_KEY_UNITS];
                for (w, &c) in wide.iter_mut().zip(units) {
                    *w = c.u();
                }
                let wide = &wide[..n];
                let k = JsStr::known_name(wide).unwrap_or_else(|| U::make(units));
                let index = array_index_of_units(wide).is_some();
                if !held && self.keys.len() < SHARED_KEYS_MAX {
                    let id = self.keys.len() as u32;
                    self.keys.insert(h, (units, k.clone(), index, id));
                    return Ok((k, Some(id), index));
                }
                return Ok((k, None, index));
            }
        }
        let k = self.string(ctx)?;
        let index = k.array_index().is_some();
        Ok((k, None, index))
    }

    /// A short string value, shared with an earlier equal one of this parse (a record's
    /// `"region": "north"`, its tags): one allocation per text instead of one per occurrence,
    /// and equal values are then the same buffer, which `==` and property lookups by them
    /// (`byRegion[r.region]`) test by pointer. Strings are immutable and a parsed one is
    /// never extended in place (epoch 0), so sharing is not observable.
    fn shared_value(&mut self, units: &'a [U]) -> JsStr {
        if self.values.is_empty() {
            self.values.resize(SHARED_VALUES_MAX, None);
        }
        // The hash's high bits: FxHash's multiply mixes into them.
        let at = (units_hash(units) >> 56) as usize & (SHARED_VALUES_MAX - 1);
        let entry = match self.values.get_mut(at) {
            Some(e) => e,
            None => return U::make(units),
        };
        match entry {
            Some((u, v)) if same_units(u, units) => v.clone(),
            Some(_) => U::make(units),
            None => {
                let v = U::make(units);
                *entry = Some((units, v.clone()));
                v
            }
        }
    }

    fn string(&mut self, ctx: &mut Ctx) -> R<JsStr> {
        // Past the opening quote, the run of plain units (for most strings, all of it) is
        // taken in one piece; the loop below does the rest.
        self.i += 1;
        let start = self.i;
        let end = start + U::plain_run(self.s, start);
        if self.s.get(end).map(|c| c.u()) == Some(0x22) {
            // No escape: the string is that run, made in one piece (a short one inside its
            // buffer: one allocation, where a vector first would be two).
            ctx.charge(2 * (end - start) + 16)?;
            self.i = end + 1;
            let units: &'a [U] = &self.s[start..end];
            if units.len() <= SHARED_VALUE_UNITS {
                return Ok(self.shared_value(units));
            }
            return Ok(U::make(units));
        }
        let mut out: Vec<u16> = Vec::with_capacity(end - start + 8);
        out.extend(self.s[start..end].iter().map(|c| c.u()));
        self.i = end;
        loop {
            let c = match self.peek() {
                Some(c) => c,
                None => return Err(self.error("unterminated string")),
            };
            match c {
                0x22 => {
                    self.i += 1;
                    break;
                }
                0x5C => {
                    self.i += 1;
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
                _ => match U::decode(self.s, self.i, &mut out) {
                    Some(n) => self.i += n,
                    None => return Err(self.error("bytes that are not UTF-8 in a string")),
                },
            }
        }
        ctx.charge(2 * out.len() + 16)?;
        Ok(JsStr::from_vec(out))
    }

    /// A JSON number. One pass reads the grammar and, for up to 15 digits without an
    /// exponent, the value: the digits as an integer m (exact) and m / 10^(fraction digits),
    /// a quotient of two exact doubles, so correctly rounded: the exactly rounded value of the
    /// text (`72.94`, `-0.5`; `-0` is -0). Anything else goes to the exact parser.
    #[inline(always)]
    fn number(&mut self) -> R<f64> {
        const POW10: [f64; 16] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
        let s = self.s;
        let start = self.i;
        let mut i = start;
        let at = |i: usize| s.get(i).map_or(0xFFFF, |c| c.u());
        let negative = at(i) == b'-' as u16;
        if negative {
            i += 1;
        }
        let mut m: u64 = 0;
        let mut count = 0usize; // digits read into m (the value is exact while <= 15)
        let d = at(i).wrapping_sub(b'0' as u16);
        if d == 0 {
            i += 1; // a leading 0 stands alone: "01" is "0" and then a syntax error
            count = 1;
        } else if d <= 9 {
            loop {
                let d = at(i).wrapping_sub(b'0' as u16);
                if d > 9 {
                    break;
                }
                m = m.wrapping_mul(10).wrapping_add(d as u64);
                count += 1;
                i += 1;
            }
        } else {
            self.i = i;
            return Err(self.error("no number after minus sign"));
        }
        let mut fraction = 0usize;
        if at(i) == b'.' as u16 {
            i += 1;
            loop {
                let d = at(i).wrapping_sub(b'0' as u16);
                if d > 9 {
                    break;
                }
                m = m.wrapping_mul(10).wrapping_add(d as u64);
                fraction += 1;
                i += 1;
            }
            if fraction == 0 {
                self.i = i;
                return Err(self.error("unterminated fractional number"));
            }
        }
        let mut exponent = false;
        if at(i) == b'e' as u16 || at(i) == b'E' as u16 {
            exponent = true;
            i += 1;
            if at(i) == b'+' as u16 || at(i) == b'-' as u16 {
                i += 1;
            }
            if at(i).wrapping_sub(b'0' as u16) > 9 {
                self.i = i;
                return Err(self.error("exponent part is missing a number"));
            }
            while at(i).wrapping_sub(b'0' as u16) <= 9 {
                i += 1;
            }
        }
        self.i = i;
        if !exponent && count + fraction <= 15 {
            // m < 10^15: exact as i64 and as f64 (one conversion instruction, where u64 takes
            // several); an integer skips the division.
            let m = m as i64 as f64;
            let v = if fraction == 0 { m } else { m / POW10[fraction] };
            return Ok(if negative { -v } else { v });
        }
        let text: Vec<u8> = s[start..i].iter().map(|&c| c.u() as u8).collect();
        Ok(crate::num::parse_decimal(&text))
    }
}
