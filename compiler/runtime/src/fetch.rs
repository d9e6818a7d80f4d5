// fetch(url[, {method, headers, body}]): checks the supported forms, asks the host, records the effect, builds the Response.
#![forbid(unsafe_code)]

use crate::abort::{Abort, R};
use crate::ctx::Ctx;
use crate::host::HostVal;
use crate::json_stringify::quote_utf8_into;
use crate::jsstr::JsStr;
use crate::promise::Promise;
use crate::response::{base64_decode, is_token, Headers, Response};
use crate::value::Value;
use std::cell::Cell;
use std::rc::Rc;

// Following redirects as undici does.
pub mod redirect;

/// Methods the Fetch standard normalizes to upper case; any other spelling but exact "PATCH"
/// is left to Node.js (tokens it would send as written, forbidden ones it rejects).
const NORMALIZED_METHODS: &[&str] = &["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];

/// Request headers that undici refuses (the fetch rejects and nothing is sent) or writes itself
/// whatever the action says: natively they would reach the wire as written, so they are left to
/// Node.js, before any effect.
const UNDICI_OWNED_HEADERS: &[&str] = &[
    "accept-encoding",
    "connection",
    "content-length",
    "expect",
    "host",
    "keep-alive",
    "proxy-connection",
    "sec-fetch-mode",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

/// `fetch` reached through a synchronous path (`fetch.call(...)`, a callee the emitter did not
/// know was fetch): it cannot suspend there, so it aborts before any effect.
pub fn fetch_sync(_ctx: &mut Ctx, _this: &Value, _args: &[Value]) -> R<Value> {
    Err(Abort::unsupported("fetch called indirectly"))
}

/// `fetch(...)`: the host call is made at the call (the activation suspends until the host
/// answers), so the promise it gives is already settled. A network failure is Node's rejection
/// with `TypeError: fetch failed`: the crate aborts `throw`, after recording the effect.
/// Redirects are followed here as undici follows them (redirect.rs): one host call, and one
/// effect, per request sent; the effect of the n-th redirected request carries `"redirect":n`,
/// so that a fallback's replay answers the whole chain from the record (proxy/replay.js).
pub async fn fetch(ctx: &mut Ctx, _this: &Value, args: &[Value]) -> R<Value> {
    let mut request = parse_request(ctx, args)?;
    let mut redirects: u32 = 0;
    loop {
        let call = call_json(ctx, &request)?;
        ctx.check_deadline()?;
        let result = crate::exec::host_call(ctx, call.clone()).await;
        let parsed = std::str::from_utf8(&result).ok().and_then(|t| crate::json_parse::parse_utf8(ctx, t).ok());
        // The host sent nothing (a TLS handshake it could not judge as Node.js would): no effect
        // is recorded, so the fallback sends this request as its first (handler-abi.md).
        if let Some(Value::String(why)) = parsed.as_ref().and_then(|v| own(v, "unsent")) {
            return Err(Abort::unsupported(format!("fetch left to Node.js: {}", why.to_utf8_lossy())));
        }
        let response_json = match &parsed {
            Some(v) => crate::json_stringify::stringify_utf8(ctx, v)?.unwrap_or_else(|| "null".to_string()),
            None => "{\"error\":\"(the host's result was not JSON)\"}".to_string(),
        };
        let effect = if redirects == 0 {
            format!("{{\"fetch\":{},\"response\":{}}}", call, response_json)
        } else {
            format!("{{\"fetch\":{},\"response\":{},\"redirect\":{}}}", call, response_json, redirects)
        };
        crate::effects::record(ctx, effect)?;
        ctx.check_deadline()?;
        let v = match parsed {
            Some(v) => v,
            None => return Err(Abort::unsupported("the host's fetch result is not JSON")),
        };
        let mut r = response_of(ctx, &v)?;
        if redirect::is_redirect_status(r.status) {
            match request.redirect {
                // undici gives the 3xx response itself.
                redirect::Mode::Manual => {}
                redirect::Mode::Error => return Err(Abort::throw("TypeError: fetch failed (unexpected redirect)")),
                redirect::Mode::Follow => {
                    // Whether undici follows a redirect whose body then fails is not ours to
                    // guess: the fallback's replay lets undici decide.
                    if r.body_error.is_some() {
                        return Err(Abort::unsupported("a redirect whose body the network cut short"));
                    }
                    if let Some(next) = redirect::next_request(&request, &r, redirects)? {
                        request = next;
                        redirects += 1;
                        continue;
                    }
                }
            }
        }
        r.redirected = redirects > 0;
        return Ok(Value::promise(Promise::fulfilled(Value::Host(HostVal::Response(Rc::new(r))))));
    }
}

fn own(v: &Value, key: &str) -> Option<Value> {
    match v {
        Value::Object(o) => o.borrow().get(&JsStr::from_str(key)).cloned(),
        _ => None,
    }
}

fn string_of(v: &Option<Value>) -> Option<JsStr> {
    match v {
        Some(Value::String(s)) => Some(s.clone()),
        _ => None,
    }
}

/// The Response of a host result, or the abort it means.
fn response_of(ctx: &mut Ctx, v: &Value) -> R<Response> {
    let bad = |what: &str| Abort::unsupported(format!("the host's fetch result has no valid {}", what));
    if !matches!(v, Value::Object(_)) {
        return Err(bad("object"));
    }
    if let Some(e) = own(v, "error") {
        let detail = match e {
            Value::String(s) => s.to_utf8_lossy(),
            _ => String::new(),
        };
        return Err(Abort::throw(format!("TypeError: fetch failed ({})", detail)));
    }
    let status = match own(v, "status") {
        Some(Value::Number(n)) if n.fract() == 0.0 && (200.0..=599.0).contains(&n) => n as u16,
        _ => return Err(bad("status")),
    };
    let status_text = string_of(&own(v, "statusText")).ok_or_else(|| bad("statusText"))?;
    let url = string_of(&own(v, "url")).ok_or_else(|| bad("url"))?;
    let mut pairs = Vec::new();
    match own(v, "headers") {
        Some(Value::Array(a)) => {
            for i in 0..a.len() {
                let pair = a.get(i);
                let (n, val) = match &pair {
                    Value::Array(p) if p.len() == 2 => (p.get(0), p.get(1)),
                    _ => return Err(bad("headers")),
                };
                match (n, val) {
                    (Value::String(n), Value::String(val)) => {
                        pairs.push((n.to_string_exact().ok_or_else(|| bad("header name"))?, val))
                    }
                    _ => return Err(bad("headers")),
                }
            }
        }
        _ => return Err(bad("headers")),
    }
    let b64 = string_of(&own(v, "body_b64")).and_then(|s| s.to_string_exact()).ok_or_else(|| bad("body_b64"))?;
    let mut body = base64_decode(&b64).ok_or_else(|| bad("body_b64"))?;
    // The head came whole, then the network failed: the Response stands, its body reads abort.
    let body_error = match own(v, "body_error") {
        None => None,
        Some(Value::String(s)) => Some(s.to_utf8_lossy()),
        Some(_) => return Err(bad("body_error")),
    };
    // undici's null-body statuses: the Response has no body whatever the server sent (the
    // host's record keeps the bytes; the fallback's undici drops them itself).
    if matches!(status, 204 | 205 | 304) {
        body.clear();
    }
    ctx.charge(body.len() + 64)?;
    Ok(Response {
        status,
        status_text,
        url,
        headers: Rc::new(Headers::from_pairs(pairs)),
        body,
        body_used: Cell::new(false),
        redirected: false,
        body_error,
    })
}

/// One request as fetch sends it: what the host call carries, and how redirects are treated.
#[derive(Clone, Debug)]
pub struct FetchRequest {
    pub url: String,
    pub method: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    pub redirect: redirect::Mode,
}

/// The host call of docs/handler-abi.md for the supported forms; anything else aborts
/// `unsupported` here, before any effect.
pub fn request_json(ctx: &mut Ctx, args: &[Value]) -> R<String> {
    let request = parse_request(ctx, args)?;
    call_json(ctx, &request)
}

/// The request of `fetch(url, init)` for the supported forms; anything else aborts
/// `unsupported`, before any effect.
pub fn parse_request(_ctx: &mut Ctx, args: &[Value]) -> R<FetchRequest> {
    let unsupported = |what: &str| Abort::unsupported(format!("fetch with {}", what));
    let url = match args.first() {
        Some(Value::String(s)) => s.to_string_exact().ok_or_else(|| unsupported("a url with a lone surrogate"))?,
        _ => return Err(unsupported("a url that is not a string")),
    };
    // Only URLs the WHATWG parser leaves exactly as written: Node.js answers the rest (its
    // TypeError wording, the normalized URL the host would have to report as `r.url`).
    if !url_is_normalized(&url) {
        return Err(unsupported("a url outside the plain, already normalized http(s) form"));
    }
    let mut method = "GET".to_string();
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut body: Option<String> = None;
    let mut mode = redirect::Mode::Follow;
    match args.get(1) {
        None | Some(Value::Undefined) => {}
        Some(Value::Object(o)) => {
            let d = o.borrow();
            if d.host.is_some() {
                return Err(unsupported("host object options"));
            }
            for (k, v) in d.ordered_entries() {
                let k = k.to_utf8_lossy();
                match (k.as_str(), &v) {
                    ("method", Value::Undefined) => {}
                    ("method", Value::String(m)) => {
                        let m = m.to_string_exact().unwrap_or_default();
                        let upper = m.to_ascii_uppercase();
                        method = if NORMALIZED_METHODS.contains(&upper.as_str()) {
                            upper
                        } else if m == "PATCH" {
                            m
                        } else {
                            return Err(unsupported("this method"));
                        };
                    }
                    ("headers", Value::Undefined) => {}
                    ("headers", Value::Object(h)) => headers = header_list(&h.borrow())?,
                    ("body", Value::Undefined) | ("body", Value::Null) => {}
                    ("body", Value::String(s)) => body = Some(s.to_utf8_lossy()),
                    ("redirect", Value::Undefined) => {}
                    // undici's RequestRedirect enum; any other value is its TypeError, Node's to word.
                    ("redirect", Value::String(r)) => {
                        mode = match r.to_string_exact().as_deref() {
                            Some("follow") => redirect::Mode::Follow,
                            Some("manual") => redirect::Mode::Manual,
                            Some("error") => redirect::Mode::Error,
                            _ => return Err(unsupported("a redirect mode undici does not know")),
                        }
                    }
                    _ => return Err(unsupported(&format!("the option {:?} of this type", k))),
                }
            }
        }
        Some(_) => return Err(unsupported("options that are not a plain object")),
    }
    if args.len() > 2 {
        return Err(unsupported("more than two arguments"));
    }
    if body.is_some() && (method == "GET" || method == "HEAD") {
        return Err(unsupported("a body on GET or HEAD"));
    }
    // undici sends a HEAD with `connection: close`, which curl does not write.
    if method == "HEAD" {
        return Err(unsupported("the method HEAD"));
    }
    // A string body without a content-type header gets undici's default.
    if body.is_some() && !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("content-type")) {
        headers.push(("content-type".to_string(), "text/plain;charset=UTF-8".to_string()));
    }
    Ok(FetchRequest { url, method, headers, body, redirect: mode })
}

/// The host call JSON of one request (docs/handler-abi.md section 4).
pub fn call_json(ctx: &mut Ctx, request: &FetchRequest) -> R<String> {
    let mut out = String::from("{\"op\":\"fetch\",\"url\":");
    quote_utf8_into(&mut out, &request.url);
    out.push_str(",\"method\":");
    quote_utf8_into(&mut out, &request.method);
    out.push_str(",\"headers\":[");
    for (i, (n, v)) in request.headers.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        quote_utf8_into(&mut out, n);
        out.push(',');
        quote_utf8_into(&mut out, v);
        out.push(']');
    }
    out.push_str("],\"body\":");
    match &request.body {
        Some(b) => quote_utf8_into(&mut out, b),
        None => out.push_str("null"),
    }
    out.push('}');
    ctx.charge(out.len() + 32)?;
    Ok(out)
}

