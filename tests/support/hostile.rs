//! A loopback server that misbehaves in one chosen way, written on raw TCP so
//! every byte of its answer is under the test's control.
//!
//! `GET /healthz` and `GET /v1/items` answer properly, so that a run gets
//! past its health check and reads a catalog; every other request meets the
//! misbehaviour.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use url::Url;

/// How the server answers every request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Misbehaviour {
    /// Reads the request and never answers.
    Hang,
    /// Resets the connection (RST, not FIN) as soon as the request arrives.
    Reset,
    /// Answers 500 with an API error body.
    ServerError,
    /// Answers 200/201 with a body that is not JSON.
    NotJson,
    /// Answers 200/201 with JSON of the wrong shape.
    WrongShape,
    /// Answers 200 with a body sent one byte every 100 ms.
    Drip,
    /// Answers 503 with `Retry-After: 7`.
    Overloaded,
    /// Answers 200 with a 50 MB body of the declared length.
    Huge,
    /// Answers 200 with a 50 MB chunked body and no declared length.
    HugeChunked,
    /// Answers 409 conflict naming the player's existing ticket, `t-held`.
    Conflict,
    /// Answers 302 to `/healthz`, which would answer 200 if followed.
    Redirect,
}

/// Starts the server on 127.0.0.1 with an ephemeral port; it lives as long as the runtime.
pub async fn start(misbehaviour: Misbehaviour) -> Url {
    listen(misbehaviour, true).await
}

/// Like [`start`], but the catalog (`GET /v1/items`) misbehaves too.
pub async fn start_with_broken_catalog(misbehaviour: Misbehaviour) -> Url {
    listen(misbehaviour, false).await
}

async fn listen(misbehaviour: Misbehaviour, catalog: bool) -> Url {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = Url::parse(&format!("http://{}", listener.local_addr().unwrap())).unwrap();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(serve(stream, misbehaviour, catalog));
        }
    });
    url
}

/// A URL on which nothing listens.
pub async fn closed_port() -> Url {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = Url::parse(&format!("http://{}", listener.local_addr().unwrap())).unwrap();
    drop(listener);
    url
}

async fn serve(mut stream: TcpStream, misbehaviour: Misbehaviour, catalog: bool) {
    while let Some(request_line) = read_request(&mut stream).await {
        let answered = if request_line.starts_with("get /healthz ") {
            write(&mut stream, "200 OK", "", br#"{"status":"ok"}"#).await
        } else if catalog && request_line.starts_with("get /v1/items ") {
            let catalog =
                br#"{"items":[{"item_id":"skin","name":"Skin","price":5,"currency":"shards"}]}"#;
            write(&mut stream, "200 OK", "", catalog).await
        } else {
            answer(&mut stream, misbehaviour).await
        };
        if answered.is_err() {
            return;
        }
    }
}

/// Reads one request's head and body; `None` when the peer has gone, else
/// the request line.
async fn read_request(stream: &mut TcpStream) -> Option<String> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .and_then(|value| value.trim().parse::<usize>().ok())
                .unwrap_or(0);
            while buffer.len() < end + 4 + length {
                match stream.read(&mut chunk).await {
                    Ok(0) | Err(_) => return None,
                    Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                }
            }
            return head.lines().next().map(str::to_owned);
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
}

async fn write(
    stream: &mut TcpStream,
    status: &str,
    headers: &str,
    body: &[u8],
) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n{headers}\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body).await
}

async fn answer(stream: &mut TcpStream, misbehaviour: Misbehaviour) -> std::io::Result<()> {
    const FIFTY_MB: usize = 50 * 1024 * 1024;
    match misbehaviour {
        Misbehaviour::Hang => std::future::pending().await,
        Misbehaviour::Reset => {
            // A zero linger makes closing the socket send RST instead of FIN.
            stream.set_zero_linger()?;
            Err(std::io::ErrorKind::ConnectionReset.into())
        }
        Misbehaviour::ServerError => {
            let body = br#"{"error":{"code":"internal","message":"boom"}}"#;
            write(stream, "500 Internal Server Error", "", body).await
        }
        Misbehaviour::NotJson => write(stream, "201 Created", "", b"<html>oops</html>").await,
        Misbehaviour::WrongShape => write(stream, "201 Created", "", br#"{"items": 3}"#).await,
        Misbehaviour::Drip => {
            let body = br#"{"status":"ok","padding":"xxxxxxxxxxxxxxxxxxxxxxxx"}"#;
            let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n", body.len());
            stream.write_all(head.as_bytes()).await?;
            for byte in body {
                stream.write_all(&[*byte]).await?;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Ok(())
        }
        Misbehaviour::Overloaded => {
            let body = br#"{"error":{"code":"overloaded","message":"busy"}}"#;
            write(
                stream,
                "503 Service Unavailable",
                "retry-after: 7\r\n",
                body,
            )
            .await
        }
        Misbehaviour::Conflict => {
            let body = br#"{"error":{"code":"conflict","message":"held","ticket_id":"t-held"}}"#;
            write(stream, "409 Conflict", "", body).await
        }
        Misbehaviour::Redirect => write(stream, "302 Found", "location: /healthz\r\n", b"{}").await,
        Misbehaviour::Huge => {
            let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {FIFTY_MB}\r\n\r\n");
            stream.write_all(head.as_bytes()).await?;
            let chunk = vec![b' '; 64 * 1024];
            for _ in 0..FIFTY_MB / chunk.len() {
                stream.write_all(&chunk).await?;
            }
            Ok(())
        }
        Misbehaviour::HugeChunked => {
            stream
                .write_all(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n")
                .await?;
            let chunk = vec![b' '; 64 * 1024];
            for _ in 0..FIFTY_MB / chunk.len() {
                stream
                    .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                    .await?;
                stream.write_all(&chunk).await?;
                stream.write_all(b"\r\n").await?;
            }
            stream.write_all(b"0\r\n\r\n").await
        }
    }
}
