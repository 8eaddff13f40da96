//! The text of one scenario file: reading it safely, and quoting from it.
//!
//! Diagnostics quote what was written ("found -3"), so the source stays at
//! hand after parsing. Reading refuses what is not a scenario file before the
//! parser sees it: a directory, a FIFO or a device, an oversized file, bytes
//! that are not UTF-8.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use serde_saphyr::Location;

use super::diagnostic::{Diagnostic, Position};

/// Scenario files are reviewed by people; anything larger is a mistake, and
/// refusing it up front keeps `bench validate` fast on any input.
pub(crate) const MAX_BYTES: u64 = 1024 * 1024;

/// How much of a value a diagnostic quotes before cutting it short.
const MAX_QUOTE_CHARS: usize = 40;

/// A scenario file's name and text.
pub(crate) struct Source {
    /// The file as named by the caller.
    pub path: PathBuf,
    /// The whole file.
    pub text: String,
}

impl Source {
    /// Reads `path`, refusing anything but a regular file, files over
    /// [`MAX_BYTES`] and non-UTF-8 text. No read waits on a writer or runs
    /// past the limit, even if the file changes under it.
    pub fn read(path: &Path) -> Result<Self, Diagnostic> {
        let problem = |message: String| Diagnostic::file(path, message);
        let meta = std::fs::metadata(path).map_err(|e| problem(describe_io(&e)))?;
        if meta.is_dir() {
            return Err(problem("is a directory, expected a scenario file".into()));
        }
        if !meta.is_file() {
            return Err(problem(
                "is not a regular file, expected a scenario file".into(),
            ));
        }
        if meta.len() > MAX_BYTES {
            return Err(problem(too_large(&meta.len().to_string())));
        }
        let bytes = read_at_most(path, MAX_BYTES).map_err(|e| problem(describe_io(&e)))?;
        if bytes.len() as u64 > MAX_BYTES {
            return Err(problem(too_large(&format!("more than {MAX_BYTES}"))));
        }
        Self::from_bytes(path, bytes)
    }

    /// Takes bytes already read, refusing them unless they are UTF-8.
    pub fn from_bytes(path: &Path, bytes: Vec<u8>) -> Result<Self, Diagnostic> {
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Self {
                path: path.to_path_buf(),
                text,
            }),
            Err(err) => {
                let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
                let bad = err.as_bytes().get(valid.len()).copied().unwrap_or(0);
                let mut diagnostic = Diagnostic::file(
                    path,
                    format!("expected UTF-8 text, found the byte 0x{bad:02x}"),
                );
                diagnostic.position = Some(end_of(&String::from_utf8_lossy(valid)));
                Err(diagnostic)
            }
        }
    }

    /// A diagnostic in this file.
    pub fn error(&self, at: Option<Position>, path: &str, message: String) -> Diagnostic {
        Diagnostic {
            file: self.path.clone(),
            position: at,
            path: path.to_string(),
            message,
        }
    }

    /// The text of a located value as written, for "found ..." in messages.
    pub fn quote(&self, location: &Location) -> String {
        let span = location.span();
        let text = span
            .byte_offset()
            .zip(span.byte_len())
            .and_then(|(start, len)| {
                let start = usize::try_from(start).ok()?;
                let end = start.checked_add(usize::try_from(len).ok()?)?;
                self.text.get(start..end)
            });
        match text.map(str::trim) {
            Some("") | None => self.token_at(Position::of(location)),
            Some(text) => shorten(text),
        }
    }

    /// What starts at `at`: a scalar as written, or "a list" or "a mapping".
    pub fn token_at(&self, at: Option<Position>) -> String {
        let Some(at) = at else {
            return "nothing".into();
        };
        let line_index = usize::try_from(at.line.saturating_sub(1)).unwrap_or(usize::MAX);
        let skip = usize::try_from(at.column.saturating_sub(1)).unwrap_or(usize::MAX);
        let mut lines = self.text.lines().skip(line_index);
        let line = lines.next().unwrap_or("");
        let rest: String = line.chars().skip(skip).collect();
        let rest = rest.split(" #").next().unwrap_or("").trim();
        let rest = rest.strip_prefix(':').map_or(rest, str::trim);
        if rest.is_empty() {
            return block_below(indent(line), lines);
        }
        // `,`, `]` and `}` end a scalar only inside a flow collection.
        let in_flow = line.chars().take(skip).any(|c| c == '[' || c == '{');
        if rest.starts_with('[') || rest == "-" || rest.starts_with("- ") {
            "a list".into()
        } else if rest.starts_with('{') || (!in_flow && starts_block_mapping(rest)) {
            "a mapping".into()
        } else if in_flow {
            match rest.split([',', '}', ']']).next().unwrap_or(rest).trim() {
                "" => "nothing".into(),
                scalar => shorten(scalar),
            }
        } else {
            shorten(rest)
        }
    }

    /// Whether the file holds nothing but blank lines and comments.
    pub fn is_blank(&self) -> bool {
        self.text
            .lines()
            .map(str::trim)
            .all(|l| l.is_empty() || l.starts_with('#') || l == "---" || l == "...")
    }

    /// The first tab in a line's indentation, where YAML forbids it, on
    /// line `from` or below.
    pub fn indentation_tab(&self, from: u64) -> Option<Position> {
        let skip = usize::try_from(from.saturating_sub(1)).unwrap_or(usize::MAX);
        self.text
            .lines()
            .zip(1..)
            .skip(skip)
            .find_map(|(line, number)| {
                let indent: String = line
                    .chars()
                    .take_while(|c| *c == ' ' || *c == '\t')
                    .collect();
                let column = indent.chars().position(|c| c == '\t')?;
                let column = u64::try_from(column).ok()? + 1;
                Some(Position {
                    line: number,
                    column,
                })
            })
    }
}

