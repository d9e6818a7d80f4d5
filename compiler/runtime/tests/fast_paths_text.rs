// The performance fast paths of numbers, strings and JSON (docs/compiler.md "Performance") give
// exactly the generic paths' answers.

mod common;

use common::{act, json, same};
use containerless_rt::prelude::*;
use containerless_rt::{json_parse, json_stringify, props, Arr, Obj};

#[test]
fn integer_remainder_is_fmod() {
    let cases = [
        (7.0, 3.0),
        (-7.0, 3.0),
        (7.0, -3.0),
        (-4.0, 2.0),
        (-0.0, 5.0),
        (0.0, -5.0),
        (5.0, 0.0),
        (9007199254740991.0, 10.0),
        (9007199254740992.0, 7.0),
        (-9007199254740991.0, 4.0),
        (1e300, 7.0),
        (7.5, 2.0),
        (f64::INFINITY, 3.0),
        (3.0, f64::INFINITY),
        (f64::NAN, 3.0),
        (123456789.0, 1000000007.0),
    ];
    for (a, b) in cases {
        let fast = num::rem(a, b);
        let slow = a % b;
        assert!(
            fast.to_bits() == slow.to_bits() || (fast.is_nan() && slow.is_nan()),
            "{} % {}: {} vs {}",
            a,
            b,
            fast,
            slow
        );
    }
}

