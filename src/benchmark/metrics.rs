//! What players and purchasers record while a run lasts.
//!
//! Counters and gauges are atomics and latencies go to sharded HDR
//! histograms, so recording never waits on another task. The snapshot task
//! reads everything every 200 ms (see [`super::snapshot`]).

use std::sync::atomic::{AtomicU8, AtomicU64, Ordering::Relaxed};
use std::time::Duration;

use hdrhistogram::Histogram;

use super::histogram::ShardedHistogram;
use crate::api::Role;
use crate::client::{ClientError, ErrorKind};
use crate::report::summary::ErrorsByKind;

/// Where a run stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Players are still being spawned.
    RampUp,
    /// Every player is spawned; the load is steady.
    Steady,
    /// The run is over; tickets are being cancelled and purchases awaited.
    Stopping,
}

impl Phase {
    /// The phase's name in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::RampUp => "ramp_up",
            Phase::Steady => "steady",
            Phase::Stopping => "stopping",
        }
    }

    fn from_u8(value: u8) -> Self {
        match value {
            0 => Phase::RampUp,
            1 => Phase::Steady,
            _ => Phase::Stopping,
        }
    }
}

/// The live counters and histograms of one run.
#[derive(Debug, Default)]
pub struct Metrics {
    phase: AtomicU8,
    requests: AtomicU64,
    errors: [AtomicU64; 5],
    matches_formed: AtomicU64,
    purchases: AtomicU64,
    purchases_dropped: AtomicU64,
    players_active: AtomicU64,
    players_queued: AtomicU64,
    players_in_match: AtomicU64,
    time_to_match: [ShardedHistogram; 2],
    purchase_latency: ShardedHistogram,
    purchase_service: ShardedHistogram,
}

/// The counters at one instant.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counters {
    /// Requests sent.
    pub requests: u64,
    /// Failed requests by kind.
    pub errors: ErrorsByKind,
    /// Matches formed, once per match.
    pub matches_formed: u64,
    /// Purchases acknowledged.
    pub purchases: u64,
    /// Purchases that fell due but were never sent.
    pub purchases_dropped: u64,
    /// Player tasks alive.
    pub players_active: u64,
    /// Players holding a queued ticket.
    pub players_queued: u64,
    /// Players in a match.
    pub players_in_match: u64,
}

impl Counters {
    /// Failed requests of every kind.
    pub fn total_errors(&self) -> u64 {
        let e = &self.errors;
        e.timeout + e.connect + e.http_4xx + e.http_5xx + e.decode
    }
}

/// A gauge of players, raised for as long as the guard lives.
#[derive(Debug)]
pub struct GaugeGuard<'a>(&'a AtomicU64);

impl Drop for GaugeGuard<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Relaxed);
    }
}

fn raise(gauge: &AtomicU64) -> GaugeGuard<'_> {
    gauge.fetch_add(1, Relaxed);
    GaugeGuard(gauge)
}

fn role_index(role: Role) -> usize {
    match role {
        Role::Survivor => 0,
        Role::Killer => 1,
    }
}

fn kind_index(kind: ErrorKind) -> usize {
    kind as usize
}

impl Metrics {
    /// Empty metrics in the ramp-up phase.
    pub fn new() -> Self {
        Self::default()
    }

    /// The phase the run is in.
    pub fn phase(&self) -> Phase {
        Phase::from_u8(self.phase.load(Relaxed))
    }

    /// Moves the run to `phase`.
    pub fn set_phase(&self, phase: Phase) {
        self.phase.store(phase as u8, Relaxed);
    }

    /// Moves the run from ramp-up to steady; a run already stopping stays so.
    pub fn ramp_up_done(&self) {
        let (from, to) = (Phase::RampUp as u8, Phase::Steady as u8);
        let _ = self.phase.compare_exchange(from, to, Relaxed, Relaxed);
    }

    /// Counts one request and, when it failed, its kind of failure.
    pub fn request<T>(&self, result: &Result<T, ClientError>) {
        self.requests.fetch_add(1, Relaxed);
        if let Err(err) = result {
            self.error(err.kind());
        }
    }

    /// Counts one failed request.
    pub fn failed(&self, err: &ClientError) {
        self.requests.fetch_add(1, Relaxed);
        self.error(err.kind());
    }

    /// Counts one request that is expected to fail the way it did, such as a
    /// 409 that hands back the player's existing ticket.
    pub fn request_ok(&self) {
        self.requests.fetch_add(1, Relaxed);
    }

