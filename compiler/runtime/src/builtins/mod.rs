// The built-in table: one macro_rules! list generates the Builtin enum, its JavaScript names and the dispatcher.
#![forbid(unsafe_code)]

mod array;
mod console;
mod globals;
mod math;
mod number;
mod object;
mod string;
mod uri;

use crate::abort::{Abort, R};
use crate::ctx::Ctx;
use crate::object::Obj;
use crate::value::Value;

pub use math::round_f64;
pub use number::{to_exponential, to_fixed, to_precision};

/// One row per built-in: enum variant, JavaScript path (the trace's {"builtin": ...} name),
/// implementation `fn(&mut Ctx, this: &Value, args: &[Value]) -> R<Value>`.
macro_rules! builtin_table {
    ($( $variant:ident = $name:literal => $func:path; )*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Builtin { $($variant),* }

        impl Builtin {
            pub const ALL: &'static [Builtin] = &[$(Builtin::$variant),*];
            /// The JavaScript path, as docs/trace-ir.md call targets name it.
            pub fn name(self) -> &'static str {
                match self { $(Builtin::$variant => $name),* }
            }
            /// The built-in of a JavaScript path (aliases such as Number.parseInt included).
            pub fn from_name(name: &str) -> Option<Builtin> {
                match name {
                    $($name => Some(Builtin::$variant),)*
                    _ => alias(name),
                }
            }
        }

        /// Calls a built-in with its `this` and arguments (spreads already expanded).
        pub fn call(ctx: &mut Ctx, b: Builtin, this: &Value, args: &[Value]) -> R<Value> {
            match b { $(Builtin::$variant => $func(ctx, this, args)),* }
        }
    };
}

