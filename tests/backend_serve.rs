//! `bench serve` as a child process: its URL line, its signals, its durability.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use matchbench::api::{PurchaseList, Receipt, StoreStats};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A running `bench serve` and the store URL it announced.
struct Served {
    child: Child,
    matchmaker: url::Url,
    store: url::Url,
}

impl Drop for Served {
    /// A failed assertion must not leave the server running.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(db: Option<&Path>) -> Served {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin!("bench"));
    command
        .arg("serve")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if let Some(db) = db {
        command.arg("--store-db").arg(db);
    }
    let mut child = command.spawn().expect("bench serve starts");
    let stdout = child.stdout.take().expect("a piped stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("one line on stdout");
    let urls: Value = serde_json::from_str(&line).expect("the line is JSON");
    let parse =
        |key: &str| url::Url::parse(urls[key].as_str().expect("a URL")).expect("a valid URL");
    Served {
        matchmaker: parse("matchmaker"),
        store: parse("store"),
        child,
    }
}

#[tokio::test]
async fn serve_prints_both_urls_on_one_line_and_stops_cleanly_on_sigterm_or_ctrl_c() {
    for signal in ["-TERM", "-INT"] {
        let mut served = serve(None);
        for base in [&served.matchmaker, &served.store] {
            assert_eq!(base.host_str(), Some("127.0.0.1"));
            assert_ne!(base.port(), Some(0));
            let health = reqwest::get(base.join("healthz").expect("a URL"))
                .await
                .expect("healthy");
            assert_eq!(health.status(), StatusCode::OK);
        }
        let pid = served.child.id().to_string();
        let killed = Command::new("kill")
            .args([signal, &pid])
            .status()
            .expect("kill runs");
        assert!(killed.success());
        let status = served.child.wait().expect("bench serve exits");
        assert!(status.success(), "{signal}: {status:?}");
    }
}

/// Starts a shell that sends SIGTERM to `pid` as soon as a line arrives on
/// its stdin: the builtin `kill` is ready, so no process has to start
/// between the moment the test reads the URL line and the signal.
fn sigterm_on_cue(pid: u32) -> Child {
    Command::new("sh")
        .args(["-c", "read _ && kill -TERM \"$0\"", &pid.to_string()])
        .stdin(Stdio::piped())
        .spawn()
        .expect("sh starts")
}

#[test]
fn serve_stops_cleanly_on_sigterm_sent_the_moment_its_urls_are_printed() {
    // Several tries, as the race this guards against is narrow; each is fast.
    for attempt in 0..8 {
        let temp = tempfile::tempdir().expect("a temporary folder");
        let mut child = Command::new(assert_cmd::cargo::cargo_bin!("bench"))
            .arg("serve")
            .env("TMPDIR", temp.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("bench serve starts");
        let mut killer = sigterm_on_cue(child.id());
        let mut line = String::new();
        let stdout = child.stdout.take().expect("a piped stdout");
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("one line on stdout");
        let cue = killer.stdin.as_mut().expect("a piped stdin");
        cue.write_all(b"go\n").expect("the cue is sent");
        assert!(killer.wait().expect("kill runs").success());

        let status = child.wait().expect("bench serve exits");
        assert!(status.success(), "attempt {attempt}: {status:?}");
        let left: Vec<_> = std::fs::read_dir(temp.path())
            .expect("the temporary folder")
            .collect();
        assert!(left.is_empty(), "attempt {attempt} left {left:?}");
    }
}

#[test]
fn serve_refuses_a_queue_of_zero_tickets_as_a_usage_error() {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("bench"))
        .args(["serve", "--max-queued", "0"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("bench serve starts");
    // Bounded: a server that accepted the flag would serve until killed.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().expect("the child can be waited on") {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("bench serve --max-queued 0 started serving");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(2));
    let mut stderr = String::new();
    let mut pipe = child.stderr.take().expect("a piped stderr");
    std::io::Read::read_to_string(&mut pipe, &mut stderr).expect("stderr");
    assert!(stderr.contains("--max-queued"), "{stderr}");
}

#[test]
fn a_store_database_that_cannot_be_opened_is_one_sentence_naming_it() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let missing = folder.path().join("gone").join("store.db");
    let garbage = folder.path().join("garbage.db");
    std::fs::write(&garbage, "not a database ".repeat(100)).expect("a file");
    let cases = [
        (garbage, "file is not a database".to_string()),
        (
            folder.path().to_path_buf(),
            "it is a folder, expected a database file".to_string(),
        ),
        (
            missing.clone(),
            format!(
                "the folder {} does not exist",
                folder.path().join("gone").display()
            ),
        ),
    ];
    for (db, reason) in cases {
        let output = Command::new(assert_cmd::cargo::cargo_bin!("bench"))
            .arg("serve")
            .arg("--store-db")
            .arg(&db)
            .output()
            .expect("bench serve runs");
        assert_eq!(output.status.code(), Some(3));
        let expected = format!(
            "error: cannot open the store database {}: {reason}\n",
            db.display()
        );
        assert_eq!(String::from_utf8_lossy(&output.stderr), expected);
    }
}

#[tokio::test]
async fn serve_exits_3_when_its_address_is_taken() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let addr = taken.local_addr().expect("an address").to_string();
    let output = Command::new(assert_cmd::cargo::cargo_bin!("bench"))
        .args(["serve", "--matchmaker-addr", &addr])
        .output()
        .expect("bench serve runs");
    assert_eq!(output.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&output.stderr).contains(&addr));
}

#[tokio::test]
async fn acknowledged_purchases_survive_a_kill_and_restart_on_the_same_file() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let db = folder.path().join("store.db");
    let mut served = serve(Some(&db));
    let client = reqwest::Client::new();
    let target = served.store.join("v1/purchases").expect("a URL");
    let mut sends = tokio::task::JoinSet::new();
    for n in 0..200 {
        let request = client
            .post(target.clone())
            .header("Idempotency-Key", format!("durable-{n}"))
            .json(&json!({"player_id": format!("p-{}", n % 10), "item_id": "emote-wave"}));
        sends.spawn(async move { request.send().await.map(|response| response.status()) });
    }
    let acknowledged: Vec<_> = sends.join_all().await;
    assert!(
        acknowledged
            .iter()
            .all(|status| matches!(status, Ok(StatusCode::CREATED)))
    );
    served.child.kill().expect("SIGKILL");
    served.child.wait().expect("the child is reaped");

    let restarted = serve(Some(&db));
    let stats: StoreStats = get(&client, &restarted.store, "v1/stats").await;
    assert_eq!(stats.purchases, 200);
    for player in 0..10 {
        let list: PurchaseList = get(
            &client,
            &restarted.store,
            &format!("v1/players/p-{player}/purchases"),
        )
        .await;
        assert_eq!(list.purchases.len(), 20);
    }
    let replay = client
        .post(restarted.store.join("v1/purchases").expect("a URL"))
        .header("Idempotency-Key", "durable-0")
        .json(&json!({"player_id": "p-0", "item_id": "emote-wave"}))
        .send()
        .await
        .expect("an answer");
    assert_eq!(replay.status(), StatusCode::OK);
    let receipt: Receipt = replay.json().await.expect("a receipt");
    assert_eq!(receipt.player_id, "p-0");
}

async fn get<T: serde::de::DeserializeOwned>(
    client: &reqwest::Client,
    base: &url::Url,
    path: &str,
) -> T {
    let response = client
        .get(base.join(path).expect("a URL"))
        .send()
        .await
        .expect("an answer");
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("a JSON body")
}
