//! The figures of the reports: which charts, from which columns, for one run
//! or for a base and a candidate overlaid.

use plotters::style::RGBColor;

use super::charts::{self, Chart, Line, XAxis};
use super::page::escape;
use super::spectrum;
use crate::report::summary::{Summary, TimeseriesRow};

/// Colours of the columns of a chart, in order.
const PALETTE: [RGBColor; 4] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
];

/// Grey of a target line.
const TARGET: RGBColor = RGBColor(110, 110, 110);

/// One run as the charts see it.
#[derive(Debug, Clone, Copy)]
pub struct Trace<'a> {
    /// Its name in legends; empty for the single run of a run report.
    pub name: &'a str,
    /// Its time series; empty when it has none.
    pub rows: &'a [TimeseriesRow],
    /// Its summary, for the histograms and the scenario's purchase target.
    pub summary: Option<&'a Summary>,
    /// Drawn dashed: the base run of an overlay.
    pub dashed: bool,
}

/// A column of `timeseries.csv` to draw.
type Column = (&'static str, fn(&TimeseriesRow) -> f64);

/// The charts over time: players, matches/s, purchases/s against target,
/// p95 time to match, p95 purchase latency and errors/s.
pub fn over_time(traces: &[Trace]) -> String {
    let players: [Column; 3] = [
        ("active", |r| r.players_active as f64),
        ("queued", |r| r.players_queued as f64),
        ("in match", |r| r.players_in_match as f64),
    ];
    let mut purchases = series_chart(
        "Purchases per second",
        "purchases/s",
        traces,
        &[("purchases/s", |r| r.purchases_per_sec)],
    );
    purchases
        .lines
        .extend(traces.iter().filter_map(target_line));
    [
        (
            "players",
            series_chart("Players", "players", traces, &players),
        ),
        (
            "matches-per-sec",
            series_chart(
                "Matches per second",
                "matches/s",
                traces,
                &[("matches/s", |r| r.matches_per_sec)],
            ),
        ),
        ("purchases-per-sec", purchases),
        (
            "p95-time-to-match",
            series_chart(
                "p95 time to match",
                "ms",
                traces,
                &[("p95", |r| r.p95_time_to_match_ms)],
            ),
        ),
        (
            "p95-purchase-latency",
            series_chart(
                "p95 purchase latency",
                "ms",
                traces,
                &[("p95", |r| r.p95_purchase_latency_ms)],
            ),
        ),
        ("errors", errors_chart(traces)),
    ]
    .iter()
    .map(|(id, chart)| figure(id, chart, "no time series recorded"))
    .collect()
}

/// The HDR percentile spectra of time to match and purchase latency.
pub fn spectra(traces: &[Trace]) -> String {
    let ttm = spectrum_chart("Time to match by percentile", traces, |s| {
        &s.histograms.time_to_match
    });
    let purchase = spectrum_chart("Purchase latency by percentile", traces, |s| {
        &s.histograms.purchase_latency
    });
    figure(
        "spectrum-time-to-match",
        &ttm,
        "no time-to-match histogram recorded",
    ) + &figure(
        "spectrum-purchase-latency",
        &purchase,
        "no purchase latency histogram recorded",
    )
}

fn series_chart(title: &str, y_desc: &str, traces: &[Trace], columns: &[Column]) -> Chart {
    let lines = traces.iter().flat_map(|trace| {
        columns
            .iter()
            .zip(PALETTE.iter().cycle())
            .map(move |((name, value), color)| Line {
                name: legend(trace, name),
                points: trace.rows.iter().map(|r| (seconds(r), value(r))).collect(),
                color: *color,
                dashed: trace.dashed,
            })
    });
    Chart {
        title: title.to_owned(),
        y_desc: y_desc.to_owned(),
        x_axis: XAxis::Seconds,
        lines: lines.collect(),
    }
}

fn errors_chart(traces: &[Trace]) -> Chart {
    let lines = traces.iter().map(|trace| Line {
        name: legend(trace, "errors/s"),
        points: errors_per_second(trace.rows),
        color: PALETTE[3],
        dashed: trace.dashed,
    });
    Chart {
        title: "Errors per second".to_owned(),
        y_desc: "errors/s".to_owned(),
        x_axis: XAxis::Seconds,
        lines: lines.collect(),
    }
}

/// Errors per second over the last second at each snapshot, from the
/// cumulative counter, like the other rates of the time series.
fn errors_per_second(rows: &[TimeseriesRow]) -> Vec<(f64, f64)> {
    let mut start = 0;
    rows.iter()
        .enumerate()
        .skip(1)
        .map(|(i, row)| {
            let a_second_before =
                |j: usize| row.elapsed_ms.saturating_sub(rows[j].elapsed_ms) >= 1000;
            while start + 1 < i && a_second_before(start + 1) {
                start += 1;
            }
            let first = &rows[start];
            let secs = row.elapsed_ms.saturating_sub(first.elapsed_ms).max(1) as f64 / 1000.0;
            (
                seconds(row),
                row.errors.saturating_sub(first.errors) as f64 / secs,
            )
        })
        .collect()
}

/// The scenario's `purchases.per_second` as a dashed line across the run.
fn target_line(trace: &Trace) -> Option<Line> {
    let rate = purchase_target(trace.summary?)?;
    let (first, last) = (trace.rows.first()?, trace.rows.last()?);
    Some(Line {
        name: legend(trace, "target"),
        points: vec![(seconds(first), rate), (seconds(last), rate)],
        color: TARGET,
        dashed: true,
    })
}

/// `purchases.per_second` of the scenario, if it sets one.
pub fn purchase_target(summary: &Summary) -> Option<f64> {
    let rate = summary.scenario.get("purchases")?.get("per_second")?;
    rate.as_f64().or_else(|| rate.as_str()?.trim().parse().ok())
}

fn spectrum_chart(title: &str, traces: &[Trace], pick: fn(&Summary) -> &String) -> Chart {
    let lines = traces.iter().enumerate().filter_map(|(i, trace)| {
        let histogram = spectrum::decode(pick(trace.summary?)).ok()?;
        Some(Line {
            name: legend(trace, "latency"),
            points: spectrum::points(&histogram),
            color: PALETTE[i % PALETTE.len()],
            dashed: trace.dashed,
        })
    });
    Chart {
        title: title.to_owned(),
        y_desc: "ms".to_owned(),
        x_axis: XAxis::Percentile,
        lines: lines.collect(),
    }
}

fn legend(trace: &Trace, column: &str) -> String {
    match trace.name {
        "" => column.to_owned(),
        run => format!("{run}: {column}"),
    }
}

fn seconds(row: &TimeseriesRow) -> f64 {
    row.elapsed_ms as f64 / 1000.0
}

/// A `<figure>` holding the chart and its legend, or a sentence saying why
/// there is none.
fn figure(id: &str, chart: &Chart, empty: &str) -> String {
    let body = match chart.is_empty() {
        true => format!("<p class=\"empty\">{}</p>", escape(empty)),
        false => match charts::draw(chart) {
            Ok(svg) => legend_list(chart) + &svg,
            Err(e) => format!("<p class=\"empty\">{}</p>", escape(&e.to_string())),
        },
    };
    let title = escape(&chart.title);
    format!(
        "<figure class=\"chart\" id=\"chart-{id}\">\n<figcaption>{title}</figcaption>\n\
         {body}\n</figure>\n"
    )
}

/// The legend as a list of swatches, solid or dashed like their lines.
fn legend_list(chart: &Chart) -> String {
    let items: String = chart
        .lines
        .iter()
        .filter(|l| l.is_drawn())
        .map(|l| {
            let RGBColor(r, g, b) = l.color;
            let dash = if l.dashed { "dashed" } else { "solid" };
            format!(
                "<li><span class=\"swatch\" style=\"border-top: 3px {dash} rgb({r},{g},{b})\">\
                 </span>{}</li>",
                escape(&l.name)
            )
        })
        .collect();
    format!("<ul class=\"legend\">{items}</ul>\n")
}
