//! Where the load goes: target URLs and HTTP settings, with `${VAR}`
//! expanded, checked into the clients' [`Config`].
//!
//! Expanded values are secrets: messages quote what the file says, never
//! what a variable expanded to.

use std::collections::HashMap;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use url::Url;

use crate::config::{Config, HttpSettings, Target};

use super::check::Checker;
use super::expand::{expand, has_variables};
use super::expect::expected_key;
use super::format::{HttpFile, TargetFile, Text};

/// Most headers a scenario may send with every request: real services need a
/// handful, and the HTTP client's header map panics when it outgrows its own
/// fixed maximum.
const MAX_HEADERS: usize = 100;

/// Headers the HTTP client derives from each request's body and connection,
/// in lowercase. Sent from a scenario they would contradict its framing (a
/// fixed Content-Length fails every request with another body) or its
/// connection handling.
const CLIENT_HEADERS: &[&str] = &[
    "content-length",
    "transfer-encoding",
    "host",
    "connection",
    "upgrade",
    "keep-alive",
    "te",
    "trailer",
    "proxy-connection",
];

/// Looks up an environment variable by name.
pub(crate) type Lookup<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Checks `target:` and `http:` and builds the clients' configuration.
pub(crate) fn config(
    check: &mut Checker,
    target: Option<&TargetFile>,
    http: Option<&HttpFile>,
    lookup: Lookup,
) -> Config {
    Config {
        target: target.map_or(Target::Embedded, |t| remote(check, t, lookup)),
        http: http.map_or_else(HttpSettings::default, |h| settings(check, h, lookup)),
    }
}

fn remote(check: &mut Checker, target: &TargetFile, lookup: Lookup) -> Target {
    let matchmaker = url(check, &target.matchmaker, "target.matchmaker", lookup);
    let store = url(check, &target.store, "target.store", lookup);
    match (matchmaker, store) {
        (Some(matchmaker), Some(store)) => Target::Remote { matchmaker, store },
        _ => Target::Embedded,
    }
}

/// An absolute http or https URL, after expansion.
fn url(check: &mut Checker, text: &Text, path: &str, lookup: Lookup) -> Option<Url> {
    let expanded = expanded(check, text, path, lookup)?;
    match Url::parse(expanded.trim()) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.has_host() => Some(url),
        _ => {
            let mut found = check.source.quote(&text.referenced);
            if has_variables(&text.value) {
                found.push_str(" after expansion");
            }
            let message = format!("expected an absolute http or https URL, found {found}");
            check.reject(&text.referenced, path, message);
            None
        }
    }
}

/// `text` with its variables expanded, or a diagnostic.
fn expanded(check: &mut Checker, text: &Text, path: &str, lookup: Lookup) -> Option<String> {
    match expand(&text.value, lookup) {
        Ok(value) => Some(value),
        Err(err) => {
            check.reject(&text.referenced, path, err.to_string());
            None
        }
    }
}

fn settings(check: &mut Checker, http: &HttpFile, lookup: Lookup) -> HttpSettings {
    let defaults = HttpSettings::default();
    HttpSettings {
        timeout: check
            .duration(http.timeout.as_ref(), "http.timeout", true)
            .unwrap_or(defaults.timeout),
        connect_timeout: check
            .duration(http.connect_timeout.as_ref(), "http.connect_timeout", true)
            .unwrap_or(defaults.connect_timeout),
        wait: check
            .duration(http.wait.as_ref(), "http.wait", false)
            .unwrap_or(defaults.wait),
        headers: headers(check, http, lookup),
    }
}

/// The headers in file order, names checked and values expanded.
fn headers(check: &mut Checker, http: &HttpFile, lookup: Lookup) -> HeaderMap {
    let mut map = HeaderMap::new();
    let Some(headers) = &http.headers else {
        return map;
    };
    let mut entries: Vec<_> = headers.iter().collect();
    entries.sort_by_key(|(name, _)| name.referenced.span().offset());
    if let Some((past, _)) = entries.get(MAX_HEADERS) {
        reject_count(check, past, entries.len());
        return map;
    }
    let mut seen: HashMap<HeaderName, &Text> = HashMap::new();
    for (name, value) in entries {
        let path = format!("http.headers.{}", name.value);
        let Some(header) = header_name(check, name, &path) else {
            continue;
        };
        if let Some(first) = seen.get(&header) {
            let message = format!(
                "duplicate header, {} is the same header as {} (header names ignore case)",
                check.source.quote(&name.referenced),
                check.source.quote(&first.referenced)
            );
            check.reject(&name.referenced, &path, message);
            continue;
        }
        seen.insert(header.clone(), name);
        let Some(value) = header_value(check, value, &path, lookup) else {
            continue;
        };
        if map.try_insert(header, value).is_err() {
            reject_count(check, name, headers.len());
        }
    }
    map
}

/// Rejects `http.headers` for holding `count` headers, pointing at `past`,
/// the first one over [`MAX_HEADERS`].
fn reject_count(check: &mut Checker, past: &Text, count: usize) {
    let message = format!("expected at most {MAX_HEADERS} headers, found {count}");
    check.reject(&past.referenced, "http.headers", message);
}

/// A header name as HTTP accepts it and the client leaves to the
/// scenario, or a diagnostic.
fn header_name(check: &mut Checker, name: &Text, path: &str) -> Option<HeaderName> {
    let found = check.source.quote(&name.referenced);
    let Ok(header) = HeaderName::from_bytes(name.value.as_bytes()) else {
        let words = expected_key("http.headers");
        let message = format!("expected {words}, found {found}");
        check.reject(&name.referenced, path, message);
        return None;
    };
    if CLIENT_HEADERS.contains(&header.as_str()) {
        let message = format!(
            "{found} is set by the HTTP client for each request, a scenario cannot send it"
        );
        check.reject(&name.referenced, path, message);
        return None;
    }
    Some(header)
}

/// A header value with its variables expanded, marked sensitive, or a diagnostic.
fn header_value(
    check: &mut Checker,
    value: &Text,
    path: &str,
    lookup: Lookup,
) -> Option<HeaderValue> {
    let text = expanded(check, value, path, lookup)?;
    match HeaderValue::from_str(&text) {
        Ok(mut header) => {
            header.set_sensitive(true);
            Some(header)
        }
        Err(_) => {
            let message = "expected a header value of visible ASCII characters \
                           and spaces once variables expand";
            check.reject(&value.referenced, path, message.into());
            None
        }
    }
}
