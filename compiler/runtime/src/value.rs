// JavaScript values: the enum generated code manipulates, with typeof and literal constructors.
#![forbid(unsafe_code)]

use crate::abort::{Abort, R};
use crate::builtins::Builtin;
use crate::jsstr::JsStr;
use crate::object::{Arr, Obj};

/// A function value: a user function of the trace (by its trace-ir.md id), a closure (a user
/// function with the values it captured, crate::closure), or a crate built-in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Func {
    User(u32),
    Builtin(Builtin),
    Closure(crate::closure::Closure),
}

#[derive(Clone, Debug, Default)]
pub enum Value {
    #[default]
    Undefined,
    Null,
    Bool(bool),
    Number(f64),
    String(JsStr),
    Object(Obj),
    Array(Arr),
    Function(Func),
    /// A promise, Response or Headers object (crate::host): typeof "object".
    Host(crate::host::HostVal),
}

impl Value {
    /// A string literal. Allocates; generated code hoists hot literals.
    pub fn str(s: &str) -> Value {
        Value::String(JsStr::from_str(s))
    }
    /// A string literal with lone surrogates ({"a":"str","u16":[...]}).
    pub fn str_u16(units: &[u16]) -> Value {
        Value::String(JsStr::from_u16(units))
    }
    pub fn num(n: f64) -> Value {
        Value::Number(n)
    }
    pub fn builtin(b: Builtin) -> Value {
        Value::Function(Func::Builtin(b))
    }

    /// The callee guard of a built-in call target.
    pub fn is_builtin(&self, b: Builtin) -> bool {
        matches!(self, Value::Function(Func::Builtin(x)) if *x == b)
    }
    /// The callee guard of a user-function call target.
    pub fn is_user_fn(&self, id: u32) -> bool {
        match self {
            Value::Function(Func::User(x)) => *x == id,
            Value::Function(Func::Closure(c)) => c.id() == id,
            _ => false,
        }
    }

    /// The type tag of docs/trace-ir.md ("seen" lists): arrays are "array", unlike typeof.
    pub fn type_tag(&self) -> &'static str {
        match self {
            Value::Undefined => "undefined",
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Object(_) => "object",
            Value::Array(_) => "array",
            Value::Function(_) => "function",
            Value::Host(_) => "object",
        }
    }

    /// The `typeof` operator's answer.
    pub fn typeof_str(&self) -> &'static str {
        match self {
            Value::Undefined => "undefined",
            Value::Null | Value::Object(_) | Value::Array(_) => "object",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Function(_) => "function",
            Value::Host(_) => "object",
        }
    }

    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }
    pub fn as_jsstr(&self) -> Option<&JsStr> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
    pub fn is_nullish(&self) -> bool {
        matches!(self, Value::Undefined | Value::Null)
    }
    /// Objects, arrays and functions: everything that is not a primitive.
    pub fn is_object_like(&self) -> bool {
        matches!(self, Value::Object(_) | Value::Array(_) | Value::Function(_) | Value::Host(_))
    }
}

/// ToBoolean.
#[inline(always)]
pub fn truthy(v: &Value) -> bool {
    match v {
        Value::Undefined | Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => !(*n == 0.0 || n.is_nan()),
        Value::String(s) => !s.is_empty(),
        Value::Object(_) | Value::Array(_) | Value::Function(_) | Value::Host(_) => true,
    }
}

/// IsStrictlyEqual (===): numbers by IEEE equality, everything else by identity. Two values
/// of the same user function id may be one function object or two evaluations of the same
/// function expression, which native code cannot tell apart: that case aborts.
#[inline(always)]
pub fn strict_equals(a: &Value, b: &Value) -> R<bool> {
    Ok(match (a, b) {
        (Value::Undefined, Value::Undefined) | (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Number(x), Value::Number(y)) => x == y,
        (Value::String(x), Value::String(y)) => JsStr::ptr_eq(x, y) || x == y,
        (Value::Object(x), Value::Object(y)) => Obj::ptr_eq(x, y),
        (Value::Array(x), Value::Array(y)) => Arr::ptr_eq(x, y),
        (Value::Function(Func::User(x)), Value::Function(Func::User(y))) if x == y => {
            return Err(Abort::unsupported("identity of two values of the same user function"))
        }
        (Value::Function(Func::Closure(x)), Value::Function(Func::Closure(y))) => {
            crate::closure::Closure::ptr_eq(x, y)
        }
        (Value::Function(Func::Builtin(x)), Value::Function(Func::Builtin(y))) => x == y,
        (Value::Function(_), Value::Function(_)) => false,
        (Value::Host(x), Value::Host(y)) => crate::host::HostVal::ptr_eq(x, y),
        _ => false,
    })
}

/// SameValueZero (Array.prototype.includes): like === but NaN equals NaN.
pub fn same_value_zero(a: &Value, b: &Value) -> R<bool> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => Ok(x == y || (x.is_nan() && y.is_nan())),
        _ => strict_equals(a, b),
    }
}
