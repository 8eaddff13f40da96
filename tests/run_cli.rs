//! `bench run` through the binary: the reports it writes, its exit codes,
//! interruption, and targets that misbehave.

mod support;

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use assert_cmd::cargo::cargo_bin;
use matchbench::backend::{self, BackendOptions};
use matchbench::report::summary::Summary;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;
use support::hostile::{self, Misbehaviour};

fn bench() -> Command {
    let mut cmd = Command::cargo_bin("bench").expect("the bench binary");
    cmd.env_remove("RUST_LOG");
    for name in our_variables() {
        cmd.env_remove(name);
    }
    cmd
}

/// The `MATCHBENCH_*` variables of the test's environment, which would change
/// what `bench` does.
fn our_variables() -> Vec<String> {
    std::env::vars()
        .map(|(name, _)| name)
        .filter(|name| name.starts_with("MATCHBENCH_"))
        .collect()
}

/// Writes a scenario file into `dir` and returns its path.
fn scenario(dir: &Path, body: &str) -> PathBuf {
    let path = dir.join("scenario.yaml");
    std::fs::write(&path, body).unwrap();
    path
}

fn read_summary(folder: &Path) -> Summary {
    serde_json::from_slice(&std::fs::read(folder.join("summary.json")).unwrap()).unwrap()
}

/// The smallest scenario that forms matches: one second, five players.
fn tiny(dir: &Path) -> PathBuf {
    scenario(
        dir,
        "name: tiny\nduration: 1s\nplayers: {survivors: 4, killers: 1}\n",
    )
}

/// A target on which nothing listens, so that a run reaching its health check exits 3.
fn unreachable() -> url::Url {
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(hostile::closed_port())
}

/// Every file in `folder`, read as text, by name.
fn files_in(folder: &Path) -> Vec<(String, String)> {
    std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            let name = entry.file_name().into_string().unwrap();
            (name, std::fs::read_to_string(entry.path()).unwrap())
        })
        .collect()
}

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

/// A `bench` run in the background, with its stderr read line by line.
struct Background {
    child: std::process::Child,
    stderr: BufReader<std::process::ChildStderr>,
}

/// How a background run ended.
struct Ended {
    status: std::process::ExitStatus,
    stdout: String,
    /// Stderr after the lines the test waited for.
    stderr: String,
}

impl Background {
    /// Starts `bench` with `args` and waits until its load has started.
    fn start(args: &[&std::ffi::OsStr]) -> Self {
        let mut run = Self::spawn(args);
        run.read_until("ramp-up started");
        run
    }

    /// Starts `bench` with `args`.
    fn spawn(args: &[&std::ffi::OsStr]) -> Self {
        let mut command = StdCommand::new(cargo_bin("bench"));
        for name in our_variables() {
            command.env_remove(name);
        }
        let mut child = command
            .args(args)
            .env_remove("RUST_LOG")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = BufReader::new(child.stderr.take().unwrap());
        Self { child, stderr }
    }

    /// Reads stderr until a line contains `text`.
    fn read_until(&mut self, text: &str) {
        let mut line = String::new();
        while !line.contains(text) {
            line.clear();
            let read = self.stderr.read_line(&mut line).unwrap();
            assert!(read > 0, "bench ended before printing {text:?}");
        }
    }

    fn interrupt(&self) {
        let pid = self.child.id().to_string();
        StdCommand::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap();
    }

    /// Waits for the exit, reading the rest of stdout and stderr meanwhile.
    fn wait(mut self) -> Ended {
        let mut stderr = self.stderr;
        let drain_stderr = std::thread::spawn(move || {
            let mut rest = String::new();
            stderr.read_to_string(&mut rest).unwrap();
            rest
        });
        let mut stdout = self.child.stdout.take().unwrap();
        let drain_stdout = std::thread::spawn(move || {
            let mut text = String::new();
            stdout.read_to_string(&mut text).unwrap();
            text
        });
        let status = wait_at_most(&mut self.child, Duration::from_secs(20));
        Ended {
            status,
            stdout: drain_stdout.join().unwrap(),
            stderr: drain_stderr.join().unwrap(),
        }
    }
}

#[test]
fn sigint_in_the_middle_of_a_run_exits_130_with_an_interrupted_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    let file = scenario(
        dir.path(),
        "name: long\nduration: 60s\nplayers: {survivors: 40, killers: 10}\npurchases: {per_second: 20}\n",
    );
    let args = [
        "run".as_ref(),
        "--no-dashboard".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        file.as_os_str(),
    ];
    let run = Background::start(&args);
    let started = Instant::now();
    run.interrupt();
    let ended = run.wait();

    assert_eq!(ended.status.code(), Some(130));
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
    let summary = read_summary(&out);
    assert!(summary.interrupted);
    assert!(summary.results.duration_ms < 30_000.0);
}

