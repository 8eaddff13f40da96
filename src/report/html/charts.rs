//! Line charts drawn with plotters' SVG backend into strings, to inline in a
//! page. Every chart of the reports goes through [`draw`].

use std::ops::Range;

use plotters::coord::Shift;
use plotters::prelude::*;

/// Width of a chart in SVG pixels; the page scales it to its column.
pub const WIDTH: u32 = 620;
/// Height of a chart in SVG pixels.
pub const HEIGHT: u32 = 300;

/// The largest coordinate a chart draws, either way from 0. No figure of a
/// run comes near it, and plotters cannot take much larger ones: an axis
/// that reaches infinity never finishes placing its ticks, and a point far
/// outside its axis overflows the pixel arithmetic. A point beyond it, or
/// not finite, is left out.
pub const MAX_COORDINATE: f64 = 1e12;

/// A chart that plotters could not draw.
#[derive(Debug, thiserror::Error)]
#[error("cannot draw chart: {0}")]
pub struct ChartError(String);

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(err: DrawingAreaErrorKind<E>) -> Self {
        Self(err.to_string())
    }
}

/// The horizontal axis of a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XAxis {
    /// Seconds since the run started.
    Seconds,
    /// `-log10(1 - q)` of a quantile `q`, labelled as percentiles.
    Percentile,
}

/// One line of a chart.
#[derive(Debug, Clone)]
pub struct Line {
    /// The legend entry.
    pub name: String,
    /// Points as (x, y).
    pub points: Vec<(f64, f64)>,
    /// The colour.
    pub color: RGBColor,
    /// Dashed: a target, or the base run of an overlay.
    pub dashed: bool,
}

/// A chart to draw.
#[derive(Debug, Clone)]
pub struct Chart {
    /// The caption, shown by the page above the chart.
    pub title: String,
    /// What the vertical axis measures, with its unit.
    pub y_desc: String,
    /// The horizontal axis.
    pub x_axis: XAxis,
    /// The lines.
    pub lines: Vec<Line>,
}

impl Line {
    /// The points that are drawn: finite, and within [`MAX_COORDINATE`].
    pub fn drawn_points(&self) -> impl Iterator<Item = (f64, f64)> + Clone + '_ {
        self.points
            .iter()
            .copied()
            .filter(|&(x, y)| drawable(x) && drawable(y))
    }

    /// Whether the line has a point to draw.
    pub fn is_drawn(&self) -> bool {
        self.drawn_points().next().is_some()
    }
}

impl Chart {
    /// Whether no line has a point to draw.
    pub fn is_empty(&self) -> bool {
        !self.lines.iter().any(Line::is_drawn)
    }
}

fn drawable(coordinate: f64) -> bool {
    coordinate.abs() <= MAX_COORDINATE
}

/// The chart as an `<svg>` element.
pub fn draw(chart: &Chart) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE)?;
        plot(&root, chart)?;
        root.present()?;
    }
    Ok(svg)
}

fn plot(root: &DrawingArea<SVGBackend<'_>, Shift>, chart: &Chart) -> Result<(), ChartError> {
    let (x_range, y_range) = bounds(chart);
    let span = x_range.end - x_range.start;
    let mut ctx = ChartBuilder::on(root)
        .margin(12)
        .margin_right(36)
        .x_label_area_size(48)
        .y_label_area_size(72)
        .build_cartesian_2d(x_range, y_range)?;

    let x_label = |x: &f64| match chart.x_axis {
        XAxis::Seconds => seconds_label(*x, span),
        XAxis::Percentile => percentile_label(*x),
    };
    let (x_desc, x_labels) = match chart.x_axis {
        XAxis::Seconds => ("elapsed (s)", 10),
        // One label per decade of the tail: 0%, 90%, 99%, 99.9%...
        XAxis::Percentile => ("percentile", 6),
    };
    ctx.configure_mesh()
        .x_desc(x_desc)
        .y_desc(chart.y_desc.as_str())
        .x_label_formatter(&x_label)
        .y_label_formatter(&|y: &f64| compact(*y))
        .x_labels(x_labels)
        .label_style(("sans-serif", 17))
        .axis_desc_style(("sans-serif", 17))
        .light_line_style(RGBColor(246, 246, 246))
        .draw()?;

    // Legends are drawn by the page in HTML, where they never hide a line.
    for line in &chart.lines {
        let style = line.color.stroke_width(2);
        let points = line.drawn_points();
        match line.dashed {
            true => ctx.draw_series(DashedLineSeries::new(points, 6, 4, style))?,
            false => ctx.draw_series(LineSeries::new(points, style))?,
        };
    }
    Ok(())
}

