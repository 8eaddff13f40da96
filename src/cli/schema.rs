//! `bench schema`: print the JSON Schema of scenario files.

use super::{CliError, Exit};

/// Flags of `bench schema`.
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {}

pub fn run(_args: SchemaArgs) -> Result<Exit, CliError> {
    Ok(Exit::Success)
}
