// Abort records: why a native activation must be re-executed in Node.js (docs/handler-abi.md section 3).
#![forbid(unsafe_code)]

use std::fmt;

/// Longer details are cut in the abort record.
const MAX_DETAIL_CHARS: usize = 300;

/// Every Result in the crate and in generated code carries an Abort as its error.
pub type R<T> = Result<T, Abort>;

/// The reasons of docs/handler-abi.md section 3, one table so names cannot drift.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AbortReason {
    Untraced,
    Unsupported,
    Guard,
    Throw,
    Fuel,
    Memory,
    Deadline,
    ModuleState,
    Panic,
}

impl AbortReason {
    pub fn as_str(self) -> &'static str {
        match self {
            AbortReason::Untraced => "untraced",
            AbortReason::Unsupported => "unsupported",
            AbortReason::Guard => "guard",
            AbortReason::Throw => "throw",
            AbortReason::Fuel => "fuel",
            AbortReason::Memory => "memory",
            AbortReason::Deadline => "deadline",
            AbortReason::ModuleState => "module-state",
            AbortReason::Panic => "panic",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Abort {
    pub reason: AbortReason,
    pub site: Option<u32>,
    pub loc: Option<(u32, u32)>,
    pub detail: String,
}

impl Abort {
    pub fn new(reason: AbortReason, detail: impl Into<String>) -> Abort {
        Abort { reason, site: None, loc: None, detail: detail.into() }
    }
    pub fn untraced(site: Option<u32>, loc: Option<(u32, u32)>, detail: impl Into<String>) -> Abort {
        Abort { reason: AbortReason::Untraced, site, loc, detail: detail.into() }
    }
    pub fn unsupported(detail: impl Into<String>) -> Abort {
        Abort::new(AbortReason::Unsupported, detail)
    }
    pub fn guard(site: Option<u32>, detail: impl Into<String>) -> Abort {
        Abort { reason: AbortReason::Guard, site, loc: None, detail: detail.into() }
    }
    /// A JavaScript exception (a `throw` statement or a TypeError/RangeError/SyntaxError that
    /// JS would raise): version 1 leaves all exceptions to Node.js.
    pub fn throw(detail: impl Into<String>) -> Abort {
        Abort::new(AbortReason::Throw, detail)
    }
    pub fn module_state(detail: impl Into<String>) -> Abort {
        Abort::new(AbortReason::ModuleState, detail)
    }
    pub fn panic(detail: impl Into<String>) -> Abort {
        Abort::new(AbortReason::Panic, detail)
    }
    /// Fills site and loc when the abort does not carry its own.
    pub fn located(mut self, site: Option<u32>, loc: Option<(u32, u32)>) -> Abort {
        if self.site.is_none() {
            self.site = site;
        }
        if self.loc.is_none() {
            self.loc = loc;
        }
        self
    }

    /// The abort record JSON of docs/handler-abi.md section 3.
    pub fn to_json(&self) -> String {
        let mut out = String::from("{\"reason\":\"");
        out.push_str(self.reason.as_str());
        out.push('"');
        if let Some(site) = self.site {
            out.push_str(&format!(",\"site\":{}", site));
        }
        if let Some((line, col)) = self.loc {
            out.push_str(&format!(",\"loc\":[{},{}]", line, col));
        }
        out.push_str(",\"detail\":");
        // Details may quote user data (a property name): keep the record small.
        let detail: String = if self.detail.chars().count() > MAX_DETAIL_CHARS {
            self.detail.chars().take(MAX_DETAIL_CHARS).chain("…".chars()).collect()
        } else {
            self.detail.clone()
        };
        crate::json_stringify::quote_utf8_into(&mut out, &detail);
        out.push('}');
        out
    }
}

impl fmt::Display for Abort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "abort {}: {}", self.reason.as_str(), self.detail)
    }
}

/// Shorthand for the most common abort: an operation the crate does not implement exactly.
pub fn unsupported<T>(detail: impl Into<String>) -> R<T> {
    Err(Abort::unsupported(detail))
}
