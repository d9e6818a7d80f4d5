// Redirects followed natively as undici follows them: the host calls of each hop (method, headers, body), the effects with their "redirect" numbers, and the cases left to Node.js.

use containerless_rt::abi::{Activation, Done, Step};
use containerless_rt::Limits;
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

/// The host's result for `url`: a redirect to `location` with `status`, or a 200 of {"n":1}.
fn result(url: &str, status: u16, location: Option<&str>, body: &str) -> Vec<u8> {
    let headers = match location {
        Some(l) => format!(r#"[["location","{}"],["content-type","text/plain"]]"#, l),
        None => r#"[["content-type","application/json"]]"#.to_string(),
    };
    format!(
        r#"{{"status":{},"statusText":"X","url":"{}","headers":{},"body_b64":"{}"}}"#,
        status,
        url,
        headers,
        b64(body.as_bytes())
    )
    .into_bytes()
}

fn url_of(call: &str) -> String {
    let at = call.find(r#""url":""#).unwrap() + 7;
    call[at..at + call[at..].find('"').unwrap()].to_string()
}

/// Runs the fixture with `args`; the host answers each call with `answer(n, call)`. Returns the
/// calls made and the outcome.
fn run(args: &str, mut answer: impl FnMut(usize, &str) -> Vec<u8>) -> (Vec<String>, Done) {
    let mut a = Activation::<FetchHandler>::new(module(), args.as_bytes(), Limits::default());
    let mut calls = Vec::new();
    loop {
        match a.step() {
            Step::HostCall(c) => {
                let r = answer(calls.len(), &c);
                calls.push(c);
                a.complete(&r);
            }
            Step::Done(d) => return (calls, d),
        }
    }
}

fn answered(d: &Done) -> &str {
    match &d.result {
        Ok((200, body)) => body,
        other => panic!("not answered: {:?}", other),
    }
}

fn aborted(d: &Done) -> &str {
    match &d.result {
        Err(record) => record,
        other => panic!("not aborted: {:?}", other),
    }
}

#[test]
fn a_302_of_a_post_becomes_a_get_without_body_or_body_headers() {
    let args = r#"{"url":"http://h:1/start","init":{"method":"POST","body":"x","headers":{"Content-Type":"application/json","Content-Language":"en","Authorization":"A","x-a":"1"}}}"#;
    let (calls, d) = run(args, |n, c| {
        if n == 0 {
            result(&url_of(c), 302, Some("/next"), "moved")
        } else {
            result(&url_of(c), 200, None, r#"{"n":1}"#)
        }
    });
    assert_eq!(calls.len(), 2);
    assert_eq!(
        calls[1],
        r#"{"op":"fetch","url":"http://h:1/next","method":"GET","headers":[["Authorization","A"],["x-a","1"]],"body":null}"#
    );
    assert_eq!(answered(&d), r#"{"n":2,"ok":true,"ct":"application/json"}"#);
}

#[test]
fn a_307_to_another_origin_keeps_method_and_body_and_drops_credentials() {
    let args = r#"{"url":"http://h:1/start","init":{"method":"PUT","body":"x","headers":{"authorization":"A","Cookie":"c=1","Proxy-Authorization":"P","x-a":"1"}}}"#;
    let (calls, d) = run(args, |n, c| {
        if n == 0 {
            result(&url_of(c), 307, Some("http://other:2/p"), "")
        } else {
            result(&url_of(c), 200, None, r#"{"n":1}"#)
        }
    });
    assert_eq!(
        calls[1],
        r#"{"op":"fetch","url":"http://other:2/p","method":"PUT","headers":[["x-a","1"],["content-type","text/plain;charset=UTF-8"]],"body":"x"}"#
    );
    answered(&d);
}

#[test]
fn a_303_of_a_delete_becomes_a_get_and_a_302_of_a_put_does_not() {
    let (calls, _) = run(r#"{"url":"http://h:1/a","init":{"method":"DELETE"}}"#, |n, c| {
        if n == 0 {
            result(&url_of(c), 303, Some("b"), "")
        } else {
            result(&url_of(c), 200, None, r#"{"n":1}"#)
        }
    });
    assert_eq!(calls[1], r#"{"op":"fetch","url":"http://h:1/b","method":"GET","headers":[],"body":null}"#);
    let (calls, _) = run(r#"{"url":"http://h:1/a","init":{"method":"PUT","body":"y"}}"#, |n, c| {
        if n == 0 {
            result(&url_of(c), 302, Some("?q=1"), "")
        } else {
            result(&url_of(c), 200, None, r#"{"n":1}"#)
        }
    });
    assert_eq!(
        calls[1],
        r#"{"op":"fetch","url":"http://h:1/a?q=1","method":"PUT","headers":[["content-type","text/plain;charset=UTF-8"]],"body":"y"}"#
    );
}

#[test]
fn twenty_redirects_are_followed_and_the_twenty_first_is_fetch_failed() {
    let (calls, d) = run(r#"{"url":"http://h:1/0"}"#, |n, c| {
        if n < 20 {
            result(&url_of(c), 302, Some(&format!("/{}", n + 1)), "")
        } else {
            result(&url_of(c), 200, None, r#"{"n":1}"#)
        }
    });
    assert_eq!(calls.len(), 21);
    assert_eq!(answered(&d), r#"{"n":2,"ok":true,"ct":"application/json"}"#);
    let (calls, d) = run(r#"{"url":"http://h:1/0"}"#, |n, c| result(&url_of(c), 301, Some(&format!("/{}", n + 1)), ""));
    assert_eq!(calls.len(), 21);
    let record = aborted(&d);
    assert!(record.starts_with(r#"{"reason":"throw""#) && record.contains("redirect count exceeded"), "{}", record);
    // Every request is an effect; the n-th redirected one says so.
    assert_eq!(record.matches(r#"{"fetch":"#).count(), 21);
    assert!(record.contains(r#""body_b64":""},"redirect":20}"#), "{}", record);
    assert!(!record.contains(r#""redirect":21"#));
}

#[test]
fn locations_that_are_not_certain_abort_after_the_effect() {
    for location in ["../up", "HTTP://h:1/x", "/a b", "/x#f", "ftp://h/x"] {
        let (calls, d) = run(r#"{"url":"http://h:1/a/b"}"#, |_, c| result(&url_of(c), 302, Some(location), ""));
        assert_eq!(calls.len(), 1, "{}", location);
        let record = aborted(&d);
        assert!(record.starts_with(r#"{"reason":"unsupported""#), "{}: {}", location, record);
        assert!(record.contains(r#""effects":[{"fetch":"#), "{}", record);
    }
}

#[test]
fn a_3xx_without_location_or_in_manual_mode_is_the_response_and_error_mode_fails() {
    let json = |_: usize, c: &str| result(&url_of(c), 302, None, r#"{"n":5}"#);
    let (calls, d) = run(r#"{"url":"http://h:1/a"}"#, json);
    assert_eq!(calls.len(), 1);
    assert_eq!(answered(&d), r#"{"n":6,"ok":false,"ct":"application/json"}"#);
    let (calls, d) = run(r#"{"url":"http://h:1/a","init":{"redirect":"manual"}}"#, |_, c| {
        let mut r = String::from_utf8(result(&url_of(c), 301, Some("/b"), r#"{"n":7}"#)).unwrap();
        r = r.replace("text/plain", "application/json");
        r.into_bytes()
    });
    assert_eq!(calls.len(), 1);
    assert_eq!(answered(&d), r#"{"n":8,"ok":false,"ct":"application/json"}"#);
    let (calls, d) =
        run(r#"{"url":"http://h:1/a","init":{"redirect":"error"}}"#, |_, c| result(&url_of(c), 308, Some("/b"), ""));
    assert_eq!(calls.len(), 1);
    assert!(aborted(&d).contains("unexpected redirect"));
}

/// `resolve` against Node's own `new URL(location, base).href` on generated locations: whenever it
/// resolves, it must give exactly Node's answer (it may refuse more than it needs to).
#[test]
fn resolved_locations_are_what_nodes_url_parser_gives() {
    use containerless_rt::fetch::redirect::resolve;
    use std::io::Write;
    use std::process::{Command, Stdio};
    const PIECES: &[&str] = &[
        "/",
        "//",
        "a",
        "b/",
        "..",
        ".",
        "?",
        "q=1",
        "&",
        "#",
        "%2e",
        "%41",
        ":",
        "@",
        "\\",
        " ",
        "~",
        "x.y",
        "http:",
        "https:",
        "http://",
        "localhost",
        ":8080",
        ":80",
        "127.0.0.1",
        "H",
        "é",
        "'",
        "\"",
        "[",
        "]",
        "=",
        ";",
        ",",
        "!",
        "$",
        "*",
        "(",
        ")",
        "+",
        "-",
        "_",
        "\t",
    ];
    const BASES: &[&str] = &["http://127.0.0.1:8080/a/b?x=1", "https://example.com/", "http://h/dir/file"];
    let mut seed: u64 = 0x1234_5678_9abc_def1;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut cases: Vec<(String, String)> = Vec::new();
    for i in 0..4000 {
        let base = BASES[i % BASES.len()].to_string();
        let n = 1 + next() % 6;
        let loc: String = (0..n).map(|_| PIECES[(next() % PIECES.len() as u64) as usize]).collect();
        cases.push((base, loc));
    }
    let json: Vec<String> = cases
        .iter()
        .map(|(b, l)| {
            let mut s = String::from("[");
            containerless_rt::json_stringify::quote_utf8_into(&mut s, b);
            s.push(',');
            containerless_rt::json_stringify::quote_utf8_into(&mut s, l);
            s.push(']');
            s
        })
        .collect();
    let script = "const c = JSON.parse(require('fs').readFileSync(0, 'utf8'));\
        process.stdout.write(c.map(([b, l]) => { try { return new URL(l, b).href; } catch { return 'THROW'; } }).join('\\n') + '\\n');";
    let mut child =
        match Command::new("node").arg("-e").arg(script).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn() {
            Ok(c) => c,
            Err(e) => {
                eprintln!("skipped: node is not available ({})", e);
                return;
            }
        };
    child.stdin.take().unwrap().write_all(format!("[{}]", json.join(",")).as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), cases.len());
    let (mut resolved, mut wrong) = (0, 0);
    for ((base, loc), href) in cases.iter().zip(&lines) {
        if let Some(r) = resolve(base, loc) {
            resolved += 1;
            if r != *href {
                wrong += 1;
                eprintln!("resolve({:?}, {:?}) = {:?}, Node's URL gives {:?}", base, loc, r, href);
            }
        }
    }
    assert_eq!(wrong, 0);
    assert!(resolved > 300, "only {} of {} resolved", resolved, cases.len());
}
