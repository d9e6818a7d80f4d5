// Exact decimal expansions of doubles (a tiny bignum): toFixed and the tie rule of Number::toString need them.
#![forbid(unsafe_code)]

/// The exact decimal expansion of a finite x >= 0: (digits, digits after the point).
pub fn exact_decimal(x: f64) -> (Vec<u8>, usize) {
    if x == 0.0 {
        return (vec![b'0'], 0);
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7FF) as i32;
    let frac = bits & ((1u64 << 52) - 1);
    let (m, e) = if exp == 0 { (frac, -1074) } else { (frac | (1u64 << 52), exp - 1075) };
    let mut big = BigDec::from_u64(m);
    if e >= 0 {
        for _ in 0..e {
            big.mul_small(2);
        }
        (big.digits(), 0)
    } else {
        // m / 2^k = m * 5^k / 10^k
        for _ in 0..(-e) {
            big.mul_small(5);
        }
        (big.digits(), (-e) as usize)
    }
}

/// A little-endian base-1e9 unsigned integer, enough for exact double expansions.
struct BigDec(Vec<u32>);

impl BigDec {
    fn from_u64(mut v: u64) -> BigDec {
        let mut limbs = Vec::new();
        while v > 0 {
            limbs.push((v % 1_000_000_000) as u32);
            v /= 1_000_000_000;
        }
        BigDec(limbs)
    }
    fn mul_small(&mut self, k: u32) {
        let mut carry: u64 = 0;
        for limb in self.0.iter_mut() {
            let p = *limb as u64 * k as u64 + carry;
            *limb = (p % 1_000_000_000) as u32;
            carry = p / 1_000_000_000;
        }
        while carry > 0 {
            self.0.push((carry % 1_000_000_000) as u32);
            carry /= 1_000_000_000;
        }
    }
    fn digits(&self) -> Vec<u8> {
        let mut s = String::new();
        for (i, limb) in self.0.iter().rev().enumerate() {
            if i == 0 {
                s.push_str(&limb.to_string());
            } else {
                s.push_str(&format!("{:09}", limb));
            }
        }
        if s.is_empty() {
            s.push('0');
        }
        s.into_bytes()
    }
}

/// The significant digits of x's exact value (no leading or trailing zeros) and n such that
/// x = 0.digits × 10^n. x finite and > 0.
pub fn exact_significant(x: f64) -> (Vec<u8>, i32) {
    let (digits, point) = exact_decimal(x);
    let int_len = digits.len() as i32 - point as i32;
    let first = digits.iter().position(|&c| c != b'0').unwrap_or(0);
    let last = digits.iter().rposition(|&c| c != b'0').map_or(0, |p| p + 1);
    (digits[first..last].to_vec(), int_len - first as i32)
}

/// A cheap filter: a tie needs an exact expansion of at most 18 significant digits. For
/// x = m·2^-k (m odd) that is m·5^k < 10^18; integers below 2^53 are printed exactly.
pub fn may_tie(x: f64) -> bool {
    if x == x.trunc() {
        return x >= 9007199254740992.0;
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7FF) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    let (mut m, mut e) = if exp == 0 { (frac, -1074i64) } else { (frac | (1u64 << 52), exp - 1075) };
    let tz = m.trailing_zeros() as i64;
    m >>= tz;
    e += tz;
    let k = -e; // > 0 because x is not an integer
    let m_bits = (64 - m.leading_zeros()) as f64;
    m_bits + 2.3219280948873623 * k as f64 <= 61.0
}
