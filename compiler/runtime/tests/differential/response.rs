// Response.text()/json() and Headers.get against Node 20's undici: random bodies of valid, invalid and truncated UTF-8 with BOMs, random header lists and names.

use crate::gen::*;
use containerless_rt::host::HostVal;
use containerless_rt::response::{self, Headers, Response};
use containerless_rt::{Ctx, JsStr, Limits, Value};
use std::cell::Cell;
use std::rc::Rc;

/// Byte strings where decoding is interesting: BOMs, every UTF-8 length, truncations, surrogates,
/// overlongs, stray continuation bytes, and JSON text.
fn body(r: &mut Rng) -> Vec<u8> {
    const PIECES: &[&[u8]] = &[
        b"\xEF\xBB\xBF",
        b"\xEF\xBB",
        b"a",
        b"{\"n\":1}",
        b"[1,2]",
        b" ",
        b"\"x\"",
        b"\xC3\xA9",
        b"\xC3",
        b"\xE2\x82\xAC",
        b"\xE2\x82",
        b"\xF0\x9F\x98\x80",
        b"\xF0\x9F\x98",
        b"\xF0\x9F",
        b"\xED\xA0\x80",
        b"\xED\x9F\xBF",
        b"\xC0\x80",
        b"\xE0\x80\xAF",
        b"\xF4\x90\x80\x80",
        b"\xF5",
        b"\xFF",
        b"\x80",
        b"\xBF",
        b"\x00",
        b"null",
        b"1e3",
        b"\"\\u00e9\"",
        b"\"\xC3\xA9\"",
    ];
    let n = r.below(7);
    let mut out = Vec::new();
    for _ in 0..n {
        let piece: &[u8] = *r.pick(PIECES);
        out.extend_from_slice(piece);
    }
    out
}

fn response_of(bytes: &[u8], headers: &[(String, String)]) -> Value {
    Value::Host(HostVal::Response(Rc::new(Response {
        status: 200,
        status_text: JsStr::from_str("OK"),
        url: JsStr::from_str("http://h/"),
        headers: Rc::new(Headers::from_pairs(headers.iter().map(|(n, v)| (n.clone(), JsStr::from_str(v))).collect())),
        body: bytes.to_vec(),
        body_used: Cell::new(false),
        redirected: false,
        body_error: None,
    })))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{:02x}", b)).collect()
}

/// Node's answers, one JSON line per case, from an async script (Response methods are async).
fn node_lines(script: &str, cases: &[String]) -> Vec<String> {
    run_node(script, &format!("[{}]", cases.join(",")))
}

#[test]
fn response_text_and_json_decode_as_undici() {
    let mut r = seeded(0x5eed_0001);
    let bodies: Vec<Vec<u8>> = (0..1500).map(|_| body(&mut r)).collect();
    let cases: Vec<String> = bodies.iter().map(|b| format!("\"{}\"", hex(b))).collect();
    let script = r#"
const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
(async () => {
  const out = [];
  for (const c of cases) {
    const bytes = Buffer.from(c, 'hex');
    const text = await new Response(bytes).text();
    let json;
    try { json = 'ok:' + JSON.stringify(await new Response(bytes).json()); } catch (e) { json = 'throw:' + e.constructor.name; }
    out.push(JSON.stringify([text, json]));
  }
  process.stdout.write(out.join('\n') + '\n');
})();"#;
    let lines = node_lines(script, &cases);
    assert_eq!(lines.len(), bodies.len());
    let mut mismatches = 0;
    for (b, line) in bodies.iter().zip(&lines) {
        let mut ctx = Ctx::for_activation(Limits::default());
        let text = {
            let p = response::text(&mut ctx, &response_of(b, &[]), &[]).unwrap();
            containerless_rt::promise::settle(&mut ctx, p).unwrap()
        };
        let json = {
            let p = response::json(&mut ctx, &response_of(b, &[]), &[]).unwrap();
            match containerless_rt::promise::settle(&mut ctx, p) {
                Ok(v) => {
                    format!("ok:{}", containerless_rt::json_stringify::stringify_utf8(&mut ctx, &v).unwrap().unwrap())
                }
                Err(a) if a.reason == containerless_rt::AbortReason::Throw => "throw:SyntaxError".to_string(),
                Err(a) => panic!("{:?}", a),
            }
        };
        let ours = format!(
            "[{},{}]",
            containerless_rt::json_stringify::stringify_utf8(&mut ctx, &text).unwrap().unwrap(),
            containerless_rt::json_stringify::stringify_utf8(&mut ctx, &Value::str(&json)).unwrap().unwrap()
        );
        if ours != *line {
            mismatches += 1;
            if mismatches <= 5 {
                eprintln!("body {}: node {} ours {}", hex(b), line, ours);
            }
        }
    }
    assert_eq!(mismatches, 0, "{} of {} bodies decode differently", mismatches, bodies.len());
}

