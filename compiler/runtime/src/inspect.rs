// console.log formatting: Node 20's util.format and util.inspect for native values, or an abort.
#![forbid(unsafe_code)]

use crate::abort::{Abort, R};
use crate::coerce::{to_jsstr, to_number};
use crate::ctx::Ctx;
use crate::inspect_text::{key_name, pad, str_escape, string_width, ulen};
use crate::jsstr::JsStr;
use crate::num;
use crate::value::{Func, Value};

const BREAK_LENGTH: usize = 80;
const COMPACT: usize = 3;
const MAX_ARRAY_LENGTH: usize = 100;
const MAX_STRING_LENGTH: usize = 10000;
const MIN_LINE_LENGTH: usize = 16;
/// Output beyond this size aborts: Node's budget logic for huge outputs is not mirrored.
const MAX_OUTPUT: usize = 1 << 24;

/// util.format(...args) as console.log calls it, as the UTF-8 Node writes (lone surrogates of
/// the finished line become U+FFFD).
pub fn format(ctx: &mut Ctx, args: &[Value]) -> R<String> {
    Ok(String::from_utf16_lossy(&format_units(ctx, args)?))
}

/// util.format(...args) (formatWithOptionsInternal) as a JavaScript string: surrogate halves
/// from different pieces join as they do in JS.
pub fn format_units(ctx: &mut Ctx, args: &[Value]) -> R<Vec<u16>> {
    let mut out: Vec<u16> = Vec::new();
    let mut a = 0;
    let mut join = false;
    if let Some(Value::String(first)) = args.first() {
        if args.len() == 1 {
            return Ok(first.to_vec());
        }
        let f = first.to_vec();
        let mut last_pos = 0;
        let mut i = 0;
        while i + 1 < f.len() {
            if f[i] == b'%' as u16 {
                i += 1;
                let next = f[i];
                if a + 1 != args.len() {
                    let spec = if next < 128 { next as u8 } else { 0 };
                    let piece: Vec<u16> = match spec {
                        b's' => {
                            a += 1;
                            format_s(ctx, &args[a])?
                        }
                        b'j' => {
                            a += 1;
                            // tryStringify: a cycle prints as [Circular], other errors propagate.
                            match crate::json_stringify::stringify(ctx, &args[a], &Value::Undefined, &Value::Undefined)
                            {
                                Ok(Value::String(s)) => s.to_vec(),
                                Ok(_) => "undefined".encode_utf16().collect(),
                                Err(e) if e.detail == crate::json_stringify::CIRCULAR => {
                                    "[Circular]".encode_utf16().collect()
                                }
                                Err(e) => return Err(e),
                            }
                        }
                        b'd' => {
                            a += 1;
                            let n = to_number(ctx, &args[a])?;
                            format_number(n).encode_utf16().collect()
                        }
                        b'O' => {
                            a += 1;
                            inspect(ctx, &args[a], 2)?.encode_utf16().collect()
                        }
                        b'o' => {
                            a += 1;
                            if args[a].is_object_like() {
                                return Err(Abort::unsupported("%o of an object (showHidden output)"));
                            }
                            inspect(ctx, &args[a], 4)?.encode_utf16().collect()
                        }
                        b'i' => {
                            a += 1;
                            let v = crate::builtins::call(
                                ctx,
                                crate::builtins::Builtin::ParseInt,
                                &Value::Undefined,
                                &[args[a].clone()],
                            )?;
                            format_number(v.as_number().unwrap_or(f64::NAN)).encode_utf16().collect()
                        }
                        b'f' => {
                            a += 1;
                            let v = crate::builtins::call(
                                ctx,
                                crate::builtins::Builtin::ParseFloat,
                                &Value::Undefined,
                                &[args[a].clone()],
                            )?;
                            format_number(v.as_number().unwrap_or(f64::NAN)).encode_utf16().collect()
                        }
                        b'c' => {
                            a += 1;
                            Vec::new()
                        }
                        b'%' => {
                            out.extend_from_slice(&f[last_pos..i]);
                            last_pos = i + 1;
                            i += 1;
                            continue;
                        }
                        _ => {
                            i += 1;
                            continue;
                        }
                    };
                    if last_pos != i - 1 {
                        out.extend_from_slice(&f[last_pos..i - 1]);
                    }
                    out.extend_from_slice(&piece);
                    last_pos = i + 1;
                } else if next == b'%' as u16 {
                    out.extend_from_slice(&f[last_pos..i]);
                    last_pos = i + 1;
                }
            }
            i += 1;
        }
        if last_pos != 0 {
            a += 1;
            join = true;
            if last_pos < f.len() {
                out.extend_from_slice(&f[last_pos..]);
            }
        }
    }
    while a < args.len() {
        if join {
            out.push(b' ' as u16);
        }
        match &args[a] {
            Value::String(s) => out.extend_from_slice(&s.units()),
            v => out.extend(inspect(ctx, v, 2)?.encode_utf16()),
        }
        join = true;
        a += 1;
        if out.len() > MAX_OUTPUT {
            return Err(Abort::unsupported("console output too large"));
        }
    }
    Ok(out)
}

