// Object(), Object.keys/values/entries/assign/getPrototypeOf and Object.prototype.hasOwnProperty.
#![forbid(unsafe_code)]

use crate::abort::{Abort, R};
use crate::coerce::{arg, to_property_key};
use crate::ctx::Ctx;
use crate::jsstr::JsStr;
use crate::props::{new_array, set_key};
use crate::value::Value;

pub fn object_call(_ctx: &mut Ctx, _this: &Value, _args: &[Value]) -> R<Value> {
    Err(Abort::unsupported("Object() called as a function"))
}

/// The own enumerable string-keyed properties of ToObject(v), in property order.
fn own_entries(ctx: &mut Ctx, v: &Value) -> R<Vec<(JsStr, Value)>> {
    match v {
        Value::Object(o) => {
            if o.borrow().host.is_some() {
                return Err(Abort::unsupported("own keys of a host object"));
            }
            Ok(o.borrow().ordered_entries())
        }
        Value::Host(_) => Err(Abort::unsupported("own keys of a promise, Response or Headers")),
        Value::Array(a) => {
            let items = a.borrow().items();
            let mut out = Vec::new();
            for (i, it) in items.into_iter().enumerate() {
                if let Some(val) = it {
                    ctx.charge(24)?;
                    out.push((JsStr::from_str(&i.to_string()), val));
                }
            }
            Ok(out)
        }
        Value::String(s) => {
            let mut out = Vec::new();
            for i in 0..s.len() {
                ctx.charge(24)?;
                out.push((JsStr::from_str(&i.to_string()), Value::String(JsStr::from_u16(&s.units()[i..i + 1]))));
            }
            Ok(out)
        }
        Value::Number(_) | Value::Bool(_) => Ok(Vec::new()),
        Value::Function(_) => {
            Err(Abort::unsupported("own keys of a function"))
        }
        Value::Undefined | Value::Null => Err(Abort::throw("TypeError: Cannot convert undefined or null to object")),
    }
}

pub fn keys(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    let e = own_entries(ctx, &arg(args, 0))?;
    new_array(ctx, e.into_iter().map(|(k, _)| Value::String(k)).collect())
}

pub fn values(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    let e = own_entries(ctx, &arg(args, 0))?;
    new_array(ctx, e.into_iter().map(|(_, v)| v).collect())
}

pub fn entries(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    let e = own_entries(ctx, &arg(args, 0))?;
    let mut pairs = Vec::with_capacity(e.len());
    for (k, v) in e {
        pairs.push(new_array(ctx, vec![Value::String(k), v])?);
    }
    new_array(ctx, pairs)
}

/// Object.assign(target, ...sources): [[Set]] of each source's own enumerable properties.
pub fn assign(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    let target = arg(args, 0);
    match &target {
        Value::Object(_) | Value::Array(_) => {}
        Value::Undefined | Value::Null => {
            return Err(Abort::throw("TypeError: Cannot convert undefined or null to object"))
        }
        _ => return Err(Abort::unsupported("Object.assign to a primitive or function")),
    }
    for src in args.iter().skip(1) {
        if src.is_nullish() {
            continue;
        }
        for (k, v) in own_entries(ctx, src)? {
            set_key(ctx, &target, k, v)?;
        }
    }
    Ok(target)
}

/// HasOwnProperty(ToObject(this), ToPropertyKey(key)).
pub fn has_own_property(ctx: &mut Ctx, this: &Value, args: &[Value]) -> R<Value> {
    let k = to_property_key(ctx, &arg(args, 0))?;
    let r = match this {
        Value::Object(o) => {
            if o.borrow().host.is_some() {
                return Err(Abort::unsupported("hasOwnProperty on a host object"));
            }
            o.borrow().has(&k)
        }
        Value::Host(_) => return Err(Abort::unsupported("hasOwnProperty on a promise, Response or Headers")),
        Value::Array(a) => match k.array_index() {
            Some(i) => a.borrow().slot(i as usize).is_some(),
            None => k.eq_str("length"),
        },
        Value::String(s) => match k.array_index() {
            Some(i) => (i as usize) < s.len(),
            None => k.eq_str("length"),
        },
        Value::Number(_) | Value::Bool(_) => false,
        Value::Function(_) => return Err(Abort::unsupported("hasOwnProperty on a function")),
        Value::Undefined | Value::Null => {
            return Err(Abort::throw("TypeError: Cannot convert undefined or null to object"))
        }
    };
    Ok(Value::Bool(r))
}

