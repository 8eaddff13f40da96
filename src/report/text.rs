//! The end-of-run summary printed on stdout: grouped, aligned, with units.

use std::fmt::Write;

use super::summary::{ErrorsByKind, Summary};
use super::thresholds::format_ms;

/// Width of the label column.
const LABEL: usize = 20;

/// The summary of a run as text for a terminal.
pub fn render(summary: &Summary, scenario: &str) -> String {
    let r = &summary.results;
    let mut out = String::new();
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
    let _ = writeln!(
        out,
        "{scenario}{label}: {:.1} s against {target}",
        r.duration_ms / 1000.0
    );
    if summary.interrupted {
        let _ = writeln!(out, "interrupted before the end of its duration");
    }

    section(&mut out, "Matchmaking");
    let matches = format!(
        "{}   peak {:.0}/s",
        count(r.matches_formed),
        r.peak_matches_per_sec
    );
    line(&mut out, "matches formed", &matches);
    let ttm = [
        ("avg", r.avg_time_to_match_ms),
        ("p50", r.p50_time_to_match_ms),
        ("p95", r.p95_time_to_match_ms),
        ("p99", r.p99_time_to_match_ms),
        ("max", r.max_time_to_match_ms),
    ];
    line(&mut out, "time to match", &latencies(&ttm));
    for (role, figures) in &r.time_to_match_by_role {
        let role_figures = [
            ("avg", figures.avg_ms),
            ("p95", figures.p95_ms),
            ("p99", figures.p99_ms),
        ];
        line(&mut out, &format!("  {role}"), &latencies(&role_figures));
    }

    section(&mut out, "Store");
    let purchases = format!(
        "{} of {} due   {} dropped   peak {:.0}/s",
        count(r.purchases),
        count(r.purchases_target),
        count(r.purchases_dropped),
        r.peak_purchases_per_sec
    );
    line(&mut out, "purchases", &purchases);
    let latency = [
        ("avg", r.avg_purchase_latency_ms),
        ("p50", r.p50_purchase_latency_ms),
        ("p95", r.p95_purchase_latency_ms),
        ("p99", r.p99_purchase_latency_ms),
        ("max", r.max_purchase_latency_ms),
    ];
    line(&mut out, "purchase latency", &latencies(&latency));
    let service = [
        ("p50", r.p50_purchase_service_ms),
        ("p99", r.p99_purchase_service_ms),
    ];
    line(&mut out, "  from send", &latencies(&service));

    section(&mut out, "Requests");
    line(&mut out, "total", &count(r.total_requests));
    let errors = format!(
        "{} ({:.2}%){}",
        count(r.errors),
        r.error_rate * 100.0,
        by_kind(&r.errors_by_kind)
    );
    line(&mut out, "errors", &errors);

    if !summary.thresholds.is_empty() {
        section(&mut out, "Thresholds");
        let width = summary
            .thresholds
            .iter()
            .map(|v| v.name.len())
            .max()
            .unwrap_or(0);
        for verdict in &summary.thresholds {
            let mark = if verdict.passed { "pass" } else { "FAIL" };
            let _ = writeln!(
                out,
                "  {mark}  {:width$}  {:10}  actual {}",
                verdict.name, verdict.bound, verdict.actual
            );
        }
    }
    out
}

fn section(out: &mut String, title: &str) {
    let _ = writeln!(out, "\n{title}");
}

fn line(out: &mut String, label: &str, value: &str) {
    let _ = writeln!(out, "  {label:LABEL$}{value}");
}

fn latencies(figures: &[(&str, f64)]) -> String {
    let cells: Vec<String> = figures
        .iter()
        .map(|(name, ms)| format!("{name} {:>8}", format_ms(*ms)))
        .collect();
    cells.join("   ")
}

fn by_kind(errors: &ErrorsByKind) -> String {
    let kinds = [
        ("timeout", errors.timeout),
        ("connect", errors.connect),
        ("http_4xx", errors.http_4xx),
        ("http_5xx", errors.http_5xx),
        ("decode", errors.decode),
    ];
    let named: Vec<String> = kinds
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
    fn counts_get_thousands_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(901_233), "901,233");
        assert_eq!(count(12_345_678), "12,345,678");
    }
}
