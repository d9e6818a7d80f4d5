// Number semantics: Number::toString, StringToNumber, ToInt32/ToUint32, %, ** and the shift operators.
#![forbid(unsafe_code)]

use crate::jsstr::trim_units;

/// Number::toString(x) with radix 10: shortest round-trip digits, exponent form at >= 1e21
/// and < 1e-6, "-0" printed as "0" (ECMA-262 6.1.6.1.20). One allocation: the String itself;
/// callers that copy the text elsewhere use `number_text` (no allocation at all).
pub fn to_js_string(x: f64) -> String {
    number_text(x).as_str().to_string()
}

/// Number::toString(x) as ASCII in a stack buffer (see `number_text`). The longest text is 25
/// bytes ("-0.000001234567890123456", "-1.7976931348623157e+308").
#[derive(Clone, Copy)]
pub struct NumText {
    buf: [u8; 32],
    len: usize,
}

impl NumText {
    #[inline]
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
    #[inline]
    pub fn as_str(&self) -> &str {
        // Only ASCII is ever written.
        std::str::from_utf8(self.as_bytes()).unwrap_or("")
    }
    #[inline]
    fn push(&mut self, b: u8) {
        self.buf[self.len] = b;
        self.len += 1;
    }
    #[inline]
    fn push_all(&mut self, bs: &[u8]) {
        self.buf[self.len..self.len + bs.len()].copy_from_slice(bs);
        self.len += bs.len();
    }
    fn of(s: &[u8]) -> NumText {
        let mut t = NumText { buf: [0; 32], len: 0 };
        t.push_all(s);
        t
    }
}

/// A `core::fmt::Write` over a fixed stack buffer: Rust's float formatting without a String.
/// `{:e}` of a double is at most 23 bytes ("-1.7976931348623157e308").
struct StackWriter {
    buf: [u8; 32],
    len: usize,
}

impl std::fmt::Write for StackWriter {
    #[inline]
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let b = s.as_bytes();
        let end = self.len + b.len();
        if end > self.buf.len() {
            return Err(std::fmt::Error);
        }
        self.buf[self.len..end].copy_from_slice(b);
        self.len = end;
        Ok(())
    }
}

/// The shortest round-trip decimal digits of a finite x > 0: digits[..len] and n with
/// x = 0.digits × 10^n (at most 17 digits, no trailing zero).
struct Shortest {
    digits: [u8; 17],
    len: usize,
    n: i32,
}

/// Number::toString(x), written into a stack buffer: no heap allocation (except in the rare
/// exact-tie check of `shortest`). Integers below 2^53 and short decimals (`72.94`) take fast
/// paths; every other number gets Rust's shortest round-trip digits (Grisu, Dragon fallback)
/// laid out by the spec's rules.
pub fn number_text(x: f64) -> NumText {
    if x.is_nan() {
        return NumText::of(b"NaN");
    }
    if x == 0.0 {
        return NumText::of(b"0");
    }
    if x.is_infinite() {
        return NumText::of(if x > 0.0 { b"Infinity" } else { b"-Infinity" });
    }
    let mut out = NumText { buf: [0; 32], len: 0 };
    // Integers below 2^53 print as themselves (and never reach exponent form). The round trip
    // through i64, not `x.trunc()`: without SSE4.1 that is a libm call.
    if x.abs() < 9007199254740992.0 && (x as i64) as f64 == x {
        let mut v = x as i64;
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        loop {
            at -= 1;
            digits[at] = b'0' + (v % 10).unsigned_abs() as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        if x < 0.0 {
            out.push(b'-');
        }
        out.push_all(&digits[at..]);
        return out;
    }
    if x < 0.0 {
        out.push(b'-');
    }
    let a = x.abs();
    if short_decimal(a, &mut out) {
        return out;
    }
    let s = shortest(a);
    lay_out(&s.digits[..s.len], s.n, &mut out);
    out
}

/// Exact powers of ten: every one up to 1e22 is a double.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
    1e21, 1e22,
];

