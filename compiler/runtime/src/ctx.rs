// The per-activation context: limits (fuel, memory, deadline), the log buffer and the module/activation phase.
#![forbid(unsafe_code)]

use crate::abort::{Abort, AbortReason, R};
use std::time::{SystemTime, UNIX_EPOCH};

pub const DEFAULT_FUEL: u64 = 1_000_000_000;
pub const DEFAULT_MEMORY_BYTES: u64 = 256 * 1024 * 1024;
/// The clock is read once per this many ticks: reading it on every back-edge would dominate tight loops.
const DEADLINE_CHECK_EVERY: u32 = 1024;

/// The limits of docs/handler-abi.md (cl_limits); 0 means the default (fuel, memory) or none (deadline).
#[derive(Clone, Copy, Debug, Default)]
pub struct Limits {
    pub fuel: u64,
    pub memory_bytes: u64,
    pub deadline_ms: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

impl Stream {
    pub fn as_str(self) -> &'static str {
        match self {
            Stream::Stdout => "stdout",
            Stream::Stderr => "stderr",
        }
    }
}

pub struct Ctx {
    fuel_left: u64,
    memory_left: u64,
    deadline_ms: i64,
    ticks_to_clock: u32,
    /// True while the action's top-level code runs: what it creates is module state.
    module_phase: bool,
    /// Log lines in write order; returned at the boundary, never written by the handler.
    pub logs: Vec<(Stream, String)>,
    /// The statement being run, copied into aborts that carry no location of their own.
    /// Packed as line << 32 | column, 0 for none (lines start at 1): `at` is then one store.
    loc: u64,
    pub cur_site: Option<u32>,
    /// Unique per Ctx: strings this activation builds may be extended in place by it alone.
    epoch: u64,
    /// The host namespaces, read once per context instead of from a thread-local per use.
    hosts: [crate::object::Obj; 3],
    /// Host calls and effects (crate::effects), made on first use.
    pub io: Option<crate::effects::IoHandle>,
}

impl Ctx {
    fn new(limits: Limits, module_phase: bool) -> Ctx {
        Ctx {
            fuel_left: if limits.fuel == 0 { DEFAULT_FUEL } else { limits.fuel },
            memory_left: if limits.memory_bytes == 0 { DEFAULT_MEMORY_BYTES } else { limits.memory_bytes },
            deadline_ms: limits.deadline_ms,
            ticks_to_clock: DEADLINE_CHECK_EVERY,
            module_phase,
            logs: Vec::new(),
            loc: 0,
            cur_site: None,
            epoch: next_epoch(),
            io: None,
            hosts: crate::builtins::host_namespaces(),
        }
    }
    /// console, JSON and Math of the thread that made this context (builtins::global).
    #[inline(always)]
    pub fn hosts(&self) -> &[crate::object::Obj; 3] {
        &self.hosts
    }
    /// The context of the module's top-level run: objects it creates are module-owned.
    pub fn for_module(limits: Limits) -> Ctx {
        Ctx::new(limits, true)
    }
    pub fn for_activation(limits: Limits) -> Ctx {
        Ctx::new(limits, false)
    }
    pub fn in_module_phase(&self) -> bool {
        self.module_phase
    }
    /// This context's string-buffer epoch (see JsStr).
    #[inline(always)]
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// One unit of fuel, spent at every loop back-edge and inlined call.
    #[inline(always)]
    pub fn tick(&mut self, site: u32) -> R<()> {
        if self.fuel_left == 0 {
            return Err(Abort::new(AbortReason::Fuel, "fuel exhausted").located(Some(site), self.cur_loc()));
        }
        self.fuel_left -= 1;
        self.ticks_to_clock -= 1;
        if self.ticks_to_clock == 0 {
            self.ticks_to_clock = DEADLINE_CHECK_EVERY;
            self.check_deadline().map_err(|e| e.located(Some(site), self.cur_loc()))?;
        }
        Ok(())
    }

    pub fn check_deadline(&self) -> R<()> {
        if self.deadline_ms != 0 && now_ms() >= self.deadline_ms {
            return Err(Abort::new(AbortReason::Deadline, "deadline passed"));
        }
        Ok(())
    }

    /// The location `at` recorded last, if any.
    pub fn cur_loc(&self) -> Option<(u32, u32)> {
        if self.loc == 0 {
            None
        } else {
            Some(((self.loc >> 32) as u32, self.loc as u32))
        }
    }

    /// Records the statement being run (a plain store), for the location of a later abort.
    /// Line 0 means unknown (trace-ir.md locations start at line 1).
    #[inline(always)]
    pub fn at(&mut self, line: u32, col: u32) {
        self.loc = (line as u64) << 32 | col as u64;
    }

    /// Counts bytes allocated by a string, object or array against the activation's memory cap.
    #[inline(always)]
    pub fn charge(&mut self, bytes: usize) -> R<()> {
        let b = bytes as u64;
        if b > self.memory_left {
            self.memory_left = 0;
            return Err(Abort::new(AbortReason::Memory, "memory limit reached"));
        }
        self.memory_left -= b;
        Ok(())
    }

    pub fn log(&mut self, stream: Stream, text: String) -> R<()> {
        self.charge(text.len() + 16)?;
        self.logs.push((stream, text));
        Ok(())
    }

    /// The log as docs/handler-abi.md section 2 wants it: a JSON array of [stream, text] pairs.
    pub fn logs_json(&self) -> String {
        let mut out = String::from("[");
        for (i, (stream, text)) in self.logs.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("[\"");
            out.push_str(stream.as_str());
            out.push_str("\",");
            crate::json_stringify::quote_utf8_into(&mut out, text);
            out.push(']');
        }
        out.push(']');
        out
    }

    /// Fills the location of an abort that has none from the statement being run.
    pub fn locate(&self, abort: Abort) -> Abort {
        abort.located(self.cur_site, self.cur_loc())
    }
}

fn next_epoch() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

pub fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}
