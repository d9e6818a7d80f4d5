// The comparison machinery of the differential tests: the Node script, describe(), compare().

use crate::gen::*;
use containerless_rt::prelude::*;
use containerless_rt::{json_stringify, AbortReason};

/// The Node side of every test: `f` maps one case to a value, printed as a JSON string line.
pub fn node_script(f: &str) -> String {
    format!(
        r#"const util = require('util');
const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const describe = (r) => Array.isArray(r) ? 'array:' + JSON.stringify(r) : typeof r + ':' + (Object.is(r, -0) ? '-0' : String(r));
const f = {f};
const out = [];
for (const c of cases) {{
  let r;
  try {{ r = String(f(c)); }} catch (e) {{ r = 'THROW ' + e.constructor.name; }}
  out.push(JSON.stringify(r));
}}
process.stdout.write(out.join('\n') + '\n');"#,
        f = f
    )
}

/// The crate's describe(): the same text the Node script prints.
pub fn describe(ctx: &mut Ctx, v: &Value) -> R<Vec<u16>> {
    let s = match v {
        Value::Array(_) => {
            let j = json_stringify::stringify(ctx, v, &Value::Undefined, &Value::Undefined).unwrap();
            let mut out: Vec<u16> = "array:".encode_utf16().collect();
            out.extend_from_slice(&j.as_jsstr().unwrap().units());
            return Ok(out);
        }
        Value::Number(n) if *n == 0.0 && n.is_sign_negative() => "-0".to_string(),
        Value::String(s) => {
            let mut out: Vec<u16> = "string:".encode_utf16().collect();
            out.extend_from_slice(&s.units());
            return Ok(out);
        }
        Value::Number(n) => num::to_js_string(*n),
        other => containerless_rt::coerce::to_jsstr(ctx, other)?.to_utf8_lossy(),
    };
    Ok(format!("{}:{}", v.typeof_str(), s).encode_utf16().collect())
}

/// Compares each case; an abort of ours counts as "skipped" unless Node threw and we aborted
/// with reason `throw` (then it counts as identical). Returns (mismatches, skipped).
pub fn compare(
    name: &str,
    cases: &[String],
    node_f: &str,
    mut ours: impl FnMut(&mut Ctx, usize) -> R<Vec<u16>>,
    max_skipped_percent: usize,
) {
    compare_with(name, cases, node_f, &mut ours, max_skipped_percent, false)
}

/// `lossy`: compare as the bytes Node writes (lone surrogates as U+FFFD), for log text.
pub fn compare_with(
    name: &str,
    cases: &[String],
    node_f: &str,
    ours: &mut dyn FnMut(&mut Ctx, usize) -> R<Vec<u16>>,
    max_skipped_percent: usize,
    lossy: bool,
) {
    let started = std::time::Instant::now();
    let lines = run_node(&node_script(node_f), &sources_json(cases));
    if std::env::var("DIFF_VERBOSE").is_ok() {
        eprintln!("{}: node took {:?}", name, started.elapsed());
    }
    assert_eq!(lines.len(), cases.len(), "{}: node printed {} lines for {} cases", name, lines.len(), cases.len());
    let mut mismatches = Vec::new();
    let mut skipped = 0;
    for (i, line) in lines.iter().enumerate() {
        let mut ctx = ctx();
        let mut expected = json_units(&mut ctx, line);
        if lossy {
            expected = String::from_utf16_lossy(&expected).encode_utf16().collect();
        }
        let node_threw = expected.starts_with(&"THROW ".encode_utf16().collect::<Vec<_>>());
        match ours(&mut ctx, i) {
            Ok(got) => {
                if got != expected {
                    if mismatches.is_empty() && std::env::var("DIFF_DUMP").is_ok() {
                        std::fs::write("/tmp/diff_node.txt", String::from_utf16_lossy(&expected)).unwrap();
                        std::fs::write("/tmp/diff_ours.txt", String::from_utf16_lossy(&got)).unwrap();
                    }
                    mismatches.push(format!(
                        "case {}: {}\n  node: {}\n  ours: {}",
                        i,
                        cases[i],
                        String::from_utf16_lossy(&expected),
                        String::from_utf16_lossy(&got)
                    ));
                }
            }
            Err(a) if node_threw && a.reason == AbortReason::Throw => {}
            Err(a) if node_threw => {
                let _ = a;
                skipped += 1;
            }
            Err(a) if a.reason == AbortReason::Unsupported => {
                if std::env::var("DIFF_VERBOSE").is_ok() {
                    eprintln!("{}: case {} aborted: {}", name, i, a.detail);
                }
                skipped += 1
            }
            Err(a) => mismatches.push(format!(
                "case {}: {}\n  node: {}\n  ours: abort {}",
                i,
                cases[i],
                String::from_utf16_lossy(&expected),
                a
            )),
        }
    }
    assert!(
        skipped * 100 <= cases.len() * max_skipped_percent,
        "{}: too many aborts: {} of {}",
        name,
        skipped,
        cases.len()
    );
    check(name, &mismatches, cases.len(), skipped);
}
