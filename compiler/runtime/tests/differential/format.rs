// Differential tests of util.format / console.log formatting, including Node's line breaking and grouping.

use crate::gen::*;
use crate::harness::*;
use containerless_rt::inspect;
use containerless_rt::prelude::*;

/// Values that stress util.inspect's layout: long number arrays (column grouping, padStart),
/// more than 100 items, long strings with newlines, wide objects.
fn layout_spec(r: &mut Rng, depth: usize) -> Spec {
    match r.below(6) {
        0 => {
            let n = *r.pick(&[7, 8, 12, 20, 26, 50, 101, 120]);
            let kind = r.below(3);
            Spec::Arr(
                (0..n)
                    .map(|i| {
                        Some(match kind {
                            0 => Spec::Num((r.below(1000) as f64) * if r.chance(30) { 1000.0 } else { 1.0 }),
                            1 => Spec::Num(interesting_number(r)),
                            _ => {
                                if i % 3 == 0 {
                                    Spec::Str(interesting_string(r))
                                } else {
                                    Spec::Num(r.below(100) as f64)
                                }
                            }
                        })
                    })
                    .collect(),
            )
        }
        1 => {
            let mut u: Vec<u16> = Vec::new();
            for _ in 0..(5 + r.below(40)) {
                u.extend(r.pick(&["word ", "longer words ", "\\", "'", "\""]).encode_utf16());
                if r.chance(10) {
                    u.push(10);
                }
            }
            Spec::Str(u)
        }
        2 if depth > 0 => {
            Spec::Obj((0..(3 + r.below(8))).map(|_| (interesting_key(r), layout_spec(r, depth - 1))).collect())
        }
        4 if r.chance(50) => {
            // Long sparse arrays: "<n empty items>" runs around and past the 100-entry cut.
            let n = *r.pick(&[40, 99, 100, 101, 150, 300]);
            let density = *r.pick(&[2, 10, 50, 95]);
            Spec::Arr((0..n).map(|i| if r.chance(density) { Some(Spec::Num(i as f64)) } else { None }).collect())
        }
        3 if depth > 0 => Spec::Arr((0..(1 + r.below(8))).map(|_| Some(layout_spec(r, depth - 1))).collect()),
        _ => random_spec(r, depth),
    }
}

#[test]
fn util_format() {
    let mut r = seeded(8080);
    let mut cases = Vec::new();
    let mut inputs: Vec<Vec<Spec>> = Vec::new();
    const FMTS: &[&str] =
        &["%s", "%d", "%i", "%f", "%j", "%O", "%%", "%c", "a %s b %d c", "%s:%s", "100%", "%x %s", "%", "%j%j"];
    for _ in 0..4000 {
        let n = 1 + r.below(3);
        let mut args: Vec<Spec> =
            (0..n).map(|_| if r.chance(20) { layout_spec(&mut r, 2) } else { random_spec(&mut r, 4) }).collect();
        if r.chance(30) {
            args.insert(0, Spec::Str(r.pick(FMTS).encode_utf16().collect()));
        }
        cases.push(args.iter().map(|a| a.src()).collect::<Vec<_>>().join("\u{0}"));
        inputs.push(args);
    }
    compare_with(
        "util.format",
        &cases,
        "(c) => util.format(...c.split('\\u0000').map((s) => eval(s)))",
        &mut |ctx, i| {
            let args: Vec<Value> = inputs[i].iter().map(|s| s.build(ctx)).collect();
            inspect::format_units(ctx, &args)
        },
        8, // random surrogate pairs make astral code points whose column width needs ICU
        false,
    );
}

/// Every code point whose column width the crate knows, in an array that Node lays out in
/// columns (the width decides the padding).
#[test]
fn inspect_column_widths() {
    let ranges: &[(u32, u32)] = &[
        (0xA0, 0x2FF),
        (0x370, 0x482),
        (0x48A, 0x52F),
        (0x1680, 0x1680),
        (0x180E, 0x180E),
        (0x2000, 0x200F),
        (0x2028, 0x2029),
        (0x202F, 0x202F),
        (0x205F, 0x205F),
        (0x3000, 0x3000),
        (0xFEFF, 0xFEFF),
        (0x1F600, 0x1F64F),
    ];
    let mut cases = Vec::new();
    let mut inputs = Vec::new();
    for &(lo, hi) in ranges {
        for cp in lo..=hi {
            let c = match char::from_u32(cp) {
                Some(c) => c,
                None => continue,
            };
            let items: Vec<Spec> = [
                c.to_string(),
                "ab".into(),
                "c".into(),
                format!("x{}", c),
                "d".into(),
                "e".into(),
                "f".into(),
                "g".into(),
            ]
            .iter()
            .map(|t| Spec::Str(t.encode_utf16().collect()))
            .collect();
            let spec = Spec::Arr(items.into_iter().map(Some).collect());
            cases.push(spec.src());
            inputs.push(spec);
        }
    }
    compare(
        "inspect column widths",
        &cases,
        "(c) => util.inspect(eval(c))",
        |ctx, i| {
            let v = inputs[i].build(ctx);
            Ok(inspect::inspect(ctx, &v, 2)?.encode_utf16().collect())
        },
        0,
    );
}
