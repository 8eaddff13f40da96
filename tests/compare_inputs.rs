//! Reading the inputs of `bench compare`: run folders, summary.json,
//! summary.csv, histories, and the inputs that cannot be compared.

#[path = "fixtures/reports/builder.rs"]
mod builder;

use std::fs;
use std::path::Path;

use builder::{Spec, write_csv};
use matchbench::report::compare::{LoadError, load_history, load_run};
use matchbench::report::summary::SummaryCsvRow;

fn folder(dir: &Path, spec: &Spec) -> std::path::PathBuf {
    let path = dir.join(spec.label);
    spec.write_folder(&path);
    path
}

#[test]
fn a_run_folder_brings_its_summary_and_time_series() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let run = load_run(&folder(tmp.path(), &Spec::base())).expect("loads");
    assert_eq!(run.name, "v1.3.0");
    assert!(run.summary.is_some());
    assert_eq!(run.timeseries.as_ref().map(Vec::len), Some(300));
    assert_eq!(run.row.matches_formed, 6000);
}

#[test]
fn time_series_rows_no_run_could_measure_are_left_out() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = folder(tmp.path(), &Spec::base());
    let mut rows = Spec::base().timeseries();
    rows[10].matches_per_sec = 1.7e308;
    rows[20].p95_time_to_match_ms = -1e9;
    rows[30].purchases_per_sec = f64::INFINITY;
    rows[40].p95_purchase_latency_ms = f64::NAN;
    rows[50].players_active = u64::MAX;
    write_csv(&dir.join("timeseries.csv"), &rows);
    let run = load_run(&dir).expect("loads");
    let kept = run.timeseries.expect("a time series");
    assert_eq!(kept.len(), rows.len() - 5);
    assert!(
        kept.iter()
            .all(|r| r.matches_per_sec < 1e12 && r.p95_time_to_match_ms >= 0.0)
    );
}

#[test]
fn a_summary_json_file_finds_the_time_series_beside_it() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = folder(tmp.path(), &Spec::base());
    let run = load_run(&dir.join("summary.json")).expect("loads");
    assert!(run.timeseries.is_some());
}

#[test]
fn a_summary_csv_on_its_own_gives_the_same_figures_without_time_series() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = folder(tmp.path(), &Spec::base());
    let alone = tmp.path().join("summary.csv");
    fs::copy(dir.join("summary.csv"), &alone).expect("copy");
    let from_csv = load_run(&alone).expect("loads");
    let from_json = load_run(&dir.join("summary.json")).expect("loads");
    assert_eq!(from_csv.row, from_json.row);
    assert!(from_csv.timeseries.is_none() && from_csv.summary.is_none());
}

#[test]
fn a_run_folder_without_summary_json_reads_its_summary_csv_and_time_series() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = folder(tmp.path(), &Spec::base());
    fs::remove_file(dir.join("summary.json")).expect("remove summary.json");
    for input in [dir.clone(), dir.join("summary.csv")] {
        let run = load_run(&input).expect("loads");
        assert!(run.summary.is_none(), "{}", input.display());
        assert_eq!(
            run.timeseries.as_ref().map(Vec::len),
            Some(300),
            "{}",
            input.display()
        );
        assert_eq!(run.row.matches_formed, 6000);
    }
}

#[test]
fn a_history_compares_its_last_row_with_the_one_before() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("history.csv");
    let rows = [
        Spec::base(),
        Spec {
            label: "v1.3.1",
            ..Spec::base()
        },
        Spec::candidate(),
    ];
    write_csv(&path, &rows.iter().map(Spec::csv_row).collect::<Vec<_>>());
    let (base, candidate) = load_history(&path, None).expect("loads");
    assert_eq!(
        (base.name.as_str(), candidate.name.as_str()),
        ("v1.3.1", "v1.4.0")
    );
    let (base, _) = load_history(&path, Some("v1.3.0")).expect("loads");
    assert_eq!(base.name, "v1.3.0");
}

/// A history row of `spec`, labelled `label`, started on the `day` of December.
fn history_row(spec: Spec, label: &str, day: u32) -> SummaryCsvRow {
    SummaryCsvRow {
        label: label.to_owned(),
        started_at: format!("2026-12-{day:02}T18:00:00Z"),
        ..spec.csv_row()
    }
}

