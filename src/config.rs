//! Where the load goes and how the HTTP clients behave.
//!
//! The scenario loader builds a [`Config`]; the CLI may override its target;
//! the clients read it.

use std::time::Duration;

use reqwest::header::HeaderMap;
use url::Url;

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
