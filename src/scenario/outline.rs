//! The shape of a scenario's YAML as written: where each key and value
//! starts, the key path it sits at, and whether it is a scalar, a list or a
//! mapping.
//!
//! serde-saphyr locates a parse error by line and column only, and the key
//! path its tracker gives stops at a region or header name (`?`). When
//! parsing fails, `parse` reads the text again with the event parser under
//! serde-saphyr, so that the diagnostic can name the value at the error's
//! position and the key it belongs to, or, for a syntax error, the key whose
//! value was being read when the text stopped being YAML. Successful loads
//! never pay for it.

use serde_saphyr::granit_parser::{Event, Marker, Parser, Span};

use super::diagnostic::Position;
use super::source::shorten;

/// The keys and values of a YAML text that start at one position, and where
/// the text stopped being YAML, if it did.
#[derive(Debug, Default)]
pub(crate) struct Outline {
    /// The nodes starting at the position, outermost first, each key
    /// followed by its value.
    nodes: Vec<Node>,
    /// The key path being read where the text stopped being YAML, if it did.
    pub stopped_in: Option<String>,
}

/// One key or value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    /// Where it starts.
    pub at: Position,
    /// The key path of a value; for a key, the path of the mapping holding it.
    pub path: String,
    /// Whether it is a key or a value.
    pub role: Role,
    /// What it is.
    pub shape: Shape,
}

/// A mapping key, or a value (of a key, of a list, or the whole document).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Key,
    Value,
}

/// What a node is, as a diagnostic names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A scalar or an alias, with the text written for it (empty when
    /// nothing was written, as in `killers:`).
    Scalar(String),
    List,
    Mapping,
}

impl Shape {
    /// The node as "found ..." quotes it.
    pub fn describe(&self) -> String {
        match self {
            Self::Scalar(text) if text.is_empty() => "nothing".into(),
            Self::Scalar(text) => shorten(text),
            Self::List => "a list".into(),
            Self::Mapping => "a mapping".into(),
        }
    }
}

/// A collection being read: the path segment that names it in its parent,
/// and what comes next in it.
struct Open {
    segment: String,
    next: Next,
}

enum Next {
    /// The list's next index.
    Item(usize),
    /// A mapping's next key, or the value of the key read last.
    Key,
    Value(String),
}

impl Outline {
    /// Outlines `text` around `at`: every node starting there, the value of
    /// a key starting there, and the key path being read if the text stops
    /// being YAML. Only segment names are kept while reading, so the cost is
    /// one pass and memory in proportion to the depth.
    pub fn read(text: &str, at: Option<Position>) -> Self {
        let mut outline = Self::default();
        let mut open: Vec<Open> = Vec::new();
        let mut after_key = false;
        for next in Parser::new_from_str(text) {
            let Ok((event, span)) = next else {
                outline.stopped_in = Some(reading(&open));
                break;
            };
            if matches!(event, Event::SequenceEnd | Event::MappingEnd) {
                open.pop();
                continue;
            }
            let Some((name, shape)) = node(&event, &span, text) else {
                continue;
            };
            let here = position(&span.start);
            let (role, segment) = place(&mut open, name);
            if Some(here) == at || after_key {
                let parent = path_of(&open);
                let path = match role {
                    Role::Key => parent,
                    Role::Value => join(&parent, &segment),
                };
                after_key = role == Role::Key && Some(here) == at;
                let shape = shape.clone();
                outline.nodes.push(Node {
                    at: here,
                    path,
                    role,
                    shape,
                });
            }
            let next = match shape {
                Shape::List => Next::Item(0),
                Shape::Mapping => Next::Key,
                Shape::Scalar(_) => continue,
            };
            open.push(Open { segment, next });
        }
        outline
    }

    /// The value a parse error at `at` is about: a value starting there, or
    /// the value of a key starting there, preferring the one at the key path
    /// the tracker gave (`tracked`, where `?` stands for any key).
    pub fn value_at(&self, at: Position, tracked: &str) -> Option<&Node> {
        let candidates: Vec<&Node> = self
            .nodes
            .iter()
            .enumerate()
            .filter_map(|(i, node)| match node.role {
                Role::Value if node.at == at => Some(node),
                Role::Key if node.at == at => self.nodes.get(i + 1),
                _ => None,
            })
            .filter(|node| node.role == Role::Value)
            .collect();
        let wanted = candidates.iter().find(|node| matches(&node.path, tracked));
        wanted.or(candidates.first()).copied()
    }

    /// The key starting at `at`.
    pub fn key_at(&self, at: Position) -> Option<&Node> {
        self.nodes
            .iter()
            .find(|node| node.at == at && node.role == Role::Key)
    }
}

