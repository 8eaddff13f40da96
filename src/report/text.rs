//! The end-of-run summary printed on stdout: grouped, aligned, with units.

use std::fmt::Write;

use super::summary::{ErrorsByKind, ResultsSummary, Summary, ThresholdVerdict};
use super::thresholds::format_ms;

/// Width of the label column.
const LABEL: usize = 20;

/// The summary of a run as text for a terminal.
pub fn render(summary: &Summary, scenario: &str) -> String {
    let mut out = String::new();
    heading(&mut out, summary, scenario);
    matchmaking(&mut out, &summary.results);
    store(&mut out, &summary.results);
    requests(&mut out, &summary.results);
    verdicts(&mut out, &summary.thresholds);
    out
}

/// The scenario, label, length and target, and whether the run was cut short.
fn heading(out: &mut String, summary: &Summary, scenario: &str) {
    let label = summary
        .label
        .as_deref()
        .map(|l| format!(" [{l}]"))
        .unwrap_or_default();
    let target = if summary.target.matchmaker == "embedded" {
        "the embedded backend".to_owned()
    } else {
        format!("{} and {}", summary.target.matchmaker, summary.target.store)
    };
    let seconds = summary.results.duration_ms / 1000.0;
    let _ = writeln!(out, "{scenario}{label}: {seconds:.1} s against {target}");
    if summary.interrupted {
        let _ = writeln!(out, "interrupted before the end of its duration");
    }
}

fn matchmaking(out: &mut String, r: &ResultsSummary) {
    section(out, "Matchmaking");
    let matches = format!(
        "{}   peak {:.0}/s",
        count(r.matches_formed),
        r.peak_matches_per_sec
    );
    line(out, "matches formed", &matches);
    let ttm = [
        ("avg", r.avg_time_to_match_ms),
        ("p50", r.p50_time_to_match_ms),
        ("p95", r.p95_time_to_match_ms),
        ("p99", r.p99_time_to_match_ms),
        ("max", r.max_time_to_match_ms),
    ];
    line(out, "time to match", &latencies(&ttm));
    for (role, figures) in &r.time_to_match_by_role {
        let role_figures = [
            ("avg", figures.avg_ms),
            ("p95", figures.p95_ms),
            ("p99", figures.p99_ms),
        ];
        line(out, &format!("  {role}"), &latencies(&role_figures));
    }
}

fn store(out: &mut String, r: &ResultsSummary) {
    section(out, "Store");
    let purchases = format!(
        "{} of {} due   {} dropped   peak {:.0}/s",
        count(r.purchases),
        count(r.purchases_target),
        count(r.purchases_dropped),
        r.peak_purchases_per_sec
    );
    line(out, "purchases", &purchases);
    let latency = [
        ("avg", r.avg_purchase_latency_ms),
        ("p50", r.p50_purchase_latency_ms),
        ("p95", r.p95_purchase_latency_ms),
        ("p99", r.p99_purchase_latency_ms),
        ("max", r.max_purchase_latency_ms),
    ];
    line(out, "purchase latency", &latencies(&latency));
    let service = [
        ("p50", r.p50_purchase_service_ms),
        ("p99", r.p99_purchase_service_ms),
    ];
    line(out, "  from send", &latencies(&service));
}

fn requests(out: &mut String, r: &ResultsSummary) {
    section(out, "Requests");
    line(out, "total", &count(r.total_requests));
    let errors = format!(
        "{} ({:.2}%){}",
        count(r.errors),
        r.error_rate * 100.0,
        by_kind(&r.errors_by_kind)
    );
    line(out, "errors", &errors);
}

fn verdicts(out: &mut String, thresholds: &[ThresholdVerdict]) {
    if thresholds.is_empty() {
        return;
    }
    section(out, "Thresholds");
    let width = thresholds.iter().map(|v| v.name.len()).max().unwrap_or(0);
    for verdict in thresholds {
        let mark = if verdict.passed { "pass" } else { "FAIL" };
        let _ = writeln!(
            out,
            "  {mark}  {:width$}  {:10}  actual {}",
            verdict.name, verdict.bound, verdict.actual
        );
    }
}

fn section(out: &mut String, title: &str) {
    let _ = writeln!(out, "\n{title}");
}

fn line(out: &mut String, label: &str, value: &str) {
    let _ = writeln!(out, "  {label:LABEL$}{value}");
}

/// The figures in aligned cells; "none measured" when every one is zero, as
/// it is for a histogram without samples (a real one holds at least 1 µs).
fn latencies(figures: &[(&str, f64)]) -> String {
    if figures.iter().all(|(_, ms)| *ms == 0.0) {
        return "none measured".to_owned();
    }
    let cells: Vec<String> = figures
        .iter()
        .map(|(name, ms)| format!("{name} {:>8}", format_ms(*ms)))
        .collect();
    cells.join("   ")
}

fn by_kind(errors: &ErrorsByKind) -> String {
    let named: Vec<String> = errors
        .by_kind()
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(kind, n)| format!("{kind} {n}"))
        .collect();
    if named.is_empty() {
        String::new()
    } else {
        format!("   {}", named.join(", "))
    }
}

/// A count with thousands separators: `12,004`.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latencies_without_samples_say_so_instead_of_zero() {
        assert_eq!(latencies(&[("avg", 0.0), ("p99", 0.0)]), "none measured");
        assert_eq!(
            latencies(&[("avg", 0.0), ("p99", 1.5)]),
            "avg   0.00ms   p99   1.50ms"
        );
    }

    #[test]
    fn counts_get_thousands_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(901_233), "901,233");
        assert_eq!(count(12_345_678), "12,345,678");
    }
}
