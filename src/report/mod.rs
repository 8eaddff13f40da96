//! Run reports: their format, the writers, threshold verdicts and `bench compare`.

pub mod compare;
pub mod html;
pub mod summary;
pub mod text;
pub mod thresholds;
pub mod writer;
