// Helpers shared by the fast-path test files: a fresh activation context and "same outcome".
#![allow(dead_code)]

use containerless_rt::json_stringify;
use containerless_rt::prelude::*;

pub fn act() -> Ctx {
    Ctx::for_activation(Limits::default())
}

pub fn json(ctx: &mut Ctx, v: &Value) -> String {
    json_stringify::stringify_utf8(ctx, v).unwrap().unwrap()
}

/// The same outcome: both answers with the same JSON text (or both undefined), or both aborts
/// with the same reason and detail.
pub fn same(ctx: &mut Ctx, a: R<Value>, b: R<Value>) -> bool {
    match (a, b) {
        (Ok(x), Ok(y)) => {
            let kinds = x.type_tag() == y.type_tag();
            match (&x, &y) {
                (Value::Function(f), Value::Function(g)) => f == g,
                (Value::Number(m), Value::Number(n)) => m.to_bits() == n.to_bits() || (m.is_nan() && n.is_nan()),
                (Value::Undefined, Value::Undefined) => true,
                _ => kinds && json(ctx, &x) == json(ctx, &y),
            }
        }
        (Err(x), Err(y)) => x.reason == y.reason && x.detail == y.detail,
        _ => false,
    }
}
