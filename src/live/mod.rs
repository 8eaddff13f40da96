//! The live view of a run: a dashboard on a terminal, a progress line elsewhere.
//!
//! Both are fed the runner's 200 ms snapshots through a [`LiveView`], which
//! the runner's metrics callback writes into.

mod dashboard;
mod progress;

pub use dashboard::{Dashboard, DashboardGuard, InterruptHandler, Logs, restore};
pub use progress::Progress;

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
