// JSON.stringify exactly as ECMA-262 25.5.2 (escaping, omission rules, indentation, cycles abort).
#![forbid(unsafe_code)]

use crate::abort::{Abort, R};
use crate::coerce::to_integer_or_infinity;
use crate::ctx::Ctx;
use crate::jsstr::JsStr;
use crate::num;
use crate::object::{Arr, Obj};
use crate::value::Value;

/// The detail of the TypeError for a cycle; util.format's %j recognises it.
pub const CIRCULAR: &str = "TypeError: Converting circular structure to JSON";

/// Nesting deeper than this aborts: V8 would throw RangeError (stack) at some depth we do not mimic.
const MAX_DEPTH: usize = 512;

/// JSON.stringify(value, replacer, space). Returns undefined when the value serializes to nothing.
pub fn stringify(ctx: &mut Ctx, value: &Value, replacer: &Value, space: &Value) -> R<Value> {
    if !matches!(replacer, Value::Undefined | Value::Null) {
        return Err(Abort::unsupported("JSON.stringify with a replacer"));
    }
    let gap = gap_of(ctx, space)?;
    let mut w = Writer {
        out: Vec::<u16>::new(),
        to_json: JsStr::name("toJSON"),
        gap,
        indent: Vec::new(),
        stack: Vec::new(),
        keys: Vec::new(),
    };
    if !w.value(ctx, value)? {
        return Ok(Value::Undefined);
    }
    ctx.charge(2 * w.out.len() + 16)?;
    Ok(Value::String(JsStr::from_vec(w.out)))
}

