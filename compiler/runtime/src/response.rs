// Response and Headers (what fetch gives): properties, json(), text() and Headers.prototype.get as Node 20's undici does them.
#![forbid(unsafe_code)]

use crate::abort::{Abort, R};
use crate::builtins::Builtin;
use crate::ctx::Ctx;
use crate::host::HostVal;
use crate::jsstr::JsStr;
use crate::promise::Promise;
use crate::value::Value;
use std::cell::Cell;
use std::rc::Rc;

/// A fetch Response: status line, final URL, headers, the body's raw bytes, and whether a
/// redirect was followed.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub status_text: JsStr,
    pub url: JsStr,
    pub headers: Rc<Headers>,
    pub body: Vec<u8>,
    pub body_used: Cell<bool>,
    /// Whether fetch followed a redirect to get it (its URL list has more than one URL).
    pub redirected: bool,
    /// The network failure that cut the body short after the head came whole (the host result's
    /// `body_error`): undici's fetch resolved, and any read of the body rejects with TypeError
    /// "terminated" whose cause the replay rebuilds; natively a read aborts.
    pub body_error: Option<String>,
}

/// A response's header list: lower-case names in first-arrival order, a repeated name's values
/// joined with ", " (undici's HeadersList.append; `get("set-cookie")` joins them too).
#[derive(Debug, Default)]
pub struct Headers {
    pub list: Vec<(String, JsStr)>,
}

impl Headers {
    /// Builds the list from the host's (name, value) pairs in arrival order.
    pub fn from_pairs(pairs: Vec<(String, JsStr)>) -> Headers {
        let mut list: Vec<(String, JsStr)> = Vec::new();
        for (name, value) in pairs {
            let name = name.to_ascii_lowercase();
            match list.iter_mut().find(|(n, _)| *n == name) {
                Some((_, v)) => *v = v.concat(&JsStr::from_str(", ")).concat(&value),
                None => list.push((name, value)),
            }
        }
        Headers { list }
    }
    pub fn get(&self, lower_name: &str) -> Option<JsStr> {
        self.list.iter().find(|(n, _)| n == lower_name).map(|(_, v)| v.clone())
    }
}

/// Object.prototype's members: the crate does not apply them to host objects.
const OBJECT_PROTO: &[&str] = &[
    "constructor",
    "hasOwnProperty",
    "isPrototypeOf",
    "propertyIsEnumerable",
    "toLocaleString",
    "toString",
    "valueOf",
    "__proto__",
    "__defineGetter__",
    "__defineSetter__",
    "__lookupGetter__",
    "__lookupSetter__",
];
const RESPONSE_PROTO: &[&str] = &["arrayBuffer", "blob", "body", "clone", "formData", "type", "bytes"];
const HEADERS_PROTO: &[&str] =
    &["append", "delete", "entries", "forEach", "getSetCookie", "has", "keys", "set", "values"];
const PROMISE_PROTO: &[&str] = &["then", "catch", "finally"];

/// `h[key]` on a host value: the members implemented exactly, an abort for the other members
/// of its prototypes, undefined for any other name (as an own-property miss gives in Node).
pub fn get_host(ctx: &mut Ctx, h: &HostVal, key: &JsStr) -> R<Value> {
    let k = match key.to_string_exact() {
        Some(k) => k,
        None => return Ok(Value::Undefined),
    };
    let unimplemented = |proto: &[&str]| proto.contains(&k.as_str()) || OBJECT_PROTO.contains(&k.as_str());
    match h {
        HostVal::Response(r) => {
            let v = match k.as_str() {
                "status" => Value::Number(r.status as f64),
                "ok" => Value::Bool((200..=299).contains(&r.status)),
                "statusText" => Value::String(r.status_text.clone()),
                "url" => Value::String(r.url.clone()),
                "redirected" => Value::Bool(r.redirected),
                "headers" => Value::Host(HostVal::Headers(r.headers.clone())),
                "bodyUsed" => Value::Bool(r.body_used.get()),
                "json" => Value::builtin(Builtin::ResponsePrototypeJson),
                "text" => Value::builtin(Builtin::ResponsePrototypeText),
                _ if unimplemented(RESPONSE_PROTO) => return Err(not_implemented("Response", &k)),
                _ => Value::Undefined,
            };
            let _ = ctx;
            Ok(v)
        }
        HostVal::Headers(_) => match k.as_str() {
            "get" => Ok(Value::builtin(Builtin::HeadersPrototypeGet)),
            _ if unimplemented(HEADERS_PROTO) => Err(not_implemented("Headers", &k)),
            _ => Ok(Value::Undefined),
        },
        HostVal::Date(_) => crate::date::get_member(&k, OBJECT_PROTO),
        HostVal::Promise(_) => {
            if k == "then" || k == "catch" {
                return Ok(Value::builtin(if k == "then" { Builtin::PromisePrototypeThen } else { Builtin::PromisePrototypeCatch }));
            }
            if unimplemented(PROMISE_PROTO) {
                Err(not_implemented("Promise", &k))
            } else {
                Ok(Value::Undefined)
            }
        }
    }
}

fn not_implemented(class: &str, k: &str) -> Abort {
    Abort::unsupported(format!("{}.prototype.{} is not implemented", class, k))
}

