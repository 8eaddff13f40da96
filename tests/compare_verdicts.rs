//! `bench compare` judgements: directions, tolerance and noise, on runs built
//! in code.

#[path = "fixtures/reports/builder.rs"]
mod builder;

use builder::Spec;
use matchbench::report::compare::metrics::{Direction, METRICS};
use matchbench::report::compare::{Comparison, Noise, RunData, Tolerance, Verdict};

fn run(spec: &Spec, with_series: bool) -> RunData {
    let series = with_series.then(|| spec.timeseries());
    RunData::from_summary(spec.summary(), series)
}

fn compare(base: &Spec, candidate: &Spec) -> Comparison {
    Comparison::new(&run(base, true), &run(candidate, true), Tolerance::DEFAULT)
}

fn row<'a>(cmp: &'a Comparison, key: &str) -> &'a matchbench::report::compare::Row {
    cmp.rows
        .iter()
        .find(|r| r.metric.key == key)
        .expect("metric in table")
}

#[test]
fn identical_runs_have_no_regression_and_every_judged_metric_within_tolerance() {
    let cmp = compare(&Spec::base(), &Spec::base());
    assert!(!cmp.has_regression());
    assert!(
        cmp.rows
            .iter()
            .all(|r| matches!(r.verdict, Verdict::WithinTolerance | Verdict::Context))
    );
}

#[test]
fn slower_matching_beyond_tolerance_and_noise_is_a_regression() {
    let candidate = Spec {
        p95_time_to_match_ms: 2600.0,
        ..Spec::candidate()
    };
    let cmp = compare(&Spec::base(), &candidate);
    let p95 = row(&cmp, "p95_time_to_match_ms");
    assert_eq!(p95.verdict, Verdict::Worse);
    assert_eq!(p95.noise, Noise::Beyond);
    assert!(p95.is_regression());
    assert!(
        cmp.conclusion().contains("p95_time_to_match_ms"),
        "{}",
        cmp.conclusion()
    );
}

#[test]
fn faster_matching_beyond_tolerance_is_better_and_not_a_regression() {
    let candidate = Spec {
        p95_time_to_match_ms: 1500.0,
        matches_per_sec: 130.0,
        ..Spec::candidate()
    };
    let cmp = compare(&Spec::base(), &candidate);
    assert_eq!(row(&cmp, "p95_time_to_match_ms").verdict, Verdict::Better);
    assert_eq!(row(&cmp, "avg_matches_per_sec").verdict, Verdict::Better);
    assert!(!cmp.has_regression());
}

#[test]
fn a_change_smaller_than_the_tolerance_is_within_it() {
    let candidate = Spec {
        p95_purchase_latency_ms: 25.5,
        ..Spec::candidate()
    };
    let cmp = compare(&Spec::base(), &candidate);
    assert_eq!(
        row(&cmp, "p95_purchase_latency_ms").verdict,
        Verdict::WithinTolerance
    );
    assert!(!cmp.has_regression());
}

#[test]
fn a_wider_tolerance_forgives_the_same_change() {
    let candidate = Spec {
        p95_time_to_match_ms: 2300.0,
        ..Spec::candidate()
    };
    let (b, c) = (run(&Spec::base(), true), run(&candidate, true));
    assert!(Comparison::new(&b, &c, Tolerance::DEFAULT).has_regression());
    let wide: Tolerance = "20%".parse().expect("valid tolerance");
    assert!(!Comparison::new(&b, &c, wide).has_regression());
}

#[test]
fn a_worse_change_inside_noisy_runs_is_not_a_regression() {
    let noisy = |spec: Spec| Spec {
        seconds: 10,
        jitter: 0.9,
        ..spec
    };
    let base = noisy(Spec::base());
    let candidate = noisy(Spec {
        p95_time_to_match_ms: 2300.0,
        matches_per_sec: 85.0,
        ..Spec::candidate()
    });
    let cmp = compare(&base, &candidate);
    for key in ["p95_time_to_match_ms", "avg_matches_per_sec"] {
        let r = row(&cmp, key);
        assert_eq!(
            (r.verdict, r.noise),
            (Verdict::Worse, Noise::Inside),
            "{key}"
        );
        assert!(!r.is_regression(), "{key}");
    }
}

#[test]
fn without_time_series_changes_are_judged_on_tolerance_and_the_table_says_so() {
    let candidate = Spec {
        p95_time_to_match_ms: 2600.0,
        ..Spec::candidate()
    };
    let cmp = Comparison::new(
        &run(&Spec::base(), false),
        &run(&candidate, false),
        Tolerance::DEFAULT,
    );
    assert!(!cmp.noise_estimated);
    assert!(cmp.rows.iter().all(|r| r.noise == Noise::Unknown));
    assert!(cmp.has_regression());
    assert!(cmp.notes.iter().any(|n| n.contains("tolerance only")));
}

