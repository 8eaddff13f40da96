//! Latency histograms that many tasks record into at once.
//!
//! One HDR histogram over 1 µs to 1 h at three significant digits weighs
//! about 136 KiB, so there cannot be one per player; one shared histogram
//! behind one lock would serialize every task. A [`ShardedHistogram`] keeps a
//! few histograms, each behind its own lock, and a recorder picks a shard by a
//! hint it already has (its player or purchase number). Snapshots merge the
//! shards, which HDR histograms do without loss.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use hdrhistogram::Histogram;

/// Shards per histogram: enough that tasks on a few cores rarely meet on a lock.
const SHARDS: usize = 8;

/// Largest value recorded, in microseconds (one hour); longer values are clamped.
const MAX_MICROS: u64 = 3_600_000_000;

/// A latency histogram in microseconds, recorded into without a global lock.
#[derive(Debug)]
pub struct ShardedHistogram {
    shards: Box<[Shard]>,
}

/// One shard on cache lines of its own: side by side, two shards' locks and
/// counts would share a line, and recorders on different shards would still
/// pass it back and forth between cores (false sharing).
#[derive(Debug)]
#[repr(align(128))]
struct Shard(Mutex<Histogram<u64>>);

/// An empty histogram with the bounds every matchbench histogram uses.
pub fn empty() -> Histogram<u64> {
    Histogram::new_with_bounds(1, MAX_MICROS, 3).expect("1 µs to 1 h at 3 digits are valid bounds")
}

impl ShardedHistogram {
    /// An empty histogram.
    pub fn new() -> Self {
        Self {
            shards: (0..SHARDS).map(|_| Shard(Mutex::new(empty()))).collect(),
        }
    }

    /// Records one latency; `hint` spreads recorders over the shards.
    pub fn record(&self, hint: usize, latency: Duration) {
        let micros = u64::try_from(latency.as_micros())
            .unwrap_or(u64::MAX)
            .clamp(1, MAX_MICROS);
        let mut shard = self.shards[hint % SHARDS]
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        shard.saturating_record(micros);
    }

    /// Every shard merged into one histogram.
    pub fn merged(&self) -> Histogram<u64> {
        let mut total = empty();
        for shard in &self.shards {
            let shard = shard.0.lock().unwrap_or_else(PoisonError::into_inner);
            // Same bounds on both sides, so adding cannot fail.
            let _ = total.add(&*shard);
        }
        total
    }
}

impl Default for ShardedHistogram {
    fn default() -> Self {
        Self::new()
    }
}

/// Milliseconds of a microsecond histogram value, for reports.
pub fn micros_to_ms(micros: u64) -> f64 {
    micros as f64 / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_histogram_holds_every_shard_s_samples() {
        let histogram = ShardedHistogram::new();
        for i in 0..100 {
            histogram.record(i, Duration::from_millis(i as u64 + 1));
        }
        let merged = histogram.merged();
        assert_eq!(merged.len(), 100);
        assert_eq!(merged.value_at_quantile(1.0) / 1000, 100);
    }

    #[test]
    fn values_past_an_hour_are_clamped_not_lost() {
        let histogram = ShardedHistogram::new();
        histogram.record(0, Duration::from_secs(10_000));
        histogram.record(0, Duration::ZERO);
        let merged = histogram.merged();
        assert_eq!(merged.len(), 2);
        assert!(merged.max() >= MAX_MICROS);
        assert_eq!(merged.min(), 1);
    }
}
