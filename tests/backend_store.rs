//! The reference store over real HTTP on loopback.

mod backend_support;

use std::sync::Arc;

use backend_support::*;
use matchbench::api::{Catalog, PurchaseList, Receipt, StoreStats};
use matchbench::backend::{Backend, BackendOptions, store::STARTING_BALANCE};
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};
use tokio::task::JoinSet;

async fn buy(client: &Client, backend: &Backend, key: &str, body: Value) -> Response {
    let target = url(backend.store_url(), "v1/purchases");
    let request = client
        .post(target)
        .header("Idempotency-Key", key)
        .json(&body);
    request.send().await.expect("the store answers")
}

fn lantern(player: &str) -> Value {
    json!({"player_id": player, "item_id": "skin-lantern"})
}

async fn get_json<T: serde::de::DeserializeOwned>(client: &Client, target: url::Url) -> T {
    let response = client.get(target).send().await.expect("the store answers");
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("a JSON body")
}

#[tokio::test]
async fn the_catalog_lists_a_handful_of_priced_items() {
    let backend = backend().await;
    let catalog: Catalog = get_json(&client(), url(backend.store_url(), "v1/items")).await;
    assert!((3..=10).contains(&catalog.items.len()));
    assert!(
        catalog
            .items
            .iter()
            .any(|item| item.item_id == "skin-lantern" && item.price == 500)
    );
    assert!(catalog.items.iter().all(|item| item.currency == "shards"));
}

#[tokio::test]
async fn a_purchase_charges_a_new_wallet_and_shows_in_the_players_list() {
    let backend = backend().await;
    let client = client();
    let response = buy(&client, &backend, "key-1", lantern("p-1")).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let receipt: Receipt = response.json().await.expect("a receipt");
    assert_eq!(
        (receipt.price, receipt.balance),
        (500, STARTING_BALANCE - 500)
    );

    let list: PurchaseList = get_json(
        &client,
        url(backend.store_url(), "v1/players/p-1/purchases"),
    )
    .await;
    assert_eq!(list.purchases.len(), 1);
    assert_eq!(list.purchases[0].purchase_id, receipt.purchase_id);
    let empty: PurchaseList = get_json(
        &client,
        url(backend.store_url(), "v1/players/p-2/purchases"),
    )
    .await;
    assert!(empty.purchases.is_empty());
    let stats: StoreStats = get_json(&client, url(backend.store_url(), "v1/stats")).await;
    assert_eq!(stats.purchases, 1);
    assert_eq!(stats.revenue.get("shards"), Some(&500));
}

#[tokio::test]
async fn a_replay_answers_200_with_the_same_receipt_and_a_different_body_answers_422() {
    let backend = backend().await;
    let client = client();
    let first: Receipt = buy(&client, &backend, "key-1", lantern("p-1"))
        .await
        .json()
        .await
        .expect("a receipt");
    let replay = buy(&client, &backend, "key-1", lantern("p-1")).await;
    assert_eq!(replay.status(), StatusCode::OK);
    assert_eq!(
        replay
            .headers()
            .get("idempotent-replayed")
            .map(|v| v.as_bytes()),
        Some(&b"true"[..])
    );
    assert_eq!(replay.json::<Receipt>().await.expect("a receipt"), first);

    let other = buy(&client, &backend, "key-1", lantern("p-2")).await;
    assert_eq!(
        error_code(other, StatusCode::UNPROCESSABLE_ENTITY).await,
        "idempotency_key_reused"
    );
}

#[tokio::test]
async fn the_same_key_fifty_times_at_once_buys_once_and_charges_once() {
    let backend = Arc::new(backend().await);
    let client = client();
    let mut sends = JoinSet::new();
    for _ in 0..50 {
        let (client, backend) = (client.clone(), backend.clone());
        sends.spawn(async move {
            let response = buy(&client, &backend, "one-key", lantern("p-1")).await;
            let status = response.status();
            let receipt: Receipt = response.json().await.expect("a receipt");
            (status, receipt)
        });
    }
    let answers = sends.join_all().await;

    let created = answers
        .iter()
        .filter(|(status, _)| *status == StatusCode::CREATED)
        .count();
    let replayed = answers
        .iter()
        .filter(|(status, _)| *status == StatusCode::OK)
        .count();
    assert_eq!((created, replayed), (1, 49));
    assert!(answers.iter().all(|(_, receipt)| *receipt == answers[0].1));
    let list: PurchaseList = get_json(
        &client,
        url(backend.store_url(), "v1/players/p-1/purchases"),
    )
    .await;
    assert_eq!(list.purchases.len(), 1);
    let next: Receipt = buy(&client, &backend, "two-key", lantern("p-1"))
        .await
        .json()
        .await
        .expect("a receipt");
    assert_eq!(next.balance, STARTING_BALANCE - 2 * 500);
}

