//! The runner's timing on tokio's paused clock: ramp-up instants and role
//! order, snapshots every 200 ms, and shutdown on cancellation.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use matchbench::api::Role;
use matchbench::benchmark::{Phase, Runner, RunnerError, RunnerParams};
use matchbench::config::HttpSettings;
use support::memory::{AlreadyHeld, ExpiresOnce, NoStore, QueueForever};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

fn params(survivors: u32, killers: u32, ramp_up: u64, duration: u64) -> RunnerParams {
    RunnerParams {
        survivors,
        killers,
        ramp_up: Duration::from_secs(ramp_up),
        duration: Duration::from_secs(duration),
        ..RunnerParams::default()
    }
}

fn runner(params: RunnerParams, matchmaker: QueueForever) -> Runner<QueueForever, NoStore> {
    Runner::with_clients(params, &HttpSettings::default(), matchmaker, NoStore).unwrap()
}

#[tokio::test(start_paused = true)]
async fn players_spawn_at_even_instants_with_roles_interleaved() {
    let matchmaker = QueueForever::default();
    let start = Instant::now();
    runner(params(100, 25, 10, 20), matchmaker.clone())
        .start(CancellationToken::new())
        .await
        .unwrap();

    let seen = matchmaker.seen.lock().unwrap();
    assert_eq!(seen.joins.len(), 125);
    for (i, join) in seen.joins.iter().enumerate() {
        assert_eq!(
            join.at - start,
            Duration::from_millis(80) * i as u32,
            "player {i}"
        );
        let expected = if i % 5 == 4 {
            Role::Killer
        } else {
            Role::Survivor
        };
        assert_eq!(join.role, expected, "player {i}");
    }
    assert_eq!(seen.joins[0].player_id, "p-000001");
    assert!(seen.joins.last().unwrap().at - start < Duration::from_secs(10));
}

#[tokio::test(start_paused = true)]
async fn a_zero_ramp_up_spawns_everyone_at_the_start() {
    let matchmaker = QueueForever::default();
    let start = Instant::now();
    runner(params(8, 2, 0, 2), matchmaker.clone())
        .start(CancellationToken::new())
        .await
        .unwrap();
    let seen = matchmaker.seen.lock().unwrap();
    assert_eq!(seen.joins.len(), 10);
    assert!(seen.joins.iter().all(|join| join.at == start));
}

#[tokio::test(start_paused = true)]
async fn cancellation_stops_the_run_promptly_and_cancels_every_queued_ticket() {
    let matchmaker = QueueForever::default();
    let cancel = CancellationToken::new();
    let trigger = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(5)).await;
        trigger.cancel();
    });
    let start = Instant::now();
    let results = runner(params(40, 10, 2, 60), matchmaker.clone())
        .start(cancel)
        .await
        .unwrap();

    assert!(
        start.elapsed() < Duration::from_millis(5100),
        "took {:?}",
        start.elapsed()
    );
    assert!(results.interrupted);
    let seen = matchmaker.seen.lock().unwrap();
    assert_eq!(seen.joins.len(), 50);
    assert_eq!(seen.cancelled.len(), 50, "every queued ticket is cancelled");
    let last = results.timeseries.last().unwrap();
    assert_eq!(last.phase, "stopping");
    assert_eq!(last.players_active, 0, "every player task has ended");
}

#[tokio::test(start_paused = true)]
async fn a_hanging_target_cannot_hold_the_run_past_its_grace_period() {
    let start = Instant::now();
    let results = runner(params(4, 1, 0, 3), QueueForever::hanging())
        .start(CancellationToken::new())
        .await
        .unwrap();
    assert!(
        start.elapsed() <= Duration::from_secs(3 + 4),
        "took {:?}",
        start.elapsed()
    );
    assert!(!results.interrupted);
}

#[tokio::test(start_paused = true)]
async fn a_player_told_it_holds_a_ticket_waits_on_that_ticket() {
    let matchmaker = AlreadyHeld::default();
    Runner::with_clients(
        params(0, 1, 0, 2),
        &HttpSettings::default(),
        matchmaker.clone(),
        NoStore,
    )
    .unwrap()
    .start(CancellationToken::new())
    .await
    .unwrap();
    assert_eq!(
        matchmaker.joins.load(std::sync::atomic::Ordering::SeqCst),
        1
    );
    let read = matchmaker.read.lock().unwrap();
    assert!(!read.is_empty());
    assert!(read.iter().all(|id| id == "t-held-p-000001"), "{read:?}");
}

