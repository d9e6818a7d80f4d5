// Differential tests of Array.prototype methods, Object statics and property get/set/in/delete.

use crate::gen::*;
use crate::harness::*;
use crate::operators::operand;
use containerless_rt::inspect;
use containerless_rt::prelude::*;

#[test]
fn array_methods_and_object_statics() {
    let mut r = seeded(2718);
    const METHODS: &[(&str, Builtin, usize)] = &[
        ("push", Builtin::ArrayPrototypePush, 2),
        ("pop", Builtin::ArrayPrototypePop, 0),
        ("shift", Builtin::ArrayPrototypeShift, 0),
        ("unshift", Builtin::ArrayPrototypeUnshift, 2),
        ("slice", Builtin::ArrayPrototypeSlice, 2),
        ("indexOf", Builtin::ArrayPrototypeIndexOf, 2),
        ("lastIndexOf", Builtin::ArrayPrototypeLastIndexOf, 2),
        ("includes", Builtin::ArrayPrototypeIncludes, 2),
        ("join", Builtin::ArrayPrototypeJoin, 1),
        ("toString", Builtin::ArrayPrototypeToString, 0),
        ("concat", Builtin::ArrayPrototypeConcat, 2),
        ("reverse", Builtin::ArrayPrototypeReverse, 0),
        ("at", Builtin::ArrayPrototypeAt, 1),
        ("fill", Builtin::ArrayPrototypeFill, 3),
        ("sort", Builtin::ArrayPrototypeSort, 0),
        ("splice", Builtin::ArrayPrototypeSplice, 4),
        ("Object.keys", Builtin::ObjectKeys, 0),
        ("Object.values", Builtin::ObjectValues, 0),
        ("Object.entries", Builtin::ObjectEntries, 0),
        ("Object.assign", Builtin::ObjectAssign, 2),
        ("hasOwnProperty", Builtin::ObjectPrototypeHasOwnProperty, 1),
    ];
    let mut cases = Vec::new();
    let mut inputs = Vec::new();
    for _ in 0..4000 {
        let m = r.below(METHODS.len());
        let target = if METHODS[m].0.starts_with("Object") || METHODS[m].0 == "hasOwnProperty" {
            if r.chance(50) {
                random_spec(&mut r, 2)
            } else {
                Spec::Obj((0..r.below(6)).map(|_| (interesting_key(&mut r), random_spec(&mut r, 1))).collect())
            }
        } else {
            Spec::Arr((0..r.below(8)).map(|_| if r.chance(15) { None } else { Some(operand(&mut r)) }).collect())
        };
        let nargs = r.below(METHODS[m].2 + 1);
        let args: Vec<Spec> = (0..nargs)
            .map(|_| match r.below(4) {
                0 => Spec::Num(*r.pick(&[0.0, 1.0, -1.0, 2.0, -2.0, 10.0, f64::NAN, -0.0])),
                1 => Spec::Str(interesting_key(&mut r)),
                _ => operand(&mut r),
            })
            .collect();
        let mut parts = vec![METHODS[m].0.to_string(), target.src()];
        parts.extend(args.iter().map(|a| a.src()));
        cases.push(parts.join("\u{0}"));
        inputs.push((m, target, args));
    }
    compare(
        "Array.prototype and Object statics",
        &cases,
        "(c) => { const [m, t, ...a] = c.split('\\u0000'); const target = eval(t); const args = a.map((x) => eval(x));
          const r = m.startsWith('Object.') ? Object[m.slice(7)](target, ...args) : m === 'hasOwnProperty' ? Object.prototype.hasOwnProperty.call(target, ...args) : target[m](...args);
          return describe(r) + '|' + util.inspect(target); }",
        |ctx, i| {
            let (m, t, args) = &inputs[i];
            let target = t.build(ctx);
            let argv: Vec<Value> = args.iter().map(|a| a.build(ctx)).collect();
            let (this, call_args) = if METHODS[*m].0.starts_with("Object.") {
                let mut v = vec![target.clone()];
                v.extend(argv);
                (Value::Undefined, v)
            } else {
                (target.clone(), argv)
            };
            let v = builtins::call(ctx, METHODS[*m].1, &this, &call_args)?;
            let mut out = describe(ctx, &v)?;
            out.push(b'|' as u16);
            out.extend(inspect::inspect(ctx, &target, 2)?.encode_utf16());
            Ok(out)
        },
        10,
    );
}

#[test]
fn property_access() {
    let mut r = seeded(4711);
    const OPS: &[&str] = &["get", "set", "in", "delete"];
    let mut cases = Vec::new();
    let mut inputs = Vec::new();
    for _ in 0..4000 {
        let target = match r.below(3) {
            0 => Spec::Arr(
                (0..r.below(6)).map(|_| if r.chance(20) { None } else { Some(random_spec(&mut r, 1)) }).collect(),
            ),
            1 => Spec::Obj((0..r.below(6)).map(|_| (interesting_key(&mut r), random_spec(&mut r, 1))).collect()),
            _ => Spec::Str(interesting_string(&mut r)),
        };
        let op = r.below(OPS.len());
        let key = match r.below(4) {
            0 => Spec::Num(*r.pick(&[0.0, 1.0, 2.0, -0.0, 1.5, 4294967295.0, 4294967294.0, f64::NAN, -1.0, 5.0])),
            1 => Spec::Str("length".encode_utf16().collect()),
            2 => Spec::Bool(r.chance(50)),
            _ => Spec::Str(interesting_key(&mut r)),
        };
        let val = random_spec(&mut r, 1);
        cases.push(format!("{}\u{0}{}\u{0}{}\u{0}{}", target.src(), OPS[op], key.src(), val.src()));
        inputs.push((target, op, key, val));
    }
    compare(
        "property get/set/in/delete",
        &cases,
        "(c) => { 'use strict'; const [t, op, k, v] = c.split('\\u0000'); const o = eval(t), key = eval(k), val = eval(v);
          if (op === 'get') return describe(o[key]);
          if (op === 'in') return describe(key in o);
          if (op === 'set') { o[key] = val; return util.inspect(o); }
          const d = delete o[key]; return describe(d) + '|' + util.inspect(o); }",
        |ctx, i| {
            let (t, op, k, v) = &inputs[i];
            let (o, key, val) = (t.build(ctx), k.build(ctx), v.build(ctx));
            match OPS[*op] {
                "get" => {
                    let r = ops::get(ctx, &o, &key)?;
                    if let Value::Function(_) = r {
                        return Err(Abort::unsupported("test: a method value"));
                    }
                    describe(ctx, &r)
                }
                "in" => {
                    let r = ops::in_(ctx, &key, &o)?;
                    describe(ctx, &r)
                }
                "set" => {
                    ops::set(ctx, &o, &key, val)?;
                    Ok(inspect::inspect(ctx, &o, 2)?.encode_utf16().collect())
                }
                _ => {
                    let d = ops::delete(ctx, &o, &key)?;
                    let mut out = describe(ctx, &d)?;
                    out.push(b'|' as u16);
                    out.extend(inspect::inspect(ctx, &o, 2)?.encode_utf16());
                    Ok(out)
                }
            }
        },
        30, // writes and deletes on primitives abort: their outcome depends on strict mode
    );
}