#[test]
fn errors_appearing_where_there_were_none_are_a_regression() {
    let base = Spec {
        errors_per_sec: 0.0,
        ..Spec::base()
    };
    let cmp = compare(&base, &Spec::candidate());
    let errors = row(&cmp, "error_rate");
    assert_eq!((errors.change, errors.verdict), (None, Verdict::Worse));
    assert!(errors.is_regression());
}

#[test]
fn every_metric_knows_which_way_is_good() {
    // Every judged metric gets worse when each figure moves 50% the bad way.
    let bad = Spec {
        matches_per_sec: 50.0,
        purchases_per_sec: 100.0,
        p95_time_to_match_ms: 3000.0,
        p95_purchase_latency_ms: 36.0,
        errors_per_sec: 0.75,
        ..Spec::candidate()
    };
    let base = Spec {
        purchases_dropped: 10,
        ..Spec::base()
    };
    let bad = Spec {
        purchases_dropped: 15,
        ..bad
    };
    let cmp = Comparison::new(&run(&base, false), &run(&bad, false), Tolerance::DEFAULT);
    for r in &cmp.rows {
        let expected = match r.metric.direction {
            Direction::Context => Verdict::Context,
            _ => Verdict::Worse,
        };
        assert_eq!(r.verdict, expected, "{}", r.metric.key);
    }
    let contexts: Vec<&str> = METRICS
        .iter()
        .filter(|m| m.direction == Direction::Context)
        .map(|m| m.key)
        .collect();
    assert_eq!(
        contexts,
        [
            "duration_ms",
            "matches_formed",
            "max_time_to_match_ms",
            "purchases",
            "purchases_target",
            "max_purchase_latency_ms",
            "total_requests",
            "errors"
        ]
    );
}

#[test]
fn every_metric_moving_the_good_way_is_better() {
    let good = Spec {
        matches_per_sec: 150.0,
        purchases_per_sec: 300.0,
        p95_time_to_match_ms: 1000.0,
        p95_purchase_latency_ms: 12.0,
        errors_per_sec: 0.25,
        purchases_dropped: 5,
        ..Spec::candidate()
    };
    let base = Spec {
        purchases_dropped: 10,
        ..Spec::base()
    };
    let cmp = Comparison::new(&run(&base, false), &run(&good, false), Tolerance::DEFAULT);
    for r in cmp.rows.iter().filter(|r| r.verdict != Verdict::Context) {
        assert_eq!(r.verdict, Verdict::Better, "{}", r.metric.key);
    }
}

#[test]
fn time_series_too_short_for_an_estimate_fall_back_to_tolerance() {
    let short = |spec: Spec| Spec { seconds: 3, ..spec };
    let candidate = short(Spec {
        p95_time_to_match_ms: 2600.0,
        ..Spec::candidate()
    });
    let cmp = compare(&short(Spec::base()), &candidate);
    assert!(!cmp.noise_estimated);
    assert!(cmp.has_regression());
    assert!(cmp.notes.iter().any(|n| n.contains("5 seconds or more")));
}

#[test]
fn runs_of_different_lengths_are_noted() {
    let base = Spec::base();
    let candidate = Spec {
        seconds: 30,
        ..Spec::candidate()
    };
    let comparison = Comparison::new(
        &run(&base, true),
        &run(&candidate, true),
        Tolerance::DEFAULT,
    );
    assert!(
        comparison
            .notes
            .iter()
            .any(|note| note.contains("lasted different times (60.0 s and 30.0 s)")),
        "{:?}",
        comparison.notes
    );
}

#[test]
fn runs_of_different_lengths_at_the_same_rates_are_no_regression() {
    let base = Spec::base();
    let candidate = Spec {
        seconds: 30,
        ..Spec::candidate()
    };
    for with_series in [true, false] {
        let cmp = Comparison::new(
            &run(&base, with_series),
            &run(&candidate, with_series),
            Tolerance::DEFAULT,
        );
        assert!(!cmp.has_regression(), "{}", cmp.conclusion());
        for key in ["matches_formed", "purchases", "errors"] {
            assert_eq!(row(&cmp, key).verdict, Verdict::Context, "{key}");
        }
        for key in ["avg_matches_per_sec", "avg_purchases_per_sec", "error_rate"] {
            assert_eq!(row(&cmp, key).verdict, Verdict::WithinTolerance, "{key}");
        }
    }
}
