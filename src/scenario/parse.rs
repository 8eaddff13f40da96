//! YAML to [`ScenarioFile`]: the only place the crate parses YAML.
//!
//! serde-saphyr locates every parse error, `serde_path_to_error` adds the
//! key path, and the outline of the text fills in the region and header
//! names the tracker cannot give and says what stands at the error. Messages
//! are then put in the crate's voice: unknown, missing and duplicate keys
//! name the key; a value or key of the wrong type says what is accepted and
//! quotes what was written; a syntax error names the key being read.

use std::borrow::Cow;

use serde::Deserialize;
use serde_saphyr::localizer::ExternalMessageSource;
use serde_saphyr::{Error, MessageFormatter, NonFiniteFloatPolicy, Options, UserMessageFormatter};

use super::diagnostic::{Diagnostic, Position};
use super::expect::{expected, expected_key};
use super::format::ScenarioFile;
use super::outline::{Outline, join};
use super::source::Source;

/// Parses a scenario's YAML into its raw, located form.
pub(crate) fn parse(source: &Source) -> Result<ScenarioFile, Diagnostic> {
    let mut track = serde_path_to_error::Track::new();
    let result =
        serde_saphyr::with_deserializer_from_str_with_options(&source.text, options(), |de| {
            ScenarioFile::deserialize(serde_path_to_error::Deserializer::new(de, &mut track))
        });
    result.map_err(|err| translate(source, &err, &track.path().to_string()))
}

/// Parser settings: no source snippets (the diagnostic quotes what it needs),
/// duplicate keys rejected, the default budget's depth and size limits, and
/// YAML 1.2 booleans only, as the schema says: `requeue: yes` is an error.
/// `.nan` and `.inf` reach the checker as numbers, which rejects them with
/// every other violation instead of the parser stopping at the first.
fn options() -> Options {
    let mut options = Options::default();
    options.with_snippet = false;
    options.strict_booleans = true;
    options.non_finite_float_policy = NonFiniteFloatPolicy::PassThrough;
    options
}

/// The key path without serde-saphyr's and serde_path_to_error's markers:
/// `.` for the root, `value` inside a span, and `?`, a map key the tracker
/// could not name, are dropped.
fn clean_path(path: &str) -> String {
    let path = path.strip_suffix(".value").unwrap_or(path);
    let parts: Vec<&str> = path
        .split('.')
        .filter(|part| !matches!(*part, "" | "?"))
        .collect();
    parts.join(".")
}

/// One parse error as a diagnostic in the crate's voice.
fn translate(source: &Source, err: &Error, raw_path: &str) -> Diagnostic {
    let inner = err.without_snippet();
    let at = err.location().as_ref().and_then(Position::of);
    if let Error::Eof { .. } = inner
        && source.is_blank()
    {
        let message = "the file is empty, expected a mapping with at least name and duration";
        return source.error(Some(Position { line: 1, column: 1 }), "", message.into());
    }
    if let Error::MultipleDocuments { .. } = inner {
        let message = "expected one YAML document, found a second one";
        return source.error(at, "", message.into());
    }
    let raw = UserMessageFormatter.format_message(inner);
    if raw.contains("recursion limit") || raw.contains("budget") {
        let message = format!("the file is nested too deeply ({raw})");
        return source.error(at, &clean_path(raw_path), message);
    }
    let outline = Outline::read(&source.text, at);
    if is_syntax_error(inner) {
        return syntax_error(source, at, outline.stopped_in, &raw);
    }
    if let Error::UnknownAnchor { .. } = inner {
        let alias = source.token_at(at);
        let message = format!("{alias} names no anchor defined before it");
        return source.error(at, &outline.stopped_in.unwrap_or_default(), message);
    }
    let place = locate(source, &outline, at, raw_path);
    let (path, message) = reword(&place, &raw);
    // A value of the wrong type is shown where it is written, even when
    // serde-saphyr points at its key.
    let at = if place.mismatch(&raw) {
        place.at.or(at)
    } else {
        at
    };
    source.error(at, &path, message)
}

/// A syntax error, located at the key whose value was being read.
fn syntax_error(
    source: &Source,
    at: Option<Position>,
    reading: Option<String>,
    raw: &str,
) -> Diagnostic {
    if raw.contains("tab") {
        // The parser may point at the end of the line before the tab, never
        // after it: a tab earlier in the file, as in a block scalar, is legal.
        let tab = at.and_then(|at| source.indentation_tab(at.line)).or(at);
        let message = "tabs are not allowed in indentation, use spaces";
        return source.error(tab, "", message.into());
    }
    let path = reading.unwrap_or_default();
    source.error(at, &path, lowercase_first(raw).into_owned())
}

