//! The wire types of the matchmaker and store API.
//!
//! Both the HTTP clients and the embedded backend use these types, so the two
//! sides cannot drift apart. Unknown fields are ignored when decoding, so
//! either side can grow.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// Which side of a match a player plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Four survivors play in every match.
    Survivor,
    /// One killer plays in every match.
    Killer,
}

impl Role {
    /// The role's name on the wire and in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Survivor => "survivor",
            Role::Killer => "killer",
        }
    }
}

/// Body of `POST /v1/tickets`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreateTicket {
    /// The player asking for a match.
    pub player_id: String,
    /// The role the player wants to play.
    pub role: Role,
    /// Skill rating, 0 to 10000, when the player has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mmr: Option<u32>,
    /// Region the player plays in; players of different regions never meet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// Where a ticket stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TicketStatus {
    /// Waiting for a match.
    Queued,
    /// In a match; the ticket carries it.
    Matched,
    /// Left the queue before a match formed.
    Cancelled,
    /// Dropped by the server.
    Expired,
}

/// A ticket as the matchmaker answers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ticket {
    /// The ticket's id.
    pub ticket_id: String,
    /// The player holding the ticket.
    pub player_id: String,
    /// The role the player asked for.
    pub role: Role,
    /// Where the ticket stands.
    pub status: TicketStatus,
    /// When the ticket was created.
    pub created_at: Timestamp,
    /// The match, once the ticket is matched.
    #[serde(default, rename = "match", skip_serializing_if = "Option::is_none")]
    pub matched: Option<MatchInfo>,
}

/// One formed match: a killer and four survivors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchInfo {
    /// The match's id.
    pub match_id: String,
    /// When the match formed.
    pub formed_at: Timestamp,
    /// The killer's player id.
    pub killer: String,
    /// The four survivors' player ids.
    pub survivors: Vec<String>,
}

/// Body of every non-2xx answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// The error object inside [`ErrorBody`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// Stable, machine-readable code such as `queue_full` or `conflict`.
    pub code: String,
    /// Explanation for people.
    pub message: String,
    /// On a `409 conflict` for a ticket: the player's existing ticket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket_id: Option<String>,
}

/// Body of the matchmaker's `GET /v1/stats`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchmakerStats {
    /// Tickets waiting, by role.
    pub queued: QueuedCounts,
    /// Matches formed since the service started.
    pub matches_formed: u64,
    /// Tickets created since the service started.
    pub tickets_created: u64,
    /// Long polls waiting for their ticket to change; 0 from servers that do not say.
    #[serde(default)]
    pub long_polls_waiting: u64,
}

/// Queued tickets by role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct QueuedCounts {
    /// Survivor tickets waiting.
    pub survivor: u64,
    /// Killer tickets waiting.
    pub killer: u64,
}

/// One item of the store's catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// The item's id.
    pub item_id: String,
    /// Display name.
    pub name: String,
    /// Price in the smallest unit of `currency`.
    pub price: u64,
    /// The currency the price is in.
    pub currency: String,
}

/// Body of `GET /v1/items`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalog {
    /// Every item on sale.
    pub items: Vec<Item>,
}

/// Body of `POST /v1/purchases`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseRequest {
    /// The buyer.
    pub player_id: String,
    /// The item bought.
    pub item_id: String,
}

/// The receipt of a purchase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// The purchase's id.
    pub purchase_id: String,
    /// The buyer.
    pub player_id: String,
    /// The item bought.
    pub item_id: String,
    /// What was charged.
    pub price: u64,
    /// The currency charged.
    pub currency: String,
    /// The wallet's balance after the purchase.
    pub balance: u64,
    /// When the purchase was made.
    pub created_at: Timestamp,
}

/// One entry of `GET /v1/players/{player_id}/purchases`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseEntry {
    /// The purchase's id.
    pub purchase_id: String,
    /// The item bought.
    pub item_id: String,
    /// What was charged.
    pub price: u64,
    /// When the purchase was made.
    pub created_at: Timestamp,
}

/// Body of `GET /v1/players/{player_id}/purchases`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseList {
    /// The player's purchases, oldest first.
    pub purchases: Vec<PurchaseEntry>,
}

/// Body of the store's `GET /v1/stats`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreStats {
    /// Purchases made since the store was created.
    pub purchases: u64,
    /// Revenue by currency.
    pub revenue: BTreeMap<String, u64>,
}

/// Body of `GET /healthz`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// `ok` when the service can take work.
    pub status: String,
}
