//! `bench run` against targets that misbehave: each failure is counted by
//! kind, and the run still ends on time and writes its reports.

mod support;

use std::time::{Duration, Instant};

use matchbench::report::summary::Summary;
use support::cli::*;
use support::hostile::{self, Misbehaviour};

/// Two seconds of players and purchases, with timeouts shorter than the run.
const TWO_SECONDS: &str = "name: hostile\nduration: 2s\nplayers: {survivors: 8, killers: 2}\n\
    purchases: {per_second: 20}\nhttp: {timeout: 1s, connect_timeout: 1s, wait: 1s}\n";

/// Runs a two-second scenario against a target that misbehaves; returns the summary.
async fn run_against(misbehaviour: Misbehaviour) -> Summary {
    run_against_url(misbehaviour, hostile::start(misbehaviour).await).await
}

async fn run_against_url(misbehaviour: Misbehaviour, url: url::Url) -> Summary {
    run_scenario(misbehaviour, url, TWO_SECONDS).await
}

/// Runs `body`, a scenario of two seconds, against `url`; it must end
/// within five seconds of its duration and exit 0.
async fn run_scenario(misbehaviour: Misbehaviour, url: url::Url, body: &'static str) -> Summary {
    tokio::task::spawn_blocking(move || {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("r");
        let file = scenario(dir.path(), body);
        let started = Instant::now();
        bench()
            .args([
                "run",
                "--no-dashboard",
                "--matchmaker",
                url.as_str(),
                "--store",
                url.as_str(),
            ])
            .arg("--out")
            .arg(&out)
            .arg(&file)
            .timeout(Duration::from_secs(30))
            .assert()
            .code(0);
        assert!(
            started.elapsed() < Duration::from_secs(2 + 5),
            "{misbehaviour:?}: {:?}",
            started.elapsed()
        );
        read_summary(&out)
    })
    .await
    .unwrap()
}

macro_rules! hostile_target {
    ($name:ident, $misbehaviour:expr, $kind:ident) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            let summary = run_against($misbehaviour).await;
            let errors = summary.results.errors_by_kind;
            assert!(errors.$kind > 0, "{errors:?}");
            assert_eq!(
                summary.results.errors, summary.results.errors_by_kind.$kind,
                "{errors:?}"
            );
            assert_eq!(summary.results.purchases, 0);
        }
    };
}

hostile_target!(
    a_target_that_hangs_is_counted_as_timeouts,
    Misbehaviour::Hang,
    timeout
);
hostile_target!(
    a_target_that_resets_is_counted_as_connect_errors,
    Misbehaviour::Reset,
    connect
);
hostile_target!(
    a_target_answering_500_is_counted_as_server_errors,
    Misbehaviour::ServerError,
    http_5xx
);
hostile_target!(
    a_target_answering_html_is_counted_as_decode_errors,
    Misbehaviour::NotJson,
    decode
);
hostile_target!(
    a_target_answering_the_wrong_json_is_counted_as_decode_errors,
    Misbehaviour::WrongShape,
    decode
);
hostile_target!(
    a_target_dripping_its_body_is_counted_as_timeouts,
    Misbehaviour::Drip,
    timeout
);
hostile_target!(
    a_target_shedding_load_is_counted_as_server_errors,
    Misbehaviour::Overloaded,
    http_5xx
);
hostile_target!(
    a_target_sending_50_mb_is_counted_as_decode_errors,
    Misbehaviour::Huge,
    decode
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_whose_catalog_hangs_still_gives_a_run_and_its_reports() {
    let url = hostile::start_with_broken_catalog(Misbehaviour::Hang).await;
    let summary = run_against_url(Misbehaviour::Hang, url).await;
    assert_eq!(summary.results.purchases, 0);
    assert_eq!(summary.results.purchases_target, 40);
    assert_eq!(
        summary.results.purchases_dropped, 40,
        "every purchase due was dropped, none hidden"
    );
    assert!(summary.results.errors_by_kind.timeout > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn joins_abandoned_at_the_end_of_a_run_count_as_timeouts() {
    // The default 10 s timeout outlasts the run: every join is still
    // waiting when the grace period ends, and must not vanish from the counts.
    let url = hostile::start(Misbehaviour::Hang).await;
    let body = "name: hostile\nduration: 2s\nplayers: {survivors: 8, killers: 2}\n";
    let results = run_scenario(Misbehaviour::Hang, url, body).await.results;
    assert_eq!(results.errors_by_kind.timeout, 10, "{results:?}");
    assert_eq!(results.total_requests, 10);
    assert_eq!(results.error_rate, 1.0);
}
