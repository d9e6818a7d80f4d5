// Array element storage: packed f64s or booleans while every element is one, else generic slots.
#![forbid(unsafe_code)]
//
// Why: a generic slot is an Option<Value>, 24 bytes behind a tag test, a clone and a drop. A
// sieve of 2 million booleans is 48 MB of them; packed it is 2 MB, and reading an element is a
// load. Like V8's elements kinds, an array starts packed when its first element is a number or
// a boolean, and moves to generic slots, for good, the first time it would stop being
// all-of-one-kind without holes (another type, a hole, a length that adds holes, or any
// operation written against the generic slots). The observable behaviour never depends on the
// kind: every accessor answers as the generic slots would.

use crate::value::Value;

pub enum Elements {
    Values(Vec<Option<Value>>),
    Numbers(Vec<f64>),
    Bools(Vec<bool>),
}

impl Elements {
    /// Packed when every slot holds a number (or every slot a boolean), else generic.
    pub fn from_slots(items: Vec<Option<Value>>) -> Elements {
        if !items.is_empty() && items.iter().all(|x| matches!(x, Some(Value::Number(_)))) {
            return Elements::Numbers(items.iter().filter_map(|x| x.as_ref().and_then(Value::as_number)).collect());
        }
        if !items.is_empty() && items.iter().all(|x| matches!(x, Some(Value::Bool(_)))) {
            return Elements::Bools(items.iter().map(|x| matches!(x, Some(Value::Bool(true)))).collect());
        }
        Elements::Values(items)
    }

    #[inline(always)]
    pub fn len(&self) -> usize {
        match self {
            Elements::Values(v) => v.len(),
            Elements::Numbers(v) => v.len(),
            Elements::Bools(v) => v.len(),
        }
    }

    /// The element at i; None for a hole or past the end.
    #[inline(always)]
    pub fn slot(&self, i: usize) -> Option<Value> {
        match self {
            Elements::Numbers(v) => v.get(i).map(|x| Value::Number(*x)),
            Elements::Bools(v) => v.get(i).map(|b| Value::Bool(*b)),
            Elements::Values(v) => v.get(i).cloned().flatten(),
        }
    }

    /// The number at i of a packed-number array; None for another kind or past the end (the
    /// caller then takes the generic path, which gives the same answer).
    #[inline(always)]
    pub fn number_at(&self, i: usize) -> Option<f64> {
        match self {
            Elements::Numbers(v) => v.get(i).copied(),
            _ => None,
        }
    }

    /// The boolean at i of a packed-boolean array; None otherwise (as number_at).
    #[inline(always)]
    pub fn bool_at(&self, i: usize) -> Option<bool> {
        match self {
            Elements::Bools(v) => v.get(i).copied(),
            _ => None,
        }
    }

    /// Overwrites slot i < len() of a packed-number array with a number; false (nothing done)
    /// for another kind or an index past the end.
    #[inline(always)]
    pub fn put_number(&mut self, i: usize, x: f64) -> bool {
        match self {
            Elements::Numbers(v) if i < v.len() => {
                v[i] = x;
                true
            }
            _ => false,
        }
    }

    /// Overwrites slot i < len() of a packed-boolean array (as put_number).
    #[inline(always)]
    pub fn put_bool(&mut self, i: usize, b: bool) -> bool {
        match self {
            Elements::Bools(v) if i < v.len() => {
                v[i] = b;
                true
            }
            _ => false,
        }
    }

    /// Every slot, as generic slots (a copy).
    pub fn to_slots(&self) -> Vec<Option<Value>> {
        match self {
            Elements::Values(v) => v.clone(),
            Elements::Numbers(v) => v.iter().map(|x| Some(Value::Number(*x))).collect(),
            Elements::Bools(v) => v.iter().map(|b| Some(Value::Bool(*b))).collect(),
        }
    }

    /// The generic slots, converting a packed array to them for good.
    pub fn slots_mut(&mut self) -> &mut Vec<Option<Value>> {
        if !matches!(self, Elements::Values(_)) {
            *self = Elements::Values(self.to_slots());
        }
        match self {
            Elements::Values(v) => v,
            _ => unreachable!("converted above"),
        }
    }

    /// Sets slot i < len(). Stays packed when the value is of the array's kind.
    // The packed arms end with `forget(v)`: a number or a boolean owns nothing, and letting it
    // drop would be a call to the drop glue of Value (which LLVM does not inline in large
    // generated functions) on every write.
    #[inline(always)]
    pub fn set(&mut self, i: usize, v: Value) {
        match (&mut *self, &v) {
            (Elements::Numbers(xs), Value::Number(x)) => {
                xs[i] = *x;
                std::mem::forget(v);
            }
            (Elements::Bools(xs), Value::Bool(b)) => {
                xs[i] = *b;
                std::mem::forget(v);
            }
            (Elements::Values(xs), _) => xs[i] = Some(v),
            _ => self.slots_mut()[i] = Some(v),
        }
    }

    /// Appends one element. An empty generic array takes the kind of its first element.
    #[inline(always)]
    pub fn push(&mut self, v: Value) {
        match (&mut *self, &v) {
            (Elements::Numbers(xs), Value::Number(x)) => {
                xs.push(*x);
                std::mem::forget(v); // as in set
            }
            (Elements::Bools(xs), Value::Bool(b)) => {
                xs.push(*b);
                std::mem::forget(v);
            }
            _ => self.push_other(v),
        }
    }

    /// Appends a number without a Value: a Value built here and matched in `push` goes
    /// through the stack (a tag byte and a payload stored apart, then loaded as one 16-byte
    /// copy: a store-forwarding stall of ~10 cycles per push, measured as 40% of BFS's time).
    #[inline(always)]
    pub fn push_number(&mut self, x: f64) {
        match self {
            Elements::Numbers(xs) => xs.push(x),
            _ => self.push_other(Value::Number(x)),
        }
    }

    /// Appends a boolean without a Value (as push_number).
    #[inline(always)]
    pub fn push_bool(&mut self, b: bool) {
        match self {
            Elements::Bools(xs) => xs.push(b),
            _ => self.push_other(Value::Bool(b)),
        }
    }

    #[inline(never)]
    fn push_other(&mut self, v: Value) {
        match (&mut *self, &v) {
            (Elements::Values(xs), Value::Number(x)) if xs.is_empty() => *self = Elements::Numbers(vec![*x]),
            (Elements::Values(xs), Value::Bool(b)) if xs.is_empty() => *self = Elements::Bools(vec![*b]),
            (Elements::Values(xs), _) => xs.push(Some(v)),
            _ => self.slots_mut().push(Some(v)),
        }
    }

    /// Sets the length: truncation keeps the kind, growth adds holes (generic slots).
    pub fn resize(&mut self, len: usize) {
        match self {
            Elements::Numbers(xs) if len <= xs.len() => xs.truncate(len),
            Elements::Bools(xs) if len <= xs.len() => xs.truncate(len),
            _ => self.slots_mut().resize(len, None),
        }
    }
}
