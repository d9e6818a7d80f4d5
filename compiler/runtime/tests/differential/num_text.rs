// Differential test of number printing on every path that prints one: Number::toString (String()), JSON.stringify and string concatenation, over thousands of doubles.

use crate::gen::*;
use crate::harness::*;
use containerless_rt::prelude::*;
use containerless_rt::{json_stringify, ops, Arr};

/// The neighbours of x: the doubles one ulp below and above (x finite, > 0).
fn neighbours(x: f64) -> [f64; 3] {
    [f64::from_bits(x.to_bits() - 1), x, f64::from_bits(x.to_bits() + 1)]
}

/// Doubles where printing is hard: random bit patterns, subnormals, the layout boundaries
/// (1e21, 1e-6/1e-7), every power of ten and its neighbours, exact ties, sums and products
/// of short decimals (what the CPU benchmark's transform action prints), and their negations.
fn hard_doubles() -> Vec<f64> {
    let mut r = seeded(0x6e75_6d5f_7465_7874);
    let mut xs = vec![
        0.0,
        -0.0,
        0.1 + 0.2,
        1.0 / 3.0,
        2.0 / 3.0,
        5e-324,
        1e-323,
        2.2250738585072014e-308,
        2.225073858507201e-308,
        1.7976931348623157e308,
        1e21,
        1e-7,
        1e-6,
        9.999999999999999e20,
        999999999999999900000.0,
        123456789012345680000.0,
        1.5e-7,
        0.000001234567890123456,
        1234.56,
        37.019999999999996,
        9007199254740992.0,
        9007199254740994.0,
        18014398509481984.0,
        2f64.powi(-25),
        2f64.powi(-24),
        2246011884977032.25,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ];
    for e in -324..=308 {
        let p: f64 = format!("1e{}", e).parse().unwrap();
        if p > 0.0 && p.is_finite() {
            xs.extend_from_slice(&neighbours(p));
        }
    }
    for _ in 0..3000 {
        let x = f64::from_bits(r.next());
        if x.is_finite() && x != 0.0 {
            xs.push(x);
        }
    }
    for _ in 0..300 {
        // Subnormals.
        xs.push(f64::from_bits(r.next() % (1u64 << 52)));
    }
    let mut total = 0.0;
    for _ in 0..1000 {
        let price = (r.next() % 1_000_000) as f64 / 100.0;
        let qty = (1 + r.next() % 20) as f64;
        total += price * qty;
        xs.push(price);
        xs.push(price * qty);
        xs.push(total);
    }
    for _ in 0..1000 {
        xs.push(interesting_number(&mut r));
    }
    let negated: Vec<f64> = xs.iter().filter(|x| r.chance(30) || **x == 1e21).map(|x| -x).collect();
    xs.extend(negated);
    xs
}

#[test]
fn number_text_on_every_printing_path() {
    let nums = hard_doubles();
    assert!(nums.len() > 6000, "{} doubles", nums.len());
    let cases: Vec<String> = nums.iter().map(|&x| num_src(x)).collect();
    compare(
        "number printing (String, JSON.stringify, concatenation)",
        &cases,
        "(c) => { const x = eval(c); return String(x) + '|' + JSON.stringify(x) + '|' + ('n=' + x) + '|' + JSON.stringify([x, 1, x]); }",
        |ctx, i| {
            let x = nums[i];
            let v = Value::Number(x);
            let plain = num::to_js_string(x);
            assert_eq!(plain, num::number_text(x).as_str(), "{:e}", x);
            if x.is_finite() && x != 0.0 && !(x.abs() < 9007199254740992.0 && x == x.trunc()) {
                assert_eq!(plain, num::to_js_string_generic(x), "{:e}", x);
            }
            let json = json_stringify::stringify(ctx, &v, &Value::Undefined, &Value::Undefined)?;
            let concat = ops::add(ctx, &Value::str("n="), &v)?;
            let arr = Value::Array(Arr::from_values(ctx, vec![v.clone(), Value::Number(1.0), v.clone()])?);
            let json_arr = json_stringify::stringify(ctx, &arr, &Value::Undefined, &Value::Undefined)?;
            let mut out: Vec<u16> = plain.encode_utf16().collect();
            for part in [&json, &concat, &json_arr] {
                out.push(u16::from(b'|'));
                out.extend_from_slice(&part.as_jsstr().expect("a string").units());
            }
            Ok(out)
        },
        0,
    );
}
