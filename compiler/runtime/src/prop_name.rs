// Constant property names (`a.b`, `s.length`, `xs.push`) resolved once per instance, not per access.
#![forbid(unsafe_code)]
//
// A generic `get` with a string key parses it as an array index, compares it with "length",
// and on a miss searches the prototype tables and looks the built-in up by its formatted name
// (an allocation and a string match): about 1,500 instructions for `xs.push`. A literal key
// never changes, so all of that is done once, in `PropName::new` (generated code builds one per
// literal key in `init`), and `get_named`/`set_named` only do what depends on the receiver.
// Every answer is the one `props::get_key`/`set_key` gives: the misses are computed by the same
// function, and whatever is not precomputed goes through the generic path.

use crate::abort::{Abort, R};
use crate::builtins::Builtin;
use crate::ctx::Ctx;
use crate::jsstr::JsStr;
use crate::props::{self, MissChain};
use crate::value::{Func, Value};
use std::cell::Cell;

/// The host namespaces whose members are precomputed (`Math.floor`, `console.log`, ...).
const HOSTS: [&str; 3] = ["console", "JSON", "Math"];

pub struct PropName {
    key: JsStr,
    /// The key as an array index ("0", "17"), when it is one.
    index: Option<u32>,
    is_length: bool,
    is_proto: bool,
    /// What a miss on own properties gives, per receiver kind (props::get_key's answers).
    miss_object: R<Value>,
    miss_array: R<Value>,
    miss_string: R<Value>,
    /// A member of each host namespace of HOSTS.
    host: [R<Value>; 3],
    /// miss_array / miss_string when the key is not an index or `length` and the miss is a
    /// built-in method (`xs.push`, `s.charCodeAt`): get_named answers these inline.
    /// (Built-ins only, so they stay `Copy`: a `Func` may hold a closure's environment.)
    array_method: Option<Builtin>,
    string_method: Option<Builtin>,
    /// host[i] when it is a built-in function (`Math.floor`): answered inline too.
    host_method: [Option<Builtin>; 3],
    /// Where the key was last found among a plain object's own properties (a speculation,
    /// checked by a pointer compare on each use: ObjData::position_hinted). Boxed: a `Cell`
    /// inside the PropName made the whole generated `Module` (which holds the PropNames)
    /// interior-mutable to LLVM, so every field of it (built-in guards, literals) was read
    /// again after each call in a loop: the sieve +3% instructions.
    slot: Box<Cell<u32>>,
}

/// The index in HOSTS of a host namespace's name.
#[inline(always)]
fn host_slot(h: &str) -> Option<usize> {
    match h {
        "console" => Some(0),
        "JSON" => Some(1),
        "Math" => Some(2),
        _ => None,
    }
}

/// The built-in function a miss gives, for a key that is neither an index nor `length`.
fn method(index: Option<u32>, is_length: bool, miss: &R<Value>) -> Option<Builtin> {
    match miss {
        Ok(Value::Function(Func::Builtin(f))) if index.is_none() && !is_length => Some(*f),
        _ => None,
    }
}

impl PropName {
    pub fn new(name: &str) -> PropName {
        let key = JsStr::name(name); // interned: parsed keys share it (JsStr::known_name)
        let index = key.array_index();
        let is_length = name == "length";
        let miss_array = props::proto_miss_of(MissChain::Array, &key);
        let miss_string = props::proto_miss_of(MissChain::String, &key);
        let host = HOSTS.map(|h| props::host_member(h, &key));
        PropName {
            host_method: [0, 1, 2].map(|i| match &host[i] {
                Ok(Value::Function(Func::Builtin(f))) => Some(*f),
                _ => None,
            }),
            array_method: method(index, is_length, &miss_array),
            string_method: method(index, is_length, &miss_string),
            index,
            is_length,
            is_proto: name == "__proto__",
            slot: Box::new(Cell::new(0)),
            miss_object: props::proto_miss_of(MissChain::Object, &key),
            miss_array,
            miss_string,
            host,
            key,
        }
    }
    pub fn key(&self) -> &JsStr {
        &self.key
    }
    /// The key as an array index, when it is one.
    #[inline]
    pub fn index(&self) -> Option<u32> {
        self.index
    }
    /// Whether the key is `__proto__` (an object literal's prototype, which native code lacks).
    #[inline]
    pub fn is_proto(&self) -> bool {
        self.is_proto
    }
}

