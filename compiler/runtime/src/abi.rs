// The C boundary of docs/handler-abi.md (version 2): repr(C) tables, export_handler!, step-wise activations, panics caught, reply shaping.

// This is the only module of the crate allowed to use `unsafe`; each block says why it is sound.
#![allow(unsafe_code)]

use crate::abort::{Abort, AbortReason, R};
use crate::ctx::{Ctx, Limits};
use crate::effects::{HostIo, IoHandle};
use crate::value::Value;
use std::cell::RefCell;
use std::ffi::{c_void, CString};
use std::future::Future;
use std::os::raw::c_char;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Poll, Waker};

pub const CL_HANDLER_ABI_VERSION: u32 = 2;
pub const CL_STATUS_ANSWERED: i32 = 0;
pub const CL_STATUS_ABORTED: i32 = 1;
pub const CL_STEP_DONE: i32 = 0;
pub const CL_STEP_HOST_CALL: i32 = 1;

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
pub type ActivationNewFn = extern "C" fn(*mut c_void, *const u8, usize, *const ClLimits) -> *mut c_void;
pub type StepFn = extern "C" fn(*mut c_void, *mut ClBytes, *mut ClOutcome) -> i32;
pub type CompleteFn = extern "C" fn(*mut c_void, *const u8, usize);
pub type ActivationFreeFn = extern "C" fn(*mut c_void);
pub type OutcomeFreeFn = extern "C" fn(*mut ClOutcome);
pub type BytesFreeFn = extern "C" fn(*mut ClBytes);

/// struct cl_handler_v2 of docs/handler-abi.md.
#[repr(C)]
pub struct ClHandlerV2 {
    pub abi_version: u32,
    pub reserved: u32,
    pub trace_sha256: *const c_char,
    pub code_sha256: *const c_char,
    pub entry: *const c_char,
    pub instance_new: InstanceNewFn,
    pub instance_free: InstanceFreeFn,
    pub activation_new: ActivationNewFn,
    pub step: StepFn,
    pub complete: CompleteFn,
    pub activation_free: ActivationFreeFn,
    pub outcome_free: OutcomeFreeFn,
    pub bytes_free: BytesFreeFn,
}

/// The future a generated `run` returns (an `async fn`), boxed so the trait stays object-free.
pub type RunFuture<'a> = Pin<Box<dyn Future<Output = R<Value>> + 'a>>;

/// What export_handler! implements from the generated module (docs/runtime-crate.md section 6).
pub trait Handler: 'static {
    type Module: 'static;
    const TRACE_SHA256: &'static str;
    const CODE_SHA256: &'static str;
    const ENTRY: &'static str;
    fn init(ctx: &mut Ctx) -> R<Self::Module>;
    fn run<'a>(ctx: &'a mut Ctx, m: &'a Self::Module, args: Value) -> RunFuture<'a>;
}

/// The handler's global allocator: glibc's malloc, with freed small blocks kept for reuse.
///
/// Why: an object-heavy activation (a thousand parsed records, a literal and a label per
/// record) makes and frees thousands of small blocks, and glibc keeps only 7 of a size in its
/// per-thread cache; past that, frees went to its bins and the next large request (a growing
/// reply, a vector of 1,000 elements) consolidated them all (`malloc_consolidate`,
/// `unlink_chunk`): a seventh of the transform benchmark's time. Here a freed block of at most
/// 512 bytes goes on its thread's list for its size class (16-byte steps) and the next request
/// of that class takes it back: a pop, no locking, no checks. Every small block is allocated
/// from glibc with its class's layout, so any block, cached or not, can always go back to glibc
/// (past SMALL_CACHE_BYTES per thread, and on a thread whose cache is gone). The runtime serves
/// activations on one thread; a block freed on another thread joins that thread's cache.
struct SmallBlocks;

const GRANULE: usize = 16;
const CLASSES: usize = 32;
/// Bytes of freed blocks a thread keeps at most (the rest go back to glibc at once).
const SMALL_CACHE_BYTES: usize = 32 << 20;

