//! The store's SQLite database: schema, seeded catalog, and the reads.
//!
//! Writes go through the single writer of [`super::batch`]; this module opens
//! connections, creates and seeds the schema, and answers the reads the
//! handlers need on a connection of their own.

use std::path::Path;

use jiff::Timestamp;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use crate::api::{Item, PurchaseEntry, PurchaseRequest, Receipt, StoreStats};

/// The balance of a wallet created on first use, in shards.
pub const STARTING_BALANCE: u64 = 1_000_000;

/// The catalog seeded into a new database: id, name, price in shards.
const CATALOG: &[(&str, &str, u64)] = &[
    ("skin-lantern", "Lantern Skin", 500),
    ("emote-wave", "Wave Emote", 200),
    ("charm-bell", "Bell Charm", 150),
    ("outfit-winter", "Winter Outfit", 1_200),
    ("bundle-starter", "Starter Bundle", 2_500),
];

const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS items (
        item_id TEXT PRIMARY KEY, name TEXT NOT NULL,
        price INTEGER NOT NULL, currency TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS wallets (
        player_id TEXT PRIMARY KEY, balance INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS purchases (
        id INTEGER PRIMARY KEY, idempotency_key TEXT NOT NULL UNIQUE,
        player_id TEXT NOT NULL, item_id TEXT NOT NULL, price INTEGER NOT NULL,
        currency TEXT NOT NULL, balance INTEGER NOT NULL, created_at_ms INTEGER NOT NULL);
    CREATE INDEX IF NOT EXISTS purchases_by_player ON purchases (player_id, id);
";

/// How strongly a database keeps its commits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// Every acknowledged commit is on disk (`synchronous = FULL`).
    Full,
    /// A throwaway database: no fsync at all.
    None,
}

/// Opens `path` read-write in WAL mode, creating and seeding it if needed.
pub fn open_writer(path: &Path, durability: Durability) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    let synchronous = match durability {
        Durability::Full => "FULL",
        Durability::None => "OFF",
    };
    conn.pragma_update(None, "synchronous", synchronous)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.execute_batch(SCHEMA)?;
    let mut seed = conn.prepare(
        "INSERT OR IGNORE INTO items (item_id, name, price, currency) VALUES (?1, ?2, ?3, 'shards')",
    )?;
    for (id, name, price) in CATALOG {
        seed.execute(params![id, name, to_sql(*price)])?;
    }
    drop(seed);
    Ok(conn)
}

/// Opens a read-only connection to a database [`open_writer`] created.
pub fn open_reader(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(conn)
}

/// The catalog, in item id order.
pub fn catalog(conn: &Connection) -> rusqlite::Result<Vec<Item>> {
    let mut stmt =
        conn.prepare("SELECT item_id, name, price, currency FROM items ORDER BY item_id")?;
    let rows = stmt.query_map([], |row| {
        Ok(Item {
            item_id: row.get(0)?,
            name: row.get(1)?,
            price: from_sql(row.get(2)?),
            currency: row.get(3)?,
        })
    })?;
    rows.collect()
}

/// Purchase count and revenue by currency, as stored.
pub fn stats(conn: &Connection) -> rusqlite::Result<StoreStats> {
    let mut stmt =
        conn.prepare("SELECT currency, COUNT(*), SUM(price) FROM purchases GROUP BY currency")?;
    let mut stats = StoreStats {
        purchases: 0,
        revenue: Default::default(),
    };
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        stats.purchases += from_sql(row.get(1)?);
        stats.revenue.insert(row.get(0)?, from_sql(row.get(2)?));
    }
    Ok(stats)
}

/// A player's purchases, oldest first.
pub fn purchases_of(conn: &Connection, player_id: &str) -> rusqlite::Result<Vec<PurchaseEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, item_id, price, created_at_ms FROM purchases WHERE player_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([player_id], |row| {
        Ok(PurchaseEntry {
            purchase_id: purchase_id(row.get(0)?),
            item_id: row.get(1)?,
            price: from_sql(row.get(2)?),
            created_at: timestamp(row.get(3)?),
        })
    })?;
    rows.collect()
}

/// The request and receipt of the purchase made earlier with `key`, if any.
pub fn purchase_by_key(
    conn: &Connection,
    key: &str,
) -> rusqlite::Result<Option<(PurchaseRequest, Receipt)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, player_id, item_id, price, currency, balance, created_at_ms \
         FROM purchases WHERE idempotency_key = ?1",
    )?;
    stmt.query_row([key], |row| {
        let receipt = Receipt {
            purchase_id: purchase_id(row.get(0)?),
            player_id: row.get(1)?,
            item_id: row.get(2)?,
            price: from_sql(row.get(3)?),
            currency: row.get(4)?,
            balance: from_sql(row.get(5)?),
            created_at: timestamp(row.get(6)?),
        };
        let request = PurchaseRequest {
            player_id: receipt.player_id.clone(),
            item_id: receipt.item_id.clone(),
        };
        Ok((request, receipt))
    })
    .optional()
}

/// The wire id of the purchase stored in row `id`.
pub fn purchase_id(id: i64) -> String {
    format!("pu-{id:x}")
}

/// A stored millisecond count as a timestamp.
pub fn timestamp(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// An amount as SQLite stores it; amounts here are far below `i64::MAX`.
pub fn to_sql(amount: u64) -> i64 {
    i64::try_from(amount).unwrap_or(i64::MAX)
}

/// A stored amount; a negative one reads as zero.
pub fn from_sql(amount: i64) -> u64 {
    u64::try_from(amount).unwrap_or(0)
}
