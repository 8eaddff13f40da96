//! Where the load goes and how the HTTP clients behave.
//!
//! The scenario loader builds a [`Config`]; the CLI may override its target;
//! the clients read it.

use std::time::Duration;

use reqwest::header::HeaderMap;
use url::Url;

use crate::scenario::REDACTED;

/// Everything about the target that is not the load itself.
#[derive(Debug, Clone)]
pub struct Config {
    /// The services under test.
    pub target: Target,
    /// HTTP client settings.
    pub http: HttpSettings,
}

/// The services under test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The reference backend, started in-process on loopback for the run.
    Embedded,
    /// The user's own services.
    Remote {
        /// Base URL of the matchmaker.
        matchmaker: Url,
        /// Base URL of the store.
        store: Url,
    },
}

/// HTTP client settings shared by both clients.
#[derive(Debug, Clone)]
pub struct HttpSettings {
    /// Limit on one request, from send to the end of the body.
    pub timeout: Duration,
    /// Limit on establishing a connection.
    pub connect_timeout: Duration,
    /// How long one long poll on a ticket asks the server to wait.
    pub wait: Duration,
    /// Headers sent with every request, values already expanded.
    pub headers: HeaderMap,
}

impl Default for HttpSettings {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(2),
            wait: Duration::from_secs(20),
            headers: HeaderMap::new(),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            target: Target::Embedded,
            http: HttpSettings::default(),
        }
    }
}

/// A URL as a report or a log line may show it: without its username and
/// password, with every query value replaced by `<redacted>`, and without its
/// fragment.
///
/// Credentials (`http://user:secret@host/`) and query tokens (`?key=…`) are
/// secrets; the scheme, host, port, path and query names are kept, so the URL
/// still says where the load went. The result is for people to read, not to
/// be parsed back.
///
/// ```
/// use matchbench::config::redact_url;
/// use url::Url;
///
/// let url = Url::parse("https://bench:s3cret@mm.example:8443/v1?key=abc#top").unwrap();
/// assert_eq!(redact_url(&url), "https://mm.example:8443/v1?key=<redacted>");
/// ```
pub fn redact_url(url: &Url) -> String {
    let mut shown = url.clone();
    // These fail only for URLs that cannot hold credentials, which have none to drop.
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown.set_fragment(None);
    shown.set_query(None);
    let mut text = String::from(shown);
    if let Some(query) = url.query() {
        text.push('?');
        text.push_str(&redact_query(query));
    }
    text
}

/// `a=1&b&c=2` as `a=<redacted>&<redacted>&c=<redacted>`: a bare entry may be a token itself.
fn redact_query(query: &str) -> String {
    query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) => format!("{name}={REDACTED}"),
            None if pair.is_empty() => String::new(),
            None => REDACTED.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redacted(text: &str) -> String {
        redact_url(&Url::parse(text).unwrap())
    }

    #[test]
    fn a_url_without_secrets_is_shown_as_it_is() {
        assert_eq!(
            redacted("http://127.0.0.1:7001/base/"),
            "http://127.0.0.1:7001/base/"
        );
    }

    #[test]
    fn the_username_and_password_are_dropped() {
        assert_eq!(
            redacted("http://user:secret@127.0.0.1:7001/"),
            "http://127.0.0.1:7001/"
        );
        assert_eq!(redacted("https://token@mm.example/"), "https://mm.example/");
    }

    #[test]
    fn query_values_are_redacted_and_their_names_kept() {
        assert_eq!(
            redacted("http://mm.example/?api_key=abc&region=eu&&bare"),
            "http://mm.example/?api_key=<redacted>&region=<redacted>&&<redacted>"
        );
    }

    #[test]
    fn the_fragment_is_dropped() {
        assert_eq!(
            redacted("http://mm.example/#token=abc"),
            "http://mm.example/"
        );
    }
}
