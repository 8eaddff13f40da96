//! Run reports: their format, the writers, and `bench compare`.

pub mod compare;
pub mod html;
pub mod summary;