/// A plain object of string header values, names as written (values trimmed of HTTP
/// whitespace, as undici normalizes them); names that differ only in case are Node's to join.
fn header_list(d: &crate::object::ObjData) -> R<Vec<(String, String)>> {
    let unsupported = |what: &str| Abort::unsupported(format!("fetch with {}", what));
    if d.host.is_some() {
        return Err(unsupported("host object headers"));
    }
    let mut out: Vec<(String, String)> = Vec::new();
    for (k, v) in d.ordered_entries() {
        let name = k.to_string_exact().unwrap_or_default();
        if !is_token(&name) {
            return Err(unsupported("an invalid header name"));
        }
        if out.iter().any(|(n, _)| n.eq_ignore_ascii_case(&name)) {
            return Err(unsupported("a header name given twice"));
        }
        if UNDICI_OWNED_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(&name)) {
            return Err(unsupported(&format!("the header {:?}, which undici refuses or rewrites", name)));
        }
        let value = match &v {
            Value::String(s) if s.units().iter().all(|&u| u <= 0xFF && u != 0 && u != 10 && u != 13) => {
                s.to_utf8_lossy()
            }
            _ => return Err(unsupported("a header value that is not a plain string")),
        };
        if !value.is_ascii() {
            return Err(unsupported("a non-ASCII header value"));
        }
        let trimmed = value.trim_matches(|c| c == ' ' || c == '\t').to_string();
        out.push((name, trimmed));
    }
    Ok(out)
}