fn this_response<'a>(this: &'a Value, method: &str) -> R<&'a Rc<Response>> {
    match this {
        Value::Host(HostVal::Response(r)) => Ok(r),
        _ => Err(Abort::throw(format!("TypeError: Illegal invocation (Response.prototype.{})", method))),
    }
}

/// The body as Node 20's undici text() reads it: each invalid sequence a U+FFFD (WHATWG "UTF-8
/// decode", which Rust's lossy decoding follows), and up to TWO leading BOMs removed: undici's
/// utf8DecodeBytes strips one, then decodes with a default TextDecoder, which strips another
/// (tests/differential/response.rs checks this against Node).
pub fn decode_body(bytes: &[u8]) -> String {
    const BOM: &[u8] = &[0xEF, 0xBB, 0xBF];
    let mut b = bytes;
    for _ in 0..2 {
        if b.starts_with(BOM) {
            b = &b[3..];
        }
    }
    String::from_utf8_lossy(b).into_owned()
}

/// Takes the body once: a second read rejects with TypeError, as in undici. A body the network
/// cut short aborts `throw` at the read (after the fetch's effect): Node.js rejects the read with
/// `TypeError: terminated`, whose cause the fallback's replay gives as undici does.
fn consume(ctx: &mut Ctx, r: &Response) -> R<Option<Vec<u16>>> {
    if r.body_used.get() {
        return Ok(None);
    }
    if let Some(e) = &r.body_error {
        return Err(Abort::throw(format!("TypeError: terminated ({})", e)));
    }
    r.body_used.set(true);
    let text = decode_body(&r.body);
    let units: Vec<u16> = text.encode_utf16().collect();
    ctx.charge(units.len() * 2 + 32)?;
    Ok(Some(units))
}

/// `Response.prototype.text()`: a promise of the decoded body.
pub fn text(ctx: &mut Ctx, this: &Value, _args: &[Value]) -> R<Value> {
    let r = this_response(this, "text")?.clone();
    Ok(Value::promise(match consume(ctx, &r)? {
        Some(units) => Promise::fulfilled(Value::String(JsStr::from_vec(units))),
        None => Promise::rejected("TypeError: Body is unusable"),
    }))
}

/// `Response.prototype.json()`: a promise of JSON.parse of the decoded body; a syntax error
/// rejects it (awaiting that throws: the crate's abort of reason `throw`, Node.js words it).
pub fn json(ctx: &mut Ctx, this: &Value, _args: &[Value]) -> R<Value> {
    let r = this_response(this, "json")?.clone();
    let units = match consume(ctx, &r)? {
        Some(u) => u,
        None => return Ok(Value::promise(Promise::rejected("TypeError: Body is unusable"))),
    };
    Ok(Value::promise(match crate::json_parse::parse(ctx, &units) {
        Ok(v) => Promise::fulfilled(v),
        Err(a) if a.reason == crate::abort::AbortReason::Throw => Promise::rejected(a.detail),
        Err(a) => return Err(a),
    }))
}

/// A header name (an HTTP token), as undici validates it.
pub fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// `Headers.prototype.get(name)`: case-insensitive; null when absent.
pub fn headers_get(_ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let h = match this {
        Value::Host(HostVal::Headers(h)) => h,
        _ => return Err(Abort::throw("TypeError: Illegal invocation (Headers.prototype.get)")),
    };
    let name = match args.first() {
        None => {
            return Err(Abort::throw(
                "TypeError: Failed to execute 'get' on 'Headers': 1 argument required, but only 0 present.",
            ))
        }
        Some(Value::String(s)) => s,
        Some(v) => return Err(Abort::unsupported(format!("Headers.prototype.get of a {}", v.type_tag()))),
    };
    // webidl ByteString, then the header-name check: TypeErrors in undici.
    let text = match name.to_string_exact() {
        Some(t) if name.units().iter().all(|&u| u <= 0xFF) => t,
        _ => return Err(Abort::throw("TypeError: Headers.get: name is not a ByteString")),
    };
    if !is_token(&text) {
        return Err(Abort::throw(format!("TypeError: Headers.get: invalid header name {:?}", text)));
    }
    Ok(match h.get(&text.to_ascii_lowercase()) {
        Some(v) => Value::String(v),
        None => Value::Null,
    })
}

/// Standard base64 (the host's body_b64), padding required when the length needs it.
pub fn base64_decode(s: &str) -> Option<Vec<u8>> {
    fn val(c: u8) -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some((c - b'A') as u32),
            b'a'..=b'z' => Some((c - b'a' + 26) as u32),
            b'0'..=b'9' => Some((c - b'0' + 52) as u32),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    }
    let b = s.as_bytes();
    if b.len() % 4 != 0 {
        return None;
    }
    let mut out = Vec::with_capacity(b.len() / 4 * 3);
    for (i, chunk) in b.chunks(4).enumerate() {
        let last = i + 1 == b.len() / 4;
        let pad = chunk.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 || (pad > 0 && !last) {
            return None;
        }
        let mut n: u32 = 0;
        for &c in &chunk[..4 - pad] {
            n = (n << 6) | val(c)?;
        }
        n <<= 6 * pad as u32;
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    Some(out)
}
