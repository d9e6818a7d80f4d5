// Date objects: `new Date(…)`, their getters, toISOString/toJSON, Date.UTC and Date.parse, exact as V8 or an abort.
#![forbid(unsafe_code)]

use crate::abort::{Abort, R};
use crate::builtins::Builtin;
use crate::ctx::Ctx;
use crate::host::HostVal;
use crate::jsstr::JsStr;
use crate::value::Value;
use std::rc::Rc;
use std::sync::OnceLock;

const MS_PER_DAY: f64 = 86_400_000.0;
const MAX_TIME: f64 = 8.64e15;

/// A Date's [[DateValue]]: a time value (integral ms since the epoch, |t| <= 8.64e15) or NaN.
/// Immutable here: the setters are not implemented (they abort), nor are own properties.
#[derive(Debug)]
pub struct DateObj {
    pub time: f64,
}

/// A new Date object holding `time` (already TimeClipped).
pub fn date_value(ctx: &mut Ctx, time: f64) -> R<Value> {
    ctx.charge(48)?;
    Ok(Value::Host(HostVal::Date(Rc::new(DateObj { time }))))
}

/// TimeClip (ECMA-262 21.4.1.31): NaN outside ±8.64e15, integral, -0 as +0.
pub fn time_clip(t: f64) -> f64 {
    if !t.is_finite() || t.abs() > MAX_TIME {
        return f64::NAN;
    }
    t.trunc() + 0.0
}

/// Whether local time is UTC in this process: TZ unset (or "UTC"/"Etc/UTC") and /etc/localtime
/// absent or a link to a UTC zone, as Node.js (ICU) would find it. Decided once, as Node.js
/// reads the zone once at startup. Anything else: local-time operations abort.
pub fn local_is_utc() -> bool {
    static UTC: OnceLock<bool> = OnceLock::new();
    *UTC.get_or_init(|| {
        match std::env::var_os("TZ") {
            None => {}
            Some(tz) if tz == "UTC" || tz == "Etc/UTC" => return true,
            Some(_) => return false,
        }
        match std::fs::symlink_metadata("/etc/localtime") {
            Err(e) => e.kind() == std::io::ErrorKind::NotFound,
            Ok(_) => match std::fs::read_link("/etc/localtime") {
                Ok(target) => {
                    let t = target.to_string_lossy();
                    t.ends_with("/Etc/UTC") || t.ends_with("zoneinfo/UTC")
                }
                Err(_) => false,
            },
        }
    })
}

/// Whether the local zone is UTC by name, as ICU names it in Date.prototype.toString
/// ("Coordinated Universal Time"): TZ "UTC"/"Etc/UTC", or TZ unset and /etc/localtime a link to
/// a UTC zone (without /etc/localtime ICU's name for the zone is not known here).
pub fn local_zone_named_utc() -> bool {
    static NAMED: OnceLock<bool> = OnceLock::new();
    *NAMED.get_or_init(|| {
        local_is_utc() && (std::env::var_os("TZ").is_some() || std::fs::read_link("/etc/localtime").is_ok())
    })
}

