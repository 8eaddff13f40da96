//! matchbench: load tests for a game's matchmaker and store.
//!
//! The crate reads as the pipeline it runs:
//!
//! - [`scenario`] loads and validates a scenario file into [`benchmark::RunnerParams`]
//!   and a [`config::Config`].
//! - [`client`] speaks the HTTP contract in [`api`] to a matchmaker and a store.
//! - [`benchmark`] turns the parameters into players and purchasers, and their
//!   requests into metrics, snapshots and [`benchmark::Results`].
//! - [`report`] writes the results as JSON, CSV, text and HTML, judges the
//!   thresholds, and compares two runs.
//! - [`live`] shows the run while it lasts: a dashboard or a progress line.
//! - [`backend`] is the embedded reference matchmaker and store that a scenario
//!   without a target runs against.
#![forbid(unsafe_code)]

pub mod api;
pub mod backend;
pub mod benchmark;
pub mod client;
pub mod config;
pub mod live;
pub mod report;
pub mod scenario;