/// `object.name` for a literal name: the same answer as `ops::get_key(ctx, obj, name.key())`.
/// `s.length` and `xs.length` (loop tests) and built-in methods of strings and arrays
/// (`xs.push`, `s.charCodeAt`: an array's or string's own properties are only its indices and
/// `length`) are inlined; the rest is one out-of-line call.
#[inline(always)]
pub fn get_named(ctx: &mut Ctx, obj: &Value, k: &PropName) -> R<Value> {
    match obj {
        Value::String(s) => {
            if k.is_length {
                return Ok(Value::Number(s.len() as f64));
            }
            if let Some(f) = k.string_method {
                return Ok(Value::Function(Func::Builtin(f)));
            }
        }
        Value::Array(a) => {
            if k.is_length {
                return Ok(Value::Number(a.len() as f64));
            }
            if let Some(f) = k.array_method {
                return Ok(Value::Function(Func::Builtin(f)));
            }
        }
        Value::Object(o) => {
            let d = o.borrow();
            // A record's property where this name was last found: the value is made here, in
            // the caller's frame. Returned from get_named_slow it went through memory, as a tag
            // and a payload stored apart then copied with one 16-byte load (a store-forwarding
            // stall per read).
            if let Some(v) = d.get_at_hint(&k.key, &k.slot) {
                return Ok(v.clone());
            }
            if let Some(i) = d.host.and_then(host_slot) {
                if let Some(f) = k.host_method[i] {
                    return Ok(Value::Function(Func::Builtin(f)));
                }
            }
        }
        _ => {}
    }
    get_named_slow(ctx, obj, k)
}

/// `xs.length` or `s.length` into an unboxed number (a loop test `i < xs.length`): the same
/// answer as get_named, and the guard of ops::as_f64 for any other receiver's value.
#[inline(always)]
pub fn get_named_f64(ctx: &mut Ctx, obj: &Value, k: &PropName) -> R<f64> {
    if k.is_length {
        match obj {
            Value::String(s) => return Ok(s.len() as f64),
            Value::Array(a) => return Ok(a.len() as f64),
            _ => {}
        }
    }
    // An own number property of a plain object (`r.price`), read in place: through
    // get_named_slow it was cloned into a Value returned through memory, then unboxed.
    if let Value::Object(o) = obj {
        if let Some(x) = o.own_number_hinted(&k.key, &k.slot) {
            return Ok(x);
        }
    }
    crate::ops::as_f64(get_named_slow(ctx, obj, k)?)
}

/// get_named_f64 of a name other than `length` (the emitter's choice: `r.price`, `agg.count`),
/// a record's number property read inline where the name was last found (a host namespace has
/// no own properties, so a hit is never one): own_number_hinted's call was about 57
/// instructions a read. Not in get_named_f64 itself: inlined into every `s.length` loop test,
/// it moved the register allocation of the strings benchmark's loops (+0.8% instructions).
#[inline(always)]
pub fn get_field_f64(ctx: &mut Ctx, obj: &Value, k: &PropName) -> R<f64> {
    if let Value::Object(o) = obj {
        if let Some(Value::Number(x)) = o.borrow().get_at_hint(&k.key, &k.slot) {
            return Ok(*x);
        }
    }
    get_named_f64(ctx, obj, k)
}

