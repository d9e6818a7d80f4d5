// A plain object's own properties, held in the object's own allocation: the slots it was made with, then a vector for the rest.
#![forbid(unsafe_code)]
//
// Why: an object used to be two allocations, the Rc'd ObjData and a vector of its properties;
// an object-heavy activation (a thousand parsed records, a literal per record) made and freed
// both for every object, and glibc's malloc and free were a fifth of its instructions. An object
// is now made with exactly as many inline slots as it is known to need (JSON.parse knows its
// properties, a literal its count): `ObjData<[Slot; N]>` coerced to the unsized `ObjData`
// (`ObjData<[Slot]>`), one allocation. Properties past the slots go to `extra`, in order, so an
// object made empty (`{}`) and filled later behaves as before. The order of properties is the
// used slots, then `extra`; `extra` is only used once every slot is.

use crate::jsstr::JsStr;
use crate::value::Value;
use std::cell::Cell;
use std::collections::HashMap;

/// Above this many properties a hash index speeds up lookups; below, a scan is faster.
const INDEX_THRESHOLD: usize = 12;

/// Objects are made with at most this many inline slots; more properties start in `extra`.
pub(crate) const MAX_INLINE: usize = 16;

/// An inline property slot: the first `len` slots of an object are Some.
pub type Slot = Option<(JsStr, Value)>;

/// The inline slots of an object: a fixed array when it is made, a slice behind the pointer.
pub trait Slots {
    fn slots(&self) -> &[Slot];
    fn slots_mut(&mut self) -> &mut [Slot];
}
impl Slots for [Slot] {
    #[inline(always)]
    fn slots(&self) -> &[Slot] {
        self
    }
    #[inline(always)]
    fn slots_mut(&mut self) -> &mut [Slot] {
        self
    }
}
impl<const N: usize> Slots for [Slot; N] {
    #[inline(always)]
    fn slots(&self) -> &[Slot] {
        self
    }
    #[inline(always)]
    fn slots_mut(&mut self) -> &mut [Slot] {
        self
    }
}

/// Own data properties. Kept in insertion order; OrdinaryOwnPropertyKeys order (array indices
/// ascending first, then strings in insertion order) is computed when keys are enumerated.
// JsStr holds a RefCell (its shared buffer) but its hash and equality read only its own
// immutable prefix, so it is a sound HashMap key.
#[allow(clippy::mutable_key_type)]
pub struct ObjData<S: ?Sized + Slots = [Slot]> {
    /// The properties past the inline slots, in insertion order (empty until they are all used).
    pub(super) extra: Vec<(JsStr, Value)>,
    /// Boxed: most objects have none.
    index: Option<Box<HashMap<JsStr, usize>>>,
    has_index_keys: bool,
    /// Created while the module's top-level code ran: an activation must not mutate it.
    pub module_owned: bool,
    /// A host namespace (`console`, `JSON`, `Math`): read-only, and its members are built-ins.
    pub host: Option<&'static str>,
    /// Object.freeze was applied: a write is ignored or a TypeError depending on strict mode,
    /// which native code does not know, so writes abort.
    pub frozen: bool,
    /// How many inline slots are used.
    used: u32,
    pub(super) inline: S,
}

impl<const N: usize> ObjData<[Slot; N]> {
    /// An object with N empty slots (`fill` then puts its properties in, once it is in place:
    /// built here, N slots of properties would be copied twice on the way to the heap).
    #[inline(always)]
    pub(super) fn with_slots(has_index_keys: bool, module_owned: bool) -> ObjData<[Slot; N]> {
        ObjData {
            extra: Vec::new(),
            index: None,
            has_index_keys,
            module_owned,
            host: None,
            frozen: false,
            used: 0,
            inline: std::array::from_fn(|_| None),
        }
    }
}

