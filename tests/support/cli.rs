//! Helpers for the tests that drive the `bench` binary: a command with a
//! clean environment, scenario files, reports, and runs in the background.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use assert_cmd::cargo::cargo_bin;
use matchbench::report::summary::Summary;

use super::hostile;

pub fn bench() -> Command {
    let mut cmd = Command::cargo_bin("bench").expect("the bench binary");
    cmd.env_remove("RUST_LOG");
    for name in our_variables() {
        cmd.env_remove(name);
    }
    cmd
}

/// The `MATCHBENCH_*` variables of the test's environment, which would change
/// what `bench` does.
pub fn our_variables() -> Vec<String> {
    std::env::vars()
        .map(|(name, _)| name)
        .filter(|name| name.starts_with("MATCHBENCH_"))
        .collect()
}

/// Writes a scenario file into `dir` and returns its path.
pub fn scenario(dir: &Path, body: &str) -> PathBuf {
    let path = dir.join("scenario.yaml");
    std::fs::write(&path, body).unwrap();
    path
}

pub fn read_summary(folder: &Path) -> Summary {
    serde_json::from_slice(&std::fs::read(folder.join("summary.json")).unwrap()).unwrap()
}

/// The smallest scenario that forms matches: one second, five players.
pub fn tiny(dir: &Path) -> PathBuf {
    scenario(
        dir,
        "name: tiny\nduration: 1s\nplayers: {survivors: 4, killers: 1}\n",
    )
}

/// The reference backend on loopback, served by the runtime returned with it
/// for as long as that runtime lives.
pub fn running_backend() -> (tokio::runtime::Runtime, matchbench::backend::Backend) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let options = matchbench::backend::BackendOptions::default();
    let backend = runtime
        .block_on(matchbench::backend::start(options))
        .unwrap();
    (runtime, backend)
}

/// A target on which nothing listens, so that a run reaching its health check exits 3.
pub fn unreachable() -> url::Url {
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(hostile::closed_port())
}

/// Every file in `folder`, read as text, by name.
pub fn files_in(folder: &Path) -> Vec<(String, String)> {
    std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            let name = entry.file_name().into_string().unwrap();
            (name, std::fs::read_to_string(entry.path()).unwrap())
        })
        .collect()
}

/// A `bench` run in the background, with its stderr read line by line.
pub struct Background {
    pub child: std::process::Child,
    pub stderr: BufReader<std::process::ChildStderr>,
}

/// How a background run ended.
pub struct Ended {
    pub status: std::process::ExitStatus,
    pub stdout: String,
    /// Stderr after the lines the test waited for.
    pub stderr: String,
}

impl Background {
    /// Starts `bench` with `args` and waits until its load has started.
    pub fn start(args: &[&std::ffi::OsStr]) -> Self {
        let mut run = Self::spawn(args);
        run.read_until("ramp-up started");
        run
    }

    /// Starts `bench` with `args`.
    pub fn spawn(args: &[&std::ffi::OsStr]) -> Self {
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
    pub fn read_until(&mut self, text: &str) {
        let mut line = String::new();
        while !line.contains(text) {
            line.clear();
            let read = self.stderr.read_line(&mut line).unwrap();
            assert!(read > 0, "bench ended before printing {text:?}");
        }
    }

    pub fn interrupt(&self) {
        let pid = self.child.id().to_string();
        StdCommand::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap();
    }

    /// Waits for the exit, reading the rest of stdout and stderr meanwhile.
    pub fn wait(mut self) -> Ended {
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

pub fn wait_at_most(child: &mut std::process::Child, limit: Duration) -> std::process::ExitStatus {
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
