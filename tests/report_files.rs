//! The files of a run's report: the summary text, the CSV headers, the
//! report folder's rules and the history file.

#[path = "fixtures/reports/builder.rs"]
mod builder;

use builder::Spec;
use matchbench::report::summary::{SummaryCsvRow, TimeseriesRow};
use matchbench::report::text;
use matchbench::report::writer::{self, RunFolder, WriteError, header};

#[test]
fn the_summary_text_is_grouped_aligned_and_has_units() {
    let summary = Spec::base().summary();
    insta::assert_snapshot!(text::render(&summary, "peak"));
}

#[test]
fn csv_headers_are_the_documented_columns() {
    let summary = String::from_utf8(header::<SummaryCsvRow>()).unwrap();
    let timeseries = String::from_utf8(header::<TimeseriesRow>()).unwrap();
    insta::assert_snapshot!(format!(
        "summary.csv:\n{summary}\ntimeseries.csv:\n{timeseries}"
    ));
}

#[test]
fn a_folder_that_holds_files_is_refused_without_force() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("summary.json"), "{}").unwrap();
    let err = RunFolder::prepare(dir.path(), false).unwrap_err();
    assert!(matches!(err, WriteError::NotEmpty(_)));
    assert!(err.to_string().contains("--force"), "{err}");
    assert!(RunFolder::prepare(dir.path(), true).is_ok());
}

#[test]
fn an_empty_or_missing_folder_is_accepted_and_created() {
    let dir = tempfile::tempdir().unwrap();
    assert!(RunFolder::prepare(dir.path(), false).is_ok());
    let nested = dir.path().join("a/b/c");
    RunFolder::prepare(&nested, false).unwrap();
    assert!(nested.is_dir());
}

#[test]
fn the_folders_a_run_created_are_removed_while_still_empty() {
    let dir = tempfile::tempdir().unwrap();
    let folder = RunFolder::prepare(&dir.path().join("a/b/c"), false).unwrap();
    folder.remove_if_unused();
    assert!(!dir.path().join("a").exists());
    assert!(dir.path().is_dir(), "the folder that was there stays");
}

#[test]
fn a_folder_that_existed_or_holds_a_report_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    RunFolder::prepare(dir.path(), false)
        .unwrap()
        .remove_if_unused();
    assert!(dir.path().is_dir());

    let nested = dir.path().join("a/b");
    let folder = RunFolder::prepare(&nested, false).unwrap();
    folder.write_file("report.html", b"<html>").unwrap();
    folder.remove_if_unused();
    assert!(nested.join("report.html").is_file());
}

#[test]
fn an_unwritable_folder_is_refused_before_anything_runs() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-folder");
    std::fs::write(&file, "x").unwrap();
    let err = RunFolder::prepare(&file.join("reports"), false).unwrap_err();
    assert!(matches!(err, WriteError::Io { .. }), "{err}");
}

#[test]
fn report_files_are_complete_and_leave_no_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    let folder = RunFolder::prepare(dir.path(), false).unwrap();
    let spec = Spec::base();
    let summary = spec.summary();
    folder.write_summary(&summary).unwrap();
    folder
        .write_summary_csv(&SummaryCsvRow::from_summary(&summary, "peak"))
        .unwrap();
    folder.write_timeseries(&spec.timeseries()).unwrap();

    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["summary.csv", "summary.json", "timeseries.csv"]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("summary.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o777,
            0o644,
            "reports are readable by others, like any file"
        );
    }
    let read: matchbench::report::summary::Summary =
        serde_json::from_slice(&std::fs::read(dir.path().join("summary.json")).unwrap()).unwrap();
    assert_eq!(read, summary);
}

#[test]
fn a_history_gets_its_header_once_and_a_row_per_run() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("history.csv");
    let row = Spec::base().csv_row();
    writer::append_history(&history, &row).unwrap();
    writer::append_history(&history, &Spec::candidate().csv_row()).unwrap();

    let text = std::fs::read_to_string(&history).unwrap();
    let lines: Vec<_> = text.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with("label,scenario,started_at,interrupted,duration_ms"));
    assert!(lines[1].starts_with("v1.3.0,"));
    assert!(lines[2].starts_with("v1.4.0,"));
}

#[test]
fn a_history_with_other_columns_is_an_error_not_a_mix() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("history.csv");
    std::fs::write(&history, "label,something_else\nv1,3\n").unwrap();
    let err = writer::append_history(&history, &Spec::base().csv_row()).unwrap_err();
    assert!(matches!(err, WriteError::HistoryHeader(_)));
    assert!(err.to_string().contains("history.csv"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&history).unwrap(),
        "label,something_else\nv1,3\n"
    );
}

#[test]
fn a_new_history_file_needs_a_folder_that_exists() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("missing/history.csv");
    let err = writer::check_history(&history).unwrap_err();
    assert!(matches!(err, WriteError::NoHistoryFolder { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        format!(
            "cannot create history file {}: folder {} does not exist",
            history.display(),
            dir.path().join("missing").display()
        )
    );
    assert!(!dir.path().join("missing").exists(), "nothing is created");
}

#[test]
fn a_new_history_file_in_a_writable_folder_is_accepted_and_not_created_yet() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("history.csv");
    assert!(
        writer::check_history(&history).unwrap(),
        "its header is due"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_history_path_that_is_a_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let err = writer::check_history(dir.path()).unwrap_err();
    assert!(matches!(err, WriteError::Io { .. }), "{err}");
    assert!(err.to_string().contains(&dir.path().display().to_string()));
}

#[cfg(unix)]
#[test]
fn a_new_history_file_in_a_read_only_folder_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("read-only");
    std::fs::create_dir(&folder).unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    if tempfile::NamedTempFile::new_in(&folder).is_ok() {
        eprintln!("skipped: this user writes into read-only folders (root)");
        return;
    }
    let history = folder.join("history.csv");
    let err = writer::check_history(&history).unwrap_err();
    assert!(matches!(err, WriteError::Io { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        format!("cannot write {}", history.display())
    );
}
