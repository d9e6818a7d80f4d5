// Plain objects (own properties in the specification's order) and arrays (dense vectors with holes).
#![forbid(unsafe_code)]

use crate::abort::{Abort, R};
use crate::ctx::Ctx;
use crate::elements::Elements;
use crate::jsstr::JsStr;
use crate::value::Value;
use std::cell::{Cell, Ref, RefCell, RefMut};
use std::fmt;
use std::rc::Rc;

// Drop of arrays and objects without recursion (deep values must not overflow the stack).
mod deep_drop;
// A plain object's properties, in its own allocation.
mod obj_data;
use obj_data::MAX_INLINE;
pub use obj_data::{ObjData, Slot, Slots};

/// Bytes charged per object, per property and per array slot: rough, but monotone in real usage.
pub const OBJECT_BYTES: usize = 64;
pub const PROPERTY_BYTES: usize = 48;
pub const SLOT_BYTES: usize = 24;
/// A plain object: one `Rc` of its `ObjData` (a pointer and the number of its inline slots).
/// Always Some: None only while it is dropped.
#[derive(Clone)]
pub struct Obj(Option<Rc<RefCell<ObjData>>>);

/// The drop of an object reference, out of line: the drop glue of a fat `Rc` (the size of the
/// allocation computed from its slots) was inlined at every `Value` drop in generated code, and
/// moved the register allocation of unrelated loops (the sieve: up to +10% time).
impl Drop for Obj {
    #[inline(always)]
    fn drop(&mut self) {
        if let Some(rc) = self.0.take() {
            release(rc);
        }
    }
}

#[inline(never)]
fn release(rc: Rc<RefCell<ObjData>>) {
    drop(rc)
}

/// A new object in one allocation: `n_slots` inline slots (at most MAX_INLINE) filled from
/// `props` (distinct, in order), then `extra` (only when every slot is used).
fn make(
    n_slots: usize,
    props: impl Iterator<Item = (JsStr, Value)>,
    extra: Vec<(JsStr, Value)>,
    has_index_keys: bool,
    module_owned: bool,
) -> Rc<RefCell<ObjData>> {
    // Rc::new_cyclic, not Rc::new (there is no cycle, and no Weak is ever made): new_cyclic
    // allocates first and builds the value in place, where Rc::new built it on the stack and
    // copied it in (a memcpy of 400 bytes for an object of eight slots: 2% of the transform
    // benchmark's time, a parsed record and a literal per record).
    macro_rules! sized {
        ($($n:literal)*) => {
            match n_slots {
                $($n => Rc::new_cyclic(|_| RefCell::new(ObjData::<[Slot; $n]>::with_slots(has_index_keys, module_owned))) as Rc<RefCell<ObjData>>,)*
                _ => Rc::new(RefCell::new(ObjData::<[Slot; 0]>::with_slots(has_index_keys, module_owned))),
            }
        };
    }
    let rc = sized!(0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16);
    rc.borrow_mut().fill(props, extra);
    rc
}

