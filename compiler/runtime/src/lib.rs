// containerless_rt: exact JavaScript values and operations for compiled handlers (docs/runtime-crate.md).

// Every module forbids unsafe code except abi.rs, the audited C boundary.
#![deny(unsafe_code)]

pub mod abi;
pub mod abort;
pub mod builtins;
pub mod closure;
pub mod coerce;
pub mod ctx;
pub mod date;
pub mod effects;
pub mod exec;
pub mod fetch;
pub mod host;
mod elements;
pub mod inspect;
mod inspect_text;
pub mod json_parse;
pub mod json_stringify;
pub mod jsstr;
pub mod int_index;
pub mod num;
pub mod num_array;
mod num_exact;
pub mod object;
pub mod ops;
pub mod prop_name;
pub mod promise;
pub mod props;
pub mod response;
pub mod value;

pub use abort::{unsupported, Abort, AbortReason, R};
pub use builtins::{global, Builtin};
pub use ctx::{Ctx, Limits, Stream};
pub use jsstr::JsStr;
pub use object::{Arr, Obj};
pub use prop_name::PropName;
pub use props::{ArrBuilder, ObjBuilder};
pub use value::{truthy, Func, Value};

/// What generated code imports: `use containerless_rt::prelude::*;`.
pub mod prelude {
    pub use crate::abort::{Abort, AbortReason, R};
    pub use crate::builtins::{self, global, Builtin};
    pub use crate::closure;
    pub use crate::ctx::{Ctx, Limits};
    pub use crate::exec;
    pub use crate::promise;
    pub use crate::jsstr::JsStr;
    pub use crate::num;
    pub use crate::int_index;
    pub use crate::num_array::NumArr;
    pub use crate::{floor_f64, rem_f64};
    pub use crate::ops;
    pub use crate::prop_name::PropName;
    pub use crate::props::{ArrBuilder, ObjBuilder};
    pub use crate::value::{truthy, Func, Value};
}