thread_local! {
    /// The length of this thread's last stringify_utf8 text, and an eighth more.
    static LAST_UTF8_LEN: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// JSON.stringify(value) as UTF-8 text, None for undefined (the ABI's reply body): the same
/// text as `stringify` then `to_utf8_lossy`, written as UTF-8 straight away (JSON.stringify
/// escapes every lone surrogate, so the conversion is lossless), without the UTF-16 text, its
/// string and the second pass over it.
pub fn stringify_utf8(ctx: &mut Ctx, value: &Value) -> R<Option<String>> {
    // Room for as much as the last reply of this thread took (capped): replies of one action
    // are alike, and a 64 KB text grown by doubling was copied a dozen times on the way.
    let room = LAST_UTF8_LEN.with(|n| n.get()).min(1 << 22);
    let mut w = Writer {
        out: Vec::<u8>::with_capacity(room),
        to_json: JsStr::name("toJSON"),
        gap: Vec::new(),
        indent: Vec::new(),
        stack: Vec::new(),
        keys: Vec::new(),
    };
    if !w.value(ctx, value)? {
        return Ok(None);
    }
    LAST_UTF8_LEN.with(|n| n.set(w.out.len() + w.out.len() / 8));
    ctx.charge(2 * w.out.len() + 16)?; // what stringify charges for ASCII text
                                       // Only ASCII and whole UTF-8 sequences of code points were written (Utf8Out::quote).
    match String::from_utf8(w.out) {
        Ok(s) => Ok(Some(s)),
        Err(_) => Err(Abort::unsupported("JSON.stringify wrote invalid UTF-8")),
    }
}

/// The `space` argument: a number gives that many spaces (at most 10), a string its first 10 units.
fn gap_of(ctx: &mut Ctx, space: &Value) -> R<Vec<u16>> {
    match space {
        Value::Number(_) => {
            let n = to_integer_or_infinity(ctx, space)?.min(10.0);
            Ok(if n >= 1.0 { vec![b' ' as u16; n as usize] } else { Vec::new() })
        }
        Value::String(s) => Ok(s.units()[..s.len().min(10)].to_vec()),
        _ => Ok(Vec::new()),
    }
}

/// Where the JSON text goes: UTF-16 units (JSON.stringify's string) or UTF-8 bytes (the reply).
trait Out {
    /// A unit of the output (a UTF-16 unit or a byte).
    type Unit: Copy;
    /// What was written from `from` on.
    fn written(&self, from: usize) -> &[Self::Unit];
    /// Output units written before (a cached key).
    fn again(&mut self, s: &[Self::Unit]);
    fn len(&self) -> usize;
    fn truncate(&mut self, n: usize);
    /// One ASCII character.
    fn byte(&mut self, b: u8);
    /// ASCII text.
    fn ascii(&mut self, s: &[u8]);
    /// UTF-16 units with no escape to write (gap and indentation).
    fn units(&mut self, s: &[u16]);
    /// QuoteJSONString of these units.
    fn quote(&mut self, s: &[u16]);
}

impl Out for Vec<u16> {
    type Unit = u16;
    fn written(&self, from: usize) -> &[u16] {
        &self[from..]
    }
    #[inline(always)]
    fn again(&mut self, s: &[u16]) {
        self.extend_from_slice(s);
    }
    #[inline(always)]
    fn len(&self) -> usize {
        Vec::len(self)
    }
    fn truncate(&mut self, n: usize) {
        Vec::truncate(self, n)
    }
    #[inline(always)]
    fn byte(&mut self, b: u8) {
        self.push(u16::from(b));
    }
    fn ascii(&mut self, s: &[u8]) {
        self.extend(s.iter().map(|&b| u16::from(b)));
    }
    fn units(&mut self, s: &[u16]) {
        self.extend_from_slice(s);
    }
    fn quote(&mut self, s: &[u16]) {
        quote_into(self, s);
    }
}

impl Out for Vec<u8> {
    type Unit = u8;
    fn written(&self, from: usize) -> &[u8] {
        &self[from..]
    }
    #[inline(always)]
    fn again(&mut self, s: &[u8]) {
        self.extend_from_slice(s);
    }
    #[inline(always)]
    fn len(&self) -> usize {
        Vec::len(self)
    }
    fn truncate(&mut self, n: usize) {
        Vec::truncate(self, n)
    }
    #[inline(always)]
    fn byte(&mut self, b: u8) {
        self.push(b);
    }
    fn ascii(&mut self, s: &[u8]) {
        self.extend_from_slice(s);
    }
    fn units(&mut self, s: &[u16]) {
        push_utf8(self, s);
    }
    fn quote(&mut self, s: &[u16]) {
        quote_utf8_units(self, s);
    }
}

struct Writer<O: Out> {
    out: O,
    /// The name `toJSON`, interned: an object's keys that are interned names (literal keys,
    /// parsed keys the code uses) are told apart from it without comparing units.
    to_json: JsStr,
    gap: Vec<u16>,
    indent: Vec<u16>,
    /// Addresses of the objects and arrays being serialized, for cycle detection.
    stack: Vec<usize>,
    /// Per position of a property in its object (the first KEY_POSITIONS): the last key
    /// written there and its text, `"key":` as written. Objects of one shape (a literal's
    /// results, parsed records) repeat their keys in order, and a key that is the same
    /// buffer and length as the cached one is the same text: its text is copied again
    /// instead of quoted again.
    keys: Vec<Option<(JsStr, Vec<O::Unit>)>>,
}

/// Positions of an object whose key Writer::keys keeps.
const KEY_POSITIONS: usize = 16;

impl<O: Out> Writer<O> {
    fn push_str(&mut self, s: &str) {
        self.out.ascii(s.as_bytes());
    }

    /// SerializeJSONProperty for an already-read value: false when it serializes to nothing.
    fn value(&mut self, ctx: &mut Ctx, v: &Value) -> R<bool> {
        match v {
            Value::Null => self.push_str("null"),
            Value::Bool(b) => self.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => {
                if let Some((digits, at)) = crate::num::integer_bytes(*n) {
                    // Written straight into the output; -0 too: JSON.stringify(-0) is "0".
                    self.out.ascii(&digits[at..]);
                } else if n.is_finite() {
                    // Formatted on the stack and copied in: no String of its own.
                    self.out.ascii(num::number_text(*n).as_bytes());
                } else {
                    self.push_str("null");
                }
            }
            Value::String(s) => self.out.quote(&s.units()),
            Value::Undefined | Value::Function(_) => return Ok(false),
            // A Date's toJSON (Date.prototype.toJSON: own properties on a Date abort elsewhere).
            Value::Host(crate::host::HostVal::Date(d)) => match crate::date::iso_string(d.time) {
                Some(s) => self.out.quote(&s.encode_utf16().collect::<Vec<u16>>()),
                None => self.push_str("null"),
            },
            Value::Host(h) => return Err(Abort::unsupported(format!("JSON.stringify of a {}", h.class_name()))),
            Value::Object(o) => self.object(ctx, o)?,
            Value::Array(a) => self.array(ctx, a)?,
        }
        if self.out.len() > (1 << 29) {
            return Err(Abort::new(crate::abort::AbortReason::Memory, "JSON text too long"));
        }
        Ok(true)
    }

    fn enter(&mut self, addr: usize) -> R<()> {
        if self.stack.contains(&addr) {
            return Err(Abort::throw(CIRCULAR));
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(Abort::unsupported("JSON.stringify of a very deep value"));
        }
        self.stack.push(addr);
        Ok(())
    }

    fn object(&mut self, ctx: &mut Ctx, o: &Obj) -> R<()> {
        // Read in place: serializing runs no JS (no toJSON, no getters), so nothing mutates
        // an object while it is borrowed here, and a cycle aborts in `enter`.
        let d = o.borrow();
        if d.host.is_some() {
            return Err(Abort::unsupported("JSON.stringify of a host object"));
        }
        if let Some(Value::Function(_)) = d.get(&self.to_json) {
            return Err(Abort::unsupported("JSON.stringify of an object with toJSON"));
        }
        self.enter(o.addr())?;
        if d.in_insertion_order() {
            self.members(ctx, d.entries())?;
        } else {
            let sorted = d.ordered_entries();
            self.members(ctx, sorted.iter())?;
        }
        self.stack.pop();
        Ok(())
    }

    /// An object's `{...}` from its properties in property order.
    fn members<'e>(&mut self, ctx: &mut Ctx, entries: impl Iterator<Item = &'e (JsStr, Value)>) -> R<()> {
        let stepback = self.indent.len();
        self.indent.extend_from_slice(&self.gap);
        self.out.byte(b'{');
        let mut any = false;
        for (position, (k, v)) in entries.enumerate() {
            let mark = self.out.len();
            if any {
                self.out.byte(b',');
            }
            self.newline_indent();
            self.key(position, k);
            if !self.gap.is_empty() {
                self.out.byte(b' ');
            }
            if self.value(ctx, v)? {
                any = true;
            } else {
                self.out.truncate(mark);
            }
        }
        self.indent.truncate(stepback);
        if any {
            self.newline_indent();
        }
        self.out.byte(b'}');
        Ok(())
    }

    /// A property's `"key":`, from Writer::keys when the key at this position is the one
    /// written there last.
    #[inline]
    fn key(&mut self, position: usize, k: &JsStr) {
        if let Some(Some((cached, text))) = self.keys.get(position) {
            if JsStr::ptr_eq(cached, k) {
                self.out.again(text);
                return;
            }
        }
        let from = self.out.len();
        self.out.quote(&k.units());
        self.out.byte(b':');
        if position < KEY_POSITIONS {
            if self.keys.len() <= position {
                self.keys.resize_with(position + 1, || None);
            }
            let text = self.out.written(from).to_vec();
            self.keys[position] = Some((k.clone(), text));
        }
    }

    fn array(&mut self, ctx: &mut Ctx, a: &Arr) -> R<()> {
        self.enter(a.addr())?;
        let d = a.borrow(); // in place, as in `object`
        let len = d.len();
        let stepback = self.indent.len();
        self.indent.extend_from_slice(&self.gap);
        self.out.byte(b'[');
        for i in 0..len {
            if i > 0 {
                self.out.byte(b',');
            }
            self.newline_indent();
            let v = d.slot(i).unwrap_or(Value::Undefined);
            if !self.value(ctx, &v)? {
                self.push_str("null");
            }
        }
        self.indent.truncate(stepback);
        if len > 0 {
            self.newline_indent();
        }
        self.out.byte(b']');
        self.stack.pop();
        Ok(())
    }

    fn newline_indent(&mut self) {
        if !self.gap.is_empty() {
            self.out.byte(b'\n');
            self.out.units(&self.indent);
        }
    }
}