#[test]
fn headers_get_as_undici() {
    let mut r = seeded(0x5eed_0002);
    const NAMES: &[&str] = &["content-type", "x-a", "set-cookie", "etag", "x-b", "accept"];
    const ASKS: &[&str] =
        &["Content-Type", "content-type", "X-A", "x-b", "SET-COOKIE", "missing", "ETag", "x_a", "bad name", "é", ""];
    const VALUES: &[&str] = &["1", "text/html; charset=utf-8", "a=1; Path=/", "", "x, y", "W/\"1\""];
    let mut cases = Vec::new();
    let mut ours = Vec::new();
    for _ in 0..800 {
        let n = r.below(5);
        let headers: Vec<(String, String)> =
            (0..n).map(|_| (r.pick(NAMES).to_string(), r.pick(VALUES).to_string())).collect();
        let ask = r.pick(ASKS).to_string();
        let mut ctx = Ctx::for_activation(Limits::default());
        let resp = response_of(b"", &headers);
        let h = containerless_rt::ops::get_str(&mut ctx, &resp, "headers").unwrap();
        let got = match response::headers_get(&mut ctx, &h, &[Value::str(&ask)]) {
            Ok(Value::Null) => "null".to_string(),
            Ok(Value::String(s)) => format!("string:{}", s.to_utf8_lossy()),
            Ok(v) => panic!("{:?}", v),
            Err(a) if a.reason == containerless_rt::AbortReason::Throw => "THROW TypeError".to_string(),
            Err(a) => panic!("{:?}", a),
        };
        ours.push(got);
        let pairs: Vec<String> = headers.iter().map(|(n, v)| format!("[{:?},{:?}]", n, v)).collect();
        cases.push(format!("[[{}],{:?}]", pairs.join(","), ask));
    }
    // The host gives the response's headers as the HTTP parser delivered them; a Headers built
    // by appending them in order is what undici's fetch builds.
    let script = r#"
const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = [];
for (const [pairs, ask] of cases) {
  const h = new Headers();
  for (const [n, v] of pairs) h.append(n, v);
  let r;
  try { const v = h.get(ask); r = v === null ? 'null' : 'string:' + v; } catch (e) { r = 'THROW ' + e.constructor.name; }
  out.push(JSON.stringify(r));
}
process.stdout.write(out.join('\n') + '\n');"#;
    let lines = node_lines(script, &cases);
    assert_eq!(lines.len(), ours.len());
    let mut mismatches = 0;
    for ((line, got), case) in lines.iter().zip(&ours).zip(&cases) {
        let expected: String = {
            let mut ctx = Ctx::for_activation(Limits::default());
            let v = containerless_rt::json_parse::parse_utf8(&mut ctx, line).unwrap();
            v.as_jsstr().unwrap().to_utf8_lossy()
        };
        if expected != *got {
            mismatches += 1;
            if mismatches <= 5 {
                eprintln!("{}: node {} ours {}", case, expected, got);
            }
        }
    }
    assert_eq!(mismatches, 0);
}

#[test]
fn fetch_accepts_only_urls_the_url_parser_keeps() {
    let mut r = seeded(0x5eed_0003);
    const SCHEMES: &[&str] = &["http://", "https://", "HTTP://", "ftp://", "http:/", ""];
    const HOSTS: &[&str] = &[
        "h",
        "H",
        "example.com",
        "a-b.c",
        "127.0.0.1",
        "127.1",
        "0x7f.0.0.1",
        "1.2.3.04",
        "256.1.1.1",
        "2130706433",
        "h.",
        "xn--nxasmq6b",
        "u@h",
        "[::1]",
        "",
        "h_1",
        "1.2.3.4.",
        "a..b",
        "é",
    ];
    const PORTS: &[&str] = &["", ":8080", ":1", ":65535", ":80", ":443", ":080", ":65536", ":"];
    const PATHS: &[&str] = &[
        "/",
        "",
        "/x",
        "/a/../b",
        "/./x",
        "/a/.",
        "/%2e/x",
        "/a%20b",
        "/a b",
        "/ü",
        "/x?q=1",
        "?q",
        "/x#f",
        "/a/b/",
        "/a\\b",
        "/~x",
        "/a|b",
        "/{x}",
        "/x?a=%41&b=c;d",
        "/A/B",
        "/x?q=a b",
        "/x?'",
    ];
    // Each part is a plain one (the first few of each list) most of the time, so that many
    // URLs are accepted, and any of the list otherwise.
    let part = |r: &mut Rng, xs: &[&str], plain: usize| -> String {
        if r.chance(70) {
            xs[r.below(plain)].to_string()
        } else {
            r.pick(xs).to_string()
        }
    };
    let mut urls: Vec<String> = Vec::new();
    for _ in 0..2000 {
        let u = format!(
            "{}{}{}{}",
            part(&mut r, SCHEMES, 2),
            part(&mut r, HOSTS, 5),
            part(&mut r, PORTS, 4),
            part(&mut r, PATHS, 5)
        );
        urls.push(u);
    }
    let cases: Vec<String> = urls.iter().map(|u| format!("{:?}", u)).collect();
    let script = r#"
const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = [];
for (const u of cases) {
  let r;
  try { r = new URL(u).href; } catch (e) { r = 'THROW'; }
  out.push(JSON.stringify(r));
}
process.stdout.write(out.join('\n') + '\n');"#;
    let lines = node_lines(script, &cases);
    assert_eq!(lines.len(), urls.len());
    let (mut accepted, mut wrong) = (0, 0);
    for (u, line) in urls.iter().zip(&lines) {
        if !containerless_rt::fetch::url_is_normalized(u) {
            continue;
        }
        accepted += 1;
        if *line != format!("{:?}", u) {
            wrong += 1;
            if wrong <= 5 {
                eprintln!("accepted {:?}, but Node's URL gives {}", u, line);
            }
        }
    }
    assert_eq!(wrong, 0);
    // The filter is not vacuous: plenty of plain URLs pass it.
    assert!(accepted > 200, "only {} of {} urls accepted", accepted, urls.len());
}
