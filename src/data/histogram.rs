//! Mergeable log-scale histograms: how the daily telemetry carries latency
//! and duration distributions, so any range's percentiles follow from the
//! rows of that range to a stated resolution.
//!
//! Bucket `b` of a [`Scale`] holds values in `[base·2^(b/k), base·2^((b+1)/k))`
//! for `k` buckets per octave. Histograms of any rows merge by adding counts;
//! a percentile is found by nearest rank over the merged counts and placed
//! inside its bucket by log-linear interpolation, so it is within one bucket
//! (a relative error of at most `2^(1/k) − 1`) of the true nearest-rank value.

/// A log-scale bucketing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    /// Lower bound of bucket 0 (values below it count in bucket 0).
    pub base: f64,
    /// Buckets per doubling.
    pub per_octave: u32,
    /// Number of buckets (values above the last one count in it).
    pub buckets: u32,
}

/// Reply latencies in milliseconds: 50 ms to about 55 minutes, 16 buckets
/// per octave (4.4% wide).
pub const LATENCY_MS: Scale = Scale { base: 50.0, per_octave: 16, buckets: 256 };

/// Conversation durations in milliseconds: 1 s to about 12 days, 8 buckets
/// per octave (9.1% wide).
pub const DURATION_MS: Scale = Scale { base: 1000.0, per_octave: 8, buckets: 160 };

impl Scale {
    /// The bucket a value falls in.
    pub fn bucket_of(&self, value: f64) -> u32 {
        if value.is_nan() || value <= self.base {
            return 0;
        }
        let b = ((value / self.base).log2() * self.per_octave as f64).floor();
        (b as u32).min(self.buckets - 1)
    }

    /// [`Scale::bucket_of`] without a logarithm: the octave from the float's
    /// exponent, the step within it by comparing the mantissa with the
    /// octave's step bounds. Runs per conversation, so it avoids libm.
    pub fn bucket_of_fast(&self, value: f64) -> u32 {
        let x = value / self.base;
        if x.is_nan() || x <= 1.0 {
            return 0;
        }
        let bits = x.to_bits();
        let octave = ((bits >> 52) & 0x7ff) as i64 - 1023;
        let mantissa = f64::from_bits((bits & ((1u64 << 52) - 1)) | (1023u64 << 52));
        let step = step_bounds(self.per_octave).iter().take_while(|&&bound| bound <= mantissa).count();
        ((octave as u64 * self.per_octave as u64 + step as u64) as u32).min(self.buckets - 1)
    }

    /// The bucket of a value given as `log2(value)`.
    pub fn bucket_of_log2(&self, log2: f64) -> u32 {
        let b = ((log2 - self.base.log2()) * self.per_octave as f64).floor();
        if b.is_nan() || b < 0.0 { 0 } else { (b as u32).min(self.buckets - 1) }
    }

    /// Lower bound of bucket `b`.
    pub fn lower(&self, b: u32) -> f64 {
        self.base * (b as f64 / self.per_octave as f64).exp2()
    }

    /// Upper bound of bucket `b` (the next bucket's lower bound).
    pub fn upper(&self, b: u32) -> f64 {
        self.lower(b + 1)
    }

    /// Largest relative error of a percentile: one bucket's width.
    pub fn resolution(&self) -> f64 {
        (1.0 / self.per_octave as f64).exp2() - 1.0
    }
}

/// `2^(j/k)` for `j` in `1..k`: the step bounds within an octave.
fn step_bounds(per_octave: u32) -> &'static [f64] {
    static EIGHT: std::sync::OnceLock<Vec<f64>> = std::sync::OnceLock::new();
    static SIXTEEN: std::sync::OnceLock<Vec<f64>> = std::sync::OnceLock::new();
    static OTHER: std::sync::OnceLock<Vec<f64>> = std::sync::OnceLock::new();
    let cell = match per_octave {
        8 => &EIGHT,
        16 => &SIXTEEN,
        _ => &OTHER,
    };
    cell.get_or_init(|| (1..per_octave).map(|j| (j as f64 / per_octave as f64).exp2()).collect())
}

/// Counts per bucket of one row, sparse: `(bucket << 20) | count` for each
/// non-empty bucket, ascending.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Histogram(Box<[u32]>);

const COUNT_BITS: u32 = 20;
const COUNT_MASK: u32 = (1 << COUNT_BITS) - 1;

impl Histogram {
    /// From dense counts (index = bucket). Counts saturate at 2^20 − 1 per
    /// bucket, far above any agent-day's traffic.
    pub fn from_dense(counts: &[u32]) -> Self {
        // Only the span between the first and last non-empty bucket is read
        // twice (rows fill a few dozen of hundreds of buckets).
        let first = counts.iter().position(|&c| c > 0).unwrap_or(counts.len());
        let last = counts.iter().rposition(|&c| c > 0).map_or(first, |i| i + 1);
        let packed: Vec<u32> = counts[first..last]
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .map(|(b, &c)| (((first + b) as u32) << COUNT_BITS) | c.min(COUNT_MASK))
            .collect();
        Histogram(packed.into_boxed_slice())
    }

