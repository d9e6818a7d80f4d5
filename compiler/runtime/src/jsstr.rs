// JavaScript strings: immutable UTF-16 code units, as prefix views of shared append-only buffers.
#![forbid(unsafe_code)]

use std::cell::{Ref, RefCell};
use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

/// A JavaScript string: immutable UTF-16 code units (lengths and indices count units: an emoji
/// is 2; lone surrogates are representable).
///
/// Representation: a prefix view (`len` units) of a shared, append-only buffer. `a + b` where
/// `a` ends at its buffer's end, and the buffer was made by the same activation, appends `b` in
/// place and returns a longer view of the same buffer, so `s = s + piece` in a loop is amortised
/// O(piece), as V8's ropes make it, instead of copying `s` each time. Views never see later
/// appends, so every JsStr stays immutable. Buffers of other activations (module literals,
/// module state) are never extended: nothing an activation appends outlives it there.
#[derive(Clone)]
pub struct JsStr {
    buf: Rc<StrBuf>,
    len: usize,
}

struct StrBuf {
    units: RefCell<Units>,
    /// The Ctx epoch that may append in place (0: nobody).
    epoch: u64,
}

/// At most this many names are interned per thread: PropName keys are bounded by the code of
/// the handlers a process loads, and past the cap a name is an ordinary string (still exact).
const NAMES_MAX: usize = 4096;

thread_local! {
    /// Property names, one buffer per text: PropName keys (the literal names of the code) and
    /// the keys JSON.parse finds among them share it, so a lookup of `r.score` in a parsed
    /// record matches its key by the pointer test of `eq` instead of borrowing both buffers
    /// and comparing their units. Only an optimisation: equality never depends on it.
    /// Per thread, as the host namespaces are (an instance is used from one thread).
    static NAMES: RefCell<HashMap<Vec<u16>, JsStr>> = RefCell::new(HashMap::new());
    /// The mark this thread's NAMES buffers carry in StrBuf::epoch (see NAME_MARK).
    /// 0 (no mark) past 2^31 tables, so that two tables never share a mark.
    static NAME_TAG: u64 = match next_name_table() {
        t if t < 1 << 31 => NAME_MARK | (t << 32),
        _ => 0,
    };
}

/// The epochs of interned names: this bit (never set in a Ctx epoch, a counter from 1, so a
/// name is never appended to), a number per thread's table (bits 32-62) and the name's length
/// (bits 0-31). Two different buffers with the same mark are two different texts of one
/// table, so `==` of two views of that length (whole names, not a prefix `slice` of one)
/// knows them unequal without comparing units (a property lookup of `r.price` among `score`,
/// `price`, ... of a parsed record). Other strings compare by units, as before.
const NAME_MARK: u64 = 1 << 63;

