//! `bench compare` through the binary: exit codes, formats and flags.

#[path = "fixtures/reports/builder.rs"]
mod builder;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use builder::{Spec, write_csv};
use matchbench::report::summary::SummaryCsvRow;
use predicates::prelude::*;

fn bench() -> Command {
    let mut cmd = Command::cargo_bin("bench").expect("bench binary");
    cmd.env_remove("MATCHBENCH_MAX_REGRESSION")
        .env_remove("MATCHBENCH_COMPARE_FORMAT");
    cmd
}

fn folders(dir: &Path, candidate: Spec) -> (PathBuf, PathBuf) {
    let (base, cand) = (dir.join("base"), dir.join("candidate"));
    Spec::base().write_folder(&base);
    candidate.write_folder(&cand);
    (base, cand)
}

fn slower() -> Spec {
    Spec {
        p95_time_to_match_ms: 2600.0,
        ..Spec::candidate()
    }
}

#[test]
fn equal_runs_exit_0_with_an_aligned_table() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (base, cand) = folders(tmp.path(), Spec::candidate());
    bench()
        .arg("compare")
        .args([&base, &cand])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("metric  "))
        .stdout(predicate::str::contains(
            "no regression beyond the 10% tolerance",
        ));
}

#[test]
fn a_run_half_as_long_at_the_same_rates_exits_0() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (base, cand) = (tmp.path().join("four"), tmp.path().join("two"));
    Spec {
        seconds: 4,
        ..Spec::base()
    }
    .write_folder(&base);
    Spec {
        seconds: 2,
        ..Spec::candidate()
    }
    .write_folder(&cand);
    bench()
        .arg("compare")
        .args([&base, &cand])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "lasted different times (4.0 s and 2.0 s)",
        ))
        .stdout(predicate::str::contains(
            "no regression beyond the 10% tolerance",
        ));
}

#[test]
fn a_regression_exits_1_and_names_the_metric() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (base, cand) = folders(tmp.path(), slower());
    bench()
        .arg("compare")
        .args([&base, &cand])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "regressions beyond the 10% tolerance: ",
        ))
        .stdout(predicate::str::contains(", p95_time_to_match_ms,"));
}

#[test]
fn a_wider_max_regression_lets_the_same_change_pass() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (base, cand) = folders(tmp.path(), slower());
    let args = |tolerance: &str| vec!["--max-regression".to_owned(), tolerance.to_owned()];
    bench()
        .arg("compare")
        .args([&base, &cand])
        .args(args("50%"))
        .assert()
        .code(0);
    bench()
        .arg("compare")
        .args([&base, &cand])
        .args(args("0.5"))
        .assert()
        .code(0);
}

#[test]
fn a_bad_max_regression_is_a_usage_error() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (base, cand) = folders(tmp.path(), Spec::candidate());
    bench()
        .arg("compare")
        .args([&base, &cand])
        .args(["--max-regression", "lots"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--max-regression"));
}

#[test]
fn a_missing_candidate_exits_2_with_one_sentence() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (base, _) = folders(tmp.path(), Spec::candidate());
    bench()
        .arg("compare")
        .arg(&base)
        .arg(tmp.path().join("nope"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("error: candidate run: "))
        .stderr(predicate::str::contains("does not exist"));
}

#[test]
fn garbage_input_exits_2() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (base, _) = folders(tmp.path(), Spec::candidate());
    let garbage = tmp.path().join("garbage.json");
    std::fs::write(&garbage, "{\"schema_version\": 1, \"nonsense\": true}").expect("write");
    bench()
        .arg("compare")
        .arg(&base)
        .arg(&garbage)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a matchbench summary.json"));
}

#[test]
fn json_output_parses_and_flags_the_regression() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (base, cand) = folders(tmp.path(), slower());
    let out = bench()
        .arg("compare")
        .args([&base, &cand])
        .args(["--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid json");
    assert_eq!(json["regression"], true);
    let p95 = json["metrics"]
        .as_array()
        .expect("metrics")
        .iter()
        .find(|m| m["metric"] == "p95_time_to_match_ms");
    let p95 = p95.expect("p95 row");
    assert_eq!(
        (p95["verdict"].as_str(), p95["noise"].as_str()),
        (Some("worse"), Some("beyond noise"))
    );
}

