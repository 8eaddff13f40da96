//! Run reports: their format, the writers, and `bench compare`.

pub mod summary;
