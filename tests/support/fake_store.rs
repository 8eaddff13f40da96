//! A small store on a loopback port for purchaser tests: it counts the
//! purchases it acknowledges, replays idempotency keys, and can stall.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use matchbench::api::{Catalog, Item, PurchaseRequest, Receipt};
use tokio::net::TcpListener;
use tokio::time::Instant;
use url::Url;

/// What the fake store did, and when it stalls.
#[derive(Debug, Default)]
pub struct StoreState {
    /// Receipts by idempotency key.
    pub receipts: HashMap<String, Receipt>,
    /// Purchases answered 200 as replays.
    pub replays: u64,
    /// Purchases arriving in this window are held until its end.
    pub stall: Option<(Instant, Instant)>,
    /// The first attempt of every key is held this long before it is answered.
    pub slow_first_attempt: Option<Duration>,
    /// Keys seen so far, answered or not.
    pub attempts: HashMap<String, u32>,
    /// The catalog is answered only after this long.
    pub catalog_delay: Option<Duration>,
}

/// A running fake store.
pub struct FakeStore {
    pub url: Url,
    pub state: Arc<Mutex<StoreState>>,
}

impl FakeStore {
    /// Starts the store on 127.0.0.1 with an ephemeral port.
    pub async fn start() -> Self {
        let state = Arc::new(Mutex::new(StoreState::default()));
        let router = Router::new()
            .route("/healthz", get(|| async { "{\"status\":\"ok\"}" }))
            .route("/v1/items", get(items))
            .route("/v1/purchases", post(purchase))
            .with_state(state.clone());
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = Url::parse(&format!("http://{}", listener.local_addr().unwrap())).unwrap();
        tokio::spawn(async move { axum::serve(listener, router).await });
        Self { url, state }
    }

    /// Holds every purchase arriving between `from` and `from + length` until the window ends.
    pub fn stall(&self, from: Duration, length: Duration) {
        let start = Instant::now() + from;
        self.state.lock().unwrap().stall = Some((start, start + length));
    }

    /// Holds the first attempt of every key for `delay` before answering it.
    pub fn slow_first_attempts(&self, delay: Duration) {
        self.state.lock().unwrap().slow_first_attempt = Some(delay);
    }

    /// Answers the catalog only after `delay`.
    pub fn slow_catalog(&self, delay: Duration) {
        self.state.lock().unwrap().catalog_delay = Some(delay);
    }

    /// Purchases acknowledged, replays not counted.
    pub fn purchases(&self) -> usize {
        self.state.lock().unwrap().receipts.len()
    }
}

async fn items(State(state): State<Arc<Mutex<StoreState>>>) -> Json<Catalog> {
    let delay = state.lock().unwrap().catalog_delay;
    if let Some(delay) = delay {
        tokio::time::sleep(delay).await;
    }
    Json(Catalog {
        items: vec![Item {
            item_id: "skin-lantern".into(),
            name: "Lantern Skin".into(),
            price: 500,
            currency: "shards".into(),
        }],
    })
}

async fn purchase(
    State(state): State<Arc<Mutex<StoreState>>>,
    headers: HeaderMap,
    Json(request): Json<PurchaseRequest>,
) -> (StatusCode, Json<Receipt>) {
    let stall_until = state.lock().unwrap().stall.and_then(|(from, until)| {
        let now = Instant::now();
        (now >= from && now < until).then_some(until)
    });
    if let Some(until) = stall_until {
        tokio::time::sleep_until(until).await;
    }
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let hold = {
        let mut state = state.lock().unwrap();
        let attempts = state.attempts.entry(key.clone()).or_default();
        *attempts += 1;
        let first = *attempts == 1;
        state.slow_first_attempt.filter(|_| first)
    };
    if let Some(hold) = hold {
        tokio::time::sleep(hold).await;
    }
    let mut state = state.lock().unwrap();
    if let Some(receipt) = state.receipts.get(&key).cloned() {
        state.replays += 1;
        return (StatusCode::OK, Json(receipt));
    }
    let receipt = Receipt {
        purchase_id: format!("pu-{}", state.receipts.len()),
        player_id: request.player_id,
        item_id: request.item_id,
        price: 500,
        currency: "shards".into(),
        balance: 1_000_000,
        created_at: jiff::Timestamp::UNIX_EPOCH,
    };
    state.receipts.insert(key, receipt.clone());
    (StatusCode::CREATED, Json(receipt))
}
