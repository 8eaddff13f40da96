//! The embedded reference matchmaker and store.
//!
//! [`start`] binds both services, serves them on the current tokio runtime and
//! returns a [`Backend`] that knows their URLs and stops them. The routers are
//! plain functions ([`matchmaker_router`], [`store_router`]) so tests can drive
//! them without a port. `bench serve` is a thin wrapper around [`start`].

mod error;
pub mod matchmaker;
pub mod store;

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::Json;
use axum::Router;
use axum::serve::ListenerExt;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use url::Url;

use crate::api::Health;
pub use error::{ApiError, BODY_LIMIT_BYTES};
pub use matchmaker::{MATCHMAKER_ROUTES, MatchmakerState, matchmaker_router};
pub use store::{STORE_ROUTES, Store, StoreError, StoreState, store_router};

/// A path a service serves and the methods it answers there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteSpec {
    /// The path, with `{name}` for a parameter, as axum and OpenAPI write it.
    pub path: &'static str,
    /// The methods served at `path`, upper case.
    pub methods: &'static [&'static str],
}

/// A service's router: one entry of `routes` at a time, each with the
/// handlers `handlers` gives it, JSON errors for unknown routes and wrong
/// methods, and the body limit.
fn router_from<S: Clone + Send + Sync + 'static>(
    routes: &[RouteSpec],
    handlers: fn(&RouteSpec) -> axum::routing::MethodRouter<S>,
    state: S,
) -> axum::Router {
    routes
        .iter()
        .fold(axum::Router::new(), |router, route| {
            router.route(route.path, handlers(route))
        })
        .fallback(error::unknown_route)
        .method_not_allowed_fallback(error::wrong_method)
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .with_state(state)
}

/// How long shutdown waits for requests in flight before it stops waiting.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(3);

/// Where and how to run the backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackendOptions {
    /// Address the matchmaker listens on; port 0 picks a free port.
    pub matchmaker_addr: SocketAddr,
    /// Address the store listens on; port 0 picks a free port.
    pub store_addr: SocketAddr,
    /// SQLite file that keeps the store's data; a temporary database when `None`.
    pub store_db: Option<PathBuf>,
    /// Most tickets the matchmaker holds queued before it answers `503`.
    pub max_queued: usize,
    /// How long a ticket may wait in the queue before it expires.
    pub queue_timeout: std::time::Duration,
    /// Purchases one player may make per second before the store answers
    /// `429`; no limit when `None`, so that a benchmark is not shaped by it.
    pub purchases_per_player: Option<u32>,
}

impl Default for BackendOptions {
    fn default() -> Self {
        let loopback = SocketAddr::from(([127, 0, 0, 1], 0));
        Self {
            matchmaker_addr: loopback,
            store_addr: loopback,
            store_db: None,
            max_queued: 100_000,
            queue_timeout: matchmaker::DEFAULT_QUEUE_TIMEOUT,
            purchases_per_player: None,
        }
    }
}

/// Why the backend could not start.
#[derive(Debug, thiserror::Error)]
pub enum BackendError {
    /// An address could not be bound, for example because it is in use.
    #[error("cannot listen on {addr}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// The store's database could not be opened.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A running backend; stop it with [`Backend::shutdown`]. Dropping it stops
/// the services too, without waiting for them.
#[derive(Debug)]
pub struct Backend {
    matchmaker_url: Url,
    store_url: Url,
    stop: CancellationToken,
    tasks: Vec<JoinHandle<()>>,
    store: Option<Store>,
}

/// Binds both services, opens the store and serves them until shutdown.
pub async fn start(options: BackendOptions) -> Result<Backend, BackendError> {
    let matchmaker_listener = bind(options.matchmaker_addr).await?;
    let store_listener = bind(options.store_addr).await?;
    let mut store = Store::open(options.store_db.as_deref())?;
    if let Some(rate) = options.purchases_per_player {
        store.limit_purchases_per_player(rate);
    }
    let stop = CancellationToken::new();

    let matchmaker = MatchmakerState::new(options.max_queued, options.queue_timeout, stop.clone());
    let (matchmaker_url, matchmaker_task) = serve(
        matchmaker_listener,
        options.matchmaker_addr,
        matchmaker_router(matchmaker.clone()),
        &stop,
    )?;
    let (store_url, store_task) = serve(
        store_listener,
        options.store_addr,
        store_router(store.state()),
        &stop,
    )?;
    let tasks = vec![matchmaker.spawn_ticker(), matchmaker_task, store_task];
    tracing::info!(%matchmaker_url, %store_url, "reference backend listening");
    Ok(Backend {
        matchmaker_url,
        store_url,
        stop,
        tasks,
        store: Some(store),
    })
}

impl Backend {
    /// The matchmaker's base URL, such as `http://127.0.0.1:40123/`.
    pub fn matchmaker_url(&self) -> &Url {
        &self.matchmaker_url
    }

    /// The store's base URL.
    pub fn store_url(&self) -> &Url {
        &self.store_url
    }

    /// Stops taking connections, answers waiting long polls, lets requests in
    /// flight finish, and closes the store's database.
    ///
    /// A client that never finishes its request cannot hold the shutdown:
    /// after [`SHUTDOWN_GRACE`] the servers are aborted and the store is left
    /// to close on its own thread.
    pub async fn shutdown(mut self) {
        self.stop.cancel();
        let deadline = tokio::time::Instant::now() + SHUTDOWN_GRACE;
        for mut task in std::mem::take(&mut self.tasks) {
            match tokio::time::timeout_at(deadline, &mut task).await {
                Ok(Ok(())) => {}
                Ok(Err(_)) => tracing::warn!("a backend task ended abnormally"),
                Err(_) => {
                    tracing::warn!("a client held the backend past its shutdown grace");
                    task.abort();
                }
            }
        }
        if let Some(store) = self.store.take() {
            let closing = tokio::task::spawn_blocking(move || store.close());
            match tokio::time::timeout_at(deadline + SHUTDOWN_GRACE, closing).await {
                Ok(Ok(())) => {}
                Ok(Err(_)) => tracing::warn!("closing the store failed"),
                Err(_) => tracing::warn!("the store is still closing; leaving it"),
            }
        }
        tracing::info!("reference backend stopped");
    }
}

impl Drop for Backend {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

/// `GET /healthz` of both services.
async fn healthz() -> Json<Health> {
    Json(Health {
        status: "ok".to_owned(),
    })
}

async fn bind(addr: SocketAddr) -> Result<TcpListener, BackendError> {
    TcpListener::bind(addr)
        .await
        .map_err(|source| BackendError::Bind { addr, source })
}

/// Serves `router` on `listener` (bound to `asked`) until `stop` is cancelled.
fn serve(
    listener: TcpListener,
    asked: SocketAddr,
    router: Router,
    stop: &CancellationToken,
) -> Result<(Url, JoinHandle<()>), BackendError> {
    let local = listener.local_addr().map_err(|source| BackendError::Bind {
        addr: asked,
        source,
    })?;
    let url = Url::parse(&format!("http://{local}/")).map_err(|err| BackendError::Bind {
        addr: local,
        source: std::io::Error::other(err),
    })?;
    // Small JSON answers should leave at once, not wait on Nagle's algorithm.
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    let shutdown = stop.clone().cancelled_owned();
    let task = tokio::spawn(async move {
        if let Err(err) = axum::serve(listener, router)
            .with_graceful_shutdown(shutdown)
            .await
        {
            tracing::warn!(error = %err, "a backend server failed");
        }
    });
    Ok((url, task))
}