/// What a key with nothing after it on its line holds: the block indented
/// below it, or nothing.
fn block_below<'a>(key_indent: usize, mut lines: impl Iterator<Item = &'a str>) -> String {
    let next = lines.find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    match next {
        Some(l) if l.trim_start().starts_with('-') && indent(l) >= key_indent => "a list".into(),
        Some(l) if indent(l) > key_indent && l.contains(':') => "a mapping".into(),
        Some(l) if indent(l) > key_indent => shorten(l.trim()),
        _ => "nothing".into(),
    }
}

/// Whether `text` opens a block mapping, as `value: 5m` does: a plain
/// scalar cannot hold `: `, so a key is what it must be.
fn starts_block_mapping(text: &str) -> bool {
    !text.starts_with(['"', '\'']) && (text.ends_with(':') || text.contains(": "))
}

fn indent(line: &str) -> usize {
    line.chars().take_while(|c| *c == ' ').count()
}

/// Up to `limit + 1` bytes of `path`, so that a file which grew past the
/// limit after its size was checked is still caught.
fn read_at_most(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    File::open(path)?
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The message for a file of `size` bytes, over [`MAX_BYTES`].
fn too_large(size: &str) -> String {
    format!("file is {size} bytes, a scenario file is at most {MAX_BYTES} bytes")
}

/// A lowercase description of an I/O error, without the OS error number.
fn describe_io(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::NotFound => "no such file".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::IsADirectory => "is a directory, expected a scenario file".into(),
        _ => format!("cannot read: {err}"),
    }
}

/// The position just after `text`.
fn end_of(text: &str) -> Position {
    let line = text.matches('\n').count() as u64 + 1;
    let last = text.rsplit('\n').next().unwrap_or("");
    Position {
        line,
        column: last.chars().count() as u64 + 1,
    }
}

/// `text` cut to a readable length.
pub(crate) fn shorten(text: &str) -> String {
    if text.chars().count() <= MAX_QUOTE_CHARS {
        return text.to_string();
    }
    let cut: String = text.chars().take(MAX_QUOTE_CHARS).collect();
    format!("{cut}...")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> Source {
        Source {
            path: PathBuf::from("s.yaml"),
            text: text.into(),
        }
    }

    #[test]
    fn a_token_is_quoted_up_to_a_comment() {
        let s = source("killers: -3   # too few\n");
        assert_eq!(
            s.token_at(Some(Position {
                line: 1,
                column: 10
            })),
            "-3"
        );
    }

    #[test]
    fn a_block_below_a_key_is_named_a_list_or_a_mapping() {
        let s = source("players:\n  - a\nhttp:\n  timeout: 1s\n");
        assert_eq!(s.token_at(Some(Position { line: 1, column: 9 })), "a list");
        assert_eq!(
            s.token_at(Some(Position { line: 3, column: 6 })),
            "a mapping"
        );
    }

    #[test]
    fn brackets_end_a_scalar_only_inside_a_flow_collection() {
        let s = source("name: a]b\nx: [a]b, c]\n");
        let at = |line, column| Some(Position { line, column });
        assert_eq!(s.token_at(at(1, 7)), "a]b");
        assert_eq!(s.token_at(at(2, 5)), "a");
    }

    #[test]
    fn a_block_mapping_is_named_at_its_first_key() {
        let s = source("duration:\n  value: 5m\n");
        assert_eq!(
            s.token_at(Some(Position { line: 2, column: 3 })),
            "a mapping"
        );
    }

    #[test]
    fn an_empty_value_in_a_flow_mapping_is_quoted_as_nothing() {
        let s = source("players: { survivors: }\n");
        let colon = Some(Position {
            line: 1,
            column: 21,
        });
        assert_eq!(s.token_at(colon), "nothing");
    }

    #[test]
    fn a_tab_in_indentation_is_found() {
        let s = source("name: a\n  \tduration: 5m\n");
        assert_eq!(s.indentation_tab(1), Some(Position { line: 2, column: 3 }));
    }

    #[test]
    fn a_tab_above_the_starting_line_is_not_looked_at() {
        let s = source("text: |\n  \tok\nname: a\n\tduration: 5m\n");
        assert_eq!(s.indentation_tab(3), Some(Position { line: 4, column: 1 }));
    }

    #[test]
    fn invalid_utf8_is_located_at_its_first_bad_byte() {
        let err = Source::from_bytes(Path::new("s.yaml"), b"name: a\nx: \xff".to_vec());
        let err = err.err().map(|d| (d.position, d.message));
        let at = Position { line: 2, column: 4 };
        let message = "expected UTF-8 text, found the byte 0xff".to_string();
        assert_eq!(err, Some((Some(at), message)));
    }
}
