// Property access (get, set, delete, in) on every kind of value, and object/array literal builders.
#![forbid(unsafe_code)]

use crate::abort::{Abort, R};
use crate::builtins::{constant, Builtin};
use crate::coerce::{to_number, to_property_key};
use crate::ctx::Ctx;
use crate::jsstr::JsStr;
use crate::object::{Arr, Obj, SLOT_BYTES};
use crate::value::{Func, Value};

/// `object[key]`.
#[inline(always)]
pub fn get(ctx: &mut Ctx, obj: &Value, key: &Value) -> R<Value> {
    // Fast path: array[integer].
    if let (Value::Array(a), Value::Number(n)) = (obj, key) {
        // u32 and not usize: f64 -> usize saturates in about 15 instructions, u32 in a few;
        // 2^32 - 1 itself is not an array index.
        let i = *n as u32;
        if i as f64 == *n && i < u32::MAX {
            return Ok(a.get(i as usize));
        }
    }
    get_slow(ctx, obj, key)
}

#[inline(never)]
fn get_slow(ctx: &mut Ctx, obj: &Value, key: &Value) -> R<Value> {
    // A string key found among a plain object's own properties (`byRegion[r.region]`): the
    // answer of get_key, without the key's clone.
    if let (Value::Object(o), Value::String(k)) = (obj, key) {
        let d = o.borrow();
        if d.host.is_none() {
            if let Some(v) = d.get(k) {
                return Ok(v.clone());
            }
        }
    }
    let k = to_property_key(ctx, key)?;
    get_key(ctx, obj, &k)
}

/// `object.name` with a string key.
pub fn get_str(ctx: &mut Ctx, obj: &Value, key: &str) -> R<Value> {
    get_key(ctx, obj, &JsStr::from_str(key))
}

/// A miss on own properties: the first prototype on the chain that has the key decides (a
/// built-in function value, or an abort when the crate lacks it); no prototype has it: undefined.
fn proto_miss(chain: &[(&str, &[&str])], key: &JsStr) -> R<Value> {
    let k = match key.to_string_exact() {
        Some(k) => k,
        None => return Ok(Value::Undefined),
    };
    for (proto, names) in chain {
        if names.contains(&k.as_str()) {
            return match Builtin::from_name(&format!("{}.{}", proto, k)) {
                Some(b) => Ok(Value::builtin(b)),
                None => Err(Abort::unsupported(format!("{}.{} is not implemented", proto, k))),
            };
        }
    }
    Ok(Value::Undefined)
}

const OBJ: (&str, &[&str]) = ("Object.prototype", protos::OBJECT_PROTO);

/// The prototype chains of the receivers whose misses crate::prop_name precomputes.
#[derive(Clone, Copy)]
pub(crate) enum MissChain {
    Object,
    Array,
    String,
}

/// What a miss on own properties gives for `key` on a receiver with this chain: the same
/// answer get_key computes on each access.
pub(crate) fn proto_miss_of(chain: MissChain, key: &JsStr) -> R<Value> {
    match chain {
        MissChain::Object => proto_miss(&[OBJ], key),
        MissChain::Array => proto_miss(&[("Array.prototype", protos::ARRAY_PROTO), OBJ], key),
        MissChain::String => proto_miss(&[("String.prototype", protos::STRING_PROTO), OBJ], key),
    }
}

#[inline]
pub fn get_key(ctx: &mut Ctx, obj: &Value, k: &JsStr) -> R<Value> {
    match obj {
        Value::Object(o) => {
            let d = o.borrow();
            if let Some(h) = d.host {
                drop(d);
                return host_member(h, k);
            }
            if let Some(v) = d.get(k) {
                return Ok(v.clone());
            }
            drop(d);
            proto_miss(&[OBJ], k)
        }
        Value::Array(a) => {
            if let Some(i) = k.array_index() {
                return Ok(a.get(i as usize));
            }
            if k.eq_str("length") {
                return Ok(Value::Number(a.len() as f64));
            }
            proto_miss(&[("Array.prototype", protos::ARRAY_PROTO), OBJ], k)
        }
        Value::String(s) => {
            if let Some(i) = k.array_index() {
                let i = i as usize;
                if i < s.len() {
                    ctx.charge(18)?;
                    return Ok(Value::String(JsStr::from_u16(&s.units()[i..i + 1])));
                }
                return Ok(Value::Undefined);
            }
            if k.eq_str("length") {
                return Ok(Value::Number(s.len() as f64));
            }
            proto_miss(&[("String.prototype", protos::STRING_PROTO), OBJ], k)
        }
        Value::Number(_) => proto_miss(&[("Number.prototype", protos::NUMBER_PROTO), OBJ], k),
        Value::Bool(_) => proto_miss(&[("Boolean.prototype", protos::BOOLEAN_PROTO), OBJ], k),
        // Function.prototype.call/apply first (every function has them), then statics.
        Value::Function(_) if k.eq_str("call") => Ok(Value::builtin(Builtin::FunctionPrototypeCall)),
        Value::Function(_) if k.eq_str("apply") => Ok(Value::builtin(Builtin::FunctionPrototypeApply)),
        Value::Function(Func::Builtin(b)) => host_member(b.name(), k),
        Value::Function(Func::User(_) | Func::Closure(_)) => Err(Abort::unsupported("a property of a user function")),
        Value::Host(h) => crate::response::get_host(ctx, h, k),
        Value::Undefined | Value::Null => Err(Abort::throw(format!(
            "TypeError: Cannot read properties of {} (reading '{}')",
            if matches!(obj, Value::Null) { "null" } else { "undefined" },
            k.to_utf8_lossy()
        ))),
    }
}

