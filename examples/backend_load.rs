//! Load generator for the reference backend: ticket creations, long-poll wake-up
//! latency, and purchases, against a running `bench serve`.
//!
//! ```text
//! cargo run --release --example backend_load -- \
//!     --matchmaker http://127.0.0.1:7001 --store http://127.0.0.1:7002
//! ```
//!
//! `--ranked` gives the players of the ticket phases an mmr each. Every phase is
//! bounded by a count and by a time limit. `scripts/bench-backend.sh` starts the
//! server, runs this, and stops the server.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use matchbench::api::{MatchmakerStats, Ticket, TicketStatus};
use reqwest::{Client, StatusCode};
use serde_json::json;
use url::Url;

/// What to run, from the command line.
struct Args {
    matchmaker: Url,
    store: Url,
    tickets: u64,
    purchases: u64,
    probes: u64,
    concurrency: u64,
    max_secs: u64,
    /// Tickets per second in the paced phase; 0 skips it.
    paced_rate: u64,
    /// How long the paced phase lasts.
    paced_secs: u64,
    /// Give every player an mmr spread over 0..=10000.
    ranked: bool,
}

fn parse_args() -> anyhow::Result<Args> {
    let mut args = Args {
        matchmaker: Url::parse("http://127.0.0.1:7001")?,
        store: Url::parse("http://127.0.0.1:7002")?,
        tickets: 200_000,
        purchases: 100_000,
        probes: 300,
        concurrency: 64,
        max_secs: 30,
        paced_rate: 20_000,
        paced_secs: 10,
        ranked: false,
    };
    let mut raw = std::env::args().skip(1);
    while let Some(flag) = raw.next() {
        if flag == "--ranked" {
            args.ranked = true;
            continue;
        }
        let value = raw
            .next()
            .with_context(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--matchmaker" => args.matchmaker = Url::parse(&value)?,
            "--store" => args.store = Url::parse(&value)?,
            "--tickets" => args.tickets = value.parse()?,
            "--purchases" => args.purchases = value.parse()?,
            "--probes" => args.probes = value.parse()?,
            "--concurrency" => args.concurrency = value.parse()?,
            "--max-secs" => args.max_secs = value.parse()?,
            "--paced-rate" => args.paced_rate = value.parse()?,
            "--paced-secs" => args.paced_secs = value.parse()?,
            other => bail!("unknown flag {other}"),
        }
    }
    Ok(args)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Arc::new(parse_args()?);
    let client = Client::builder()
        .pool_max_idle_per_host(usize::try_from(args.concurrency)?)
        .build()?;
    let busy = probes_beside(&args, "busy".to_owned());
    tickets(&args, &client).await?;
    busy.join()
        .map_err(|_| anyhow::anyhow!("the probe thread panicked"))??;
    if args.paced_rate > 0 {
        let paced = probes_beside(&args, "paced".to_owned());
        paced_tickets(&args, &client).await?;
        paced
            .join()
            .map_err(|_| anyhow::anyhow!("the probe thread panicked"))??;
    }
    wake_latency(&args, &client, "idle").await?;
    purchases(&args, &client).await?;
    Ok(())
}

/// Starts the wake-up probes on a thread and runtime of their own, so they do
/// not queue behind the load tasks inside this process.
fn probes_beside(args: &Arc<Args>, when: String) -> std::thread::JoinHandle<anyhow::Result<()>> {
    let args = Arc::clone(args);
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        runtime.block_on(wake_latency(&args, &Client::new(), &when))
    })
}

/// Runs `work(n)` for n in 0..count on `concurrency` tasks until done or out of time.
/// Returns how many succeeded, failed, and how long it took.
async fn closed_loop<F, Fut>(args: &Args, count: u64, work: F) -> (u64, u64, Duration)
where
    F: Fn(u64) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = bool> + Send,
{
    let next = Arc::new(AtomicU64::new(0));
    let (ok, failed) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let work = Arc::new(work);
    let deadline = Instant::now() + Duration::from_secs(args.max_secs);
    let started = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..args.concurrency {
        let (next, ok, failed, work) = (next.clone(), ok.clone(), failed.clone(), work.clone());
        workers.spawn(async move {
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= count || Instant::now() >= deadline {
                    return;
                }
                let counter = if work(n).await { &ok } else { &failed };
                counter.fetch_add(1, Ordering::Relaxed);
            }
        });
    }
    workers.join_all().await;
    (
        ok.load(Ordering::Relaxed),
        failed.load(Ordering::Relaxed),
        started.elapsed(),
    )
}

