// Host values: promises, Response and Headers objects (fetch), Dates, behind one Value::Host variant.
#![forbid(unsafe_code)]

use crate::promise::Promise;
use crate::response::{Headers, Response};
use std::rc::Rc;

/// The objects the host gives an activation. `typeof` is "object" for each; everything the
/// crate does not implement exactly on them (inspect, JSON, coercion, writes) aborts.
#[derive(Clone, Debug)]
pub enum HostVal {
    Promise(Promise),
    Response(Rc<Response>),
    Headers(Rc<Headers>),
    Date(Rc<crate::date::DateObj>),
}

impl HostVal {
    /// Object identity (===).
    pub fn ptr_eq(a: &HostVal, b: &HostVal) -> bool {
        match (a, b) {
            (HostVal::Promise(x), HostVal::Promise(y)) => Promise::ptr_eq(x, y),
            (HostVal::Response(x), HostVal::Response(y)) => Rc::ptr_eq(x, y),
            (HostVal::Headers(x), HostVal::Headers(y)) => Rc::ptr_eq(x, y),
            (HostVal::Date(x), HostVal::Date(y)) => Rc::ptr_eq(x, y),
            _ => false,
        }
    }
    /// The constructor name, for abort details.
    pub fn class_name(&self) -> &'static str {
        match self {
            HostVal::Promise(_) => "Promise",
            HostVal::Response(_) => "Response",
            HostVal::Headers(_) => "Headers",
            HostVal::Date(_) => "Date",
        }
    }
}
