//! The metrics `bench compare` judges, and which way is good for each.
//!
//! Every metric is read from a [`SummaryCsvRow`], the one shape that a
//! `summary.json`, a `summary.csv` and a history row all share, so every input
//! compares on the same table. Totals (`matches_formed`, `purchases`,
//! `errors`) grow with the length of a run, so they are shown for context and
//! the verdict comes from rates: two averages derived from the totals and the
//! duration, the peaks, and `error_rate`.

use crate::report::summary::SummaryCsvRow;

/// Which way a metric should move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Latencies, the error rate, drops: a smaller value is better.
    LowerIsBetter,
    /// Rates of matches and purchases: a larger value is better.
    HigherIsBetter,
    /// Shown for context, never judged: duration, targets, the totals, which
    /// grow with the length of a run, and the maxima, which are one request
    /// each and the noisiest figures of a run.
    Context,
}

/// The unit a metric is printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Milliseconds.
    Ms,
    /// A whole count.
    Count,
    /// Events per second.
    PerSec,
    /// A fraction printed as a percentage.
    Ratio,
}

/// Which per-second series of `timeseries.csv` tells how noisy a metric is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoiseSource {
    /// No series measures it: context metrics, and `purchases_dropped`,
    /// which is judged on tolerance alone.
    None,
    /// The mean of `matches_per_sec`: the average rate of matches.
    MatchesMean,
    /// One second of `matches_per_sec`: the peak rate.
    MatchesPeak,
    /// The mean of `purchases_per_sec`: the average rate of purchases.
    PurchasesMean,
    /// One second of `purchases_per_sec`: the peak rate.
    PurchasesPeak,
    /// The `p95_time_to_match_ms` column: time-to-match statistics.
    TimeToMatch,
    /// The `p95_purchase_latency_ms` column: purchase latency and service
    /// time statistics, both measured on the same purchases.
    PurchaseLatency,
    /// Errors per second, from the `errors` counter.
    Errors,
}

/// One row of the comparison table.
#[derive(Debug)]
pub struct Metric {
    /// The key, as in `summary.json` (or a derived `avg_*_per_sec`).
    pub key: &'static str,
    /// The unit it prints in.
    pub unit: Unit,
    /// Which way is good.
    pub direction: Direction,
    /// Where its noise is estimated from.
    pub noise: NoiseSource,
    /// Reads the value from a summary row.
    pub value: fn(&SummaryCsvRow) -> f64,
}

use Direction::{Context, HigherIsBetter as Up, LowerIsBetter as Down};
use NoiseSource as N;

macro_rules! metric {
    ($key:ident, $unit:ident, $dir:expr, $noise:expr) => {
        Metric {
            key: stringify!($key),
            unit: Unit::$unit,
            direction: $dir,
            noise: $noise,
            value: |row| row.$key as f64,
        }
    };
}

/// Every metric, in the order of the table.
pub static METRICS: &[Metric] = &[
    metric!(duration_ms, Ms, Context, N::None),
    metric!(matches_formed, Count, Context, N::None),
    Metric {
        key: "avg_matches_per_sec",
        unit: Unit::PerSec,
        direction: Up,
        noise: N::MatchesMean,
        value: |row| per_sec(row.matches_formed, row.duration_ms),
    },
    metric!(peak_matches_per_sec, PerSec, Up, N::MatchesPeak),
    metric!(avg_time_to_match_ms, Ms, Down, N::TimeToMatch),
    metric!(p50_time_to_match_ms, Ms, Down, N::TimeToMatch),
    metric!(p95_time_to_match_ms, Ms, Down, N::TimeToMatch),
    metric!(p99_time_to_match_ms, Ms, Down, N::TimeToMatch),
    metric!(max_time_to_match_ms, Ms, Context, N::None),
    metric!(purchases, Count, Context, N::None),
    metric!(purchases_target, Count, Context, N::None),
    metric!(purchases_dropped, Count, Down, N::None),
    Metric {
        key: "avg_purchases_per_sec",
        unit: Unit::PerSec,
        direction: Up,
        noise: N::PurchasesMean,
        value: |row| per_sec(row.purchases, row.duration_ms),
    },
    metric!(peak_purchases_per_sec, PerSec, Up, N::PurchasesPeak),
    metric!(avg_purchase_latency_ms, Ms, Down, N::PurchaseLatency),
    metric!(p50_purchase_latency_ms, Ms, Down, N::PurchaseLatency),
    metric!(p95_purchase_latency_ms, Ms, Down, N::PurchaseLatency),
    metric!(p99_purchase_latency_ms, Ms, Down, N::PurchaseLatency),
    metric!(max_purchase_latency_ms, Ms, Context, N::None),
    metric!(p50_purchase_service_ms, Ms, Down, N::PurchaseLatency),
    metric!(p99_purchase_service_ms, Ms, Down, N::PurchaseLatency),
    metric!(total_requests, Count, Context, N::None),
    metric!(errors, Count, Context, N::None),
    metric!(error_rate, Ratio, Down, N::Errors),
];

/// `count` over `duration_ms`, per second; 0 for a run of no length.
fn per_sec(count: u64, duration_ms: f64) -> f64 {
    if duration_ms > 0.0 {
        count as f64 * 1000.0 / duration_ms
    } else {
        0.0
    }
}

impl Unit {
    /// The value in this unit, for a table cell.
    pub fn format(self, value: f64) -> String {
        match self {
            Unit::Ms => format!("{value:.1} ms"),
            Unit::Count => format!("{value:.0}"),
            Unit::PerSec => format!("{value:.1}/s"),
            Unit::Ratio => format!("{:.4}%", value * 100.0),
        }
    }
}

/// The metric with this key, if any.
pub fn find(key: &str) -> Option<&'static Metric> {
    METRICS.iter().find(|m| m.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_unique() {
        for (i, m) in METRICS.iter().enumerate() {
            assert!(METRICS[..i].iter().all(|o| o.key != m.key), "{}", m.key);
        }
    }

    #[test]
    fn every_judged_metric_but_purchases_dropped_has_a_noise_estimate() {
        let unmeasured: Vec<&str> = METRICS
            .iter()
            .filter(|m| m.direction != Context && m.noise == N::None)
            .map(|m| m.key)
            .collect();
        assert_eq!(unmeasured, ["purchases_dropped"]);
    }

    #[test]
    fn maxima_are_context_only() {
        for key in ["max_time_to_match_ms", "max_purchase_latency_ms"] {
            assert_eq!(find(key).map(|m| m.direction), Some(Context), "{key}");
        }
    }

    #[test]
    fn totals_are_context_only_as_they_grow_with_the_length_of_a_run() {
        for key in ["matches_formed", "purchases", "errors"] {
            let metric = find(key).expect("a metric");
            assert_eq!(
                (metric.direction, metric.noise),
                (Context, N::None),
                "{key}"
            );
        }
    }

    #[test]
    fn averages_of_a_run_of_no_length_are_zero() {
        assert_eq!(per_sec(10, 0.0), 0.0);
        assert_eq!(per_sec(10, 2000.0), 5.0);
    }

    #[test]
    fn ratios_print_as_percentages() {
        assert_eq!(Unit::Ratio.format(0.0125), "1.2500%");
        assert_eq!(Unit::Ms.format(812.44), "812.4 ms");
    }
}
