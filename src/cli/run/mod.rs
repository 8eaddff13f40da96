//! `bench run`: play a scenario and write its reports.
//!
//! The verb reads as its steps: load the scenario and apply the flags,
//! prepare the report folder and check the history file (so an unwritable
//! one fails before any load), catch Ctrl-C, start or reach the target, check
//! its health, play the load with a live view, write the reports, print the
//! summary, and exit with the verdict. A run that does not get as far as its
//! load removes the report folder it created.

mod interrupt;
mod output;
mod target;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, anyhow};
use clap::builder::FalseyValueParser;
use jiff::Timestamp;
use matchbench::benchmark::{Results, Runner};
use matchbench::client::{HttpMatchClient, HttpStoreClient};
use matchbench::config::{Target, redact_url};
use matchbench::live::{Dashboard, DashboardGuard, LiveView, Progress, Silent};
use matchbench::report::assemble::folder_stamp;
use matchbench::report::summary::TargetInfo;
use matchbench::report::writer::{self, RunFolder};
use matchbench::scenario::{self, Scenario};
use tokio_util::sync::CancellationToken;
use url::Url;

use super::{CliError, Exit};
use interrupt::Interrupt;

/// Flags of `bench run`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    bench run scenarios/peak.yaml\n  \
    bench run scenarios/smoke.yaml --no-dashboard --out reports/smoke --force\n  \
    bench run scenarios/peak.yaml --label v1.4.0 --append-csv history.csv\n  \
    bench run scenarios/peak.yaml --matchmaker http://127.0.0.1:7001 --store http://127.0.0.1:7002")]
pub struct RunArgs {
    /// The scenario file to play.
    pub scenario: PathBuf,

    /// Report folder [default: reports/<scenario>-<UTC start>]
    #[arg(long, short, env = "MATCHBENCH_OUT", value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Write into a report folder that already holds files.
    #[arg(long)]
    pub force: bool,

    /// Names the run in its reports, such as a release tag.
    #[arg(long, env = "MATCHBENCH_LABEL", value_name = "TEXT")]
    pub label: Option<String>,

    /// Plays the scenario for this long instead of its own duration, e.g. 30s.
    #[arg(long, value_parser = humantime::parse_duration, value_name = "D")]
    pub duration: Option<Duration>,

    /// Matchmaker URL, overriding the scenario's target; needs --store.
    #[arg(long, env = "MATCHBENCH_MATCHMAKER", value_parser = url_flag, value_name = "URL")]
    pub matchmaker: Option<UrlFlag>,

    /// Store URL, overriding the scenario's target; needs --matchmaker.
    #[arg(long, env = "MATCHBENCH_STORE", value_parser = url_flag, value_name = "URL")]
    pub store: Option<UrlFlag>,

    /// Also append the run's summary row to this history file.
    #[arg(long, env = "MATCHBENCH_APPEND_CSV", value_name = "FILE")]
    pub append_csv: Option<PathBuf>,

    /// Print a progress line every 5 s instead of the live dashboard.
    // From the environment, `1`, `yes` or `true` turn it on; `0`, `no`,
    // `false`, `off` or nothing leave it off.
    #[arg(long, env = "MATCHBENCH_NO_DASHBOARD", value_parser = FalseyValueParser::new())]
    pub no_dashboard: bool,

    /// What the end-of-run summary on stdout looks like.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// A URL given on the command line or in the environment. Empty, as from a
/// CI variable set to nothing, it stands for no URL rather than a bad one.
#[derive(Debug, Clone)]
pub struct UrlFlag(Option<Url>);

fn url_flag(text: &str) -> Result<UrlFlag, url::ParseError> {
    if text.trim().is_empty() {
        return Ok(UrlFlag(None));
    }
    Url::parse(text).map(|url| UrlFlag(Some(url)))
}

impl RunArgs {
    /// The `--matchmaker` URL, when one was given.
    fn matchmaker(&self) -> Option<&Url> {
        self.matchmaker.as_ref().and_then(|flag| flag.0.as_ref())
    }

