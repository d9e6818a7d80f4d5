// Following a fetch redirect as Node 20's undici does (httpRedirectFetch): the next request, or the abort that leaves the case to Node.js.
#![forbid(unsafe_code)]
//
// undici (lib/web/fetch/index.js, httpRedirectFetch; the Fetch standard's "HTTP-redirect fetch"),
// for redirect mode "follow" and a response status of 301, 302, 303, 307 or 308:
//   - no `location` header: the 3xx response is the answer;
//   - the location is parsed against the response's URL; a failure, a scheme other than http(s),
//     or a 21st redirect is a network error (`TypeError: fetch failed`);
//   - 301/302 of a POST, and 303 of anything but GET/HEAD, become a GET without a body, and the
//     request-body headers (content-encoding, content-language, content-location, content-type)
//     are removed;
//   - to another origin, authorization, proxy-authorization, cookie and host are removed;
//   - everything else (the other headers in their order and spelling, a 307/308's method and
//     body) is sent again.
// Only locations whose resolution is certain are followed here: the result must be a URL that
// `url_is_normalized` accepts (the WHATWG parser keeps it exactly as written). Anything else
// aborts after the effect of the 3xx response, and the fallback's replay lets undici go on.

use super::{url_is_normalized, FetchRequest};
use crate::abort::{Abort, R};
use crate::response::Response;

/// RequestInit.redirect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Follow,
    Manual,
    Error,
}

/// undici's redirectStatusSet.
pub fn is_redirect_status(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// undici stops at the 20th redirect: the 21st redirect response is a network error.
const MAX_REDIRECTS: u32 = 20;

const REQUEST_BODY_HEADERS: &[&str] = &["content-encoding", "content-language", "content-location", "content-type"];
const CROSS_ORIGIN_REMOVED: &[&str] = &["authorization", "proxy-authorization", "cookie", "host"];

/// The request that follows `response` (a redirect status) to `request`, after `redirects`
/// redirects already followed; None when the response has no `location` (it is the answer).
pub fn next_request(request: &FetchRequest, response: &Response, redirects: u32) -> R<Option<FetchRequest>> {
    let location = match response.headers.get("location") {
        Some(l) => l,
        None => return Ok(None),
    };
    let location =
        location.to_string_exact().ok_or_else(|| Abort::unsupported("a redirect location that is not plain text"))?;
    let next_url = resolve(&request.url, &location).ok_or_else(|| {
        Abort::unsupported("a redirect to a location outside the plain, already normalized http(s) form")
    })?;
    if redirects >= MAX_REDIRECTS {
        return Err(Abort::throw("TypeError: fetch failed (redirect count exceeded)"));
    }
    let mut next = request.clone();
    let status = response.status;
    if ((status == 301 || status == 302) && next.method == "POST")
        || (status == 303 && next.method != "GET" && next.method != "HEAD")
    {
        next.method = "GET".to_string();
        next.body = None;
        next.headers.retain(|(n, _)| !REQUEST_BODY_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(n)));
    }
    if origin(&request.url) != origin(&next_url) {
        next.headers.retain(|(n, _)| !CROSS_ORIGIN_REMOVED.iter().any(|h| h.eq_ignore_ascii_case(n)));
    }
    next.url = next_url;
    Ok(Some(next))
}

/// `scheme://host[:port]` of a normalized URL: its origin, as written (no default port, a
/// lower-case host), so that two origins are the same exactly when these strings are.
fn origin(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find('/') {
        Some(i) => &url[..after_scheme + i],
        None => url,
    }
}

/// `new URL(location, base).href` when it is certain, else None. `base` is normalized.
/// Certain means: the location holds only characters the parser keeps as they are (no space,
/// tab, backslash, fragment, quote, non-ASCII), it has no scheme other than lower-case
/// http/https, and the URL it gives is one url_is_normalized accepts (which rules out dot
/// segments, default ports, upper-case hosts and the like).
pub fn resolve(base: &str, location: &str) -> Option<String> {
    let keep = |b: u8| b.is_ascii_alphanumeric() || b"-._~:/?[]@!$&()*+,;=%".contains(&b);
    if location.is_empty() || !location.bytes().all(keep) {
        return None;
    }
    let candidate = if location.starts_with("http://") || location.starts_with("https://") {
        location.to_string()
    } else if has_scheme(location) {
        return None;
    } else if location.starts_with("//") {
        let scheme_end = base.find("//")?;
        format!("{}{}", &base[..scheme_end], location)
    } else if location.starts_with('/') {
        format!("{}{}", origin(base), location)
    } else {
        let without_query = base.split('?').next().unwrap_or(base);
        if location.starts_with('?') {
            format!("{}{}", without_query, location)
        } else {
            // A path relative to the base's directory: the base path up to its last '/'.
            let dir_end = without_query.rfind('/')? + 1;
            if dir_end <= origin(base).len() {
                return None;
            }
            format!("{}{}", &without_query[..dir_end], location)
        }
    };
    if url_is_normalized(&candidate) {
        Some(candidate)
    } else {
        None
    }
}

/// Whether `s` starts with a URL scheme (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"`).
fn has_scheme(s: &str) -> bool {
    let b = s.as_bytes();
    if b.is_empty() || !b[0].is_ascii_alphabetic() {
        return false;
    }
    for &c in &b[1..] {
        if c == b':' {
            return true;
        }
        if !(c.is_ascii_alphanumeric() || c == b'+' || c == b'-' || c == b'.') {
            return false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_resolve_as_the_url_parser_does_or_not_at_all() {
        let base = "http://127.0.0.1:8080/a/b?x=1";
        for (loc, want) in [
            ("/echo", Some("http://127.0.0.1:8080/echo")),
            ("/echo?q=1", Some("http://127.0.0.1:8080/echo?q=1")),
            ("c", Some("http://127.0.0.1:8080/a/c")),
            ("c?d=2", Some("http://127.0.0.1:8080/a/c?d=2")),
            ("?y=2", Some("http://127.0.0.1:8080/a/b?y=2")),
            ("//localhost:9/p", Some("http://localhost:9/p")),
            ("https://example.com/x", Some("https://example.com/x")),
            ("http://localhost:8080/", Some("http://localhost:8080/")),
            ("../up", None),
            ("./here", None),
            ("/a/../b", None),
            ("", None),
            ("/with space", None),
            ("/frag#x", None),
            ("\\\\evil/x", None),
            ("HTTP://h/", None),
            ("ftp://h/", None),
            ("mailto:x@y", None),
            ("http://H/", None),
            ("http://h:80/", None),
            ("http://h", None),
            ("/caf\u{e9}", None),
        ] {
            assert_eq!(resolve(base, loc).as_deref(), want, "{:?}", loc);
        }
    }

    #[test]
    fn origins_compare_scheme_host_and_port() {
        assert_eq!(origin("http://h:1/x?y"), "http://h:1");
        assert_ne!(origin("http://127.0.0.1:1/"), origin("http://localhost:1/"));
        assert_ne!(origin("http://h/"), origin("https://h/"));
    }
}