fn next_name_table() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Buffers of at most this many units live inside the StrBuf (the string's one allocation);
/// longer ones in a Vec (a second one). 15 units fit in the Vec's own 24 bytes and its tag.
const INLINE_UNITS: usize = 15;

/// A buffer's units: short strings (names, numbers' texts, padding, most pieces a string is
/// built from) inline, so that making one costs one allocation and freeing it one free.
enum Units {
    Inline { len: u8, data: [u16; INLINE_UNITS] },
    Heap(Vec<u16>),
}

impl Units {
    fn of_slice(s: &[u16]) -> Units {
        if s.len() <= INLINE_UNITS {
            let mut data = [0u16; INLINE_UNITS];
            data[..s.len()].copy_from_slice(s);
            Units::Inline { len: s.len() as u8, data }
        } else {
            Units::Heap(s.to_vec())
        }
    }
    #[inline(always)]
    fn as_slice(&self) -> &[u16] {
        match self {
            Units::Inline { len, data } => &data[..*len as usize],
            Units::Heap(v) => v,
        }
    }
    fn len(&self) -> usize {
        match self {
            Units::Inline { len, .. } => *len as usize,
            Units::Heap(v) => v.len(),
        }
    }
    fn extend_from_slice(&mut self, tail: &[u16]) {
        match self {
            Units::Inline { len, data } if *len as usize + tail.len() <= INLINE_UNITS => {
                let at = *len as usize;
                data[at..at + tail.len()].copy_from_slice(tail);
                *len += tail.len() as u8;
            }
            Units::Inline { len, data } => {
                // Growing past the inline size: to a Vec with room for more appends.
                let mut v = Vec::with_capacity(grown_capacity(*len as usize + tail.len()));
                v.extend_from_slice(&data[..*len as usize]);
                v.extend_from_slice(tail);
                *self = Units::Heap(v);
            }
            Units::Heap(v) => v.extend_from_slice(tail),
        }
    }
    /// Room for `total` units in all (concat_many_in's appends, one growth instead of several).
    fn reserve_total(&mut self, total: usize) {
        match self {
            Units::Inline { .. } if total <= INLINE_UNITS => {}
            Units::Inline { len, data } => {
                let mut v = Vec::with_capacity(grown_capacity(total));
                v.extend_from_slice(&data[..*len as usize]);
                *self = Units::Heap(v);
            }
            Units::Heap(v) => v.reserve(total.saturating_sub(v.len())),
        }
    }
    fn prepend(&mut self, front: &[u16]) {
        match self {
            Units::Inline { len, data } if front.len() == 1 && (*len as usize) < INLINE_UNITS => {
                // One unit (a padding loop's ' '): the whole array shifted by one, a copy of a
                // size known here (no memmove call); what falls off the end is past len.
                let old = *data;
                data[1..].copy_from_slice(&old[..INLINE_UNITS - 1]);
                data[0] = front[0];
                *len += 1;
            }
            Units::Inline { len, data } if *len as usize + front.len() <= INLINE_UNITS => {
                let (l, n) = (*len as usize, front.len());
                data.copy_within(0..l, n);
                data[..n].copy_from_slice(front);
                *len += n as u8;
            }
            Units::Inline { len, data } => {
                let l = *len as usize;
                let mut v = Vec::with_capacity(grown_capacity(l + front.len()));
                v.extend_from_slice(front);
                v.extend_from_slice(&data[..l]);
                *self = Units::Heap(v);
            }
            Units::Heap(v) => {
                v.splice(0..0, front.iter().copied());
            }
        }
    }
}

/// The capacity of a buffer the activation may go on appending to: room for half as much
/// again (and at least a short line), so that the next few appends of `s += piece`, `label +=
/// ' [' + tag + ']'`, do not each reallocate. Memory is charged by length, not capacity.
fn grown_capacity(len: usize) -> usize {
    (len + len / 2).max(48)
}

impl JsStr {
    pub fn from_str(s: &str) -> JsStr {
        if s.len() <= INLINE_UNITS && s.is_ascii() {
            let mut data = [0u16; INLINE_UNITS];
            for (d, b) in data.iter_mut().zip(s.bytes()) {
                *d = u16::from(b);
            }
            return JsStr::of_units(Units::Inline { len: s.len() as u8, data }, 0);
        }
        // ASCII (number texts, most literals) widens byte by byte with the size known up front.
        let units: Vec<u16> =
            if s.is_ascii() { s.bytes().map(u16::from).collect() } else { s.encode_utf16().collect() };
        JsStr::from_vec(units)
    }
    pub fn from_u16(units: &[u16]) -> JsStr {
        JsStr::of_units(Units::of_slice(units), 0)
    }
    /// The string of ASCII bytes (JSON.parse of UTF-8 text), each byte one unit.
    pub fn from_ascii(bytes: &[u8]) -> JsStr {
        if bytes.len() <= INLINE_UNITS {
            let mut data = [0u16; INLINE_UNITS];
            for (d, &b) in data.iter_mut().zip(bytes) {
                *d = u16::from(b);
            }
            return JsStr::of_units(Units::Inline { len: bytes.len() as u8, data }, 0);
        }
        JsStr::from_vec(bytes.iter().map(|&b| u16::from(b)).collect())
    }
    pub fn from_vec(units: Vec<u16>) -> JsStr {
        JsStr::from_vec_in(units, 0)
    }
    /// A string whose buffer the activation with this epoch may extend in place.
    pub fn from_vec_in(units: Vec<u16>, epoch: u64) -> JsStr {
        JsStr::of_units(Units::Heap(units), epoch)
    }
    fn of_units(units: Units, epoch: u64) -> JsStr {
        let len = units.len();
        JsStr { buf: Rc::new(StrBuf { units: RefCell::new(units), epoch }), len }
    }
    /// The property name `s`, interned: every call with the same text on this thread gives the
    /// same buffer (PropName keys). Equal in every way to `from_str(s)`.
    pub fn name(s: &str) -> JsStr {
        let units: Vec<u16> = s.encode_utf16().collect();
        if let Some(k) = JsStr::known_name(&units) {
            return k;
        }
        NAMES.with(|n| {
            let mut n = n.borrow_mut();
            if n.len() < NAMES_MAX {
                // Marked only when it is the table's one buffer of this text (see NAME_MARK).
                let len = units.len() as u64;
                let base = NAME_TAG.with(|t| *t);
                let tag = if base != 0 && len <= 0xFFFF_FFFF { base | len } else { 0 };
                let k = JsStr::of_units(Units::of_slice(&units), tag);
                n.insert(units, k.clone());
                k
            } else {
                JsStr::from_u16(&units)
            }
        })
    }
    /// The interned name of these units, if `name` made one on this thread (JSON.parse: a
    /// parsed key then shares the code's buffer). Lookup only: parsed text never grows the table.
    pub fn known_name(units: &[u16]) -> Option<JsStr> {
        NAMES.with(|n| n.borrow().get(units).cloned())
    }
    pub fn empty() -> JsStr {
        JsStr::from_vec(Vec::new())
    }
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.len
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    /// The code units. A guard: do not hold it across a concat of the same string.
    pub fn units(&self) -> Ref<'_, [u16]> {
        let len = self.len;
        Ref::map(self.buf.units.borrow(), |v| &v.as_slice()[..len])
    }
    pub fn to_vec(&self) -> Vec<u16> {
        self.units().to_vec()
    }
    #[inline(always)]
    pub fn unit(&self, i: usize) -> u16 {
        self.buf.units.borrow().as_slice()[..self.len][i]
    }
    pub fn ptr_eq(a: &JsStr, b: &JsStr) -> bool {
        Rc::ptr_eq(&a.buf, &b.buf) && a.len == b.len
    }
    /// True when the activation with this epoch can extend the buffer in place.
    fn appendable(&self, epoch: u64) -> bool {
        // A name's marked epoch never equals a Ctx epoch (NAME_MARK).
        epoch != 0 && self.buf.epoch == epoch && self.buf.units.borrow().len() == self.len
    }

    /// UTF-8 as Node writes a string to a socket or a stream: a lone surrogate becomes U+FFFD.
    pub fn to_utf8_lossy(&self) -> String {
        let units = self.units();
        // ASCII (a JSON reply, usually): one byte per unit, the size known up front, narrowed
        // and tested in one pass.
        let mut seen = 0u16;
        let bytes: Vec<u8> = units
            .iter()
            .map(|&u| {
                seen |= u;
                u as u8
            })
            .collect();
        if seen < 0x80 {
            if let Ok(s) = String::from_utf8(bytes) {
                return s;
            }
        }
        drop(units);
        char::decode_utf16(self.units().iter().copied()).map(|r| r.unwrap_or('\u{FFFD}')).collect()
    }

    /// The string as Rust text when it has no lone surrogate.
    pub fn to_string_exact(&self) -> Option<String> {
        String::from_utf16(&self.units()).ok()
    }

    /// True when every unit is ASCII: the fast paths of case mapping need it.
    pub fn is_ascii(&self) -> bool {
        self.units().iter().all(|&u| u < 0x80)
    }

    pub fn eq_str(&self, s: &str) -> bool {
        let mut it = s.encode_utf16();
        for &u in self.units().iter() {
            if it.next() != Some(u) {
                return false;
            }
        }
        it.next().is_none()
    }

    /// Bytes `concat_in` allocates: only `other` when self's buffer can grow in place.
    pub fn concat_cost(&self, other: &JsStr, epoch: u64) -> usize {
        if self.appendable(epoch) {
            2 * other.len
        } else {
            2 * (self.len + other.len)
        }
    }

    /// concat_cost of a `tail` of n units (concat_units_in).
    pub fn concat_units_cost(&self, n: usize, epoch: u64) -> usize {
        if self.appendable(epoch) {
            2 * n
        } else {
            2 * (self.len + n)
        }
    }

    /// self + tail, as `concat_in(&JsStr::from_u16(tail), epoch)` gives it, without making that
    /// string (the digits of `'item-' + i`).
    pub fn concat_units_in(&self, tail: &[u16], epoch: u64) -> JsStr {
        if tail.is_empty() {
            return self.clone();
        }
        if self.is_empty() {
            return JsStr::from_u16(tail);
        }
        if self.appendable(epoch) {
            self.buf.units.borrow_mut().extend_from_slice(tail);
            return JsStr { buf: self.buf.clone(), len: self.len + tail.len() };
        }
        let total = self.len + tail.len();
        if total <= INLINE_UNITS {
            let mut data = [0u16; INLINE_UNITS];
            data[..self.len].copy_from_slice(&self.units());
            data[self.len..total].copy_from_slice(tail);
            return JsStr::of_units(Units::Inline { len: total as u8, data }, epoch);
        }
        let mut v = Vec::with_capacity(if epoch == 0 { total } else { grown_capacity(total) });
        v.extend_from_slice(&self.units());
        v.extend_from_slice(tail);
        JsStr::from_vec_in(v, epoch)
    }

    /// self + other, never extending a shared buffer.
    pub fn concat(&self, other: &JsStr) -> JsStr {
        self.concat_in(other, 0)
    }

    /// self + other for the activation with this epoch (Ctx::epoch).
    pub fn concat_in(&self, other: &JsStr, epoch: u64) -> JsStr {
        if other.is_empty() {
            return self.clone();
        }
        if self.is_empty() {
            return other.clone();
        }
        if self.appendable(epoch) {
            if Rc::ptr_eq(&self.buf, &other.buf) {
                // Copy first when other views the same buffer: it cannot be read while we push.
                let tail: Vec<u16> = other.to_vec();
                self.buf.units.borrow_mut().extend_from_slice(&tail);
            } else {
                let tail = other.units();
                self.buf.units.borrow_mut().extend_from_slice(&tail);
            }
            return JsStr { buf: self.buf.clone(), len: self.len + other.len };
        }
        let total = self.len + other.len;
        if total <= INLINE_UNITS {
            let mut data = [0u16; INLINE_UNITS];
            data[..self.len].copy_from_slice(&self.units());
            data[self.len..total].copy_from_slice(&other.units());
            return JsStr::of_units(Units::Inline { len: total as u8, data }, epoch);
        }
        let mut v = Vec::with_capacity(if epoch == 0 { total } else { grown_capacity(total) });
        v.extend_from_slice(&self.units());
        v.extend_from_slice(&other.units());
        JsStr::from_vec_in(v, epoch)
    }

    /// `self + other` appended in place (concat_in's first case) when self's buffer can grow
    /// (appendable) and other is neither empty nor a view of that buffer; None otherwise (then
    /// concat_in). One borrow of each buffer, instead of concat_cost's and concat_in's tests and
    /// borrows one after the other: ops::add's `s = s + piece`.
    #[inline]
    pub fn try_append(&self, other: &JsStr, epoch: u64) -> Option<JsStr> {
        if epoch == 0 || self.buf.epoch != epoch || self.len == 0 || other.len == 0 {
            return None;
        }
        if Rc::ptr_eq(&self.buf, &other.buf) {
            return None;
        }
        let mut units = self.buf.units.borrow_mut();
        if units.len() != self.len {
            return None;
        }
        units.extend_from_slice(&other.buf.units.borrow().as_slice()[..other.len]);
        drop(units);
        Some(JsStr { buf: self.buf.clone(), len: self.len + other.len })
    }

    /// `self + rest[0] + rest[1] + ...` for the activation with this epoch: the string
    /// concat_in would give one piece at a time, made at once (ops::concat, the emitter's
    /// `text += a + ' | ' + b + '\n'`): appended in place when self's buffer can grow and no
    /// piece views it, else one new buffer of the whole length. Bytes allocated:
    /// `concat_units_cost(extra, epoch)`, extra the total length of rest.
    pub fn concat_many_in<'a>(&self, rest: impl Iterator<Item = &'a JsStr> + Clone, extra: usize, epoch: u64) -> JsStr {
        if extra == 0 {
            return self.clone();
        }
        if self.appendable(epoch) && !rest.clone().any(|s| Rc::ptr_eq(&s.buf, &self.buf)) {
            let mut units = self.buf.units.borrow_mut();
            units.reserve_total(self.len + extra);
            for s in rest {
                units.extend_from_slice(&s.buf.units.borrow().as_slice()[..s.len]);
            }
            drop(units);
            return JsStr { buf: self.buf.clone(), len: self.len + extra };
        }
        let total = self.len + extra;
        let mut v = Vec::with_capacity(if epoch == 0 { total } else { grown_capacity(total) });
        v.extend_from_slice(&self.units());
        for s in rest {
            v.extend_from_slice(&s.units());
        }
        if total <= INLINE_UNITS {
            return JsStr::of_units(Units::of_slice(&v), epoch);
        }
        JsStr::from_vec_in(v, epoch)
    }

    /// `front + self` written into self's own buffer, when that cannot be seen: the buffer is
    /// this activation's (epoch), this JsStr is its only reference (`Rc::get_mut`) and views
    /// all of it. False (nothing done) otherwise. For `out = ' ' + out` (ops::add_front).
    pub fn prepend_in_place(&mut self, front: &JsStr, epoch: u64) -> bool {
        if epoch == 0 || front.is_empty() || self.buf.epoch != epoch {
            return false;
        }
        let len = self.len;
        let f = front.units();
        match Rc::get_mut(&mut self.buf) {
            Some(b) => {
                let units = b.units.get_mut();
                if units.len() != len {
                    return false;
                }
                units.prepend(&f);
            }
            None => return false,
        }
        drop(f);
        self.len += front.len;
        true
    }

    /// Units start..end; a prefix shares the buffer.
    pub fn slice(&self, start: usize, end: usize) -> JsStr {
        let end = end.max(start);
        if start == 0 {
            return JsStr { buf: self.buf.clone(), len: end };
        }
        JsStr::from_u16(&self.units()[start..end])
    }

    /// The first index >= from where needle occurs (String.prototype.indexOf's search).
    pub fn index_of(&self, needle: &[u16], from: usize) -> Option<usize> {
        let hay = self.units();
        if needle.len() > hay.len() {
            return None;
        }
        let last = hay.len() - needle.len();
        (from..=last).find(|&i| &hay[i..i + needle.len()] == needle)
    }

    /// The last index <= from where needle occurs.
    pub fn last_index_of(&self, needle: &[u16], from: usize) -> Option<usize> {
        let hay = self.units();
        if needle.len() > hay.len() {
            return None;
        }
        let last = (hay.len() - needle.len()).min(from);
        (0..=last).rev().find(|&i| &hay[i..i + needle.len()] == needle)
    }

    /// The property key's array index (a canonical numeric string of an integer 0..=2^32-2).
    pub fn array_index(&self) -> Option<u32> {
        array_index_of_units(&self.units())
    }
}

