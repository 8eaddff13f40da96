//! Snapshots: the run as seen every 200 ms, for the live view and the time series.
//!
//! The [`Sampler`] keeps the last second of samples so that each snapshot can
//! carry rates and p95s over the last second, and it tracks the peak rates of
//! the run over sliding one-second windows (stepped every snapshot).

use std::collections::VecDeque;
use std::time::Duration;

use hdrhistogram::Histogram;

use super::histogram::micros_to_ms;
use super::metrics::{Counters, Metrics, Phase};
use crate::report::summary::TimeseriesRow;

/// How often a snapshot is taken.
pub const SNAPSHOT_INTERVAL: Duration = Duration::from_millis(200);

/// The window that rates and p95s in a snapshot cover.
const WINDOW: Duration = Duration::from_secs(1);

/// The run at one instant.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricsSnapshot {
    /// Time since the run started.
    pub elapsed: Duration,
    /// The run's planned length.
    pub duration: Duration,
    /// Where the run stands.
    pub phase: Phase,
    /// Totals and gauges.
    pub counters: Counters,
    /// Matches formed over the last second, per second.
    pub matches_per_sec: f64,
    /// Purchases acknowledged over the last second, per second.
    pub purchases_per_sec: f64,
    /// The purchase rate the scenario asks for.
    pub target_purchases_per_sec: f64,
    /// 95th percentile time to match over the last second; zero when no player matched.
    pub p95_time_to_match: Duration,
    /// 95th percentile purchase latency over the last second; zero without purchases.
    pub p95_purchase_latency: Duration,
}

impl MetricsSnapshot {
    /// The snapshot as a row of `timeseries.csv`.
    pub fn to_row(&self) -> TimeseriesRow {
        let c = &self.counters;
        TimeseriesRow {
            elapsed_ms: u64::try_from(self.elapsed.as_millis()).unwrap_or(u64::MAX),
            phase: self.phase.as_str().to_owned(),
            players_active: c.players_active,
            players_queued: c.players_queued,
            players_in_match: c.players_in_match,
            matches_formed: c.matches_formed,
            matches_per_sec: round3(self.matches_per_sec),
            purchases: c.purchases,
            purchases_per_sec: round3(self.purchases_per_sec),
            purchases_dropped: c.purchases_dropped,
            p95_time_to_match_ms: round3(self.p95_time_to_match.as_secs_f64() * 1000.0),
            p95_purchase_latency_ms: round3(self.p95_purchase_latency.as_secs_f64() * 1000.0),
            total_requests: c.requests,
            errors: c.total_errors(),
        }
    }
}

