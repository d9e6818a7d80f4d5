// Local number arrays (NumArr) and integer locals (num::add_int/sub_int, int_index) answer
// exactly as the generic array and the f64 forms they replace, or abort.

mod common;

use common::act;
use containerless_rt::prelude::*;

/// Index values: in range, at and past the end, -0, negative, fractions, NaN, infinities and
/// the first non-index 2^32 - 1.
const INDICES: [f64; 14] =
    [0.0, -0.0, 1.0, 2.0, 3.0, 4.0, 7.0, -1.0, 0.5, 2.5, f64::NAN, f64::INFINITY, 4294967295.0, 1e300];

fn generic_of(ctx: &mut Ctx, xs: &[f64]) -> Value {
    let mut b = ArrBuilder::new(ctx).unwrap();
    for x in xs {
        b.item(Value::Number(*x));
    }
    b.finish(ctx).unwrap()
}

fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.to_bits() == y.to_bits(),
        (Value::Undefined, Value::Undefined) => true,
        _ => false,
    }
}

fn elements(ctx: &mut Ctx, v: &Value) -> Vec<u64> {
    let len = ops::get_named_f64(ctx, v, &PropName::new("length")).unwrap() as usize;
    (0..len).map(|i| ops::get_index_f64(ctx, v, i as f64).unwrap().to_bits()).collect()
}

#[test]
fn reads_answer_as_the_generic_array() {
    let mut ctx = act();
    let items = [1.5, -0.0, 3.0];
    let local = NumArr::of(&mut ctx, &items).unwrap();
    let generic = generic_of(&mut ctx, &items);
    for i in INDICES {
        let want = ops::get(&mut ctx, &generic, &Value::Number(i)).unwrap();
        assert!(same_value(&local.get(i), &want), "x[{}]", i);
        match (local.get_f64(i), ops::get_index_f64(&mut ctx, &generic, i)) {
            (Ok(a), Ok(b)) => assert_eq!(a.to_bits(), b.to_bits(), "x[{}]", i),
            (Err(a), Err(b)) => {
                assert_eq!(a.reason, AbortReason::Guard);
                assert_eq!(a.detail, b.detail, "x[{}]", i);
            }
            (a, b) => panic!("x[{}]: {:?} vs {:?}", i, a, b),
        }
    }
    assert_eq!(local.len_f64(), 3.0);
}

#[test]
fn writes_and_pushes_answer_as_the_generic_array_or_abort() {
    for i in INDICES {
        let mut ctx = act();
        let mut local = NumArr::of(&mut ctx, &[1.0, 2.0, 3.0]).unwrap();
        let generic = generic_of(&mut ctx, &[1.0, 2.0, 3.0]);
        match local.set(&mut ctx, i, 9.0) {
            Ok(()) => {
                ops::set(&mut ctx, &generic, &Value::Number(i), Value::Number(9.0)).unwrap();
                let want = elements(&mut ctx, &generic);
                let got: Vec<u64> = local.as_slice().iter().map(|x| x.to_bits()).collect();
                assert_eq!(got, want, "x[{}] = 9", i);
            }
            // Only a write the generic array would answer with holes or a named property.
            Err(e) => {
                assert_eq!(e.reason, AbortReason::Unsupported, "x[{}] = 9", i);
                assert!(!(i >= 0.0 && i <= 3.0 && i.fract() == 0.0), "x[{}] = 9 must not abort", i);
            }
        }
    }
    let mut ctx = act();
    let mut local = NumArr::of(&mut ctx, &[]).unwrap();
    for k in 0..100 {
        assert_eq!(local.push(&mut ctx, k as f64 * 0.5).unwrap(), (k + 1) as f64);
    }
    assert_eq!(local.get_f64(99.0).unwrap(), 49.5);
}

