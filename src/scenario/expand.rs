//! `${VAR}` and `${VAR:-default}` in target URLs and header values.
//!
//! Expansion takes a lookup function rather than reading the environment
//! itself, so tests can supply variables without touching the process
//! environment; [`load`](super::load) passes one that reads it.

use thiserror::Error;

/// Why a value could not be expanded.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ExpandError {
    /// `${NAME}` names a variable that is not set and has no default.
    #[error(
        "environment variable {0} is not set and has no default \
         (write ${{{0}:-default}} to give one)"
    )]
    Unset(String),
    /// A `${` without its closing `}`.
    #[error("unterminated ${{ in the value, expected ${{NAME}} or ${{NAME:-default}}")]
    Unterminated,
    /// `${...}` whose name is not a variable name.
    #[error("expected a variable name of A-Z, a-z, 0-9 and _ inside ${{}}, found `{0}`")]
    BadName(String),
}

/// `text` with every `${NAME}` and `${NAME:-default}` replaced.
///
/// `${NAME:-default}` takes the default when the variable is unset or empty,
/// as in a POSIX shell. A `$` not followed by `{` is kept as it is.
pub fn expand(text: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Result<String, ExpandError> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let inner = &rest[start + 2..];
        let end = inner.find('}').ok_or(ExpandError::Unterminated)?;
        out.push_str(&substitute(&inner[..end], lookup)?);
        rest = &inner[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Whether `text` refers to any variable.
pub fn has_variables(text: &str) -> bool {
    text.contains("${")
}

/// `text` as written, but with the default of every `${NAME:-default}`
/// replaced by `shown(default)`: a default is the value itself when the
/// variable is unset, so it is as secret as the variable.
///
/// Text that does not expand (an unterminated `${`) is `None`.
pub fn map_defaults(text: &str, shown: &dyn Fn(&str) -> String) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start + 2]);
        let inner = &rest[start + 2..];
        let end = inner.find('}')?;
        match inner[..end].split_once(":-") {
            Some((name, default)) => {
                out.push_str(name);
                out.push_str(":-");
                out.push_str(&shown(default));
            }
            None => out.push_str(&inner[..end]),
        }
        out.push('}');
        rest = &inner[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// The value of one `NAME` or `NAME:-default`.
fn substitute(
    reference: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<String, ExpandError> {
    let (name, default) = match reference.split_once(":-") {
        Some((name, default)) => (name, Some(default)),
        None => (reference, None),
    };
    if !is_name(name) {
        return Err(ExpandError::BadName(name.to_string()));
    }
    match (lookup(name), default) {
        (Some(value), Some(default)) if value.is_empty() => Ok(default.to_string()),
        (Some(value), _) => Ok(value),
        (None, Some(default)) => Ok(default.to_string()),
        (None, None) => Err(ExpandError::Unset(name.to_string())),
    }
}

fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "HOST" => Some("mm.example".into()),
            "EMPTY" => Some(String::new()),
            _ => None,
        }
    }

    #[test]
    fn a_set_variable_is_replaced() {
        assert_eq!(
            expand("http://${HOST}:7001", &env).as_deref(),
            Ok("http://mm.example:7001")
        );
    }

    #[test]
    fn a_default_is_used_when_the_variable_is_unset_or_empty() {
        assert_eq!(expand("${NOPE:-a}/${EMPTY:-b}", &env).as_deref(), Ok("a/b"));
    }

    #[test]
    fn a_set_variable_wins_over_its_default() {
        assert_eq!(expand("${HOST:-x}", &env).as_deref(), Ok("mm.example"));
    }

    #[test]
    fn an_unset_variable_without_default_is_an_error_naming_it() {
        let err = expand("Bearer ${GAME_TOKEN}", &env);
        assert_eq!(err, Err(ExpandError::Unset("GAME_TOKEN".into())));
        let message = ExpandError::Unset("GAME_TOKEN".into()).to_string();
        assert!(message.starts_with("environment variable GAME_TOKEN is not set"));
    }

    #[test]
    fn text_without_variables_is_kept_including_a_lone_dollar() {
        assert_eq!(expand("price $5", &env).as_deref(), Ok("price $5"));
    }

    #[test]
    fn defaults_are_mapped_and_everything_else_kept() {
        let hidden = |_: &str| "<redacted>".to_owned();
        assert_eq!(
            map_defaults("Bearer ${TOKEN:-sk_live_1} ${PLAIN} $5", &hidden).as_deref(),
            Some("Bearer ${TOKEN:-<redacted>} ${PLAIN} $5")
        );
        assert_eq!(map_defaults("${A:-x", &hidden), None);
    }

    #[test]
    fn an_unterminated_reference_is_an_error() {
        assert_eq!(expand("${HOST", &env), Err(ExpandError::Unterminated));
    }

    #[test]
    fn a_reference_must_name_a_variable() {
        assert_eq!(
            expand("${1x}", &env),
            Err(ExpandError::BadName("1x".into()))
        );
    }
}