builtin_table! {
    ConsoleLog = "console.log" => console::log;
    ConsoleInfo = "console.info" => console::info;
    ConsoleDebug = "console.debug" => console::debug;
    ConsoleError = "console.error" => console::error;
    ConsoleWarn = "console.warn" => console::warn;
    JsonStringify = "JSON.stringify" => console::json_stringify;
    JsonParse = "JSON.parse" => console::json_parse;
    MathFloor = "Math.floor" => math::floor;
    MathCeil = "Math.ceil" => math::ceil;
    MathRound = "Math.round" => math::round;
    MathTrunc = "Math.trunc" => math::trunc;
    MathAbs = "Math.abs" => math::abs;
    MathSign = "Math.sign" => math::sign;
    MathSqrt = "Math.sqrt" => math::sqrt;
    MathMax = "Math.max" => math::max;
    MathMin = "Math.min" => math::min;
    MathPow = "Math.pow" => math::pow;
    MathImul = "Math.imul" => math::imul;
    MathClz32 = "Math.clz32" => math::clz32;
    MathFround = "Math.fround" => math::fround;
    MathHypot = "Math.hypot" => math::hypot;
    ParseInt = "parseInt" => globals::parse_int;
    ParseFloat = "parseFloat" => globals::parse_float;
    IsNaN = "isNaN" => globals::is_nan;
    IsFinite = "isFinite" => globals::is_finite;
    Object = "Object" => object::object_call;
    Array = "Array" => array::array_call;
    String = "String" => string::string_call;
    Number = "Number" => number::number_call;
    Boolean = "Boolean" => globals::boolean_call;
    FunctionPrototypeCall = "Function.prototype.call" => globals::function_call;
    FunctionPrototypeApply = "Function.prototype.apply" => globals::function_apply;
    ObjectKeys = "Object.keys" => object::keys;
    ObjectValues = "Object.values" => object::values;
    ObjectEntries = "Object.entries" => object::entries;
    ObjectAssign = "Object.assign" => object::assign;
    ObjectPrototypeHasOwnProperty = "Object.prototype.hasOwnProperty" => object::has_own_property;
    ObjectPrototypeToString = "Object.prototype.toString" => object::object_to_string;
    ObjectPrototypeValueOf = "Object.prototype.valueOf" => object::object_value_of;
    BooleanPrototypeToString = "Boolean.prototype.toString" => object::boolean_to_string;
    ArrayIsArray = "Array.isArray" => array::is_array;
    NumberIsInteger = "Number.isInteger" => number::is_integer;
    NumberIsSafeInteger = "Number.isSafeInteger" => number::is_safe_integer;
    NumberIsFinite = "Number.isFinite" => number::is_finite;
    NumberIsNaN = "Number.isNaN" => number::is_nan;
    NumberPrototypeToString = "Number.prototype.toString" => number::to_string;
    NumberPrototypeToFixed = "Number.prototype.toFixed" => number::to_fixed_builtin;
    NumberPrototypeValueOf = "Number.prototype.valueOf" => number::value_of;
    NumberPrototypeToExponential = "Number.prototype.toExponential" => number::to_exponential_builtin;
    NumberPrototypeToPrecision = "Number.prototype.toPrecision" => number::to_precision_builtin;
    StringFromCharCode = "String.fromCharCode" => string::from_char_code;
    StringPrototypeCharAt = "String.prototype.charAt" => string::char_at;
    StringPrototypeCharCodeAt = "String.prototype.charCodeAt" => string::char_code_at;
    StringPrototypeCodePointAt = "String.prototype.codePointAt" => string::code_point_at;
    StringPrototypeAt = "String.prototype.at" => string::at;
    StringPrototypeIndexOf = "String.prototype.indexOf" => string::index_of;
    StringPrototypeLastIndexOf = "String.prototype.lastIndexOf" => string::last_index_of;
    StringPrototypeIncludes = "String.prototype.includes" => string::includes;
    StringPrototypeStartsWith = "String.prototype.startsWith" => string::starts_with;
    StringPrototypeEndsWith = "String.prototype.endsWith" => string::ends_with;
    StringPrototypeSlice = "String.prototype.slice" => string::slice;
    StringPrototypeSubstring = "String.prototype.substring" => string::substring;
    StringPrototypeSubstr = "String.prototype.substr" => string::substr;
    StringPrototypeToUpperCase = "String.prototype.toUpperCase" => string::to_upper_case;
    StringPrototypeToLowerCase = "String.prototype.toLowerCase" => string::to_lower_case;
    StringPrototypeTrim = "String.prototype.trim" => string::trim;
    StringPrototypeTrimStart = "String.prototype.trimStart" => string::trim_start;
    StringPrototypeTrimEnd = "String.prototype.trimEnd" => string::trim_end;
    StringPrototypePadStart = "String.prototype.padStart" => string::pad_start;
    StringPrototypePadEnd = "String.prototype.padEnd" => string::pad_end;
    StringPrototypeRepeat = "String.prototype.repeat" => string::repeat;
    StringPrototypeConcat = "String.prototype.concat" => string::concat;
    StringPrototypeSplit = "String.prototype.split" => string::split;
    StringPrototypeReplace = "String.prototype.replace" => string::replace;
    StringPrototypeReplaceAll = "String.prototype.replaceAll" => string::replace_all;
    StringPrototypeToString = "String.prototype.toString" => string::to_string;
    StringPrototypeValueOf = "String.prototype.valueOf" => string::to_string;
    ArrayPrototypePush = "Array.prototype.push" => array::push;
    ArrayPrototypePop = "Array.prototype.pop" => array::pop;
    ArrayPrototypeShift = "Array.prototype.shift" => array::shift;
    ArrayPrototypeUnshift = "Array.prototype.unshift" => array::unshift;
    ArrayPrototypeSlice = "Array.prototype.slice" => array::slice;
    ArrayPrototypeIndexOf = "Array.prototype.indexOf" => array::index_of;
    ArrayPrototypeLastIndexOf = "Array.prototype.lastIndexOf" => array::last_index_of;
    ArrayPrototypeIncludes = "Array.prototype.includes" => array::includes;
    ArrayPrototypeJoin = "Array.prototype.join" => array::join;
    ArrayPrototypeToString = "Array.prototype.toString" => array::to_string;
    ArrayPrototypeConcat = "Array.prototype.concat" => array::concat;
    ArrayPrototypeReverse = "Array.prototype.reverse" => array::reverse;
    ArrayPrototypeAt = "Array.prototype.at" => array::at;
    ArrayPrototypeFill = "Array.prototype.fill" => array::fill;
    ArrayPrototypeSort = "Array.prototype.sort" => array::sort;
    ArrayPrototypeSplice = "Array.prototype.splice" => array::splice;
    ArrayPrototypeFlat = "Array.prototype.flat" => array::flat;
    // The callback hosts: generated code runs them as loops (crate::closure); reached any
    // other way (`xs.map.call(ys, f)`), they abort.
    ArrayPrototypeForEach = "Array.prototype.forEach" => crate::closure::host_call;
    ArrayPrototypeMap = "Array.prototype.map" => crate::closure::host_call;
    ArrayPrototypeFilter = "Array.prototype.filter" => crate::closure::host_call;
    ArrayPrototypeSome = "Array.prototype.some" => crate::closure::host_call;
    ArrayPrototypeEvery = "Array.prototype.every" => crate::closure::host_call;
    ArrayPrototypeFind = "Array.prototype.find" => crate::closure::host_call;
    ArrayPrototypeFindIndex = "Array.prototype.findIndex" => crate::closure::host_call;
    ArrayPrototypeReduce = "Array.prototype.reduce" => crate::closure::host_call;
    ArrayPrototypeFindLast = "Array.prototype.findLast" => crate::closure::host_call;
    ArrayPrototypeFindLastIndex = "Array.prototype.findLastIndex" => crate::closure::host_call;
    ArrayPrototypeReduceRight = "Array.prototype.reduceRight" => crate::closure::host_call;
    ArrayPrototypeFlatMap = "Array.prototype.flatMap" => crate::closure::host_call;
    ArrayFrom = "Array.from" => array::from;
    ArrayOf = "Array.of" => array::of;
    ObjectFromEntries = "Object.fromEntries" => object::from_entries;
    ObjectFreeze = "Object.freeze" => object::freeze;
    ObjectHasOwn = "Object.hasOwn" => object::has_own;
    ObjectGetPrototypeOf = "Object.getPrototypeOf" => object::get_prototype_of;
    EncodeUriComponent = "encodeURIComponent" => uri::encode_uri_component;
    EncodeUri = "encodeURI" => uri::encode_uri;
    DecodeUriComponent = "decodeURIComponent" => uri::decode_uri_component;
    DecodeUri = "decodeURI" => uri::decode_uri;
    Fetch = "fetch" => crate::fetch::fetch_sync;
    ResponsePrototypeJson = "Response.prototype.json" => crate::response::json;
    ResponsePrototypeText = "Response.prototype.text" => crate::response::text;
    HeadersPrototypeGet = "Headers.prototype.get" => crate::response::headers_get;
    Promise = "Promise" => crate::promise::promise_call;
    PromiseResolve = "Promise.resolve" => crate::promise::resolve;
    PromiseReject = "Promise.reject" => crate::promise::reject;
    PromiseAll = "Promise.all" => crate::promise::all;
    PromisePrototypeThen = "Promise.prototype.then" => crate::promise::then;
    PromisePrototypeCatch = "Promise.prototype.catch" => crate::promise::catch;
    Date = "Date" => date_call;
    DateUtc = "Date.UTC" => crate::date::date_utc;
    DateParse = "Date.parse" => crate::date::date_parse;
    DatePrototypeGetTime = "Date.prototype.getTime" => crate::date::get_time;
    DatePrototypeValueOf = "Date.prototype.valueOf" => crate::date::get_time;
    DatePrototypeToIsoString = "Date.prototype.toISOString" => crate::date::to_iso_string;
    DatePrototypeToJson = "Date.prototype.toJSON" => crate::date::to_json;
    DatePrototypeToUtcString = "Date.prototype.toUTCString" => crate::date::to_utc_string;
    DatePrototypeToString = "Date.prototype.toString" => crate::date::to_string;
    DatePrototypeGetUtcFullYear = "Date.prototype.getUTCFullYear" => crate::date::get_utc_full_year;
    DatePrototypeGetUtcMonth = "Date.prototype.getUTCMonth" => crate::date::get_utc_month;
    DatePrototypeGetUtcDate = "Date.prototype.getUTCDate" => crate::date::get_utc_date;
    DatePrototypeGetUtcDay = "Date.prototype.getUTCDay" => crate::date::get_utc_day;
    DatePrototypeGetUtcHours = "Date.prototype.getUTCHours" => crate::date::get_utc_hours;
    DatePrototypeGetUtcMinutes = "Date.prototype.getUTCMinutes" => crate::date::get_utc_minutes;
    DatePrototypeGetUtcSeconds = "Date.prototype.getUTCSeconds" => crate::date::get_utc_seconds;
    DatePrototypeGetUtcMilliseconds = "Date.prototype.getUTCMilliseconds" => crate::date::get_utc_milliseconds;
    DatePrototypeGetFullYear = "Date.prototype.getFullYear" => crate::date::get_full_year;
    DatePrototypeGetMonth = "Date.prototype.getMonth" => crate::date::get_month;
    DatePrototypeGetDate = "Date.prototype.getDate" => crate::date::get_date;
    DatePrototypeGetDay = "Date.prototype.getDay" => crate::date::get_day;
    DatePrototypeGetHours = "Date.prototype.getHours" => crate::date::get_hours;
    DatePrototypeGetMinutes = "Date.prototype.getMinutes" => crate::date::get_minutes;
    DatePrototypeGetSeconds = "Date.prototype.getSeconds" => crate::date::get_seconds;
    DatePrototypeGetMilliseconds = "Date.prototype.getMilliseconds" => crate::date::get_milliseconds;
    DatePrototypeGetTimezoneOffset = "Date.prototype.getTimezoneOffset" => crate::date::get_timezone_offset;
    DateNow = "Date.now" => crate::effects::date_now;
    MathRandom = "Math.random" => crate::effects::math_random;
}