#[tokio::test]
async fn an_empty_wallet_answers_402_and_charges_nothing() {
    let backend = backend().await;
    let client = client();
    let bundle = json!({"player_id": "p-1", "item_id": "bundle-starter"});
    let affordable = STARTING_BALANCE / 2_500;
    for n in 0..affordable {
        let response = buy(&client, &backend, &format!("k-{n}"), bundle.clone()).await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    let broke = buy(&client, &backend, "k-broke", bundle).await;
    assert_eq!(
        error_code(broke, StatusCode::PAYMENT_REQUIRED).await,
        "insufficient_funds"
    );
    let cheap = buy(&client, &backend, "k-cheap", lantern("p-1")).await;
    assert_eq!(
        error_code(cheap, StatusCode::PAYMENT_REQUIRED).await,
        "insufficient_funds"
    );
    let stats: StoreStats = get_json(&client, url(backend.store_url(), "v1/stats")).await;
    assert_eq!(stats.purchases, affordable);
}

#[tokio::test]
async fn an_unknown_item_answers_404() {
    let backend = backend().await;
    let body = json!({"player_id": "p-1", "item_id": "sword-of-nothing"});
    let response = buy(&client(), &backend, "k-1", body).await;
    assert_eq!(
        error_code(response, StatusCode::NOT_FOUND).await,
        "not_found"
    );
}

#[tokio::test]
async fn a_missing_or_ill_formed_idempotency_key_answers_400() {
    let backend = backend().await;
    let client = client();
    let target = url(backend.store_url(), "v1/purchases");
    let missing = client
        .post(target.clone())
        .json(&lantern("p-1"))
        .send()
        .await
        .expect("an answer");
    assert_eq!(
        error_code(missing, StatusCode::BAD_REQUEST).await,
        "invalid_request"
    );
    for key in ["".to_owned(), "k".repeat(129)] {
        let response = buy(&client, &backend, &key, lantern("p-1")).await;
        assert_eq!(
            error_code(response, StatusCode::BAD_REQUEST).await,
            "invalid_request"
        );
    }
    let longest = buy(&client, &backend, &"k".repeat(128), lantern("p-1")).await;
    assert_eq!(longest.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn malformed_purchases_answer_400() {
    let backend = backend().await;
    let client = client();
    let target = url(backend.store_url(), "v1/purchases");
    let bodies: [&[u8]; 6] = [
        b"{",
        br#"["p-1", "skin-lantern"]"#,
        b"\n[\"p-1\", \"skin-lantern\"]",
        b"\xc3\x28",
        br#"{"player_id": "p-1"}"#,
        br#"{"player_id": "", "item_id": "skin-lantern"}"#,
    ];
    for (n, body) in bodies.into_iter().enumerate() {
        let request = client
            .post(target.clone())
            .header("Idempotency-Key", format!("k-{n}"));
        let response = request.body(body.to_vec()).send().await.expect("an answer");
        assert_eq!(
            error_code(response, StatusCode::BAD_REQUEST).await,
            "invalid_request"
        );
    }
    let bad_player = url(backend.store_url(), "v1/players/no%20spaces/purchases");
    let response = client.get(bad_player).send().await.expect("an answer");
    assert_eq!(
        error_code(response, StatusCode::BAD_REQUEST).await,
        "invalid_request"
    );
}

#[tokio::test]
async fn a_retry_of_a_committed_purchase_is_replayed_even_over_the_allowance() {
    let options = BackendOptions {
        purchases_per_player: Some(1),
        ..BackendOptions::default()
    };
    let backend = backend_with(options).await;
    let client = client();
    let first = buy(&client, &backend, "r-1", lantern("p-1")).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let receipt: Receipt = first.json().await.expect("a receipt");

    let retry = buy(&client, &backend, "r-1", lantern("p-1")).await;
    assert_eq!(retry.status(), StatusCode::OK);
    let replayed = retry.headers().get("idempotent-replayed").cloned();
    assert_eq!(replayed.as_ref().map(|v| v.as_bytes()), Some(&b"true"[..]));
    let again: Receipt = retry.json().await.expect("a receipt");
    assert_eq!(again, receipt);

    // Another body under the same key is the client's mistake, whatever the
    // allowance or the catalog would say of it.
    let other_item = json!({"player_id": "p-1", "item_id": "emote-wave"});
    let reused = buy(&client, &backend, "r-1", other_item).await;
    assert_eq!(
        error_code(reused, StatusCode::UNPROCESSABLE_ENTITY).await,
        "idempotency_key_reused"
    );
    let unknown_item = json!({"player_id": "p-1", "item_id": "no-such-item"});
    let reused = buy(&client, &backend, "r-1", unknown_item).await;
    assert_eq!(
        error_code(reused, StatusCode::UNPROCESSABLE_ENTITY).await,
        "idempotency_key_reused"
    );

    let new_key = buy(&client, &backend, "r-2", lantern("p-1")).await;
    assert_eq!(
        error_code(new_key, StatusCode::TOO_MANY_REQUESTS).await,
        "rate_limited"
    );
}

#[tokio::test]
async fn a_player_over_its_allowance_answers_429_with_retry_after() {
    let options = BackendOptions {
        purchases_per_player: Some(3),
        ..BackendOptions::default()
    };
    let backend = Arc::new(backend_with(options).await);
    let client = client();
    // Six at once: the allowance of three a second lets three through.
    let mut sends = JoinSet::new();
    for n in 0..6 {
        let (client, backend) = (client.clone(), backend.clone());
        sends.spawn(async move { buy(&client, &backend, &format!("a-{n}"), lantern("p-1")).await });
    }
    let mut created = 0;
    let mut limited = Vec::new();
    for response in sends.join_all().await {
        match response.status() {
            StatusCode::CREATED => created += 1,
            _ => limited.push(response),
        }
    }
    assert_eq!((created, limited.len()), (3, 3));
    for response in limited {
        let retry_after = response.headers().get("retry-after").cloned();
        assert!(retry_after.is_some_and(|v| v.to_str().unwrap().parse::<u32>().unwrap() >= 1));
        assert_eq!(
            error_code(response, StatusCode::TOO_MANY_REQUESTS).await,
            "rate_limited"
        );
    }
    let other = buy(&client, &backend, "b-0", lantern("p-2")).await;
    assert_eq!(
        other.status(),
        StatusCode::CREATED,
        "other players keep their allowance"
    );
    let stats: StoreStats = get_json(&client, url(backend.store_url(), "v1/stats")).await;
    assert_eq!(stats.purchases, 4);
}