/// %s: numbers keep -0, objects without their own toString are inspected at depth 0.
fn format_s(ctx: &mut Ctx, v: &Value) -> R<Vec<u16>> {
    match v {
        Value::Number(n) => Ok(format_number(*n).encode_utf16().collect()),
        Value::Object(o) => {
            if o.borrow().host.is_some() || o.borrow().has(&JsStr::from_str("toString")) {
                return Err(Abort::unsupported("%s of an object with its own toString"));
            }
            Ok(inspect(ctx, v, 0)?.encode_utf16().collect())
        }
        Value::Array(_) => Ok(inspect(ctx, v, 0)?.encode_utf16().collect()),
        Value::Function(_) => Err(Abort::unsupported("%s of a function (its source text)")),
        _ => Ok(to_jsstr(ctx, v)?.to_vec()),
    }
}

/// formatNumber without numeric separators: -0 prints as "-0".
pub fn format_number(n: f64) -> String {
    if n == 0.0 && n.is_sign_negative() {
        return "-0".to_string();
    }
    num::to_js_string(n)
}

/// util.inspect(value, { depth }) with Node's defaults (breakLength 80, compact 3).
pub fn inspect(ctx: &mut Ctx, v: &Value, depth: usize) -> R<String> {
    let mut st = State { depth, indent: 0, current_depth: 0, seen: Vec::new(), circular: Vec::new() };
    let s = st.value(ctx, v, 0)?;
    Ok(s)
}

struct State {
    depth: usize,
    indent: usize,
    current_depth: usize,
    /// Addresses of the objects and arrays being formatted (ancestors of the current value).
    seen: Vec<usize>,
    /// ctx.circular: the reference number of each object a cycle points back to.
    circular: Vec<(usize, usize)>,
}

enum Extras {
    Object,
    Array,
}

impl State {
    fn value(&mut self, ctx: &mut Ctx, v: &Value, recurse: usize) -> R<String> {
        match v {
            Value::Undefined => Ok("undefined".into()),
            Value::Null => Ok("null".into()),
            Value::Bool(b) => Ok(if *b { "true".into() } else { "false".into() }),
            Value::Number(n) => Ok(format_number(*n)),
            Value::String(s) => Ok(self.string(s)),
            Value::Function(Func::Builtin(b)) => {
                let name = b.name().rsplit('.').next().unwrap_or("");
                Ok(format!("[Function: {}]", name))
            }
            Value::Function(Func::User(_)) => Err(Abort::unsupported("inspect of a user function (its name)")),
            Value::Function(Func::Closure(c)) => crate::closure::inspect_text(c),
            Value::Host(crate::host::HostVal::Date(d)) => Ok(crate::date::inspect_text(d)),
            Value::Host(h) => Err(Abort::unsupported(format!("inspect of a {}", h.class_name()))),
            Value::Object(o) => {
                if o.borrow().host.is_some() {
                    return Err(Abort::unsupported("inspect of a host object"));
                }
                if self.seen.contains(&o.addr()) {
                    return Ok(self.circular_ref(o.addr()));
                }
                let entries = o.borrow().ordered_entries();
                if entries.is_empty() {
                    return Ok("{}".into());
                }
                if recurse > self.depth {
                    return Ok("[Object]".into());
                }
                let recurse = recurse + 1;
                self.seen.push(o.addr());
                self.current_depth = recurse;
                let mut output = Vec::with_capacity(entries.len());
                for (k, val) in entries {
                    self.indent += 2;
                    let s = self.value(ctx, &val, recurse)?;
                    self.indent -= 2;
                    output.push(format!("{}: {}", key_name(&k), s));
                }
                self.seen.pop();
                let base = self.reference_base(o.addr());
                self.reduce(output, &base, "{", "}", Extras::Object, recurse, None)
            }
            Value::Array(a) => {
                let items = a.borrow().items();
                if items.is_empty() {
                    return Ok("[]".into());
                }
                if self.seen.contains(&a.addr()) {
                    return Ok(self.circular_ref(a.addr()));
                }
                if recurse > self.depth {
                    return Ok("[Array]".into());
                }
                let recurse = recurse + 1;
                self.seen.push(a.addr());
                self.current_depth = recurse;
                let output = self.array(ctx, &items, recurse)?;
                self.seen.pop();
                let base = self.reference_base(a.addr());
                self.reduce(output, &base, "[", "]", Extras::Array, recurse, Some(&items))
            }
        }
    }

