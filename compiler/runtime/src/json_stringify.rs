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
    let mut w = Writer { out: Vec::new(), gap, indent: Vec::new(), stack: Vec::new() };
    if !w.value(ctx, value)? {
        return Ok(Value::Undefined);
    }
    ctx.charge(2 * w.out.len() + 16)?;
    Ok(Value::String(JsStr::from_vec(w.out)))
}

/// JSON.stringify(value) as UTF-8 text, None for undefined (the ABI's reply body).
pub fn stringify_utf8(ctx: &mut Ctx, value: &Value) -> R<Option<String>> {
    match stringify(ctx, value, &Value::Undefined, &Value::Undefined)? {
        Value::String(s) => Ok(Some(s.to_utf8_lossy())),
        _ => Ok(None),
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

struct Writer {
    out: Vec<u16>,
    gap: Vec<u16>,
    indent: Vec<u16>,
    /// Addresses of the objects and arrays being serialized, for cycle detection.
    stack: Vec<usize>,
}

impl Writer {
    fn push_str(&mut self, s: &str) {
        self.out.extend(s.encode_utf16());
    }

    /// SerializeJSONProperty for an already-read value: false when it serializes to nothing.
    fn value(&mut self, ctx: &mut Ctx, v: &Value) -> R<bool> {
        match v {
            Value::Null => self.push_str("null"),
            Value::Bool(b) => self.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => {
                if let Some((digits, at)) = num::integer_units(*n) {
                    // Written straight into the output; -0 too: JSON.stringify(-0) is "0".
                    self.out.extend_from_slice(&digits[at..]);
                } else if n.is_finite() {
                    let s = num::to_js_string(*n);
                    self.push_str(&s);
                } else {
                    self.push_str("null");
                }
            }
            Value::String(s) => quote_into(&mut self.out, &s.units()),
            Value::Undefined | Value::Function(_) => return Ok(false),
            // A Date's toJSON (Date.prototype.toJSON: own properties on a Date abort elsewhere).
            Value::Host(crate::host::HostVal::Date(d)) => match crate::date::iso_string(d.time) {
                Some(s) => quote_into(&mut self.out, &s.encode_utf16().collect::<Vec<u16>>()),
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
        if let Some(Value::Function(_)) = d.get_ascii("toJSON") {
            return Err(Abort::unsupported("JSON.stringify of an object with toJSON"));
        }
        self.enter(o.addr())?;
        let sorted: Vec<(JsStr, Value)>;
        let entries: &[(JsStr, Value)] = match d.entries_in_order() {
            Some(e) => e,
            None => {
                sorted = d.ordered_entries();
                &sorted
            }
        };
        let stepback = self.indent.clone();
        self.indent.extend_from_slice(&self.gap.clone());
        self.out.push(b'{' as u16);
        let mut any = false;
        for (k, v) in entries {
            let mark = self.out.len();
            if any {
                self.out.push(b',' as u16);
            }
            self.newline_indent();
            quote_into(&mut self.out, &k.units());
            self.out.push(b':' as u16);
            if !self.gap.is_empty() {
                self.out.push(b' ' as u16);
            }
            if self.value(ctx, v)? {
                any = true;
            } else {
                self.out.truncate(mark);
            }
        }
        self.indent = stepback;
        if any {
            self.newline_indent();
        }
        self.out.push(b'}' as u16);
        self.stack.pop();
        Ok(())
    }

    fn array(&mut self, ctx: &mut Ctx, a: &Arr) -> R<()> {
        self.enter(a.addr())?;
        let d = a.borrow(); // in place, as in `object`
        let len = d.len();
        let stepback = self.indent.clone();
        self.indent.extend_from_slice(&self.gap.clone());
        self.out.push(b'[' as u16);
        for i in 0..len {
            if i > 0 {
                self.out.push(b',' as u16);
            }
            self.newline_indent();
            let v = d.slot(i).unwrap_or(Value::Undefined);
            if !self.value(ctx, &v)? {
                self.push_str("null");
            }
        }
        self.indent = stepback;
        if len > 0 {
            self.newline_indent();
        }
        self.out.push(b']' as u16);
        self.stack.pop();
        Ok(())
    }

    fn newline_indent(&mut self) {
        if !self.gap.is_empty() {
            self.out.push(b'\n' as u16);
            let ind = self.indent.clone();
            self.out.extend_from_slice(&ind);
        }
    }
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