    /// `(bucket, count)` of each non-empty bucket, ascending.
    pub fn iter(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.0.iter().map(|&p| (p >> COUNT_BITS, p & COUNT_MASK))
    }

    /// Values counted.
    pub fn total(&self) -> u64 {
        self.iter().map(|(_, c)| c as u64).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Dense counts over `scale`'s buckets.
    pub fn to_dense(&self, scale: &Scale) -> Vec<u32> {
        let mut dense = vec![0; scale.buckets as usize];
        for (b, c) in self.iter() {
            if let Some(slot) = dense.get_mut(b as usize) {
                *slot += c;
            }
        }
        dense
    }
}

/// Merged counts of many rows.
#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    pub scale: Scale,
    pub counts: Vec<u64>,
    pub total: u64,
}

impl Merged {
    pub fn new(scale: Scale) -> Self {
        Merged { scale, counts: vec![0; scale.buckets as usize], total: 0 }
    }

    pub fn add(&mut self, h: &Histogram) {
        for (b, c) in h.iter() {
            if let Some(slot) = self.counts.get_mut(b as usize) {
                *slot += c as u64;
                self.total += c as u64;
            }
        }
    }

    pub fn add_merged(&mut self, other: &Merged) {
        for (mine, theirs) in self.counts.iter_mut().zip(&other.counts) {
            *mine += theirs;
        }
        self.total += other.total;
    }

    /// Subtracts `other` (which must be contained in `self`).
    pub fn sub_merged(&mut self, other: &Merged) {
        for (mine, theirs) in self.counts.iter_mut().zip(&other.counts) {
            *mine = mine.saturating_sub(*theirs);
        }
        self.total = self.total.saturating_sub(other.total);
    }

    /// The bucket holding the `rank`-th smallest value (1-based) and the
    /// count before it.
    pub fn bucket_of_rank(&self, rank: u64) -> Option<(u32, u64)> {
        if rank == 0 || rank > self.total {
            return None;
        }
        let mut before = 0;
        for (b, &c) in self.counts.iter().enumerate() {
            if before + c >= rank {
                return Some((b as u32, before));
            }
            before += c;
        }
        None
    }

    /// The nearest-rank `q`-quantile (`q` in `[0, 1]`): the ⌈q × n⌉-th smallest
    /// value (the smallest for q = 0), placed log-linearly inside its bucket.
    /// `None` without values.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        let n = self.total;
        if n == 0 {
            return None;
        }
        let rank = ((q.clamp(0.0, 1.0) * n as f64).ceil() as u64).clamp(1, n);
        let (b, before) = self.bucket_of_rank(rank)?;
        let count = self.counts[b as usize] as f64;
        let position = (rank - before) as f64 - 0.5;
        let (lo, hi) = (self.scale.lower(b), self.scale.upper(b));
        Some(lo * (hi / lo).powf(position / count))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_log_spaced_and_cover_their_values() {
        let s = LATENCY_MS;
        for v in [60.0, 999.0, 1000.0, 1234.5, 30_000.0] {
            let b = s.bucket_of(v);
            assert!(s.lower(b) <= v && v < s.upper(b), "{v} in bucket {b}");
            assert_eq!(s.bucket_of_log2(f64::log2(v)), b);
            assert_eq!(s.bucket_of_fast(v), b);
            assert_eq!(DURATION_MS.bucket_of_fast(v * 7.3), DURATION_MS.bucket_of(v * 7.3));
        }
        assert_eq!(s.bucket_of(10.0), 0);
        assert_eq!(s.bucket_of(1e12), s.buckets - 1);
        assert!((s.resolution() - 0.0443).abs() < 1e-3);
    }

    #[test]
    fn quantiles_land_in_the_bucket_of_the_nearest_rank() {
        let s = LATENCY_MS;
        let values: Vec<f64> = (1..=1000).map(|i| 500.0 + i as f64 * 3.7).collect();
        let mut dense = vec![0u32; s.buckets as usize];
        for v in &values {
            dense[s.bucket_of(*v) as usize] += 1;
        }
        let mut merged = Merged::new(s);
        merged.add(&Histogram::from_dense(&dense));
        assert_eq!(merged.total, 1000);
        for q in [0.0, 0.5, 0.9, 0.95, 0.99, 1.0] {
            let rank = ((q * 1000.0_f64).ceil() as usize).clamp(1, 1000);
            let exact = values[rank - 1];
            let estimate = merged.quantile(q).unwrap();
            assert!((estimate / exact - 1.0).abs() <= s.resolution(), "q {q}: {estimate} vs {exact}");
        }
    }

    #[test]
    fn sparse_rows_round_trip() {
        let mut dense = vec![0u32; 16];
        dense[3] = 7;
        dense[9] = 1;
        let h = Histogram::from_dense(&dense);
        assert_eq!(h.iter().collect::<Vec<_>>(), [(3, 7), (9, 1)]);
        assert_eq!(h.total(), 8);
        assert_eq!(h.to_dense(&Scale { base: 1.0, per_octave: 1, buckets: 16 }), dense);
    }
}
