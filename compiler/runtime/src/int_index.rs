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