/// Number::toString of a > 0 with a short decimal form (`72.94`, `0.5`): at most 15
/// significant digits, 1e-6 <= a < 1e15, so fixed notation. Tries k = 1, 2, .. fraction
/// digits: m = round(a·10^k) is the only k-digit candidate that can round-trip (candidates are
/// 10^-k apart, more than four ulps of a at 15 digits, and the float product is within 1/16 of
/// the exact one), and m / 10^k, both exact doubles, is correctly rounded, i.e. exactly what
/// parsing the digits gives: equal to a means they round-trip. The first k that does is the
/// shortest, the closest, and has no trailing zero. False (nothing written): the general path
/// decides. At most SHORT_DECIMAL_TRIES fraction digits are tried: numbers with more (sums and
/// products such as 37.019999999999996) are cheaper to hand to Grisu than to try all 15.
fn short_decimal(a: f64, out: &mut NumText) -> bool {
    if !(1e-6..1e15).contains(&a) {
        return false;
    }
    for (i, &p10) in POW10[1..=SHORT_DECIMAL_TRIES].iter().enumerate() {
        let k = i + 1;
        let t = a * p10;
        if t >= 1e15 {
            return false;
        }
        // round(t) for 0 <= t < 2^52: t + 0.5 is exact there, and truncation floors it
        // (`f64::round` is a libm call without SSE4.1; i64, not u64: one instruction).
        let mi = (t + 0.5) as i64;
        let m = mi as f64;
        if m < 1e15 && m / p10 == a {
            // Written from the last digit back: k fraction digits, '.', the integer part (at
            // least "0"). At most 15 + 1 + 6 bytes.
            let mut m = mi as u64;
            let mut buf = [0u8; 24];
            let mut at = buf.len();
            for _ in 0..k {
                at -= 1;
                buf[at] = b'0' + (m % 10) as u8;
                m /= 10;
            }
            at -= 1;
            buf[at] = b'.';
            loop {
                at -= 1;
                buf[at] = b'0' + (m % 10) as u8;
                m /= 10;
                if m == 0 {
                    break;
                }
            }
            out.push_all(&buf[at..]);
            return true;
        }
    }
    false
}

/// How many fraction digits short_decimal tries (see there): 3 covers prices and the like;
/// on the CPU benchmark's transform numbers (a third of them short) 3 tries measured ~55 ns a
/// number, 15 tries ~65 ns, none (Grisu only) ~90 ns.
const SHORT_DECIMAL_TRIES: usize = 3;

/// The spec's layout (ECMA-262 6.1.6.1.20 steps 6-10) of x = 0.digits × 10^n, sign written.
fn lay_out(digits: &[u8], n: i32, out: &mut NumText) {
    let k = digits.len() as i32;
    if k <= n && n <= 21 {
        out.push_all(digits);
        for _ in 0..(n - k) {
            out.push(b'0');
        }
    } else if 0 < n && n <= 21 {
        out.push_all(&digits[..n as usize]);
        out.push(b'.');
        out.push_all(&digits[n as usize..]);
    } else if -6 < n && n <= 0 {
        out.push_all(b"0.");
        for _ in 0..(-n) {
            out.push(b'0');
        }
        out.push_all(digits);
    } else {
        out.push(digits[0]);
        if k > 1 {
            out.push(b'.');
            out.push_all(&digits[1..]);
        }
        out.push(b'e');
        let e = n - 1;
        out.push(if e >= 0 { b'+' } else { b'-' });
        let e = e.unsigned_abs();
        if e >= 100 {
            out.push(b'0' + (e / 100) as u8);
        }
        if e >= 10 {
            out.push(b'0' + (e / 10 % 10) as u8);
        }
        out.push(b'0' + (e % 10) as u8);
    }
}

