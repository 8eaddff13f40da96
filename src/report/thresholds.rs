//! Threshold verdicts: the scenario's bounds held against a run's figures.

use std::time::Duration;

use super::summary::{ResultsSummary, ThresholdVerdict};
use crate::scenario::Thresholds;

/// The verdict on every threshold the scenario sets, in a fixed order: time
/// to match, purchase latency, error rate, then the rates.
///
/// A latency bound with no samples to judge (no player matched, nothing was
/// bought) fails: a run that measured nothing has not shown it is fast.
pub fn evaluate(thresholds: &Thresholds, results: &ResultsSummary) -> Vec<ThresholdVerdict> {
    let ttm_samples = results.matches_formed > 0 || results.p95_time_to_match_ms > 0.0;
    let purchase_samples = results.purchases > 0;
    let seconds = results.duration_ms / 1000.0;
    let per_sec = |count: u64| {
        if seconds > 0.0 {
            count as f64 / seconds
        } else {
            0.0
        }
    };

    let mut verdicts = Vec::new();
    let mut latency = |name: &str, bound: Option<Duration>, actual_ms: f64, sampled: bool| {
        if let Some(bound) = bound {
            verdicts.push(upper_latency(name, bound, actual_ms, sampled));
        }
    };
    latency(
        "time_to_match_p95",
        thresholds.time_to_match_p95,
        results.p95_time_to_match_ms,
        ttm_samples,
    );
    latency(
        "time_to_match_p99",
        thresholds.time_to_match_p99,
        results.p99_time_to_match_ms,
        ttm_samples,
    );
    latency(
        "purchase_latency_p95",
        thresholds.purchase_latency_p95,
        results.p95_purchase_latency_ms,
        purchase_samples,
    );
    latency(
        "purchase_latency_p99",
        thresholds.purchase_latency_p99,
        results.p99_purchase_latency_ms,
        purchase_samples,
    );
    if let Some(bound) = thresholds.error_rate {
        verdicts.push(ThresholdVerdict {
            name: "error_rate".into(),
            bound: format!("<= {bound}"),
            actual: format!("{:.6}", results.error_rate),
            passed: results.error_rate <= bound,
        });
    }
    if let Some(bound) = thresholds.matches_per_sec {
        verdicts.push(lower_rate(
            "matches_per_sec",
            bound,
            per_sec(results.matches_formed),
        ));
    }
    if let Some(bound) = thresholds.purchases_per_sec {
        verdicts.push(lower_rate(
            "purchases_per_sec",
            bound,
            per_sec(results.purchases),
        ));
    }
    verdicts
}

fn upper_latency(name: &str, bound: Duration, actual_ms: f64, sampled: bool) -> ThresholdVerdict {
    let bound_text = format!("< {}", humantime::format_duration(bound));
    if !sampled {
        return ThresholdVerdict {
            name: name.into(),
            bound: bound_text,
            actual: "no samples".into(),
            passed: false,
        };
    }
    ThresholdVerdict {
        name: name.into(),
        bound: bound_text,
        actual: format_ms(actual_ms),
        passed: actual_ms < bound.as_secs_f64() * 1000.0,
    }
}

fn lower_rate(name: &str, bound: f64, actual: f64) -> ThresholdVerdict {
    ThresholdVerdict {
        name: name.into(),
        bound: format!(">= {bound}/s"),
        actual: format!("{actual:.1}/s"),
        passed: actual >= bound,
    }
}

/// A millisecond figure in the unit that reads best: `850ms`, `2.1s`.
pub fn format_ms(ms: f64) -> String {
    if ms >= 1000.0 {
        format!("{:.2}s", ms / 1000.0)
    } else if ms >= 10.0 {
        format!("{ms:.0}ms")
    } else {
        format!("{ms:.2}ms")
    }
}

/// Whether every verdict passed.
pub fn all_passed(verdicts: &[ThresholdVerdict]) -> bool {
    verdicts.iter().all(|verdict| verdict.passed)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::report::summary::ErrorsByKind;

    pub(crate) fn results() -> ResultsSummary {
        ResultsSummary {
            duration_ms: 10_000.0,
            matches_formed: 500,
            peak_matches_per_sec: 60.0,
            avg_time_to_match_ms: 800.0,
            p50_time_to_match_ms: 600.0,
            p95_time_to_match_ms: 2100.0,
            p99_time_to_match_ms: 3900.0,
            max_time_to_match_ms: 5000.0,
            time_to_match_by_role: BTreeMap::new(),
            purchases: 2000,
            purchases_target: 2000,
            purchases_dropped: 0,
            peak_purchases_per_sec: 210.0,
            avg_purchase_latency_ms: 11.0,
            p50_purchase_latency_ms: 9.0,
            p95_purchase_latency_ms: 24.0,
            p99_purchase_latency_ms: 61.0,
            max_purchase_latency_ms: 300.0,
            p50_purchase_service_ms: 8.0,
            p99_purchase_service_ms: 50.0,
            total_requests: 10_000,
            errors: 20,
            error_rate: 0.002,
            errors_by_kind: ErrorsByKind::default(),
        }
    }

    #[test]
    fn upper_bounds_pass_below_and_fail_at_or_above() {
        let thresholds = Thresholds {
            time_to_match_p95: Some(Duration::from_secs(5)),
            purchase_latency_p99: Some(Duration::from_millis(61)),
            error_rate: Some(0.001),
            ..Thresholds::default()
        };
        let verdicts = evaluate(&thresholds, &results());
        let passed: Vec<_> = verdicts
            .iter()
            .map(|v| (v.name.as_str(), v.passed))
            .collect();
        assert_eq!(
            passed,
            [
                ("time_to_match_p95", true),
                ("purchase_latency_p99", false),
                ("error_rate", false)
            ]
        );
        assert_eq!(verdicts[0].bound, "< 5s");
        assert_eq!(verdicts[0].actual, "2.10s");
    }

    #[test]
    fn lower_bounds_judge_the_run_s_average_rate() {
        let thresholds = Thresholds {
            matches_per_sec: Some(50.0),
            purchases_per_sec: Some(190.0),
            ..Thresholds::default()
        };
        let verdicts = evaluate(&thresholds, &results());
        assert!(verdicts[0].passed, "500 matches in 10 s is 50/s");
        assert!(verdicts[1].passed, "2000 purchases in 10 s is 200/s");
        assert_eq!(verdicts[1].actual, "200.0/s");
    }

    #[test]
    fn a_latency_bound_with_nothing_measured_fails() {
        let mut empty = results();
        empty.purchases = 0;
        empty.p95_purchase_latency_ms = 0.0;
        let thresholds = Thresholds {
            purchase_latency_p95: Some(Duration::from_millis(100)),
            ..Thresholds::default()
        };
        let verdicts = evaluate(&thresholds, &empty);
        assert!(!verdicts[0].passed);
        assert_eq!(verdicts[0].actual, "no samples");
    }
}
