//! `bench schema`: print the JSON Schema of scenario files.
//!
//! The output is committed as `schema/scenario.schema.json`, which the
//! example scenarios name on their first line so editors validate them.

use matchbench::scenario;

use super::{CliError, Exit};

/// Flags of `bench schema`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  bench schema > schema/scenario.schema.json")]
pub struct SchemaArgs {}

/// Prints the schema, pretty, with a trailing newline.
pub fn run(_args: SchemaArgs) -> Result<Exit, CliError> {
    // `{:#}` on a JSON value is serde_json's infallible pretty printer.
    super::print(format_args!("{:#}\n", scenario::json_schema()));
    Ok(Exit::Success)
}
