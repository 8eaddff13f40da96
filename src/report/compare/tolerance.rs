//! `--max-regression`: how far a metric may move the wrong way before it is a
//! regression.

use std::fmt;
use std::str::FromStr;

/// A tolerance, as a fraction of the base value (`0.1` is 10%).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tolerance(f64);

/// A `--max-regression` value that is not a tolerance.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ToleranceError {
    /// Neither `10%` nor `0.1`.
    #[error("{0:?} is not a percentage like 10% or a fraction like 0.1")]
    NotANumber(String),
    /// Negative, or past 100% when written as a bare number.
    #[error("{0:?} is out of range: give 0% or more, or a fraction from 0 to 1")]
    OutOfRange(String),
}

impl Tolerance {
    /// The default tolerance, 10%.
    pub const DEFAULT: Tolerance = Tolerance(0.1);

    /// The tolerance of this fraction; `None` when negative or not finite.
    pub fn from_fraction(fraction: f64) -> Option<Self> {
        (fraction.is_finite() && fraction >= 0.0).then_some(Self(fraction))
    }

    /// The tolerance as a fraction.
    pub fn fraction(self) -> f64 {
        self.0
    }
}

impl Default for Tolerance {
    /// 10%.
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl FromStr for Tolerance {
    type Err = ToleranceError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        let (number, percent) = match text.strip_suffix('%') {
            Some(n) => (n.trim(), true),
            None => (text, false),
        };
        let value: f64 = number
            .parse()
            .map_err(|_| ToleranceError::NotANumber(s.to_owned()))?;
        let fraction = if percent { value / 100.0 } else { value };
        // A bare "10" most likely means 10%, not 1000%: refuse to guess.
        if !percent && value > 1.0 {
            return Err(ToleranceError::OutOfRange(s.to_owned()));
        }
        Self::from_fraction(fraction).ok_or_else(|| ToleranceError::OutOfRange(s.to_owned()))
    }
}

impl fmt::Display for Tolerance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Rounded so that 0.07 prints as 7%, not 7.000000000000001%.
        let percent = (self.0 * 100.0 * 1e6).round() / 1e6;
        write!(f, "{percent}%")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_and_fractions_are_the_same_tolerance() {
        assert_eq!("10%".parse::<Tolerance>(), Ok(Tolerance(0.1)));
        assert_eq!("0.1".parse::<Tolerance>(), Ok(Tolerance(0.1)));
        assert_eq!(" 2.5 % ".parse::<Tolerance>(), Ok(Tolerance(0.025)));
    }

    #[test]
    fn words_negative_values_and_bare_numbers_past_one_are_refused() {
        assert!(matches!(
            "ten".parse::<Tolerance>(),
            Err(ToleranceError::NotANumber(_))
        ));
        assert!(matches!(
            "-5%".parse::<Tolerance>(),
            Err(ToleranceError::OutOfRange(_))
        ));
        assert!(matches!(
            "10".parse::<Tolerance>(),
            Err(ToleranceError::OutOfRange(_))
        ));
        assert!(matches!(
            "NaN".parse::<Tolerance>(),
            Err(ToleranceError::OutOfRange(_))
        ));
    }

    #[test]
    fn tolerance_prints_as_a_percentage() {
        assert_eq!(Tolerance(0.1).to_string(), "10%");
        assert_eq!(Tolerance(0.07).to_string(), "7%");
    }
}