#[test]
fn memory_is_charged_as_for_a_generic_array() {
    // The same cap stops the same number of pushes.
    let limits = Limits { fuel: 0, memory_bytes: 10_000, deadline_ms: 0 };
    let mut a = Ctx::for_activation(limits);
    let mut local = NumArr::of(&mut a, &[]).unwrap();
    let mut n_local = 0;
    while local.push(&mut a, 1.0).is_ok() {
        n_local += 1;
    }
    let mut b = Ctx::for_activation(limits);
    let generic = generic_of(&mut b, &[]);
    let mut n_generic = 0;
    while ops::push_one(&mut b, &generic, Value::Number(1.0)).is_ok() {
        n_generic += 1;
    }
    assert_eq!(n_local, n_generic);
    assert!(n_local > 100);
}

#[test]
fn integer_sums_are_exact_or_abort_past_2_to_53() {
    const P53: i64 = 1 << 53;
    assert_eq!(num::add_int(3, -5).unwrap(), -2);
    assert_eq!(num::add_int(P53 - 1, 1).unwrap(), P53);
    assert_eq!(num::sub_int(-P53 + 1, 1).unwrap(), -P53);
    assert_eq!(num::add_int(P53, -P53).unwrap(), 0);
    for (a, b) in [(P53, 1), (P53, P53), (-P53, -1)] {
        let e = num::add_int(a, b).unwrap_err();
        assert_eq!(e.reason, AbortReason::Guard);
    }
    assert!(num::sub_int(-P53, 1).is_err());
    assert!(num::sub_int(P53, -P53).is_err());
    // Below the bound every result is the f64 sum JavaScript computes.
    for (a, b) in [(7, 9), (-4, 4), (P53 - 3, 2), (123456789, -987654321)] {
        assert_eq!(num::add_int(a, b).unwrap() as f64, a as f64 + b as f64);
        assert_eq!(num::sub_int(a, b).unwrap() as f64, a as f64 - b as f64);
    }
}

/// The same answer (compared by its Debug text: NaN equals NaN, -0 differs from 0) or the same
/// abort.
fn same_outcome<T: std::fmt::Debug>(a: R<T>, b: R<T>, what: &str) {
    match (a, b) {
        (Ok(x), Ok(y)) => assert_eq!(format!("{:?}", x), format!("{:?}", y), "{}", what),
        (Err(x), Err(y)) => {
            assert_eq!(x.reason, y.reason, "{}", what);
            assert_eq!(x.detail, y.detail, "{}", what);
        }
        (x, y) => panic!("{}: {:?} vs {:?}", what, x, y),
    }
}

#[test]
fn integer_indices_answer_as_the_f64_forms() {
    let mut ctx = act();
    let numbers = generic_of(&mut ctx, &[1.5, -0.0, 7.0]);
    let bools = {
        let mut b = ArrBuilder::new(&mut ctx).unwrap();
        b.item(Value::Bool(true));
        b.item(Value::Bool(false));
        b.finish(&mut ctx).unwrap()
    };
    let holey = {
        let mut b = ArrBuilder::new(&mut ctx).unwrap();
        b.item(Value::Number(1.0));
        b.hole();
        b.item(Value::Bool(true));
        b.finish(&mut ctx).unwrap()
    };
    let text = Value::str("héllo😀");
    let object = ObjBuilder::new(&mut ctx).unwrap().finish();
    let local = NumArr::of(&mut ctx, &[1.5, -0.0, 7.0]).unwrap();
    let indices: [i64; 9] = [-5, -1, 0, 1, 2, 3, 6, 4294967295, 1 << 53];
    for v in [&numbers, &bools, &holey, &text, &object] {
        for i in indices {
            let what = format!("{:?}[{}]", v.type_tag(), i);
            same_outcome(int_index::get_f64(&mut ctx, v, i), ops::get_index_f64(&mut ctx, v, i as f64), &what);
            same_outcome(int_index::get_bool(&mut ctx, v, i), ops::get_index_bool(&mut ctx, v, i as f64), &what);
            same_outcome(int_index::char_code_at(&mut ctx, v, i), ops::char_code_at_f64(&mut ctx, v, i as f64), &what);
        }
    }
    for i in indices {
        assert!(same_value(&local.get_at(i), &local.get(i as f64)), "x[{}]", i);
        same_outcome(local.get_f64_at(i), local.get_f64(i as f64), &format!("x[{}]", i));
    }
}

