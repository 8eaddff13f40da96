//! `report.html` and the `bench compare --html` page: well-formed, complete,
//! and self-contained.
//!
//! The pages rendered here are also written under Cargo's test temporary
//! folder (`target/tmp/html-fixtures/`), where `scripts/screenshot-report.sh`
//! picks them up.

#[path = "fixtures/reports/builder.rs"]
mod builder;

use builder::Spec;
use matchbench::report::compare::{Comparison, RunData, Tolerance};
use matchbench::report::html::{render_compare, render_run};
use quick_xml::events::Event;

const CHARTS: [&str; 8] = [
    "players",
    "matches-per-sec",
    "purchases-per-sec",
    "p95-time-to-match",
    "p95-purchase-latency",
    "errors",
    "spectrum-time-to-match",
    "spectrum-purchase-latency",
];

/// Parses the page as XML, checking every element is closed in order.
fn assert_well_formed(html: &str) {
    let mut reader = quick_xml::Reader::from_str(html);
    let mut open: Vec<String> = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(tag)) => open.push(tag.name().into_inner().to_owned()),
            Ok(Event::End(tag)) => {
                let name = tag.name().into_inner().to_owned();
                assert_eq!(
                    open.pop().as_deref(),
                    Some(name.as_str()),
                    "closing tag out of order"
                );
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed at byte {}: {e}", reader.error_position()),
        }
    }
    assert!(open.is_empty(), "unclosed elements: {open:?}");
}

/// Fails on anything the page would fetch: scripts, styles, fonts, images, links.
fn assert_self_contained(html: &str) {
    let without_svg_namespace = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    for needle in [
        "http://", "https://", "<script", "<link", "src=", "@import", "url(", "<img",
    ] {
        assert!(
            !without_svg_namespace.contains(needle),
            "page references {needle}"
        );
    }
}

fn assert_every_chart_drawn(html: &str) {
    for id in CHARTS {
        let start = html
            .find(&format!("id=\"chart-{id}\""))
            .unwrap_or_else(|| panic!("no chart {id}"));
        let figure = &html[start..start + html[start..].find("</figure>").expect("figure closes")];
        assert!(figure.contains("<svg"), "chart {id} has no svg");
    }
}

fn keep_for_screenshots(name: &str, html: &str) {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("html-fixtures");
    std::fs::create_dir_all(&dir).expect("create fixture folder");
    std::fs::write(dir.join(name), html).expect("write fixture page");
}

fn run_report() -> String {
    let spec = Spec::base();
    render_run(&spec.summary(), &spec.timeseries())
}

#[test]
fn run_report_is_well_formed() {
    let html = run_report();
    keep_for_screenshots("report.html", &html);
    assert_well_formed(&html);
}

#[test]
fn run_report_has_every_chart() {
    assert_every_chart_drawn(&run_report());
}

#[test]
fn run_report_references_nothing_outside_itself() {
    assert_self_contained(&run_report());
}

#[test]
fn run_report_shows_thresholds_results_and_the_purchase_target() {
    let html = run_report();
    assert!(
        html.contains("purchases_per_sec") && html.contains("failed") && html.contains("passed")
    );
    assert!(html.contains("<td>p95_time_to_match_ms</td><td class=\"num\">2000.0 ms</td>"));
    assert!(html.contains("<td>survivor</td>") && html.contains("<td>http_5xx</td>"));
    assert!(
        html.contains("dashed rgb(110,110,110)\"></span>target</li>"),
        "no target line"
    );
}

#[test]
fn run_report_escapes_the_label() {
    let mut summary = Spec::base().summary();
    summary.label = Some("<b>&\"release\"</b>".into());
    let html = render_run(&summary, &Spec::base().timeseries());
    assert_well_formed(&html);
    assert!(html.contains("&lt;b&gt;&amp;&quot;release&quot;&lt;/b&gt;"));
}

#[test]
fn run_report_without_time_series_or_histograms_says_so_and_stays_well_formed() {
    let mut summary = Spec::base().summary();
    summary.histograms.time_to_match = String::new();
    summary.histograms.purchase_latency = "garbage".into();
    let html = render_run(&summary, &[]);
    assert_well_formed(&html);
    assert_self_contained(&html);
    assert!(html.contains("no time series recorded"));
    assert!(html.contains("no time-to-match histogram recorded"));
}

#[test]
fn run_report_of_absurd_values_draws_every_chart_without_hanging() {
    let mut summary = Spec::base().summary();
    summary.scenario["purchases"]["per_second"] = 1.7e308.into();
    let mut rows = Spec::base().timeseries();
    rows[10].matches_per_sec = 1.7e308;
    rows[20].p95_time_to_match_ms = -1e9;
    rows[30].purchases_per_sec = f64::INFINITY;
    rows[40].p95_purchase_latency_ms = -f64::MAX;
    rows[50].elapsed_ms = u64::MAX;
    let html = render_run(&summary, &rows);
    assert_well_formed(&html);
    assert_every_chart_drawn(&html);
}

#[test]
fn compare_page_overlays_both_runs_and_is_well_formed() {
    let base_spec = Spec::base();
    let candidate_spec = Spec {
        p95_time_to_match_ms: 2600.0,
        matches_per_sec: 120.0,
        ..Spec::candidate()
    };
    let base = RunData::from_summary(base_spec.summary(), Some(base_spec.timeseries()));
    let candidate =
        RunData::from_summary(candidate_spec.summary(), Some(candidate_spec.timeseries()));
    let comparison = Comparison::new(&base, &candidate, Tolerance::DEFAULT);
    let html = render_compare(&base, &candidate, &comparison);
    keep_for_screenshots("compare.html", &html);
    assert_well_formed(&html);
    assert_self_contained(&html);
    assert_every_chart_drawn(&html);
    assert!(html.contains("v1.3.0: matches/s") && html.contains("v1.4.0: matches/s"));
    assert!(html.contains("class=\"worse\""));
}