    /// The `--store` URL, when one was given.
    fn store(&self) -> Option<&Url> {
        self.store.as_ref().and_then(|flag| flag.0.as_ref())
    }
}

/// The form of the end-of-run summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Grouped and aligned, for people.
    Text,
    /// `summary.json`, for tools.
    Json,
}

/// Plays the scenario; see the module docs for the steps.
pub fn run(args: RunArgs, quiet: bool) -> Result<Exit, CliError> {
    let Some(mut scenario) = load(&args.scenario) else {
        return Ok(Exit::BadInput);
    };
    apply_flags(&mut scenario, &args).map_err(CliError::BadInput)?;

    let started_at = Timestamp::now();
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| default_folder(&scenario.name, started_at));
    let folder = RunFolder::prepare(&out, args.force).map_err(|e| CliError::BadInput(e.into()))?;
    let outcome = check_history(&args).and_then(|()| {
        let runtime = tokio::runtime::Runtime::new()
            .context("cannot start the async runtime")
            .map_err(CliError::Unavailable)?;
        runtime.block_on(play(scenario, args, quiet, &folder, started_at))
    });
    // Only a run that wrote no report leaves the folder empty.
    folder.remove_if_unused();
    outcome
}

/// Checks that `--append-csv` can be appended to, before any load.
fn check_history(args: &RunArgs) -> Result<(), CliError> {
    match &args.append_csv {
        Some(history) => writer::check_history(history)
            .map(drop)
            .map_err(|err| CliError::BadInput(err.into())),
        None => Ok(()),
    }
}

/// Loads the scenario, printing its diagnostics and warnings; `None` when invalid.
fn load(path: &Path) -> Option<Scenario> {
    match scenario::load(path) {
        Ok(scenario) => {
            for warning in &scenario.warnings {
                eprintln!("warning: {}: {warning}", path.display());
            }
            Some(scenario)
        }
        Err(err) => {
            eprintln!("{err}");
            None
        }
    }
}

/// Applies `--duration`, `--matchmaker` and `--store` to the scenario.
fn apply_flags(scenario: &mut Scenario, args: &RunArgs) -> anyhow::Result<()> {
    if let Some(duration) = args.duration {
        let shown = humantime::format_duration(duration).to_string();
        if duration.is_zero() || duration > scenario::MAX_DURATION {
            return Err(anyhow!(
                "--duration {shown} must be longer than 0s and at most 30 days"
            ));
        }
        if scenario.params.ramp_up >= duration {
            let ramp_up = humantime::format_duration(scenario.params.ramp_up);
            return Err(anyhow!(
                "--duration {shown} must be longer than the scenario's ramp_up ({ramp_up})"
            ));
        }
        scenario.params.duration = duration;
        scenario.as_loaded["duration"] = shown.into();
    }
    let (matchmaker, store) = match (args.matchmaker(), args.store()) {
        (Some(matchmaker), Some(store)) => (matchmaker, store),
        (None, None) => return Ok(()),
        (Some(_), None) => {
            return Err(anyhow!(
                "--matchmaker needs --store (or MATCHBENCH_STORE) as well"
            ));
        }
        (None, Some(_)) => {
            return Err(anyhow!(
                "--store needs --matchmaker (or MATCHBENCH_MATCHMAKER) as well"
            ));
        }
    };
    for (flag, url) in [("--matchmaker", matchmaker), ("--store", store)] {
        if !matches!(url.scheme(), "http" | "https") {
            let shown = redact_url(url);
            return Err(anyhow!("{flag} {shown} must be an http or https URL"));
        }
    }
    scenario.config.target = Target::Remote {
        matchmaker: matchmaker.clone(),
        store: store.clone(),
    };
    scenario.as_loaded["target"] = serde_json::json!({
        "matchmaker": redact_url(matchmaker),
        "store": redact_url(store),
    });
    Ok(())
}

