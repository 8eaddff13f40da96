//! One progress line on stderr every few seconds, for CI logs and pipes.

use std::io::Write;
use std::time::Duration;

use super::LiveView;
use crate::benchmark::MetricsSnapshot;
use crate::report::thresholds::format_ms;

/// How often a progress line is printed.
const EVERY: Duration = Duration::from_secs(5);

/// Prints a progress line every 5 s of the run.
#[derive(Debug, Default)]
pub struct Progress {
    next: Duration,
}

impl Progress {
    /// A progress printer whose first line comes 5 s into the run.
    pub fn new() -> Self {
        Self { next: EVERY }
    }
}

impl LiveView for Progress {
    fn show(&mut self, snapshot: &MetricsSnapshot) {
        if snapshot.elapsed >= self.next {
            self.next = snapshot.elapsed + EVERY - Duration::from_millis(100);
            let mut err = std::io::stderr().lock();
            let _ = writeln!(err, "{}", progress_line(snapshot));
        }
    }
}

/// The snapshot as one line: time, phase, players, rates, p95s, errors.
pub fn progress_line(s: &MetricsSnapshot) -> String {
    let c = &s.counters;
    format!(
        "[{:>5.1}s/{:.0}s] {:8} players {} (queued {}, in match {})  matches {:.0}/s  \
         purchases {:.0}/s of {}/s  p95 match {}  p95 purchase {}  errors {}",
        s.elapsed.as_secs_f64(),
        s.duration.as_secs_f64(),
        s.phase.as_str(),
        c.players_active,
        c.players_queued,
        c.players_in_match,
        s.matches_per_sec,
        s.purchases_per_sec,
        s.target_purchases_per_sec,
        format_ms(s.p95_time_to_match.as_secs_f64() * 1000.0),
        format_ms(s.p95_purchase_latency.as_secs_f64() * 1000.0),
        c.total_errors(),
    )
}
