//! Diagnostics: one problem in a scenario file, with where it is and what
//! would be accepted, and [`LoadError`], every diagnostic of one file.
//!
//! The parser and the validator both produce [`Diagnostic`]s; the CLI prints
//! a [`LoadError`] as it is, one line per diagnostic.

use std::fmt;
use std::path::{Path, PathBuf};

/// A line and column in a scenario file, both counted from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// Line, from 1.
    pub line: u64,
    /// Column in characters, from 1.
    pub column: u64,
}

impl Position {
    /// The position of a value serde-saphyr located, if it knows it.
    pub(crate) fn of(location: &serde_saphyr::Location) -> Option<Self> {
        (location.line() > 0).then(|| Self {
            line: location.line(),
            column: location.column().max(1),
        })
    }
}

/// One problem in a scenario file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as it was named to [`load`](super::load).
    pub file: PathBuf,
    /// Where in the file; `None` when the file could not be read at all.
    pub position: Option<Position>,
    /// Dotted key path such as `players.killers`; empty for the whole file.
    pub path: String,
    /// What was expected and what was found, as a lowercase fragment.
    pub message: String,
}

impl Diagnostic {
    /// A problem with the file itself, such as a missing file.
    pub(crate) fn file(file: &Path, message: impl Into<String>) -> Self {
        Self {
            file: file.to_path_buf(),
            position: None,
            path: String::new(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.file.display())?;
        if let Some(at) = self.position {
            write!(f, ":{}:{}", at.line, at.column)?;
        }
        if !self.path.is_empty() {
            write!(f, ": {}", self.path)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every problem found in one scenario file, in file order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct LoadError {
    /// The problems; never empty.
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadError {
    /// A load error with a single problem.
    pub(crate) fn one(diagnostic: Diagnostic) -> Self {
        Self {
            diagnostics: vec![diagnostic],
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn killers() -> Diagnostic {
        Diagnostic {
            file: PathBuf::from("scenarios/peak.yaml"),
            position: Some(Position {
                line: 9,
                column: 12,
            }),
            path: "players.killers".into(),
            message: "expected a whole number >= 0, found -3".into(),
        }
    }

    #[test]
    fn a_diagnostic_prints_file_line_column_path_and_message() {
        assert_eq!(
            killers().to_string(),
            "error: scenarios/peak.yaml:9:12: players.killers: \
             expected a whole number >= 0, found -3"
        );
    }

    #[test]
    fn a_file_diagnostic_prints_no_position_and_no_path() {
        let d = Diagnostic::file(Path::new("gone.yaml"), "no such file");
        assert_eq!(d.to_string(), "error: gone.yaml: no such file");
    }

    #[test]
    fn a_load_error_prints_one_diagnostic_per_line() {
        let err = LoadError {
            diagnostics: vec![killers(), killers()],
        };
        assert_eq!(err.to_string().lines().count(), 2);
        assert!(!err.to_string().ends_with('\n'));
    }
}
