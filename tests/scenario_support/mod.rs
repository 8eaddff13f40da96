//! Helpers the scenario tests share: a file's diagnostics as short lines.
#![allow(dead_code)]

use std::path::Path;

use matchbench::scenario::{Diagnostic, load_str};

/// The diagnostics of `yaml`, loaded with no environment, as
/// `line:column path: message` lines.
pub fn errors(yaml: &str) -> Vec<String> {
    let no_env = |_: &str| None;
    match load_str(Path::new("s.yaml"), yaml, &no_env) {
        Ok(_) => Vec::new(),
        Err(err) => err.diagnostics.iter().map(short).collect(),
    }
}

/// One diagnostic as `line:column path: message`, `-` standing for no position.
pub fn short(d: &Diagnostic) -> String {
    let at = d
        .position
        .map_or("-".into(), |p| format!("{}:{}", p.line, p.column));
    format!("{at} {}: {}", d.path, d.message)
}
