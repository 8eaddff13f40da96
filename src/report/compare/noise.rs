//! How much a run's figures move on their own: the noise `bench compare`
//! measures a change against.
//!
//! `timeseries.csv` has a row every 200 ms whose rates cover the last second.
//! One row per second is kept (so no second is counted twice), from the
//! steady phase when it has enough seconds. The spread of those per-second
//! values is the run's noise: the standard error of their mean for averages,
//! their standard deviation for peaks and percentiles. A change is beyond
//! noise when it is larger than [`NOISE_SIGMAS`] times the combined noise of
//! both runs.

use super::metrics::NoiseSource;
use crate::report::summary::TimeseriesRow;

/// How many combined standard deviations a change must exceed to be real.
pub const NOISE_SIGMAS: f64 = 2.0;

/// Fewest per-second values a spread is estimated from.
pub const MIN_SECONDS: usize = 5;

/// Mean and standard deviation of one run's per-second values of one series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// Mean of the values.
    pub mean: f64,
    /// Sample standard deviation of the values.
    pub stddev: f64,
    /// How many values.
    pub seconds: usize,
}

impl Spread {
    /// The spread of `values`, if there are enough of them.
    pub fn of(values: &[f64]) -> Option<Self> {
        let n = values.len();
        if n < MIN_SECONDS {
            return None;
        }
        let mean = values.iter().sum::<f64>() / n as f64;
        let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        Some(Self {
            mean,
            stddev: var.sqrt(),
            seconds: n,
        })
    }

    /// Standard error of the mean.
    pub fn sem(&self) -> f64 {
        self.stddev / (self.seconds as f64).sqrt()
    }

    /// The error as a fraction of the mean; 0 when the mean is 0.
    fn relative(&self, error: f64) -> f64 {
        if self.mean > 0.0 {
            error / self.mean
        } else {
            0.0
        }
    }
}

/// The spreads of one run's per-second series.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunNoise {
    matches: Option<Spread>,
    purchases: Option<Spread>,
    time_to_match: Option<Spread>,
    purchase_latency: Option<Spread>,
    errors: Option<Spread>,
}

impl RunNoise {
    /// Estimates the noise of a run from its time series.
    pub fn estimate(rows: &[TimeseriesRow]) -> Self {
        let seconds = per_second_rows(rows);
        let column =
            |f: fn(&TimeseriesRow) -> f64| -> Vec<f64> { seconds.iter().map(|r| f(r)).collect() };
        let positive = |v: Vec<f64>| -> Vec<f64> { v.into_iter().filter(|x| *x > 0.0).collect() };
        Self {
            matches: Spread::of(&column(|r| r.matches_per_sec)),
            purchases: Spread::of(&column(|r| r.purchases_per_sec)),
            time_to_match: Spread::of(&positive(column(|r| r.p95_time_to_match_ms))),
            purchase_latency: Spread::of(&positive(column(|r| r.p95_purchase_latency_ms))),
            errors: Spread::of(&errors_per_second(&seconds)),
        }
    }

    /// Whether no series had enough seconds for an estimate.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The noise of a metric of this run, in the metric's unit, if known.
    pub fn of(&self, source: NoiseSource, value: f64) -> Option<f64> {
        let scaled = |s: Option<Spread>, err: fn(&Spread) -> f64| {
            s.map(|s| s.relative(err(&s)) * value.abs())
        };
        match source {
            NoiseSource::None => None,
            NoiseSource::MatchesMean => scaled(self.matches, Spread::sem),
            NoiseSource::PurchasesMean => scaled(self.purchases, Spread::sem),
            NoiseSource::Errors => scaled(self.errors, Spread::sem),
            NoiseSource::MatchesPeak => self.matches.map(|s| s.stddev),
            NoiseSource::PurchasesPeak => self.purchases.map(|s| s.stddev),
            NoiseSource::TimeToMatch => scaled(self.time_to_match, |s| s.stddev),
            NoiseSource::PurchaseLatency => scaled(self.purchase_latency, |s| s.stddev),
        }
    }
}

/// Whether `change` lies beyond the combined noise of two runs; `None` when
/// either run has no estimate.
pub fn beyond_noise(change: f64, base: Option<f64>, candidate: Option<f64>) -> Option<bool> {
    let combined = base?.hypot(candidate?);
    Some(change.abs() > NOISE_SIGMAS * combined)
}

/// One row per second of the steady phase (or of the whole run, when the
/// steady phase is shorter than [`MIN_SECONDS`]).
fn per_second_rows(rows: &[TimeseriesRow]) -> Vec<&TimeseriesRow> {
    let steady = thin(rows.iter().filter(|r| r.phase == "steady"));
    if steady.len() >= MIN_SECONDS {
        steady
    } else {
        thin(rows.iter())
    }
}

fn thin<'a>(rows: impl Iterator<Item = &'a TimeseriesRow>) -> Vec<&'a TimeseriesRow> {
    let mut kept: Vec<&TimeseriesRow> = Vec::new();
    for row in rows {
        if kept
            .last()
            .is_none_or(|last| row.elapsed_ms >= last.elapsed_ms.saturating_add(1000))
        {
            kept.push(row);
        }
    }
    kept
}

/// Errors per second between consecutive kept rows of the cumulative counter.
fn errors_per_second(seconds: &[&TimeseriesRow]) -> Vec<f64> {
    seconds
        .windows(2)
        .map(|w| {
            let secs = w[1].elapsed_ms.saturating_sub(w[0].elapsed_ms).max(1) as f64 / 1000.0;
            w[1].errors.saturating_sub(w[0].errors) as f64 / secs
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_few_seconds_give_no_spread() {
        assert_eq!(Spread::of(&[1.0, 2.0, 3.0]), None);
    }

    #[test]
    fn spread_is_the_sample_standard_deviation() {
        let s = Spread::of(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]).expect("eight values");
        assert_eq!(s.mean, 5.0);
        assert!((s.stddev - 2.138).abs() < 1e-3);
    }

    #[test]
    fn a_change_twice_the_combined_noise_is_beyond_it() {
        assert_eq!(beyond_noise(10.0, Some(3.0), Some(4.0)), Some(false));
        assert_eq!(beyond_noise(10.1, Some(3.0), Some(4.0)), Some(true));
        assert_eq!(beyond_noise(-6.1, Some(3.0), Some(0.0)), Some(true));
        assert_eq!(beyond_noise(10.0, None, Some(4.0)), None);
    }
}
