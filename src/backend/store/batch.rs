//! Group commit: one writer thread applies purchases many to a transaction.
//!
//! Handlers send a [`Job`] over a bounded channel and await its answer. The
//! writer takes every job waiting in the channel (up to [`MAX_BATCH`]), applies
//! them in one transaction, commits once, and only then answers each job. While
//! one batch is being synced to disk the next one queues up, so the number of
//! fsyncs grows with time, not with purchases.

use std::sync::Arc;

use jiff::Timestamp;
use parking_lot::Mutex;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use tokio::sync::{mpsc, oneshot};

use super::db::{self, STARTING_BALANCE, from_sql, purchase_id, timestamp, to_sql};
use crate::api::{Item, PurchaseRequest, Receipt, StoreStats};

/// Most purchases one transaction applies.
pub const MAX_BATCH: usize = 2_048;

/// One purchase to apply.
#[derive(Debug)]
pub struct Job {
    /// The `Idempotency-Key` it came with.
    pub key: String,
    /// The body it came with.
    pub request: PurchaseRequest,
    /// The catalog item bought.
    pub item: Item,
    /// Where the outcome goes once committed.
    pub reply: oneshot::Sender<Outcome>,
}

/// What became of a purchase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A new purchase, committed.
    Created(Receipt),
    /// The key was used before with the same body: that purchase's receipt.
    Replayed(Receipt),
    /// The key was used before with a different body.
    KeyReused,
    /// The wallet holds less than the price.
    Insufficient,
    /// The database failed; nothing was charged.
    Failed,
}

/// Runs the writer on `conn` until every sender of `jobs` is gone.
pub fn run_writer(
    mut conn: Connection,
    mut jobs: mpsc::Receiver<Job>,
    stats: Arc<Mutex<StoreStats>>,
) {
    while let Some(first) = jobs.blocking_recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let outcomes = apply(&mut conn, &batch).unwrap_or_else(|err| {
            tracing::warn!(error = %err, jobs = batch.len(), "purchase batch failed");
            vec![Outcome::Failed; batch.len()]
        });
        count(&stats, &outcomes);
        for (job, outcome) in batch.into_iter().zip(outcomes) {
            // A handler that gave up waiting is no reason to stop.
            let _ = job.reply.send(outcome);
        }
    }
}

/// Applies a batch in one transaction; answers nothing until it committed.
fn apply(conn: &mut Connection, batch: &[Job]) -> rusqlite::Result<Vec<Outcome>> {
    let tx = conn.transaction()?;
    let outcomes = batch
        .iter()
        .map(|job| apply_one(&tx, job))
        .collect::<rusqlite::Result<Vec<_>>>()?;
    tx.commit()?;
    Ok(outcomes)
}

fn apply_one(tx: &Transaction, job: &Job) -> rusqlite::Result<Outcome> {
    if let Some(outcome) = committed(tx, &job.key, &job.request)? {
        return Ok(outcome);
    }

    let player = &job.request.player_id;
    let price = to_sql(job.item.price);
    tx.prepare_cached("INSERT OR IGNORE INTO wallets (player_id, balance) VALUES (?1, ?2)")?
        .execute(params![player, to_sql(STARTING_BALANCE)])?;
    let balance: Option<i64> = tx
        .prepare_cached(
            "UPDATE wallets SET balance = balance - ?2 \
             WHERE player_id = ?1 AND balance >= ?2 RETURNING balance",
        )?
        .query_row(params![player, price], |row| row.get(0))
        .optional()?;
    let Some(balance) = balance else {
        return Ok(Outcome::Insufficient);
    };

    let created_at_ms = Timestamp::now().as_millisecond();
    tx.prepare_cached(
        "INSERT INTO purchases (idempotency_key, player_id, item_id, price, currency, \
         balance, created_at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        job.key,
        player,
        job.item.item_id,
        price,
        job.item.currency,
        balance,
        created_at_ms
    ])?;
    Ok(Outcome::Created(Receipt {
        purchase_id: purchase_id(tx.last_insert_rowid()),
        player_id: player.clone(),
        item_id: job.item.item_id.clone(),
        price: job.item.price,
        currency: job.item.currency.clone(),
        balance: from_sql(balance),
        created_at: timestamp(created_at_ms),
    }))
}

/// The answer to a key that is already committed: its receipt again for
/// the same body, [`Outcome::KeyReused`] for another; `None` for a new key.
pub fn committed(
    conn: &Connection,
    key: &str,
    request: &PurchaseRequest,
) -> rusqlite::Result<Option<Outcome>> {
    let earlier = db::purchase_by_key(conn, key)?;
    Ok(earlier.map(|(earlier, receipt)| {
        if &earlier == request {
            Outcome::Replayed(receipt)
        } else {
            Outcome::KeyReused
        }
    }))
}

fn count(stats: &Mutex<StoreStats>, outcomes: &[Outcome]) {
    let mut stats = stats.lock();
    for outcome in outcomes {
        if let Outcome::Created(receipt) = outcome {
            stats.purchases += 1;
            *stats.revenue.entry(receipt.currency.clone()).or_default() += receipt.price;
        }
    }
}
