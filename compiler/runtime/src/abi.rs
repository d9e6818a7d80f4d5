// The C boundary of docs/handler-abi.md: repr(C) tables, export_handler!, panics caught, reply shaping.

// This is the only module of the crate allowed to use `unsafe`; each block says why it is sound.
#![allow(unsafe_code)]

use crate::abort::{Abort, AbortReason, R};
use crate::ctx::{Ctx, Limits};
use crate::value::Value;
use std::ffi::{c_void, CString};
use std::os::raw::c_char;
use std::panic::{catch_unwind, AssertUnwindSafe};

pub const CL_HANDLER_ABI_VERSION: u32 = 1;
pub const CL_STATUS_ANSWERED: i32 = 0;
pub const CL_STATUS_ABORTED: i32 = 1;

#[repr(C)]
pub struct ClBytes {
    pub ptr: *mut u8,
    pub len: usize,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct ClLimits {
    pub fuel: u64,
    pub memory_bytes: u64,
    pub deadline_ms: i64,
}

#[repr(C)]
pub struct ClOutcome {
    pub status: i32,
    pub http_status: i32,
    pub body: ClBytes,
    pub logs: ClBytes,
    pub abort: ClBytes,
}

pub type InstanceNewFn = extern "C" fn(*const ClLimits, *mut ClBytes) -> *mut c_void;
pub type InstanceFreeFn = extern "C" fn(*mut c_void);
pub type RunFn = extern "C" fn(*mut c_void, *const u8, usize, *const ClLimits, *mut ClOutcome) -> i32;
pub type OutcomeFreeFn = extern "C" fn(*mut ClOutcome);
pub type BytesFreeFn = extern "C" fn(*mut ClBytes);

#[repr(C)]
pub struct ClHandlerV1 {
    pub abi_version: u32,
    pub reserved: u32,
    pub trace_sha256: *const c_char,
    pub code_sha256: *const c_char,
    pub entry: *const c_char,
    pub instance_new: InstanceNewFn,
    pub instance_free: InstanceFreeFn,
    pub run: RunFn,
    pub outcome_free: OutcomeFreeFn,
    pub bytes_free: BytesFreeFn,
}

/// What export_handler! implements from the generated module (docs/runtime-crate.md section 6).
pub trait Handler: 'static {
    type Module: 'static;
    const TRACE_SHA256: &'static str;
    const CODE_SHA256: &'static str;
    const ENTRY: &'static str;
    fn init(ctx: &mut Ctx) -> R<Self::Module>;
    fn run(ctx: &mut Ctx, m: &Self::Module, args: Value) -> R<Value>;
}

/// The handler table in static storage.
pub struct StaticTable(ClHandlerV1);

// SAFETY: the table is immutable after construction; its raw pointers point to leaked,
// never-freed C strings and to functions, so sharing it between threads is sound.
unsafe impl Sync for StaticTable {}
unsafe impl Send for StaticTable {}

impl StaticTable {
    pub fn as_ptr(&self) -> *const ClHandlerV1 {
        &self.0
    }
}

fn leak_c_string(s: &str) -> *const c_char {
    let c = CString::new(s.replace('\0', "")).unwrap_or_default();
    Box::leak(c.into_boxed_c_str()).as_ptr()
}

/// Builds the table for a handler; called once by containerless_handler_v1.
pub fn table<H: Handler>() -> StaticTable {
    silence_panic_output();
    StaticTable(ClHandlerV1 {
        abi_version: CL_HANDLER_ABI_VERSION,
        reserved: 0,
        trace_sha256: leak_c_string(H::TRACE_SHA256),
        code_sha256: leak_c_string(H::CODE_SHA256),
        entry: leak_c_string(H::ENTRY),
        instance_new: instance_new::<H>,
        instance_free: instance_free::<H>,
        run: run::<H>,
        outcome_free,
        bytes_free,
    })
}