#[test]
fn history_rows_without_labels_are_named_by_their_start_times() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("history.csv");
    let rows = [
        history_row(Spec::base(), "", 1),
        history_row(Spec::candidate(), "", 3),
    ];
    write_csv(&path, &rows);
    let (base, candidate) = load_history(&path, None).expect("loads");
    assert_eq!(
        (base.name.as_str(), candidate.name.as_str()),
        ("2026-12-01T18:00:00Z", "2026-12-03T18:00:00Z")
    );
}

#[test]
fn history_rows_of_the_same_label_are_told_apart_by_their_start_times() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("history.csv");
    let rows = [
        history_row(Spec::base(), "nightly", 1),
        history_row(Spec::candidate(), "nightly", 3),
    ];
    write_csv(&path, &rows);
    let (base, candidate) = load_history(&path, None).expect("loads");
    assert_eq!(
        (base.name.as_str(), candidate.name.as_str()),
        (
            "nightly (2026-12-01T18:00:00Z)",
            "nightly (2026-12-03T18:00:00Z)"
        )
    );
}

#[test]
fn a_history_without_the_label_or_with_one_row_is_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("history.csv");
    write_csv(
        &path,
        &[Spec::base().csv_row(), Spec::candidate().csv_row()],
    );
    let err = load_history(&path, Some("v0.9")).expect_err("no such label");
    assert!(matches!(err, LoadError::NoLabel { .. }), "{err}");
    write_csv(&path, &[Spec::base().csv_row()]);
    assert!(matches!(
        load_history(&path, None),
        Err(LoadError::ShortHistory(_))
    ));
}

#[test]
fn a_summary_of_another_schema_version_is_incomparable() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut value = serde_json::to_value(Spec::base().summary()).expect("serializes");
    value["schema_version"] = 2.into();
    let path = tmp.path().join("summary.json");
    fs::write(&path, value.to_string()).expect("write");
    let err = load_run(&path).expect_err("version 2");
    assert!(matches!(err, LoadError::Schema { found: 2, .. }), "{err}");
    assert!(err.to_string().contains("schema_version 2"), "{err}");
}

#[test]
fn a_summary_missing_a_field_names_the_field() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut value = serde_json::to_value(Spec::base().summary()).expect("serializes");
    value["results"]
        .as_object_mut()
        .expect("results object")
        .remove("errors");
    let path = tmp.path().join("summary.json");
    fs::write(&path, value.to_string()).expect("write");
    let err = load_run(&path).expect_err("missing errors");
    assert!(err.to_string().contains("missing field `errors`"), "{err}");
}

#[test]
fn garbage_is_not_a_summary() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let json = tmp.path().join("summary.json");
    fs::write(&json, "this is not json {").expect("write");
    assert!(matches!(load_run(&json), Err(LoadError::Json { .. })));
    let csv = tmp.path().join("summary.csv");
    fs::write(&csv, "a,b\n1,2\n").expect("write");
    assert!(matches!(load_run(&csv), Err(LoadError::Csv { .. })));
}

#[test]
fn a_missing_path_or_an_empty_folder_is_named_in_the_error() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let missing = tmp.path().join("nope");
    assert!(
        load_run(&missing)
            .expect_err("missing")
            .to_string()
            .contains("does not exist")
    );
    let err = load_run(tmp.path()).expect_err("empty folder");
    assert!(matches!(err, LoadError::NotRunFolder(_)), "{err}");
}

#[test]
fn a_csv_of_several_rows_is_pointed_to_history() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("summary.csv");
    write_csv(
        &path,
        &[Spec::base().csv_row(), Spec::candidate().csv_row()],
    );
    let err = load_run(&path).expect_err("two rows");
    assert!(err.to_string().contains("--history"), "{err}");
}

#[test]
fn a_figure_that_is_not_a_number_is_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("summary.csv");
    let mut row = Spec::base().csv_row();
    row.p95_time_to_match_ms = f64::NAN;
    write_csv(&path, &[row]);
    let err = load_run(&path).expect_err("NaN");
    assert!(
        matches!(
            err,
            LoadError::NotFinite {
                key: "p95_time_to_match_ms",
                ..
            }
        ),
        "{err}"
    );
}