    /// "[Circular *n]", numbering the target the first time a cycle reaches it.
    fn circular_ref(&mut self, addr: usize) -> String {
        let index = match self.circular.iter().find(|(a, _)| *a == addr) {
            Some((_, i)) => *i,
            None => {
                let i = self.circular.len() + 1;
                self.circular.push((addr, i));
                i
            }
        };
        format!("[Circular *{}]", index)
    }

    /// The "<ref *n>" base of an object some cycle points back to, else "".
    fn reference_base(&self, addr: usize) -> String {
        match self.circular.iter().find(|(a, _)| *a == addr) {
            Some((_, i)) => format!("<ref *{}>", i),
            None => String::new(),
        }
    }

    fn element(&mut self, ctx: &mut Ctx, v: &Value, recurse: usize) -> R<String> {
        self.indent += 2;
        let s = self.value(ctx, v, recurse);
        self.indent -= 2;
        s
    }

    /// formatArray and formatSpecialArray: holes as "<n empty items>", at most 100 entries.
    fn array(&mut self, ctx: &mut Ctx, items: &[Option<Value>], recurse: usize) -> R<Vec<String>> {
        let val_len = items.len();
        let max = MAX_ARRAY_LENGTH.min(val_len);
        let mut output = Vec::new();
        let mut i = 0;
        while i < max {
            match &items[i] {
                Some(v) => {
                    let s = self.element(ctx, v, recurse)?;
                    output.push(s);
                }
                None => break,
            }
            i += 1;
        }
        if i == max {
            if val_len > max {
                output.push(remaining_text(val_len - max));
            }
            return Ok(output);
        }
        // formatSpecialArray: walk the present indices after the first hole.
        let mut index = i;
        let present: Vec<usize> = (i..val_len).filter(|&k| items[k].is_some()).collect();
        for &k in &present {
            if output.len() >= max {
                break;
            }
            if k != index {
                let empty = k - index;
                output.push(format!("<{} empty item{}>", empty, if empty > 1 { "s" } else { "" }));
                index = k;
                if output.len() == max {
                    break;
                }
            }
            let v = items[k].clone().unwrap_or(Value::Undefined);
            let s = self.element(ctx, &v, recurse)?;
            output.push(s);
            index += 1;
        }
        let remaining = val_len - index;
        if output.len() != max {
            if remaining > 0 {
                output.push(format!("<{} empty item{}>", remaining, if remaining > 1 { "s" } else { "" }));
            }
        } else if remaining > 0 {
            output.push(remaining_text(remaining));
        }
        Ok(output)
    }

    /// reduceToSingleString with compact = 3.
    #[allow(clippy::too_many_arguments)]
    fn reduce(
        &mut self,
        output: Vec<String>,
        base: &str,
        open: &str,
        close: &str,
        extras: Extras,
        recurse: usize,
        items: Option<&[Option<Value>]>,
    ) -> R<String> {
        let prefix = if base.is_empty() { String::new() } else { format!("{} ", base) };
        let entries = output.len();
        let mut output = output;
        if let Extras::Array = extras {
            if entries > 6 {
                output = self.group_array_elements(output, items)?;
            }
        }
        if self.current_depth.saturating_sub(recurse) < COMPACT && entries == output.len() {
            let start = output.len() + self.indent + ulen(open) + ulen(base) + 10;
            if is_below_break_length(&output, start) {
                let joined = output.join(", ");
                if !joined.contains('\n') {
                    return Ok(format!("{}{} {} {}", prefix, open, joined, close));
                }
            }
        }
        let ind = format!("\n{}", " ".repeat(self.indent));
        Ok(format!("{}{}{}  {}{}{}", prefix, open, ind, output.join(&format!(",{}  ", ind)), ind, close))
    }