/// A handler never writes to a file descriptor: the default hook would print panics to stderr.
fn silence_panic_output() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| std::panic::set_hook(Box::new(|_| {})));
}

fn read_limits(p: *const ClLimits) -> Limits {
    if p.is_null() {
        return Limits::default();
    }
    // SAFETY: the runtime passes a pointer to a live cl_limits for the duration of the call.
    let l = unsafe { *p };
    Limits { fuel: l.fuel, memory_bytes: l.memory_bytes, deadline_ms: l.deadline_ms }
}

fn bytes_of(v: Vec<u8>) -> ClBytes {
    let boxed = v.into_boxed_slice();
    let len = boxed.len();
    let ptr = Box::into_raw(boxed) as *mut u8;
    ClBytes { ptr, len }
}

fn empty_bytes() -> ClBytes {
    ClBytes { ptr: std::ptr::null_mut(), len: 0 }
}

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_string()
    }
}

extern "C" fn instance_new<H: Handler>(limits: *const ClLimits, abort_json: *mut ClBytes) -> *mut c_void {
    let mut ctx = Ctx::for_module(read_limits(limits));
    let result = catch_unwind(AssertUnwindSafe(|| H::init(&mut ctx)));
    let abort = match result {
        Ok(Ok(module)) => return Box::into_raw(Box::new(module)) as *mut c_void,
        Ok(Err(a)) => ctx.locate(a),
        Err(p) => Abort::panic(panic_message(p)),
    };
    if !abort_json.is_null() {
        // SAFETY: abort_json points to a cl_bytes owned by the caller, valid for this call.
        unsafe { *abort_json = bytes_of(abort.to_json().into_bytes()) };
    }
    std::ptr::null_mut()
}

extern "C" fn instance_free<H: Handler>(instance: *mut c_void) {
    if instance.is_null() {
        return;
    }
    // SAFETY: instance came from Box::into_raw in instance_new::<H> and is freed once.
    let module = unsafe { Box::from_raw(instance as *mut H::Module) };
    let _ = catch_unwind(AssertUnwindSafe(move || drop(module)));
}

/// One activation: parse args, run, shape the reply. Pure Rust, no pointers: tested directly.
pub fn run_activation<H: Handler>(ctx: &mut Ctx, module: &H::Module, args_json: &[u8]) -> R<(i32, String)> {
    ctx.check_deadline()?; // a run that starts late must not answer, even without loops
    let text = std::str::from_utf8(args_json).map_err(|_| Abort::unsupported("args_json is not UTF-8"))?;
    let args = crate::json_parse::parse_utf8(ctx, text)?;
    if !matches!(args, Value::Object(_) | Value::Array(_)) {
        return Err(Abort::unsupported("args_json is not an object or array"));
    }
    let result = H::run(ctx, module, args)?;
    shape_reply(ctx, &result)
}

/// The /run reply: undefined -> 200 {}; an object or array -> 200 and its JSON; anything else is
/// Node.js's to answer (OpenWhisk's error shapes), so the activation aborts.
pub fn shape_reply(ctx: &mut Ctx, result: &Value) -> R<(i32, String)> {
    match result {
        Value::Undefined => Ok((200, "{}".to_string())),
        Value::Object(_) | Value::Array(_) => match crate::json_stringify::stringify_utf8(ctx, result)? {
            Some(body) => Ok((200, body)),
            None => Err(Abort::unsupported("result serializes to nothing")),
        },
        _ => Err(Abort::unsupported(format!("the action returned a {}, not an object", result.type_tag()))),
    }
}

