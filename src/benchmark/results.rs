//! The figures of a finished run.

use std::collections::BTreeMap;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hdrhistogram::Histogram;
use hdrhistogram::serialization::{Serializer, V2DeflateSerializer};

use super::histogram::micros_to_ms;
use super::metrics::Metrics;
use super::snapshot::{Sampler, round3};
use crate::api::Role;
use crate::report::summary::{Histograms, ResultsSummary, RoleTimeToMatch, TimeseriesRow};

/// What a run measured: the figures of `summary.json`, the full histograms
/// and the time series.
#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    /// The figures, as `summary.json` lists them under `results`.
    pub summary: ResultsSummary,
    /// Time to match and purchase latency, serialized.
    pub histograms: Histograms,
    /// One row per snapshot.
    pub timeseries: Vec<TimeseriesRow>,
    /// Whether the run was cancelled before its duration was over.
    pub interrupted: bool,
}

/// The parts of a run the results are built from.
pub(super) struct Finished<'a> {
    pub metrics: &'a Metrics,
    pub sampler: &'a Sampler,
    pub timeseries: Vec<TimeseriesRow>,
    /// How long the load lasted, until it stopped or was cancelled.
    pub load_duration: Duration,
    pub purchases_per_sec: f64,
    pub interrupted: bool,
}

impl Results {
    pub(super) fn build(run: Finished<'_>) -> Self {
        let metrics = run.metrics;
        let counters = metrics.counters();
        let time_to_match = metrics.time_to_match_all();
        let latency = metrics.purchase_latency();
        let service = metrics.purchase_service();
        let errors = counters.total_errors();
        let by_role = [Role::Survivor, Role::Killer]
            .into_iter()
            .map(|role| {
                (
                    role.as_str().to_owned(),
                    role_figures(&metrics.time_to_match(role)),
                )
            })
            .collect::<BTreeMap<_, _>>();
        let summary = ResultsSummary {
            duration_ms: round3(run.load_duration.as_secs_f64() * 1000.0),
            matches_formed: counters.matches_formed,
            peak_matches_per_sec: round3(run.sampler.peak_matches_per_sec()),
            avg_time_to_match_ms: mean_ms(&time_to_match),
            p50_time_to_match_ms: quantile_ms(&time_to_match, 0.50),
            p95_time_to_match_ms: quantile_ms(&time_to_match, 0.95),
            p99_time_to_match_ms: quantile_ms(&time_to_match, 0.99),
            max_time_to_match_ms: max_ms(&time_to_match),
            time_to_match_by_role: by_role,
            purchases: counters.purchases,
            purchases_target: super::purchaser::scheduled(run.purchases_per_sec, run.load_duration),
            purchases_dropped: counters.purchases_dropped,
            peak_purchases_per_sec: round3(run.sampler.peak_purchases_per_sec()),
            avg_purchase_latency_ms: mean_ms(&latency),
            p50_purchase_latency_ms: quantile_ms(&latency, 0.50),
            p95_purchase_latency_ms: quantile_ms(&latency, 0.95),
            p99_purchase_latency_ms: quantile_ms(&latency, 0.99),
            max_purchase_latency_ms: max_ms(&latency),
            p50_purchase_service_ms: quantile_ms(&service, 0.50),
            p99_purchase_service_ms: quantile_ms(&service, 0.99),
            total_requests: counters.requests,
            errors,
            error_rate: if counters.requests == 0 {
                0.0
            } else {
                errors as f64 / counters.requests as f64
            },
            errors_by_kind: counters.errors,
        };
        let histograms = Histograms {
            time_to_match: encode(&time_to_match),
            purchase_latency: encode(&latency),
        };
        Self {
            summary,
            histograms,
            timeseries: run.timeseries,
            interrupted: run.interrupted,
        }
    }
}

fn role_figures(histogram: &Histogram<u64>) -> RoleTimeToMatch {
    RoleTimeToMatch {
        avg_ms: mean_ms(histogram),
        p95_ms: quantile_ms(histogram, 0.95),
        p99_ms: quantile_ms(histogram, 0.99),
    }
}

fn mean_ms(histogram: &Histogram<u64>) -> f64 {
    if histogram.is_empty() {
        0.0
    } else {
        round3(histogram.mean() / 1000.0)
    }
}

fn quantile_ms(histogram: &Histogram<u64>, quantile: f64) -> f64 {
    if histogram.is_empty() {
        0.0
    } else {
        micros_to_ms(histogram.value_at_quantile(quantile))
    }
}

fn max_ms(histogram: &Histogram<u64>) -> f64 {
    if histogram.is_empty() {
        0.0
    } else {
        micros_to_ms(histogram.max())
    }
}

/// HDR V2 with deflate, then base64: the form `summary.json` carries.
pub fn encode(histogram: &Histogram<u64>) -> String {
    let mut bytes = Vec::new();
    // Writing into a Vec cannot fail for lack of room; an empty string stands in if it ever does.
    match V2DeflateSerializer::new().serialize(histogram, &mut bytes) {
        Ok(_) => STANDARD.encode(bytes),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use hdrhistogram::serialization::Deserializer;

    use super::*;

    #[test]
    fn encoded_histograms_decode_to_the_same_counts() {
        let mut histogram = super::super::histogram::empty();
        for micros in [5, 500, 50_000] {
            histogram.record(micros).unwrap();
        }
        let bytes = STANDARD.decode(encode(&histogram)).unwrap();
        let decoded: Histogram<u64> = Deserializer::new().deserialize(&mut &bytes[..]).unwrap();
        assert_eq!(decoded.len(), 3);
        assert_eq!(decoded.max(), histogram.max());
    }
}