/// Phase 1: unique players join at 4 survivors to 1 killer as fast as the server takes them,
/// ranked with `--ranked`.
async fn tickets(args: &Args, client: &Client) -> anyhow::Result<()> {
    let target = args.matchmaker.join("v1/tickets")?;
    let (sender, url, ranked) = (client.clone(), target.clone(), args.ranked);
    let (ok, failed, took) = closed_loop(args, args.tickets, move |n| {
        let body = ticket_body("load", n, ranked);
        created(sender.post(url.clone()).json(&body).send())
    })
    .await;
    let stats = matchmaker_stats(args, client).await?;
    println!(
        "tickets: {ok} created in {:.2} s = {:.0}/s, {failed} failed; matches formed {} \
         (the busy probes' included); \
         queued at the end: {} survivors, {} killers",
        took.as_secs_f64(),
        ok as f64 / took.as_secs_f64(),
        stats.matches_formed,
        stats.queued.survivor,
        stats.queued.killer
    );
    Ok(())
}

/// The matchmaker's own counts, read after a ticket phase.
async fn matchmaker_stats(args: &Args, client: &Client) -> anyhow::Result<MatchmakerStats> {
    let url = args.matchmaker.join("v1/stats")?;
    Ok(client.get(url).send().await?.json().await?)
}

/// Player `n` of a ticket phase: one killer in five; with `ranked`, an mmr
/// from a fixed scramble of n, so every run has the same spread.
fn ticket_body(prefix: &str, n: u64, ranked: bool) -> serde_json::Value {
    let role = if n.is_multiple_of(5) {
        "killer"
    } else {
        "survivor"
    };
    let mut body = json!({"player_id": format!("{prefix}-{n}"), "role": role});
    if ranked {
        body["mmr"] = json!(n.wrapping_mul(2_654_435_761) % 10_001);
    }
    body
}

/// Whether a request was answered `201 Created` with its whole body.
async fn created(request: impl Future<Output = reqwest::Result<reqwest::Response>>) -> bool {
    match request.await {
        Ok(response) => response.status() == StatusCode::CREATED && response.bytes().await.is_ok(),
        Err(_) => false,
    }
}

/// Phase 2: unique players join at 4 survivors to 1 killer on a fixed schedule,
/// `paced_rate` a second for `paced_secs`, the rate the matchmaker must sustain,
/// while the probes measure the wake-up at that load rather than at saturation.
async fn paced_tickets(args: &Args, client: &Client) -> anyhow::Result<()> {
    let target = args.matchmaker.join("v1/tickets")?;
    let count = args.paced_rate * args.paced_secs;
    let interval = Duration::from_secs(1).div_f64(args.paced_rate as f64);
    let started = tokio::time::Instant::now();
    let deadline = started + Duration::from_secs(args.paced_secs + 5);
    let (ok, failed, late) = (
        Arc::new(AtomicU64::new(0)),
        Arc::new(AtomicU64::new(0)),
        Arc::new(AtomicU64::new(0)),
    );
    let mut workers = tokio::task::JoinSet::new();
    // Worker w sends tickets w, w + c, w + 2c, ..., each when it is due.
    for worker in 0..args.concurrency {
        let (client, url, ranked) = (client.clone(), target.clone(), args.ranked);
        let (ok, failed, late) = (ok.clone(), failed.clone(), late.clone());
        let step = args.concurrency;
        workers.spawn(async move {
            let mut n = worker;
            while n < count {
                let due = started + interval.mul_f64(n as f64);
                if due >= deadline {
                    return;
                }
                if tokio::time::Instant::now() > due + Duration::from_millis(10) {
                    late.fetch_add(1, Ordering::Relaxed);
                }
                tokio::time::sleep_until(due).await;
                let body = ticket_body("paced", n, ranked);
                let counter = if created(client.post(url.clone()).json(&body).send()).await {
                    &ok
                } else {
                    &failed
                };
                counter.fetch_add(1, Ordering::Relaxed);
                n += step;
            }
        });
    }
    workers.join_all().await;
    let took = started.elapsed();
    let ok = ok.load(Ordering::Relaxed);
    let stats = matchmaker_stats(args, client).await?;
    println!(
        "paced tickets: {ok} created in {:.2} s = {:.0}/s against {}/s asked, \
         {} failed, {} sent over 10 ms late; queued at the end: {} survivors, {} killers",
        took.as_secs_f64(),
        ok as f64 / took.as_secs_f64(),
        args.paced_rate,
        failed.load(Ordering::Relaxed),
        late.load(Ordering::Relaxed),
        stats.queued.survivor,
        stats.queued.killer
    );
    Ok(())
}