fn require_utc(what: &str) -> R<()> {
    if local_is_utc() {
        Ok(())
    } else {
        Err(Abort::unsupported(format!("{} in a local time zone other than UTC", what)))
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (month 1-12; day may overflow).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// (year, month 1-12, day 1-31) of a day number.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// The UTC fields of a finite time value.
#[derive(Debug, PartialEq)]
pub struct Fields {
    pub year: i64,
    pub month: i64, // 0-11
    pub day: i64,   // 1-31
    pub weekday: i64,
    pub hour: i64,
    pub minute: i64,
    pub second: i64,
    pub ms: i64,
}

pub fn fields(t: f64) -> Fields {
    let t = t as i64;
    let day = t.div_euclid(86_400_000);
    let in_day = t.rem_euclid(86_400_000);
    let (year, month, d) = civil_from_days(day);
    Fields {
        year,
        month: month - 1,
        day: d,
        weekday: (4 + day).rem_euclid(7),
        hour: in_day / 3_600_000,
        minute: in_day / 60_000 % 60,
        second: in_day / 1000 % 60,
        ms: in_day % 1000,
    }
}

/// V8's MakeDay (builtins-date.cc): NaN outside its year and month ranges.
fn make_day(year: f64, month: f64, date: f64) -> R<f64> {
    if !((-1_000_000.0..=1_000_000.0).contains(&year)
        && (-10_000_000.0..=10_000_000.0).contains(&month)
        && date.is_finite())
    {
        return Ok(f64::NAN);
    }
    let (mut y, mut m) = (year.trunc() as i64, month.trunc() as i64);
    y += m / 12;
    m %= 12;
    if m < 0 {
        m += 12;
        y -= 1;
    }
    if y.abs() > 300_000 {
        // Past ±300000 years (1.095e8 days) a date within ±1e6 days cannot come back inside
        // TimeClip's ±1e8 days: NaN. Otherwise V8's day count there (C integer arithmetic off
        // the proleptic calendar) is not followed.
        if date.abs() <= 1e6 {
            return Ok(f64::NAN);
        }
        return Err(Abort::unsupported("Date: a year beyond ±300000"));
    }
    Ok(days_from_civil(y, m + 1, 1) as f64 - 1.0 + date.trunc())
}

/// V8's MakeTime.
fn make_time(h: f64, m: f64, s: f64, ms: f64) -> f64 {
    if !(h.is_finite() && m.is_finite() && s.is_finite() && ms.is_finite()) {
        return f64::NAN;
    }
    h.trunc() * 3_600_000.0 + m.trunc() * 60_000.0 + s.trunc() * 1000.0 + ms.trunc()
}

/// V8's MakeDate.
fn make_date(day: f64, time: f64) -> f64 {
    if !(day.is_finite() && time.is_finite()) {
        return f64::NAN;
    }
    if time == 0.0 && day != 0.0 {
        return day * MS_PER_DAY;
    }
    time + day * MS_PER_DAY
}

/// Date.prototype.toISOString's text; None for an invalid date (RangeError in JavaScript).
pub fn iso_string(t: f64) -> Option<String> {
    if t.is_nan() {
        return None;
    }
    let f = fields(t);
    let year = if (0..=9999).contains(&f.year) {
        format!("{:04}", f.year)
    } else {
        format!("{}{:06}", if f.year < 0 { '-' } else { '+' }, f.year.abs())
    };
    Some(format!("{}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", year, f.month + 1, f.day, f.hour, f.minute, f.second, f.ms))
}

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// A year as V8's date strings print it: four digits at least, a minus sign before them.
fn year_text(y: i64) -> String {
    if y < 0 {
        format!("-{:04}", -y)
    } else {
        format!("{:04}", y)
    }
}

/// Date.prototype.toUTCString's text ("Thu, 01 Jan 1970 00:00:00 GMT", "Invalid Date").
pub fn utc_string(t: f64) -> String {
    if t.is_nan() {
        return "Invalid Date".to_string();
    }
    let f = fields(t);
    format!(
        "{}, {:02} {} {} {:02}:{:02}:{:02} GMT",
        WEEKDAYS[f.weekday as usize],
        f.day,
        MONTHS[f.month as usize],
        year_text(f.year),
        f.hour,
        f.minute,
        f.second
    )
}

/// Date.prototype.toString's text in a zone named UTC.
pub fn local_string(t: f64) -> String {
    if t.is_nan() {
        return "Invalid Date".to_string();
    }
    let f = fields(t);
    format!(
        "{} {} {:02} {} {:02}:{:02}:{:02} GMT+0000 (Coordinated Universal Time)",
        WEEKDAYS[f.weekday as usize],
        MONTHS[f.month as usize],
        f.day,
        year_text(f.year),
        f.hour,
        f.minute,
        f.second
    )
}

pub fn to_utc_string(ctx: &mut Ctx, this: &Value, _args: &[Value]) -> R<Value> {
    let s = utc_string(this_time(this)?);
    ctx.charge(48)?;
    Ok(Value::String(JsStr::from_str(&s)))
}

/// toString: only where the zone's name is known to be ICU's "Coordinated Universal Time".
pub fn to_string(ctx: &mut Ctx, this: &Value, _args: &[Value]) -> R<Value> {
    let t = this_time(this)?;
    if !local_zone_named_utc() {
        return Err(Abort::unsupported("Date.prototype.toString outside a zone named UTC"));
    }
    ctx.charge(80)?;
    Ok(Value::String(JsStr::from_str(&local_string(t))))
}

/// What util.inspect prints for a Date (console.log): its ISO string, or "Invalid Date".
pub fn inspect_text(d: &DateObj) -> String {
    iso_string(d.time).unwrap_or_else(|| "Invalid Date".to_string())
}

/// Parses the ECMAScript date-time string format (21.4.1.32) as V8 reads it. Ok(time value) for
/// the forms whose meaning is certain (a date-only form, a date-time with Z or an offset, or one
/// without under a UTC local zone); anything else aborts: V8's legacy parser takes over there,
/// with rules not followed here.
pub fn parse(s: &[u16]) -> R<f64> {
    let unsupported = || Abort::unsupported("Date: a string outside the ECMAScript date-time format");
    let mut p = Cursor { s, i: 0 };
    let year = match p.peek() {
        Some(c) if c == b'+' as u16 || c == b'-' as u16 => {
            p.i += 1;
            let y = p.digits(6).ok_or_else(unsupported)?;
            if y == 0 && c == b'-' as u16 {
                return Err(unsupported()); // -000000 is not a year (V8's legacy parser reads it)
            }
            if c == b'-' as u16 {
                -y
            } else {
                y
            }
        }
        _ => p.digits(4).ok_or_else(unsupported)?,
    };
    let (mut month, mut day) = (1, 1);
    if p.eat(b'-') {
        month = p.digits(2).ok_or_else(unsupported)?;
        if p.eat(b'-') {
            day = p.digits(2).ok_or_else(unsupported)?;
        }
    }
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return Err(unsupported());
    }
    let (mut hour, mut minute, mut second, mut ms) = (0, 0, 0, 0);
    let mut offset_min: Option<i64> = Some(0); // date-only forms are UTC
    if p.eat(b'T') {
        hour = p.digits(2).ok_or_else(unsupported)?;
        if !p.eat(b':') {
            return Err(unsupported());
        }
        minute = p.digits(2).ok_or_else(unsupported)?;
        if p.eat(b':') {
            second = p.digits(2).ok_or_else(unsupported)?;
            if p.eat(b'.') {
                let start = p.i;
                while p.peek().is_some_and(|c| (b'0' as u16..=b'9' as u16).contains(&c)) && p.i - start < 4 {
                    p.i += 1;
                }
                let n = p.i - start;
                if n == 0 || n > 3 {
                    return Err(unsupported());
                }
                p.i = start;
                ms = p.digits(n).ok_or_else(unsupported)? * [100, 10, 1][n - 1];
            }
        }
        if hour > 24 || minute > 59 || second > 59 || (hour == 24 && (minute | second | ms) != 0) {
            return Err(unsupported());
        }
        offset_min = if p.eat(b'Z') {
            Some(0)
        } else if let Some(c) = p.peek().filter(|&c| c == b'+' as u16 || c == b'-' as u16) {
            p.i += 1;
            let oh = p.digits(2).ok_or_else(unsupported)?;
            if !p.eat(b':') {
                return Err(unsupported());
            }
            let om = p.digits(2).ok_or_else(unsupported)?;
            if oh > 23 || om > 59 {
                return Err(unsupported());
            }
            let m = oh * 60 + om;
            Some(if c == b'-' as u16 { -m } else { m })
        } else {
            None // local time
        };
    }
    if p.i != s.len() {
        return Err(unsupported());
    }
    if offset_min.is_none() {
        require_utc("Date: a date-time without an offset (local time)")?;
    }
    let day = make_day(year as f64, (month - 1) as f64, day as f64)?;
    let t = make_date(day, make_time(hour as f64, minute as f64, second as f64, ms as f64));
    Ok(time_clip(t - offset_min.unwrap_or(0) as f64 * 60_000.0))
}

struct Cursor<'a> {
    s: &'a [u16],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u16> {
        self.s.get(self.i).copied()
    }
    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c as u16) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    /// Exactly n ASCII digits.
    fn digits(&mut self, n: usize) -> Option<i64> {
        let mut v = 0i64;
        for _ in 0..n {
            let c = self.peek()?;
            if !(b'0' as u16..=b'9' as u16).contains(&c) {
                return None;
            }
            v = v * 10 + (c - b'0' as u16) as i64;
            self.i += 1;
        }
        Some(v)
    }
}

