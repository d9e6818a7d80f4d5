// Version 2 of the ABI: step/complete with fetch host calls, effects in abort records, Response and Headers as undici has them.

use containerless_rt::abi::{Activation, Done, Handler, Step};
use containerless_rt::host::HostVal;
use containerless_rt::response::{self, Headers, Response};
use containerless_rt::{Ctx, JsStr, Limits, Value};
use std::cell::Cell;
use std::rc::Rc;

#[path = "fixtures/fetch/b64.rs"]
mod b64;
#[path = "fixtures/fetch/handler.rs"]
mod handler;
use b64::b64;

containerless_rt::handler_impl!(FetchHandler, handler);

fn module() -> Rc<handler::Module> {
    containerless_rt::abi::new_instance::<FetchHandler>(Limits::default()).expect("init")
}

fn ok_result(body: &[u8]) -> String {
    format!(
        r#"{{"status":200,"statusText":"OK","url":"http://h:1/x","headers":[["content-type","application/json"]],"body_b64":"{}"}}"#,
        b64(body)
    )
}

#[test]
fn a_fetch_suspends_the_activation_until_complete() {
    let mut a = Activation::<FetchHandler>::new(module(), br#"{"url":"http://h:1/x"}"#, Limits::default());
    let call = match a.step() {
        Step::HostCall(c) => c,
        Step::Done(d) => panic!("expected a host call, got {:?}", d),
    };
    assert_eq!(call, r#"{"op":"fetch","url":"http://h:1/x","method":"GET","headers":[],"body":null}"#);
    a.complete(ok_result(br#"{"n":1}"#).as_bytes());
    match a.step() {
        Step::Done(Done { result: Ok((200, body)), logs }) => {
            assert_eq!(body, r#"{"n":2,"ok":true,"ct":"application/json"}"#);
            assert_eq!(logs, r#"[["stdout","200"]]"#);
        }
        other => panic!("{:?}", other),
    }
}

#[test]
fn the_request_carries_method_headers_and_body() {
    let args = br#"{"url":"https://h/p?q=1","init":{"method":"post","headers":{"X-A":" 1 ","b":"2"},"body":"hi"}}"#;
    let mut a = Activation::<FetchHandler>::new(module(), args, Limits::default());
    match a.step() {
        Step::HostCall(c) => assert_eq!(
            c,
            r#"{"op":"fetch","url":"https://h/p?q=1","method":"POST","headers":[["X-A","1"],["b","2"],["content-type","text/plain;charset=UTF-8"]],"body":"hi"}"#
        ),
        other => panic!("{:?}", other),
    }
}

fn aborted(d: Done) -> String {
    match d.result {
        Err(record) => record,
        Ok(r) => panic!("answered {:?}", r),
    }
}

#[test]
fn unsupported_forms_abort_before_any_effect() {
    for args in [
        r#"{"url":42}"#,
        r#"{"url":"/relative"}"#,
        r#"{"url":"http://h/a b"}"#,
        // An empty query: undici sends "/x", not "/x?" (and keeps the `?` in res.url).
        r#"{"url":"http://h/x?"}"#,
        r#"{"url":"http://h/","init":{"method":"CONNECT"}}"#,
        r#"{"url":"http://h/","init":{"redirect":"sometimes"}}"#,
        r#"{"url":"http://h/","init":{"headers":{"a":1}}}"#,
        r#"{"url":"http://h/","init":{"headers":{"A":"1","a":"2"}}}"#,
        r#"{"url":"http://h/","init":{"body":"x"}}"#,
        r#"{"url":"http://h/","init":[]}"#,
    ] {
        let mut a = Activation::<FetchHandler>::new(module(), args.as_bytes(), Limits::default());
        let d = a.run_to_end(|c| panic!("no host call expected for {}: {}", args, c));
        let r = aborted(d);
        assert!(r.starts_with(r#"{"reason":"unsupported""#), "{} -> {}", args, r);
        assert!(!r.contains("effects"), "{}", r);
    }
}

#[test]
fn a_network_error_aborts_throw_after_the_effect() {
    let mut a = Activation::<FetchHandler>::new(module(), br#"{"url":"http://127.0.0.1:1/"}"#, Limits::default());
    let r = aborted(a.run_to_end(|_| br#"{"error":"connect ECONNREFUSED 127.0.0.1:1"}"#.to_vec()));
    assert!(r.starts_with(r#"{"reason":"throw""#), "{}", r);
    assert!(r.ends_with(
        r#","effects":[{"fetch":{"op":"fetch","url":"http://127.0.0.1:1/","method":"GET","headers":[],"body":null},"response":{"error":"connect ECONNREFUSED 127.0.0.1:1"}}]}"#
    ), "{}", r);
}

#[test]
fn a_json_syntax_error_aborts_throw_with_the_response_recorded() {
    let mut a = Activation::<FetchHandler>::new(module(), br#"{"url":"http://h:1/x"}"#, Limits::default());
    let r = aborted(a.run_to_end(|_| ok_result(b"{nope").into_bytes()));
    assert!(r.starts_with(r#"{"reason":"throw""#), "{}", r);
    assert!(r.contains(r#""response":{"status":200,"statusText":"OK","url":"http://h:1/x","headers":[["content-type","application/json"]],"body_b64":"e25vcGU="}"#), "{}", r);
}

// undici gives a null-body status (204, 205, 304) an empty body whatever the server sent: json()
// of it throws, as it does in Node.js, and the record keeps the bytes for the replay.
#[test]
fn a_null_body_status_reads_as_an_empty_body() {
    for status in [204, 205, 304] {
        let result = ok_result(br#"{"n":1}"#)
            .replace(r#""status":200,"statusText":"OK""#, &format!(r#""status":{},"statusText":"S""#, status));
        let mut a = Activation::<FetchHandler>::new(module(), br#"{"url":"http://h:1/x"}"#, Limits::default());
        let r = aborted(a.run_to_end(|_| result.clone().into_bytes()));
        assert!(r.starts_with(r#"{"reason":"throw""#), "{} -> {}", status, r);
        assert!(r.contains(r#""body_b64":"eyJuIjoxfQ==""#), "{} -> {}", status, r);
    }
    // The same body with a 200 is read.
    let mut a = Activation::<FetchHandler>::new(module(), br#"{"url":"http://h:1/x"}"#, Limits::default());
    assert!(a.run_to_end(|_| ok_result(br#"{"n":1}"#).into_bytes()).result.is_ok());
}

// The head came whole, then the connection died (docs/handler-abi.md section 4, `body_error`):
// Node's fetch resolves and only the body read rejects (TypeError "terminated"). Natively fetch
// resolves too, and the read aborts `throw` after the effect, which records the result as is.
#[test]
fn a_body_cut_short_resolves_the_fetch_and_aborts_the_read() {
    let result = ok_result(b"{\"n\"").replace(r#""}"#, r#"","body_error":"other side closed"}"#);
    assert!(result.ends_with(r#""body_b64":"eyJuIg==","body_error":"other side closed"}"#), "{}", result);
    let mut a = Activation::<FetchHandler>::new(module(), br#"{"url":"http://h:1/x"}"#, Limits::default());
    let r = aborted(a.run_to_end(|_| result.clone().into_bytes()));
    assert!(r.starts_with(r#"{"reason":"throw""#), "{}", r);
    assert!(r.contains(r#""detail":"TypeError: terminated (other side closed)""#), "{}", r);
    assert!(r.ends_with(&format!(r#""response":{}}}]}}"#, result)), "{}", r);
    // A body_error that is not a string is a result the crate cannot read.
    let bad = result.replace(r#""other side closed""#, "1");
    let mut a = Activation::<FetchHandler>::new(module(), br#"{"url":"http://h:1/x"}"#, Limits::default());
    let r = aborted(a.run_to_end(|_| bad.clone().into_bytes()));
    assert!(r.starts_with(r#"{"reason":"unsupported""#) && r.contains("body_error"), "{}", r);
    // A redirect whose body was cut short is left to undici (after the effect).
    let moved = result
        .replace(r#""status":200,"statusText":"OK""#, r#""status":302,"statusText":"Found""#)
        .replace(r#""headers":[["#, r#""headers":[["location","/y"],["#);
    let mut a = Activation::<FetchHandler>::new(module(), br#"{"url":"http://h:1/x"}"#, Limits::default());
    let r = aborted(a.run_to_end(|_| moved.clone().into_bytes()));
    assert!(r.starts_with(r#"{"reason":"unsupported""#) && r.contains("cut short"), "{}", r);
    assert_eq!(r.matches(r#""fetch":"#).count(), 1, "{}", r);
}

#[test]
fn a_response_whose_body_failed_keeps_its_head_and_aborts_every_read() {
    let mut ctx = Ctx::for_activation(Limits::default());
    let r = match response_with(b"partial", vec![("content-length", "100")]) {
        Value::Host(HostVal::Response(r)) => {
            let mut r = Rc::try_unwrap(r).unwrap();
            r.status = 200;
            r.body_error = Some("read ECONNRESET".to_string());
            Value::Host(HostVal::Response(Rc::new(r)))
        }
        _ => unreachable!(),
    };
    let get = |ctx: &mut Ctx, k: &str| containerless_rt::ops::get_str(ctx, &r, k);
    assert!(matches!(get(&mut ctx, "status"), Ok(Value::Number(n)) if n == 200.0));
    assert!(matches!(get(&mut ctx, "ok"), Ok(Value::Bool(true))));
    let h = get(&mut ctx, "headers").unwrap();
    assert!(response::headers_get(&mut ctx, &h, &[Value::str("content-length")])
        .unwrap()
        .as_jsstr()
        .unwrap()
        .eq_str("100"));
    for read in [response::text, response::json] {
        let e = read(&mut ctx, &r, &[]).unwrap_err();
        assert_eq!(e.reason, containerless_rt::AbortReason::Throw);
        assert_eq!(e.detail, "TypeError: terminated (read ECONNRESET)");
    }
    assert!(matches!(get(&mut ctx, "bodyUsed"), Ok(Value::Bool(false))));
}

#[test]
fn date_now_and_math_random_are_recorded_in_order() {
    let mut a = Activation::<FetchHandler>::new(module(), br#"{"mode":"now"}"#, Limits::default());
    let before = containerless_rt::ctx::now_ms();
    let r = aborted(a.run_to_end(|c| panic!("{}", c)));
    let key = r#""effects":[{"now":"#;
    let i = r.find(key).expect(&r);
    let rest = &r[i + key.len()..];
    let end = rest.find('}').unwrap();
    let now: i64 = rest[..end].parse().unwrap();
    assert!(now >= before && now <= containerless_rt::ctx::now_ms(), "{}", r);
    let j = rest.find(r#"{"random":"#).expect(&r);
    let x: f64 = rest[j + 10..].trim_end_matches("}]}").parse().expect(&r);
    assert!((0.0..1.0).contains(&x), "{}", r);
}

#[test]
fn step_before_complete_aborts_and_steps_after_done_repeat_the_end() {
    let mut a = Activation::<FetchHandler>::new(module(), br#"{"url":"http://h:1/x"}"#, Limits::default());
    assert!(matches!(a.step(), Step::HostCall(_)));
    let r = match a.step() {
        Step::Done(d) => aborted(d),
        other => panic!("{:?}", other),
    };
    assert!(r.starts_with(r#"{"reason":"unsupported""#) && r.contains("before complete"), "{}", r);
    assert!(matches!(a.step(), Step::Done(_)));
}

#[test]
fn activations_of_one_instance_interleave() {
    let m = module();
    let mut a = Activation::<FetchHandler>::new(m.clone(), br#"{"url":"http://h:1/a"}"#, Limits::default());
    let mut b = Activation::<FetchHandler>::new(m.clone(), br#"{"url":"http://h:1/b"}"#, Limits::default());
    assert!(matches!(a.step(), Step::HostCall(c) if c.contains("/a")));
    assert!(matches!(b.step(), Step::HostCall(c) if c.contains("/b")));
    drop(m); // activations keep the instance's module alive
    b.complete(ok_result(br#"{"n":10}"#).as_bytes());
    a.complete(ok_result(br#"{"n":20}"#).as_bytes());
    match (b.step(), a.step()) {
        (Step::Done(Done { result: Ok((_, rb)), .. }), Step::Done(Done { result: Ok((_, ra)), .. })) => {
            assert!(rb.starts_with(r#"{"n":11,"#), "{}", rb);
            assert!(ra.starts_with(r#"{"n":21,"#), "{}", ra);
        }
        other => panic!("{:?}", other),
    }
    // Dropping an activation suspended on a host call is fine.
    let mut c = Activation::<FetchHandler>::new(module(), br#"{"url":"http://h:1/c"}"#, Limits::default());
    assert!(matches!(c.step(), Step::HostCall(_)));
    drop(c);
}

fn response_with(body: &[u8], headers: Vec<(&str, &str)>) -> Value {
    Value::Host(HostVal::Response(Rc::new(Response {
        status: 404,
        status_text: JsStr::from_str("Not Found"),
        url: JsStr::from_str("http://h/"),
        headers: Rc::new(Headers::from_pairs(
            headers.into_iter().map(|(n, v)| (n.to_string(), JsStr::from_str(v))).collect(),
        )),
        body: body.to_vec(),
        body_used: Cell::new(false),
        redirected: false,
        body_error: None,
    })))
}

fn settled(ctx: &mut Ctx, v: containerless_rt::R<Value>) -> containerless_rt::R<Value> {
    containerless_rt::promise::settle(ctx, v?)
}

#[test]
fn text_decodes_utf8_with_replacement_and_strips_two_boms() {
    let mut ctx = Ctx::for_activation(Limits::default());
    // Two BOMs (both removed, as Node 20 does), "é", an invalid byte, a truncated 3-byte
    // sequence, a BOM later on kept.
    let body = b"\xEF\xBB\xBF\xEF\xBB\xBF\xC3\xA9\xFF\xE2\x82x\xEF\xBB\xBF";
    let r = response_with(body, vec![]);
    let t = {
        let p = response::text(&mut ctx, &r, &[]);
        settled(&mut ctx, p)
    }
    .unwrap();
    assert_eq!(t.as_jsstr().unwrap().to_vec(), "é\u{FFFD}\u{FFFD}x\u{FEFF}".encode_utf16().collect::<Vec<_>>());
    // The body is read once; a second read rejects (TypeError: Body is unusable).
    let again = {
        let p = response::text(&mut ctx, &r, &[]);
        settled(&mut ctx, p)
    };
    assert!(again.unwrap_err().detail.contains("Body is unusable"));
    assert!(matches!(containerless_rt::ops::get_str(&mut ctx, &r, "bodyUsed"), Ok(Value::Bool(true))));
}

#[test]
fn json_parses_the_decoded_body_and_rejects_bad_json() {
    let mut ctx = Ctx::for_activation(Limits::default());
    let r = response_with(b"\xEF\xBB\xBF {\"a\":[1,\"\xC3\xA9\"]} ", vec![]);
    let v = {
        let p = response::json(&mut ctx, &r, &[]);
        settled(&mut ctx, p)
    }
    .unwrap();
    let s = containerless_rt::json_stringify::stringify_utf8(&mut ctx, &v).unwrap().unwrap();
    assert_eq!(s, r#"{"a":[1,"é"]}"#);
    for bad in [&b""[..], b"{", b"\xFF1", b"[1,]"] {
        let r = response_with(bad, vec![]);
        let e = {
            let p = response::json(&mut ctx, &r, &[]);
            settled(&mut ctx, p)
        }
        .unwrap_err();
        assert_eq!(e.reason, containerless_rt::AbortReason::Throw, "{:?}", bad);
    }
}

#[test]
fn response_properties_and_headers_get() {
    let mut ctx = Ctx::for_activation(Limits::default());
    let r = response_with(b"", vec![("content-type", "text/html"), ("set-cookie", "a=1"), ("set-cookie", "b=2")]);
    let get = |ctx: &mut Ctx, k: &str| containerless_rt::ops::get_str(ctx, &r, k);
    assert!(matches!(get(&mut ctx, "status"), Ok(Value::Number(n)) if n == 404.0));
    assert!(matches!(get(&mut ctx, "ok"), Ok(Value::Bool(false))));
    assert!(get(&mut ctx, "statusText").unwrap().as_jsstr().unwrap().eq_str("Not Found"));
    assert!(get(&mut ctx, "url").unwrap().as_jsstr().unwrap().eq_str("http://h/"));
    assert!(matches!(get(&mut ctx, "nothing"), Ok(Value::Undefined)));
    assert!(get(&mut ctx, "clone").is_err());
    assert_eq!(get(&mut ctx, "headers").unwrap().typeof_str(), "object");
    let h = get(&mut ctx, "headers").unwrap();
    // The same Headers object each time.
    assert!(containerless_rt::value::strict_equals(&h, &get(&mut ctx, "headers").unwrap()).unwrap());
    let hget = |ctx: &mut Ctx, name: &str| response::headers_get(ctx, &h, &[Value::str(name)]);
    assert!(hget(&mut ctx, "Content-TYPE").unwrap().as_jsstr().unwrap().eq_str("text/html"));
    assert!(hget(&mut ctx, "set-cookie").unwrap().as_jsstr().unwrap().eq_str("a=1, b=2"));
    assert!(matches!(hget(&mut ctx, "x-missing"), Ok(Value::Null)));
    assert_eq!(hget(&mut ctx, "bad name").unwrap_err().reason, containerless_rt::AbortReason::Throw);
    assert_eq!(hget(&mut ctx, "é").unwrap_err().reason, containerless_rt::AbortReason::Throw);
    assert!(response::headers_get(&mut ctx, &r, &[Value::str("a")]).is_err());
    // Inspecting or serializing a Response is not done natively.
    assert!(containerless_rt::json_stringify::stringify_utf8(&mut ctx, &r).is_err());
}

#[test]
fn base64_decoding() {
    assert_eq!(response::base64_decode("eyJhIjoxfQ==").unwrap(), br#"{"a":1}"#);
    assert_eq!(response::base64_decode("").unwrap(), b"");
    assert_eq!(response::base64_decode("YQ==").unwrap(), b"a");
    assert_eq!(response::base64_decode("YWI=").unwrap(), b"ab");
    assert!(response::base64_decode("YQ=").is_none());
    assert!(response::base64_decode("Y===").is_none());
    assert!(response::base64_decode("YQ==YQ==").is_none());
    assert!(response::base64_decode("Y!==").is_none());
}

#[test]
fn module_code_may_not_take_the_clock() {
    let mut ctx = Ctx::for_module(Limits::default());
    let r = containerless_rt::builtins::call(&mut ctx, containerless_rt::Builtin::DateNow, &Value::Undefined, &[]);
    assert!(r.is_err());
    let _ = <FetchHandler as Handler>::ENTRY;
}