extern "C" fn run<H: Handler>(
    instance: *mut c_void,
    args_json: *const u8,
    args_len: usize,
    limits: *const ClLimits,
    out: *mut ClOutcome,
) -> i32 {
    if out.is_null() {
        return CL_STATUS_ABORTED;
    }
    let mut ctx = Ctx::for_activation(read_limits(limits));
    let result = if instance.is_null() || (args_json.is_null() && args_len > 0) {
        Err(Abort::unsupported("null instance or args"))
    } else {
        // SAFETY: instance is a live H::Module from instance_new::<H>, used by one activation at
        // a time (handler-abi.md section 1); args_json points to args_len readable bytes.
        let module = unsafe { &*(instance as *const H::Module) };
        let args: &[u8] = if args_len == 0 { &[] } else { unsafe { std::slice::from_raw_parts(args_json, args_len) } };
        match catch_unwind(AssertUnwindSafe(|| run_activation::<H>(&mut ctx, module, args))) {
            Ok(r) => r,
            Err(p) => Err(Abort::panic(panic_message(p))),
        }
    };
    let logs = bytes_of(ctx.logs_json().into_bytes());
    let outcome = match result {
        Ok((http_status, body)) => ClOutcome {
            status: CL_STATUS_ANSWERED,
            http_status,
            body: bytes_of(body.into_bytes()),
            logs,
            abort: empty_bytes(),
        },
        Err(a) => {
            let a = if a.reason == AbortReason::Panic { a } else { ctx.locate(a) };
            ClOutcome {
                status: CL_STATUS_ABORTED,
                http_status: 0,
                body: empty_bytes(),
                logs,
                abort: bytes_of(a.to_json().into_bytes()),
            }
        }
    };
    let status = outcome.status;
    // SAFETY: out points to a cl_outcome owned by the caller; we overwrite it without reading.
    unsafe { std::ptr::write(out, outcome) };
    status
}

fn free_bytes(b: &mut ClBytes) {
    if !b.ptr.is_null() {
        // SAFETY: ptr/len came from bytes_of (a leaked Box<[u8]>) and are freed once: we null them.
        unsafe { drop(Box::from_raw(std::ptr::slice_from_raw_parts_mut(b.ptr, b.len))) };
    }
    b.ptr = std::ptr::null_mut();
    b.len = 0;
}

extern "C" fn outcome_free(out: *mut ClOutcome) {
    if out.is_null() {
        return;
    }
    // SAFETY: out points to a cl_outcome filled by run (or zeroed by the caller).
    let o = unsafe { &mut *out };
    free_bytes(&mut o.body);
    free_bytes(&mut o.logs);
    free_bytes(&mut o.abort);
}

extern "C" fn bytes_free(b: *mut ClBytes) {
    if b.is_null() {
        return;
    }
    // SAFETY: b points to a cl_bytes filled by instance_new (or zeroed by the caller).
    free_bytes(unsafe { &mut *b });
}

/// Exports `containerless_handler_v1` for a generated module that defines `Module`, `init`,
/// `run`, `TRACE_SHA256`, `CODE_SHA256` and `ENTRY` (docs/runtime-crate.md section 6).
#[macro_export]
macro_rules! export_handler {
    ($m:ident) => {
        pub struct ContainerlessHandler;
        impl $crate::abi::Handler for ContainerlessHandler {
            type Module = $m::Module;
            const TRACE_SHA256: &'static str = $m::TRACE_SHA256;
            const CODE_SHA256: &'static str = $m::CODE_SHA256;
            const ENTRY: &'static str = $m::ENTRY;
            fn init(ctx: &mut $crate::Ctx) -> $crate::R<Self::Module> {
                $m::init(ctx)
            }
            fn run(ctx: &mut $crate::Ctx, m: &Self::Module, args: $crate::Value) -> $crate::R<$crate::Value> {
                $m::run(ctx, m, args)
            }
        }
        #[no_mangle]
        pub extern "C" fn containerless_handler_v1() -> *const $crate::abi::ClHandlerV1 {
            static TABLE: ::std::sync::OnceLock<$crate::abi::StaticTable> = ::std::sync::OnceLock::new();
            TABLE.get_or_init($crate::abi::table::<ContainerlessHandler>).as_ptr()
        }
    };
}