/// A member of a host namespace or built-in function: another built-in or a constant.
pub(crate) fn host_member(owner: &str, k: &JsStr) -> R<Value> {
    let name = format!("{}.{}", owner, k.to_utf8_lossy());
    if let Some(b) = Builtin::from_name(&name) {
        return Ok(Value::builtin(b));
    }
    if let Some(c) = constant(&name) {
        return Ok(c);
    }
    Err(Abort::unsupported(format!("{} is not implemented", name)))
}

/// `object[key] = value`.
#[inline(always)]
pub fn set(ctx: &mut Ctx, obj: &Value, key: &Value, val: Value) -> R<()> {
    if let (Value::Array(a), Value::Number(n)) = (obj, key) {
        let i = *n as u32; // as in get
        if i as f64 == *n && i < u32::MAX {
            return set_array_index(ctx, a, i as usize, val);
        }
    }
    set_slow(ctx, obj, key, val)
}

#[inline(never)]
fn set_slow(ctx: &mut Ctx, obj: &Value, key: &Value, val: Value) -> R<()> {
    let k = to_property_key(ctx, key)?;
    set_key(ctx, obj, k, val)
}

#[inline]
fn set_array_index(ctx: &mut Ctx, a: &Arr, i: usize, val: Value) -> R<()> {
    // Growing far past the end makes a sparse array in V8; we would allocate every hole, so a
    // large gap is left to Node.js (the memory cap would stop it anyway).
    if i > a.len() + (1 << 20) {
        return Err(Abort::unsupported("write far past the end of an array"));
    }
    a.set_index(ctx, i, val)
}

#[inline]
pub fn set_key(ctx: &mut Ctx, obj: &Value, k: JsStr, val: Value) -> R<()> {
    match obj {
        Value::Object(o) => {
            o.check_mutable(ctx)?;
            if k.eq_str("__proto__") {
                return Err(Abort::unsupported("assignment to __proto__"));
            }
            o.put(ctx, k, val)
        }
        Value::Array(a) => {
            if let Some(i) = k.array_index() {
                return set_array_index(ctx, a, i as usize, val);
            }
            if k.eq_str("length") {
                return set_array_length(ctx, a, &val);
            }
            Err(Abort::unsupported("a non-index property on an array"))
        }
        Value::Undefined | Value::Null => Err(Abort::throw("TypeError: Cannot set properties of null or undefined")),
        _ => Err(Abort::unsupported("a property write on a primitive or function")),
    }
}

/// ArraySetLength: truncates, or extends with holes; a non-uint32 length is a RangeError.
fn set_array_length(ctx: &mut Ctx, a: &Arr, val: &Value) -> R<()> {
    a.check_mutable(ctx)?;
    let n = to_number(ctx, val)?;
    let len = crate::num::to_uint32(n);
    if len as f64 != n {
        return Err(Abort::throw("RangeError: Invalid array length"));
    }
    let len = len as usize;
    let cur = a.len();
    if len > cur {
        if len - cur > (1 << 20) {
            return Err(Abort::unsupported("array length grown far past its elements"));
        }
        ctx.charge(SLOT_BYTES * (len - cur))?;
    }
    a.borrow_mut().resize(len);
    Ok(())
}