impl PartialEq for JsStr {
    #[inline]
    fn eq(&self, other: &JsStr) -> bool {
        // Lengths first: most keys compared in a property lookup differ in length, and the
        // comparison of units borrows both buffers.
        if self.len != other.len {
            return false;
        }
        if Rc::ptr_eq(&self.buf, &other.buf) {
            return true;
        }
        // Two whole interned names of one table are different texts (NAME_MARK).
        let (a, b) = (self.buf.epoch, other.buf.epoch);
        if a == b && a & NAME_MARK != 0 && a & 0xFFFF_FFFF == self.len as u64 {
            return false;
        }
        *self.units() == *other.units()
    }
}
impl Eq for JsStr {}

impl Hash for JsStr {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.units().hash(state)
    }
}

/// Canonical array index of a key: no leading zeros (except "0"), at most 4294967294.
pub fn array_index_of_units(u: &[u16]) -> Option<u32> {
    if u.is_empty() || u.len() > 10 {
        return None;
    }
    if u[0] == b'0' as u16 && u.len() > 1 {
        return None;
    }
    let mut n: u64 = 0;
    for &c in u {
        if !(b'0' as u16..=b'9' as u16).contains(&c) {
            return None;
        }
        n = n * 10 + (c - b'0' as u16) as u64;
    }
    if n <= 4294967294 {
        Some(n as u32)
    } else {
        None
    }
}

/// Strings compare by UTF-16 code units, as IsLessThan does (not by code points).
impl PartialOrd for JsStr {
    fn partial_cmp(&self, other: &JsStr) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for JsStr {
    fn cmp(&self, other: &JsStr) -> Ordering {
        self.units().cmp(&other.units())
    }
}

impl fmt::Debug for JsStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.to_utf8_lossy())
    }
}

/// ECMAScript WhiteSpace and LineTerminator code points (used by trim and StringToNumber).
pub fn is_js_whitespace(u: u16) -> bool {
    matches!(
        u,
        0x09 | 0x0A | 0x0B | 0x0C | 0x0D | 0x20 | 0xA0 | 0x1680 | 0x2000
            ..=0x200A | 0x2028 | 0x2029 | 0x202F | 0x205F | 0x3000 | 0xFEFF
    )
}

/// The units with leading and trailing JS whitespace removed.
pub fn trim_units(u: &[u16]) -> &[u16] {
    let start = u.iter().position(|&c| !is_js_whitespace(c)).unwrap_or(u.len());
    let end = u.iter().rposition(|&c| !is_js_whitespace(c)).map_or(start, |e| e + 1);
    &u[start..end]
}
