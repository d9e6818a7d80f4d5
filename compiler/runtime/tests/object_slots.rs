// Plain objects keep their first properties in inline slots and the rest in a vector (src/object/obj_data.rs): random writes, overwrites, deletes and reads on objects of every slot count, against a model of JavaScript's property order.

use containerless_rt::prelude::*;
use containerless_rt::{json_parse, json_stringify, Obj};

/// A small deterministic generator (xorshift).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The model: properties in JavaScript's order (integer keys ascending, then insertion order).
fn model_json(props: &[(String, i64)]) -> String {
    let mut idx: Vec<&(String, i64)> =
        props.iter().filter(|(k, _)| k.parse::<u32>().map_or(false, |n| n.to_string() == *k)).collect();
    idx.sort_by_key(|(k, _)| k.parse::<u32>().unwrap_or(0));
    let rest = props.iter().filter(|(k, _)| !k.parse::<u32>().map_or(false, |n| n.to_string() == *k));
    let body: Vec<String> = idx.into_iter().chain(rest).map(|(k, v)| format!("\"{}\":{}", k, v)).collect();
    format!("{{{}}}", body.join(","))
}

fn json(ctx: &mut Ctx, v: &Value) -> String {
    json_stringify::stringify_utf8(ctx, v).unwrap().unwrap()
}

#[test]
fn objects_of_every_slot_count_keep_javascripts_order() {
    let keys: Vec<String> = (0..40).map(|i| if i % 7 == 3 { format!("{}", i) } else { format!("k{}", i) }).collect();
    let mut r = Rng(0x9E3779B97F4A7C15);
    for round in 0..600 {
        let mut ctx = Ctx::for_activation(Limits::default());
        // Made three ways: sized for a literal of 0..=20 properties, parsed with 0..=24, empty.
        let mut model: Vec<(String, i64)> = Vec::new();
        let obj = match round % 3 {
            0 => Value::Object(Obj::with_capacity(&mut ctx, r.below(21)).unwrap()),
            1 => {
                let n = r.below(25);
                let mut text = Vec::new();
                for _ in 0..n {
                    let k = keys[r.below(keys.len())].clone();
                    let v = r.below(1000) as i64;
                    text.push(format!("\"{}\":{}", k, v));
                    match model.iter_mut().find(|(m, _)| *m == k) {
                        Some(p) => p.1 = v, // a repeated key keeps its place, takes the last value
                        None => model.push((k, v)),
                    }
                }
                json_parse::parse_utf8(&mut ctx, &format!("{{{}}}", text.join(","))).unwrap()
            }
            _ => Value::Object(Obj::new(&mut ctx).unwrap()),
        };
        assert_eq!(json(&mut ctx, &obj), model_json(&model), "round {} as made", round);
        for step in 0..40 {
            let k = keys[r.below(keys.len())].clone();
            let key = Value::str(&k);
            match r.below(4) {
                0 | 1 => {
                    let v = r.below(1000) as i64;
                    ops::set(&mut ctx, &obj, &key, Value::Number(v as f64)).unwrap();
                    match model.iter_mut().find(|(m, _)| *m == k) {
                        Some(p) => p.1 = v,
                        None => model.push((k.clone(), v)),
                    }
                }
                2 => {
                    let removed = ops::delete(&mut ctx, &obj, &key).unwrap();
                    assert!(matches!(removed, Value::Bool(true)));
                    model.retain(|(m, _)| *m != k);
                }
                _ => {}
            }
            let got = ops::get(&mut ctx, &obj, &key).unwrap();
            let want = model.iter().find(|(m, _)| *m == k).map(|p| p.1);
            assert_eq!(got.as_number(), want.map(|v| v as f64), "round {} step {} read {}", round, step, k);
            assert_eq!(json(&mut ctx, &obj), model_json(&model), "round {} step {}", round, step);
        }
        // Object.keys order and a copy through JSON again.
        let text = json(&mut ctx, &obj);
        let again = json_parse::parse_utf8(&mut ctx, &text).unwrap();
        assert_eq!(json(&mut ctx, &again), text);
    }
}