/// `delete object[key]`: true when the property is gone.
pub fn delete(ctx: &mut Ctx, obj: &Value, key: &Value) -> R<Value> {
    let k = to_property_key(ctx, key)?;
    match obj {
        Value::Object(o) => {
            o.check_mutable(ctx)?;
            o.borrow_mut().remove(&k);
            Ok(Value::Bool(true))
        }
        Value::Array(a) => {
            if let Some(i) = k.array_index() {
                let i = i as usize;
                if i < a.len() {
                    a.check_mutable(ctx)?;
                    a.borrow_mut().items_mut()[i] = None;
                }
                return Ok(Value::Bool(true));
            }
            if k.eq_str("length") {
                return Err(Abort::unsupported("delete of an array's length"));
            }
            Ok(Value::Bool(true))
        }
        Value::Undefined | Value::Null => Err(Abort::throw("TypeError: Cannot convert undefined or null to object")),
        _ => Err(Abort::unsupported("delete on a primitive or function")),
    }
}

/// `key in object`.
pub fn in_(ctx: &mut Ctx, key: &Value, obj: &Value) -> R<Value> {
    let k = to_property_key(ctx, key)?;
    let known =
        |lists: &[&[&str]]| k.to_string_exact().map_or(false, |s| lists.iter().any(|l| l.contains(&s.as_str())));
    let r = match obj {
        Value::Object(o) => {
            let d = o.borrow();
            if d.host.is_some() {
                return Err(Abort::unsupported("`in` on a host object"));
            }
            d.has(&k) || known(&[protos::OBJECT_PROTO])
        }
        Value::Array(a) => match k.array_index() {
            Some(i) => a.borrow().slot(i as usize).is_some(),
            None => known(&[protos::ARRAY_PROTO, protos::OBJECT_PROTO]),
        },
        Value::Function(_) => return Err(Abort::unsupported("`in` on a function")),
        Value::Host(_) => return Err(Abort::unsupported("`in` on a promise, Response or Headers")),
        _ => return Err(Abort::throw("TypeError: Cannot use 'in' operator to search for a key in a primitive")),
    };
    Ok(Value::Bool(r))
}

/// Builds an object literal property by property, in source order.
pub struct ObjBuilder {
    obj: Obj,
}

impl ObjBuilder {
    pub fn new(ctx: &mut Ctx) -> R<ObjBuilder> {
        Ok(ObjBuilder { obj: Obj::new(ctx)? })
    }
    /// `new`, with room for n properties (the literal's count): the same object.
    pub fn with_capacity(ctx: &mut Ctx, n: usize) -> R<ObjBuilder> {
        Ok(ObjBuilder { obj: Obj::with_capacity(ctx, n)? })
    }
    /// `{ name: v }` with a literal key (`{"key":"a"}`). A literal `__proto__` sets the
    /// prototype in JS, which plain data cannot express: abort.
    pub fn prop(&mut self, ctx: &mut Ctx, name: &str, v: Value) -> R<()> {
        if name == "__proto__" {
            return Err(Abort::unsupported("__proto__ in an object literal"));
        }
        self.obj.put(ctx, JsStr::from_str(name), v)
    }
    /// `{ name: v }` with a literal key made once per instance (crate::prop_name): the same as
    /// `prop`, without making the key's string on every evaluation of the literal.
    #[inline]
    pub fn prop_named(&mut self, ctx: &mut Ctx, name: &crate::prop_name::PropName, v: Value) -> R<()> {
        if name.is_proto() {
            return Err(Abort::unsupported("__proto__ in an object literal"));
        }
        self.obj.put_named(ctx, name.key(), name.index().is_some(), v)
    }
    /// prop_named of a key this literal has not set before, with no spread or computed key
    /// before it (the emitter knows): the object cannot have it yet, so it is added without
    /// searching the keys already there. The same object as prop_named makes.
    #[inline]
    pub fn prop_new(&mut self, ctx: &mut Ctx, name: &crate::prop_name::PropName, v: Value) -> R<()> {
        if name.is_proto() {
            return Err(Abort::unsupported("__proto__ in an object literal"));
        }
        self.obj.put_new_named(ctx, name.key(), name.index().is_some(), v)
    }
    /// `{ [k]: v }` (`{"computed":A}`): a computed "__proto__" is an ordinary own property.
    pub fn computed(&mut self, ctx: &mut Ctx, key: &Value, v: Value) -> R<()> {
        let k = to_property_key(ctx, key)?;
        self.obj.put(ctx, k, v)
    }
    /// `{ ...v }`: v's own enumerable properties in order; primitives other than strings add none.
    pub fn spread(&mut self, ctx: &mut Ctx, v: &Value) -> R<()> {
        match v {
            Value::Object(o) => {
                if o.borrow().host.is_some() {
                    return Err(Abort::unsupported("spread of a host object"));
                }
                let entries = o.borrow().ordered_entries();
                for (k, val) in entries {
                    self.obj.put(ctx, k, val)?;
                }
                Ok(())
            }
            Value::Array(a) => {
                let items = a.borrow().items();
                for (i, it) in items.into_iter().enumerate() {
                    if let Some(val) = it {
                        self.obj.put(ctx, JsStr::from_str(&i.to_string()), val)?;
                    }
                }
                Ok(())
            }
            Value::String(s) => {
                for i in 0..s.len() {
                    let c = Value::String(JsStr::from_u16(&s.units()[i..i + 1]));
                    self.obj.put(ctx, JsStr::from_str(&i.to_string()), c)?;
                }
                Ok(())
            }
            Value::Function(Func::User(_) | Func::Closure(_)) => Ok(()),
            Value::Function(Func::Builtin(_)) => Err(Abort::unsupported("spread of a built-in function")),
            _ => Ok(()),
        }
    }
    pub fn finish(self) -> Value {
        Value::Object(self.obj)
    }
}

