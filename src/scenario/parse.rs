//! YAML to [`ScenarioFile`]: the only place the crate parses YAML.
//!
//! serde-saphyr locates every parse error, and `serde_path_to_error` adds the
//! key path. Its messages are then put in the crate's voice: unknown,
//! missing and duplicate keys name the key; a value of the wrong type says
//! what the key accepts and quotes what was written.

use std::borrow::Cow;

use serde::Deserialize;
use serde_saphyr::localizer::ExternalMessageSource;
use serde_saphyr::{Error, MessageFormatter, NonFiniteFloatPolicy, Options, UserMessageFormatter};

use super::diagnostic::{Diagnostic, Position};
use super::expect::expected;
use super::format::ScenarioFile;
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
/// `.` for the root and `value` inside a span are dropped; `?`, a map key
/// the tracker could not name, becomes `key` when given, else is dropped.
fn clean_path(path: &str, key: Option<&str>) -> String {
    let path = path.strip_suffix(".value").unwrap_or(path);
    let parts: Vec<&str> = path
        .split('.')
        .filter_map(|part| match part {
            "" => None,
            "?" => key,
            part => Some(part),
        })
        .collect();
    parts.join(".")
}

/// One parse error as a diagnostic in the crate's voice.
fn translate(source: &Source, err: &Error, raw_path: &str) -> Diagnostic {
    let inner = err.without_snippet();
    let at = err.location().as_ref().and_then(Position::of);
    let syntax = is_syntax_error(inner);
    // A syntax error is about the text, not about the value of a key at `at`.
    let key = (!syntax).then(|| {
        let key = source.key_before(at).or_else(|| source.key_at(at));
        key.unwrap_or_else(|| "*".into())
    });
    let path = &clean_path(raw_path, key.as_deref());
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
    if syntax && raw.contains("tab") {
        // The parser may point at the end of the line before the tab, never
        // after it: a tab earlier in the file, as in a block scalar, is legal.
        let tab = at.and_then(|at| source.indentation_tab(at.line)).or(at);
        return source.error(
            tab,
            "",
            "tabs are not allowed in indentation, use spaces".into(),
        );
    }
    let (path, message) = reword(source, at, path, &raw);
    source.error(at, &path, message)
}

/// Whether the YAML parser itself rejected the text, rather than a key or a
/// value being wrong for the format.
fn is_syntax_error(err: &Error) -> bool {
    matches!(err, Error::ExternalMessage { source, .. }
        if matches!(**source, ExternalMessageSource::Parser(_)))
}

/// The key path and message for serde-saphyr's message `raw`.
fn reword(source: &Source, at: Option<Position>, path: &str, raw: &str) -> (String, String) {
    if let Some(rest) = raw.strip_prefix("unknown field ") {
        return (path.into(), format!("unknown key {rest}"));
    }
    if let Some(key) = quoted_after(raw, "missing field ") {
        return (join(path, key), "required key is missing".into());
    }
    if let Some(key) = quoted_after(raw, "duplicate mapping key ") {
        // The tracker names the parent mapping; the key may already be appended.
        let parent = [key, "*"]
            .iter()
            .find_map(|last| path.strip_suffix(last))
            .map_or(path, |p| p.trim_end_matches('.'));
        let message = "duplicate key, each key may appear only once";
        return (join(parent, key), message.into());
    }
    if raw.contains("recursion limit") || raw.contains("budget") {
        return (
            path.into(),
            format!("the file is nested too deeply ({raw})"),
        );
    }
    let mismatch = raw.starts_with("expected ")
        || raw.starts_with("invalid")
        || raw.starts_with("null is not allowed");
    match expected(path) {
        Some(words) if mismatch => {
            let found = source.token_at(at);
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

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
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
        assert_eq!(clean_path(".", None), "");
        assert_eq!(clean_path("players.killers.value", None), "players.killers");
        assert_eq!(clean_path("players.?", None), "players");
        assert_eq!(
            clean_path("players.regions.?", Some("eu")),
            "players.regions.eu"
        );
    }

    #[test]
    fn a_missing_key_is_named_in_the_path() {
        let source = Source {
            path: "s.yaml".into(),
            text: String::new(),
        };
        let (path, message) = reword(&source, None, "players.mmr", "missing field `mean`");
        assert_eq!(path, "players.mmr.mean");
        assert_eq!(message, "required key is missing");
    }
}