#[test]
fn secrets_never_reach_a_report() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let backend = runtime
        .block_on(backend::start(BackendOptions::default()))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    let file = scenario(
        dir.path(),
        "name: secret\nduration: 1s\nplayers: {survivors: 4, killers: 1}\n\
         target:\n  matchmaker: ${SECRET_MATCHMAKER}\n  store: ${SECRET_STORE}\n\
         http:\n  headers:\n    Authorization: \"Bearer ${GAME_TOKEN}\"\n    X-Api-Key: literal-key-42\n",
    );
    bench()
        .env("SECRET_MATCHMAKER", backend.matchmaker_url().as_str())
        .env("SECRET_STORE", backend.store_url().as_str())
        .env("GAME_TOKEN", "expanded-token-17")
        .args(["run", "--no-dashboard", "--out"])
        .arg(&out)
        .arg(&file)
        .assert()
        .code(0);
    for name in [
        "summary.json",
        "summary.csv",
        "timeseries.csv",
        "report.html",
    ] {
        let text = std::fs::read_to_string(out.join(name)).unwrap();
        assert!(
            !text.contains("expanded-token-17"),
            "{name} holds an expanded secret"
        );
        assert!(
            !text.contains("literal-key-42"),
            "{name} holds a header value"
        );
    }
    let port = backend.matchmaker_url().port().unwrap().to_string();
    let summary = std::fs::read_to_string(out.join("summary.json")).unwrap();
    assert!(
        !summary.contains(&port),
        "the target's expanded URL is not recorded"
    );
    assert!(
        summary.contains("${SECRET_MATCHMAKER}"),
        "the target as written is recorded"
    );
    assert!(
        summary.contains("Bearer ${GAME_TOKEN}"),
        "the unexpanded text is kept"
    );
}

#[test]
fn credentials_in_a_target_url_never_reach_a_report_or_the_logs() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let backend = runtime
        .block_on(backend::start(BackendOptions::default()))
        .unwrap();
    let with_secret = |url: &url::Url| {
        let mut url = url.clone();
        url.set_username("user").unwrap();
        url.set_password(Some("secret-pass-93")).unwrap();
        url
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    let history = dir.path().join("history.csv");
    let output = bench()
        .args(["run", "-v", "--no-dashboard", "--matchmaker"])
        .arg(with_secret(backend.matchmaker_url()).as_str())
        .arg("--store")
        .arg(with_secret(backend.store_url()).as_str())
        .arg("--append-csv")
        .arg(&history)
        .arg("--out")
        .arg(&out)
        .arg(tiny(dir.path()))
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));

    let mut texts = files_in(&out);
    texts.push((
        "history.csv".into(),
        std::fs::read_to_string(&history).unwrap(),
    ));
    texts.push(("stdout".into(), String::from_utf8(output.stdout).unwrap()));
    texts.push(("stderr".into(), String::from_utf8(output.stderr).unwrap()));
    assert_eq!(texts.len(), 4 + 3, "every report was read");
    for (name, text) in &texts {
        assert!(
            !text.contains("secret-pass-93"),
            "{name} holds the password"
        );
        assert!(!text.contains("user@"), "{name} holds the username");
    }
    let summary = read_summary(&out);
    assert_eq!(summary.target.matchmaker, backend.matchmaker_url().as_str());
    assert_eq!(
        summary.scenario["target"]["store"],
        backend.store_url().as_str()
    );
}

#[test]
fn credentials_in_a_target_url_written_in_the_scenario_are_not_recorded() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let backend = runtime
        .block_on(backend::start(BackendOptions::default()))
        .unwrap();
    let port = |url: &url::Url| url.port().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    let file = scenario(
        dir.path(),
        &format!(
            "name: literal\nduration: 1s\nplayers: {{survivors: 4, killers: 1}}\n\
             target:\n  matchmaker: http://user:secret-pass-94@127.0.0.1:{}/\n  \
             store: http://127.0.0.1:{}/?token=secret-token-95\n",
            port(backend.matchmaker_url()),
            port(backend.store_url()),
        ),
    );
    bench()
        .args(["run", "--no-dashboard", "--out"])
        .arg(&out)
        .arg(&file)
        .timeout(Duration::from_secs(30))
        .assert()
        .code(0)
        .stdout(contains("secret").not());
    for (name, text) in files_in(&out) {
        assert!(!text.contains("secret"), "{name} holds a secret");
    }
    let summary = read_summary(&out);
    assert_eq!(summary.target.matchmaker, backend.matchmaker_url().as_str());
    assert_eq!(
        summary.scenario["target"]["store"],
        format!("{}?token=<redacted>", backend.store_url())
    );
}

