// Plain objects (own properties in the specification's order) and arrays (dense vectors with holes).
#![forbid(unsafe_code)]

use crate::abort::{Abort, R};
use crate::ctx::Ctx;
use crate::elements::Elements;
use crate::jsstr::JsStr;
use crate::value::Value;
use std::cell::{Ref, RefCell, RefMut};
use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;

// Drop of arrays and objects without recursion (deep values must not overflow the stack).
mod deep_drop;

/// Bytes charged per object, per property and per array slot: rough, but monotone in real usage.
pub const OBJECT_BYTES: usize = 64;
pub const PROPERTY_BYTES: usize = 48;
pub const SLOT_BYTES: usize = 24;
/// Above this many properties a hash index speeds up lookups; below, a scan is faster.
const INDEX_THRESHOLD: usize = 12;

/// Own data properties. Kept in insertion order; OrdinaryOwnPropertyKeys order (array indices
/// ascending first, then strings in insertion order) is computed when keys are enumerated.
// JsStr holds a RefCell (its shared buffer) but its hash and equality read only its own
// immutable prefix, so it is a sound HashMap key.
#[allow(clippy::mutable_key_type)]
pub struct ObjData {
    /// (key, value) in insertion order: one allocation per object, not one per column.
    props: Vec<(JsStr, Value)>,
    index: Option<HashMap<JsStr, usize>>,
    has_index_keys: bool,
    /// Created while the module's top-level code ran: an activation must not mutate it.
    pub module_owned: bool,
    /// A host namespace (`console`, `JSON`, `Math`): read-only, and its members are built-ins.
    pub host: Option<&'static str>,
    /// Object.freeze was applied: a write is ignored or a TypeError depending on strict mode,
    /// which native code does not know, so writes abort.
    pub frozen: bool,
}

#[allow(clippy::mutable_key_type)]
impl ObjData {
    pub fn new(module_owned: bool) -> ObjData {
        ObjData { props: Vec::new(), index: None, has_index_keys: false, module_owned, host: None, frozen: false }
    }
    /// An object with these own properties, already distinct, in this order (JSON.parse builds
    /// them on a scratch stack: one exactly sized vector instead of growing it per property).
    /// `has_index_keys`: whether one of the names is an array index.
    pub fn from_distinct(props: Vec<(JsStr, Value)>, has_index_keys: bool, module_owned: bool) -> ObjData {
        let mut d = ObjData { props, index: None, has_index_keys, module_owned, host: None, frozen: false };
        if d.props.len() > INDEX_THRESHOLD {
            d.index = Some(d.props.iter().enumerate().map(|(i, (k, _))| (k.clone(), i)).collect());
        }
        d
    }
    pub fn len(&self) -> usize {
        self.props.len()
    }
    pub fn is_empty(&self) -> bool {
        self.props.is_empty()
    }
    fn position(&self, key: &JsStr) -> Option<usize> {
        match &self.index {
            Some(ix) => ix.get(key).copied(),
            None => self.props.iter().position(|(k, _)| k == key),
        }
    }
    pub fn get(&self, key: &JsStr) -> Option<&Value> {
        self.position(key).map(|i| &self.props[i].1)
    }
    pub fn has(&self, key: &JsStr) -> bool {
        self.position(key).is_some()
    }
    /// Sets an own property; returns true when it was new (so the caller charges memory).
    pub fn insert(&mut self, key: JsStr, val: Value) -> bool {
        self.insert_with(key, val, |k| k.array_index().is_some())
    }
    /// insert, with whether the key is an array index known (crate::prop_name::PropName) or
    /// found by `is_index` only for a new key.
    #[inline]
    pub fn insert_with(&mut self, key: JsStr, val: Value, is_index: impl FnOnce(&JsStr) -> bool) -> bool {
        if let Some(i) = self.position(&key) {
            self.props[i].1 = val;
            return false;
        }
        let index = is_index(&key);
        self.push_distinct(key, val, index);
        true
    }
    /// Adds a property the caller knows is not an own property yet (an object literal's
    /// distinct keys): insert without the search.
    #[inline]
    pub fn push_distinct(&mut self, key: JsStr, val: Value, is_index: bool) {
        if is_index {
            self.has_index_keys = true;
        }
        if let Some(ix) = &mut self.index {
            ix.insert(key.clone(), self.props.len());
        } else if self.props.len() >= INDEX_THRESHOLD {
            let mut ix: HashMap<JsStr, usize> = HashMap::new();
            for (i, (k, _)) in self.props.iter().enumerate() {
                ix.insert(k.clone(), i);
            }
            ix.insert(key.clone(), self.props.len());
            self.index = Some(ix);
        }
        self.props.push((key, val));
    }
    pub fn remove(&mut self, key: &JsStr) -> bool {
        match self.position(key) {
            None => false,
            Some(i) => {
                self.props.remove(i);
                if self.index.is_some() {
                    let mut ix = HashMap::new();
                    for (i, (k, _)) in self.props.iter().enumerate() {
                        ix.insert(k.clone(), i);
                    }
                    self.index = Some(ix);
                }
                true
            }
        }
    }
    /// Own keys in OrdinaryOwnPropertyKeys order.
    pub fn ordered_keys(&self) -> Vec<JsStr> {
        let keys = self.props.iter().map(|(k, _)| k.clone());
        if !self.has_index_keys {
            return keys.collect();
        }
        let mut idx: Vec<(u32, JsStr)> = Vec::new();
        let mut rest: Vec<JsStr> = Vec::new();
        for k in keys {
            match k.array_index() {
                Some(n) => idx.push((n, k)),
                None => rest.push(k),
            }
        }
        idx.sort_by_key(|p| p.0);
        idx.into_iter().map(|p| p.1).chain(rest).collect()
    }
    /// The own properties when insertion order is property order (no array-index keys), to
    /// read in place; None when ordered_entries must sort them.
    pub fn entries_in_order(&self) -> Option<&[(JsStr, Value)]> {
        if self.has_index_keys {
            None
        } else {
            Some(&self.props)
        }
    }
    /// The own property of an ASCII name, without making the name's string.
    pub fn get_ascii(&self, name: &str) -> Option<&Value> {
        if self.index.is_some() {
            return self.get(&JsStr::from_str(name));
        }
        self.props.iter().find(|(k, _)| k.len() == name.len() && k.eq_str(name)).map(|(_, v)| v)
    }
    /// Own (key, value) pairs in property order.
    pub fn ordered_entries(&self) -> Vec<(JsStr, Value)> {
        if !self.has_index_keys {
            return self.props.clone(); // insertion order is property order
        }
        self.ordered_keys()
            .into_iter()
            .map(|k| {
                let v = self.get(&k).cloned().unwrap_or(Value::Undefined);
                (k, v)
            })
            .collect()
    }
}

