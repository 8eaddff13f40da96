//! `bench run` through the binary: the reports it writes, its exit codes,
//! the report folder and history file rules, and the settings CI passes in
//! the environment.

mod support;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;
use support::cli::*;
use support::hostile::{self};

#[test]
fn the_smoke_scenario_exits_zero_and_writes_every_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("smoke");
    bench()
        .args([
            "run",
            "scenarios/smoke.yaml",
            "--no-dashboard",
            "--label",
            "ci",
        ])
        .arg("--out")
        .arg(&out)
        .assert()
        .code(0)
        .stdout(contains("Matchmaking").and(contains("Thresholds")));

    let summary = read_summary(&out);
    assert_eq!(summary.schema_version, 1);
    assert_eq!(summary.label.as_deref(), Some("ci"));
    assert_eq!(summary.target.matchmaker, "embedded");
    assert!(!summary.interrupted);
    assert!(summary.results.matches_formed > 0, "{:?}", summary.results);
    assert!(summary.results.purchases > 0);
    assert_eq!(summary.results.errors, 0);
    assert!(summary.thresholds.iter().all(|t| t.passed));
    assert!(!summary.histograms.time_to_match.is_empty());

    let csv = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert_eq!(csv.lines().count(), 2);
    assert!(csv.starts_with("label,scenario,started_at,interrupted,duration_ms,"));
    let timeseries = std::fs::read_to_string(out.join("timeseries.csv")).unwrap();
    assert!(timeseries.starts_with("elapsed_ms,phase,players_active,"));
    assert!(timeseries.lines().count() > 15, "a row every 200 ms");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("<svg"));
}

#[test]
fn summary_json_has_every_documented_field() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    let file = scenario(
        dir.path(),
        "name: tiny\nduration: 1s\nplayers: {survivors: 4, killers: 1}\n",
    );
    let output = bench()
        .args(["run", "--no-dashboard", "--format", "json", "--out"])
        .arg(&out)
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    for key in [
        "schema_version",
        "tool",
        "label",
        "scenario",
        "target",
        "started_at",
        "finished_at",
        "interrupted",
        "results",
        "thresholds",
        "histograms",
    ] {
        assert!(json.get(key).is_some(), "summary.json lacks {key}");
    }
    for key in [
        "duration_ms",
        "matches_formed",
        "peak_matches_per_sec",
        "avg_time_to_match_ms",
        "p50_time_to_match_ms",
        "p95_time_to_match_ms",
        "p99_time_to_match_ms",
        "max_time_to_match_ms",
        "time_to_match_by_role",
        "purchases",
        "purchases_target",
        "purchases_dropped",
        "peak_purchases_per_sec",
        "avg_purchase_latency_ms",
        "p50_purchase_latency_ms",
        "p95_purchase_latency_ms",
        "p99_purchase_latency_ms",
        "max_purchase_latency_ms",
        "p50_purchase_service_ms",
        "p99_purchase_service_ms",
        "total_requests",
        "errors",
        "error_rate",
        "errors_by_kind",
    ] {
        assert!(json["results"].get(key).is_some(), "results lack {key}");
    }
    assert_eq!(json["scenario"]["name"], "tiny");
    assert_eq!(json, serde_json::to_value(read_summary(&out)).unwrap());
}

#[test]
fn a_failing_threshold_exits_one() {
    let dir = tempfile::tempdir().unwrap();
    let file = scenario(
        dir.path(),
        "name: strict\nduration: 1s\nplayers: {survivors: 4, killers: 1}\n\
         thresholds: {matches_per_sec: 100000}\n",
    );
    bench()
        .args(["run", "--no-dashboard", "--out"])
        .arg(dir.path().join("r"))
        .arg(&file)
        .assert()
        .code(1)
        .stdout(contains("FAIL  matches_per_sec"));
    let summary = read_summary(&dir.path().join("r"));
    assert!(!summary.thresholds[0].passed);
}

