// What an activation takes from outside (fetch responses, Date.now, Math.random): the effects record and the host-call slot.
#![forbid(unsafe_code)]

use crate::abort::{Abort, R};
use crate::ctx::Ctx;
use crate::value::Value;
use std::cell::RefCell;
use std::rc::Rc;
use std::time::{SystemTime, UNIX_EPOCH};

/// Shared between an activation's Ctx (the code that asks) and the ABI's step/complete (the
/// host that answers): the running future holds the Ctx, so the boundary reaches this instead.
#[derive(Default, Debug)]
pub struct HostIo {
    /// The host call the activation is suspended on (JSON), until step hands it out.
    pub call: Option<String>,
    /// True from step handing out a call until complete delivers its result.
    pub awaiting: bool,
    /// The host's answer (JSON), until the suspended code takes it.
    pub result: Option<Vec<u8>>,
    /// Effect records in order (docs/handler-abi.md section 3), each a JSON object text.
    pub effects: Vec<String>,
}

pub type IoHandle = Rc<RefCell<HostIo>>;

/// The activation's host slot, made on first use (most activations never need one).
pub fn io(ctx: &mut Ctx) -> IoHandle {
    if ctx.io.is_none() {
        ctx.io = Some(Rc::new(RefCell::new(HostIo::default())));
    }
    ctx.io.as_ref().map(Rc::clone).unwrap_or_default()
}

/// Appends one effect record (a JSON object text), charged against the memory cap.
pub fn record(ctx: &mut Ctx, json: String) -> R<()> {
    ctx.charge(json.len() + 16)?;
    io(ctx).borrow_mut().effects.push(json);
    Ok(())
}

/// The effects as a JSON array text ("[]" when none).
pub fn effects_json(io: &HostIo) -> String {
    format!("[{}]", io.effects.join(","))
}

/// The module's top-level code runs once in Node.js and once natively: a clock or random value
/// taken there would differ between the two copies of module state, so it stays in Node.js.
fn refuse_in_module(ctx: &Ctx, what: &str) -> R<()> {
    if ctx.in_module_phase() {
        return Err(Abort::unsupported(format!("{} in the module's top-level code", what)));
    }
    Ok(())
}

/// `Date.now()`: the system clock in whole milliseconds, recorded as {"now":ms}.
pub fn date_now(ctx: &mut Ctx, _this: &Value, _args: &[Value]) -> R<Value> {
    refuse_in_module(ctx, "Date.now")?;
    let ms = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0);
    record(ctx, format!("{{\"now\":{}}}", ms))?;
    Ok(Value::Number(ms as f64))
}

/// `Math.random()`: the crate's own generator (xorshift128+, as V8 uses, seeded from the clock
/// and a counter), recorded as {"random":x} so a re-execution in Node.js sees the same numbers.
pub fn math_random(ctx: &mut Ctx, _this: &Value, _args: &[Value]) -> R<Value> {
    refuse_in_module(ctx, "Math.random")?;
    let x = next_random();
    record(ctx, format!("{{\"random\":{}}}", crate::num::to_js_string(x)))?;
    Ok(Value::Number(x))
}

thread_local! {
    static RNG: RefCell<(u64, u64)> = RefCell::new(seed());
}

fn seed() -> (u64, u64) {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0x9e37_79b9_7f4a_7c15);
    let t = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(1);
    let c = COUNTER.fetch_add(0x9e37_79b9_7f4a_7c15, Ordering::Relaxed);
    let a = splitmix(t ^ c);
    let b = splitmix(a ^ (std::process::id() as u64));
    (a | 1, b)
}

fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A double in [0, 1) with 53 random bits.
fn next_random() -> f64 {
    RNG.with(|r| {
        let mut s = r.borrow_mut();
        let (mut s1, s0) = (s.0, s.1);
        s.0 = s0;
        s1 ^= s1 << 23;
        s1 ^= s1 >> 17;
        s1 ^= s0;
        s1 ^= s0 >> 26;
        s.1 = s1;
        let bits = s.0.wrapping_add(s.1) >> 11;
        bits as f64 / (1u64 << 53) as f64
    })
}