#[test]
fn integer_products_and_remainders_are_exact_or_abort() {
    const P53: i64 = 1 << 53;
    // Where they answer, the answer is the double JavaScript computes (num::rem is `%`).
    for (a, b) in [(7, 9), (-4, 3), (1000000006, 31), (94906265, 94906265), (-7, -2), (0, 5)] {
        assert_eq!(num::mul_int(a, b).unwrap() as f64, a as f64 * b as f64, "{} * {}", a, b);
    }
    for (a, b) in [(7, 3), (-7, 3), (7, -3), (31000065534, 1000000007), (P53, 7), (5, P53), (0, 3)] {
        let r = num::rem_int(a, b).unwrap();
        assert_eq!((r as f64).to_bits(), num::rem(a as f64, b as f64).to_bits(), "{} % {}", a, b);
    }
    // -0, NaN and products past 2^53 are not integer locals: an abort (Node.js answers).
    for (a, b) in [(0, -5), (-5, 0), (P53, 2), (P53, P53), (-P53, 3), (1 << 27, 1 << 27)] {
        assert_eq!(num::mul_int(a, b).unwrap_err().reason, AbortReason::Guard, "{} * {}", a, b);
    }
    assert_eq!(num::mul_int(1 << 26, 1 << 27).unwrap(), P53);
    for (a, b) in [(-4, 2), (-9, -3), (5, 0), (0, 0)] {
        assert_eq!(num::rem_int(a, b).unwrap_err().reason, AbortReason::Guard, "{} % {}", a, b);
    }
}

#[test]
fn integer_char_codes_answer_as_the_f64_forms_or_abort() {
    let mut ctx = act();
    let text = Value::str("héllo😀");
    let object = ObjBuilder::new(&mut ctx).unwrap().finish();
    for v in [&text, &object] {
        for i in [-5i64, -1, 0, 1, 5, 6, 7, 4294967295, 1 << 53] {
            let want = ops::char_code_at_f64(&mut ctx, v, i as f64);
            let got = int_index::char_code_at_int(&mut ctx, v, i);
            let got_f64 = int_index::char_code_at_int_f64(&mut ctx, v, i as f64);
            let got_value = int_index::int_of_value(ops::char_code_at(&mut ctx, v, &Value::Number(i as f64)).unwrap());
            match want {
                Ok(x) if !x.is_nan() => {
                    assert_eq!(got.unwrap() as f64, x, "{:?}[{}]", v.type_tag(), i);
                    assert_eq!(got_f64.unwrap() as f64, x);
                    assert_eq!(got_value.unwrap() as f64, x);
                }
                Ok(_) => {
                    // NaN (out of range): an integer local cannot hold it.
                    assert_eq!(got.unwrap_err().reason, AbortReason::Guard);
                    assert_eq!(got_f64.unwrap_err().reason, AbortReason::Guard);
                    assert_eq!(got_value.unwrap_err().reason, AbortReason::Guard);
                }
                Err(e) => assert_eq!(got.unwrap_err().reason, e.reason),
            }
        }
    }
    // A fractional index truncates as charCodeAt's ToIntegerOrInfinity does.
    assert_eq!(int_index::char_code_at_int_f64(&mut ctx, &text, 1.5).unwrap(), 0xe9);
    assert!(int_index::int_of_f64(-0.0).is_err());
    assert!(int_index::int_of_f64(0.5).is_err());
    assert_eq!(int_index::int_of_f64(9007199254740992.0).unwrap(), 1 << 53);
}