/// `new Date(...args)`: no argument (the clock, as Date.now reads it: effect `now`), a number
/// (TimeClip), a string (the ECMAScript format, `parse`), a Date (its time value). Anything
/// else aborts.
pub fn construct(ctx: &mut Ctx, args: &[Value]) -> R<Value> {
    let t = match args {
        [] => match crate::effects::date_now(ctx, &Value::Undefined, &[])? {
            Value::Number(n) => n,
            _ => return Err(Abort::unsupported("Date: the clock")),
        },
        [Value::Number(n)] => time_clip(*n),
        [Value::String(s)] => parse(&s.units())?,
        [Value::Host(HostVal::Date(d))] => d.time,
        _ => return Err(Abort::unsupported("new Date with these arguments")),
    };
    date_value(ctx, t)
}

/// `Date.UTC(year, month = 0, date = 1, h = 0, m = 0, s = 0, ms = 0)`.
pub fn date_utc(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    let mut n = [f64::NAN, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0];
    for (i, a) in args.iter().take(7).enumerate() {
        n[i] = crate::coerce::to_number(ctx, a)?;
    }
    let mut year = n[0];
    if !year.is_nan() {
        let y = year.trunc();
        if (0.0..=99.0).contains(&y) {
            year = 1900.0 + y;
        }
    }
    let day = make_day(year, n[1], n[2])?;
    Ok(Value::Number(time_clip(make_date(day, make_time(n[3], n[4], n[5], n[6])))))
}

