//! `bench serve`: run the reference matchmaker and store standalone.

use std::net::SocketAddr;
use std::path::PathBuf;

use super::{CliError, Exit};

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
    /// Most tickets the matchmaker holds queued before it answers 503.
    #[arg(long, env = "MATCHBENCH_MAX_QUEUED", default_value_t = 100_000)]
    pub max_queued: usize,
}

pub fn run(_args: ServeArgs) -> Result<Exit, CliError> {
    Ok(Exit::Success)
}