impl Obj {
    #[inline(always)]
    fn of(rc: Rc<RefCell<ObjData>>) -> Obj {
        Obj(Some(rc))
    }
    #[inline(always)]
    fn rc(&self) -> &Rc<RefCell<ObjData>> {
        match &self.0 {
            Some(rc) => rc,
            None => unreachable!("an Obj is Some until it is dropped"),
        }
    }
    pub fn new(ctx: &mut Ctx) -> R<Obj> {
        ctx.charge(OBJECT_BYTES)?;
        Ok(Obj::of(make(0, std::iter::empty(), Vec::new(), false, ctx.in_module_phase())))
    }
    /// `new` with room for n properties in the object's own allocation (more go to a vector).
    pub fn with_capacity(ctx: &mut Ctx, n: usize) -> R<Obj> {
        ctx.charge(OBJECT_BYTES)?;
        let module_owned = ctx.in_module_phase();
        if n <= MAX_INLINE {
            return Ok(Obj::of(make(n, std::iter::empty(), Vec::new(), false, module_owned)));
        }
        Ok(Obj::of(make(0, std::iter::empty(), Vec::with_capacity(n), false, module_owned)))
    }
    /// An object of distinct properties whose memory the caller has charged (json_parse).
    pub fn from_distinct(ctx: &Ctx, props: Vec<(JsStr, Value)>, has_index_keys: bool) -> Obj {
        let module_owned = ctx.in_module_phase();
        let n = props.len();
        if n <= MAX_INLINE {
            return Obj::of(make(n, props.into_iter(), Vec::new(), has_index_keys, module_owned));
        }
        Obj::of(make(0, std::iter::empty(), props, has_index_keys, module_owned))
    }
    /// from_distinct of the properties in `slots[from..]` (all Some), taken out of the
    /// parser's scratch stack with one swap of slices into the object's own slots; the
    /// stack is then truncated to `from`.
    pub fn from_slots(ctx: &Ctx, slots: &mut Vec<Slot>, from: usize, has_index_keys: bool) -> Obj {
        let n = slots.len() - from;
        if n <= MAX_INLINE {
            let rc = make(n, std::iter::empty(), Vec::new(), has_index_keys, ctx.in_module_phase());
            rc.borrow_mut().swap_in(&mut slots[from..]);
            slots.truncate(from);
            return Obj::of(rc);
        }
        Obj::from_distinct(ctx, slots.drain(from..).flatten().collect(), has_index_keys)
    }
    pub fn host(name: &'static str) -> Obj {
        let rc = make(0, std::iter::empty(), Vec::new(), false, true);
        rc.borrow_mut().host = Some(name);
        Obj::of(rc)
    }
    #[inline]
    pub fn borrow(&self) -> Ref<'_, ObjData> {
        self.rc().borrow()
    }
    pub fn borrow_mut(&self) -> RefMut<'_, ObjData> {
        self.rc().borrow_mut()
    }
    pub fn ptr_eq(a: &Obj, b: &Obj) -> bool {
        Rc::ptr_eq(a.rc(), b.rc())
    }
    pub fn addr(&self) -> usize {
        Rc::as_ptr(self.rc()) as *const u8 as usize
    }
    /// The own property `key` when it is a number, on an object that is not a host namespace
    /// (whose members props::host_member answers): what a read of it gives, without a Value.
    /// None for anything else (the caller then takes the generic read).
    #[inline(never)]
    pub fn own_number(&self, key: &JsStr) -> Option<f64> {
        self.own_number_hinted(key, &Cell::new(u32::MAX))
    }
    /// own_number, finding the key with ObjData::position_hinted (a PropName's hint).
    #[inline(never)]
    pub fn own_number_hinted(&self, key: &JsStr, hint: &Cell<u32>) -> Option<f64> {
        let d = self.rc().borrow();
        if d.host.is_some() {
            return None;
        }
        match d.get_hinted(key, hint) {
            Some(Value::Number(x)) => Some(*x),
            _ => None,
        }
    }
    /// Adds or replaces an own property, charging memory for a new one. Mutation checks
    /// (module state, host objects) are the caller's: see props::set.
    pub fn put(&self, ctx: &mut Ctx, key: JsStr, val: Value) -> R<()> {
        let klen = key.len();
        if self.rc().borrow_mut().insert(key, val) {
            ctx.charge(PROPERTY_BYTES + 2 * klen)?;
        }
        Ok(())
    }
    /// put of a literal name (an object literal's `{ id: v }`): whether it is an array index
    /// is PropName's, not parsed again.
    #[inline]
    pub fn put_named(&self, ctx: &mut Ctx, key: &JsStr, is_index: bool, val: Value) -> R<()> {
        if self.rc().borrow_mut().insert_with(key.clone(), val, |_| is_index) {
            ctx.charge(PROPERTY_BYTES + 2 * key.len())?;
        }
        Ok(())
    }
    /// put_named, finding an existing key with ObjData::position_hinted (a PropName's hint).
    #[inline]
    pub fn put_named_hinted(&self, ctx: &mut Ctx, key: &JsStr, is_index: bool, val: Value, hint: &Cell<u32>) -> R<()> {
        if self.rc().borrow_mut().insert_hinted(key.clone(), val, |_| is_index, hint) {
            ctx.charge(PROPERTY_BYTES + 2 * key.len())?;
        }
        Ok(())
    }
    /// put_named of a key the object does not have yet (ObjBuilder::prop_new).
    #[inline]
    pub fn put_new_named(&self, ctx: &mut Ctx, key: &JsStr, is_index: bool, val: Value) -> R<()> {
        {
            // The common case (the literal's next slot) without push_distinct's call. Forcing
            // this and ObjBuilder::prop_new inline into generated code moved the register
            // allocation of the strings benchmark's loops (+5 to +8%), so they are plain
            // `#[inline]`.
            let mut d = self.rc().borrow_mut();
            if d.can_push_inline(is_index) {
                d.push_inline(key.clone(), val);
            } else {
                d.push_distinct(key.clone(), val, is_index);
            }
        }
        ctx.charge(PROPERTY_BYTES + 2 * key.len())
    }
    /// Fails when an activation may not mutate this object.
    pub fn check_mutable(&self, ctx: &Ctx) -> R<()> {
        let d = self.rc().borrow();
        if d.host.is_some() {
            return Err(Abort::unsupported(format!("write to the built-in {}", d.host.unwrap_or(""))));
        }
        if d.frozen {
            return Err(Abort::unsupported("write to a frozen object"));
        }
        if d.module_owned && !ctx.in_module_phase() {
            return Err(Abort::module_state("write to an object created by the module's top-level code"));
        }
        Ok(())
    }
}

