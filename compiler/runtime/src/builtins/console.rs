// console.* (util.format into the log buffer) and the JSON.parse / JSON.stringify entry points.
#![forbid(unsafe_code)]

use crate::abort::R;
use crate::coerce::arg;
use crate::ctx::{Ctx, Stream};
use crate::value::Value;

fn write(ctx: &mut Ctx, stream: Stream, args: &[Value]) -> R<Value> {
    let text = crate::inspect::format(ctx, args)?;
    ctx.log(stream, text)?;
    Ok(Value::Undefined)
}

pub fn log(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    write(ctx, Stream::Stdout, args)
}
pub fn info(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    write(ctx, Stream::Stdout, args)
}
pub fn debug(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    write(ctx, Stream::Stdout, args)
}
pub fn error(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    write(ctx, Stream::Stderr, args)
}
pub fn warn(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    write(ctx, Stream::Stderr, args)
}

pub fn json_stringify(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    crate::json_stringify::stringify(ctx, &arg(args, 0), &arg(args, 1), &arg(args, 2))
}

pub fn json_parse(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    if args.len() > 1 && !matches!(args[1], Value::Undefined) {
        return Err(crate::abort::Abort::unsupported("JSON.parse with a reviver"));
    }
    let text = crate::coerce::to_jsstr(ctx, &arg(args, 0))?;
    let units = text.to_vec();
    crate::json_parse::parse(ctx, &units)
}
