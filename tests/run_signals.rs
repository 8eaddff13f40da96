//! `bench run` interrupted: Ctrl-C or SIGTERM during the load or before it.

mod support;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use support::cli::*;
use support::hostile::{self, Misbehaviour};

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

/// A run of `body` in the background against a target that hangs on
/// everything but its health check and catalog, started and past its ramp-up.
struct HangingRun {
    run: Background,
    out: PathBuf,
    _dir: tempfile::TempDir,
    /// Serves the hanging target for as long as the run lasts.
    _runtime: tokio::runtime::Runtime,
}

fn start_against_hanging_target(body: &str) -> HangingRun {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let url = runtime.block_on(hostile::start(Misbehaviour::Hang));
    let dir = tempfile::tempdir().unwrap();
    let file = scenario(dir.path(), body);
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
    HangingRun {
        run: Background::start(&args),
        out,
        _dir: dir,
        _runtime: runtime,
    }
}

#[test]
fn a_second_sigint_exits_at_once() {
    let HangingRun {
        mut run,
        out,
        _dir,
        _runtime,
    } = start_against_hanging_target(
        "name: stuck\nduration: 60s\nplayers: {survivors: 4, killers: 1}\nhttp: {timeout: 30s}\n",
    );
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
    assert!(!out.exists(), "no empty report folder is left behind");
}

#[test]
fn sigint_once_the_load_is_over_says_so_and_the_run_ends_as_it_would() {
    let HangingRun {
        mut run,
        out,
        _dir,
        _runtime,
    } = start_against_hanging_target(
        "name: over\nduration: 1s\nplayers: {survivors: 4, killers: 1}\n",
    );
    // The joins hang, so the run waits out its grace period after the load.
    run.read_until("stopping: cancelling tickets");
    run.interrupt();
    let ended = run.wait();

    assert!(
        ended.stderr.contains("the load is already over"),
        "{}",
        ended.stderr
    );
    assert_eq!(ended.status.code(), Some(0), "the load ran its course");
    assert!(!read_summary(&out).interrupted);
}