struct SmallCache {
    heads: [std::cell::Cell<*mut u8>; CLASSES],
    bytes: std::cell::Cell<usize>,
}

thread_local! {
    // Const-initialised and without a destructor: an access is the thread's address, with no
    // lazy initialisation (a thread's cache is leaked when it exits; the runtime's one thread
    // does not).
    static SMALL_CACHE: SmallCache = const {
        SmallCache {
            heads: [const { std::cell::Cell::new(std::ptr::null_mut()) }; CLASSES],
            bytes: std::cell::Cell::new(0),
        }
    };
}

/// `f` on this thread's cache; None on a thread whose cache is gone (it is exiting).
#[inline(always)]
fn with_cache<T>(f: impl FnOnce(&SmallCache) -> T) -> Option<T> {
    SMALL_CACHE.try_with(|cache| f(cache)).ok()
}

/// The size class of a layout the cache serves (None: glibc's directly).
#[inline(always)]
fn small_class(size: usize, align: usize) -> Option<usize> {
    if size.wrapping_sub(1) < CLASSES * GRANULE && align <= GRANULE {
        Some((size - 1) / GRANULE)
    } else {
        None
    }
}

#[inline(always)]
fn class_layout(class: usize) -> std::alloc::Layout {
    // A multiple of 16 up to 512, aligned to 16: always a valid layout.
    match std::alloc::Layout::from_size_align((class + 1) * GRANULE, GRANULE) {
        Ok(l) => l,
        Err(_) => unreachable!("class layouts are valid"),
    }
}

// SAFETY: blocks are handed out at most once (a cached block is on one list, and taken off it
// before it is returned); each has the size and alignment of its class, at least the request's;
// a block is returned to glibc only with the layout glibc allocated it with.
unsafe impl std::alloc::GlobalAlloc for SmallBlocks {
    #[inline]
    unsafe fn alloc(&self, l: std::alloc::Layout) -> *mut u8 {
        use std::alloc::System;
        if let Some(c) = small_class(l.size(), l.align()) {
            let p = with_cache(|cache| {
                let head = cache.heads[c].get();
                if !head.is_null() {
                    // SAFETY: a cached block is free, at least 16 bytes, and its first word is
                    // the next block of its list (written by dealloc).
                    cache.heads[c].set(unsafe { *(head as *mut *mut u8) });
                    cache.bytes.set(cache.bytes.get() - (c + 1) * GRANULE);
                }
                head
            })
            .unwrap_or(std::ptr::null_mut());
            if !p.is_null() {
                return p;
            }
            return unsafe { System.alloc(class_layout(c)) };
        }
        unsafe { System.alloc(l) }
    }
    #[inline]
    unsafe fn dealloc(&self, p: *mut u8, l: std::alloc::Layout) {
        use std::alloc::System;
        if let Some(c) = small_class(l.size(), l.align()) {
            let kept = with_cache(|cache| {
                let bytes = cache.bytes.get() + (c + 1) * GRANULE;
                if bytes > SMALL_CACHE_BYTES {
                    return false;
                }
                // SAFETY: p is a block of this class the caller no longer uses, 16-aligned and
                // at least 16 bytes: its first word can hold the list's link.
                unsafe { *(p as *mut *mut u8) = cache.heads[c].get() };
                cache.heads[c].set(p);
                cache.bytes.set(bytes);
                true
            })
            .unwrap_or(false);
            if !kept {
                unsafe { System.dealloc(p, class_layout(c)) };
            }
            return;
        }
        unsafe { System.dealloc(p, l) }
    }
    #[inline]
    unsafe fn alloc_zeroed(&self, l: std::alloc::Layout) -> *mut u8 {
        if small_class(l.size(), l.align()).is_some() {
            let p = unsafe { self.alloc(l) };
            if !p.is_null() {
                // SAFETY: p is a fresh block of at least l.size() bytes.
                unsafe { std::ptr::write_bytes(p, 0, l.size()) };
            }
            return p;
        }
        unsafe { std::alloc::System.alloc_zeroed(l) }
    }
    #[inline]
    unsafe fn realloc(&self, p: *mut u8, l: std::alloc::Layout, new_size: usize) -> *mut u8 {
        let old = small_class(l.size(), l.align());
        let new = small_class(new_size, l.align());
        match (old, new) {
            (None, None) => unsafe { std::alloc::System.realloc(p, l, new_size) },
            (Some(a), Some(b)) if a == b => p, // the block already has room
            _ => {
                // SAFETY: the caller guarantees new_size with l's alignment is a valid layout.
                let nl = unsafe { std::alloc::Layout::from_size_align_unchecked(new_size, l.align()) };
                let q = unsafe { self.alloc(nl) };
                if !q.is_null() {
                    // SAFETY: both blocks hold at least the smaller size; they are distinct.
                    unsafe {
                        std::ptr::copy_nonoverlapping(p, q, l.size().min(new_size));
                        self.dealloc(p, l);
                    }
                }
                q
            }
        }
    }
}