/// The shortest round-trip digits of a finite x > 0 from Rust's `{:e}` (into a stack buffer),
/// with ECMAScript's choice between two equally close candidates (see `even_tie`).
fn shortest(x: f64) -> Shortest {
    use std::fmt::Write;
    let mut w = StackWriter { buf: [0; 32], len: 0 };
    let _ = write!(w, "{:e}", x);
    // The text is `d[.ddd]e[-]x`: at most 17 digits, exponent at most 3.
    let text = &w.buf[..w.len];
    let mut s = Shortest { digits: [0; 17], len: 1, n: 0 };
    let e = text.iter().rposition(|&c| c == b'e').unwrap_or(text.len());
    s.digits[0] = text[0];
    if e > 2 {
        let rest = &text[2..e.min(18)];
        s.digits[1..1 + rest.len()].copy_from_slice(rest);
        s.len += rest.len();
    }
    let mut exp: i32 = 0;
    let mut negative = false;
    for &c in text.get(e + 1..).unwrap_or(&[]) {
        if c == b'-' {
            negative = true;
        } else {
            exp = exp * 10 + (c - b'0') as i32;
        }
    }
    s.n = if negative { -exp } else { exp } + 1;
    let (len, n) = (s.len, s.n);
    even_tie(x, &mut s.digits[..len], n);
    s
}

/// The decimal text of an integer below 2^53 in magnitude as ASCII bytes (what Number::toString
/// gives it, "0" for -0): the text is `.0[.1..]`. None for any other number (NaN included).
#[inline]
pub fn integer_bytes(n: f64) -> Option<([u8; 20], usize)> {
    // The round trip through i64, not `n.trunc()`: without SSE4.1 that is a libm call.
    if !(n.abs() < 9007199254740992.0) || (n as i64) as f64 != n {
        return None;
    }
    let mut v = n as i64;
    let negative = v < 0;
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (v % 10).unsigned_abs() as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    if negative {
        at -= 1;
        digits[at] = b'-';
    }
    Some((digits, at))
}

/// integer_bytes as UTF-16 units, for strings: the units are `.0[.1..]`.
#[inline]
pub fn integer_units(n: f64) -> Option<([u16; 20], usize)> {
    let (bytes, at) = integer_bytes(n)?;
    let mut units = [0u16; 20];
    for i in at..bytes.len() {
        units[i] = u16::from(bytes[i]);
    }
    Some((units, at))
}

/// Number::toString(x) of a finite, non-zero number that is not an integer below 2^53, without
/// the fast path (tests compare the two).
pub fn to_js_string_generic(x: f64) -> String {
    let mut out = String::new();
    if x < 0.0 {
        out.push('-');
    }
    let (digits, n) = shortest_digits(x.abs());
    let k = digits.len() as i32;
    if k <= n && n <= 21 {
        out.push_str(&digits);
        for _ in 0..(n - k) {
            out.push('0');
        }
    } else if 0 < n && n <= 21 {
        out.push_str(&digits[..n as usize]);
        out.push('.');
        out.push_str(&digits[n as usize..]);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        for _ in 0..(-n) {
            out.push('0');
        }
        out.push_str(&digits);
    } else {
        out.push_str(&digits[..1]);
        if k > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if n - 1 >= 0 { '+' } else { '-' });
        out.push_str(&(n - 1).abs().to_string());
    }
    out
}

/// The shortest decimal digits s and exponent n with x = 0.s × 10^n (x finite, > 0).
/// Rust's `{:e}` prints the shortest round-trip digits closest to x; when x lies exactly halfway
/// between two shortest candidates Rust rounds up, while ECMAScript wants the even one.
pub fn shortest_digits(x: f64) -> (String, i32) {
    let e = format!("{:e}", x);
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let digits: String = mant.chars().filter(|c| *c != '.').collect();
    let exp: i32 = exp.parse().unwrap_or(0);
    let n = exp + 1;
    let mut bytes = digits.into_bytes();
    even_tie(x, &mut bytes, n);
    (String::from_utf8(bytes).unwrap_or_default(), n)
}