/// Builds an array literal: items, holes and spreads in source order.
pub struct ArrBuilder {
    items: Vec<Option<Value>>,
}

impl ArrBuilder {
    pub fn new(_ctx: &mut Ctx) -> R<ArrBuilder> {
        Ok(ArrBuilder { items: Vec::new() })
    }
    pub fn item(&mut self, v: Value) {
        self.items.push(Some(v));
    }
    pub fn hole(&mut self) {
        self.items.push(None);
    }
    pub fn spread(&mut self, ctx: &mut Ctx, v: &Value) -> R<()> {
        let mut vals = Vec::new();
        crate::ops::spread_into(ctx, &mut vals, v)?;
        self.items.extend(vals.into_iter().map(Some));
        Ok(())
    }
    pub fn finish(self, ctx: &mut Ctx) -> R<Value> {
        Ok(Value::Array(Arr::new(ctx, self.items)?))
    }
}

/// A new array from values (for built-ins and generated code alike).
pub fn new_array(ctx: &mut Ctx, items: Vec<Value>) -> R<Value> {
    Ok(Value::Array(Arr::from_values(ctx, items)?))
}

/// A new empty plain object.
pub fn new_object(ctx: &mut Ctx) -> R<Value> {
    Ok(Value::Object(Obj::new(ctx)?))
}

/// The string-keyed own property names of Node 20's built-in prototypes: a property miss that
/// would find one of these must not read as undefined.
mod protos {
    pub const OBJECT_PROTO: &[&str] = &[
        "constructor",
        "__defineGetter__",
        "__defineSetter__",
        "hasOwnProperty",
        "__lookupGetter__",
        "__lookupSetter__",
        "isPrototypeOf",
        "propertyIsEnumerable",
        "toString",
        "valueOf",
        "__proto__",
        "toLocaleString",
    ];
    pub const ARRAY_PROTO: &[&str] = &[
        "length",
        "constructor",
        "at",
        "concat",
        "copyWithin",
        "fill",
        "find",
        "findIndex",
        "findLast",
        "findLastIndex",
        "lastIndexOf",
        "pop",
        "push",
        "reverse",
        "shift",
        "unshift",
        "slice",
        "sort",
        "splice",
        "includes",
        "indexOf",
        "join",
        "keys",
        "entries",
        "values",
        "forEach",
        "filter",
        "flat",
        "flatMap",
        "map",
        "every",
        "some",
        "reduce",
        "reduceRight",
        "toLocaleString",
        "toString",
        "toReversed",
        "toSorted",
        "toSpliced",
        "with",
    ];
    pub const STRING_PROTO: &[&str] = &[
        "length",
        "constructor",
        "anchor",
        "at",
        "big",
        "blink",
        "bold",
        "charAt",
        "charCodeAt",
        "codePointAt",
        "concat",
        "endsWith",
        "fontcolor",
        "fontsize",
        "fixed",
        "includes",
        "indexOf",
        "isWellFormed",
        "italics",
        "lastIndexOf",
        "link",
        "localeCompare",
        "match",
        "matchAll",
        "normalize",
        "padEnd",
        "padStart",
        "repeat",
        "replace",
        "replaceAll",
        "search",
        "slice",
        "small",
        "split",
        "strike",
        "sub",
        "substr",
        "substring",
        "sup",
        "startsWith",
        "toString",
        "toWellFormed",
        "trim",
        "trimStart",
        "trimLeft",
        "trimEnd",
        "trimRight",
        "toLocaleLowerCase",
        "toLocaleUpperCase",
        "toLowerCase",
        "toUpperCase",
        "valueOf",
    ];
    pub const NUMBER_PROTO: &[&str] =
        &["constructor", "toExponential", "toFixed", "toPrecision", "toString", "valueOf", "toLocaleString"];
    pub const BOOLEAN_PROTO: &[&str] = &["constructor", "toString", "valueOf"];
}
