//! Loading valid scenarios: the runner's parameters, the clients'
//! configuration, the thresholds, defaults, `${VAR}` expansion and the
//! secret-free record of what was loaded.

use std::path::Path;
use std::time::Duration;

use matchbench::benchmark::{MmrDistribution, RegionWeight, RunnerParams};
use matchbench::config::Target;
use matchbench::scenario::{REDACTED, Scenario, Thresholds, load, load_str, load_with};

const FULL: &str = "tests/fixtures/scenarios/full.yaml";

fn env(name: &str) -> Option<String> {
    match name {
        "MM_HOST" => Some("mm.example".into()),
        "GAME_TOKEN" => Some("s3cr3t".into()),
        _ => None,
    }
}

fn full() -> Scenario {
    load_with(Path::new(FULL), &env).expect("the full fixture is valid")
}

#[test]
fn every_key_reaches_the_runner_parameters() {
    let expected = RunnerParams {
        survivors: 8000,
        killers: 2000,
        duration: Duration::from_secs(600),
        ramp_up: Duration::from_secs(120),
        match_duration: Duration::from_secs(30),
        requeue: false,
        mmr: Some(MmrDistribution {
            mean: 1500.0,
            stddev: 300.0,
        }),
        regions: vec![
            RegionWeight {
                region: "eu".into(),
                weight: 3.0,
            },
            RegionWeight {
                region: "na".into(),
                weight: 2.0,
            },
        ],
        seed: Some(42),
        purchases_per_sec: 200.0,
        max_in_flight: 2048,
    };
    assert_eq!(full().params, expected);
}

#[test]
fn every_threshold_is_read() {
    let expected = Thresholds {
        time_to_match_p95: Some(Duration::from_secs(20)),
        time_to_match_p99: Some(Duration::from_secs(45)),
        purchase_latency_p95: Some(Duration::from_millis(150)),
        purchase_latency_p99: Some(Duration::from_millis(400)),
        error_rate: Some(0.01),
        matches_per_sec: Some(50.0),
        purchases_per_sec: Some(190.0),
    };
    assert_eq!(full().thresholds, expected);
}

#[test]
fn target_urls_expand_variables_and_defaults() {
    let Target::Remote { matchmaker, store } = full().config.target else {
        panic!("a target was given");
    };
    assert_eq!(matchmaker.as_str(), "http://mm.example:7001/");
    assert_eq!(store.as_str(), "https://store.example/");
}

#[test]
fn header_values_expand_and_are_marked_sensitive() {
    let scenario = full();
    let headers = &scenario.config.http.headers;
    let auth = headers.get("authorization").expect("the header is set");
    assert_eq!(auth.to_str().ok(), Some("Bearer s3cr3t"));
    assert!(auth.is_sensitive());
    assert_eq!(scenario.config.http.timeout, Duration::from_secs(5));
    assert_eq!(scenario.config.http.connect_timeout, Duration::from_secs(1));
    assert_eq!(scenario.config.http.wait, Duration::from_secs(15));
}

#[test]
fn the_loaded_record_never_holds_an_expanded_secret() {
    let scenario = full();
    let text = scenario.as_loaded.to_string();
    assert!(!text.contains("s3cr3t"), "{text}");
    assert!(!text.contains("mm.example"), "{text}");
    assert!(!text.contains("literal-secret"), "{text}");
    let headers = &scenario.as_loaded["http"]["headers"];
    assert_eq!(headers["Authorization"], "Bearer ${GAME_TOKEN}");
    assert_eq!(headers["X-Studio"], REDACTED);
    assert_eq!(
        scenario.as_loaded["target"]["matchmaker"],
        "http://${MM_HOST}:7001"
    );
}

#[test]
fn a_minimal_scenario_gets_every_default() {
    let scenario = load(Path::new("tests/fixtures/scenarios/minimal.yaml")).expect("valid");
    let expected = RunnerParams {
        duration: Duration::from_secs(60),
        ..RunnerParams::default()
    };
    assert_eq!(scenario.params, expected);
    assert_eq!(scenario.config.target, Target::Embedded);
    assert_eq!(scenario.config.http.timeout, Duration::from_secs(10));
    assert_eq!(scenario.config.http.connect_timeout, Duration::from_secs(2));
    assert_eq!(scenario.config.http.wait, Duration::from_secs(20));
    assert_eq!(scenario.thresholds, Thresholds::default());
    assert_eq!(scenario.description, None);
}

#[test]
fn the_loaded_record_fills_in_defaults() {
    let scenario = load(Path::new("tests/fixtures/scenarios/minimal.yaml")).expect("valid");
    let doc = &scenario.as_loaded;
    assert_eq!(doc["ramp_up"], "0s");
    assert_eq!(doc["players"]["requeue"], true);
    assert_eq!(doc["players"]["match_duration"], "0s");
    assert_eq!(doc["purchases"]["max_in_flight"], 4096);
    assert_eq!(doc["http"]["wait"], "20s");
    assert!(doc.get("target").is_none());
}

#[test]
fn a_scenario_with_no_players_and_no_purchases_is_valid_but_warned_about() {
    let scenario = load(Path::new("tests/fixtures/scenarios/minimal.yaml")).expect("valid");
    assert_eq!(
        scenario.warnings,
        ["no players and no purchases, the run would send no requests"]
    );
}

#[test]
fn a_lower_bound_the_load_cannot_reach_is_warned_about() {
    let yaml = "name: t\nduration: 5m\nplayers: {survivors: 1}\n\
                thresholds: {purchases_per_sec: 5}\n";
    let scenario = load_str(Path::new("s.yaml"), yaml, &|_| None).expect("valid");
    assert_eq!(
        scenario.warnings,
        ["thresholds.purchases_per_sec is set but there are no purchases"]
    );
}

#[test]
fn a_scenario_with_load_has_no_warnings() {
    assert!(full().warnings.is_empty());
}

#[test]
fn an_unset_header_variable_is_an_error_naming_it() {
    let only_host = |name: &str| (name == "MM_HOST").then(|| "h".to_string());
    let err = load_with(Path::new(FULL), &only_host).expect_err("GAME_TOKEN is unset");
    assert_eq!(
        err.to_string(),
        "error: tests/fixtures/scenarios/full.yaml:24:20: http.headers.Authorization: \
         environment variable GAME_TOKEN is not set and has no default \
         (write ${GAME_TOKEN:-default} to give one)"
    );
}
