//! `bench`: the command line of matchbench.
//!
//! Parses the arguments, runs one verb, prints any error once, and exits with
//! the documented code.
#![forbid(unsafe_code)]

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    cli::init_logging(&args);
    cli::raise_open_file_limit();
    cli::dispatch(args)
}
