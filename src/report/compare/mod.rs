//! `bench compare`: the reports of two runs side by side, each change judged.
//!
//! [`load`] reads run folders, `summary.json`, `summary.csv` and histories into
//! [`RunData`]; [`metrics`] knows which way is good for each figure; [`noise`]
//! estimates how much a run moves on its own from its time series; [`table`]
//! judges every metric into a [`Comparison`]; [`render`] prints it as text,
//! Markdown or JSON. The HTML overlay lives in [`crate::report::html`].

pub mod load;
pub mod metrics;
pub mod noise;
pub mod render;
pub mod table;
pub mod tolerance;

pub use load::{LoadError, RunData, load_history, load_run, name_apart};
pub use render::{Format, render};
pub use table::{Comparison, Noise, Row, Verdict};
pub use tolerance::Tolerance;