#[derive(Clone)]
pub struct Obj(Rc<RefCell<ObjData>>);

impl Obj {
    pub fn new(ctx: &mut Ctx) -> R<Obj> {
        ctx.charge(OBJECT_BYTES)?;
        Ok(Obj(Rc::new(RefCell::new(ObjData::new(ctx.in_module_phase())))))
    }
    /// `new` with room for n properties before the vector grows.
    pub fn with_capacity(ctx: &mut Ctx, n: usize) -> R<Obj> {
        ctx.charge(OBJECT_BYTES)?;
        let mut d = ObjData::new(ctx.in_module_phase());
        d.props.reserve_exact(n);
        Ok(Obj(Rc::new(RefCell::new(d))))
    }
    /// An object of distinct properties whose memory the caller has charged (json_parse).
    pub fn from_distinct(ctx: &Ctx, props: Vec<(JsStr, Value)>, has_index_keys: bool) -> Obj {
        Obj(Rc::new(RefCell::new(ObjData::from_distinct(props, has_index_keys, ctx.in_module_phase()))))
    }
    pub fn host(name: &'static str) -> Obj {
        let mut d = ObjData::new(true);
        d.host = Some(name);
        Obj(Rc::new(RefCell::new(d)))
    }
    #[inline]
    pub fn borrow(&self) -> Ref<'_, ObjData> {
        self.0.borrow()
    }
    pub fn borrow_mut(&self) -> RefMut<'_, ObjData> {
        self.0.borrow_mut()
    }
    pub fn ptr_eq(a: &Obj, b: &Obj) -> bool {
        Rc::ptr_eq(&a.0, &b.0)
    }
    pub fn addr(&self) -> usize {
        Rc::as_ptr(&self.0) as *const u8 as usize
    }
    /// The own property `key` when it is a number, on an object that is not a host namespace
    /// (whose members props::host_member answers): what a read of it gives, without a Value.
    /// None for anything else (the caller then takes the generic read).
    #[inline(never)]
    pub fn own_number(&self, key: &JsStr) -> Option<f64> {
        let d = self.0.borrow();
        if d.host.is_some() {
            return None;
        }
        match d.get(key) {
            Some(Value::Number(x)) => Some(*x),
            _ => None,
        }
    }
    /// Adds or replaces an own property, charging memory for a new one. Mutation checks
    /// (module state, host objects) are the caller's: see props::set.
    pub fn put(&self, ctx: &mut Ctx, key: JsStr, val: Value) -> R<()> {
        let klen = key.len();
        if self.0.borrow_mut().insert(key, val) {
            ctx.charge(PROPERTY_BYTES + 2 * klen)?;
        }
        Ok(())
    }
    /// put of a literal name (an object literal's `{ id: v }`): whether it is an array index
    /// is PropName's, not parsed again.
    #[inline]
    pub fn put_named(&self, ctx: &mut Ctx, key: &JsStr, is_index: bool, val: Value) -> R<()> {
        if self.0.borrow_mut().insert_with(key.clone(), val, |_| is_index) {
            ctx.charge(PROPERTY_BYTES + 2 * key.len())?;
        }
        Ok(())
    }
    /// put_named of a key the object does not have yet (ObjBuilder::prop_new).
    #[inline]
    pub fn put_new_named(&self, ctx: &mut Ctx, key: &JsStr, is_index: bool, val: Value) -> R<()> {
        self.0.borrow_mut().push_distinct(key.clone(), val, is_index);
        ctx.charge(PROPERTY_BYTES + 2 * key.len())
    }
    /// Fails when an activation may not mutate this object.
    pub fn check_mutable(&self, ctx: &Ctx) -> R<()> {
        let d = self.0.borrow();
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
