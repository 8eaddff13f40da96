//! `bench serve`: run the reference matchmaker and store standalone.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;

use super::{CliError, Exit};
use matchbench::backend::{self, Backend, BackendOptions};

/// Flags of `bench serve`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    bench serve\n  \
    bench serve --matchmaker-addr 127.0.0.1:7001 --store-addr 127.0.0.1:7002 --store-db store.db")]
pub struct ServeArgs {
    /// Address the matchmaker listens on; port 0 picks a free port.
    #[arg(
        long,
        env = "MATCHBENCH_MATCHMAKER_ADDR",
        default_value = "127.0.0.1:0"
    )]
    pub matchmaker_addr: SocketAddr,
    /// Address the store listens on; port 0 picks a free port.
    #[arg(long, env = "MATCHBENCH_STORE_ADDR", default_value = "127.0.0.1:0")]
    pub store_addr: SocketAddr,
    /// SQLite file that keeps the store's data; a temporary database without it.
    #[arg(long, env = "MATCHBENCH_STORE_DB")]
    pub store_db: Option<PathBuf>,
    /// Most tickets the matchmaker holds queued before it answers 503; at least 1.
    #[arg(
        long,
        env = "MATCHBENCH_MAX_QUEUED",
        value_name = "N",
        default_value_t = 100_000,
        value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..)
    )]
    pub max_queued: usize,
    /// How long a ticket may wait unmatched before it expires, e.g. 90s; at least 1s.
    #[arg(
        long,
        env = "MATCHBENCH_QUEUE_TIMEOUT",
        value_name = "D",
        default_value = "10m",
        value_parser = queue_timeout
    )]
    pub queue_timeout: Duration,
    /// Purchases one player may make per second before the store answers 429; no limit without it.
    #[arg(
        long,
        env = "MATCHBENCH_PURCHASES_PER_PLAYER",
        value_name = "N",
        value_parser = clap::value_parser!(u32).range(1..)
    )]
    pub purchases_per_player: Option<u32>,
}

/// Parses `--queue-timeout`: a duration such as `90s` or `10m`, at least a second.
fn queue_timeout(text: &str) -> Result<Duration, String> {
    let timeout = humantime::parse_duration(text).map_err(|err| err.to_string())?;
    if timeout < Duration::from_secs(1) {
        return Err(format!("{text} is shorter than the least allowed, 1s"));
    }
    Ok(timeout)
}

/// Starts the backend, prints its URLs as one JSON line, and serves until
/// Ctrl-C or SIGTERM.
pub fn run(args: ServeArgs) -> Result<Exit, CliError> {
    let runtime = tokio::runtime::Runtime::new()
        .context("cannot start the async runtime")
        .map_err(CliError::Unavailable)?;
    runtime.block_on(serve(args))
}

async fn serve(args: ServeArgs) -> Result<Exit, CliError> {
    // Caught before the URLs are printed: whoever reads them may stop the
    // server at once, and an uncaught SIGTERM would leave the temporary
    // database behind.
    let mut stop = super::signal::listen().map_err(CliError::Unavailable)?;
    let options = BackendOptions {
        matchmaker_addr: args.matchmaker_addr,
        store_addr: args.store_addr,
        store_db: args.store_db,
        max_queued: args.max_queued,
        queue_timeout: args.queue_timeout,
        purchases_per_player: args.purchases_per_player,
    };
    let backend = backend::start(options)
        .await
        .map_err(|err| CliError::Unavailable(err.into()))?;
    announce(&backend).map_err(CliError::Unavailable)?;
    let stopped = stop.next().await;
    backend.shutdown().await;
    stopped.map_err(CliError::Unavailable)?;
    Ok(Exit::Success)
}

/// Prints `{"matchmaker": "http://…", "store": "http://…"}` on stdout and flushes it.
fn announce(backend: &Backend) -> anyhow::Result<()> {
    let quoted = |url: &url::Url| serde_json::Value::from(url.as_str().trim_end_matches('/'));
    let line = format!(
        "{{\"matchmaker\": {}, \"store\": {}}}",
        quoted(backend.matchmaker_url()),
        quoted(backend.store_url())
    );
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{line}").context("cannot write the backend's URLs to stdout")?;
    stdout
        .flush()
        .context("cannot write the backend's URLs to stdout")
}