/// Rust's shortest digits are the candidate closest to x; when x lies exactly halfway between
/// two shortest candidates Rust rounds up, while ECMAScript wants the even one: fixes digits
/// (x = 0.digits × 10^n) in place.
fn even_tie(x: f64, digits: &mut [u8], n: i32) {
    let k = digits.len();
    let last = digits[k - 1];
    // Two candidates one unit apart can both round-trip only when the unit is below x's ulp,
    // i.e. with 16 or 17 digits (a 15-digit unit is at least 1e-15·x > ulp ≈ 2.2e-16·x).
    if (last - b'0') % 2 == 1 && k >= 16 && crate::num_exact::may_tie(x) {
        // x exactly halfway between two shortest candidates that both round-trip: its exact
        // expansion has k+1 significant digits ending in 5. Then the even one wins.
        let (sig, sig_n) = crate::num_exact::exact_significant(x);
        if sig.len() == k + 1 && sig[k] == b'5' && sig_n == n {
            let mut other = digits.to_vec();
            if sig[..k] == other[..] {
                other[k - 1] += 1; // Rust chose the lower: odd + 1 never carries
            } else {
                other[k - 1] -= 1; // Rust chose the upper
            }
            // A tie only if the other candidate also round-trips (at a power of two the
            // interval below x is half as wide, so it may not).
            let other_text = String::from_utf8(other.clone()).unwrap_or_default();
            if format!("0.{}e{}", other_text, n).parse::<f64>().ok() == Some(x) {
                digits.copy_from_slice(&other);
            }
        }
    }
}

/// StringToNumber (ECMA-262 7.1.4.1.1) over UTF-16 units.
pub fn string_to_number(units: &[u16]) -> f64 {
    let s = trim_units(units);
    if s.is_empty() {
        return 0.0;
    }
    // Only ASCII can form a numeric literal; anything else is NaN.
    if s.iter().any(|&u| u >= 0x80) {
        return f64::NAN;
    }
    let b: Vec<u8> = s.iter().map(|&u| u as u8).collect();
    if b.len() > 2 && b[0] == b'0' {
        let radix_bits = match b[1] {
            b'x' | b'X' => Some(4),
            b'o' | b'O' => Some(3),
            b'b' | b'B' => Some(1),
            _ => None,
        };
        if let Some(bits) = radix_bits {
            return pow2_radix_digits(&b[2..], bits).unwrap_or(f64::NAN);
        }
    }
    match decimal_prefix(&b) {
        Some(len) if len == b.len() => parse_decimal(&b),
        _ => f64::NAN,
    }
}

/// The length of the longest prefix of b that is a StrDecimalLiteral (sign, Infinity, digits,
/// fraction, exponent), or None when no prefix is one.
pub fn decimal_prefix(b: &[u8]) -> Option<usize> {
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    if b[i..].starts_with(b"Infinity") {
        return Some(i + 8);
    }
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let int_digits = i - int_start;
    let mut frac_digits = 0;
    if i < b.len() && b[i] == b'.' {
        let mut j = i + 1;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        frac_digits = j - i - 1;
        if int_digits > 0 || frac_digits > 0 {
            i = j;
        }
    }
    if int_digits == 0 && frac_digits == 0 {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        let mut j = i + 1;
        if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
            j += 1;
        }
        let exp_start = j;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if j > exp_start {
            i = j;
        }
    }
    Some(i)
}

/// Parses a complete StrDecimalLiteral; Rust's parser rounds correctly, as the spec requires.
pub fn parse_decimal(b: &[u8]) -> f64 {
    let s = std::str::from_utf8(b).unwrap_or("");
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let v = if body == "Infinity" {
        f64::INFINITY
    } else {
        // Rust rejects exponents it cannot hold in its own parser only for absurd lengths;
        // clamp the exponent text so "1e999999999999" still means Infinity and "1e-99999999999" 0.
        parse_clamped(body)
    };
    if neg {
        -v
    } else {
        v
    }
}

