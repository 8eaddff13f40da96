//! Purchasers against a loopback store: the achieved rate, the count the
//! store agrees with, fractional rates, and a stall that shows in the p99.

mod support;

use std::time::Duration;

use matchbench::benchmark::{Runner, RunnerParams};
use matchbench::client::{HttpMatchClient, HttpStoreClient};
use matchbench::config::HttpSettings;
use support::fake_store::FakeStore;
use support::memory::{BreaksAfterCommit, QueueForever};
use tokio_util::sync::CancellationToken;

async fn buy(store: &FakeStore, rate: f64, seconds: u64) -> matchbench::benchmark::Results {
    let params = RunnerParams {
        duration: Duration::from_secs(seconds),
        purchases_per_sec: rate,
        ..RunnerParams::default()
    };
    buy_with(store, params, HttpSettings::default()).await
}

async fn buy_with(
    store: &FakeStore,
    params: RunnerParams,
    http: HttpSettings,
) -> matchbench::benchmark::Results {
    let client = HttpStoreClient::new(&http, &store.url).unwrap();
    let runner = Runner::with_clients(params, &http, QueueForever::default(), client).unwrap();
    runner.start(CancellationToken::new()).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn purchases_match_rate_times_duration_and_the_store_s_own_count() {
    let store = FakeStore::start().await;
    let results = buy(&store, 1000.0, 3).await.summary;

    assert_eq!(results.purchases_target, 3000);
    let achieved = results.purchases as f64;
    assert!(
        (2970.0..=3030.0).contains(&achieved),
        "{achieved} purchases for 3000"
    );
    assert_eq!(results.purchases as usize, store.purchases());
    assert_eq!(results.purchases_dropped, 0);
    assert_eq!(results.errors, 0);
    assert!(
        results.peak_purchases_per_sec >= 900.0,
        "{}",
        results.peak_purchases_per_sec
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fractional_rates_buy_on_schedule() {
    let store = FakeStore::start().await;
    let results = buy(&store, 0.5, 5).await.summary;
    // Due at 0 s, 2 s and 4 s.
    assert_eq!(results.purchases, 3);
    assert_eq!(store.purchases(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_one_second_stall_of_the_store_shows_in_the_p99_latency() {
    let store = FakeStore::start().await;
    store.stall(Duration::from_secs(1), Duration::from_secs(1));
    let results = buy(&store, 1000.0, 3).await.summary;

    assert!(
        results.p99_purchase_latency_ms >= 900.0,
        "p99 {}",
        results.p99_purchase_latency_ms
    );
    assert!(
        results.max_purchase_latency_ms >= 950.0,
        "max {}",
        results.max_purchase_latency_ms
    );
    // The purchases held by the stall were still sent on time, not skipped.
    let achieved = results.purchases as f64;
    assert!(
        (2970.0..=3030.0).contains(&achieved),
        "{achieved} purchases for 3000"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_late_start_shows_in_the_latency_from_due_but_not_from_send() {
    let store = FakeStore::start().await;
    store.slow_catalog(Duration::from_millis(1000));
    let results = buy(&store, 200.0, 3).await.summary;

    // The first second's purchases leave late, when the catalog arrives:
    // their users waited, though the store answered each at once.
    assert!(
        results.p99_purchase_latency_ms >= 800.0,
        "p99 from due {}",
        results.p99_purchase_latency_ms
    );
    assert!(
        results.p99_purchase_service_ms < 100.0,
        "p99 from send {}",
        results.p99_purchase_service_ms
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn purchases_still_unsent_when_the_run_stops_are_counted_as_dropped() {
    let store = FakeStore::start().await;
    // The catalog arrives 0.9 s into a 1 s run: the lanes, limited to twice
    // their rate when catching up, cannot send the 900 purchases already due.
    store.slow_catalog(Duration::from_millis(900));
    let results = buy(&store, 1000.0, 1).await.summary;

    assert_eq!(results.purchases_target, 1000);
    assert!(results.purchases_dropped > 0, "{results:?}");
    assert_eq!(
        results.purchases + results.purchases_dropped,
        results.purchases_target,
        "every purchase due is acknowledged or dropped"
    );
    assert_eq!(results.purchases as usize, store.purchases());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_catalog_that_never_comes_drops_every_purchase_due() {
    let store = FakeStore::start().await;
    store.slow_catalog(Duration::from_secs(60));
    let results = buy(&store, 50.0, 2).await.summary;

    assert_eq!(results.purchases, 0);
    assert_eq!(results.purchases_target, 100);
    assert_eq!(results.purchases_dropped, 100);
    assert_eq!(results.errors_by_kind.timeout, 1, "the catalog read");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sends_beyond_max_in_flight_are_counted_as_dropped() {
    let store = FakeStore::start().await;
    store.stall(Duration::ZERO, Duration::from_secs(2));
    let params = RunnerParams {
        duration: Duration::from_secs(1),
        purchases_per_sec: 100.0,
        max_in_flight: 10,
        ..RunnerParams::default()
    };
    let http = HttpSettings::default();
    let results = buy_with(&store, params, http).await.summary;

    assert_eq!(results.purchases_dropped, 90);
    assert_eq!(results.purchases, 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_timed_out_purchase_is_retried_with_its_key_and_charged_once() {
    let store = FakeStore::start().await;
    store.slow_first_attempts(Duration::from_millis(600));
    let params = RunnerParams {
        duration: Duration::from_secs(1),
        purchases_per_sec: 20.0,
        ..RunnerParams::default()
    };
    let http = HttpSettings {
        timeout: Duration::from_millis(200),
        ..HttpSettings::default()
    };
    let results = buy_with(&store, params, http).await.summary;

    assert_eq!(results.purchases, 20);
    assert_eq!(
        store.purchases(),
        20,
        "one receipt per key, however often it was sent"
    );
    assert_eq!(
        results.errors_by_kind.timeout, 20,
        "every first attempt timed out"
    );
    let attempts = store.state.lock().unwrap().attempts.clone();
    assert!(attempts.values().all(|sent| *sent == 2), "{attempts:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_purchase_whose_connection_broke_is_retried_with_its_key_and_counted_once() {
    let store = BreaksAfterCommit::default();
    let params = RunnerParams {
        duration: Duration::from_secs(1),
        purchases_per_sec: 20.0,
        ..RunnerParams::default()
    };
    let http = HttpSettings::default();
    let runner =
        Runner::with_clients(params, &http, QueueForever::default(), store.clone()).unwrap();
    let results = runner
        .start(CancellationToken::new())
        .await
        .unwrap()
        .summary;

    assert_eq!(results.purchases, 20);
    assert_eq!(
        store.purchases(),
        20,
        "the store's count and the bench's agree"
    );
    assert_eq!(results.errors_by_kind.connect, 20);
    let attempts = store.attempts.lock().unwrap().clone();
    assert!(attempts.values().all(|sent| *sent == 2), "{attempts:?}");
}

#[test]
fn an_embedded_target_must_be_started_before_the_runner() {
    let config = matchbench::config::Config::default();
    let err = Runner::<HttpMatchClient, HttpStoreClient>::new(&config, RunnerParams::default());
    assert!(err.is_err());
}