#[allow(clippy::mutable_key_type)]
impl ObjData {
    /// After construction: the properties (distinct, in order: as many slots as there are,
    /// the rest in `extra`), and the index of a large object.
    pub(super) fn fill(&mut self, props: impl Iterator<Item = (JsStr, Value)>, extra: Vec<(JsStr, Value)>) {
        let mut used = 0;
        for (s, p) in self.inline.iter_mut().zip(props) {
            *s = Some(p);
            used += 1;
        }
        self.used = used;
        self.extra = extra;
        if self.len() > INDEX_THRESHOLD {
            self.index = Some(Box::new(self.entries().enumerate().map(|(i, (k, _))| (k.clone(), i)).collect()));
        }
    }
    /// Takes `slots` (all Some, at most as many as the object's slots, distinct, in order) as
    /// the properties of an object made empty, leaving None in their place.
    pub(super) fn swap_in(&mut self, slots: &mut [Slot]) {
        let n = slots.len();
        self.inline[..n].swap_with_slice(slots);
        self.used = n as u32;
        if self.len() > INDEX_THRESHOLD {
            self.index = Some(Box::new(self.entries().enumerate().map(|(i, (k, _))| (k.clone(), i)).collect()));
        }
    }
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.used as usize + self.extra.len()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The property at position i (< len).
    #[inline(always)]
    fn entry(&self, i: usize) -> Option<&(JsStr, Value)> {
        let used = self.used as usize;
        if i < used {
            self.inline.get(i).and_then(|s| s.as_ref())
        } else {
            self.extra.get(i - used)
        }
    }
    #[inline(always)]
    fn entry_mut(&mut self, i: usize) -> Option<&mut (JsStr, Value)> {
        let used = self.used as usize;
        if i < used {
            self.inline.get_mut(i).and_then(|s| s.as_mut())
        } else {
            self.extra.get_mut(i - used)
        }
    }
    /// The own properties in insertion order.
    #[inline]
    pub fn entries(&self) -> impl Iterator<Item = &(JsStr, Value)> + '_ {
        self.inline[..self.used as usize].iter().filter_map(|s| s.as_ref()).chain(self.extra.iter())
    }
    fn position(&self, key: &JsStr) -> Option<usize> {
        if let Some(ix) = &self.index {
            return ix.get(key).copied();
        }
        // The slots, then the rest: two plain loops (a chained iterator was a call per step).
        let used = self.used as usize;
        for (i, s) in self.inline[..used].iter().enumerate() {
            if let Some((k, _)) = s {
                if k == key {
                    return Some(i);
                }
            }
        }
        self.extra.iter().position(|(k, _)| k == key).map(|j| used + j)
    }
    pub fn get(&self, key: &JsStr) -> Option<&Value> {
        self.position(key).and_then(|i| self.entry(i)).map(|p| &p.1)
    }
    /// position, trying `hint` first: where a literal name (crate::prop_name::PropName) was
    /// last found. Records of one shape (parsed, or built by one literal) keep a name at one
    /// position, and their keys are the name's interned buffer, so the test is a pointer
    /// compare; the same buffer and length is the same text, and keys are distinct, so a hit
    /// is the answer. A miss searches as `position` does and moves the hint.
    #[inline(always)]
    fn position_hinted(&self, key: &JsStr, hint: &Cell<u32>) -> Option<usize> {
        let h = hint.get() as usize;
        if let Some((k, _)) = self.entry(h) {
            if JsStr::ptr_eq(k, key) {
                return Some(h);
            }
        }
        let found = self.position(key);
        if let Some(i) = found {
            hint.set(i as u32);
        }
        found
    }
    /// The property at `hint` when its key is `key`'s interned buffer (the hit of
    /// position_hinted, alone: small enough to inline into generated code's property reads,
    /// which take the full search out of line on a miss). A host namespace has no own
    /// properties, so a hit is never one.
    #[inline(always)]
    pub fn get_at_hint(&self, key: &JsStr, hint: &Cell<u32>) -> Option<&Value> {
        match self.entry(hint.get() as usize) {
            Some((k, v)) if JsStr::ptr_eq(k, key) => Some(v),
            _ => None,
        }
    }
    /// get_at_hint's property, to replace its value.
    #[inline(always)]
    pub fn value_at_hint_mut(&mut self, key: &JsStr, hint: &Cell<u32>) -> Option<&mut Value> {
        match self.entry_mut(hint.get() as usize) {
            Some((k, v)) if JsStr::ptr_eq(k, key) => Some(v),
            _ => None,
        }
    }
    /// get, with position_hinted.
    #[inline(always)]
    pub fn get_hinted(&self, key: &JsStr, hint: &Cell<u32>) -> Option<&Value> {
        self.position_hinted(key, hint).and_then(|i| self.entry(i)).map(|p| &p.1)
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
        self.insert_hinted(key, val, is_index, &Cell::new(u32::MAX))
    }
    /// insert_with, finding an existing key with position_hinted.
    #[inline]
    pub fn insert_hinted(
        &mut self,
        key: JsStr,
        val: Value,
        is_index: impl FnOnce(&JsStr) -> bool,
        hint: &Cell<u32>,
    ) -> bool {
        if let Some(i) = self.position_hinted(&key, hint) {
            if let Some(p) = self.entry_mut(i) {
                p.1 = val;
                return false;
            }
        }
        let index = is_index(&key);
        self.push_distinct(key, val, index);
        true
    }
    /// Whether push_distinct of this key is its common case: a name that is not an array
    /// index into the next free inline slot of a small object without an index (an object
    /// literal's properties, in the slots it was made with).
    #[inline(always)]
    pub fn can_push_inline(&self, is_index: bool) -> bool {
        let used = self.used as usize;
        !is_index && self.index.is_none() && used < INDEX_THRESHOLD && used < self.inline.len() && self.extra.is_empty()
    }
    /// push_distinct when can_push_inline: a store into the next slot, inline.
    #[inline(always)]
    pub fn push_inline(&mut self, key: JsStr, val: Value) {
        let used = self.used as usize;
        match self.inline.get_mut(used) {
            Some(slot) => {
                *slot = Some((key, val));
                self.used += 1;
            }
            None => self.extra.push((key, val)),
        }
    }
    /// Adds a property the caller knows is not an own property yet (an object literal's
    /// distinct keys): insert without the search.
    #[inline(never)]
    pub fn push_distinct(&mut self, key: JsStr, val: Value, is_index: bool) {
        if is_index {
            self.has_index_keys = true;
        }
        let len = self.len();
        if let Some(ix) = &mut self.index {
            ix.insert(key.clone(), len);
        } else if len >= INDEX_THRESHOLD {
            let mut ix: HashMap<JsStr, usize> = HashMap::new();
            for (i, (k, _)) in self.entries().enumerate() {
                ix.insert(k.clone(), i);
            }
            ix.insert(key.clone(), len);
            self.index = Some(Box::new(ix));
        }
        let used = self.used as usize;
        if used < self.inline.len() && self.extra.is_empty() {
            self.inline[used] = Some((key, val));
            self.used += 1;
        } else {
            self.extra.push((key, val));
        }
    }
    pub fn remove(&mut self, key: &JsStr) -> bool {
        match self.position(key) {
            None => false,
            Some(i) => {
                // Every property moves down one position: take them all out, drop the one,
                // put the rest back (rare: `delete`).
                let mut all: Vec<(JsStr, Value)> = Vec::with_capacity(self.len());
                for s in self.inline[..self.used as usize].iter_mut() {
                    if let Some(p) = s.take() {
                        all.push(p);
                    }
                }
                all.append(&mut self.extra);
                all.remove(i);
                let cap = self.inline.len();
                let rest = if all.len() > cap { all.split_off(cap) } else { Vec::new() };
                self.used = all.len() as u32;
                for (s, p) in self.inline.iter_mut().zip(all) {
                    *s = Some(p);
                }
                self.extra = rest;
                if self.index.is_some() {
                    let mut ix = HashMap::new();
                    for (i, (k, _)) in self.entries().enumerate() {
                        ix.insert(k.clone(), i);
                    }
                    self.index = Some(Box::new(ix));
                }
                true
            }
        }
    }
    /// Own keys in OrdinaryOwnPropertyKeys order.
    pub fn ordered_keys(&self) -> Vec<JsStr> {
        let keys = self.entries().map(|(k, _)| k.clone());
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
    /// Whether insertion order is property order (no array-index keys), so that `entries`
    /// can be read in place; otherwise ordered_entries sorts them.
    pub fn in_insertion_order(&self) -> bool {
        !self.has_index_keys
    }
    /// The own property of an ASCII name, without making the name's string.
    pub fn get_ascii(&self, name: &str) -> Option<&Value> {
        if self.index.is_some() {
            return self.get(&JsStr::from_str(name));
        }
        self.entries().find(|(k, _)| k.len() == name.len() && k.eq_str(name)).map(|(_, v)| v)
    }
    /// Own (key, value) pairs in property order.
    pub fn ordered_entries(&self) -> Vec<(JsStr, Value)> {
        if !self.has_index_keys {
            return self.entries().cloned().collect(); // insertion order is property order
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
