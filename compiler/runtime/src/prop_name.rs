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

use crate::abort::R;
use crate::ctx::Ctx;
use crate::jsstr::JsStr;
use crate::props::{self, MissChain};
use crate::value::Value;

/// The host namespaces whose members are precomputed (`Math.floor`, `console.log`, ...).
const HOSTS: [&str; 3] = ["console", "JSON", "Math"];

pub struct PropName {
    key: JsStr,
    /// The key as an array index ("0", "17"), when it is one.
    index: Option<u32>,
    is_length: bool,
    /// What a miss on own properties gives, per receiver kind (props::get_key's answers).
    miss_object: R<Value>,
    miss_array: R<Value>,
    miss_string: R<Value>,
    /// A member of each host namespace of HOSTS.
    host: [R<Value>; 3],
}

impl PropName {
    pub fn new(name: &str) -> PropName {
        let key = JsStr::from_str(name);
        PropName {
            index: key.array_index(),
            is_length: name == "length",
            miss_object: props::proto_miss_of(MissChain::Object, &key),
            miss_array: props::proto_miss_of(MissChain::Array, &key),
            miss_string: props::proto_miss_of(MissChain::String, &key),
            host: HOSTS.map(|h| props::host_member(h, &key)),
            key,
        }
    }
    pub fn key(&self) -> &JsStr {
        &self.key
    }
}

/// `object.name` for a literal name: the same answer as `ops::get_key(ctx, obj, name.key())`.
/// `s.length` and `xs.length` (loop tests) are inlined; the rest is one out-of-line call.
#[inline(always)]
pub fn get_named(ctx: &mut Ctx, obj: &Value, k: &PropName) -> R<Value> {
    if k.is_length {
        match obj {
            Value::String(s) => return Ok(Value::Number(s.len() as f64)),
            Value::Array(a) => return Ok(Value::Number(a.len() as f64)),
            _ => {}
        }
    }
    get_named_slow(ctx, obj, k)
}

#[inline(never)]
fn get_named_slow(ctx: &mut Ctx, obj: &Value, k: &PropName) -> R<Value> {
    match obj {
        Value::Object(o) => {
            let d = o.borrow();
            match d.host {
                None => match d.get(&k.key) {
                    Some(v) => Ok(v.clone()),
                    None => k.miss_object.clone(),
                },
                Some(h) => match HOSTS.iter().position(|x| *x == h) {
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
    props::set_key(ctx, obj, k.key.clone(), val)
}