impl fmt::Debug for Obj {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Obj@{:x}", self.addr())
    }
}

pub struct ArrData {
    /// The elements, packed while they allow it (crate::elements); the array's `length` is
    /// their count, and the generic slots' None is a hole.
    elems: Elements,
    pub module_owned: bool,
    /// Object.freeze was applied (see ObjData::frozen).
    pub frozen: bool,
}

impl ArrData {
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.elems.len()
    }
    pub fn is_empty(&self) -> bool {
        self.elems.len() == 0
    }
    /// The element at i; None for a hole or past the end.
    #[inline(always)]
    pub fn slot(&self, i: usize) -> Option<Value> {
        self.elems.slot(i)
    }
    /// A copy of every slot (None for a hole).
    pub fn items(&self) -> Vec<Option<Value>> {
        self.elems.to_slots()
    }
    /// The slots for an operation written against them (the array stays generic from now on).
    pub fn items_mut(&mut self) -> &mut Vec<Option<Value>> {
        self.elems.slots_mut()
    }
    /// Sets the length (truncating, or adding holes).
    pub fn resize(&mut self, len: usize) {
        self.elems.resize(len)
    }
}

#[derive(Clone)]
pub struct Arr(Rc<RefCell<ArrData>>);

impl Arr {
    pub fn new(ctx: &mut Ctx, items: Vec<Option<Value>>) -> R<Arr> {
        ctx.charge(OBJECT_BYTES + SLOT_BYTES * items.len())?;
        let elems = Elements::from_slots(items);
        Ok(Arr(Rc::new(RefCell::new(ArrData { elems, module_owned: ctx.in_module_phase(), frozen: false }))))
    }
    pub fn from_values(ctx: &mut Ctx, items: Vec<Value>) -> R<Arr> {
        Arr::new(ctx, items.into_iter().map(Some).collect())
    }
    pub fn borrow(&self) -> Ref<'_, ArrData> {
        self.0.borrow()
    }
    pub fn borrow_mut(&self) -> RefMut<'_, ArrData> {
        self.0.borrow_mut()
    }
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.0.borrow().elems.len()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn ptr_eq(a: &Arr, b: &Arr) -> bool {
        Rc::ptr_eq(&a.0, &b.0)
    }
    pub fn addr(&self) -> usize {
        Rc::as_ptr(&self.0) as *const u8 as usize
    }
    /// The element at i, undefined for a hole or past the end.
    #[inline(always)]
    pub fn get(&self, i: usize) -> Value {
        // A match, not unwrap_or(Value::Undefined): that default is built and dropped (an
        // out-of-line drop_in_place call) on every read.
        match self.0.borrow().elems.slot(i) {
            Some(v) => v,
            None => Value::Undefined,
        }
    }
    /// The number at i when the array is packed numbers (crate::elements), else None.
    #[inline(always)]
    pub fn number_at(&self, i: usize) -> Option<f64> {
        self.0.borrow().elems.number_at(i)
    }
    /// The boolean at i when the array is packed booleans, else None.
    #[inline(always)]
    pub fn bool_at(&self, i: usize) -> Option<bool> {
        self.0.borrow().elems.bool_at(i)
    }
    /// `xs[i] = x` within the length of a packed-number array that this code may write (not
    /// frozen, not module state during an activation): a store. False when nothing was done,
    /// and set_index must decide (it gives the same answer for this case).
    #[inline(always)]
    pub fn put_number(&self, _ctx: &Ctx, i: usize, x: f64) -> bool {
        // Module state (even during the module's own run) takes set_index's full checks.
        let mut d = self.0.borrow_mut();
        !(d.frozen | d.module_owned) && d.elems.put_number(i, x)
    }
    /// The same for a boolean into a packed-boolean array.
    #[inline(always)]
    pub fn put_bool(&self, _ctx: &Ctx, i: usize, b: bool) -> bool {
        let mut d = self.0.borrow_mut();
        !(d.frozen | d.module_owned) && d.elems.put_bool(i, b)
    }
    #[inline]
    pub fn check_mutable(&self, ctx: &Ctx) -> R<()> {
        if self.0.borrow().frozen {
            return Err(Abort::unsupported("write to a frozen array"));
        }
        if self.0.borrow().module_owned && !ctx.in_module_phase() {
            return Err(Abort::module_state("write to an array created by the module's top-level code"));
        }
        Ok(())
    }
    /// Sets element i, growing the array with holes as JS does; charges the new slots.
    /// One borrow for the checks and the write: this is the hot path of `xs[i] = v`.
    #[inline]
    pub fn set_index(&self, ctx: &mut Ctx, i: usize, v: Value) -> R<()> {
        let mut d = self.0.borrow_mut();
        if d.frozen || (d.module_owned && !ctx.in_module_phase()) {
            drop(d);
            return self.check_mutable(ctx);
        }
        let len = d.elems.len();
        if i >= len {
            ctx.charge(SLOT_BYTES * (i + 1 - len))?;
            if i == len {
                d.elems.push(v); // an append keeps a packed array packed
                return Ok(());
            }
            d.elems.resize(i + 1);
        }
        d.elems.set(i, v);
        Ok(())
    }
    /// Appends one element (the checks and the write under one borrow, as set_index).
    #[inline]
    pub fn push(&self, ctx: &mut Ctx, v: Value) -> R<()> {
        self.push_len(ctx, v).map(|_| ())
    }
    /// Appends one element and gives the new length (what `xs.push(v)` returns), under one borrow.
    #[inline(always)]
    pub fn push_len(&self, ctx: &mut Ctx, v: Value) -> R<usize> {
        let mut d = self.0.borrow_mut();
        if d.frozen || (d.module_owned && !ctx.in_module_phase()) {
            drop(d);
            // check_mutable refuses exactly what the test above refused.
            return Err(self
                .check_mutable(ctx)
                .err()
                .unwrap_or_else(|| Abort::unsupported("write to an immutable array")));
        }
        ctx.charge(SLOT_BYTES)?;
        d.elems.push(v);
        Ok(d.elems.len())
    }
    /// push_len of a number, never made into a Value on the packed path (Elements::push_number).
    #[inline(always)]
    pub fn push_number_len(&self, ctx: &mut Ctx, x: f64) -> R<usize> {
        let mut d = self.0.borrow_mut();
        if d.frozen | d.module_owned {
            drop(d);
            return self.push_len(ctx, Value::Number(x));
        }
        ctx.charge(SLOT_BYTES)?;
        d.elems.push_number(x);
        Ok(d.elems.len())
    }
    /// push_len of a boolean (as push_number_len).
    #[inline(always)]
    pub fn push_bool_len(&self, ctx: &mut Ctx, b: bool) -> R<usize> {
        let mut d = self.0.borrow_mut();
        if d.frozen | d.module_owned {
            drop(d);
            return self.push_len(ctx, Value::Bool(b));
        }
        ctx.charge(SLOT_BYTES)?;
        d.elems.push_bool(b);
        Ok(d.elems.len())
    }
}

impl fmt::Debug for Arr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Arr@{:x}", self.addr())
    }
}