fn parse_clamped(body: &str) -> f64 {
    if let Some(epos) = body.find(|c| c == 'e' || c == 'E') {
        let (mant, exp) = body.split_at(epos);
        let exp = &exp[1..];
        let (eneg, edigits) = match exp.as_bytes().first() {
            Some(b'-') => (true, &exp[1..]),
            Some(b'+') => (false, &exp[1..]),
            _ => (false, exp),
        };
        let trimmed = edigits.trim_start_matches('0');
        if trimmed.len() > 9 {
            // |exponent| >= 1e9: the value is 0 or Infinity unless the mantissa is zero.
            let mant_zero = mant.bytes().all(|c| c == b'0' || c == b'.');
            return if mant_zero || eneg { 0.0 } else { f64::INFINITY };
        }
        let mut m = String::from(if mant.starts_with('.') { "0" } else { "" });
        m.push_str(mant);
        if m.ends_with('.') {
            m.push('0');
        }
        let text = format!("{}e{}{}", m, if eneg { "-" } else { "" }, if trimmed.is_empty() { "0" } else { trimmed });
        return text.parse::<f64>().unwrap_or(f64::NAN);
    }
    let mut m = String::from(if body.starts_with('.') { "0" } else { "" });
    m.push_str(body);
    if m.ends_with('.') {
        m.push('0');
    }
    m.parse::<f64>().unwrap_or(f64::NAN)
}

fn digit_value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some((c - b'0') as u32),
        b'a'..=b'z' => Some((c - b'a') as u32 + 10),
        b'A'..=b'Z' => Some((c - b'A') as u32 + 10),
        _ => None,
    }
}

/// The exact value of digits in radix 2^bits, rounded to nearest-even: None when a character
/// is not a digit of the radix or there are none.
pub fn pow2_radix_digits(digits: &[u8], bits: u32) -> Option<f64> {
    if digits.is_empty() {
        return None;
    }
    let radix = 1u32 << bits;
    let mut all_bits: Vec<bool> = Vec::with_capacity(digits.len() * bits as usize);
    for &c in digits {
        let d = digit_value(c).filter(|&d| d < radix)?;
        for k in (0..bits).rev() {
            all_bits.push((d >> k) & 1 == 1);
        }
    }
    Some(bits_to_f64(&all_bits))
}

/// A big unsigned integer given as bits (most significant first), rounded to nearest-even.
fn bits_to_f64(bits: &[bool]) -> f64 {
    let first = match bits.iter().position(|&b| b) {
        Some(p) => p,
        None => return 0.0,
    };
    let bits = &bits[first..];
    if bits.len() <= 53 {
        let mut m: u64 = 0;
        for &b in bits {
            m = (m << 1) | b as u64;
        }
        return m as f64;
    }
    let mut m: u64 = 0;
    for &b in &bits[..53] {
        m = (m << 1) | b as u64;
    }
    let round = bits[53];
    let sticky = bits[54..].iter().any(|&b| b);
    if round && (sticky || (m & 1) == 1) {
        m += 1;
    }
    let shift = (bits.len() - 53) as i32;
    (m as f64) * 2f64.powi(shift)
}

/// ToInt32 (ECMA-262 7.1.6).
#[inline]
pub fn to_int32(x: f64) -> i32 {
    if x.is_finite() && x.abs() < 2147483648.0 {
        return x as i32; // truncation is exact in range
    }
    to_uint32(x) as i32
}

/// ToUint32 (ECMA-262 7.1.7).
#[inline]
pub fn to_uint32(x: f64) -> u32 {
    if !x.is_finite() {
        return 0;
    }
    let mut m = x.trunc() % 4294967296.0;
    if m < 0.0 {
        m += 4294967296.0;
    }
    m as u32
}

