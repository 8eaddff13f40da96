//! The comparison itself: one [`Row`] per metric, each judged against the
//! tolerance and, where both runs have a time series, against their noise.

use super::load::RunData;
use super::metrics::{Direction, METRICS, Metric};
use super::noise::{RunNoise, beyond_noise};
use super::tolerance::Tolerance;

/// How a metric moved, knowing which way is good.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Moved the good way by more than the tolerance.
    Better,
    /// Moved the bad way by more than the tolerance.
    Worse,
    /// Moved by no more than the tolerance.
    WithinTolerance,
    /// A context metric, not judged.
    Context,
}

/// Whether a change is larger than the runs' own noise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Noise {
    /// Larger than the noise: a real change.
    Beyond,
    /// Inside the noise: could be chance.
    Inside,
    /// No estimate for this metric (no time series, or no series measures it).
    Unknown,
}

/// One metric of the comparison.
#[derive(Debug, Clone)]
pub struct Row {
    /// The metric.
    pub metric: &'static Metric,
    /// Its value in the base run.
    pub base: f64,
    /// Its value in the candidate run.
    pub candidate: f64,
    /// `(candidate - base) / base`; `None` when the base is 0 and the candidate is not.
    pub change: Option<f64>,
    /// Better, worse or within tolerance.
    pub verdict: Verdict,
    /// Whether the change is beyond the noise.
    pub noise: Noise,
}

impl Row {
    /// A regression: worse beyond tolerance, and not inside the noise.
    pub fn is_regression(&self) -> bool {
        self.verdict == Verdict::Worse && self.noise != Noise::Inside
    }
}

/// The comparison of two runs.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// Name of the base run.
    pub base: String,
    /// Name of the candidate run.
    pub candidate: String,
    /// The `--max-regression` tolerance.
    pub tolerance: Tolerance,
    /// Whether both runs had a time series, so noise was estimated.
    pub noise_estimated: bool,
    /// One row per metric.
    pub rows: Vec<Row>,
    /// Remarks worth reading next to the table, such as a missing time series.
    pub notes: Vec<String>,
}

impl Comparison {
    /// Compares `candidate` with `base`.
    pub fn new(base: &RunData, candidate: &RunData, tolerance: Tolerance) -> Self {
        let noise = match (&base.timeseries, &candidate.timeseries) {
            (Some(b), Some(c)) => Some((RunNoise::estimate(b), RunNoise::estimate(c))),
            _ => None,
        };
        let noise = noise.filter(|(b, c)| !b.is_empty() && !c.is_empty());
        let rows = METRICS
            .iter()
            .map(|m| judge(m, base, candidate, tolerance, noise.as_ref()));
        Self {
            base: base.name.clone(),
            candidate: candidate.name.clone(),
            tolerance,
            noise_estimated: noise.is_some(),
            rows: rows.collect(),
            notes: notes(base, candidate, noise.is_some()),
        }
    }

    /// The rows that are regressions.
    pub fn regressions(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.is_regression())
    }

    /// Whether any metric regressed.
    pub fn has_regression(&self) -> bool {
        self.regressions().next().is_some()
    }

    /// One sentence on the outcome, for the end of every format.
    pub fn conclusion(&self) -> String {
        let worse: Vec<&str> = self.regressions().map(|r| r.metric.key).collect();
        match worse.len() {
            0 => format!("no regression beyond the {} tolerance", self.tolerance),
            1 => format!(
                "1 regression beyond the {} tolerance: {}",
                self.tolerance, worse[0]
            ),
            n => format!(
                "{n} regressions beyond the {} tolerance: {}",
                self.tolerance,
                worse.join(", ")
            ),
        }
    }
}

fn judge(
    metric: &'static Metric,
    base: &RunData,
    candidate: &RunData,
    tolerance: Tolerance,
    noise: Option<&(RunNoise, RunNoise)>,
) -> Row {
    let (b, c) = ((metric.value)(&base.row), (metric.value)(&candidate.row));
    let change = relative_change(b, c);
    let verdict = verdict(metric.direction, b, c, change, tolerance);
    let beyond = noise
        .and_then(|(nb, nc)| beyond_noise(c - b, nb.of(metric.noise, b), nc.of(metric.noise, c)));
    let noise = match beyond {
        Some(true) => Noise::Beyond,
        Some(false) => Noise::Inside,
        None => Noise::Unknown,
    };
    Row {
        metric,
        base: b,
        candidate: c,
        change,
        verdict,
        noise,
    }
}

fn relative_change(base: f64, candidate: f64) -> Option<f64> {
    if base != 0.0 {
        Some((candidate - base) / base.abs())
    } else if candidate == 0.0 {
        Some(0.0)
    } else {
        None
    }
}

fn verdict(
    dir: Direction,
    base: f64,
    candidate: f64,
    change: Option<f64>,
    tol: Tolerance,
) -> Verdict {
    if dir == Direction::Context {
        return Verdict::Context;
    }
    // From zero, any move is larger than a relative tolerance.
    if change.is_some_and(|c| c.abs() <= tol.fraction()) {
        return Verdict::WithinTolerance;
    }
    let went_up = candidate > base;
    if went_up == (dir == Direction::HigherIsBetter) {
        Verdict::Better
    } else {
        Verdict::Worse
    }
}

fn notes(base: &RunData, candidate: &RunData, noise: bool) -> Vec<String> {
    let mut notes = Vec::new();
    if !noise {
        notes.push(
            "noise not estimated, as it needs a timeseries.csv of 5 seconds or more \
             from both runs: changes are judged on tolerance only"
                .to_owned(),
        );
    }
    if base.row.scenario != candidate.row.scenario {
        notes.push(format!(
            "the runs played different scenarios ({:?} and {:?})",
            base.row.scenario, candidate.row.scenario
        ));
    }
    let (base_ms, candidate_ms) = (base.row.duration_ms, candidate.row.duration_ms);
    if (base_ms - candidate_ms).abs() > 0.01 * base_ms.max(candidate_ms) {
        notes.push(format!(
            "the runs lasted different times ({:.1} s and {:.1} s): totals such as \
             matches_formed are not judged; rates and latencies still compare",
            base_ms / 1000.0,
            candidate_ms / 1000.0
        ));
    }
    for run in [base, candidate].into_iter().filter(|r| r.row.interrupted) {
        notes.push(format!(
            "{} was interrupted: its figures cover part of the run",
            run.name
        ));
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEN: Tolerance = Tolerance::DEFAULT;

    #[test]
    fn latency_up_beyond_tolerance_is_worse() {
        let v = verdict(
            Direction::LowerIsBetter,
            100.0,
            120.0,
            relative_change(100.0, 120.0),
            TEN,
        );
        assert_eq!(v, Verdict::Worse);
    }

    #[test]
    fn rate_up_beyond_tolerance_is_better() {
        let v = verdict(
            Direction::HigherIsBetter,
            100.0,
            120.0,
            relative_change(100.0, 120.0),
            TEN,
        );
        assert_eq!(v, Verdict::Better);
    }

    #[test]
    fn a_change_of_exactly_the_tolerance_is_within_it() {
        let v = verdict(Direction::LowerIsBetter, 100.0, 110.0, Some(0.1), TEN);
        assert_eq!(v, Verdict::WithinTolerance);
    }

    #[test]
    fn errors_appearing_from_zero_are_worse() {
        assert_eq!(relative_change(0.0, 3.0), None);
        assert_eq!(
            verdict(Direction::LowerIsBetter, 0.0, 3.0, None, TEN),
            Verdict::Worse
        );
        assert_eq!(relative_change(0.0, 0.0), Some(0.0));
    }
}
