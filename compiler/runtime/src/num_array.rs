// NumArr: a local array of numbers that the compiler proved never leaves its function.
#![forbid(unsafe_code)]
//
// Why: an array value is an Rc<RefCell<ArrData>> behind a Value tag, so every `dist[i]` of
// generated code tests the tag, writes and restores the RefCell's borrow count, tests the
// elements' kind, then checks the bounds. When the compiler (pass_local_arrays.cc) proves that
// a local is only ever made by array literals of numbers and only ever used as `x[i]` (an
// unboxed index), `x[i] = v` and `x.push(v)` (unboxed numbers), and `x.length`, nobody else can
// see the array: a plain Vec<f64> owned by the local is then the whole of its state, and an
// access is a bounds check and a load.
//
// Exactness: such an array is always dense and all numbers (it starts so, and every write that
// would add a hole or a named property aborts instead), so each operation answers what the
// generic array would: `x[i]` is the element for an integer index in range and `undefined` for
// any other number (an array has no other numeric-keyed property, nor have its prototypes),
// `x[len] = v` appends, `push` appends and gives the new length. Memory is charged as Arr
// charges it (an object, then a slot per element).

use crate::abort::{Abort, R};
use crate::ctx::Ctx;
use crate::object::{OBJECT_BYTES, SLOT_BYTES};
use crate::value::Value;

/// A local number array (docs/runtime-crate.md, "Local number arrays").
#[derive(Debug, Default)]
pub struct NumArr {
    xs: Vec<f64>,
}

impl NumArr {
    /// The value of a local not assigned yet (never read: the compiler proved every read comes
    /// after an assignment). Charges nothing and allocates nothing.
    pub fn new() -> NumArr {
        NumArr { xs: Vec::new() }
    }

    /// An array literal `[a, b, ...]` of numbers, charged as `ArrBuilder::finish` charges it.
    pub fn of(ctx: &mut Ctx, items: &[f64]) -> R<NumArr> {
        ctx.charge(OBJECT_BYTES + SLOT_BYTES * items.len())?;
        Ok(NumArr { xs: items.to_vec() })
    }

    /// `x.length`.
    #[inline(always)]
    pub fn len_f64(&self) -> f64 {
        self.xs.len() as f64
    }

    /// `x[i]` into an unboxed number: the element, or the guard of `ops::as_f64` (the value
    /// is `undefined` there: past the end, negative, fractional or NaN).
    #[inline(always)]
    pub fn get_f64(&self, i: f64) -> R<f64> {
        let u = i as u32; // saturating, and far cheaper than `as usize`
        if u as f64 == i {
            if let Some(x) = self.xs.get(u as usize) {
                return Ok(*x);
            }
        }
        Err(not_a_number())
    }

    /// `x[i]` as a Value: the element, or `undefined` for any other number.
    #[inline(always)]
    pub fn get(&self, i: f64) -> Value {
        let u = i as u32;
        if u as f64 == i {
            if let Some(x) = self.xs.get(u as usize) {
                return Value::Number(*x);
            }
        }
        Value::Undefined
    }

    /// `x[i] = v`: overwrites an element, or appends at `i == length`. An index past the end
    /// (holes) or not an array index (a named property) aborts `unsupported`: Node.js answers.
    #[inline(always)]
    pub fn set(&mut self, ctx: &mut Ctx, i: f64, v: f64) -> R<()> {
        let u = i as u32;
        if u as f64 == i {
            if let Some(slot) = self.xs.get_mut(u as usize) {
                *slot = v;
                return Ok(());
            }
        }
        self.set_slow(ctx, i, v)
    }

    #[inline(never)]
    fn set_slow(&mut self, ctx: &mut Ctx, i: f64, v: f64) -> R<()> {
        // 2^32 - 1 is not an array index: writing there is a named property.
        if i == self.xs.len() as f64 && i < 4294967295.0 {
            ctx.charge(SLOT_BYTES)?;
            self.xs.push(v);
            return Ok(());
        }
        Err(Abort::unsupported("a write that leaves holes in, or adds a property to, a local number array"))
    }

    /// `x.push(v)`: appends and gives the new length.
    #[inline(always)]
    pub fn push(&mut self, ctx: &mut Ctx, v: f64) -> R<f64> {
        ctx.charge(SLOT_BYTES)?;
        self.xs.push(v);
        Ok(self.xs.len() as f64)
    }

    /// The elements.
    #[inline(always)]
    pub fn as_slice(&self) -> &[f64] {
        &self.xs
    }
}

#[cold]
#[inline(never)]
fn not_a_number() -> Abort {
    Abort::guard(None, "expected a number, got undefined")
}