#[test]
fn summary_csv_files_without_time_series_compare_on_tolerance_alone() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (base, cand) = folders(tmp.path(), slower());
    let (base_csv, cand_csv) = (tmp.path().join("base.csv"), tmp.path().join("cand.csv"));
    std::fs::copy(base.join("summary.csv"), &base_csv).expect("copy");
    std::fs::copy(cand.join("summary.csv"), &cand_csv).expect("copy");
    bench()
        .arg("compare")
        .args([&base_csv, &cand_csv])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("noise not estimated"));
}

#[test]
fn summary_csv_files_beside_time_series_are_judged_against_noise() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (base, cand) = folders(tmp.path(), slower());
    let out = bench()
        .arg("compare")
        .args([base.join("summary.csv"), cand.join("summary.csv")])
        .args(["--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid json");
    assert_eq!(json["noise_estimated"], true);
}

#[test]
fn history_compares_the_last_row_with_the_one_chosen_by_label() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let history = tmp.path().join("history.csv");
    let rows = [
        Spec::base(),
        Spec {
            label: "v1.3.1",
            p95_time_to_match_ms: 2600.0,
            ..Spec::base()
        },
        slower(),
    ];
    write_csv(
        &history,
        &rows.iter().map(Spec::csv_row).collect::<Vec<_>>(),
    );
    bench()
        .args(["compare", "--history"])
        .arg(&history)
        .assert()
        .code(0);
    bench()
        .args(["compare", "--label", "v1.3.0", "--history"])
        .arg(&history)
        .assert()
        .code(1);
}

#[test]
fn a_history_without_labels_names_its_runs_by_their_start_times() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let history = tmp.path().join("history.csv");
    let row = |day: u32| SummaryCsvRow {
        label: String::new(),
        started_at: format!("2026-12-{day:02}T18:00:00Z"),
        ..Spec::base().csv_row()
    };
    write_csv(&history, &[row(1), row(3)]);
    bench()
        .args(["compare", "--history"])
        .arg(&history)
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(
            "base:      2026-12-01T18:00:00Z\ncandidate: 2026-12-03T18:00:00Z\n",
        ));
}

#[test]
fn a_label_the_history_lacks_is_one_sentence_naming_the_history_once() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let history = tmp.path().join("history.csv");
    write_csv(&history, &[Spec::base().csv_row(), slower().csv_row()]);
    bench()
        .args(["compare", "--label", "v0.9", "--history"])
        .arg(&history)
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(format!(
            "error: history {} has no row labelled \"v0.9\" before its last row\n",
            history.display()
        ));
}

#[test]
fn history_and_positional_runs_are_exclusive_and_label_needs_history() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (base, cand) = folders(tmp.path(), Spec::candidate());
    bench()
        .arg("compare")
        .args([&base, &cand])
        .args(["--history", "h.csv"])
        .assert()
        .code(2);
    bench()
        .arg("compare")
        .args([&base, &cand])
        .args(["--label", "v1"])
        .assert()
        .code(2);
    bench().arg("compare").assert().code(2);
}

#[test]
fn html_overlay_is_written_when_asked() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (base, cand) = folders(tmp.path(), slower());
    let page = tmp.path().join("compare.html");
    bench()
        .arg("compare")
        .args([&base, &cand])
        .arg("--html")
        .arg(&page)
        .assert()
        .code(1);
    let html = std::fs::read_to_string(&page).expect("page written");
    assert!(html.contains("id=\"chart-players\"") && html.contains("v1.3.0: active"));
}

#[test]
fn an_html_page_of_hand_edited_time_series_is_written_in_finite_time() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (base, cand) = folders(tmp.path(), Spec::candidate());
    let mut rows = Spec::candidate().timeseries();
    rows[10].matches_per_sec = 1.7e308;
    rows[20].p95_time_to_match_ms = -1e9;
    write_csv(&cand.join("timeseries.csv"), &rows);
    let page = tmp.path().join("compare.html");
    bench()
        .arg("compare")
        .args([&base, &cand])
        .arg("--html")
        .arg(&page)
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(0);
    let html = std::fs::read_to_string(&page).expect("page written");
    let charts = html.matches("<svg").count();
    assert_eq!(charts, 8, "every chart drawn");
}

#[test]
fn an_html_page_that_cannot_be_written_exits_2_before_comparing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (base, cand) = folders(tmp.path(), slower());
    bench()
        .arg("compare")
        .args([&base, &cand])
        .arg("--html")
        .arg(tmp.path().join("missing").join("compare.html"))
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("error: --html "))
        .stderr(predicate::str::contains("does not exist"));
    bench()
        .arg("compare")
        .args([&base, &cand])
        .arg("--html")
        .arg(tmp.path())
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("is a folder, not a file"));
}