#[tokio::test(start_paused = true)]
async fn a_match_formed_while_the_run_stops_is_still_counted() {
    // The killer's long poll is dropped when the load stops; its cancel is
    // refused because the ticket matched, and the match must still count.
    let results = Runner::with_clients(
        params(0, 1, 0, 2),
        &HttpSettings::default(),
        AlreadyHeld::default(),
        NoStore,
    )
    .unwrap()
    .start(CancellationToken::new())
    .await
    .unwrap();
    assert_eq!(results.summary.matches_formed, 1);
    assert_eq!(results.summary.errors, 0);
}

#[tokio::test(start_paused = true)]
async fn time_to_match_counts_from_the_first_join_when_a_ticket_expires() {
    let matchmaker = ExpiresOnce::default();
    let params = RunnerParams {
        requeue: false,
        ..params(0, 1, 0, 10)
    };
    let results = Runner::with_clients(params, &HttpSettings::default(), matchmaker, NoStore)
        .unwrap()
        .start(CancellationToken::new())
        .await
        .unwrap()
        .summary;

    assert_eq!(results.matches_formed, 1);
    // 3 s on the expired ticket, a pause of 100 to 150 ms, 1 s on the next.
    let waited = results.max_time_to_match_ms;
    assert!((4000.0..4300.0).contains(&waited), "{waited} ms");
}

#[tokio::test(start_paused = true)]
async fn the_callback_gets_a_snapshot_every_200_ms_and_one_at_the_end() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    let mut runner = runner(params(4, 1, 1, 2), QueueForever::default());
    runner.set_metrics_callback(Box::new(move |snapshot| {
        sink.lock()
            .unwrap()
            .push((snapshot.elapsed, snapshot.phase));
    }));
    runner.start(CancellationToken::new()).await.unwrap();

    let seen = seen.lock().unwrap();
    let ticks: Vec<_> = seen
        .iter()
        .take(10)
        .map(|(elapsed, _)| elapsed.as_millis())
        .collect();
    assert_eq!(
        ticks,
        [200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800, 2000]
    );
    assert_eq!(seen[0].1, Phase::RampUp);
    assert_eq!(seen[8].1, Phase::Steady);
    assert_eq!(seen.last().unwrap().1, Phase::Stopping);
    assert!(seen.len() <= 12, "{} snapshots", seen.len());
}

#[tokio::test(start_paused = true)]
async fn a_server_that_ignores_the_wait_is_polled_at_most_ten_times_a_second() {
    let matchmaker = QueueForever::impatient();
    runner(params(1, 0, 0, 2), matchmaker.clone())
        .start(CancellationToken::new())
        .await
        .unwrap();
    let polls = matchmaker.polls.load(std::sync::atomic::Ordering::SeqCst);
    assert!((19..=21).contains(&polls), "{polls} polls in 2 s");
}

#[test]
fn invalid_parameters_are_refused_with_the_value_named() {
    let bad = [
        (
            RunnerParams {
                duration: Duration::ZERO,
                ..RunnerParams::default()
            },
            "duration is 0s",
        ),
        (
            RunnerParams {
                ramp_up: Duration::from_secs(90),
                ..RunnerParams::default()
            },
            "ramp_up is 1m 30s, but it must be shorter than duration",
        ),
        (
            RunnerParams {
                purchases_per_sec: f64::NAN,
                ..RunnerParams::default()
            },
            "purchases.per_second is NaN",
        ),
        (
            RunnerParams {
                purchases_per_sec: -1.0,
                ..RunnerParams::default()
            },
            "purchases.per_second is -1",
        ),
        (
            RunnerParams {
                max_in_flight: 0,
                ..RunnerParams::default()
            },
            "max_in_flight is 0",
        ),
    ];
    for (params, message) in bad {
        let err = Runner::with_clients(
            params,
            &HttpSettings::default(),
            QueueForever::default(),
            NoStore,
        )
        .err()
        .expect("invalid parameters are refused");
        assert!(matches!(err, RunnerError::InvalidParams { .. }));
        assert!(err.to_string().contains(message), "{err}");
    }
}
