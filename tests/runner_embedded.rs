//! The runner against the embedded backend over loopback: its counts agree
//! with the services' own.

use std::time::Duration;

use matchbench::api::{MatchmakerStats, StoreStats};
use matchbench::backend::{self, BackendOptions};
use matchbench::benchmark::{Runner, RunnerParams};
use matchbench::config::{Config, HttpSettings, Target};
use tokio_util::sync::CancellationToken;

async fn stats<T: serde::de::DeserializeOwned>(base: &url::Url) -> T {
    let url = base.join("v1/stats").unwrap();
    reqwest::get(url).await.unwrap().json().await.unwrap()
}

/// Plays `params` against `config`'s target and returns the figures.
async fn play(
    config: &Config,
    params: RunnerParams,
) -> matchbench::report::summary::ResultsSummary {
    Runner::new(config, params)
        .unwrap()
        .start(CancellationToken::new())
        .await
        .unwrap()
        .summary
}

/// A config whose target is a running backend.
fn config_for(backend: &backend::Backend) -> Config {
    let target = Target::Remote {
        matchmaker: backend.matchmaker_url().clone(),
        store: backend.store_url().clone(),
    };
    Config {
        target,
        http: HttpSettings::default(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn matches_and_purchases_agree_with_the_services_own_counts() {
    let backend = backend::start(BackendOptions::default()).await.unwrap();
    let config = config_for(&backend);
    // Without requeue every player plays exactly one match: 200 survivors and
    // 50 killers make exactly 50 matches.
    let params = RunnerParams {
        survivors: 200,
        killers: 50,
        ramp_up: Duration::from_millis(500),
        duration: Duration::from_secs(3),
        requeue: false,
        purchases_per_sec: 100.0,
        ..RunnerParams::default()
    };
    let results = play(&config, params).await;

    let matchmaker: MatchmakerStats = stats(backend.matchmaker_url()).await;
    let store: StoreStats = stats(backend.store_url()).await;
    assert_eq!(results.matches_formed, 50);
    assert_eq!(matchmaker.matches_formed, 50);
    assert_eq!(results.purchases, store.purchases);
    assert_eq!(results.purchases, 300);
    assert_eq!(results.errors, 0);
    assert_eq!(matchmaker.queued.survivor + matchmaker.queued.killer, 0);
    assert!(results.p99_time_to_match_ms > 0.0);
    assert!(results.time_to_match_by_role["killer"].avg_ms > 0.0);
    assert!(results.peak_matches_per_sec >= 1.0);
    backend.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requeueing_players_count_the_matches_the_matchmaker_formed() {
    let backend = backend::start(BackendOptions::default()).await.unwrap();
    let config = config_for(&backend);
    // Short matches and requeue: every killer plays more than two matches even
    // on a loaded machine, and the run stops with tickets queued and matches
    // forming.
    let params = RunnerParams {
        survivors: 400,
        killers: 100,
        duration: Duration::from_secs(3),
        match_duration: Duration::from_millis(50),
        ..RunnerParams::default()
    };
    let results = play(&config, params).await;

    let matchmaker: MatchmakerStats = stats(backend.matchmaker_url()).await;
    assert!(results.matches_formed > 200, "{}", results.matches_formed);
    assert_eq!(results.matches_formed, matchmaker.matches_formed);
    assert_eq!(results.errors, 0);
    assert_eq!(matchmaker.queued.survivor + matchmaker.queued.killer, 0);
    backend.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn players_still_queued_at_the_end_leave_no_ghost_tickets() {
    let backend = backend::start(BackendOptions::default()).await.unwrap();
    let config = config_for(&backend);
    // Survivors with no killer never match: all of them are queued at the end.
    let params = RunnerParams {
        survivors: 30,
        killers: 0,
        duration: Duration::from_secs(1),
        ..RunnerParams::default()
    };
    let results = play(&config, params).await;

    let matchmaker: MatchmakerStats = stats(backend.matchmaker_url()).await;
    assert_eq!(matchmaker.tickets_created, 30);
    assert_eq!(
        matchmaker.queued.survivor, 0,
        "every queued ticket was cancelled"
    );
    assert_eq!(results.matches_formed, 0);
    assert_eq!(results.errors, 0);
    backend.shutdown().await;
}
