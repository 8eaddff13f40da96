//! The live view of a run: a dashboard on a terminal, a progress line elsewhere.
//!
//! Both are fed the runner's 200 ms snapshots through a [`LiveView`], which
//! the runner's metrics callback writes into.

mod dashboard;
mod progress;

pub use dashboard::{Dashboard, DashboardGuard, InterruptHandler, Logs, restore};
pub use progress::Progress;

use std::ffi::OsStr;

use crate::benchmark::MetricsSnapshot;

/// Where snapshots go while a run lasts.
pub trait LiveView: Send {
    /// Shows one snapshot.
    fn show(&mut self, snapshot: &MetricsSnapshot);
}

/// A view that shows nothing, for `--quiet`.
#[derive(Debug, Default)]
pub struct Silent;

impl LiveView for Silent {
    fn show(&mut self, _: &MetricsSnapshot) {}
}

/// Whether `NO_COLOR` asks for no colour: set and not empty, as
/// <https://no-color.org> has it. Read it once, not on every draw.
pub fn no_color() -> bool {
    asks_for_no_color(std::env::var_os("NO_COLOR").as_deref())
}

fn asks_for_no_color(value: Option<&OsStr>) -> bool {
    value.is_some_and(|value| !value.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_set_to_any_text_turns_colour_off() {
        assert!(asks_for_no_color(Some(OsStr::new("1"))));
        assert!(asks_for_no_color(Some(OsStr::new("false"))));
    }

    #[test]
    fn no_color_unset_or_empty_leaves_colour_on() {
        assert!(!asks_for_no_color(None));
        assert!(!asks_for_no_color(Some(OsStr::new(""))));
    }
}
