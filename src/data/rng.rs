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

/// Rounds to `places` decimal places.
pub fn round_to(x: f64, places: u32) -> f64 {
    // A table, not `powi`: every factor is an exact f64 on every platform.
    const FACTORS: [f64; 7] = [1.0, 10.0, 100.0, 1e3, 1e4, 1e5, 1e6];
    let factor = FACTORS[places.min(6) as usize];
    (x * factor).round() / factor
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
    fn uuids_have_the_v4_layout() {
        let mut rng = Streams::new(7).family("ids");
        let id = uuid_v4(&mut rng);
        assert_eq!(id.get_version_num(), 4);
        assert_eq!(id.get_variant(), uuid::Variant::RFC4122);
    }
}