    /// Counts one failure of `kind`, without counting a request.
    fn error(&self, kind: ErrorKind) {
        self.errors[kind_index(kind)].fetch_add(1, Relaxed);
    }

    /// Records a player reading its match; the killer counts the match itself.
    pub fn matched(&self, role: Role, player: usize, time_to_match: Duration) {
        self.time_to_match[role_index(role)].record(player, time_to_match);
        if role == Role::Killer {
            self.matches_formed.fetch_add(1, Relaxed);
        }
    }

    /// Records an acknowledged purchase: latency from its due time and from its send.
    pub fn purchased(&self, number: usize, from_due: Duration, from_send: Duration) {
        self.purchases.fetch_add(1, Relaxed);
        self.purchase_latency.record(number, from_due);
        self.purchase_service.record(number, from_send);
    }

    /// Counts `count` purchases that fell due but were never sent.
    pub fn purchases_dropped(&self, count: u64) {
        self.purchases_dropped.fetch_add(count, Relaxed);
    }

    /// Marks a player task alive until the guard drops.
    pub fn player_active(&self) -> GaugeGuard<'_> {
        raise(&self.players_active)
    }

    /// Marks a player queued until the guard drops.
    pub fn player_queued(&self) -> GaugeGuard<'_> {
        raise(&self.players_queued)
    }

    /// Marks a player in a match until the guard drops.
    pub fn player_in_match(&self) -> GaugeGuard<'_> {
        raise(&self.players_in_match)
    }

    /// The counters now.
    pub fn counters(&self) -> Counters {
        let error = |kind| self.errors[kind_index(kind)].load(Relaxed);
        Counters {
            requests: self.requests.load(Relaxed),
            errors: ErrorsByKind {
                timeout: error(ErrorKind::Timeout),
                connect: error(ErrorKind::Connect),
                http_4xx: error(ErrorKind::Http4xx),
                http_5xx: error(ErrorKind::Http5xx),
                decode: error(ErrorKind::Decode),
            },
            matches_formed: self.matches_formed.load(Relaxed),
            purchases: self.purchases.load(Relaxed),
            purchases_dropped: self.purchases_dropped.load(Relaxed),
            players_active: self.players_active.load(Relaxed),
            players_queued: self.players_queued.load(Relaxed),
            players_in_match: self.players_in_match.load(Relaxed),
        }
    }

    /// Time to match of one role so far.
    pub fn time_to_match(&self, role: Role) -> Histogram<u64> {
        self.time_to_match[role_index(role)].merged()
    }

    /// Time to match of both roles so far.
    pub fn time_to_match_all(&self) -> Histogram<u64> {
        let mut all = self.time_to_match(Role::Survivor);
        let _ = all.add(self.time_to_match(Role::Killer));
        all
    }

    /// Purchase latency from due time so far.
    pub fn purchase_latency(&self) -> Histogram<u64> {
        self.purchase_latency.merged()
    }

    /// Purchase latency from send so far.
    pub fn purchase_service(&self) -> Histogram<u64> {
        self.purchase_service.merged()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_match_counts_once_though_five_players_read_it() {
        let metrics = Metrics::new();
        for player in 0..4 {
            metrics.matched(Role::Survivor, player, Duration::from_millis(10));
        }
        metrics.matched(Role::Killer, 4, Duration::from_millis(10));
        assert_eq!(metrics.counters().matches_formed, 1);
        assert_eq!(metrics.time_to_match_all().len(), 5);
    }

    #[test]
    fn the_end_of_ramp_up_never_undoes_a_stop() {
        let metrics = Metrics::new();
        metrics.ramp_up_done();
        assert_eq!(metrics.phase(), Phase::Steady);

        let stopped = Metrics::new();
        stopped.set_phase(Phase::Stopping);
        stopped.ramp_up_done();
        assert_eq!(stopped.phase(), Phase::Stopping);
    }

    #[test]
    fn gauges_fall_when_their_guard_drops() {
        let metrics = Metrics::new();
        let queued = metrics.player_queued();
        assert_eq!(metrics.counters().players_queued, 1);
        drop(queued);
        assert_eq!(metrics.counters().players_queued, 0);
    }

    #[test]
    fn failed_requests_count_by_kind() {
        let metrics = Metrics::new();
        metrics.request::<()>(&Err(ClientError::Timeout));
        metrics.request::<()>(&Ok(()));
        let counters = metrics.counters();
        assert_eq!(counters.requests, 2);
        assert_eq!(counters.errors.timeout, 1);
        assert_eq!(counters.total_errors(), 1);
    }
}
