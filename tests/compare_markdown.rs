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
fn the_docs_name_the_noise_cell_each_format_prints_without_an_estimate() {
    let docs = std::fs::read_to_string("docs/compare.md").expect("docs/compare.md");
    let docs = docs.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(docs.contains(
        "noise column reads `-` in the text table, `—` in Markdown and the HTML page, \
         and `null` in JSON"
    ));
    let cmp = Comparison::new(
        &run(&Spec::base(), false),
        &run(&mixed_candidate(), false),
        Tolerance::DEFAULT,
    );
    let row = |format: Format| -> String {
        let out = render(&cmp, format);
        let line = out.lines().find(|l| l.contains("duration_ms"));
        line.expect("a duration_ms row").to_owned()
    };
    assert!(row(Format::Text).ends_with("  context           -"));
    assert!(row(Format::Markdown).ends_with("| context | — |"));
    let json: serde_json::Value =
        serde_json::from_str(&render(&cmp, Format::Json)).expect("valid json");
    assert_eq!(json["metrics"][0]["noise"], serde_json::Value::Null);
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