/// Phase 3, beside phase 1 (`busy`), beside phase 2 (`paced`) and alone
/// (`idle`): a long poll waits on a killer; the fifth player completes the match.
/// The gap between the completing answer and the long poll's answer is the wake-up.
async fn wake_latency(args: &Args, client: &Client, when: &str) -> anyhow::Result<()> {
    let target = args.matchmaker.join("v1/tickets")?;
    let mut gaps = Vec::new();
    for probe in 0..args.probes {
        let probe = format!("{when}-{probe}");
        let region = format!("probe-{probe}");
        let join = |id: String, role: &str| {
            let body = json!({"player_id": id, "role": role, "region": region});
            client.post(target.clone()).json(&body).send()
        };
        let killer: Ticket = join(format!("probe-k-{probe}"), "killer")
            .await?
            .json()
            .await?;
        for n in 0..3 {
            join(format!("probe-s-{probe}-{n}"), "survivor")
                .await?
                .bytes()
                .await?;
        }
        let poll_url = args
            .matchmaker
            .join(&format!("v1/tickets/{}?wait_ms=5000", killer.ticket_id))?;
        let poll = tokio::spawn(client.get(poll_url).send());
        tokio::time::sleep(Duration::from_millis(5)).await;
        let completing = join(format!("probe-s-{probe}-x"), "survivor").await?;
        let completed_at = Instant::now();
        completing.bytes().await?;
        let answered: Ticket = poll.await??.json().await?;
        let answered_at = Instant::now();
        if answered.status != TicketStatus::Matched {
            bail!(
                "probe {probe}: the long poll answered {:?}",
                answered.status
            );
        }
        gaps.push(answered_at.saturating_duration_since(completed_at));
    }
    gaps.sort();
    let at = |q: f64| {
        gaps.get(((gaps.len() as f64 - 1.0) * q) as usize)
            .copied()
            .unwrap_or_default()
    };
    println!(
        "long-poll wake-up ({when}): {} probes, gap after the completing answer \
         p50 {:?}, p99 {:?}, max {:?}",
        gaps.len(),
        at(0.5),
        at(0.99),
        at(1.0)
    );
    Ok(())
}

/// Phase 4: unique keys, 10,000 players, the cheapest item.
async fn purchases(args: &Args, client: &Client) -> anyhow::Result<()> {
    let target = args.store.join("v1/purchases")?;
    let (sender, url) = (client.clone(), target.clone());
    let run = std::process::id();
    let (ok, failed, took) = closed_loop(args, args.purchases, move |n| {
        let body = json!({"player_id": format!("buyer-{}", n % 10_000), "item_id": "charm-bell"});
        created(
            sender
                .post(url.clone())
                .header("Idempotency-Key", format!("load-{run}-{n}"))
                .json(&body)
                .send(),
        )
    })
    .await;
    println!(
        "purchases: {ok} in {:.2} s = {:.0}/s, {failed} failed",
        took.as_secs_f64(),
        ok as f64 / took.as_secs_f64()
    );
    Ok(())
}