/// Object.fromEntries(iterable) for an array of entries; each entry's "0" and "1" are read.
pub fn from_entries(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    let items = match arg(args, 0) {
        Value::Array(a) => a.borrow().items(),
        Value::Undefined | Value::Null | Value::Number(_) | Value::Bool(_) => {
            return Err(Abort::throw("TypeError: object is not iterable"))
        }
        Value::String(_) => return Err(Abort::throw("TypeError: Iterator value is not an entry object")),
        _ => return Err(Abort::unsupported("Object.fromEntries of a non-array iterable")),
    };
    let obj = crate::object::Obj::new(ctx)?;
    for entry in items {
        let entry = entry.unwrap_or(Value::Undefined);
        match &entry {
            Value::Object(_) | Value::Array(_) => {}
            Value::Function(_) => return Err(Abort::unsupported("a function as an entry")),
            _ => return Err(Abort::throw("TypeError: Iterator value is not an entry object")),
        }
        let k = crate::props::get_key(ctx, &entry, &JsStr::from_str("0"))?;
        let v = crate::props::get_key(ctx, &entry, &JsStr::from_str("1"))?;
        let key = to_property_key(ctx, &k)?;
        obj.put(ctx, key, v)?;
    }
    Ok(Value::Object(obj))
}

/// Object.prototype.toString: "[object " + builtinTag + "]" (no value here has Symbol.toStringTag
/// except the host namespaces, whose tags are their names).
pub fn object_to_string(ctx: &mut Ctx, this: &Value, _args: &[Value]) -> R<Value> {
    let tag = match this {
        Value::Undefined => "Undefined",
        Value::Null => "Null",
        Value::Array(_) => "Array",
        Value::Function(_) => "Function",
        Value::String(_) => "String",
        Value::Number(_) => "Number",
        Value::Bool(_) => "Boolean",
        Value::Object(o) => match o.borrow().host {
            // Array.prototype is an Array exotic object; Object.prototype has no toStringTag.
            Some("Object.prototype") => "Object",
            Some("Array.prototype") => "Array",
            Some(h) => h,
            None => "Object",
        },
        // Their Symbol.toStringTag is the class name.
        Value::Host(h) => h.class_name(),
    };
    let s = format!("[object {}]", tag);
    ctx.charge(2 * s.len() + 16)?;
    Ok(Value::str(&s))
}

/// Object.prototype.valueOf: ToObject(this); primitives would be wrapper objects, which native
/// code does not have.
pub fn object_value_of(_ctx: &mut Ctx, this: &Value, _args: &[Value]) -> R<Value> {
    match this {
        Value::Object(_) | Value::Array(_) | Value::Function(_) => Ok(this.clone()),
        Value::Undefined | Value::Null => Err(Abort::throw("TypeError: Cannot convert undefined or null to object")),
        _ => Err(Abort::unsupported("valueOf producing a wrapper object")),
    }
}

/// Boolean.prototype.toString.
pub fn boolean_to_string(_ctx: &mut Ctx, this: &Value, _args: &[Value]) -> R<Value> {
    match this {
        Value::Bool(b) => Ok(Value::str(if *b { "true" } else { "false" })),
        _ => Err(Abort::throw("TypeError: Boolean.prototype.toString requires that 'this' be a Boolean")),
    }
}

/// Object.freeze(o): returns o, which from then on is read-only (writes abort, see ObjData).
pub fn freeze(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    let v = arg(args, 0);
    match &v {
        Value::Object(o) => {
            if o.borrow().host.is_some() {
                return Err(Abort::unsupported("Object.freeze of a host object"));
            }
            if !o.borrow().frozen {
                o.check_mutable(ctx)?;
                o.borrow_mut().frozen = true;
            }
        }
        Value::Array(a) => {
            if !a.borrow().frozen {
                a.check_mutable(ctx)?;
                a.borrow_mut().frozen = true;
            }
        }
        Value::Function(_) => return Err(Abort::unsupported("Object.freeze of a function")),
        _ => {}
    }
    Ok(v)
}

/// Object.hasOwn(o, key): HasOwnProperty(ToObject(o), ToPropertyKey(key)).
pub fn has_own(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    let o = arg(args, 0);
    if o.is_nullish() {
        return Err(Abort::throw("TypeError: Cannot convert undefined or null to object"));
    }
    has_own_property(ctx, &o, &[arg(args, 1)])
}

/// Object.getPrototypeOf(v): Object.prototype for a plain object, Array.prototype for an array,
/// Object.prototype for Array.prototype and null for Object.prototype (the values a for...in
/// lowering tests); every other receiver's prototype is one native code lacks: abort.
pub fn get_prototype_of(_ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    match &arg(args, 0) {
        Value::Object(o) => match o.borrow().host {
            None => Ok(Value::Object(super::object_prototype())),
            Some("Array.prototype") => Ok(Value::Object(super::object_prototype())),
            Some("Object.prototype") => Ok(Value::Null),
            Some(h) => Err(Abort::unsupported(format!("Object.getPrototypeOf({})", h))),
        },
        Value::Array(_) => Ok(Value::Object(super::array_prototype())),
        Value::Undefined | Value::Null => Err(Abort::throw("TypeError: Cannot convert undefined or null to object")),
        v => Err(Abort::unsupported(format!("Object.getPrototypeOf of a {}", v.type_tag()))),
    }
}
