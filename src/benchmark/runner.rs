//! The [`Runner`]: starts the players and purchasers, stops them, and builds
//! the [`Results`].

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::time::{Instant, interval_at, sleep_until};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use super::metrics::{Metrics, Phase};
use super::params::RunnerParams;
use super::results::{Finished, Results};
use super::roster::Roster;
use super::snapshot::{MetricsSnapshot, SNAPSHOT_INTERVAL, Sampler};
use super::{player, purchaser, ramp};
use crate::api::Item;
use crate::client::{
    BuildError, ClientError, HttpMatchClient, HttpStoreClient, MatchClient, StoreClient,
};
use crate::config::{Config, HttpSettings, Target};
use crate::report::summary::TimeseriesRow;

/// Shortest grace period after the load stops, for players to cancel their tickets.
const MIN_GRACE: Duration = Duration::from_secs(2);

/// Longest grace period, whatever the request timeout: a run against a
/// target that hangs still ends soon after its duration.
const MAX_GRACE: Duration = Duration::from_secs(4);

/// Longest the store may take to answer its catalog before the run starts.
const CATALOG_TIMEOUT: Duration = Duration::from_secs(3);

/// Purchases never go to fewer distinct players than this.
const MIN_BUYERS: usize = 1000;

/// Receives a snapshot every 200 ms while the run lasts, and once more at the end.
pub type MetricsCallback = Box<dyn FnMut(&MetricsSnapshot) + Send>;

/// Why a run could not be set up or started.
#[derive(Debug, thiserror::Error)]
pub enum RunnerError {
    /// A parameter breaks one of the runner's rules.
    #[error("{name} is {value}, but it {rule}")]
    InvalidParams {
        /// The parameter's scenario key.
        name: &'static str,
        /// The offending value, as written for people.
        value: String,
        /// What would be accepted.
        rule: &'static str,
    },
    /// The target is the embedded backend, which must be started and given as URLs.
    #[error("the embedded backend must be started before the runner; give its URLs")]
    EmbeddedTarget,
    /// An HTTP client could not be built.
    #[error(transparent)]
    Client(#[from] BuildError),
}

/// Plays one run's load.
pub struct Runner<M, S> {
    params: RunnerParams,
    wait: Duration,
    grace: Duration,
    match_client: Arc<M>,
    store_client: Arc<S>,
    metrics: Arc<Metrics>,
    tracker: TaskTracker,
    callback: Option<MetricsCallback>,
}

impl Runner<HttpMatchClient, HttpStoreClient> {
    /// A runner speaking HTTP to the config's target.
    pub fn new(config: &Config, params: RunnerParams) -> Result<Self, RunnerError> {
        let Target::Remote { matchmaker, store } = &config.target else {
            return Err(RunnerError::EmbeddedTarget);
        };
        let match_client = HttpMatchClient::new(&config.http, matchmaker)?;
        let store_client = HttpStoreClient::new(&config.http, store)?;
        Self::with_clients(params, &config.http, match_client, store_client)
    }
}

impl<M: MatchClient, S: StoreClient> Runner<M, S> {
    /// A runner over any clients, after checking the parameters.
    pub fn with_clients(
        params: RunnerParams,
        http: &HttpSettings,
        match_client: M,
        store_client: S,
    ) -> Result<Self, RunnerError> {
        validate(&params)?;
        Ok(Self {
            params,
            wait: http.wait,
            grace: http.timeout.clamp(MIN_GRACE, MAX_GRACE),
            match_client: Arc::new(match_client),
            store_client: Arc::new(store_client),
            metrics: Arc::new(Metrics::new()),
            tracker: TaskTracker::new(),
            callback: None,
        })
    }

    /// Registers the receiver of snapshots; call before [`Runner::start`].
    pub fn set_metrics_callback(&mut self, callback: MetricsCallback) {
        self.callback = Some(callback);
    }

    /// The run's live metrics.
    pub fn metrics(&self) -> Arc<Metrics> {
        self.metrics.clone()
    }

