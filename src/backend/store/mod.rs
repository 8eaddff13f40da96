//! The reference store: a seeded catalog and durable, idempotent purchases.
//!
//! [`Store::open`] opens (or creates) the SQLite database, starts the group
//! commit writer of [`batch`], and hands out the [`StoreState`] the handlers of
//! [`routes`] share. Without a path the database lives in a temporary folder
//! that is deleted when the store closes.

mod batch;
mod db;
mod limit;
mod routes;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

use axum::Router;
use axum::routing::MethodRouter;
use parking_lot::Mutex;
use rusqlite::Connection;
use tempfile::TempDir;
use tokio::sync::mpsc;

use super::RouteSpec;
use crate::api::{Item, StoreStats};
pub use db::STARTING_BALANCE;

/// The paths and methods the store serves.
pub const STORE_ROUTES: &[RouteSpec] = &[
    RouteSpec {
        path: "/v1/items",
        methods: &["GET"],
    },
    RouteSpec {
        path: "/v1/purchases",
        methods: &["POST"],
    },
    RouteSpec {
        path: "/v1/players/{player_id}/purchases",
        methods: &["GET"],
    },
    RouteSpec {
        path: "/v1/stats",
        methods: &["GET"],
    },
    RouteSpec {
        path: "/healthz",
        methods: &["GET"],
    },
];

/// Purchases waiting for the writer before the store answers `503`.
const QUEUE_CAPACITY: usize = 16_384;

/// Why the store could not open.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database file could not be opened, created or seeded.
    #[error("cannot open the store database {}: {reason}", path.display())]
    Open {
        /// The database file.
        path: PathBuf,
        /// Why, in one fragment: rusqlite's error repeats the path and
        /// SQLite's words in its message and in its source.
        reason: String,
    },
    /// No temporary folder for the throwaway database.
    #[error("cannot create a temporary folder for the store database")]
    TempDir(#[source] std::io::Error),
    /// The writer thread could not start.
    #[error("cannot start the store's writer thread")]
    Writer(#[source] std::io::Error),
}

/// What the store's handlers share; cheap to clone.
#[derive(Debug, Clone)]
pub struct StoreState {
    jobs: mpsc::Sender<batch::Job>,
    limiter: Option<Arc<limit::PlayerLimiter>>,
    catalog: Arc<Vec<Item>>,
    reader: Arc<Mutex<Connection>>,
    stats: Arc<Mutex<StoreStats>>,
}

/// An open store: its state, its writer thread, and its temporary folder if any.
#[derive(Debug)]
pub struct Store {
    state: StoreState,
    writer: JoinHandle<()>,
    _temp: Option<TempDir>,
}

impl Store {
    /// Opens the database at `path`, or a temporary one, and starts the writer.
    pub fn open(path: Option<&Path>) -> Result<Self, StoreError> {
        let (temp, path, durability) = match path {
            Some(path) => (None, path.to_path_buf(), db::Durability::Full),
            None => {
                let temp = tempfile::Builder::new()
                    .prefix("matchbench-store-")
                    .tempdir()
                    .map_err(StoreError::TempDir)?;
                let path = temp.path().join("store.db");
                (Some(temp), path, db::Durability::None)
            }
        };
        let opened = |err| StoreError::Open {
            reason: open_failure(&path, &err),
            path: path.clone(),
        };

        let writer = db::open_writer(&path, durability).map_err(opened)?;
        let reader = db::open_reader(&path).map_err(opened)?;
        let catalog = db::catalog(&reader).map_err(opened)?;
        let stats = Arc::new(Mutex::new(db::stats(&reader).map_err(opened)?));

        let (jobs, receiver) = mpsc::channel(QUEUE_CAPACITY);
        let writer_stats = Arc::clone(&stats);
        let writer = std::thread::Builder::new()
            .name("store-writer".into())
            .spawn(move || batch::run_writer(writer, receiver, writer_stats))
            .map_err(StoreError::Writer)?;
        let state = StoreState {
            jobs,
            limiter: None,
            catalog: Arc::new(catalog),
            reader: Arc::new(Mutex::new(reader)),
            stats,
        };
        Ok(Self {
            state,
            writer,
            _temp: temp,
        })
    }

    /// Answers `429 rate_limited` to a player buying more than `rate` times a second.
    pub fn limit_purchases_per_player(&mut self, rate: u32) {
        self.state.limiter = Some(Arc::new(limit::PlayerLimiter::per_second(rate)));
    }

    /// The state to build a router on.
    pub fn state(&self) -> StoreState {
        self.state.clone()
    }

    /// Waits for the writer to finish once every router over this store is gone.
    ///
    /// Blocks: call it from a blocking context.
    pub fn close(self) {
        let Self {
            state,
            writer,
            _temp,
        } = self;
        drop(state);
        if writer.join().is_err() {
            tracing::warn!("the store's writer thread panicked");
        }
    }
}

/// Why the database at `path` could not be opened, for [`StoreError::Open`]:
/// what is wrong with the path when that is the cause, else SQLite's own
/// words for its error code.
fn open_failure(path: &Path, err: &rusqlite::Error) -> String {
    let folder = path
        .parent()
        .filter(|folder| !folder.as_os_str().is_empty());
    if path.is_dir() {
        return "it is a folder, expected a database file".into();
    }
    if let Some(folder) = folder.filter(|folder| !folder.is_dir()) {
        return format!("the folder {} does not exist", folder.display());
    }
    match err {
        rusqlite::Error::SqliteFailure(failure, _) => {
            rusqlite::ffi::code_to_str(failure.extended_code).to_string()
        }
        other => other.to_string(),
    }
}

/// The store's routes over `state`, with JSON errors for unknown routes and
/// wrong methods.
///
/// The router is built from [`STORE_ROUTES`], so it serves nothing the table
/// does not list; the route tests check it serves everything listed.
pub fn store_router(state: StoreState) -> Router {
    super::router_from(STORE_ROUTES, handlers, state)
}

/// The handlers of one route table entry.
fn handlers(route: &RouteSpec) -> MethodRouter<StoreState> {
    let add = |served: MethodRouter<StoreState>, method: &&str| match (route.path, *method) {
        ("/v1/items", "GET") => served.get(routes::items),
        ("/v1/purchases", "POST") => served.post(routes::purchase),
        ("/v1/players/{player_id}/purchases", "GET") => served.get(routes::purchases_of),
        ("/v1/stats", "GET") => served.get(routes::stats),
        ("/healthz", "GET") => served.get(super::healthz),
        _ => served,
    };
    route.methods.iter().fold(MethodRouter::new(), add)
}
