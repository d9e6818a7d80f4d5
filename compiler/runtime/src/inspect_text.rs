// Text helpers of util.inspect: Node's string escaping and quoting, key names, column widths.
#![forbid(unsafe_code)]

use crate::abort::{Abort, R};
use crate::jsstr::JsStr;

/// Length in UTF-16 code units, as JavaScript's .length counts them.
pub fn ulen(s: &str) -> usize {
    s.encode_utf16().count()
}

/// padStart/padEnd with spaces to `width` UTF-16 units (a width at or below the length is a no-op).
pub fn pad(s: &str, width: isize, start: bool) -> String {
    let len = ulen(s) as isize;
    if len >= width {
        return s.to_string();
    }
    let fill = " ".repeat((width - len) as usize);
    if start {
        fill + s
    } else {
        s.to_string() + &fill
    }
}

/// getStringWidth without colors (Node's ICU path: NFC, then East Asian width per code point).
/// Exact for the code points below, whose width and NFC form we know; others abort.
pub fn string_width(s: &str) -> R<usize> {
    let mut w = 0;
    for c in s.chars() {
        let cp = c as u32;
        w += match cp {
            0..=0x1F | 0x7F..=0x9F => 0,                          // Cc: zero width
            0x20..=0x7E | 0xA0..=0x2FF => 1,                      // Latin: narrow or ambiguous (1)
            0x370..=0x482 | 0x48A..=0x52F | 0x2028 | 0x2029 => 1, // Greek, Cyrillic letters; Zl, Zp
            0x1680 | 0x2000..=0x200A | 0x202F | 0x205F => 1,      // Zs spaces: neutral
            0x180E | 0x200B..=0x200F | 0xFEFF => 0,               // Cf: zero width
            0x3000 => 2,                                          // ideographic space: fullwidth
            0x1F600..=0x1F64F => 2,                               // Emoticons: East Asian wide
            _ => {
                return Err(Abort::unsupported(format!("inspect column layout of U+{:04X}, whose width needs ICU", cp)))
            }
        };
    }
    Ok(w)
}

/// A property name: bare when it matches /^[a-zA-Z_][a-zA-Z_0-9]*$/, else a quoted string.
pub fn key_name(k: &JsStr) -> String {
    let u = k.units();
    let ident = !u.is_empty()
        && u.iter().enumerate().all(|(i, &c)| {
            c < 128 && {
                let b = c as u8;
                b.is_ascii_alphabetic() || b == b'_' || (i > 0 && b.is_ascii_digit())
            }
        });
    if k.eq_str("__proto__") {
        return "['__proto__']".into();
    }
    if ident {
        return k.to_utf8_lossy();
    }
    str_escape(&u)
}

/// strEscape: picks the quote (' unless the text has one, then " or `) and escapes as Node does.
pub fn str_escape(u: &[u16]) -> String {
    let has = |c: u8| u.contains(&(c as u16));
    let has_dollar_brace = u.windows(2).any(|w| w[0] == b'$' as u16 && w[1] == b'{' as u16);
    let mut quote = '\'';
    if has(b'\'') {
        if !has(b'"') {
            quote = '"';
        } else if !has(b'`') && !has_dollar_brace {
            quote = '`';
        }
    }
    let mut out: Vec<u16> = Vec::with_capacity(u.len() + 2);
    out.push(quote as u16);
    let mut i = 0;
    while i < u.len() {
        let c = u[i];
        if (c == b'\'' as u16 && quote == '\'') || c == 92 || c < 32 || (c > 126 && c < 160) {
            out.extend(meta(c).encode_utf16());
        } else if (0xD800..=0xDFFF).contains(&c) {
            if c <= 0xDBFF && i + 1 < u.len() && (0xDC00..=0xDFFF).contains(&u[i + 1]) {
                out.push(c);
                out.push(u[i + 1]);
                i += 2;
                continue;
            }
            out.extend(format!("\\u{:x}", c).encode_utf16());
        } else {
            out.push(c);
        }
        i += 1;
    }
    out.push(quote as u16);
    String::from_utf16_lossy(&out)
}

/// Node's `meta` table: the escape of a control character, quote or backslash.
fn meta(c: u16) -> String {
    match c {
        0x08 => "\\b".into(),
        0x09 => "\\t".into(),
        0x0A => "\\n".into(),
        0x0C => "\\f".into(),
        0x0D => "\\r".into(),
        0x27 => "\\'".into(),
        0x5C => "\\\\".into(),
        _ => format!("\\x{:02X}", c),
    }
}