    /// Plays the load until its duration is over or `cancel` fires, waits for
    /// every task, and returns the results.
    ///
    /// After the load stops, players cancel their queued tickets and purchases
    /// in flight are awaited for a grace period (the request timeout, between
    /// 2 and 4 s); whatever is still in flight then is abandoned, so `start`
    /// returns within duration plus grace even when the target hangs.
    pub async fn start(mut self, cancel: CancellationToken) -> Result<Results, RunnerError> {
        let stop = cancel.child_token();
        let abort = CancellationToken::new();
        let load_ended = Arc::new(OnceLock::new());
        let start = Instant::now();
        let sampling = CancellationToken::new();
        let snapshots = tokio::spawn(snapshot_loop(
            self.metrics.clone(),
            Sampler::new(self.params.duration, self.params.purchases_per_sec),
            self.callback.take(),
            start,
            sampling.clone(),
        ));

        self.spawn_purchasers(start, &stop, &abort, &load_ended);
        let players = self.player_shared(&stop, &abort);
        self.tracker
            .spawn(spawn_players(players, self.params.clone(), start));
        tokio::select! {
            _ = sleep_until(start + self.params.duration) => {}
            _ = stop.cancelled() => {}
        }
        let interrupted = cancel.is_cancelled();
        let load_duration = start.elapsed().min(self.params.duration);
        let _ = load_ended.set(load_duration);
        self.metrics.set_phase(Phase::Stopping);
        tracing::info!(
            interrupted,
            "stopping: cancelling tickets and awaiting purchases"
        );
        stop.cancel();
        self.drain(&abort).await;

        sampling.cancel();
        let (sampler, timeseries) = snapshots.await.unwrap_or_else(|err| {
            // Only a panicking metrics callback gets here; the counters and
            // histograms stand, the peaks and the time series are lost.
            tracing::error!(%err, "the snapshot task failed; peak rates and the time series are missing");
            (
                Sampler::new(self.params.duration, self.params.purchases_per_sec),
                Vec::new(),
            )
        });
        Ok(Results::build(Finished {
            metrics: &self.metrics,
            sampler: &sampler,
            timeseries,
            load_duration,
            purchases_per_sec: self.params.purchases_per_sec,
            interrupted,
        }))
    }

    fn player_shared(
        &self,
        stop: &CancellationToken,
        abort: &CancellationToken,
    ) -> Arc<player::Shared<M>> {
        Arc::new(player::Shared {
            client: self.match_client.clone(),
            metrics: self.metrics.clone(),
            wait: self.wait,
            match_duration: self.params.match_duration,
            requeue: self.params.requeue,
            stop: stop.clone(),
            abort: abort.clone(),
        })
    }

    /// Reads the catalog and starts the purchaser lanes, in a task of its own
    /// so that a slow catalog delays purchases (which then show it as latency
    /// from their due times) but not the players or the end of the run.
    fn spawn_purchasers(
        &self,
        start: Instant,
        stop: &CancellationToken,
        abort: &CancellationToken,
        load_ended: &Arc<OnceLock<Duration>>,
    ) {
        let rate = self.params.purchases_per_sec;
        let tasks = purchaser::purchaser_count(rate);
        if tasks == 0 {
            return;
        }
        let players = self.params.survivors as usize + self.params.killers as usize;
        let mut shared = purchaser::Shared {
            client: self.store_client.clone(),
            metrics: self.metrics.clone(),
            items: Vec::new(),
            buyers: players.max(MIN_BUYERS),
            key_prefix: format!("mb-{:016x}", rand::random::<u64>()),
            in_flight: Arc::new(Semaphore::new(self.params.max_in_flight)),
            tracker: self.tracker.clone(),
            stop: stop.clone(),
            abort: abort.clone(),
            load_ended: load_ended.clone(),
        };
        let duration = self.params.duration;
        self.tracker.spawn(async move {
            shared.items = tokio::select! {
                _ = shared.stop.cancelled() => {
                    // Abandoned unanswered, like a request at the end of the grace period.
                    shared.metrics.failed(&ClientError::Timeout);
                    Vec::new()
                }
                items = catalog(&*shared.client, &shared.metrics) => items,
            };
            if shared.items.is_empty() {
                shared.drop_all_at_stop(rate, duration).await;
                return;
            }
            let shared = Arc::new(shared);
            for (task, rate) in purchaser::distribute_purchasers(rate, tasks)
                .into_iter()
                .enumerate()
            {
                let lane = purchaser::Lane {
                    slots: purchaser::Slots { task, tasks, rate },
                    start,
                    duration,
                };
                shared.tracker.spawn(purchaser::run(shared.clone(), lane));
            }
        });
    }