/// The x range of the drawn points, and a y range from 0 (or the smallest
/// y, when lower) to the largest y with a little headroom. Both are finite
/// and hold every drawn point, as plotters needs.
fn bounds(chart: &Chart) -> (Range<f64>, Range<f64>) {
    let points = || chart.lines.iter().flat_map(Line::drawn_points);
    let x_min = points().map(|p| p.0).fold(f64::INFINITY, f64::min);
    let x_max = points().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
    let y_min = points().map(|p| p.1).fold(0.0, f64::min);
    let y_max = points().map(|p| p.1).fold(0.0, f64::max);
    let x_min = match chart.x_axis {
        // Time runs from the start of the run, whenever the first snapshot came.
        XAxis::Seconds if x_min.is_finite() => x_min.min(0.0),
        _ if x_min.is_finite() => x_min,
        _ => 0.0,
    };
    let x_max = if x_max > x_min { x_max } else { x_min + 1.0 };
    let y_max = if y_max > y_min {
        y_max + 0.1 * (y_max - y_min)
    } else {
        y_min + 1.0
    };
    (x_min..x_max, y_min..y_max)
}

/// A time-axis label: whole seconds, or tenths on a run too short for ten
/// whole-second ticks, so that no two ticks read the same.
fn seconds_label(x: f64, span: f64) -> String {
    if span >= 10.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// The percentile of an x of the percentile axis: 0 → 0%, 2 → 99%, 3 → 99.9%.
pub fn percentile_label(x: f64) -> String {
    let percent = 100.0 * (1.0 - 10f64.powf(-x));
    let decimals = (x - 2.0).ceil().clamp(0.0, 6.0) as usize;
    format!("{percent:.decimals$}%")
}

/// An axis number without noise: 1200 → 1.2k, 0.25 → 0.25.
fn compact(y: f64) -> String {
    match y.abs() {
        a if a >= 1e6 => format!("{:.1}M", y / 1e6),
        a if a >= 1e4 => format!("{:.0}k", y / 1e3),
        a if a >= 1e3 => format!("{:.1}k", y / 1e3),
        a if a >= 10.0 || a == 0.0 => format!("{y:.0}"),
        a if a >= 1.0 => format!("{y:.1}"),
        _ => format!("{y:.2}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentile_axis_labels_read_as_percentiles() {
        assert_eq!(percentile_label(0.0), "0%");
        assert_eq!(percentile_label(1.0), "90%");
        assert_eq!(percentile_label(2.0), "99%");
        assert_eq!(percentile_label(3.0), "99.9%");
        assert_eq!(percentile_label(4.0), "99.99%");
    }

    #[test]
    fn a_short_run_labels_its_time_axis_in_tenths() {
        assert_eq!(seconds_label(1.5, 4.0), "1.5");
        assert_eq!(seconds_label(2.0, 4.0), "2.0");
        assert_eq!(seconds_label(30.0, 60.0), "30");
    }

    #[test]
    fn axis_numbers_are_compact() {
        assert_eq!(compact(1200.0), "1.2k");
        assert_eq!(compact(25000.0), "25k");
        assert_eq!(compact(42.0), "42");
        assert_eq!(compact(0.25), "0.25");
    }

    /// A chart of one line through `ys`, one second apart.
    fn chart_of(ys: &[f64]) -> Chart {
        let line = Line {
            name: "a".into(),
            points: ys.iter().enumerate().map(|(i, y)| (i as f64, *y)).collect(),
            color: BLUE,
            dashed: false,
        };
        Chart {
            title: "t".into(),
            y_desc: "y".into(),
            x_axis: XAxis::Seconds,
            lines: vec![line],
        }
    }

    #[test]
    fn a_chart_draws_as_one_svg_element() {
        let svg = draw(&chart_of(&[1.0, 2.0])).expect("drawn");
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn a_value_near_the_largest_float_is_left_out_and_the_rest_drawn() {
        let chart = chart_of(&[1.0, 1.7e308, 2.0]);
        assert_eq!(bounds(&chart).1, 0.0..2.2);
        assert!(draw(&chart).expect("drawn").contains("<polyline"));
    }

    #[test]
    fn a_negative_value_extends_the_axis_below_zero() {
        let chart = chart_of(&[1.0, -1e9, 2.0]);
        let (_, y) = bounds(&chart);
        assert!(y.start == -1e9 && y.end > 2.0, "{y:?}");
        assert!(draw(&chart).expect("drawn").contains("<polyline"));
    }

    #[test]
    fn values_at_the_limit_either_way_draw_on_a_finite_axis() {
        let chart = chart_of(&[MAX_COORDINATE, -MAX_COORDINATE, f64::NAN, f64::INFINITY]);
        let (_, y) = bounds(&chart);
        assert!(y.start.is_finite() && y.end.is_finite(), "{y:?}");
        assert!(draw(&chart).is_ok());
    }

    #[test]
    fn a_chart_of_only_values_it_cannot_draw_is_empty() {
        assert!(chart_of(&[f64::NAN, f64::INFINITY, -1e300]).is_empty());
        assert!(!chart_of(&[f64::NAN, 0.0]).is_empty());
    }
}
