//! Seeded randomness: one ChaCha8 stream per entity family, derived from the
//! master seed, plus the sampling helpers the generators share.

use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// Derives independent ChaCha8 streams from one master seed.
///
/// A family's key is `SHA-256("agentmock/streams/v1" ‖ seed ‖ family)`, so the
/// streams of two families never overlap and adding records to one family
/// leaves every other family's draws untouched. `record` selects one of the
/// 2^64 ChaCha streams under that key, giving a record its own draws whatever
/// the sizes of its siblings.
#[derive(Clone, Copy, Debug)]
pub struct Streams {
    seed: u64,
}

impl Streams {
    pub fn new(seed: u64) -> Self {
        Streams { seed }
    }

    /// The stream of a whole family, e.g. `"agents.ids"`.
    pub fn family(&self, family: &str) -> ChaCha8Rng {
        let mut hasher = Sha256::new();
        hasher.update(b"agentmock/streams/v1");
        hasher.update(self.seed.to_le_bytes());
        hasher.update(family.as_bytes());
        let key: [u8; 32] = hasher.finalize().into();
        ChaCha8Rng::from_seed(key)
    }

    /// The stream of one record of a family.
    pub fn record(&self, family: &str, record: u64) -> ChaCha8Rng {
        self.records(family).get(record)
    }

    /// The per-record streams of a family, keyed once.
    pub fn records(&self, family: &str) -> RecordStreams {
        RecordStreams { base: self.family(family) }
    }
}

/// The per-record streams of one family (see [`Streams::record`]).
#[derive(Clone, Debug)]
pub struct RecordStreams {
    base: ChaCha8Rng,
}

impl RecordStreams {
    pub fn get(&self, record: u64) -> ChaCha8Rng {
        let mut rng = self.base.clone();
        rng.set_stream(record);
        rng
    }
}

/// A random UUID with the version-4 layout.
pub fn uuid_v4<R: RngExt + ?Sized>(rng: &mut R) -> Uuid {
    uuid::Builder::from_random_bytes(rng.random::<[u8; 16]>()).into_uuid()
}

/// Uniform `f64` in `[lo, hi)`.
pub fn uniform<R: RngExt + ?Sized>(rng: &mut R, lo: f64, hi: f64) -> f64 {
    lo + rng.random::<f64>() * (hi - lo)
}

/// `n` uniforms in `[0, 1)`, one in each of the `n` equal strata, in random
/// order (Latin-hypercube sampling): mapped through a distribution's inverse
/// CDF they reproduce its proportions to within one record, at any seed.
pub fn stratified_uniforms<R: RngExt + ?Sized>(rng: &mut R, n: usize) -> Vec<f64> {
    let mut strata: Vec<u32> = (0..n as u32).collect();
    strata.shuffle(rng);
    strata.into_iter().map(|s| (s as f64 + rng.random::<f64>()) / n as f64).collect()
}

/// Cumulative sums of `weights`, for [`pick`].
pub fn cumulative(weights: &[f64]) -> Vec<f64> {
    let mut total = 0.0;
    weights
        .iter()
        .map(|w| {
            total += w;
            total
        })
        .collect()
}

/// The index whose cumulative band holds `u × total`; `u` in `[0, 1)`.
pub fn pick(cumulative: &[f64], u: f64) -> usize {
    let total = cumulative.last().copied().unwrap_or(0.0);
    let point = u * total;
    cumulative.partition_point(|&c| c <= point).min(cumulative.len().saturating_sub(1))
}

/// Splits `n` into parts proportional to `shares` (largest remainder; ties go
/// to the earlier share), so quotas are exact and independent of the seed.
pub fn quota(n: usize, shares: &[f64]) -> Vec<usize> {
    let total: f64 = shares.iter().sum();
    let exact: Vec<f64> = shares.iter().map(|s| n as f64 * s / total).collect();
    let mut parts: Vec<usize> = exact.iter().map(|e| e.floor() as usize).collect();
    let mut left = n - parts.iter().sum::<usize>();
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (exact[a] - exact[a].floor(), exact[b] - exact[b].floor());
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    for i in order {
        if left == 0 {
            break;
        }
        parts[i] += 1;
        left -= 1;
    }
    parts
}

