//! The services a run loads: the embedded backend started for the run, or the
//! user's, checked with `GET /healthz` before any load.

use std::time::Duration;

use anyhow::anyhow;
use matchbench::backend::{self, Backend, BackendOptions};
use matchbench::client::{ClientError, HttpMatchClient, HttpStoreClient, MatchClient, StoreClient};
use matchbench::config::{Config, HttpSettings, Target, redact_url};
use matchbench::report::summary::TargetInfo;
use url::Url;

use crate::cli::CliError;

/// Longest a health check may take: an unreachable target ends the run within seconds.
const PREFLIGHT_TIMEOUT: Duration = Duration::from_secs(3);

/// The target, reached and healthy.
pub struct Reached {
    matchmaker: Url,
    store: Url,
    backend: Option<Backend>,
    /// How reports name the target.
    pub info: TargetInfo,
}

/// Starts the embedded backend when the scenario has no target, then checks
/// that both services answer their health check.
///
/// `shown` is how reports and messages name a remote target: the URLs as
/// written, `${VAR}`s unexpanded, since an expanded variable may be a secret;
/// without it, the URLs with their credentials redacted.
pub async fn reach(config: &Config, shown: Option<TargetInfo>) -> Result<Reached, CliError> {
    let reached = match &config.target {
        Target::Embedded => {
            let backend = backend::start(BackendOptions::default())
                .await
                .map_err(|err| {
                    CliError::Unavailable(anyhow!("cannot start the embedded backend: {err}"))
                })?;
            tracing::info!(matchmaker = %backend.matchmaker_url(), store = %backend.store_url(), "embedded backend started");
            Reached {
                matchmaker: backend.matchmaker_url().clone(),
                store: backend.store_url().clone(),
                backend: Some(backend),
                info: TargetInfo {
                    matchmaker: "embedded".into(),
                    store: "embedded".into(),
                },
            }
        }
        Target::Remote { matchmaker, store } => Reached {
            matchmaker: matchmaker.clone(),
            store: store.clone(),
            backend: None,
            info: shown.unwrap_or_else(|| TargetInfo {
                matchmaker: redact_url(matchmaker),
                store: redact_url(store),
            }),
        },
    };
    let mut reached = reached;
    let shown = &reached.info;
    tracing::debug!(matchmaker = %shown.matchmaker, store = %shown.store, "checking the target's health");
    if let Err(err) = preflight(&config.http, &reached).await {
        reached.shutdown().await;
        return Err(err);
    }
    Ok(reached)
}

impl Reached {
    /// The target as URLs, for the runner's clients.
    pub fn remote(&self) -> Target {
        Target::Remote {
            matchmaker: self.matchmaker.clone(),
            store: self.store.clone(),
        }
    }

    /// Stops the embedded backend, if the run started one.
    pub async fn shutdown(&mut self) {
        if let Some(backend) = self.backend.take() {
            backend.shutdown().await;
        }
    }
}

/// `GET /healthz` on both services, at once, within a few seconds.
async fn preflight(http: &HttpSettings, target: &Reached) -> Result<(), CliError> {
    let quick = HttpSettings {
        timeout: http.timeout.min(PREFLIGHT_TIMEOUT),
        connect_timeout: http.connect_timeout.min(PREFLIGHT_TIMEOUT),
        ..http.clone()
    };
    let unavailable = |err: anyhow::Error| CliError::Unavailable(err);
    let matchmaker =
        HttpMatchClient::new(&quick, &target.matchmaker).map_err(|e| unavailable(e.into()))?;
    let store = HttpStoreClient::new(&quick, &target.store).map_err(|e| unavailable(e.into()))?;
    let (matchmaker_health, store_health) = tokio::join!(matchmaker.health(), store.health());
    for (service, url, health) in [
        ("matchmaker", &target.info.matchmaker, matchmaker_health),
        ("store", &target.info.store, store_health),
    ] {
        if let Err(err) = health {
            let state = match err {
                ClientError::Status { .. } => "reachable but not healthy",
                _ => "not reachable",
            };
            return Err(unavailable(anyhow!(
                "the {service} at {url} is {state}: GET /healthz {err}"
            )));
        }
    }
    Ok(())
}