/// Whether the YAML parser itself rejected the text, rather than a key or a
/// value being wrong for the format.
fn is_syntax_error(err: &Error) -> bool {
    matches!(err, Error::ExternalMessage { source, .. }
        if matches!(**source, ExternalMessageSource::Parser(_)))
}

/// What a parse error is about.
#[derive(Debug)]
struct Place {
    /// The key path: of the value, or for a key, of the mapping holding it.
    path: String,
    /// Whether a mapping key, not a value, was rejected.
    key: bool,
    /// What stands at the error, as "found ..." quotes it.
    found: String,
    /// Where the value found starts, when the outline found one.
    at: Option<Position>,
}

impl Place {
    /// Whether serde-saphyr's message `raw` says a value, not a key, has
    /// the wrong type.
    fn mismatch(&self, raw: &str) -> bool {
        !self.key && is_mismatch(raw)
    }
}

/// Whether serde-saphyr's message `raw` says something has the wrong type.
fn is_mismatch(raw: &str) -> bool {
    raw.starts_with("expected ")
        || raw.starts_with("invalid")
        || raw.starts_with("null is not allowed")
}

/// The key or value a parse error at `at` is about. The tracker's path
/// is right where it names every key; a region or header name, which it
/// cannot name, comes from the outline.
fn locate(source: &Source, outline: &Outline, at: Option<Position>, raw_path: &str) -> Place {
    let key = raw_path == "?" || raw_path.ends_with(".?");
    let node = at.and_then(|at| {
        if key {
            outline.key_at(at)
        } else {
            outline.value_at(at, raw_path)
        }
    });
    let path = match node {
        Some(node) if raw_path.contains('?') => node.path.clone(),
        _ => clean_path(raw_path),
    };
    let found = node.map_or_else(|| source.token_at(at), |node| node.shape.describe());
    let at = node.filter(|_| !key).map(|node| node.at);
    Place {
        path,
        key,
        found,
        at,
    }
}

/// The key path and message for serde-saphyr's message `raw` about `place`.
fn reword(place: &Place, raw: &str) -> (String, String) {
    let path = place.path.as_str();
    if let Some(rest) = raw.strip_prefix("unknown field ") {
        return (path.into(), format!("unknown key {rest}"));
    }
    if let Some(key) = quoted_after(raw, "missing field ") {
        return (join(path, key), "required key is missing".into());
    }
    if let Some(key) = quoted_after(raw, "duplicate mapping key ") {
        // The tracker may name the key itself rather than its mapping.
        let parent = path
            .strip_suffix(key)
            .map_or(path, |p| p.trim_end_matches('.'));
        let message = "duplicate key, each key may appear only once";
        return (join(parent, key), message.into());
    }
    let mismatch = is_mismatch(raw);
    let found = &place.found;
    match (place.key, expected(path)) {
        (true, _) if mismatch => {
            let words = expected_key(path);
            (path.into(), format!("expected {words}, found {found}"))
        }
        (false, Some(words)) if mismatch => {
            (path.into(), format!("expected {words}, found {found}"))
        }
        _ => (path.into(), lowercase_first(raw).into_owned()),
    }
}

/// The text between backticks after `prefix`, as in "missing field `name`".
fn quoted_after<'a>(raw: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = raw.strip_prefix(prefix)?.strip_prefix('`')?;
    rest.split('`').next()
}

fn lowercase_first(raw: &str) -> Cow<'_, str> {
    let mut chars = raw.chars();
    match chars.next() {
        Some(first) if first.is_uppercase() => {
            Cow::Owned(first.to_lowercase().chain(chars).collect())
        }
        _ => Cow::Borrowed(raw),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_markers_are_removed() {
        assert_eq!(clean_path("."), "");
        assert_eq!(clean_path("players.killers.value"), "players.killers");
        assert_eq!(clean_path("players.?"), "players");
        assert_eq!(clean_path("players.regions.?.value"), "players.regions");
    }

    #[test]
    fn a_missing_key_is_named_in_the_path() {
        let place = Place {
            path: "players.mmr".into(),
            key: false,
            found: "a mapping".into(),
            at: None,
        };
        let (path, message) = reword(&place, "missing field `mean`");
        assert_eq!(path, "players.mmr.mean");
        assert_eq!(message, "required key is missing");
    }

    #[test]
    fn a_rejected_key_is_described_as_a_key_of_its_mapping() {
        let place = Place {
            path: "players.regions".into(),
            key: true,
            found: "~".into(),
            at: None,
        };
        let (path, message) = reword(&place, "null is not allowed here");
        assert_eq!(path, "players.regions");
        assert_eq!(
            message,
            "expected a region name of 1 to 32 characters from a-z, 0-9 and -, found ~"
        );
    }
}