    /// groupArrayElements: lines up short array entries in columns.
    fn group_array_elements(&mut self, output: Vec<String>, items: Option<&[Option<Value>]>) -> R<Vec<String>> {
        let mut total_length = 0usize;
        let mut max_length = 0usize;
        let mut output_length = output.len();
        let more_items = output.len() > MAX_ARRAY_LENGTH; // the "... n more items" entry
        if more_items {
            output_length -= 1;
        }
        let separator_space = 2;
        let mut data_len = Vec::with_capacity(output_length);
        for entry in output.iter().take(output_length) {
            let len = string_width(entry)?;
            data_len.push(len);
            total_length += len + separator_space;
            if max_length < len {
                max_length = len;
            }
        }
        let actual_max = max_length + separator_space;
        if actual_max * 3 + self.indent < BREAK_LENGTH
            && ((total_length as f64 / actual_max as f64) > 5.0 || max_length <= 6)
        {
            let approx_char_heights = 2.5;
            let average_bias = (actual_max as f64 - total_length as f64 / output.len() as f64).sqrt();
            let biased_max = (actual_max as f64 - 3.0 - average_bias).max(1.0);
            let c1 = crate::builtins::round_f64(
                (approx_char_heights * biased_max * output_length as f64).sqrt() / biased_max,
            );
            let c2 = ((BREAK_LENGTH - self.indent) as f64 / actual_max as f64).floor();
            let columns = c1.min(c2).min((COMPACT * 4) as f64).min(15.0);
            if columns <= 1.0 {
                return Ok(output);
            }
            let columns = columns as usize;
            let mut max_line_length = Vec::with_capacity(columns);
            for i in 0..columns {
                let mut line_max = 0;
                let mut j = i;
                while j < output.len() {
                    // dataLen[j] past outputLength is undefined in JS: the comparison is false.
                    if j < data_len.len() && data_len[j] > line_max {
                        line_max = data_len[j];
                    }
                    j += columns;
                }
                max_line_length.push(line_max + separator_space);
            }
            let mut pad_start = true;
            if let Some(items) = items {
                for i in 0..output.len() {
                    let is_num = matches!(items.get(i), Some(Some(Value::Number(_))));
                    if !is_num {
                        pad_start = false;
                        break;
                    }
                }
            }
            let mut tmp = Vec::new();
            let mut i = 0;
            while i < output_length {
                let max = (i + columns).min(output_length);
                let mut s = String::new();
                let mut j = i;
                while j < max - 1 {
                    let cell = format!("{}, ", output[j]);
                    // In JS these are plain numbers: a wide character makes the width exceed
                    // the length, so compute signed.
                    let padding = max_line_length[j - i] as isize + ulen(&output[j]) as isize - data_len[j] as isize;
                    s.push_str(&pad(&cell, padding, pad_start));
                    j += 1;
                }
                if pad_start {
                    let padding = max_line_length[j - i] as isize + ulen(&output[j]) as isize
                        - data_len[j] as isize
                        - separator_space as isize;
                    s.push_str(&pad(&output[j], padding, true));
                } else {
                    s.push_str(&output[j]);
                }
                tmp.push(s);
                i += columns;
            }
            if more_items {
                tmp.push(output[output_length].clone());
            }
            return Ok(tmp);
        }
        Ok(output)
    }

    /// formatPrimitive for strings: quoted, escaped, long ones split after newlines.
    fn string(&self, s: &JsStr) -> String {
        let all = s.units();
        let mut u: &[u16] = &all;
        let mut trailer = String::new();
        if u.len() > MAX_STRING_LENGTH {
            let remaining = u.len() - MAX_STRING_LENGTH;
            u = &u[..MAX_STRING_LENGTH];
            trailer = format!("... {} more character{}", remaining, if remaining > 1 { "s" } else { "" });
        }
        if u.len() > MIN_LINE_LENGTH && u.len() + self.indent + 4 > BREAK_LENGTH {
            let mut pieces: Vec<String> = Vec::new();
            let mut start = 0;
            for (i, &c) in u.iter().enumerate() {
                if c == b'\n' as u16 && i + 1 < u.len() {
                    pieces.push(str_escape(&u[start..=i]));
                    start = i + 1;
                }
            }
            pieces.push(str_escape(&u[start..]));
            let sep = format!(" +\n{}", " ".repeat(self.indent + 2));
            return pieces.join(&sep) + &trailer;
        }
        str_escape(u) + &trailer
    }
}

fn is_below_break_length(output: &[String], start: usize) -> bool {
    let mut total = output.len() + start;
    if total + output.len() > BREAK_LENGTH {
        return false;
    }
    for o in output {
        total += ulen(o);
        if total > BREAK_LENGTH {
            return false;
        }
    }
    true
}

fn remaining_text(remaining: usize) -> String {
    format!("... {} more item{}", remaining, if remaining > 1 { "s" } else { "" })
}
