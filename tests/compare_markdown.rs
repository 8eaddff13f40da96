//! The Markdown table of `bench compare`, snapshot-tested so that a change to
//! what users paste into pull requests is a reviewed diff.

#[path = "fixtures/reports/builder.rs"]
mod builder;

use builder::Spec;
use matchbench::report::compare::{Comparison, Format, RunData, Tolerance, render};

fn run(spec: &Spec, with_series: bool) -> RunData {
    RunData::from_summary(spec.summary(), with_series.then(|| spec.timeseries()))
}

fn mixed_candidate() -> Spec {
    Spec {
        p95_time_to_match_ms: 2600.0,
        matches_per_sec: 130.0,
        p95_purchase_latency_ms: 25.0,
        ..Spec::candidate()
    }
}

#[test]
fn markdown_table_marks_better_worse_and_noise() {
    let cmp = Comparison::new(
        &run(&Spec::base(), true),
        &run(&mixed_candidate(), true),
        Tolerance::DEFAULT,
    );
    insta::assert_snapshot!(render(&cmp, Format::Markdown));
}

#[test]
fn markdown_table_without_time_series_says_noise_was_not_estimated() {
    let cmp = Comparison::new(
        &run(&Spec::base(), false),
        &run(&mixed_candidate(), false),
        Tolerance::DEFAULT,
    );
    insta::assert_snapshot!(render(&cmp, Format::Markdown));
}

#[test]
fn text_table_lines_up() {
    let cmp = Comparison::new(
        &run(&Spec::base(), true),
        &run(&mixed_candidate(), true),
        Tolerance::DEFAULT,
    );
    insta::assert_snapshot!(render(&cmp, Format::Text));
}
