// Element reads and charCodeAt with an integer index (the compiler's Rep::kInt locals).
#![forbid(unsafe_code)]
//
// Why: an integer local read as `(i as f64)` and converted back by the f64 forms
// (`ops::get_index_f64`, `char_code_at_f64`: a saturating `as u32`, then `as f64` and a compare
// to test that the index was an integer) costs a round trip through the XMM registers on every
// access of a loop such as `for (i = 0; i < s.length; i++) h = h * 31 + s.charCodeAt(i)`. An
// i64 index (|i| <= 2^53, never -0) needs only the bounds check: a negative one becomes a huge
// usize, out of range. Anything else takes the f64 form with `i as f64`, exact: the same answer.

use crate::abort::R;
use crate::ctx::Ctx;
use crate::num_array::NumArr;
use crate::value::Value;

/// `obj[i]` into an unboxed number: `ops::get_index_f64(ctx, obj, i as f64)`.
#[inline(always)]
pub fn get_f64(ctx: &mut Ctx, obj: &Value, i: i64) -> R<f64> {
    if let Value::Array(a) = obj {
        if let Some(x) = a.number_at(i as usize) {
            return Ok(x);
        }
    }
    crate::ops::get_index_f64(ctx, obj, i as f64)
}

/// `obj[i]` into an unboxed boolean: `ops::get_index_bool(ctx, obj, i as f64)`.
#[inline(always)]
pub fn get_bool(ctx: &mut Ctx, obj: &Value, i: i64) -> R<bool> {
    if let Value::Array(a) = obj {
        if let Some(b) = a.bool_at(i as usize) {
            return Ok(b);
        }
    }
    crate::ops::get_index_bool(ctx, obj, i as f64)
}

/// `s.charCodeAt(i)` into an unboxed number: `ops::char_code_at_f64(ctx, s, i as f64)`.
#[inline(always)]
pub fn char_code_at(ctx: &mut Ctx, this: &Value, i: i64) -> R<f64> {
    if let Value::String(s) = this {
        if (i as usize) < s.len() {
            return Ok(s.unit(i as usize) as f64);
        }
    }
    crate::ops::char_code_at_f64(ctx, this, i as f64)
}

impl NumArr {
    /// `x[i]` into an unboxed number with an integer index: `x.get_f64(i as f64)`.
    #[inline(always)]
    pub fn get_f64_at(&self, i: i64) -> R<f64> {
        match self.as_slice().get(i as usize) {
            Some(x) => Ok(*x),
            None => self.get_f64(i as f64),
        }
    }

    /// `x[i]` as a Value with an integer index: `x.get(i as f64)`.
    #[inline(always)]
    pub fn get_at(&self, i: i64) -> Value {
        match self.as_slice().get(i as usize) {
            Some(x) => Value::Number(*x),
            None => Value::Undefined,
        }
    }
}

/// `s.charCodeAt(i)` into an integer local (pass_int_locals.cc: the call's result defines one):
/// the code unit; an abort where the answer is NaN (an index out of range), which an integer
/// local cannot hold. Any other receiver or index takes char_code_at_f64, the same answer.
#[inline(always)]
pub fn char_code_at_int(ctx: &mut Ctx, this: &Value, i: i64) -> R<i64> {
    if let Value::String(s) = this {
        if (i as usize) < s.len() {
            return Ok(s.unit(i as usize) as i64);
        }
    }
    int_of_f64(crate::ops::char_code_at_f64(ctx, this, i as f64)?)
}

/// char_code_at_int with an f64 index.
#[inline(always)]
pub fn char_code_at_int_f64(ctx: &mut Ctx, this: &Value, i: f64) -> R<i64> {
    int_of_f64(crate::ops::char_code_at_f64(ctx, this, i)?)
}

/// char_code_at_int of a boxed answer (`ops::char_code_at` with a boxed index).
#[inline(always)]
pub fn int_of_value(v: Value) -> R<i64> {
    int_of_f64(crate::ops::as_f64(v)?)
}

/// A number an integer local can hold (|x| <= 2^53, an integer, not -0), or an abort.
#[inline(always)]
pub fn int_of_f64(x: f64) -> R<i64> {
    const LIMIT: f64 = 9007199254740992.0; // 2^53
    if x.abs() <= LIMIT && x.trunc() == x && !(x == 0.0 && x.is_sign_negative()) {
        return Ok(x as i64);
    }
    Err(not_int(x))
}

#[cold]
#[inline(never)]
fn not_int(x: f64) -> crate::abort::Abort {
    crate::abort::Abort::guard(None, format!("an integer local would hold {}", x))
}