#[test]
fn matchbench_variables_give_the_target_and_the_label() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let backend = runtime
        .block_on(backend::start(BackendOptions::default()))
        .unwrap();
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
fn sigint_during_the_health_check_exits_130_and_leaves_no_folder() {
    // Accepts connections (the kernel does) but never answers them.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", silent.local_addr().unwrap());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    let file = tiny(dir.path());
    let args = [
        "run".as_ref(),
        "-v".as_ref(),
        "--no-dashboard".as_ref(),
        "--matchmaker".as_ref(),
        url.as_ref(),
        "--store".as_ref(),
        url.as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        file.as_os_str(),
    ];
    let mut run = Background::spawn(&args);
    run.read_until("checking the target's health");
    let started = Instant::now();
    run.interrupt();
    let ended = run.wait();

    assert_eq!(ended.status.code(), Some(130), "{}", ended.stderr);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "the health check was waited out: {:?}",
        started.elapsed()
    );
    assert!(
        ended
            .stderr
            .contains("interrupted before the load started; no reports are written"),
        "{}",
        ended.stderr
    );
    assert!(!out.exists(), "no empty report folder is left behind");
}

#[test]
fn a_second_sigint_exits_at_once() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let url = runtime.block_on(hostile::start(Misbehaviour::Hang));
    let dir = tempfile::tempdir().unwrap();
    let file = scenario(
        dir.path(),
        "name: stuck\nduration: 60s\nplayers: {survivors: 4, killers: 1}\nhttp: {timeout: 30s}\n",
    );
    let out = dir.path().join("r");
    let args = [
        "run".as_ref(),
        "--no-dashboard".as_ref(),
        "--matchmaker".as_ref(),
        url.as_str().as_ref(),
        "--store".as_ref(),
        url.as_str().as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        file.as_os_str(),
    ];
    let mut run = Background::start(&args);
    // The first stops the load; players then wait up to the grace period (4 s)
    // for the hanging target to cancel their tickets. The second ends that wait.
    run.interrupt();
    run.read_until("interrupted");
    let started = Instant::now();
    run.interrupt();
    let ended = run.wait();

    assert_eq!(ended.status.code(), Some(130));
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
}

fn wait_at_most(child: &mut std::process::Child, limit: Duration) -> std::process::ExitStatus {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("bench did not exit within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Runs a two-second scenario against a target that misbehaves; returns the summary.
async fn run_against(misbehaviour: Misbehaviour) -> Summary {
    run_against_url(misbehaviour, hostile::start(misbehaviour).await).await
}

async fn run_against_url(misbehaviour: Misbehaviour, url: url::Url) -> Summary {
    tokio::task::spawn_blocking(move || {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("r");
        let file = scenario(
            dir.path(),
            "name: hostile\nduration: 2s\nplayers: {survivors: 8, killers: 2}\n\
             purchases: {per_second: 20}\nhttp: {timeout: 1s, connect_timeout: 1s, wait: 1s}\n",
        );
        let started = Instant::now();
        bench()
            .args([
                "run",
                "--no-dashboard",
                "--matchmaker",
                url.as_str(),
                "--store",
                url.as_str(),
            ])
            .arg("--out")
            .arg(&out)
            .arg(&file)
            .timeout(Duration::from_secs(30))
            .assert()
            .code(0);
        assert!(
            started.elapsed() < Duration::from_secs(2 + 5),
            "{misbehaviour:?}: {:?}",
            started.elapsed()
        );
        read_summary(&out)
    })
    .await
    .unwrap()
}

macro_rules! hostile_target {
    ($name:ident, $misbehaviour:expr, $kind:ident) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            let summary = run_against($misbehaviour).await;
            let errors = summary.results.errors_by_kind;
            assert!(errors.$kind > 0, "{errors:?}");
            assert_eq!(
                summary.results.errors, summary.results.errors_by_kind.$kind,
                "{errors:?}"
            );
            assert_eq!(summary.results.purchases, 0);
        }
    };
}

hostile_target!(
    a_target_that_hangs_is_counted_as_timeouts,
    Misbehaviour::Hang,
    timeout
);
hostile_target!(
    a_target_that_resets_is_counted_as_connect_errors,
    Misbehaviour::Reset,
    connect
);
hostile_target!(
    a_target_answering_500_is_counted_as_server_errors,
    Misbehaviour::ServerError,
    http_5xx
);
hostile_target!(
    a_target_answering_html_is_counted_as_decode_errors,
    Misbehaviour::NotJson,
    decode
);
hostile_target!(
    a_target_answering_the_wrong_json_is_counted_as_decode_errors,
    Misbehaviour::WrongShape,
    decode
);
hostile_target!(
    a_target_dripping_its_body_is_counted_as_timeouts,
    Misbehaviour::Drip,
    timeout
);
hostile_target!(
    a_target_shedding_load_is_counted_as_server_errors,
    Misbehaviour::Overloaded,
    http_5xx
);
hostile_target!(
    a_target_sending_50_mb_is_counted_as_decode_errors,
    Misbehaviour::Huge,
    decode
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_whose_catalog_hangs_still_gives_a_run_and_its_reports() {
    let url = hostile::start_with_broken_catalog(Misbehaviour::Hang).await;
    let summary = run_against_url(Misbehaviour::Hang, url).await;
    assert_eq!(summary.results.purchases, 0);
    assert_eq!(
        summary.results.purchases_target, 40,
        "the shortfall shows against the target"
    );
    assert!(summary.results.errors_by_kind.timeout > 0);
}
