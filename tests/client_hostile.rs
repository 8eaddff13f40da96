//! The HTTP clients against targets that misbehave: every failure is
//! classified, none panics, none hangs past its timeout.

mod support;

use std::time::Duration;

use matchbench::api::{CreateTicket, PurchaseRequest, Role};
use matchbench::client::{
    ClientError, ErrorKind, HttpMatchClient, HttpStoreClient, MatchClient, StoreClient,
};
use matchbench::config::HttpSettings;
use support::hostile::{Misbehaviour, closed_port, start};
use tokio::time::Instant;

fn settings() -> HttpSettings {
    HttpSettings {
        timeout: Duration::from_millis(500),
        connect_timeout: Duration::from_millis(500),
        ..HttpSettings::default()
    }
}

fn join() -> CreateTicket {
    CreateTicket {
        player_id: "p-000001".into(),
        role: Role::Survivor,
        mmr: None,
        region: None,
    }
}

async fn kinds(misbehaviour: Misbehaviour) -> Vec<ErrorKind> {
    let url = start(misbehaviour).await;
    let matchmaker = HttpMatchClient::new(&settings(), &url).unwrap();
    let store = HttpStoreClient::new(&settings(), &url).unwrap();
    let purchase = PurchaseRequest {
        player_id: "p-000001".into(),
        item_id: "x".into(),
    };
    let started = Instant::now();
    let kinds = vec![
        matchmaker.create_ticket(&join()).await.unwrap_err().kind(),
        matchmaker.cancel_ticket("t-1").await.unwrap_err().kind(),
        store.purchase("key-1", &purchase).await.unwrap_err().kind(),
    ];
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{misbehaviour:?} took too long"
    );
    kinds
}

#[tokio::test]
async fn a_target_that_never_answers_is_a_timeout() {
    assert_eq!(kinds(Misbehaviour::Hang).await, [ErrorKind::Timeout; 3]);
}

#[tokio::test]
async fn a_target_that_drips_its_body_is_a_timeout() {
    assert_eq!(kinds(Misbehaviour::Drip).await, [ErrorKind::Timeout; 3]);
}

#[tokio::test]
async fn a_reset_connection_is_a_connect_error() {
    assert_eq!(kinds(Misbehaviour::Reset).await, [ErrorKind::Connect; 3]);
}

#[tokio::test]
async fn the_resetting_target_sends_a_reset_not_an_orderly_close() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let url = start(Misbehaviour::Reset).await;
    let addr = (url.host_str().unwrap(), url.port().unwrap());
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"POST /v1/tickets HTTP/1.1\r\nhost: x\r\ncontent-length: 0\r\n\r\n")
        .await
        .unwrap();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer))
        .await
        .expect("the target closes the connection");
    let err = read.expect_err("an orderly close reads as the end of the stream");
    assert_eq!(err.kind(), std::io::ErrorKind::ConnectionReset);
}

#[tokio::test]
async fn a_closed_port_is_a_connect_error() {
    let url = closed_port().await;
    let matchmaker = HttpMatchClient::new(&settings(), &url).unwrap();
    assert_eq!(
        matchmaker.health().await.unwrap_err().kind(),
        ErrorKind::Connect
    );
    let store = HttpStoreClient::new(&settings(), &url).unwrap();
    assert_eq!(store.items().await.unwrap_err().kind(), ErrorKind::Connect);
}

#[tokio::test]
async fn a_500_is_a_server_error() {
    assert_eq!(
        kinds(Misbehaviour::ServerError).await,
        [ErrorKind::Http5xx; 3]
    );
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_decode_error() {
    let kinds = kinds(Misbehaviour::NotJson).await;
    // A DELETE that answers 201 does not speak the contract either.
    assert_eq!(kinds, [ErrorKind::Decode; 3]);
}

#[tokio::test]
async fn json_of_the_wrong_shape_is_a_decode_error() {
    assert_eq!(
        kinds(Misbehaviour::WrongShape).await,
        [ErrorKind::Decode; 3]
    );
}

#[tokio::test]
async fn a_50_mb_body_is_refused_as_a_decode_error() {
    assert_eq!(kinds(Misbehaviour::Huge).await, [ErrorKind::Decode; 3]);
}

#[tokio::test]
async fn a_50_mb_chunked_body_is_cut_off_as_a_decode_error() {
    let url = start(Misbehaviour::HugeChunked).await;
    let matchmaker = HttpMatchClient::new(&settings(), &url).unwrap();
    let err = matchmaker
        .wait_ticket("t-1", Duration::ZERO)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
}

#[tokio::test]
async fn overload_carries_the_server_s_retry_after() {
    let url = start(Misbehaviour::Overloaded).await;
    let client = HttpMatchClient::new(&settings(), &url).unwrap();
    let err = client.create_ticket(&join()).await.unwrap_err();
    assert!(err.is_overload());
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
    assert_eq!(err.kind(), ErrorKind::Http5xx);
}

#[tokio::test]
async fn a_conflicting_join_hands_back_the_player_s_existing_ticket() {
    let url = start(Misbehaviour::Conflict).await;
    let client = HttpMatchClient::new(&settings(), &url).unwrap();
    let err = client.create_ticket(&join()).await.unwrap_err();
    assert_eq!(
        err,
        ClientError::Status {
            status: reqwest::StatusCode::CONFLICT,
            retry_after: None,
            ticket_id: Some("t-held".into()),
        }
    );
    assert_eq!(err.kind(), ErrorKind::Http4xx);
}

#[tokio::test]
async fn a_redirect_is_not_followed_and_does_not_speak_the_contract() {
    assert_eq!(kinds(Misbehaviour::Redirect).await, [ErrorKind::Decode; 3]);
}

#[tokio::test]
async fn a_long_poll_may_last_its_wait_plus_the_timeout() {
    let url = start(Misbehaviour::Hang).await;
    let client = HttpMatchClient::new(&settings(), &url).unwrap();
    let started = Instant::now();
    let err = client
        .wait_ticket("t-1", Duration::from_millis(700))
        .await
        .unwrap_err();
    assert_eq!(err, ClientError::Timeout);
    assert!(
        started.elapsed() >= Duration::from_millis(1100),
        "{:?}",
        started.elapsed()
    );
}