/// `Date()` (a string of the current time) is not implemented; `new Date(…)` is `construct`.
fn date_call(_ctx: &mut Ctx, _this: &Value, _args: &[Value]) -> R<Value> {
    Err(Abort::unsupported("Date() is not implemented"))
}

/// `new b(...args)`, a call target of a "construct": true call (docs/trace-ir.md section 5):
/// the Date constructor; any other built-in aborts.
pub fn construct(ctx: &mut Ctx, b: Builtin, args: &[Value]) -> R<Value> {
    match b {
        Builtin::Date => crate::date::construct(ctx, args),
        _ => Err(Abort::unsupported(format!("new {}", b.name()))),
    }
}

/// Other names of the same function objects (Number.parseInt === parseInt in JavaScript).
fn alias(name: &str) -> Option<Builtin> {
    match name {
        "Number.parseInt" => Some(Builtin::ParseInt),
        "Number.parseFloat" => Some(Builtin::ParseFloat),
        "String.prototype.trimLeft" => Some(Builtin::StringPrototypeTrimStart),
        "String.prototype.trimRight" => Some(Builtin::StringPrototypeTrimEnd),
        "Date.prototype.toGMTString" => Some(Builtin::DatePrototypeToUtcString),
        _ => None,
    }
}

/// Constant members of the namespaces and constructors (Math.PI, Number.MAX_SAFE_INTEGER, ...).
pub fn constant(name: &str) -> Option<Value> {
    let n = match name {
        "Math.PI" => std::f64::consts::PI,
        "Math.E" => std::f64::consts::E,
        "Math.LN2" => std::f64::consts::LN_2,
        "Math.LN10" => std::f64::consts::LN_10,
        "Math.LOG2E" => std::f64::consts::LOG2_E,
        "Math.LOG10E" => std::f64::consts::LOG10_E,
        "Math.SQRT2" => std::f64::consts::SQRT_2,
        "Math.SQRT1_2" => std::f64::consts::FRAC_1_SQRT_2,
        "Number.MAX_SAFE_INTEGER" => 9007199254740991.0,
        "Number.MIN_SAFE_INTEGER" => -9007199254740991.0,
        "Number.EPSILON" => f64::EPSILON,
        "Number.MAX_VALUE" => f64::MAX,
        "Number.MIN_VALUE" => 5e-324,
        "Number.POSITIVE_INFINITY" => f64::INFINITY,
        "Number.NEGATIVE_INFINITY" => f64::NEG_INFINITY,
        "Number.NaN" => f64::NAN,
        "Object.prototype" => return Some(Value::Object(object_prototype())),
        "Array.prototype" => return Some(Value::Object(array_prototype())),
        _ => return None,
    };
    Some(Value::Number(n))
}