#[test]
fn json_parse_shares_repeated_keys_without_changing_answers() {
    let mut ctx = act();
    let text = r#"[{"id":1,"n\u0061me":"x","id":2},{"name":"y","id":3,"k":{"id":4}},{"a_long_property_name_of_forty_units_xx":1,"a_long_property_name_of_forty_units_xx":2}]"#;
    let v = json_parse::parse_utf8(&mut ctx, text).unwrap();
    assert_eq!(
        json(&mut ctx, &v),
        r#"[{"id":2,"name":"x"},{"name":"y","id":3,"k":{"id":4}},{"a_long_property_name_of_forty_units_xx":2}]"#
    );
    assert!(json_parse::parse_utf8(&mut ctx, r#"{"a":1,"a"}"#).is_err());
    assert!(json_parse::parse_utf8(&mut ctx, "{\"a\n\":1}").is_err());
}

#[test]
fn string_concatenation_fast_path_keeps_views_immutable() {
    let mut ctx = act();
    let a = ops::add(&mut ctx, &Value::str("ab"), &Value::str("cd")).unwrap();
    let b = ops::add(&mut ctx, &a, &Value::str("e")).unwrap();
    let c = ops::add(&mut ctx, &a, &Value::str("f")).unwrap(); // a's buffer was extended by b
    let d = ops::add(&mut ctx, &b, &b).unwrap(); // the same buffer on both sides
    let all = Value::Array(Arr::from_values(&mut ctx, vec![a, b, c, d]).unwrap());
    assert_eq!(json(&mut ctx, &all), r#"["abcd","abcde","abcdf","abcdeabcde"]"#);
}

#[test]
fn floor_is_ieee_floor() {
    let mut cases = vec![
        0.0,
        -0.0,
        0.5,
        -0.5,
        1.0,
        -1.0,
        1.5,
        -1.5,
        2.999999999999,
        -2.000000001,
        1e-300,
        -1e-300,
        4503599627370495.5,
        -4503599627370495.5,
        4503599627370496.0,
        -4503599627370497.0,
        9007199254740993.0,
        1e300,
        -1e300,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        f64::MIN_POSITIVE,
        -f64::MIN_POSITIVE,
        123456.789,
        -98765.4321,
        // num::floor rounds with ±2^52: ties (to even), the largest doubles below a half, and
        // the integers next to 2^52.
        2.5,
        -2.5,
        3.5,
        -3.5,
        0.49999999999999994,
        -0.49999999999999994,
        4503599627370495.0,
        -4503599627370495.0,
        4503599627370494.5,
        -4503599627370494.5,
    ];
    let mut bits: u64 = 0x9E3779B97F4A7C15;
    for _ in 0..10000 {
        bits ^= bits << 13;
        bits ^= bits >> 7;
        bits ^= bits << 17;
        cases.push(f64::from_bits(bits));
        cases.push((bits % 2_000_000) as f64 / 7.0 - 100_000.0);
    }
    for x in cases {
        let (fast, ieee) = (num::floor(x), x.floor());
        assert!(
            fast.to_bits() == ieee.to_bits() || (fast.is_nan() && ieee.is_nan()),
            "floor({:e}): {} vs {}",
            x,
            fast,
            ieee
        );
    }
}

#[test]
fn short_strings_inline_answer_as_long_ones() {
    use std::collections::hash_map::DefaultHasher;
    use std::hash::{Hash, Hasher};
    let hash = |s: &JsStr| {
        let mut h = DefaultHasher::new();
        s.hash(&mut h);
        h.finish()
    };
    let ctx = act();
    let epoch = ctx.epoch();
    let text: Vec<u16> = "abcdefghijklmnopqrstuvwxyz0123456789é😀".encode_utf16().collect();
    for n in 0..text.len() {
        let want = &text[..n];
        // The same text made every way: from a slice, a Vec (never inline), UTF-8, piecewise
        // concatenation (inline, then past the inline size) and in-place appends.
        let mut built = JsStr::empty();
        let mut appended = JsStr::from_vec_in(Vec::new(), epoch);
        let mut views = Vec::new();
        for i in 0..n {
            built = built.concat(&JsStr::from_u16(&text[i..i + 1]));
            appended = appended.concat_in(&JsStr::from_u16(&text[i..i + 1]), epoch);
            views.push((appended.clone(), i + 1));
        }
        let forms = [
            JsStr::from_u16(want),
            JsStr::from_vec(want.to_vec()),
            JsStr::from_str(&String::from_utf16_lossy(want)),
            built,
            appended,
        ];
        for f in &forms {
            if String::from_utf16(want).is_ok() {
                assert_eq!(&*f.units(), want, "length {}", n);
                assert!(f == &forms[0] && hash(f) == hash(&forms[0]), "length {}", n);
                assert_eq!(f.len(), n);
            }
        }
        // Earlier views of the appended buffer still see only their own prefix.
        for (v, len) in views {
            assert_eq!(&*v.units(), &text[..len]);
        }
    }
}

#[test]
fn integer_to_string_answers_as_number_to_string() {
    use containerless_rt::coerce::to_jsstr;
    let mut ctx = act();
    let mut cases = vec![
        0.0,
        -0.0,
        1.0,
        -1.0,
        9.0,
        10.0,
        -10.0,
        123456789.0,
        -987654321.0,
        9007199254740991.0,
        -9007199254740991.0,
        9007199254740992.0,
        -9007199254740992.0,
        1e21,
        1e20,
        0.5,
        -0.5,
        1.5,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        4294967295.0,
    ];
    let mut bits: u64 = 0x2545F4914F6CDD1D;
    for _ in 0..20000 {
        bits ^= bits << 13;
        bits ^= bits >> 7;
        bits ^= bits << 17;
        cases.push(((bits >> 11) as i64 - (1i64 << 52)) as f64);
        cases.push((bits % 100_000) as f64 - 50_000.0);
    }
    for x in cases {
        let fast = to_jsstr(&mut ctx, &Value::Number(x)).unwrap();
        assert_eq!(fast.to_utf8_lossy(), num::to_js_string(x), "{:e}", x);
    }
}

#[test]
fn json_parse_on_its_stack_answers_as_property_by_property() {
    let mut ctx = act();
    // Duplicates (shared, escaped and long names), index keys, nesting of every kind, and
    // objects past the stacked size with duplicates on both sides of the move.
    let many: Vec<String> = (0..20).map(|i| format!("\"k{}\":{}", i, i)).collect();
    let big = format!("{{{},\"k0\":\"again\",\"k18\":\"late\",\"7\":7}}", many.join(","));
    let cases = [
        r#"{"id":1,"\u0069d":2,"id":3}"#.to_string(),
        r#"{"\u0069d":1,"id":2}"#.to_string(),
        r#"{"b":1,"2":2,"a":[],"1":{"x":[1,{"y":[[],{}]},true]},"b":null}"#.to_string(),
        r#"[{"a":[1,{"b":2},3],"c":{"d":[[]]}},[],{},[{}],"s",-0,1.5e3]"#.to_string(),
        big.clone(),
        format!("[{},{}]", big, big),
    ];
    for text in cases {
        let v = json_parse::parse_utf8(&mut ctx, &text).unwrap();
        // The reference: the same properties put one by one on an object, as JSON.parse did.
        let reference = reparse_by_put(&mut ctx, &v);
        assert_eq!(json(&mut ctx, &v), json(&mut ctx, &reference), "{}", text);
    }
    // Lookups in a parsed object with an index (more than 12 properties) and without.
    let v = json_parse::parse_utf8(&mut ctx, &big).unwrap();
    for (k, want) in [("k0", "\"again\""), ("k18", "\"late\""), ("k19", "19"), ("7", "7"), ("k20", "")] {
        let got = props::get_key(&mut ctx, &v, &JsStr::from_str(k)).unwrap();
        let text = json_stringify::stringify_utf8(&mut ctx, &got).unwrap().unwrap_or_default();
        assert_eq!(text, want, "{}", k);
    }
    assert!(json_parse::parse_utf8(&mut ctx, r#"{"a":1,"a":[}"#).is_err());
    assert!(json_parse::parse_utf8(&mut ctx, r#"[{"a":1},{"b":2,]"#).is_err());
}

/// A deep copy of parsed JSON made with Obj::put for each property (the generic path).
fn reparse_by_put(ctx: &mut Ctx, v: &Value) -> Value {
    match v {
        Value::Object(o) => {
            let out = Obj::new(ctx).unwrap();
            let entries = o.borrow().ordered_entries();
            for (k, x) in entries {
                let x = reparse_by_put(ctx, &x);
                out.put(ctx, k, x).unwrap();
            }
            Value::Object(out)
        }
        Value::Array(a) => {
            let items = a.borrow().items();
            let items = items.iter().map(|x| x.as_ref().map(|x| reparse_by_put(ctx, x))).collect();
            Value::Array(Arr::new(ctx, items).unwrap())
        }
        other => other.clone(),
    }
}

#[test]
fn json_stringify_fast_paths_answer_as_the_generic_text() {
    let mut ctx = act();
    // Integers written directly against Number::toString.
    for n in [0.0, -0.0, 7.0, -7.0, 1e15, 9007199254740991.0, -9007199254740991.0, 9007199254740992.0, 1e21, 0.5, -1e-7]
    {
        let want = num::to_js_string(n);
        assert_eq!(json(&mut ctx, &Value::Number(n)), want, "{}", n);
    }
    // Quoting with the plain run copied at once, against escaping unit by unit.
    let samples: Vec<Vec<u16>> = vec![
        "plain".encode_utf16().collect(),
        "a\"b\\c\nd\u{1}e".encode_utf16().collect(),
        "\u{1F600}x".encode_utf16().collect(),
        vec![0x61, 0xD800, 0x62],
        vec![0xDC00],
        vec![0x61, 0xD83D, 0xDE00, 0x0A],
        vec![],
    ];
    for units in samples {
        let mut fast = Vec::new();
        json_stringify::quote_into(&mut fast, &units);
        assert_eq!(fast, quote_unit_by_unit(&units), "{:?}", units);
    }
    // Objects read in place, with and without index keys, holes and packed arrays inside.
    let v = json_parse::parse_utf8(&mut ctx, r#"{"b":[1,2],"1":[true,false],"a":{"c":["x",null]},"0":1.25}"#).unwrap();
    assert_eq!(json(&mut ctx, &v), r#"{"0":1.25,"1":[true,false],"b":[1,2],"a":{"c":["x",null]}}"#);
    let holes = Value::Array(Arr::new(&mut ctx, vec![Some(Value::Number(1.0)), None, Some(Value::Undefined)]).unwrap());
    assert_eq!(json(&mut ctx, &holes), "[1,null,null]");
    // toJSON is found without making its name, with and without a property index.
    for extra in [0, 20] {
        let o = Obj::new(&mut ctx).unwrap();
        for i in 0..extra {
            o.put(&mut ctx, JsStr::from_str(&format!("p{}", i)), Value::Null).unwrap();
        }
        o.put(&mut ctx, JsStr::from_str("toJSON"), Value::builtin(Builtin::from_name("Math.floor").unwrap())).unwrap();
        let e = json_stringify::stringify(&mut ctx, &Value::Object(o), &Value::Undefined, &Value::Undefined);
        assert_eq!(e.unwrap_err().reason, AbortReason::Unsupported);
    }
}

/// QuoteJSONString as the specification writes it, one code unit at a time.
fn quote_unit_by_unit(s: &[u16]) -> Vec<u16> {
    let mut out = String::from("\"");
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        match c {
            0x22 => out.push_str("\\\""),
            0x5C => out.push_str("\\\\"),
            0x08 => out.push_str("\\b"),
            0x0C => out.push_str("\\f"),
            0x0A => out.push_str("\\n"),
            0x0D => out.push_str("\\r"),
            0x09 => out.push_str("\\t"),
            c if c < 0x20 => out.push_str(&format!("\\u{:04x}", c)),
            0xD800..=0xDBFF if i + 1 < s.len() && (0xDC00..=0xDFFF).contains(&s[i + 1]) => {
                out.push(char::decode_utf16([c, s[i + 1]]).next().unwrap().unwrap());
                i += 1;
            }
            0xD800..=0xDFFF => out.push_str(&format!("\\u{:04x}", c)),
            c => out.push(char::from_u32(c as u32).unwrap()),
        }
        i += 1;
    }
    out.push('"');
    out.encode_utf16().collect()
}

#[test]
fn string_plus_number_answers_as_string_plus_its_text() {
    let mut ctx = act();
    for n in [0.0, -0.0, 42.0, -7.5, 1e21, 1e-7, f64::NAN, f64::INFINITY, -f64::INFINITY] {
        let text = Value::str(&num::to_js_string(n));
        for s in [Value::str("item-"), Value::str(""), Value::str("a long prefix of many units")] {
            let fast = ops::add(&mut ctx, &s, &Value::Number(n));
            let generic = ops::add(&mut ctx, &s, &text);
            assert!(same(&mut ctx, fast, generic));
            let fast = ops::add(&mut ctx, &Value::Number(n), &s);
            let generic = ops::add(&mut ctx, &text, &s);
            assert!(same(&mut ctx, fast, generic));
        }
    }
    // Digits appended in place to a string this activation built, then to the same (now
    // shorter than its buffer) view again, which must copy; both views stay as they were.
    for prefix in ["ab", "a prefix longer than fifteen units"] {
        let p = ops::add(&mut ctx, &Value::str(prefix), &Value::str("cd")).unwrap();
        let a = ops::add(&mut ctx, &p, &Value::Number(-12.0)).unwrap();
        let b = ops::add(&mut ctx, &p, &Value::Number(345.0)).unwrap();
        let c = ops::add(&mut ctx, &a, &Value::Number(0.0)).unwrap();
        let all = Value::Array(Arr::from_values(&mut ctx, vec![p, a, b, c]).unwrap());
        let want = format!(r#"["{0}cd","{0}cd-12","{0}cd345","{0}cd-120"]"#, prefix);
        assert_eq!(json(&mut ctx, &all), want);
    }
}

#[test]
fn typed_char_code_at_answers_as_the_boxed_one() {
    let mut ctx = act();
    for this in [Value::str("a😀b"), Value::str(""), Value::Number(12.0), Value::Bool(true)] {
        for i in [0.0, 1.0, 2.0, 3.0, 4.0, -1.0, -0.0, 1.5, f64::NAN, f64::INFINITY, 4294967296.0] {
            let typed = ops::char_code_at_f64(&mut ctx, &this, i);
            let boxed = ops::char_code_at(&mut ctx, &this, &Value::Number(i)).and_then(ops::as_f64);
            match (typed, boxed) {
                (Ok(x), Ok(y)) => assert!(x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()), "{:?} {}", this, i),
                (Err(x), Err(y)) => assert_eq!((x.reason, x.detail), (y.reason, y.detail)),
                (x, y) => panic!("{:?} {}: {:?} vs {:?}", this, i, x.is_ok(), y.is_ok()),
            }
        }
    }
}

/// Doubles to check number text on: short decimals, their products and sums, values around
/// the fast paths' limits, and random bit patterns (a fixed LCG, so failures reproduce).
fn sample_doubles() -> Vec<f64> {
    let mut xs = vec![
        0.1,
        0.2,
        0.1 + 0.2,
        0.3,
        1e-6,
        9.99e-7,
        1e-7,
        0.000123,
        999999999999999.9,
        1e15 - 0.5,
        1e15,
        123456.789,
        5e-324,
        1.7976931348623157e308,
        0.5,
        2.5,
        72.94 * 11.0,
        37.42 * 15.0,
        9007199254740993.0,
        4.35,
        0.07,
        1.005,
        100.0 / 3.0,
    ];
    for i in 1..3000 {
        let i = i as f64;
        xs.extend([i / 100.0, i / 1000.0, i * 0.01, i * 1.1, (i / 100.0) * 17.0, i / 7.0, 1.0 / i]);
    }
    let mut s: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..20000 {
        s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let x = f64::from_bits(s);
        if x.is_finite() {
            xs.push(x);
        }
        // And numbers of every magnitude near the fast path's range.
        let m = (s >> 11) as f64 / (1u64 << 53) as f64; // [0, 1)
        xs.push(m * 10f64.powi(((s >> 3) % 24) as i32 - 8));
    }
    xs.into_iter().flat_map(|x| [x, -x]).collect()
}

#[test]
fn short_decimals_print_as_the_shortest_round_trip() {
    for x in sample_doubles() {
        if x == 0.0 || (x == x.trunc() && x.abs() < 9007199254740992.0) {
            continue; // the integer path, tested above
        }
        assert_eq!(num::to_js_string(x), num::to_js_string_generic(x), "{:e}", x);
    }
}

#[test]
fn json_parse_of_short_decimals_is_exact() {
    let mut ctx = act();
    let mut texts: Vec<String> = sample_doubles().iter().map(|x| num::to_js_string(*x)).collect();
    texts.extend(
        [
            "0.0",
            "-0.0",
            "-0.5",
            "72.94",
            "1.000000000000001",
            "123456789012.345",
            "0.1234567890123456",
            "9007199254740993.0",
            "1.5e3",
            "-0",
            "10.50",
        ]
        .map(String::from),
    );
    for t in texts {
        let fast = json_parse::parse_utf8(&mut ctx, &t).unwrap();
        let exact = num::parse_decimal(t.as_bytes());
        assert_eq!(fast.as_number().map(f64::to_bits), Some(exact.to_bits()), "{}", t);
    }
}

#[test]
fn json_parse_strings_without_escapes_answer_as_with() {
    let mut ctx = act();
    // Each text, and the same string written with every unit escaped (the general path).
    for text in [
        "",
        "abc",
        "fifteen units..",
        "sixteen units...",
        "é😀 ünïcode",
        "a much longer string than fits inside the buffer",
    ] {
        let plain = format!("\"{}\"", text);
        let escaped: String = text.encode_utf16().map(|u| format!("\\u{:04x}", u)).collect();
        let escaped = format!("\"{}\"", escaped);
        let a = json_parse::parse_utf8(&mut ctx, &plain).unwrap();
        let b = json_parse::parse_utf8(&mut ctx, &escaped).unwrap();
        assert!(same(&mut ctx, Ok(a.clone()), Ok(b)), "{}", text);
        if let Value::String(s) = &a {
            assert_eq!(s.len(), text.encode_utf16().count());
            assert_eq!(s.to_utf8_lossy(), text);
        } else {
            panic!("not a string: {}", text);
        }
    }
    for bad in ["\"abc", "\"a\nb\"", "\"a\\qb\"", "[\"a\",\"b"] {
        assert!(json_parse::parse_utf8(&mut ctx, bad).is_err(), "{:?}", bad);
    }
}