/// `counts[i]` copies of `items[i]`, shuffled.
pub fn shuffled_quota<T: Copy, R: RngExt + ?Sized>(rng: &mut R, items: &[T], counts: &[usize]) -> Vec<T> {
    let mut out: Vec<T> =
        items.iter().zip(counts).flat_map(|(&item, &count)| std::iter::repeat_n(item, count)).collect();
    out.shuffle(rng);
    out
}

/// Cheap draws for the per-conversation traffic loop: four 16-bit uniforms
/// from each 64-bit output of a seeded ChaCha8 stream. 16 bits are plenty for
/// picking an hour, a topic or an outcome, and four times cheaper per draw.
pub struct Draws {
    rng: ChaCha8Rng,
    buffer: u64,
    left: u8,
}

impl Draws {
    pub fn new(rng: ChaCha8Rng) -> Self {
        Draws { rng, buffer: 0, left: 0 }
    }

    /// A uniform 16-bit value.
    pub fn bits(&mut self) -> u16 {
        if self.left == 0 {
            self.buffer = self.rng.random();
            self.left = 4;
        }
        let value = self.buffer as u16;
        self.buffer >>= 16;
        self.left -= 1;
        value
    }

    /// Uniform in `(0, 1)`, at 16-bit resolution.
    pub fn unit(&mut self) -> f64 {
        (self.bits() as f64 + 0.5) / 65536.0
    }

    /// Uniform in `[lo, hi)`.
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + self.unit() * (hi - lo)
    }

    /// Uniform integer in `0..n` (`n` at most 65536).
    pub fn below(&mut self, n: u32) -> u32 {
        ((self.bits() as u32 * n) >> 16).min(n.saturating_sub(1))
    }

    /// `true` with probability `p` (to 1/65536).
    pub fn chance(&mut self, p: f64) -> bool {
        (self.bits() as f64) < p * 65536.0
    }

    /// A standard normal value (to 16-bit resolution in probability).
    pub fn normal(&mut self) -> f64 {
        inverse_normal_table()[self.bits() as usize] as f64
    }

    /// The index whose band of `cumulative` (as from [`cumulative`]) holds a uniform draw.
    pub fn pick(&mut self, cumulative: &[f64]) -> usize {
        pick(cumulative, self.unit())
    }
}

/// `Φ⁻¹((k + 0.5) / 65536)` for every 16-bit `k`, built once.
fn inverse_normal_table() -> &'static [f32] {
    static TABLE: std::sync::OnceLock<Vec<f32>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| (0..65536).map(|k| inverse_normal_cdf((k as f64 + 0.5) / 65536.0) as f32).collect())
}

/// The standard normal quantile function (Acklam's rational approximation,
/// relative error below 1.2e-9). Hand-written: the table above needs one
/// value per probability, which no sampler of rand's exposes.
pub fn inverse_normal_cdf(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969683028665376e+01,
        2.209460984245205e+02,
        -2.759285104469687e+02,
        1.38357751867269e+02,
        -3.066479806614716e+01,
        2.506628277459239e+00,
    ];
    const B: [f64; 5] = [
        -5.447609879822406e+01,
        1.615858368580409e+02,
        -1.556989798598866e+02,
        6.680131188771972e+01,
        -1.328068155288572e+01,
    ];
    const C: [f64; 6] = [
        -7.784894002430293e-03,
        -3.223964580411365e-01,
        -2.400758277161838e+00,
        -2.549732539343734e+00,
        4.374664141464968e+00,
        2.938163982698783e+00,
    ];
    const D: [f64; 4] = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
    let p = p.clamp(1e-300, 1.0 - 1e-16);
    let low = 0.02425;
    if p < low {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - low {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        let q = (-2.0 * (1.0 - p).ln()).sqrt();
        -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    }
}

