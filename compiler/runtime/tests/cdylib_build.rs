// Builds the fixture handler exactly as the compiler will (rustc, cdylib, the fixed lib.rs
// template, the prebuilt rlib), loads it with dlopen and drives it through the C table.

use containerless_rt::abi::{ClBytes, ClHandlerV2, ClLimits, ClOutcome, CL_STATUS_ABORTED, CL_STATUS_ANSWERED};
use std::ffi::{c_void, CStr, CString};
use std::os::raw::{c_char, c_int};
use std::path::{Path, PathBuf};
use std::process::Command;

extern "C" {
    // glibc >= 2.34 has these in libc itself, which std links.
    fn dlopen(filename: *const c_char, flag: c_int) -> *mut c_void;
    fn dlsym(handle: *mut c_void, symbol: *const c_char) -> *mut c_void;
    fn dlerror() -> *const c_char;
}
const RTLD_NOW: c_int = 2;

/// The rlib cargo built for this test run: the newest of the uplifted and the hashed copies.
fn runtime_rlib(target_dir: &Path) -> PathBuf {
    let mut candidates: Vec<PathBuf> = vec![target_dir.join("libcontainerless_rt.rlib")];
    if let Ok(rd) = std::fs::read_dir(target_dir.join("deps")) {
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if name.starts_with("libcontainerless_rt-") && name.ends_with(".rlib") {
                candidates.push(e.path());
            }
        }
    }
    candidates
        .into_iter()
        .filter(|p| p.exists())
        .max_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
        .expect("the containerless_rt rlib")
}

fn build_handler() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let deps = exe.parent().unwrap();
    let target_dir = deps.parent().unwrap();
    let rlib = runtime_rlib(target_dir);
    let out_dir = target_dir.join("cdylib-test");
    std::fs::create_dir_all(&out_dir).unwrap();
    let so = out_dir.join(format!("libhandler-{}.so", std::process::id()));
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/handler/lib.rs");
    let status = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .args(["--edition", "2021", "--crate-type", "cdylib", "-C", "opt-level=0", "-C", "debuginfo=0"])
        .arg(&src)
        .arg("-o")
        .arg(&so)
        .arg("--extern")
        .arg(format!("containerless_rt={}", rlib.display()))
        .arg("-L")
        .arg(format!("dependency={}", deps.display()))
        .status()
        .expect("rustc");
    assert!(status.success(), "rustc failed to build the fixture handler");
    so
}

fn bytes(b: &ClBytes) -> String {
    if b.ptr.is_null() {
        return String::new();
    }
    // SAFETY (test): the handler allocated ptr/len and has not freed them yet.
    String::from_utf8(unsafe { std::slice::from_raw_parts(b.ptr, b.len) }.to_vec()).unwrap()
}

fn zero() -> ClBytes {
    ClBytes { ptr: std::ptr::null_mut(), len: 0 }
}

#[test]
fn built_handler_loads_and_answers() {
    let so = build_handler();
    let path = CString::new(so.to_str().unwrap()).unwrap();
    // SAFETY (test): plain dlopen/dlsym of a library we just built; the symbol's type is the ABI's.
    let table: &ClHandlerV2 = unsafe {
        let h = dlopen(path.as_ptr(), RTLD_NOW);
        assert!(!h.is_null(), "dlopen: {:?}", CStr::from_ptr(dlerror()));
        let sym = dlsym(h, b"containerless_handler_v2\0".as_ptr() as *const c_char);
        assert!(!sym.is_null(), "the entry symbol is exported");
        let entry: extern "C" fn() -> *const ClHandlerV2 = std::mem::transmute(sym);
        &*entry()
    };
    assert_eq!(table.abi_version, 2);
    // SAFETY (test): static NUL-terminated strings of the table.
    assert_eq!(unsafe { CStr::from_ptr(table.entry) }.to_str().unwrap(), "main");

    let limits = ClLimits { fuel: 0, memory_bytes: 0, deadline_ms: 0 };
    let mut abort = zero();
    let inst = (table.instance_new)(&limits, &mut abort);
    assert!(!inst.is_null(), "{}", bytes(&abort));
    let run = |args: &str| {
        let mut out = ClOutcome { status: -1, http_status: 0, body: zero(), logs: zero(), abort: zero() };
        let act = (table.activation_new)(inst, args.as_ptr(), args.len(), &limits);
        let mut call = zero();
        assert_eq!((table.step)(act, &mut call, &mut out), 0, "CL_STEP_DONE: the fixture makes no host call");
        (table.activation_free)(act);
        let rc = out.status;
        let r = (rc, out.http_status, bytes(&out.body), bytes(&out.logs), bytes(&out.abort));
        (table.outcome_free)(&mut out);
        r
    };
    let (rc, http, body, logs, _) = run(r#"{"name":"dl"}"#);
    assert_eq!((rc, http), (CL_STATUS_ANSWERED, 200));
    assert_eq!(body, r#"{"greeting":"hello, dl","n":[1,2,3],"limit":3}"#);
    assert_eq!(logs, r#"[["stdout","hello dl"]]"#);
    let (rc, _, _, logs, abort) = run(r#"{"name":"dl","mode":"panic"}"#);
    assert_eq!(rc, CL_STATUS_ABORTED);
    assert_eq!(abort, r#"{"reason":"panic","detail":"boom"}"#);
    assert_eq!(logs, r#"[["stdout","hello dl"]]"#);
    (table.instance_free)(inst);
    let _ = std::fs::remove_file(&so);
}
