// The activation's arguments parsed without validating their UTF-8 first (json_parse::parse_utf8_bytes): the same values and aborts as validation then parse_utf8.

use containerless_rt::ctx::{Ctx, Limits};
use containerless_rt::json_parse::{parse_utf8, parse_utf8_bytes};
use containerless_rt::json_stringify::stringify_utf8;
use containerless_rt::{AbortReason, Value};

fn ctx() -> Ctx {
    Ctx::for_activation(Limits { fuel: 0, memory_bytes: 1 << 30, deadline_ms: 0 })
}

/// What the arguments gave before: validation, then parse_utf8 of the str.
fn validated(bytes: &[u8]) -> Result<String, (AbortReason, String)> {
    let mut c = ctx();
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(_) => return Err((AbortReason::Unsupported, "args_json is not UTF-8".into())),
    };
    match parse_utf8(&mut c, text) {
        Ok(v) => Ok(shown(&mut c, &v)),
        Err(a) => Err((a.reason, a.detail)),
    }
}

fn unvalidated(bytes: &[u8]) -> Result<String, (AbortReason, String)> {
    let mut c = ctx();
    match parse_utf8_bytes(&mut c, bytes) {
        Ok(v) => Ok(shown(&mut c, &v)),
        Err(a) => Err((a.reason, a.detail)),
    }
}

fn shown(c: &mut Ctx, v: &Value) -> String {
    stringify_utf8(c, v).expect("stringify").unwrap_or_default()
}

#[test]
fn valid_texts_parse_alike_and_invalid_ones_abort_alike() {
    let mut cases: Vec<Vec<u8>> = vec![
        br#"{"a":"plain","b":[1,2.5,-0,true,null],"c":{"d":"x"}}"#.to_vec(),
        "{\"é\":\"héllo wörld ✓ 😀\",\"k\":[\"日本\"]}".as_bytes().to_vec(),
        br#"{"a":"\u00e9\ud83d\ude00"}"#.to_vec(),
        br#"{"a":1,}"#.to_vec(), // a syntax error in valid UTF-8: the parse's own abort
    ];
    // Bytes that are not UTF-8, inside a string and outside one: lone continuation bytes, a
    // truncated sequence, an overlong encoding, an encoded surrogate, bytes past U+10FFFF.
    let bad: [&[u8]; 7] = [b"\x80", b"\xC3", b"\xE2\x82", b"\xC0\xAF", b"\xED\xA0\x80", b"\xF4\x90\x80\x80", b"\xFF"];
    for b in bad {
        let mut inside = br#"{"a":"x"#.to_vec();
        inside.extend_from_slice(b);
        inside.extend_from_slice(br#"y"}"#);
        cases.push(inside);
        let mut key = br#"{"k"#.to_vec();
        key.extend_from_slice(b);
        key.extend_from_slice(br#"":1}"#);
        cases.push(key);
        let mut outside = br#"{"a":1"#.to_vec();
        outside.extend_from_slice(b);
        outside.extend_from_slice(b"}");
        cases.push(outside);
        let mut at_end = br#"{"a":""#.to_vec();
        at_end.extend_from_slice(b);
        cases.push(at_end);
    }
    for case in &cases {
        let want = validated(case);
        assert_eq!(unvalidated(case), want, "{:?}", String::from_utf8_lossy(case));
        if std::str::from_utf8(case).is_err() {
            assert!(matches!(want, Err((AbortReason::Unsupported, _))));
        }
    }
    assert!(validated(&cases[1]).is_ok());
}