#[global_allocator]
static SMALL_BLOCKS: SmallBlocks = SmallBlocks;

/// The handler table in static storage.
pub struct StaticTable(ClHandlerV2);

// SAFETY: the table is immutable after construction; its raw pointers point to leaked,
// never-freed C strings and to functions, so sharing it between threads is sound.
unsafe impl Sync for StaticTable {}
unsafe impl Send for StaticTable {}

impl StaticTable {
    pub fn as_ptr(&self) -> *const ClHandlerV2 {
        &self.0
    }
}

fn leak_c_string(s: &str) -> *const c_char {
    let c = CString::new(s.replace('\0', "")).unwrap_or_default();
    Box::leak(c.into_boxed_c_str()).as_ptr()
}

/// Builds the table for a handler; called once by containerless_handler_v2.
pub fn table<H: Handler>() -> StaticTable {
    silence_panic_output();
    StaticTable(ClHandlerV2 {
        abi_version: CL_HANDLER_ABI_VERSION,
        reserved: 0,
        trace_sha256: leak_c_string(H::TRACE_SHA256),
        code_sha256: leak_c_string(H::CODE_SHA256),
        entry: leak_c_string(H::ENTRY),
        instance_new: instance_new::<H>,
        instance_free: instance_free::<H>,
        activation_new: activation_new::<H>,
        step: step::<H>,
        complete: complete::<H>,
        activation_free: activation_free::<H>,
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

/// Runs the module's top-level code: the instance (shared with its activations, which keep it
/// alive), or the abort record.
pub fn new_instance<H: Handler>(limits: Limits) -> Result<Rc<H::Module>, String> {
    let mut ctx = Ctx::for_module(limits);
    let result = catch_unwind(AssertUnwindSafe(|| H::init(&mut ctx)));
    let abort = match result {
        Ok(Ok(module)) => return Ok(Rc::new(module)),
        Ok(Err(a)) => ctx.locate(a),
        Err(p) => Abort::panic(panic_message(p)),
    };
    Err(abort.to_json())
}

extern "C" fn instance_new<H: Handler>(limits: *const ClLimits, abort_json: *mut ClBytes) -> *mut c_void {
    match new_instance::<H>(read_limits(limits)) {
        Ok(module) => Box::into_raw(Box::new(module)) as *mut c_void,
        Err(record) => {
            if !abort_json.is_null() {
                // SAFETY: abort_json points to a cl_bytes owned by the caller, valid for this call.
                unsafe { *abort_json = bytes_of(record.into_bytes()) };
            }
            std::ptr::null_mut()
        }
    }
}

extern "C" fn instance_free<H: Handler>(instance: *mut c_void) {
    if instance.is_null() {
        return;
    }
    // SAFETY: instance came from Box::into_raw in instance_new::<H> and is freed once. Activations
    // still in flight hold their own Rc of the module, so they stay valid.
    let module = unsafe { Box::from_raw(instance as *mut Rc<H::Module>) };
    let _ = catch_unwind(AssertUnwindSafe(move || drop(module)));
}

/// The body of one activation: parse args, run main to its end (it may suspend on host calls),
/// settle a returned promise, shape the reply.
async fn activation_body<H: Handler>(ctx: &mut Ctx, module: &H::Module, args: R<Value>) -> R<(i32, String)> {
    let args = args?;
    ctx.check_deadline()?; // and one that is first stepped late
    let result = H::run(ctx, module, args).await?;
    // An async main's promise resolves to its value; the OpenWhisk runtime awaits a returned promise.
    let result = crate::promise::settle(ctx, result)?;
    shape_reply(ctx, &result)
}

/// The arguments of an activation, parsed where activation_new receives them: the text is read
/// in place, where a copy of it (150 KB for a thousand records) used to wait for the first step.
fn parse_args(ctx: &mut Ctx, args_json: &[u8]) -> R<Value> {
    ctx.check_deadline()?; // a run that starts late must not answer, even without loops
    let args = crate::json_parse::parse_utf8_bytes(ctx, args_json)?;
    if !matches!(args, Value::Object(_) | Value::Array(_)) {
        return Err(Abort::unsupported("args_json is not an object or array"));
    }
    Ok(args)
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

/// How an activation ended, as step() reports it.
#[derive(Debug, Clone)]
pub struct Done {
    /// Ok((http_status, body)) when answered, Err(abort record JSON) when aborted.
    pub result: Result<(i32, String), String>,
    /// The log lines, docs/handler-abi.md section 2.
    pub logs: String,
}

/// What step() gives: a host call to perform (then complete()), or the end.
#[derive(Debug, Clone)]
pub enum Step {
    HostCall(String),
    Done(Done),
}

/// The abort record with the activation's effects (contract C): omitted when none were taken.
pub fn abort_record(abort: &Abort, io: &HostIo) -> String {
    let mut record = abort.to_json();
    if !io.effects.is_empty() {
        record.pop(); // the closing brace
        record.push_str(",\"effects\":");
        record.push_str(&crate::effects::effects_json(io));
        record.push('}');
    }
    record
}

/// One activation in flight. The future borrows the activation's own Ctx (boxed, so it does not
/// move) and the module (kept alive by the Rc): both outlive it, because Drop drops it first.
pub struct Activation<H: Handler> {
    fut: Option<Pin<Box<dyn Future<Output = R<(i32, String)>>>>>,
    ctx: *mut Ctx,
    io: IoHandle,
    waker: Waker,
    done: Option<Done>,
    _module: Rc<H::Module>,
}

impl<H: Handler> Activation<H> {
    pub fn new(module: Rc<H::Module>, args_json: &[u8], limits: Limits) -> Activation<H> {
        let mut ctx = Box::new(Ctx::for_activation(limits));
        let io: IoHandle = Rc::new(RefCell::new(HostIo::default()));
        ctx.io = Some(io.clone());
        let ctx: *mut Ctx = Box::into_raw(ctx);
        // SAFETY: the Ctx is a leaked Box freed only in Drop, after the future (the only user of
        // this reference) is dropped; nothing else touches the Ctx while the future exists.
        let ctx_ref: &'static mut Ctx = unsafe { &mut *ctx };
        // SAFETY: the module is kept alive by `_module` (an Rc clone) until after Drop has dropped
        // the future; it is only read through shared references.
        let m_ref: &'static H::Module = unsafe { &*Rc::as_ptr(&module) };
        let args = parse_args(ctx_ref, args_json);
        let fut: Pin<Box<dyn Future<Output = R<(i32, String)>>>> = Box::pin(activation_body::<H>(ctx_ref, m_ref, args));
        Activation { fut: Some(fut), ctx, io, waker: crate::exec::noop_waker(), done: None, _module: module }
    }

    /// Runs until the activation ends or asks the host for something.
    pub fn step(&mut self) -> Step {
        if let Some(d) = &self.done {
            return Step::Done(d.clone());
        }
        if self.io.borrow().awaiting {
            return Step::Done(self.finish(Err(Abort::unsupported("step called before complete"))));
        }
        let fut = match self.fut.as_mut() {
            Some(f) => f,
            None => return Step::Done(self.finish(Err(Abort::panic("activation without a future")))),
        };
        let waker = &self.waker;
        let polled = catch_unwind(AssertUnwindSafe(|| crate::exec::poll_once(fut.as_mut(), waker)));
        match polled {
            Ok(Poll::Pending) => {
                let call = self.io.borrow_mut().call.take();
                match call {
                    Some(c) => {
                        self.io.borrow_mut().awaiting = true;
                        Step::HostCall(c)
                    }
                    None => Step::Done(self.finish(Err(Abort::panic("suspended without a host call")))),
                }
            }
            Ok(Poll::Ready(r)) => Step::Done(self.finish(r)),
            Err(p) => Step::Done(self.finish(Err(Abort::panic(panic_message(p))))),
        }
    }

    /// The host's answer to the call step() returned.
    pub fn complete(&mut self, result_json: &[u8]) {
        let mut io = self.io.borrow_mut();
        if io.awaiting {
            io.awaiting = false;
            io.result = Some(result_json.to_vec());
        }
    }

    fn drop_future(&mut self) {
        if let Some(f) = self.fut.take() {
            let _ = catch_unwind(AssertUnwindSafe(move || drop(f)));
        }
    }

    fn finish(&mut self, r: R<(i32, String)>) -> Done {
        self.drop_future();
        // SAFETY: the future, the only other user of the Ctx, is gone.
        let ctx = unsafe { &mut *self.ctx };
        let logs = ctx.logs_json();
        let result = match r {
            Ok(answer) => Ok(answer),
            Err(a) => {
                let a = if a.reason == AbortReason::Panic { a } else { ctx.locate(a) };
                Err(abort_record(&a, &self.io.borrow()))
            }
        };
        let d = Done { result, logs };
        self.done = Some(d.clone());
        d
    }

    /// Runs to the end, answering host calls with `host` (tests and tools).
    pub fn run_to_end(&mut self, mut host: impl FnMut(&str) -> Vec<u8>) -> Done {
        loop {
            match self.step() {
                Step::HostCall(c) => {
                    let r = host(&c);
                    self.complete(&r);
                }
                Step::Done(d) => return d,
            }
        }
    }
}

impl<H: Handler> Drop for Activation<H> {
    fn drop(&mut self) {
        self.drop_future();
        // SAFETY: ctx came from Box::into_raw in new and is freed once, after the future.
        let ctx = unsafe { Box::from_raw(self.ctx) };
        let _ = catch_unwind(AssertUnwindSafe(move || drop(ctx)));
    }
}

extern "C" fn activation_new<H: Handler>(
    instance: *mut c_void,
    args_json: *const u8,
    args_len: usize,
    limits: *const ClLimits,
) -> *mut c_void {
    let limits = read_limits(limits);
    let made = catch_unwind(AssertUnwindSafe(|| {
        if instance.is_null() || (args_json.is_null() && args_len > 0) {
            return Err(());
        }
        // SAFETY: instance is a live Rc<H::Module> from instance_new::<H>; args_json points to
        // args_len readable bytes for the duration of this call (parsed in it).
        let module = unsafe { &*(instance as *const Rc<H::Module>) }.clone();
        let args: &[u8] = if args_len == 0 { &[] } else { unsafe { std::slice::from_raw_parts(args_json, args_len) } };
        Ok(Activation::<H>::new(module, args, limits))
    }));
    let state = match made {
        Ok(Ok(a)) => Slot::Running(Box::new(a)),
        Ok(Err(())) => Slot::Failed(Abort::unsupported("null instance or args")),
        Err(p) => Slot::Failed(Abort::panic(panic_message(p))),
    };
    Box::into_raw(Box::new(state)) as *mut c_void
}

/// What activation_new returns (never NULL): a running activation, or one that already failed.
enum Slot<H: Handler> {
    Running(Box<Activation<H>>),
    Failed(Abort),
}

extern "C" fn step<H: Handler>(activation: *mut c_void, call: *mut ClBytes, out: *mut ClOutcome) -> i32 {
    if activation.is_null() || out.is_null() {
        return CL_STEP_DONE;
    }
    // SAFETY: activation came from activation_new::<H> and is not freed yet; the runtime calls
    // into one activation at a time, on one thread.
    let slot = unsafe { &mut *(activation as *mut Slot<H>) };
    let s = match slot {
        Slot::Running(a) => a.step(),
        Slot::Failed(abort) => Step::Done(Done { result: Err(abort.to_json()), logs: "[]".to_string() }),
    };
    match s {
        Step::HostCall(c) => {
            if !call.is_null() {
                // SAFETY: call points to a cl_bytes owned by the caller, valid for this call.
                unsafe { *call = bytes_of(c.into_bytes()) };
            }
            CL_STEP_HOST_CALL
        }
        Step::Done(d) => {
            let logs = bytes_of(d.logs.into_bytes());
            let outcome = match d.result {
                Ok((http_status, body)) => ClOutcome {
                    status: CL_STATUS_ANSWERED,
                    http_status,
                    body: bytes_of(body.into_bytes()),
                    logs,
                    abort: empty_bytes(),
                },
                Err(record) => ClOutcome {
                    status: CL_STATUS_ABORTED,
                    http_status: 0,
                    body: empty_bytes(),
                    logs,
                    abort: bytes_of(record.into_bytes()),
                },
            };
            // SAFETY: out points to a cl_outcome owned by the caller; we overwrite it without reading.
            unsafe { std::ptr::write(out, outcome) };
            CL_STEP_DONE
        }
    }
}

extern "C" fn complete<H: Handler>(activation: *mut c_void, result_json: *const u8, result_len: usize) {
    if activation.is_null() || (result_json.is_null() && result_len > 0) {
        return;
    }
    // SAFETY: as in step; result_json points to result_len readable bytes (copied here).
    let slot = unsafe { &mut *(activation as *mut Slot<H>) };
    let bytes: &[u8] =
        if result_len == 0 { &[] } else { unsafe { std::slice::from_raw_parts(result_json, result_len) } };
    if let Slot::Running(a) = slot {
        a.complete(bytes);
    }
}

extern "C" fn activation_free<H: Handler>(activation: *mut c_void) {
    if activation.is_null() {
        return;
    }
    // SAFETY: activation came from Box::into_raw in activation_new::<H> and is freed once.
    let slot = unsafe { Box::from_raw(activation as *mut Slot<H>) };
    let _ = catch_unwind(AssertUnwindSafe(move || drop(slot)));
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

/// Exports `containerless_handler_v2` for a generated module that defines `Module`, `init`,
/// `run` (an `async fn`), `TRACE_SHA256`, `CODE_SHA256` and `ENTRY` (docs/runtime-crate.md section 6).
#[macro_export]
macro_rules! export_handler {
    ($m:ident) => {
        $crate::handler_impl!(ContainerlessHandler, $m);
        #[no_mangle]
        pub extern "C" fn containerless_handler_v2() -> *const $crate::abi::ClHandlerV2 {
            static TABLE: ::std::sync::OnceLock<$crate::abi::StaticTable> = ::std::sync::OnceLock::new();
            TABLE.get_or_init($crate::abi::table::<ContainerlessHandler>).as_ptr()
        }
    };
}

/// Implements abi::Handler as `$h` for a generated module `$m` (the trait half of
/// export_handler!, usable several times in one crate: the fuzzer's harness).
#[macro_export]
macro_rules! handler_impl {
    ($h:ident, $m:ident) => {
        pub struct $h;
        impl $crate::abi::Handler for $h {
            type Module = $m::Module;
            const TRACE_SHA256: &'static str = $m::TRACE_SHA256;
            const CODE_SHA256: &'static str = $m::CODE_SHA256;
            const ENTRY: &'static str = $m::ENTRY;
            fn init(ctx: &mut $crate::Ctx) -> $crate::R<Self::Module> {
                $m::init(ctx)
            }
            fn run<'a>(
                ctx: &'a mut $crate::Ctx,
                m: &'a Self::Module,
                args: $crate::Value,
            ) -> $crate::abi::RunFuture<'a> {
                ::std::boxed::Box::pin($m::run(ctx, m, args))
            }
        }
    };
}