/// `Date.parse(s)` for a string argument (the rule of `parse`).
pub fn date_parse(_ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    match args.first() {
        Some(Value::String(s)) => Ok(Value::Number(parse(&s.units())?)),
        _ => Err(Abort::unsupported("Date.parse of a value that is not a string")),
    }
}

fn this_time(this: &Value) -> R<f64> {
    match this {
        Value::Host(HostVal::Date(d)) => Ok(d.time),
        _ => Err(Abort::throw("TypeError: this is not a Date object.")),
    }
}

pub fn get_time(_ctx: &mut Ctx, this: &Value, _args: &[Value]) -> R<Value> {
    Ok(Value::Number(this_time(this)?))
}

pub fn to_iso_string(ctx: &mut Ctx, this: &Value, _args: &[Value]) -> R<Value> {
    match iso_string(this_time(this)?) {
        Some(s) => {
            ctx.charge(48)?;
            Ok(Value::String(JsStr::from_str(&s)))
        }
        None => Err(Abort::throw("RangeError: Invalid time value")),
    }
}

/// toJSON: null for an invalid date (its ToPrimitive is not finite), else toISOString.
pub fn to_json(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    if this_time(this)?.is_nan() {
        return Ok(Value::Null);
    }
    to_iso_string(ctx, this, args)
}