#[test]
fn an_unreachable_target_exits_three_within_seconds() {
    let url = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(hostile::closed_port());
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    bench()
        .args([
            "run",
            "scenarios/smoke.yaml",
            "--no-dashboard",
            "--matchmaker",
            url.as_str(),
        ])
        .args(["--store", url.as_str(), "--out"])
        .arg(dir.path().join("r"))
        .assert()
        .code(3)
        .stderr(contains(format!(
            "the matchmaker at {url} is not reachable"
        )));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    assert!(
        !dir.path().join("r").exists(),
        "the report folder the run created is removed"
    );
}

#[test]
fn an_unwritable_out_fails_before_the_load_naming_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-folder");
    std::fs::write(&file, "x").unwrap();
    let out = file.join("reports");
    let long = scenario(
        dir.path(),
        "name: long\nduration: 60s\nplayers: {survivors: 4, killers: 1}\n",
    );
    let url = unreachable();
    let started = Instant::now();
    // The target is unreachable too: a run that got as far as its health check would exit 3.
    bench()
        .args(["run", "--no-dashboard", "--matchmaker", url.as_str()])
        .args(["--store", url.as_str(), "--out"])
        .arg(&out)
        .arg(&long)
        .timeout(Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(contains(format!("cannot write {}", out.display())));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn force_writes_into_a_folder_that_holds_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    bench()
        .args(["run", "--no-dashboard", "--force", "--out"])
        .arg(&out)
        .arg(tiny(dir.path()))
        .timeout(Duration::from_secs(30))
        .assert()
        .code(0);
    assert!(read_summary(&out).results.matches_formed > 0);
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn a_history_file_with_other_columns_fails_before_the_load() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("history.csv");
    std::fs::write(&history, "label,something_else\nv1,3\n").unwrap();
    let out = dir.path().join("r");
    let url = unreachable();
    bench()
        .args(["run", "--no-dashboard", "--matchmaker", url.as_str()])
        .args(["--store", url.as_str(), "--append-csv"])
        .arg(&history)
        .arg("--out")
        .arg(&out)
        .arg(tiny(dir.path()))
        .timeout(Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(contains(format!(
            "{} has a header that does not match",
            history.display()
        )));
    assert_eq!(
        std::fs::read_to_string(&history).unwrap(),
        "label,something_else\nv1,3\n"
    );
    assert!(!out.exists(), "no empty report folder is left behind");
}

#[test]
fn a_history_file_in_a_missing_folder_fails_before_the_load() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("missing").join("history.csv");
    let url = unreachable();
    bench()
        .args(["run", "--no-dashboard", "--matchmaker", url.as_str()])
        .args(["--store", url.as_str(), "--append-csv"])
        .arg(&history)
        .arg("--out")
        .arg(dir.path().join("r"))
        .arg(tiny(dir.path()))
        .timeout(Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(contains(format!(
            "cannot create history file {}: folder {} does not exist",
            history.display(),
            dir.path().join("missing").display()
        )));
}

/// Plays a short run whose history file is spoilt once the load has started,
/// so that appending to it fails only after the run. The folder holding it
/// lives as long as the returned guard.
fn run_while_the_history_breaks(thresholds: &str) -> (Ended, PathBuf, tempfile::TempDir) {
    let guard = tempfile::tempdir().unwrap();
    let dir = guard.path();
    let history = dir.join("history.csv");
    std::fs::write(&history, "").unwrap();
    let file = scenario(
        dir,
        &format!("name: short\nduration: 2s\nplayers: {{survivors: 4, killers: 1}}\n{thresholds}"),
    );
    let out = dir.join("r");
    let args = [
        "run".as_ref(),
        "--no-dashboard".as_ref(),
        "--append-csv".as_ref(),
        history.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        file.as_os_str(),
    ];
    let run = Background::start(&args);
    std::fs::write(&history, "label,something_else\n").unwrap();
    let ended = run.wait();
    assert!(
        out.join("summary.json").is_file(),
        "the reports are written"
    );
    (ended, history, guard)
}

#[test]
fn a_history_row_that_cannot_be_appended_after_the_run_keeps_the_summary_and_the_verdict() {
    let (ended, history, _dir) =
        run_while_the_history_breaks("thresholds: {matches_per_sec: 100000}\n");
    assert_eq!(ended.status.code(), Some(1), "{}", ended.stderr);
    assert!(
        ended.stdout.contains("FAIL  matches_per_sec"),
        "{}",
        ended.stdout
    );
    assert!(
        ended.stderr.contains(&format!(
            "error: {} has a header that does not match",
            history.display()
        )),
        "{}",
        ended.stderr
    );
}

#[test]
fn a_passing_run_whose_history_row_cannot_be_appended_prints_its_summary_and_exits_three() {
    let (ended, history, _dir) = run_while_the_history_breaks("");
    assert_eq!(ended.status.code(), Some(3), "{}", ended.stderr);
    assert!(ended.stdout.contains("Matchmaking"), "{}", ended.stdout);
    assert!(
        ended.stderr.contains(&history.display().to_string()),
        "{}",
        ended.stderr
    );
}

#[test]
fn a_report_folder_that_holds_files_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("summary.json"), "precious").unwrap();
    bench()
        .args(["run", "scenarios/smoke.yaml", "--no-dashboard", "--out"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(contains("is not empty; pass --force"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("summary.json")).unwrap(),
        "precious"
    );
}

#[test]
fn an_invalid_scenario_exits_two_with_its_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let file = scenario(
        dir.path(),
        "name: bad\nduration: 1s\nplayers: {killers: -3}\n",
    );
    bench()
        .args(["run", "--no-dashboard"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(contains(
            "players.killers: expected a whole number >= 0, found -3",
        ));
}

#[test]
fn matchbench_variables_give_the_target_and_the_label() {
    let (_runtime, backend) = running_backend();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    bench()
        .env("MATCHBENCH_MATCHMAKER", backend.matchmaker_url().as_str())
        .env("MATCHBENCH_STORE", backend.store_url().as_str())
        .env("MATCHBENCH_LABEL", "from-the-environment")
        .args(["run", "--no-dashboard", "--out"])
        .arg(&out)
        .arg(tiny(dir.path()))
        .timeout(Duration::from_secs(30))
        .assert()
        .code(0);
    let summary = read_summary(&out);
    assert_eq!(summary.label.as_deref(), Some("from-the-environment"));
    assert_eq!(summary.target.matchmaker, backend.matchmaker_url().as_str());
    assert_eq!(summary.target.store, backend.store_url().as_str());
    assert!(summary.results.matches_formed > 0);
}

#[test]
fn without_a_dashboard_a_progress_line_goes_to_stderr_every_5_s() {
    let dir = tempfile::tempdir().unwrap();
    let file = scenario(
        dir.path(),
        "name: six\nduration: 6s\nplayers: {survivors: 4, killers: 1}\n",
    );
    let output = bench()
        .args(["run", "--no-dashboard", "--out"])
        .arg(dir.path().join("r"))
        .arg(&file)
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8(output.stderr).unwrap();
    let progress: Vec<&str> = stderr
        .lines()
        .filter(|line| line.starts_with('[') && line.contains("s/6s]"))
        .collect();
    assert!(!progress.is_empty(), "no progress line in:\n{stderr}");
    for line in progress {
        for part in ["players", "matches", "purchases", "p95 match", "errors"] {
            assert!(line.contains(part), "{line:?} lacks {part}");
        }
    }
}

#[test]
fn ci_style_values_of_matchbench_variables_are_understood() {
    let dir = tempfile::tempdir().unwrap();
    // A CI variable set to nothing is no target; `1` turns the dashboard off.
    bench()
        .env("MATCHBENCH_MATCHMAKER", "")
        .env("MATCHBENCH_STORE", "")
        .env("MATCHBENCH_NO_DASHBOARD", "1")
        .args(["run", "--out"])
        .arg(dir.path().join("r"))
        .arg(tiny(dir.path()))
        .timeout(Duration::from_secs(30))
        .assert()
        .code(0)
        .stdout(contains("against the embedded backend"));
}

#[test]
fn a_matchmaker_without_a_store_is_refused_before_anything_starts() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    bench()
        .args([
            "run",
            "--no-dashboard",
            "--matchmaker",
            "http://127.0.0.1:9/",
        ])
        .arg("--out")
        .arg(&out)
        .arg(tiny(dir.path()))
        .assert()
        .code(2)
        .stderr(contains(
            "--matchmaker needs --store (or MATCHBENCH_STORE) as well",
        ));
    assert!(!out.exists());
}
