//! The scenario's rules: from the raw [`ScenarioFile`] to the runner's
//! [`RunnerParams`] and the run's [`Thresholds`], every violation collected.

use std::time::Duration;

/// Slowest purchase rate other than none: one purchase in about 17 minutes.
const MIN_RATE: f64 = 0.001;
/// Fastest purchase rate one process is asked for.
const MAX_RATE: f64 = 1_000_000.0;

use crate::benchmark::{MmrDistribution, RegionWeight, RunnerParams};

use super::Thresholds;
use super::check::{Checker, is_slug};
use super::expect::expected_key;
use super::format::{
    MmrFile, Number, PlayersFile, PurchasesFile, ScenarioFile, Text, ThresholdsFile,
};

/// Largest mean mmr accepted; matchmakers rate players well below it.
const MAX_MMR: f64 = 10_000.0;
/// Largest region weight accepted. Weights are relative, so this costs no
/// expressiveness; it keeps their sum finite for the sampler however many
/// regions a file lists.
pub(crate) const MAX_WEIGHT: f64 = 1_000_000.0;

/// Checks the scenario's name, returning it.
pub(crate) fn name(check: &mut Checker, file: &ScenarioFile) -> String {
    check.text(&file.name, "name", |n| is_slug(n, 64, &['_', '-']))
}

/// Checks the load's rules and builds the runner's parameters.
pub(crate) fn params(check: &mut Checker, file: &ScenarioFile) -> RunnerParams {
    let defaults = RunnerParams::default();
    let duration = check.duration(Some(&file.duration), "duration", true);
    let ramp_up = check.duration(file.ramp_up.as_ref(), "ramp_up", false);
    if let (Some(ramp_up), Some(duration), Some(text)) = (ramp_up, duration, &file.ramp_up)
        && ramp_up >= duration
    {
        let message = format!(
            "expected a duration shorter than duration ({}), found {}",
            file.duration.value.trim(),
            text.value.trim()
        );
        check.reject(&text.referenced, "ramp_up", message);
    }
    let params = RunnerParams {
        duration: duration.unwrap_or(defaults.duration),
        ramp_up: ramp_up.unwrap_or(Duration::ZERO),
        seed: file
            .seed
            .as_ref()
            .map(|s| check.whole(Some(s), "seed", 0, u64::MAX, 0)),
        ..defaults
    };
    let params = players(check, file.players.as_ref(), params);
    purchases(check, file.purchases.as_ref(), params)
}

/// Fills in the player settings.
fn players(check: &mut Checker, file: Option<&PlayersFile>, params: RunnerParams) -> RunnerParams {
    let Some(file) = file else {
        return params;
    };
    let count = |check: &mut Checker, value, path| check.whole(value, path, 0, u32::MAX, 0);
    let match_duration = file.match_duration.as_ref();
    RunnerParams {
        survivors: count(check, file.survivors.as_ref(), "players.survivors"),
        killers: count(check, file.killers.as_ref(), "players.killers"),
        match_duration: check
            .duration(match_duration, "players.match_duration", false)
            .unwrap_or(Duration::ZERO),
        requeue: file.requeue.unwrap_or(params.requeue),
        mmr: file.mmr.as_ref().map(|mmr| mmr_distribution(check, mmr)),
        regions: regions(check, file),
        ..params
    }
}

fn mmr_distribution(check: &mut Checker, mmr: &MmrFile) -> MmrDistribution {
    MmrDistribution {
        mean: check.number(&mmr.mean, "players.mmr.mean", |m| {
            (0.0..=MAX_MMR).contains(&m)
        }),
        stddev: check.number(&mmr.stddev, "players.mmr.stddev", |s| s >= 0.0),
    }
}

/// Region weights in file order, names and weights checked.
fn regions(check: &mut Checker, file: &PlayersFile) -> Vec<RegionWeight> {
    let Some(regions) = &file.regions else {
        return Vec::new();
    };
    let mut entries: Vec<_> = regions.iter().collect();
    entries.sort_by_key(|(name, _)| name.referenced.span().offset());
    entries
        .into_iter()
        .map(|(name, weight)| {
            let path = format!("players.regions.{}", name.value);
            if !is_slug(&name.value, 32, &['-']) {
                let message = format!(
                    "expected {}, found {}",
                    expected_key("players.regions"),
                    check.source.quote(&name.referenced)
                );
                check.reject(&name.referenced, &path, message);
            }
            RegionWeight {
                region: name.value.clone(),
                weight: check.number(weight, &path, |w| w > 0.0 && w <= MAX_WEIGHT),
            }
        })
        .collect()
}

/// Fills in the purchase settings.
fn purchases(
    check: &mut Checker,
    file: Option<&PurchasesFile>,
    params: RunnerParams,
) -> RunnerParams {
    let Some(file) = file else {
        return params;
    };
    let default_in_flight = u32::try_from(params.max_in_flight).unwrap_or(u32::MAX);
    let in_flight = file.max_in_flight.as_ref();
    let in_flight = check.whole(
        in_flight,
        "purchases.max_in_flight",
        1,
        u32::MAX,
        default_in_flight,
    );
    RunnerParams {
        purchases_per_sec: check.number(&file.per_second, "purchases.per_second", |r| {
            r == 0.0 || (MIN_RATE..=MAX_RATE).contains(&r)
        }),
        max_in_flight: usize::try_from(in_flight).unwrap_or(usize::MAX),
        ..params
    }
}

/// Checks the thresholds' bounds.
pub(crate) fn thresholds(check: &mut Checker, file: Option<&ThresholdsFile>) -> Thresholds {
    let Some(file) = file else {
        return Thresholds::default();
    };
    let mut upper = |text: &Option<Text>, key: &str| {
        check.duration(text.as_ref(), &format!("thresholds.{key}"), true)
    };
    let time_to_match_p95 = upper(&file.time_to_match_p95, "time_to_match_p95");
    let time_to_match_p99 = upper(&file.time_to_match_p99, "time_to_match_p99");
    let purchase_latency_p95 = upper(&file.purchase_latency_p95, "purchase_latency_p95");
    let purchase_latency_p99 = upper(&file.purchase_latency_p99, "purchase_latency_p99");

    let mut rate = |number: &Option<Number>, key: &str, rule: fn(f64) -> bool| {
        check.number_opt(number.as_ref(), &format!("thresholds.{key}"), rule)
    };
    Thresholds {
        time_to_match_p95,
        time_to_match_p99,
        purchase_latency_p95,
        purchase_latency_p99,
        error_rate: rate(&file.error_rate, "error_rate", |r| (0.0..=1.0).contains(&r)),
        matches_per_sec: rate(&file.matches_per_sec, "matches_per_sec", |r| r > 0.0),
        purchases_per_sec: rate(&file.purchases_per_sec, "purchases_per_sec", |r| r > 0.0),
    }
}

/// Problems that do not stop a run: no load at all, or a lower bound that
/// a run without that kind of load can never reach.
pub(crate) fn warnings(params: &RunnerParams, thresholds: &Thresholds) -> Vec<String> {
    let players = u64::from(params.survivors) + u64::from(params.killers);
    let purchases = params.purchases_per_sec > 0.0;
    let mut warnings = Vec::new();
    if players == 0 && !purchases {
        warnings.push("no players and no purchases, the run would send no requests".into());
    }
    if players == 0 && thresholds.matches_per_sec.is_some() {
        warnings.push("thresholds.matches_per_sec is set but there are no players".into());
    }
    if !purchases && thresholds.purchases_per_sec.is_some() {
        warnings.push("thresholds.purchases_per_sec is set but there are no purchases".into());
    }
    warnings
}