fn field(this: &Value, pick: fn(&Fields) -> i64) -> R<Value> {
    let t = this_time(this)?;
    Ok(Value::Number(if t.is_nan() { f64::NAN } else { pick(&fields(t)) as f64 }))
}

fn local_field(this: &Value, what: &str, pick: fn(&Fields) -> i64) -> R<Value> {
    require_utc(what)?;
    field(this, pick)
}

macro_rules! getters {
    ($( $utc:ident, $local:ident, $name:literal => $pick:expr; )*) => {
        $(
            pub fn $utc(_ctx: &mut Ctx, this: &Value, _args: &[Value]) -> R<Value> {
                field(this, $pick)
            }
            pub fn $local(_ctx: &mut Ctx, this: &Value, _args: &[Value]) -> R<Value> {
                local_field(this, $name, $pick)
            }
        )*
    };
}

getters! {
    get_utc_full_year, get_full_year, "Date.prototype.getFullYear" => |f| f.year;
    get_utc_month, get_month, "Date.prototype.getMonth" => |f| f.month;
    get_utc_date, get_date, "Date.prototype.getDate" => |f| f.day;
    get_utc_day, get_day, "Date.prototype.getDay" => |f| f.weekday;
    get_utc_hours, get_hours, "Date.prototype.getHours" => |f| f.hour;
    get_utc_minutes, get_minutes, "Date.prototype.getMinutes" => |f| f.minute;
    get_utc_seconds, get_seconds, "Date.prototype.getSeconds" => |f| f.second;
    get_utc_milliseconds, get_milliseconds, "Date.prototype.getMilliseconds" => |f| f.ms;
}

pub fn get_timezone_offset(_ctx: &mut Ctx, this: &Value, _args: &[Value]) -> R<Value> {
    require_utc("Date.prototype.getTimezoneOffset")?;
    let t = this_time(this)?;
    Ok(Value::Number(if t.is_nan() { f64::NAN } else { 0.0 }))
}

/// Date.prototype's members in Node 20, for the misses that must abort rather than read undefined.
const DATE_PROTO: &[&str] = &[
    "constructor",
    "toString",
    "toDateString",
    "toTimeString",
    "toISOString",
    "toUTCString",
    "toGMTString",
    "getDate",
    "setDate",
    "getDay",
    "getFullYear",
    "setFullYear",
    "getHours",
    "setHours",
    "getMilliseconds",
    "setMilliseconds",
    "getMinutes",
    "setMinutes",
    "getMonth",
    "setMonth",
    "getSeconds",
    "setSeconds",
    "getTime",
    "setTime",
    "getTimezoneOffset",
    "getUTCDate",
    "setUTCDate",
    "getUTCDay",
    "getUTCFullYear",
    "setUTCFullYear",
    "getUTCHours",
    "setUTCHours",
    "getUTCMilliseconds",
    "setUTCMilliseconds",
    "getUTCMinutes",
    "setUTCMinutes",
    "getUTCMonth",
    "setUTCMonth",
    "getUTCSeconds",
    "setUTCSeconds",
    "valueOf",
    "getYear",
    "setYear",
    "toJSON",
    "toLocaleString",
    "toLocaleDateString",
    "toLocaleTimeString",
];

/// `d[key]` on a Date: the methods implemented (built-in function values), an abort for the
/// other members of Date.prototype and Object.prototype, undefined for any other name.
pub fn get_member(key: &str, object_proto: &[&str]) -> R<Value> {
    if DATE_PROTO.contains(&key) {
        return match Builtin::from_name(&format!("Date.prototype.{}", key)) {
            Some(b) => Ok(Value::builtin(b)),
            None => Err(Abort::unsupported(format!("Date.prototype.{} is not implemented", key))),
        };
    }
    if object_proto.contains(&key) {
        return Err(Abort::unsupported(format!("Object.prototype.{} of a Date", key)));
    }
    Ok(Value::Undefined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for z in [-100_000_000i64, -719468, -1, 0, 1, 59, 365, 11016, 100_000_000] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
    }
}