    /// Waits for every task, abandoning what is still in flight after the grace period.
    async fn drain(&self, abort: &CancellationToken) {
        self.tracker.close();
        if tokio::time::timeout(self.grace, self.tracker.wait())
            .await
            .is_err()
        {
            tracing::warn!(grace = ?self.grace, "target slow to answer; abandoning requests in flight");
            abort.cancel();
            self.tracker.wait().await;
        }
    }
}

/// The items to buy.
///
/// A store that cannot answer its catalog within [`CATALOG_TIMEOUT`] does not
/// stop the run: the failure is counted, the run goes on without purchases,
/// and every purchase due is counted as dropped.
async fn catalog<S: StoreClient>(store: &S, metrics: &Metrics) -> Vec<Item> {
    let result = match tokio::time::timeout(CATALOG_TIMEOUT, store.items()).await {
        Ok(result) => result,
        Err(_) => Err(ClientError::Timeout),
    };
    metrics.request(&result);
    match result {
        Ok(items) if !items.is_empty() => items,
        Ok(_) => {
            tracing::warn!("the store's catalog (GET /v1/items) is empty; no purchases this run");
            Vec::new()
        }
        Err(err) => {
            tracing::warn!(%err, "cannot read the store's catalog (GET /v1/items); no purchases this run");
            Vec::new()
        }
    }
}

/// Checks the runner's own rules, which the scenario loader also enforces.
fn validate(params: &RunnerParams) -> Result<(), RunnerError> {
    let invalid = |name, value: String, rule| Err(RunnerError::InvalidParams { name, value, rule });
    if params.duration.is_zero() {
        return invalid("duration", "0s".into(), "must be longer than 0s");
    }
    if params.ramp_up >= params.duration {
        let value = humantime::format_duration(params.ramp_up).to_string();
        return invalid("ramp_up", value, "must be shorter than duration");
    }
    let rate = params.purchases_per_sec;
    if !rate.is_finite() || rate < 0.0 {
        return invalid(
            "purchases.per_second",
            rate.to_string(),
            "must be a finite number >= 0",
        );
    }
    if params.max_in_flight == 0 {
        return invalid("purchases.max_in_flight", "0".into(), "must be at least 1");
    }
    Ok(())
}

/// Spawns the players at their planned instants; then the run is steady.
async fn spawn_players<M: MatchClient>(
    shared: Arc<player::Shared<M>>,
    params: RunnerParams,
    start: Instant,
) {
    let mut roster = Roster::new(&params);
    let tracker = TaskTracker::new();
    for spawn in ramp::plan(params.survivors, params.killers, params.ramp_up) {
        tokio::select! {
            _ = shared.stop.cancelled() => break,
            _ = sleep_until(start + spawn.at) => {}
        }
        tracker.spawn(player::play(shared.clone(), roster.player(&spawn)));
    }
    if !shared.stop.is_cancelled() {
        shared.metrics.ramp_up_done();
        tracing::info!(
            players = params.survivors + params.killers,
            "ramp-up done; steady load"
        );
    }
    tracker.close();
    tracker.wait().await;
}

/// Takes a snapshot every 200 ms until `done`, then a last one.
async fn snapshot_loop(
    metrics: Arc<Metrics>,
    mut sampler: Sampler,
    mut callback: Option<MetricsCallback>,
    start: Instant,
    done: CancellationToken,
) -> (Sampler, Vec<TimeseriesRow>) {
    let mut timeseries = Vec::new();
    let mut ticks = interval_at(start + SNAPSHOT_INTERVAL, SNAPSHOT_INTERVAL);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        let last = tokio::select! {
            _ = done.cancelled() => true,
            _ = ticks.tick() => false,
        };
        let snapshot = sampler.sample(&metrics, start.elapsed());
        timeseries.push(snapshot.to_row());
        if let Some(callback) = callback.as_mut() {
            callback(&snapshot);
        }
        if last {
            return (sampler, timeseries);
        }
    }
}