/// Whether `obj.name` is the built-in `b` (the test of a call's callee guard when the method
/// read has no other use): the same answer as `get_named` then `is_builtin`, but the methods
/// answered inline are compared without making the `Value` (and its drop) at all.
#[inline(always)]
pub fn get_named_is_builtin(ctx: &mut Ctx, obj: &Value, k: &PropName, b: Option<Builtin>) -> R<bool> {
    let is = |f: Builtin| matches!(b, Some(y) if f == y);
    match obj {
        Value::String(_) => {
            if k.is_length {
                return Ok(false);
            }
            if let Some(f) = k.string_method {
                return Ok(is(f));
            }
        }
        Value::Array(_) => {
            if k.is_length {
                return Ok(false);
            }
            if let Some(f) = k.array_method {
                return Ok(is(f));
            }
        }
        Value::Object(o) => {
            if let Some(i) = o.borrow().host.and_then(host_slot) {
                if let Some(f) = k.host_method[i] {
                    return Ok(is(f));
                }
            }
        }
        _ => {}
    }
    get_named_is_builtin_slow(ctx, obj, k, b)
}

/// get_named_is_builtin of a host namespace read as a global (`Math.floor(x)`): the same
/// answer as `get_named_is_builtin(ctx, &global(ctx, name)?, k, b)`, without taking (and
/// dropping) a reference to the namespace when the member is one answered inline.
#[inline(always)]
pub fn global_member_is_builtin(ctx: &mut Ctx, name: &str, k: &PropName, b: Option<Builtin>) -> R<bool> {
    if let Some(i) = host_slot(name) {
        if let Some(f) = k.host_method[i] {
            return Ok(matches!(b, Some(y) if f == y));
        }
    }
    global_member_is_builtin_slow(ctx, name, k, b)
}

#[inline(never)]
fn global_member_is_builtin_slow(ctx: &mut Ctx, name: &str, k: &PropName, b: Option<Builtin>) -> R<bool> {
    let g = crate::builtins::global(ctx, name)?;
    get_named_is_builtin(ctx, &g, k, b)
}

#[inline(never)]
fn get_named_is_builtin_slow(ctx: &mut Ctx, obj: &Value, k: &PropName, b: Option<Builtin>) -> R<bool> {
    let f = get_named_slow(ctx, obj, k)?;
    Ok(matches!(b, Some(b) if f.is_builtin(b)))
}

#[inline(never)]
fn get_named_slow(ctx: &mut Ctx, obj: &Value, k: &PropName) -> R<Value> {
    match obj {
        Value::Object(o) => {
            let d = o.borrow();
            match d.host {
                None => match d.get_hinted(&k.key, &k.slot) {
                    Some(v) => Ok(v.clone()),
                    None => k.miss_object.clone(),
                },
                Some(h) => match host_slot(h) {
                    Some(i) => k.host[i].clone(),
                    None => {
                        drop(d);
                        props::get_key(ctx, obj, &k.key)
                    }
                },
            }
        }
        Value::Array(a) => {
            if let Some(i) = k.index {
                return Ok(a.get(i as usize));
            }
            if k.is_length {
                return Ok(Value::Number(a.len() as f64));
            }
            k.miss_array.clone()
        }
        Value::String(s) if k.index.is_none() => {
            if k.is_length {
                return Ok(Value::Number(s.len() as f64));
            }
            k.miss_string.clone()
        }
        _ => props::get_key(ctx, obj, &k.key),
    }
}

/// `object.name = value` for a literal name: `ops::set_key` without re-parsing the key.
#[inline]
pub fn set_named(ctx: &mut Ctx, obj: &Value, k: &PropName, val: Value) -> R<()> {
    // A plain object: set_key's steps, with the `__proto__` and array-index tests PropName's.
    if let Value::Object(o) = obj {
        // An own property where this name was last found, on an object this code may write:
        // replaced under one borrow, inline (check_mutable's tests, then put_named_hinted's
        // hit, were two calls and two borrows).
        if !k.is_proto {
            let mut d = o.borrow_mut();
            if d.host.is_none() && !d.frozen && !(d.module_owned && !ctx.in_module_phase()) {
                if let Some(slot) = d.value_at_hint_mut(&k.key, &k.slot) {
                    *slot = val;
                    return Ok(());
                }
            }
        }
        o.check_mutable(ctx)?;
        if k.is_proto {
            return Err(Abort::unsupported("assignment to __proto__"));
        }
        return o.put_named_hinted(ctx, &k.key, k.index.is_some(), val, &k.slot);
    }
    props::set_key(ctx, obj, k.key.clone(), val)
}
