//! The scenario as loaded, for reports: every key with its default filled
//! in, durations in humantime form, and no secret expanded.
//!
//! Target URLs keep their `${VAR}` text. A header value is kept only when it
//! is a variable reference (`Bearer ${GAME_TOKEN}`); a literal value is the
//! secret itself and is recorded as `<redacted>`.

use humantime::format_duration;
use serde_json::{Map, Value, json};

use crate::benchmark::RunnerParams;
use crate::config::HttpSettings;

use super::Thresholds;
use super::expand::has_variables;
use super::format::ScenarioFile;

/// What a report records in place of a literal header value.
pub const REDACTED: &str = "<redacted>";

/// The loaded scenario as JSON that the scenario schema accepts.
pub(crate) fn as_loaded(
    file: &ScenarioFile,
    params: &RunnerParams,
    http: &HttpSettings,
    thresholds: &Thresholds,
) -> Value {
    let mut doc = Map::new();
    doc.insert("name".into(), json!(file.name.value));
    if let Some(description) = &file.description {
        doc.insert("description".into(), json!(description));
    }
    doc.insert("duration".into(), human(params.duration));
    doc.insert("ramp_up".into(), human(params.ramp_up));
    doc.insert("players".into(), players(params));
    doc.insert("purchases".into(), purchases(params));
    if let Some(target) = &file.target {
        let target = json!({"matchmaker": target.matchmaker.value, "store": target.store.value});
        doc.insert("target".into(), target);
    }
    doc.insert("http".into(), http_json(file, http));
    doc.insert("thresholds".into(), thresholds_json(thresholds));
    if let Some(seed) = params.seed {
        doc.insert("seed".into(), json!(seed));
    }
    Value::Object(doc)
}

fn human(duration: std::time::Duration) -> Value {
    json!(format_duration(duration).to_string())
}

fn players(params: &RunnerParams) -> Value {
    let mut players = json!({
        "survivors": params.survivors,
        "killers": params.killers,
        "match_duration": human(params.match_duration),
        "requeue": params.requeue,
        "regions": params.regions.iter()
            .map(|r| (r.region.clone(), json!(r.weight)))
            .collect::<Map<_, _>>(),
    });
    if let (Some(mmr), Some(map)) = (params.mmr, players.as_object_mut()) {
        map.insert(
            "mmr".into(),
            json!({"mean": mmr.mean, "stddev": mmr.stddev}),
        );
    }
    players
}

fn purchases(params: &RunnerParams) -> Value {
    json!({
        "per_second": params.purchases_per_sec,
        "max_in_flight": params.max_in_flight,
    })
}

fn http_json(file: &ScenarioFile, http: &HttpSettings) -> Value {
    let headers: Map<String, Value> = file
        .http
        .as_ref()
        .and_then(|h| h.headers.as_ref())
        .into_iter()
        .flatten()
        .map(|(name, value)| {
            let text = if has_variables(&value.value) {
                value.value.as_str()
            } else {
                REDACTED
            };
            (name.value.clone(), json!(text))
        })
        .collect();
    json!({
        "timeout": human(http.timeout),
        "connect_timeout": human(http.connect_timeout),
        "wait": human(http.wait),
        "headers": headers,
    })
}

fn thresholds_json(t: &Thresholds) -> Value {
    let durations = [
        ("time_to_match_p95", t.time_to_match_p95),
        ("time_to_match_p99", t.time_to_match_p99),
        ("purchase_latency_p95", t.purchase_latency_p95),
        ("purchase_latency_p99", t.purchase_latency_p99),
    ];
    let numbers = [
        ("error_rate", t.error_rate),
        ("matches_per_sec", t.matches_per_sec),
        ("purchases_per_sec", t.purchases_per_sec),
    ];
    let mut map = Map::new();
    for (key, value) in durations {
        if let Some(d) = value {
            map.insert(key.into(), human(d));
        }
    }
    for (key, value) in numbers {
        if let Some(x) = value {
            map.insert(key.into(), json!(x));
        }
    }
    Value::Object(map)
}
