// encodeURIComponent, encodeURI, decodeURIComponent, decodeURI (ECMA-262 19.2.6), URIError as an abort.
#![forbid(unsafe_code)]

use crate::abort::{Abort, R};
use crate::coerce::{arg, to_jsstr};
use crate::ctx::Ctx;
use crate::jsstr::JsStr;
use crate::value::Value;

const URI_UNESCAPED_MARKS: &[u8] = b"-_.!~*'()";
const URI_RESERVED: &[u8] = b";/?:@&=+$,";

fn uri_error() -> Abort {
    Abort::throw("URIError: URI malformed")
}

fn is_unreserved(c: u16, extra: &[u8]) -> bool {
    c < 0x80 && {
        let b = c as u8;
        b.is_ascii_alphanumeric() || URI_UNESCAPED_MARKS.contains(&b) || extra.contains(&b)
    }
}

/// Encode: every code point outside the unescaped set as %XX of its UTF-8 bytes; a lone
/// surrogate is a URIError.
fn encode(ctx: &mut Ctx, args: &[Value], extra: &[u8]) -> R<Value> {
    let s = to_jsstr(ctx, &arg(args, 0))?;
    let u = s.to_vec();
    let mut out: Vec<u16> = Vec::with_capacity(u.len());
    let mut i = 0;
    while i < u.len() {
        let c = u[i];
        if is_unreserved(c, extra) {
            out.push(c);
            i += 1;
            continue;
        }
        let cp = if (0xD800..0xDC00).contains(&c) {
            if i + 1 < u.len() && (0xDC00..0xE000).contains(&u[i + 1]) {
                i += 1;
                0x10000 + (((c as u32) - 0xD800) << 10) + ((u[i] as u32) - 0xDC00)
            } else {
                return Err(uri_error());
            }
        } else if (0xDC00..0xE000).contains(&c) {
            return Err(uri_error());
        } else {
            c as u32
        };
        let ch = char::from_u32(cp).ok_or_else(uri_error)?;
        let mut buf = [0u8; 4];
        for b in ch.encode_utf8(&mut buf).bytes() {
            out.extend(format!("%{:02X}", b).encode_utf16());
        }
        i += 1;
    }
    ctx.charge(2 * out.len() + 16)?;
    Ok(Value::String(JsStr::from_vec(out)))
}

fn hex_byte(u: &[u16], k: usize) -> R<u8> {
    if k + 2 >= u.len() || u[k] != b'%' as u16 {
        return Err(uri_error());
    }
    let d = |c: u16| char::from_u32(c as u32).and_then(|c| c.to_digit(16)).ok_or_else(uri_error);
    Ok((d(u[k + 1])? * 16 + d(u[k + 2])?) as u8)
}

/// Decode: %XX sequences as UTF-8; a single-byte character in `reserved` keeps its escape.
fn decode(ctx: &mut Ctx, args: &[Value], reserved: &[u8]) -> R<Value> {
    let s = to_jsstr(ctx, &arg(args, 0))?;
    let u = s.to_vec();
    let mut out: Vec<u16> = Vec::with_capacity(u.len());
    let mut k = 0;
    while k < u.len() {
        if u[k] != b'%' as u16 {
            out.push(u[k]);
            k += 1;
            continue;
        }
        if k + 2 >= u.len() {
            return Err(uri_error());
        }
        let start = k;
        let b = hex_byte(&u, k)?;
        k += 2;
        if b < 0x80 {
            if reserved.contains(&b) {
                out.extend_from_slice(&u[start..=k]);
            } else {
                out.push(b as u16);
            }
            k += 1;
            continue;
        }
        let n = b.leading_ones() as usize;
        if n == 1 || n > 4 {
            return Err(uri_error());
        }
        let mut bytes = vec![b];
        for _ in 1..n {
            k += 1;
            if k + 2 >= u.len() {
                return Err(uri_error());
            }
            let c = hex_byte(&u, k)?;
            if c & 0xC0 != 0x80 {
                return Err(uri_error());
            }
            bytes.push(c);
            k += 2;
        }
        // std's UTF-8 decoder rejects overlong forms, surrogates and values above U+10FFFF,
        // exactly the sequences the spec calls invalid.
        let text = std::str::from_utf8(&bytes).map_err(|_| uri_error())?;
        out.extend(text.encode_utf16());
        k += 1;
    }
    ctx.charge(2 * out.len() + 16)?;
    Ok(Value::String(JsStr::from_vec(out)))
}

pub fn encode_uri_component(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    encode(ctx, args, b"")
}
pub fn encode_uri(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    let mut extra = URI_RESERVED.to_vec();
    extra.push(b'#');
    encode(ctx, args, &extra)
}
pub fn decode_uri_component(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    decode(ctx, args, b"")
}
pub fn decode_uri(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    let mut reserved = URI_RESERVED.to_vec();
    reserved.push(b'#');
    decode(ctx, args, &reserved)
}