/// The % operator in generated code: num::rem_rounding when the handler is built with SSE4.1
/// (`trunc` is then one `roundsd`), else num::rem. A macro for the reason given at floor_f64!.
#[macro_export]
macro_rules! rem_f64 {
    ($a:expr, $b:expr) => {{
        let (a, b): (f64, f64) = ($a, $b);
        if cfg!(target_feature = "sse4.1") {
            $crate::num::rem_rounding(a, b)
        } else {
            $crate::num::rem(a, b)
        }
    }};
}

/// num::rem with the integer case computed in floating point, `a - trunc(a / b) * b`: no
/// conversions and no `idiv`, and `a / b` is the same division as a `Math.floor(a / b)` next to
/// it (LLVM computes it once: BFS's `row` and `col`). Only for a handler built with SSE4.1
/// (rem_f64!): elsewhere `f64::trunc` is a library call.
///
/// Exact for integers a, b with |a|, |b| < 2^53, b != 0 (the integer path of num::rem):
/// if a/b is an integer n, fl(a/b) = n. Otherwise a/b lies at least 1/|b| from every integer
/// (a = q*b + r with 0 < |r| < |b|), and rounding moves it by at most |a/b| * 2^-53 < 1/|b|
/// since |a| < 2^53: fl(a/b) stays strictly between the same two integers, so its trunc is q.
/// Then |q*b| <= |a| < 2^53 is exact, and so is a - q*b = r. A zero takes a's sign, as fmod.
#[inline(always)]
pub fn rem_rounding(a: f64, b: f64) -> f64 {
    const LIMIT: f64 = 9007199254740992.0; // 2^53
    if a.abs() < LIMIT && b.abs() < LIMIT && b != 0.0 && a.trunc() == a && b.trunc() == b {
        let r = a - (a / b).trunc() * b;
        return if r == 0.0 { 0.0f64.copysign(a) } else { r };
    }
    rem(a, b)
}

/// The % operator: IEEE fmod, which is what Number::remainder specifies (sign of the dividend).
/// Integers below 2^53 (loop counters, hashes) take an exact integer remainder: fmod is a
/// software loop in Rust's libm, about 250 instructions, and this is about 30.
#[inline(always)]
pub fn rem(a: f64, b: f64) -> f64 {
    const LIMIT: f64 = 9007199254740992.0; // 2^53: every integer below is exact in both types
    if a.abs() < LIMIT && b.abs() < LIMIT && b != 0.0 {
        let (x, y) = (a as i64, b as i64);
        if x as f64 == a && y as f64 == b {
            // Same value as fmod; a zero result takes the dividend's sign (-4 % 2 is -0).
            let r = (x % y) as f64;
            return if r == 0.0 { 0.0f64.copysign(a) } else { r };
        }
    }
    a % b
}

/// Math.floor in generated code: `f64::floor` (one `roundsd`) when the handler is built with
/// SSE4.1 (the compiler's builder enables it on a CPU that has it), else num::floor. A macro so
/// that `cfg!` is decided where it expands, in the handler's crate: inside this crate it would
/// be this rlib's baseline target. Both are exactly IEEE floor.
#[macro_export]
macro_rules! floor_f64 {
    ($x:expr) => {{
        let x: f64 = $x;
        if cfg!(target_feature = "sse4.1") {
            f64::floor(x)
        } else {
            $crate::num::floor(x)
        }
    }};
}

