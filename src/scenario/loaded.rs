//! The scenario as loaded, for reports: every key with its default filled
//! in, durations in humantime form, and no secret expanded.
//!
//! Target URLs keep their `${VAR}` text, without the credentials and query
//! values of a URL written out, in a default too. A header value is kept only
//! when it refers to a variable (`Bearer ${GAME_TOKEN}`), with any default
//! recorded as `<redacted>`; a literal value is the secret itself and is
//! recorded as `<redacted>`.

use humantime::format_duration;
use serde_json::{Map, Value, json};
use url::Url;

use crate::benchmark::RunnerParams;
use crate::config::{HttpSettings, redact_url};

use super::Thresholds;
use super::expand::{has_variables, map_defaults};
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
        let target = json!({
            "matchmaker": written_url(&target.matchmaker.value),
            "store": written_url(&target.store.value),
        });
        doc.insert("target".into(), target);
    }
    doc.insert("http".into(), http_json(file, http));
    doc.insert("thresholds".into(), thresholds_json(thresholds));
    if let Some(seed) = params.seed {
        doc.insert("seed".into(), json!(seed));
    }
    Value::Object(doc)
}

/// A target URL as written, with its secrets redacted.
///
/// A URL written out, or a `${VAR:-default}` default that is a whole http
/// or https URL, loses its credentials and query values; any other default,
/// part of a URL, may be a secret itself and is recorded as `<redacted>`.
pub fn written_url(text: &str) -> String {
    if has_variables(text) {
        let default = |default: &str| match Url::parse(default) {
            Ok(url) if matches!(url.scheme(), "http" | "https") => redacted_url_text(default, &url),
            _ => REDACTED.to_owned(),
        };
        return map_defaults(text, &default).unwrap_or_else(|| REDACTED.to_owned());
    }
    match Url::parse(text) {
        Ok(url) => redacted_url_text(text, &url),
        Err(_) => text.to_owned(),
    }
}

/// `written`, the text of `url`, as it was when there is nothing to redact.
fn redacted_url_text(written: &str, url: &Url) -> String {
    let shown = redact_url(url);
    if shown == url.as_str() {
        written.to_owned()
    } else {
        shown
    }
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
                map_defaults(&value.value, &|_| REDACTED.to_owned())
            } else {
                None
            };
            (
                name.value.clone(),
                json!(text.as_deref().unwrap_or(REDACTED)),
            )
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_url_loses_its_credentials_and_query_values() {
        assert_eq!(
            written_url("http://bench:hunter2@127.0.0.1:7001/?key=abc"),
            "http://127.0.0.1:7001/?key=<redacted>"
        );
        assert_eq!(
            written_url("http://127.0.0.1:7001"),
            "http://127.0.0.1:7001"
        );
    }

    #[test]
    fn a_default_url_loses_its_secrets_and_a_partial_default_is_redacted() {
        assert_eq!(
            written_url("${MM:-http://bench:hunter2@127.0.0.1:9/}"),
            "${MM:-http://127.0.0.1:9/}"
        );
        assert_eq!(
            written_url("${MM:-http://127.0.0.1:7001}"),
            "${MM:-http://127.0.0.1:7001}"
        );
        assert_eq!(
            written_url("http://${CREDS:-bench:hunter2}@127.0.0.1/"),
            "http://${CREDS:-<redacted>}@127.0.0.1/"
        );
        assert_eq!(written_url("${MM}"), "${MM}");
    }
}
