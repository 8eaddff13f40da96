//! The verbs of `bench`, their flags, and the exit codes they end with.

mod compare;
mod exit;
mod run;
mod schema;
mod serve;
mod signal;
mod validate;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

pub use exit::{CliError, Exit};

/// Load tests for a game's matchmaker and store.
#[derive(Debug, Parser)]
#[command(name = "bench", version, about, long_about = None)]
#[command(after_help = "Examples:\n  \
    bench run scenarios/peak.yaml\n  \
    bench validate scenarios/*.yaml\n  \
    bench compare reports/peak-old reports/peak-new\n  \
    bench serve --matchmaker-addr 127.0.0.1:7001 --store-addr 127.0.0.1:7002")]
pub struct Cli {
    /// More log detail on stderr (-v debug, -vv trace); RUST_LOG overrides.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Only errors on stderr; `run` also skips the live view and the text summary.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// One verb.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Play a scenario against a matchmaker and store, and write its reports.
    Run(run::RunArgs),
    /// Check scenario files without running them.
    Validate(validate::ValidateArgs),
    /// Print the JSON Schema of scenario files.
    Schema(schema::SchemaArgs),
    /// Run the reference matchmaker and store standalone.
    Serve(serve::ServeArgs),
    /// Compare the reports of two runs.
    Compare(compare::CompareArgs),
}

/// Sends `tracing` output to stderr at the level the flags and `RUST_LOG` ask for.
pub fn init_logging(cli: &Cli) {
    let default = match (cli.quiet, cli.verbose) {
        (true, _) => "error",
        (false, 0) => "warn,matchbench=info,bench=info",
        // Our own detail only: the HTTP crates' debug output would drown it.
        (false, 1) => "warn,matchbench=debug,bench=debug",
        (false, _) => "info,matchbench=trace,bench=trace",
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(|| matchbench::live::Logs)
        .with_ansi(std::io::stderr().is_terminal() && !matchbench::live::no_color())
        .init();
}

/// Raises the open-file limit as far as the system allows.
///
/// Every waiting player holds a connection for its long poll, and with the
/// embedded backend both ends of it are in this process: 10,000 players need
/// over 20,000 descriptors, far above the usual soft limit of 1,024.
pub fn raise_open_file_limit() {
    const WANTED: u64 = 1 << 20;
    if rlimit::setrlimit(rlimit::Resource::NOFILE, WANTED, WANTED).is_ok() {
        return;
    }
    match rlimit::increase_nofile_limit(WANTED) {
        Ok(limit) => tracing::debug!(limit, "open-file limit raised"),
        Err(err) => tracing::debug!(%err, "cannot raise the open-file limit"),
    }
}

/// Writes to stdout, ignoring a closed pipe (`bench validate ... | head`)
/// instead of panicking as `println!` does.
pub fn print(text: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_fmt(text);
}

/// Runs the chosen verb and turns its outcome into the process exit code.
pub fn dispatch(cli: Cli) -> ExitCode {
    let outcome = match cli.command {
        Command::Run(args) => run::run(args, cli.quiet),
        Command::Validate(args) => validate::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Compare(args) => compare::run(args),
    };
    match outcome {
        Ok(exit) => exit.into(),
        Err(err) => {
            eprintln!("error: {err:#}");
            err.exit().into()
        }
    }
}