/// A figure rounded to three decimals, so reports show µs, not float noise.
pub fn round3(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

/// One sample kept for the last-second window.
struct Sample {
    elapsed: Duration,
    counters: Counters,
    time_to_match: Histogram<u64>,
    purchase_latency: Histogram<u64>,
}

/// Turns [`Metrics`] into snapshots and remembers the run's peaks.
pub struct Sampler {
    duration: Duration,
    target_purchases_per_sec: f64,
    history: VecDeque<Sample>,
    peak_matches_per_sec: f64,
    peak_purchases_per_sec: f64,
}

impl Sampler {
    /// A sampler for a run of `duration` at a target purchase rate.
    pub fn new(duration: Duration, target_purchases_per_sec: f64) -> Self {
        let start = Sample {
            elapsed: Duration::ZERO,
            counters: Counters::default(),
            time_to_match: super::histogram::empty(),
            purchase_latency: super::histogram::empty(),
        };
        Self {
            duration,
            target_purchases_per_sec,
            history: VecDeque::from([start]),
            peak_matches_per_sec: 0.0,
            peak_purchases_per_sec: 0.0,
        }
    }

    /// Most matches formed in any one-second window so far.
    pub fn peak_matches_per_sec(&self) -> f64 {
        self.peak_matches_per_sec
    }

    /// Most purchases acknowledged in any one-second window so far.
    pub fn peak_purchases_per_sec(&self) -> f64 {
        self.peak_purchases_per_sec
    }

    /// Reads the metrics at `elapsed` and returns the snapshot.
    pub fn sample(&mut self, metrics: &Metrics, elapsed: Duration) -> MetricsSnapshot {
        let now = Sample {
            elapsed,
            counters: metrics.counters(),
            time_to_match: metrics.time_to_match_all(),
            purchase_latency: metrics.purchase_latency(),
        };
        // The oldest sample at most one window back is the window's start.
        while self.history.len() > 1 && elapsed.saturating_sub(self.history[1].elapsed) >= WINDOW {
            self.history.pop_front();
        }
        let base = &self.history[0];
        let span = elapsed
            .saturating_sub(base.elapsed)
            .max(WINDOW)
            .as_secs_f64();
        let matches = now.counters.matches_formed - base.counters.matches_formed;
        let purchases = now.counters.purchases - base.counters.purchases;
        let snapshot = MetricsSnapshot {
            elapsed,
            duration: self.duration,
            phase: metrics.phase(),
            counters: now.counters,
            matches_per_sec: matches as f64 / span,
            purchases_per_sec: purchases as f64 / span,
            target_purchases_per_sec: self.target_purchases_per_sec,
            p95_time_to_match: window_p95(&now.time_to_match, &base.time_to_match),
            p95_purchase_latency: window_p95(&now.purchase_latency, &base.purchase_latency),
        };
        // The window spans one second or a little more, when a snapshot was
        // late; its rate, not its count, is what the peak compares.
        self.peak_matches_per_sec = self.peak_matches_per_sec.max(snapshot.matches_per_sec);
        self.peak_purchases_per_sec = self.peak_purchases_per_sec.max(snapshot.purchases_per_sec);
        self.history.push_back(now);
        snapshot
    }
}

/// The 95th percentile of what `now` holds beyond `before`.
fn window_p95(now: &Histogram<u64>, before: &Histogram<u64>) -> Duration {
    let mut window = now.clone();
    if window.subtract(before).is_err() || window.is_empty() {
        return Duration::ZERO;
    }
    Duration::from_secs_f64(micros_to_ms(window.value_at_quantile(0.95)) / 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Role;

    #[test]
    fn rates_cover_the_last_second_only() {
        let metrics = Metrics::new();
        let mut sampler = Sampler::new(Duration::from_secs(10), 0.0);
        for step in 1..=10u64 {
            metrics.matched(Role::Killer, 0, Duration::from_millis(5));
            if step <= 5 {
                metrics.matched(Role::Killer, 0, Duration::from_millis(5));
            }
            let snapshot = sampler.sample(&metrics, SNAPSHOT_INTERVAL * step as u32);
            if step == 10 {
                // One match per 200 ms over the last second: 5 per second.
                assert_eq!(snapshot.matches_per_sec, 5.0);
            }
        }
        // The first second formed two matches per 200 ms.
        assert_eq!(sampler.peak_matches_per_sec(), 10.0);
    }

    #[test]
    fn a_late_snapshot_does_not_inflate_the_peak() {
        let metrics = Metrics::new();
        let mut sampler = Sampler::new(Duration::from_secs(10), 0.0);
        let mut elapsed = Duration::ZERO;
        for step in 1..=10 {
            // 100 purchases every 200 ms is 500 per second, but every fifth
            // snapshot comes 190 ms late and sees more of them.
            let late = if step % 5 == 0 { 190 } else { 0 };
            elapsed += Duration::from_millis(200 + late);
            for _ in 0..(100 + late / 2) {
                metrics.purchased(0, Duration::from_millis(1), Duration::from_millis(1));
            }
            sampler.sample(&metrics, elapsed);
        }
        let peak = sampler.peak_purchases_per_sec();
        assert!((495.0..=505.0).contains(&peak), "peak {peak}");
    }

    #[test]
    fn p95_covers_the_last_second_only() {
        let metrics = Metrics::new();
        let mut sampler = Sampler::new(Duration::from_secs(10), 0.0);
        metrics.purchased(0, Duration::from_secs(3), Duration::from_secs(3));
        sampler.sample(&metrics, Duration::from_millis(200));
        for step in 2..=10u32 {
            metrics.purchased(0, Duration::from_millis(10), Duration::from_millis(10));
            let snapshot = sampler.sample(&metrics, SNAPSHOT_INTERVAL * step);
            if step == 10 {
                let p95 = snapshot.p95_purchase_latency.as_secs_f64();
                assert!((0.009..0.011).contains(&p95), "p95 was {p95}");
            }
        }
    }
}
