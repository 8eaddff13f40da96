//! `bench validate` through the binary: what it prints where, and the exit
//! codes 0 (all valid) and 2 (any invalid).

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

const FIXTURES: &str = "tests/fixtures/scenarios";

fn bench() -> Command {
    let mut cmd = Command::cargo_bin("bench").expect("the bench binary");
    cmd.env_remove("RUST_LOG");
    cmd
}

#[test]
fn valid_examples_print_ok_and_exit_zero() {
    bench()
        .args([
            "validate",
            "scenarios/smoke.yaml",
            "scenarios/peak.yaml",
            "scenarios/soak.yaml",
        ])
        .assert()
        .code(0)
        .stdout("ok: scenarios/smoke.yaml\nok: scenarios/peak.yaml\nok: scenarios/soak.yaml\n")
        .stderr("");
}

#[test]
fn negative_killers_exit_two_with_file_position_path_and_rule() {
    bench()
        .args(["validate", &format!("{FIXTURES}/killers_negative.yaml")])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "error: tests/fixtures/scenarios/killers_negative.yaml:5:12: players.killers: \
             expected a whole number >= 0, found -3\n",
        );
}

#[test]
fn one_invalid_file_among_valid_ones_exits_two_and_every_file_is_checked() {
    bench()
        .args([
            "validate",
            &format!("{FIXTURES}/killers_negative.yaml"),
            "scenarios/smoke.yaml",
        ])
        .assert()
        .code(2)
        .stdout("ok: scenarios/smoke.yaml\n")
        .stderr(contains("players.killers"));
}

#[test]
fn a_missing_file_exits_two_naming_it() {
    bench()
        .args(["validate", "nowhere.yaml"])
        .assert()
        .code(2)
        .stderr("error: nowhere.yaml: no such file\n");
}

#[test]
fn a_warning_goes_to_stderr_and_keeps_exit_zero() {
    bench()
        .args(["validate", &format!("{FIXTURES}/minimal.yaml")])
        .assert()
        .code(0)
        .stdout("ok: tests/fixtures/scenarios/minimal.yaml\n")
        .stderr(
            "warning: tests/fixtures/scenarios/minimal.yaml: no players and no purchases, \
             the run would send no requests\n",
        );
}

#[test]
fn validate_without_files_is_a_usage_error() {
    bench().arg("validate").assert().code(2);
}

#[test]
fn the_schema_command_prints_json_with_a_trailing_newline() {
    bench()
        .arg("schema")
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("{\n").and(predicate::str::ends_with("}\n")));
}
