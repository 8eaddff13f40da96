//! Rule checks on single values, collecting every violation.
//!
//! Each check reads one located value, reports a diagnostic when it breaks
//! its key's rule, and returns a usable value either way, so validation goes
//! on and a file's problems are all reported together.

use std::time::Duration;

/// Longest duration a scenario may give: longer ones are surely typos, and
/// they would overflow the clock's instants.
pub const MAX_DURATION: Duration = Duration::from_secs(30 * 24 * 3600);

use humantime::DurationError;
use serde_saphyr::Location;

use super::diagnostic::{Diagnostic, Position};
use super::expect::expected;
use super::format::{Number, Text};
use super::source::Source;
use super::value::Scalar;

/// Collects the diagnostics of one file while its values are checked.
pub(crate) struct Checker<'a> {
    /// The file being checked, for quoting values.
    pub source: &'a Source,
    /// Every violation so far.
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    pub fn new(source: &'a Source) -> Self {
        Self {
            source,
            diagnostics: Vec::new(),
        }
    }

    /// Records a violation at `location` with a message of its own.
    pub fn reject(&mut self, location: &Location, path: &str, message: String) {
        let at = Position::of(location);
        self.diagnostics.push(self.source.error(at, path, message));
    }

    /// Records that the value at `location` is not what `path` accepts.
    pub fn reject_value(&mut self, location: &Location, path: &str) {
        let words = expected(path).unwrap_or("another value");
        let found = self.source.quote(location);
        self.reject(location, path, format!("expected {words}, found {found}"));
    }

    /// A whole number in `min..=max`, or `default` when absent.
    pub fn whole<T>(&mut self, value: Option<&Number>, path: &str, min: T, max: T, default: T) -> T
    where
        T: Copy + Into<i128> + TryFrom<i128> + std::fmt::Display,
    {
        let Some(number) = value else {
            return default;
        };
        let within = match whole_value(&number.value) {
            Scalar::Int(n) if n > max.into() && n >= min.into() => {
                let found = self.source.quote(&number.referenced);
                let words = expected(path).unwrap_or("a whole number");
                if words.contains(" to ") {
                    self.reject_value(&number.referenced, path);
                    return default;
                }
                let message = format!("expected {words} and at most {max}, found {found}");
                self.reject(&number.referenced, path, message);
                return default;
            }
            Scalar::Int(n) if n >= min.into() => T::try_from(n).ok(),
            _ => None,
        };
        within.unwrap_or_else(|| {
            self.reject_number(number, path);
            default
        })
    }

    /// A finite number for which `rule` holds.
    pub fn number(&mut self, number: &Number, path: &str, rule: impl Fn(f64) -> bool) -> f64 {
        let value = match number.value {
            Scalar::Int(n) => Some(n as f64),
            Scalar::Float(x) => Some(x),
            Scalar::List | Scalar::Mapping | Scalar::Other => None,
        };
        match value {
            Some(x) if x.is_finite() && rule(x) => x,
            _ => {
                self.reject_number(number, path);
                0.0
            }
        }
    }

    /// Records that `number` is not what `path` accepts, naming a list or a
    /// mapping as such rather than quoting it.
    fn reject_number(&mut self, number: &Number, path: &str) {
        let found = match number.value {
            Scalar::List => "a list",
            Scalar::Mapping => "a mapping",
            _ => return self.reject_value(&number.referenced, path),
        };
        let words = expected(path).unwrap_or("another value");
        let message = format!("expected {words}, found {found}");
        self.reject(&number.referenced, path, message);
    }

    /// An optional number for which `rule` holds.
    pub fn number_opt(
        &mut self,
        number: Option<&Number>,
        path: &str,
        rule: impl Fn(f64) -> bool,
    ) -> Option<f64> {
        number.map(|n| self.number(n, path, rule))
    }

    /// A duration, `> 0` when `positive` and at most [`MAX_DURATION`]; `None`
    /// when absent or invalid.
    pub fn duration(
        &mut self,
        text: Option<&Text>,
        path: &str,
        positive: bool,
    ) -> Option<Duration> {
        let text = text?;
        let written = text.value.trim();
        match humantime::parse_duration(written) {
            Ok(d) if d > MAX_DURATION => {
                self.reject_too_long(text, path);
                None
            }
            // Whole numbers overflow only when far too large; a fraction
            // also overflows when finer than a nanosecond.
            Err(DurationError::NumberOverflow) if !written.contains('.') => {
                self.reject_too_long(text, path);
                None
            }
            Ok(d) if !positive || !d.is_zero() => Some(d),
            _ => {
                self.reject_value(&text.referenced, path);
                None
            }
        }
    }

    /// Records that the duration `text` is over [`MAX_DURATION`].
    fn reject_too_long(&mut self, text: &Text, path: &str) {
        let found = self.source.quote(&text.referenced);
        let days = MAX_DURATION.as_secs() / (24 * 3600);
        let message = format!("expected a duration of at most {days} days, found {found}");
        self.reject(&text.referenced, path, message);
    }

    /// Text that matches `rule`, or a diagnostic quoting it.
    pub fn text(&mut self, text: &Text, path: &str, rule: impl Fn(&str) -> bool) -> String {
        if !rule(&text.value) {
            self.reject_value(&text.referenced, path);
        }
        text.value.clone()
    }

    /// The diagnostics in file order, or `Ok` when there are none.
    pub fn finish(mut self) -> Result<(), Vec<Diagnostic>> {
        if self.diagnostics.is_empty() {
            return Ok(());
        }
        self.diagnostics.sort_by_key(|d| d.position);
        Err(self.diagnostics)
    }
}

/// `value` as a whole number where it is one: `3`, and `3.0` or `1e3` too,
/// since JSON, and so the schema, cannot tell them apart.
fn whole_value(value: &Scalar) -> Scalar {
    match *value {
        // The cast saturates, so a float past i128 is still past every limit.
        Scalar::Float(x) if x.fract() == 0.0 => Scalar::Int(x as i128),
        ref other => other.clone(),
    }
}

/// Whether `name` is 1 to `max` characters from a-z, 0-9 and `extra`.
pub(crate) fn is_slug(name: &str, max: usize, extra: &[char]) -> bool {
    let len = name.chars().count();
    (1..=max).contains(&len)
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || extra.contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scenario_names_allow_underscores_and_region_names_do_not() {
        assert!(is_slug("peak_2-x", 64, &['_', '-']));
        assert!(!is_slug("eu_west", 32, &['-']));
        assert!(!is_slug("", 64, &['_', '-']));
        assert!(!is_slug(&"a".repeat(65), 64, &['_', '-']));
        assert!(!is_slug("Peak", 64, &['_', '-']));
    }
}
