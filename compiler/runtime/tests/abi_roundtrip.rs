// The handler ABI end to end: a hand-written module exported with export_handler!, driven through
// the C-level table exactly as the runtime drives it (instance_new, activation_new, step,
// activation_free, outcome_free).

use containerless_rt::abi::{
    ClBytes, ClHandlerV2, ClLimits, ClOutcome, CL_STATUS_ABORTED, CL_STATUS_ANSWERED, CL_STEP_DONE,
};
use std::ffi::CStr;

#[path = "fixtures/handler/handler.rs"]
mod handler;

containerless_rt::export_handler!(handler);

struct Outcome {
    status: i32,
    http_status: i32,
    body: String,
    logs: String,
    abort: String,
}

fn bytes(b: &ClBytes) -> String {
    if b.ptr.is_null() {
        return String::new();
    }
    // SAFETY (test): ptr/len describe a buffer the handler allocated and has not freed yet.
    String::from_utf8(unsafe { std::slice::from_raw_parts(b.ptr, b.len) }.to_vec()).unwrap()
}

fn table() -> &'static ClHandlerV2 {
    // SAFETY (test): the symbol returns a pointer to a static table, never NULL.
    unsafe { &*containerless_handler_v2() }
}

fn zero_bytes() -> ClBytes {
    ClBytes { ptr: std::ptr::null_mut(), len: 0 }
}

fn run(instance: *mut std::ffi::c_void, args: &str, limits: ClLimits) -> Outcome {
    let t = table();
    let mut out = ClOutcome { status: -1, http_status: 0, body: zero_bytes(), logs: zero_bytes(), abort: zero_bytes() };
    let act = (t.activation_new)(instance, args.as_ptr(), args.len(), &limits);
    assert!(!act.is_null());
    let mut call = zero_bytes();
    let rc = (t.step)(act, &mut call, &mut out);
    assert_eq!(rc, CL_STEP_DONE, "this fixture makes no host call");
    assert!(call.ptr.is_null());
    (t.activation_free)(act);
    let o = Outcome {
        status: out.status,
        http_status: out.http_status,
        body: bytes(&out.body),
        logs: bytes(&out.logs),
        abort: bytes(&out.abort),
    };
    (t.outcome_free)(&mut out);
    assert!(out.body.ptr.is_null() && out.logs.ptr.is_null() && out.abort.ptr.is_null());
    o
}

fn no_limits() -> ClLimits {
    ClLimits { fuel: 0, memory_bytes: 0, deadline_ms: 0 }
}

fn with_instance(f: impl FnOnce(*mut std::ffi::c_void)) {
    let t = table();
    let mut abort = zero_bytes();
    let inst = (t.instance_new)(&no_limits(), &mut abort);
    assert!(!inst.is_null(), "instance_new failed: {}", bytes(&abort));
    f(inst);
    (t.instance_free)(inst);
}

#[test]
fn table_describes_the_handler() {
    let t = table();
    assert_eq!(t.abi_version, 2);
    assert_eq!(t.reserved, 0);
    // SAFETY (test): the table's strings are static NUL-terminated C strings.
    let s = |p| unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_string();
    assert_eq!(s(t.trace_sha256), "0123456789abcdef");
    assert_eq!(s(t.code_sha256), "fedcba9876543210");
    assert_eq!(s(t.entry), "main");
    // Freeing zeroed structures is allowed.
    let mut b = zero_bytes();
    (t.bytes_free)(&mut b);
}

#[test]
fn answers_with_json_body_and_logs() {
    with_instance(|inst| {
        let o = run(inst, r#"{"name":"w\u00f6rld \ud83d\ude00 \ud800"}"#, no_limits());
        assert_eq!(o.status, CL_STATUS_ANSWERED, "abort: {}", o.abort);
        assert_eq!(o.http_status, 200);
        assert_eq!(o.body, r#"{"greeting":"hello, wörld 😀 \ud800","n":[1,2,3],"limit":3}"#);
        assert_eq!(o.logs, "[[\"stdout\",\"hello wörld 😀 \u{FFFD}\"]]");
        assert_eq!(o.abort, "");
        // The instance keeps serving.
        let o = run(inst, r#"{"name":"again","mode":"undefined"}"#, no_limits());
        assert_eq!((o.status, o.http_status, o.body.as_str()), (CL_STATUS_ANSWERED, 200, "{}"));
    });
}

#[test]
fn aborts_carry_reason_location_and_logs() {
    with_instance(|inst| {
        let o = run(inst, r#"{"name":"x","mode":"untraced"}"#, no_limits());
        assert_eq!(o.status, CL_STATUS_ABORTED);
        assert_eq!(
            o.abort,
            r#"{"reason":"untraced","site":3,"loc":[4,10],"detail":"if at 4:10 took its else branch"}"#
        );
        assert_eq!(o.logs, r#"[["stdout","hello x"]]"#);

        let o = run(inst, r#"{"name":"x","mode":"panic"}"#, no_limits());
        assert_eq!(o.status, CL_STATUS_ABORTED);
        assert!(o.abort.starts_with(r#"{"reason":"panic""#) && o.abort.contains("boom"), "{}", o.abort);
        assert_eq!(o.logs, r#"[["stdout","hello x"]]"#);

        let o = run(inst, r#"{"name":"x","mode":"mutate"}"#, no_limits());
        assert!(o.abort.starts_with(r#"{"reason":"module-state","loc":[9,4]"#), "{}", o.abort);

        let o = run(inst, r#"{"name":"x","mode":"number"}"#, no_limits());
        assert!(o.abort.starts_with(r#"{"reason":"unsupported""#), "{}", o.abort);

        let o = run(inst, r#"[1,2"#, no_limits());
        assert!(o.abort.starts_with(r#"{"reason":"throw""#), "{}", o.abort);
        assert_eq!(o.logs, "[]");

        // The module state was not changed by the aborted mutation.
        let o = run(inst, r#"{"name":"y"}"#, no_limits());
        assert!(o.body.ends_with(r#""limit":3}"#), "{}", o.body);
    });
}

#[test]
fn limits_abort_with_their_reasons() {
    with_instance(|inst| {
        let o = run(inst, r#"{"name":"x","mode":"loop"}"#, ClLimits { fuel: 10_000, memory_bytes: 0, deadline_ms: 0 });
        assert!(o.abort.starts_with(r#"{"reason":"fuel","site":5"#), "{}", o.abort);

        let o =
            run(inst, r#"{"name":"x","mode":"alloc"}"#, ClLimits { fuel: 0, memory_bytes: 1 << 20, deadline_ms: 0 });
        assert!(o.abort.starts_with(r#"{"reason":"memory""#), "{}", o.abort);

        // A run that starts after its deadline aborts at once, before writing anything.
        let past = containerless_rt::ctx::now_ms() - 1;
        let o = run(inst, r#"{"name":"x","mode":"loop"}"#, ClLimits { fuel: 0, memory_bytes: 0, deadline_ms: past });
        assert!(o.abort.starts_with(r#"{"reason":"deadline""#), "{}", o.abort);
        assert_eq!(o.logs, "[]");

        // A loop that outlives its deadline stops at a back-edge.
        let soon = containerless_rt::ctx::now_ms() + 30;
        let o = run(inst, r#"{"name":"x","mode":"loop"}"#, ClLimits { fuel: 0, memory_bytes: 0, deadline_ms: soon });
        assert!(o.abort.starts_with(r#"{"reason":"deadline","site":5"#), "{}", o.abort);
    });
}
