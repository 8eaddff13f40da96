//! Hostile inputs: whatever is in the file, loading ends with a located
//! error or a scenario, never a panic or a hang.

mod scenario_support;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use matchbench::scenario::{LoadError, Scenario, load};
use scenario_support::short;

/// Loads `bytes` from a temporary file, within a time limit.
fn load_bytes(bytes: &[u8]) -> Result<Scenario, LoadError> {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("s.yaml");
    std::fs::write(&path, bytes).expect("a temporary file");
    let started = Instant::now();
    let result = load(&path);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "loading took too long"
    );
    result
}

/// The single diagnostic as `line:column path: message`, checking it names
/// the file.
fn diagnostic(bytes: &[u8]) -> String {
    let err = load_bytes(bytes).expect_err("the input is invalid");
    assert_eq!(err.diagnostics.len(), 1, "{err}");
    assert!(err.to_string().contains("s.yaml"), "{err}");
    short(&err.diagnostics[0])
}

#[test]
fn an_empty_file_says_it_is_empty() {
    assert_eq!(
        diagnostic(b""),
        "1:1 : the file is empty, expected a mapping with at least name and duration"
    );
}

#[test]
fn a_file_of_only_comments_says_it_is_empty() {
    assert_eq!(
        diagnostic(b"# nothing here\n\n# still nothing\n"),
        "1:1 : the file is empty, expected a mapping with at least name and duration"
    );
}

#[test]
fn bytes_that_are_not_utf8_are_reported_as_such() {
    let garbage: Vec<u8> = (0..=255u8).rev().cycle().take(4096).collect();
    assert_eq!(
        diagnostic(&garbage),
        "1:1 : expected UTF-8 text, found the byte 0xff"
    );
}

#[test]
fn control_characters_are_a_parse_error() {
    let found = diagnostic(b"\0\x01\x02\x1b[2J name: t");
    assert!(found.starts_with("1:1 : unexpected character"), "{found}");
}

#[test]
fn a_top_level_list_is_rejected() {
    assert_eq!(
        diagnostic(b"- name: t\n- duration: 5m\n"),
        "1:1 : expected a mapping of scenario keys with at least name and duration, found a list"
    );
}

#[test]
fn a_top_level_scalar_is_rejected() {
    assert_eq!(
        diagnostic(b"just words\n"),
        "1:1 : expected a mapping of scenario keys with at least name and duration, \
         found just words"
    );
}

#[test]
fn tabs_are_rejected() {
    assert_eq!(
        diagnostic(b"name: t\n\tduration: 5m\n"),
        "2:1 : tabs are not allowed in indentation, use spaces"
    );
}

#[test]
fn a_ten_megabyte_file_is_refused_before_parsing() {
    let big = "# padding\n".repeat(1024 * 1024);
    let found = diagnostic(big.as_bytes());
    assert_eq!(
        found,
        "- : file is 10485760 bytes, a scenario file is at most 1048576 bytes"
    );
}

#[test]
fn a_file_just_under_the_size_limit_loads() {
    let yaml = format!(
        "name: t\nduration: 5m\ndescription: {}\n",
        "x".repeat(1_000_000)
    );
    assert!(load_bytes(yaml.as_bytes()).is_ok());
}

#[test]
fn deeply_nested_flow_collections_are_rejected() {
    let yaml = format!(
        "name: t\nduration: 5m\ndescription: {}",
        "[".repeat(100_000)
    );
    assert_eq!(
        diagnostic(yaml.as_bytes()),
        "3:14 description: expected text, found a list"
    );
}

#[test]
fn deeply_nested_block_mappings_are_rejected() {
    let mut yaml = String::from("name: t\nduration: 5m\nplayers:\n");
    for depth in 1..1000 {
        yaml.push_str(&format!("{}k:\n", " ".repeat(depth)));
    }
    let found = diagnostic(yaml.as_bytes());
    assert!(
        found.starts_with("4:2 players.k: unknown key `k`"),
        "{found}"
    );
}

#[test]
fn an_alias_bomb_is_rejected_without_expanding_it() {
    let mut yaml = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let prev = i - 1;
        yaml.push_str(&format!(
            "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, \
             *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
        ));
    }
    let found = diagnostic(yaml.as_bytes());
    assert!(found.starts_with("1:1 a0: unknown key `a0`"), "{found}");
}

#[test]
fn nesting_deeper_than_the_parser_budget_is_rejected_without_overflow() {
    let yaml = format!("{}1{}", "[".repeat(500), "]".repeat(500));
    assert_eq!(
        diagnostic(yaml.as_bytes()),
        "1:256 : the file is nested too deeply (recursion limit exceeded)"
    );
}

#[test]
fn a_number_too_large_for_any_integer_is_rejected() {
    let yaml = b"name: t\nduration: 5m\nplayers:\n  killers: 999999999999999999999999999999\n";
    assert_eq!(
        diagnostic(yaml),
        "4:12 players.killers: expected a whole number >= 0 and at most 4294967295, \
         found 999999999999999999999999999999"
    );
}

#[test]
fn a_seed_past_u64_is_rejected() {
    let yaml = b"name: t\nduration: 5m\nseed: 18446744073709551616\n";
    assert_eq!(
        diagnostic(yaml),
        "3:7 seed: expected a whole number from 0 to 18446744073709551615, \
         found 18446744073709551616"
    );
}

#[test]
fn thirty_thousand_headers_are_one_located_error_not_a_panic() {
    let mut yaml = String::from("name: t\nduration: 5m\nhttp:\n  headers:\n");
    for i in 0..30_000 {
        yaml.push_str(&format!("    X-{i}: v\n"));
    }
    let err = load_bytes(yaml.as_bytes()).expect_err("too many headers");
    assert_eq!(err.diagnostics.len(), 1, "{err}");
    assert_eq!(
        err.to_string(),
        format!(
            "error: {}:105:5: http.headers: expected at most 100 headers, found 30000",
            err.diagnostics[0].file.display()
        )
    );
}

#[test]
fn a_missing_file_is_named() {
    let err = load(Path::new("tests/fixtures/scenarios/does-not-exist.yaml"));
    let err = err.expect_err("the file does not exist");
    assert_eq!(
        err.to_string(),
        "error: tests/fixtures/scenarios/does-not-exist.yaml: no such file"
    );
}

#[test]
fn a_directory_is_named() {
    let err = load(Path::new("tests/fixtures/scenarios")).expect_err("a directory");
    assert_eq!(
        err.to_string(),
        "error: tests/fixtures/scenarios: is a directory, expected a scenario file"
    );
}

/// Loads `path` on another thread, failing the test if it takes over 5 s.
fn load_within_limit(path: &Path) -> Result<Scenario, LoadError> {
    let (done, result) = mpsc::channel();
    let path = PathBuf::from(path);
    std::thread::spawn(move || {
        // The receiver is gone only when the test has already failed.
        let _ = done.send(load(&path));
    });
    result
        .recv_timeout(Duration::from_secs(5))
        .expect("loading returns instead of hanging")
}

#[test]
fn a_fifo_is_refused_without_waiting_for_a_writer() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let fifo = dir.path().join("s.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo failed");
    let err = load_within_limit(&fifo).expect_err("a FIFO");
    assert_eq!(
        err.to_string(),
        format!(
            "error: {}: is not a regular file, expected a scenario file",
            fifo.display()
        )
    );
}

#[test]
fn a_device_is_refused_without_reading_it() {
    let err = load_within_limit(Path::new("/dev/zero")).expect_err("a device");
    assert_eq!(
        err.to_string(),
        "error: /dev/zero: is not a regular file, expected a scenario file"
    );
}