/// `reports/<scenario>-<UTC start>`.
fn default_folder(name: &str, started_at: Timestamp) -> PathBuf {
    Path::new("reports").join(format!("{name}-{}", folder_stamp(started_at)))
}

/// Everything after the checks: target, load, reports, summary.
///
/// Ctrl-C is caught first, so that one while the backend starts or the
/// health check waits ends the run with exit 130 and a message.
async fn play(
    scenario: Scenario,
    args: RunArgs,
    quiet: bool,
    folder: &RunFolder,
    started_at: Timestamp,
) -> Result<Exit, CliError> {
    let cancel = CancellationToken::new();
    let interrupt = Interrupt::install(cancel.clone(), folder.clone());
    let mut target = tokio::select! {
        reached = target::reach(&scenario.config, written_target(&scenario)) => reached?,
        () = interrupt.asked() => return Ok(Exit::Interrupted),
    };
    let played = match runner(&scenario, &target) {
        Ok(runner) if interrupt.begin_load(runner.metrics()) => {
            Some(play_load(runner, &scenario, &args, quiet, &interrupt, cancel).await)
        }
        Ok(_) => None,
        Err(err) => Some(Err(err)),
    };
    target.shutdown().await;
    // None: interrupted after the target was reached, before the load.
    let Some(results) = played else {
        return Ok(Exit::Interrupted);
    };
    let results = results?;

    let report = output::Report {
        scenario: &scenario,
        args: &args,
        folder,
        started_at,
    };
    let exit = output::finish(report, &target.info, &results, quiet)?;
    Ok(exit)
}

/// The target's URLs as the scenario (or the flags) wrote them.
fn written_target(scenario: &Scenario) -> Option<TargetInfo> {
    let target = scenario.as_loaded.get("target")?;
    Some(TargetInfo {
        matchmaker: target.get("matchmaker")?.as_str()?.to_owned(),
        store: target.get("store")?.as_str()?.to_owned(),
    })
}

/// A runner speaking HTTP, the only kind `bench run` plays.
type HttpRunner = Runner<HttpMatchClient, HttpStoreClient>;

/// The runner of the scenario's load against the target reached.
fn runner(scenario: &Scenario, target: &target::Reached) -> Result<HttpRunner, CliError> {
    let mut config = scenario.config.clone();
    config.target = target.remote();
    Runner::new(&config, scenario.params.clone()).map_err(|err| CliError::BadInput(err.into()))
}

/// Runs the load with the live view chosen by the flags and the terminal.
async fn play_load(
    mut runner: HttpRunner,
    scenario: &Scenario,
    args: &RunArgs,
    quiet: bool,
    interrupt: &Interrupt,
    cancel: CancellationToken,
) -> Result<Results, CliError> {
    let (mut view, guard) = live_view(scenario, args, quiet, interrupt);
    runner.set_metrics_callback(Box::new(move |snapshot| view.show(snapshot)));
    tracing::info!(scenario = %scenario.name, "ramp-up started");
    let results = runner.start(cancel).await;
    if let Some(guard) = guard {
        guard.finish();
    }
    results.map_err(|err| CliError::Unavailable(err.into()))
}

/// The dashboard on a terminal, a progress line elsewhere, nothing with `--quiet`.
fn live_view(
    scenario: &Scenario,
    args: &RunArgs,
    quiet: bool,
    interrupt: &Interrupt,
) -> (Box<dyn LiveView>, Option<DashboardGuard>) {
    if quiet {
        return (Box::new(Silent), None);
    }
    if !args.no_dashboard && std::io::stderr().is_terminal() {
        let title = format!("matchbench · {}", scenario.name);
        match Dashboard::start(title, interrupt.handler()) {
            Ok((dashboard, guard)) => return (Box::new(dashboard), Some(guard)),
            Err(err) => tracing::warn!(%err, "cannot draw the dashboard; printing progress lines"),
        }
    }
    (Box::new(Progress::new()), None)
}
