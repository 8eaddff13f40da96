//! Exit codes and the one error type the verbs return.

use std::process::ExitCode;

/// How `bench` ends; the codes are documented in the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The run finished and every threshold held.
    Success = 0,
    /// A threshold failed, or `compare` found a regression.
    Failed = 1,
    /// Bad input: usage, an invalid scenario, an unreadable report.
    BadInput = 2,
    /// The run could not start or continue: target unreachable, port in use;
    /// or its reports could not all be written.
    Unavailable = 3,
    /// Interrupted; the partial reports were written, none when interrupted
    /// before the load.
    Interrupted = 130,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit as u8)
    }
}

/// An error that ends a verb, with the exit code it maps to.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The user's input is wrong; exit 2.
    #[error(transparent)]
    BadInput(anyhow::Error),
    /// The run could not start or continue; exit 3.
    #[error(transparent)]
    Unavailable(anyhow::Error),
}

impl CliError {
    /// The exit code this error ends the process with.
    pub fn exit(&self) -> Exit {
        match self {
            CliError::BadInput(_) => Exit::BadInput,
            CliError::Unavailable(_) => Exit::Unavailable,
        }
    }
}