/// Math.floor of a number, exactly IEEE floor (which keeps -0 and NaN, as Math.floor does):
/// by rounding with ±2^52, because baseline x86-64 has no rounding instruction and
/// `f64::floor` is a software routine there.
#[inline(always)]
pub fn floor(x: f64) -> f64 {
    // Below 2^52 in magnitude, x + m (m = 2^52 with x's sign) lies in [2^52, 2^53) or its
    // negative, where the doubles are exactly the integers: the sum is x rounded to an integer,
    // and subtracting m again is exact, so t is an integer within 1/2 of x. Shorter on the
    // dependency chain than `as i64 as f64` (two conversions and the saturation tests of `as`):
    // Math.floor(cell / size) in BFS. Beyond 2^52, x is already an integer.
    const TWO52: f64 = 4503599627370496.0;
    if x.abs() < TWO52 {
        let m = TWO52.copysign(x);
        let t = (x + m) - m;
        let r = if t > x { t - 1.0 } else { t };
        // A zero result takes x's sign: floor(-0) is -0, floor(0.5) is +0.
        return if r == 0.0 { 0.0f64.copysign(x) } else { r };
    }
    x.floor() // NaN, the infinities, and integers of 2^52 and more
}

/// The ** operator: Number::exponentiate. V8 computes it with its fdlibm port, which we do not
/// reproduce; this returns None wherever our result could differ from V8's in the last bit, so
/// the caller aborts instead of guessing.
pub fn pow(base: f64, exp: f64) -> Option<f64> {
    if exp.is_nan() {
        return Some(f64::NAN);
    }
    if exp == 0.0 {
        return Some(1.0);
    }
    if base.is_nan() {
        return Some(f64::NAN);
    }
    if exp.is_infinite() && base.abs() == 1.0 {
        return Some(f64::NAN); // IEEE pow says 1; ECMAScript says NaN
    }
    if exp.is_infinite() || base.is_infinite() || base == 0.0 {
        return Some(base.powf(exp)); // the special-value table of IEEE pow matches the spec here
    }
    // V8's pow (fdlibm) answers these exponents with one correctly rounded operation, as its
    // optimizing tiers do (checked against Node on random operands in the differential tests).
    if exp == 2.0 {
        return Some(base * base);
    }
    if exp == 0.5 {
        return Some((base + 0.0).sqrt()); // -0 ** 0.5 is +0; -Infinity was handled above
    }
    if exp == -1.0 {
        return Some(1.0 / base);
    }
    if exp == 1.0 {
        return Some(base);
    }
    if exp == exp.trunc() && exp.abs() <= 64.0 {
        // Integer exponent: exact when every product of square-and-multiply is exact.
        let mut result = 1.0f64;
        let mut b = base;
        let mut n = exp.abs() as u32;
        let mut exact = true;
        while n > 0 {
            if n & 1 == 1 {
                exact &= product_is_exact(result, b);
                result *= b;
            }
            n >>= 1;
            if n > 0 {
                exact &= product_is_exact(b, b);
                b *= b;
            }
        }
        if exact && result.is_finite() && result != 0.0 {
            if exp > 0.0 {
                return Some(result);
            }
            // 1/result rounds once; exact only when result is a power of two.
            if result.abs().log2().fract() == 0.0 && (1.0 / result).is_finite() && (1.0 / result) != 0.0 {
                return Some(1.0 / result);
            }
        }
        return None;
    }
    None
}

/// True when a*b is exactly representable (fma gives the rounding error of the product).
fn product_is_exact(a: f64, b: f64) -> bool {
    let p = a * b;
    if !p.is_finite() || (p != 0.0 && p.abs() < f64::MIN_POSITIVE) {
        return false;
    }
    a.mul_add(b, -p) == 0.0
}

/// The << operator on numbers.
#[inline]
pub fn shl(a: f64, b: f64) -> f64 {
    to_int32(a).wrapping_shl(to_uint32(b) & 31) as f64
}
/// The >> operator on numbers.
#[inline]
pub fn shr(a: f64, b: f64) -> f64 {
    (to_int32(a) >> (to_uint32(b) & 31)) as f64
}
/// The >>> operator on numbers.
#[inline]
pub fn ushr(a: f64, b: f64) -> f64 {
    (to_uint32(a) >> (to_uint32(b) & 31)) as f64
}