/// Whether `new URL(url).href === url` is certain for this http(s) URL: a lower-case scheme, a
/// host of lower-case letters, digits, `-` and `.` (a numeric host only as a canonical dotted
/// quad), a port without leading zeros that is not the scheme's default, a path that starts with
/// `/` and has no dot segments, no fragment, no user info, and only characters the parser keeps
/// as they are. Anything else is left to Node.js (tests/differential/response.rs checks this
/// against Node's URL parser).
pub fn url_is_normalized(url: &str) -> bool {
    let (rest, default_port) = if let Some(r) = url.strip_prefix("http://") {
        (r, "80")
    } else if let Some(r) = url.strip_prefix("https://") {
        (r, "443")
    } else {
        return false;
    };
    // `'` is percent-encoded in the query of http(s) URLs.
    let keep = |b: u8| b.is_ascii_alphanumeric() || b"-._~:/?[]@!$&()*+,;=%".contains(&b);
    if !rest.bytes().all(keep) {
        return false; // includes '#': a fragment
    }
    let path_at = match rest.find('/') {
        Some(i) => i,
        None => return false, // "http://h" and "http://h?q" get a "/" path
    };
    let (authority, path_query) = rest.split_at(path_at);
    if authority.contains('?') || authority.contains('@') || authority.contains('[') {
        return false;
    }
    let (host, port) = match authority.split_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    if let Some(p) = port {
        let digits_ok = !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit());
        if !digits_ok || p.starts_with('0') || p == default_port || p.parse::<u32>().map_or(true, |n| n > 65535) {
            return false;
        }
    }
    if host.is_empty() || !host.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
    {
        return false;
    }
    // A host whose last label is numeric is an IPv4 address to the parser: only a canonical
    // dotted quad stays as written.
    let last = host.trim_end_matches('.').rsplit('.').next().unwrap_or("");
    if !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()) {
        let parts: Vec<&str> = host.split('.').collect();
        let canonical = parts.len() == 4
            && parts.iter().all(|p| {
                !p.is_empty()
                    && p.len() <= 3
                    && (p == &"0" || !p.starts_with('0'))
                    && p.parse::<u32>().map_or(false, |n| n <= 255)
            });
        if !canonical {
            return false;
        }
    }
    if host.starts_with("xn--") || host.contains(".xn--") || host.starts_with('.') || host.contains("..") {
        return false; // IDNA processing, empty labels
    }
    // An empty query ("/a?"): href keeps the `?`, but undici's request line is pathname + search,
    // and search is '' then: Node.js sends "/a". Left to Node.js.
    if path_query.find('?') == Some(path_query.len() - 1) {
        return false;
    }
    let path = path_query.split('?').next().unwrap_or("");
    let lower = path.to_ascii_lowercase();
    if lower.contains("%2e") {
        return false;
    }
    !path.split('/').any(|seg| seg == "." || seg == "..")
}