thread_local! {
    // Host namespaces are shared by every instance on the thread, so `console === console`
    // holds across module and activation; they are read-only, so sharing is safe.
    static CONSOLE: Obj = Obj::host("console");
    static JSON: Obj = Obj::host("JSON");
    static MATH: Obj = Obj::host("Math");
    // The two prototypes a for...in lowering compares Object.getPrototypeOf(o) with (trace-ir.md):
    // read-only host objects, one per thread as the namespaces, so `===` is their identity.
    static OBJECT_PROTOTYPE: Obj = Obj::host("Object.prototype");
    static ARRAY_PROTOTYPE: Obj = Obj::host("Array.prototype");
}

/// This thread's `Object.prototype` (a host object: its members are the built-ins).
pub(crate) fn object_prototype() -> Obj {
    OBJECT_PROTOTYPE.with(|o| o.clone())
}

/// This thread's `Array.prototype`.
pub(crate) fn array_prototype() -> Obj {
    ARRAY_PROTOTYPE.with(|o| o.clone())
}

/// This thread's host namespaces (console, JSON, Math), which each Ctx keeps (Ctx::hosts): a
/// thread-local read in a handler library is a call to __tls_get_addr, too slow for every
/// `Math.floor(x)`.
pub(crate) fn host_namespaces() -> [Obj; 3] {
    [CONSOLE.with(|o| o.clone()), JSON.with(|o| o.clone()), MATH.with(|o| o.clone())]
}

/// The value of a global (`{"a":"global","name":...}`); a global the crate lacks aborts.
/// Inlined: generated code names a literal global, so the match folds away.
#[inline]
pub fn global(ctx: &mut Ctx, name: &str) -> R<Value> {
    match name {
        "console" => Ok(Value::Object(ctx.hosts()[0].clone())),
        "JSON" => Ok(Value::Object(ctx.hosts()[1].clone())),
        "Math" => Ok(Value::Object(ctx.hosts()[2].clone())),
        "undefined" => Ok(Value::Undefined),
        "NaN" => Ok(Value::Number(f64::NAN)),
        "Infinity" => Ok(Value::Number(f64::INFINITY)),
        _ => match Builtin::from_name(name) {
            Some(b) if !name.contains('.') => Ok(Value::builtin(b)),
            _ => Err(Abort::unsupported(format!("the global {}", name))),
        },
    }
}