/// A node's name as a key (a scalar's value) and its shape; `None` for
/// events that are not nodes, such as comments and collection ends.
fn node(event: &Event, span: &Span, text: &str) -> Option<(Option<String>, Shape)> {
    match event {
        Event::Scalar(value, ..) => Some((Some(value.to_string()), written(text, span))),
        Event::Alias(_) => Some((None, written(text, span))),
        Event::SequenceStart(..) => Some((None, Shape::List)),
        Event::MappingStart(..) => Some((None, Shape::Mapping)),
        _ => None,
    }
}

/// The role of a node read inside `open`, and the path segment naming it,
/// updating the collection it belongs to. `name` is a scalar's value, which
/// names it as a key; for a key, the segment is that name.
fn place(open: &mut [Open], name: Option<String>) -> (Role, String) {
    let Some(parent) = open.last_mut() else {
        return (Role::Value, String::new());
    };
    match std::mem::replace(&mut parent.next, Next::Key) {
        Next::Item(index) => {
            parent.next = Next::Item(index + 1);
            (Role::Value, index.to_string())
        }
        Next::Value(key) => (Role::Value, key),
        Next::Key => {
            // A list, a mapping or an alias as a key has no name for a path.
            let key = name.unwrap_or_else(|| "*".into());
            parent.next = Next::Value(key.clone());
            (Role::Key, key)
        }
    }
}

/// The key path of the innermost collection being read.
fn path_of(open: &[Open]) -> String {
    open.iter()
        .map(|o| o.segment.as_str())
        .filter(|segment| !segment.is_empty())
        .collect::<Vec<_>>()
        .join(".")
}

/// The key path whose value was being read: the collection's, plus the
/// key read last when its value is still to come.
fn reading(open: &[Open]) -> String {
    let path = path_of(open);
    match open.last().map(|o| &o.next) {
        Some(Next::Value(key)) => join(&path, key),
        _ => path,
    }
}

/// Whether `path` is the tracker's `tracked`, where `?` stands for any key
/// and a trailing `value` is the inside of a located value.
fn matches(path: &str, tracked: &str) -> bool {
    let tracked = tracked.strip_suffix(".value").unwrap_or(tracked);
    let tracked: Vec<&str> = tracked.split('.').filter(|s| !s.is_empty()).collect();
    let path: Vec<&str> = path.split('.').filter(|s| !s.is_empty()).collect();
    path.len() == tracked.len()
        && path
            .iter()
            .zip(&tracked)
            .all(|(segment, want)| *want == "?" || segment == want)
}

/// A scalar or alias as written in `span`, on one line.
fn written(text: &str, span: &Span) -> Shape {
    let written = span.slice(text).unwrap_or("").trim();
    Shape::Scalar(match written.split_once('\n') {
        Some((first, _)) => format!("{}...", first.trim_end()),
        None => written.to_string(),
    })
}

fn position(marker: &Marker) -> Position {
    Position {
        line: marker.line() as u64,
        column: marker.col() as u64 + 1,
    }
}

/// `parent.key`, or `key` at the top.
pub(crate) fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u64, column: u64) -> Position {
        Position { line, column }
    }

    fn value(text: &str, line: u64, column: u64, tracked: &str) -> Option<(String, String)> {
        let outline = Outline::read(text, Some(at(line, column)));
        let value = outline.value_at(at(line, column), tracked);
        value.map(|v| (v.path.clone(), v.shape.describe()))
    }

    #[test]
    fn a_block_mapping_under_a_header_is_the_value_of_that_header() {
        let text = "http:\n  headers:\n    X-Game:\n      nested: 1\n";
        let found = value(text, 4, 7, "http.headers.?.value");
        assert_eq!(
            found,
            Some(("http.headers.X-Game".into(), "a mapping".into()))
        );
    }

    #[test]
    fn a_key_names_the_mapping_that_holds_it() {
        let outline = Outline::read("players:\n  regions: {~: 1}\n", Some(at(2, 13)));
        let key = outline.key_at(at(2, 13));
        let key = key.map(|k| (k.path.as_str(), k.shape.describe()));
        assert_eq!(key, Some(("players.regions", "~".into())));
    }

    #[test]
    fn the_tracked_path_chooses_between_a_mapping_and_the_value_of_its_first_key() {
        let text = "seed: [1]\nname: t\n";
        assert_eq!(
            value(text, 1, 1, "seed"),
            Some(("seed".into(), "a list".into()))
        );
        assert_eq!(
            value(text, 1, 1, "."),
            Some(("".into(), "a mapping".into()))
        );
    }

    #[test]
    fn an_empty_value_is_nothing() {
        let found = value("name: t\nduration:\n", 2, 9, "duration");
        assert_eq!(found, Some(("duration".into(), "nothing".into())));
    }

    #[test]
    fn a_syntax_error_names_the_key_being_read() {
        let stopped = |text| Outline::read(text, None).stopped_in;
        assert_eq!(stopped("name: \"abc\n").as_deref(), Some("name"));
        assert_eq!(
            stopped("players: { killers: 3\n").as_deref(),
            Some("players")
        );
        assert_eq!(stopped("name: t\n"), None);
    }
}
