// Math.hypot: V8's answers (builtins-math.cc's scaled Kahan sum), bit for bit, as Node.js 20 gives them (`Math.hypot(...xs)` read through a DataView).

use containerless_rt::prelude::*;

fn act() -> Ctx {
    Ctx::for_activation(Limits::default())
}

fn s(v: &str) -> Value {
    Value::str(v)
}

#[test]
fn math_hypot_is_v8s_bit_for_bit() {
    let cases: &[(&[f64], u64)] = &[
        (&[], 0x0000000000000000),
        (&[3.0, 4.0], 0x4014000000000000),
        (&[-3.0, 4.0], 0x4014000000000000),
        (&[1.0, 1.0], 0x3ff6a09e667f3bcd),
        (&[1e+308, 1e+308], 0x7fe92c80954c51f5),
        (&[1e-310, 3e-310], 0x00003a365ff2ea11),
        (&[0.1, 0.2, 0.3], 0x3fd7f254dab9cc3b),
        (&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0], 0x40339f152d0f5471),
        (&[-0.0], 0x0000000000000000),
        (&[-0.0, -0.0], 0x0000000000000000),
        (&[f64::NAN, f64::INFINITY], 0x7ff0000000000000),
        (&[f64::NAN, 1.0], 0x7ff8000000000000),
        (&[f64::NEG_INFINITY, f64::NAN], 0x7ff0000000000000),
        (&[2.0], 0x4000000000000000),
        (&[1e+200, 1e-200, 3.0], 0x6974e718d7d7625a),
        (&[0.7, 0.7, 0.7, 0.7, 0.7], 0x3ff90b410d07f01e),
    ];
    let mut ctx = act();
    for (xs, want) in cases {
        let args: Vec<Value> = xs.iter().map(|&x| Value::Number(x)).collect();
        let got = builtins::call(&mut ctx, Builtin::MathHypot, &Value::Undefined, &args).unwrap();
        let got = got.as_number().unwrap();
        // Any NaN prints as NaN; every other answer must be the same bits.
        if f64::from_bits(*want).is_nan() {
            assert!(got.is_nan(), "Math.hypot({:?})", xs);
        } else {
            assert_eq!(got.to_bits(), *want, "Math.hypot({:?}) = {}", xs, got);
        }
    }
    // Arguments go through ToNumber: a numeric string counts.
    let r = builtins::call(&mut ctx, Builtin::MathHypot, &Value::Undefined, &[s("3"), Value::Number(4.0)]).unwrap();
    assert_eq!(r.as_number(), Some(5.0));
}