/// A standard normal draw at full resolution (for per-agent and per-day levels).
pub fn normal<R: RngExt + ?Sized>(rng: &mut R) -> f64 {
    inverse_normal_cdf(rng.random::<f64>().max(f64::MIN_POSITIVE))
}

/// Rounds to `places` decimal places.
pub fn round_to(x: f64, places: u32) -> f64 {
    // A table, not `powi`: every factor is an exact f64 on every platform.
    const FACTORS: [f64; 7] = [1.0, 10.0, 100.0, 1e3, 1e4, 1e5, 1e6];
    let factor = FACTORS[places.min(6) as usize];
    (x * factor).round() / factor
}

/// Parses an id in the one form agentmock writes and reads: the
/// hyphenated 8-4-4-4-12 hex form (either case), not `urn:uuid:`, braces or
/// 32 bare digits, so one id has one spelling in URLs, caches and tests.
pub fn parse_uuid(text: &str) -> Option<Uuid> {
    let bytes = text.as_bytes();
    let hyphens = bytes.len() == 36 && [8, 13, 18, 23].iter().all(|&i| bytes[i] == b'-');
    if !hyphens {
        return None;
    }
    Uuid::try_parse(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_are_independent_and_reproducible() {
        let streams = Streams::new(12345);
        let a: u64 = streams.family("agents").random();
        let b: u64 = streams.family("users").random();
        assert_ne!(a, b);
        assert_eq!(a, streams.family("agents").random::<u64>());
        assert_ne!(a, Streams::new(12346).family("agents").random::<u64>());
        let r0: u64 = streams.record("agents", 0).random();
        let r1: u64 = streams.record("agents", 1).random();
        assert_ne!(r0, r1);
    }

    #[test]
    fn quotas_are_exact() {
        assert_eq!(quota(10, &[0.2, 0.4, 0.4]), vec![2, 4, 4]);
        assert_eq!(quota(20, &[0.7, 0.2, 0.1]), vec![14, 4, 2]);
        assert_eq!(quota(3, &[0.2, 0.4, 0.4]), vec![1, 1, 1]);
        assert_eq!(quota(7, &[1.0]), vec![7]);
    }

    #[test]
    fn stratified_uniforms_cover_every_stratum() {
        let mut rng = Streams::new(1).family("t");
        let mut u = stratified_uniforms(&mut rng, 100);
        u.sort_by(f64::total_cmp);
        for (i, x) in u.iter().enumerate() {
            assert!(*x >= i as f64 / 100.0 && *x < (i + 1) as f64 / 100.0);
        }
    }

    #[test]
    fn pick_follows_cumulative_bands() {
        let cum = cumulative(&[1.0, 3.0, 0.0, 1.0]);
        assert_eq!(pick(&cum, 0.0), 0);
        assert_eq!(pick(&cum, 0.19), 0);
        assert_eq!(pick(&cum, 0.2), 1);
        assert_eq!(pick(&cum, 0.79), 1);
        assert_eq!(pick(&cum, 0.8), 3);
        assert_eq!(pick(&cum, 0.999), 3);
    }

    #[test]
    fn normal_draws_have_the_right_moments() {
        let mut draws = Draws::new(Streams::new(3).family("t"));
        let values: Vec<f64> = (0..100_000).map(|_| draws.normal()).collect();
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / values.len() as f64;
        assert!(mean.abs() < 0.02 && (var - 1.0).abs() < 0.03, "{mean} {var}");
        assert!((inverse_normal_cdf(0.975) - 1.959964).abs() < 1e-5);
        assert!((inverse_normal_cdf(0.001) + 3.090232).abs() < 1e-5);
    }

    #[test]
    fn uuids_have_the_v4_layout() {
        let mut rng = Streams::new(7).family("ids");
        let id = uuid_v4(&mut rng);
        assert_eq!(id.get_version_num(), 4);
        assert_eq!(id.get_variant(), uuid::Variant::RFC4122);
    }
}