/// Number.prototype.toString(radix) for radix != 10: exact for integers below 2^53 only.
pub fn to_radix_string(x: f64, radix: u32) -> Option<String> {
    if x.is_nan() {
        return Some("NaN".into());
    }
    if x.is_infinite() {
        return Some(if x > 0.0 { "Infinity".into() } else { "-Infinity".into() });
    }
    if x != x.trunc() || x.abs() >= 9007199254740992.0 {
        return None;
    }
    let mut n = x.abs() as u64;
    if n == 0 {
        return Some("0".into());
    }
    let mut digits = Vec::new();
    while n > 0 {
        let d = (n % radix as u64) as u32;
        digits.push(std::char::from_digit(d, radix).unwrap_or('?'));
        n /= radix as u64;
    }
    if x < 0.0 {
        digits.push('-');
    }
    Some(digits.iter().rev().collect())
}

/// `a + b` of two integer locals (the compiler's Rep::kInt, pass_int_locals.cc: integers of
/// magnitude at most 2^53, held as i64): the exact sum, which is the double JavaScript computes,
/// or an abort when its magnitude passes 2^53 (where doubles start rounding; Node.js answers
/// then). Never -0: the locals hold no -0.
#[inline(always)]
pub fn add_int(a: i64, b: i64) -> crate::abort::R<i64> {
    int_in_range(a + b) // |a|, |b| <= 2^53: no i64 overflow
}

/// `a - b` of two integer locals (as add_int).
#[inline(always)]
pub fn sub_int(a: i64, b: i64) -> crate::abort::R<i64> {
    int_in_range(a - b)
}

/// `a * b` of two integer locals: the exact product, the double JavaScript computes while its
/// magnitude is at most 2^53, or an abort past that (checked_mul: |a|, |b| <= 2^53 can overflow
/// i64) and for a zero product with a negative operand (`0 * -5` is -0, which no integer local
/// holds). `hash * 31` of a hash loop.
#[inline(always)]
pub fn mul_int(a: i64, b: i64) -> crate::abort::R<i64> {
    match a.checked_mul(b) {
        Some(p) if p != 0 || (a | b) >= 0 => int_in_range(p),
        Some(_) => Err(int_not_integer()),
        None => Err(int_range()),
    }
}

/// `a % b` of two integer locals: Rust's `%` truncates as ECMAScript's does (the result takes
/// a's sign, |r| < |b|), exact for |a|, |b| <= 2^53. Aborts where the answer is not an integer
/// local's: NaN (b == 0) and -0 (a zero remainder of a negative a: `-4 % 2`). A constant b
/// (`% 1000000007`) becomes a multiplication, without the division of rem_f64!.
#[inline(always)]
pub fn rem_int(a: i64, b: i64) -> crate::abort::R<i64> {
    if b == 0 {
        return Err(int_not_integer());
    }
    let r = a % b;
    if r == 0 && a < 0 {
        return Err(int_not_integer());
    }
    Ok(r)
}

#[inline(always)]
fn int_in_range(x: i64) -> crate::abort::R<i64> {
    // -2^53 <= x <= 2^53 as one unsigned comparison (x + 2^53 cannot overflow: |x| <= 2^54).
    // Measured: `x.unsigned_abs() <= 2^53` made the CPU benchmark's sieve 4% slower.
    const LIMIT: i64 = 1 << 53;
    if (x + LIMIT) as u64 <= (2 * LIMIT) as u64 {
        Ok(x)
    } else {
        Err(int_range())
    }
}

#[cold]
#[inline(never)]
fn int_range() -> crate::abort::Abort {
    crate::abort::Abort::guard(None, "an integer local passed 2^53")
}

#[cold]
#[inline(never)]
fn int_not_integer() -> crate::abort::Abort {
    crate::abort::Abort::guard(None, "an integer local would hold -0 or NaN")
}