/// Units as UTF-8 (a lone surrogate as U+FFFD, as to_utf8_lossy writes it).
fn push_utf8(out: &mut Vec<u8>, s: &[u16]) {
    for c in char::decode_utf16(s.iter().copied()) {
        let c = c.unwrap_or('\u{FFFD}');
        let mut b = [0u8; 4];
        out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
    }
}

/// The ASCII units QuoteJSONString copies as they are (not a control character, '"' or '\\';
/// 127 stands for every unit from 127 up, DEL included, and is false: those take the slow path).
const PLAIN_ASCII: [bool; 128] = {
    let mut t = [false; 128];
    let mut c = 0x20;
    while c < 127 {
        t[c] = c != 0x22 && c != 0x5C;
        c += 1;
    }
    t
};

/// QuoteJSONString written as UTF-8: the UTF-8 of what quote_into writes. Its output has no
/// lone surrogate (they are escaped), so each unit or surrogate pair is one code point.
fn quote_utf8_units(out: &mut Vec<u8>, s: &[u16]) {
    // Most strings are plain ASCII: narrowed and tested in one branch-free pass (which the
    // compiler vectorizes), then the quotes; anything else is written again the long way.
    let base = out.len();
    out.resize(base + s.len() + 2, b'"');
    let mut plain = true;
    for (d, &c) in out[base + 1..base + 1 + s.len()].iter_mut().zip(s) {
        *d = c as u8;
        plain &= (0x20..0x7F).contains(&c) & (c != 0x22) & (c != 0x5C);
    }
    if plain {
        return;
    }
    out.truncate(base);
    out.reserve(s.len() + 2);
    out.push(b'"');
    let mut i = 0;
    while i < s.len() {
        // The run of ASCII units that need no escape (for most strings, all of them), narrowed
        // into the reserved room.
        let run = s[i..].iter().position(|&c| !PLAIN_ASCII[(c as usize).min(127)]).unwrap_or(s.len() - i);
        out.extend(s[i..i + run].iter().map(|&c| c as u8));
        i += run;
        if i == s.len() {
            break;
        }
        let c = s[i];
        match c {
            0x22 => out.extend_from_slice(b"\\\""),
            0x5C => out.extend_from_slice(b"\\\\"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0C => out.extend_from_slice(b"\\f"),
            0x0A => out.extend_from_slice(b"\\n"),
            0x0D => out.extend_from_slice(b"\\r"),
            0x09 => out.extend_from_slice(b"\\t"),
            c if c < 0x20 => out.extend_from_slice(format!("\\u{:04x}", c).as_bytes()),
            0xD800..=0xDBFF if i + 1 < s.len() && (0xDC00..=0xDFFF).contains(&s[i + 1]) => {
                let cp = 0x10000 + (((c as u32) - 0xD800) << 10) + ((s[i + 1] as u32) - 0xDC00);
                let mut b = [0u8; 4];
                out.extend_from_slice(char::from_u32(cp).unwrap_or('\u{FFFD}').encode_utf8(&mut b).as_bytes());
                i += 1;
            }
            0xD800..=0xDFFF => out.extend_from_slice(format!("\\u{:04x}", c).as_bytes()),
            c => {
                let mut b = [0u8; 4];
                out.extend_from_slice(char::from_u32(c as u32).unwrap_or('\u{FFFD}').encode_utf8(&mut b).as_bytes());
            }
        }
        i += 1;
    }
    out.push(b'"');
}

/// QuoteJSONString: escapes ", \, control characters and lone surrogates (as \udxxx).
pub fn quote_into(out: &mut Vec<u16>, s: &[u16]) {
    out.reserve(s.len() + 2);
    out.push(b'"' as u16);
    // The run of units that need no escape (for most strings, all of them) is copied at once.
    let plain = s.iter().position(|&c| c < 0x20 || c == 0x22 || c == 0x5C || (0xD800..=0xDFFF).contains(&c));
    let mut i = plain.unwrap_or(s.len());
    out.extend_from_slice(&s[..i]);
    while i < s.len() {
        let c = s[i];
        match c {
            0x22 => out.extend("\\\"".encode_utf16()),
            0x5C => out.extend("\\\\".encode_utf16()),
            0x08 => out.extend("\\b".encode_utf16()),
            0x0C => out.extend("\\f".encode_utf16()),
            0x0A => out.extend("\\n".encode_utf16()),
            0x0D => out.extend("\\r".encode_utf16()),
            0x09 => out.extend("\\t".encode_utf16()),
            c if c < 0x20 => out.extend(format!("\\u{:04x}", c).encode_utf16()),
            0xD800..=0xDBFF if i + 1 < s.len() && (0xDC00..=0xDFFF).contains(&s[i + 1]) => {
                out.push(c);
                out.push(s[i + 1]);
                i += 1;
            }
            0xD800..=0xDFFF => out.extend(format!("\\u{:04x}", c).encode_utf16()),
            c => out.push(c),
        }
        i += 1;
    }
    out.push(b'"' as u16);
}

/// The JSON string literal of Rust text (abort records, log pairs): same escaping rules.
pub fn quote_utf8_into(out: &mut String, s: &str) {
    let units: Vec<u16> = s.encode_utf16().collect();
    let mut q = Vec::with_capacity(units.len() + 2);
    quote_into(&mut q, &units);
    out.push_str(&String::from_utf16_lossy(&q));
}
