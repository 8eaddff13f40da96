//! The scenario file as written: serde structs that mirror the YAML.
//!
//! Values that a rule checks later are kept raw and located
//! ([`Spanned`] numbers, durations and URLs as text), so that the validator
//! can report every broken rule at once and point at the offending value.
//! Only the shape (keys, mappings, text where text belongs, see [`value`]) is
//! enforced while parsing. An optional key may be left out but not written empty or null
//! (see [`given`]). The JSON Schema of the format is derived from these
//! structs; a key's `default` there is what the loader fills in.

use std::collections::HashMap;

use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::Deserializer;
use serde_saphyr::Spanned;

use super::schema as sch;
use super::value::{self, Scalar};

/// A text value and where it was written.
pub(crate) type Text = Spanned<String>;
/// A number (or whatever was written in its place) and where it was written.
pub(crate) type Number = Spanned<Scalar>;
/// A mapping whose keys keep their position, so errors can point at a key.
pub(crate) type Located<V> = HashMap<Spanned<String>, V>;

/// A scenario file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "matchbench scenario")]
#[schemars(description = "The load `bench run` plays against a matchmaker and a store.")]
pub(crate) struct ScenarioFile {
    /// Names the scenario and its report folder: 1 to 64 of a-z, 0-9, _ and -.
    #[schemars(schema_with = "sch::name")]
    #[serde(deserialize_with = "value::text")]
    pub name: Text,
    /// Free text.
    #[serde(default, deserialize_with = "value::given_text")]
    pub description: Option<String>,
    /// How long the load lasts, ramp-up included; > 0.
    #[schemars(schema_with = "sch::duration")]
    pub duration: Text,
    /// Time over which players are spawned; default 0s, shorter than duration.
    #[schemars(schema_with = "sch::duration", extend("default" = "0s"))]
    #[serde(default, deserialize_with = "given")]
    pub ramp_up: Option<Text>,
    /// The simulated players; both counts default to 0.
    #[serde(default, deserialize_with = "given")]
    pub players: Option<PlayersFile>,
    /// The paced purchases.
    #[serde(default, deserialize_with = "given")]
    pub purchases: Option<PurchasesFile>,
    /// The services under test; without it the embedded backend is used.
    #[serde(default, deserialize_with = "given")]
    pub target: Option<TargetFile>,
    /// HTTP client settings.
    #[serde(default, deserialize_with = "given")]
    pub http: Option<HttpFile>,
    /// Bounds the run must hold; a failing threshold makes the run exit 1.
    #[serde(default, deserialize_with = "given")]
    pub thresholds: Option<ThresholdsFile>,
    /// Seed for player attributes, for reproducible runs.
    #[schemars(schema_with = "sch::seed")]
    #[serde(default, deserialize_with = "given")]
    pub seed: Option<Number>,
}

/// The simulated players (`players:`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PlayersFile {
    /// Simulated survivors; default 0.
    #[schemars(schema_with = "sch::count", extend("default" = 0))]
    #[serde(default, deserialize_with = "given")]
    pub survivors: Option<Number>,
    /// Simulated killers; default 0.
    #[schemars(schema_with = "sch::count", extend("default" = 0))]
    #[serde(default, deserialize_with = "given")]
    pub killers: Option<Number>,
    /// Time in a match before queueing again; default 0s.
    #[schemars(schema_with = "sch::duration", extend("default" = "0s"))]
    #[serde(default, deserialize_with = "given")]
    pub match_duration: Option<Text>,
    /// Whether players queue again after a match; default true.
    #[schemars(extend("default" = true))]
    #[serde(default, deserialize_with = "value::given_bool")]
    pub requeue: Option<bool>,
    /// Normal distribution players draw a fixed mmr from.
    #[serde(default, deserialize_with = "given")]
    pub mmr: Option<MmrFile>,
    /// Weights for drawing a player's region, by region name.
    #[schemars(schema_with = "sch::regions", extend("default" = {}))]
    #[serde(default, deserialize_with = "given")]
    pub regions: Option<Located<Number>>,
}

/// The normal distribution of player mmr (`players.mmr:`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct MmrFile {
    /// Mean mmr, 0 to 10000.
    #[schemars(schema_with = "sch::mmr_mean")]
    pub mean: Number,
    /// Standard deviation, >= 0.
    #[schemars(schema_with = "sch::non_negative")]
    pub stddev: Number,
}

/// The paced purchases (`purchases:`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PurchasesFile {
    /// Purchases per second across all purchasers: 0 for none, or 0.001 to 1000000.
    #[schemars(schema_with = "sch::rate")]
    pub per_second: Number,
    /// Purchases in flight at once, >= 1; default 4096. Sends beyond it are dropped.
    #[schemars(schema_with = "sch::in_flight", extend("default" = 4096))]
    #[serde(default, deserialize_with = "given")]
    pub max_in_flight: Option<Number>,
}

/// The services under test (`target:`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TargetFile {
    /// Base URL of the matchmaker; http or https; ${VAR} and ${VAR:-default} expand.
    #[schemars(schema_with = "sch::url")]
    pub matchmaker: Text,
    /// Base URL of the store; http or https; ${VAR} and ${VAR:-default} expand.
    #[schemars(schema_with = "sch::url")]
    pub store: Text,
}

/// HTTP client settings (`http:`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct HttpFile {
    /// Limit on one request; default 10s, > 0.
    #[schemars(schema_with = "sch::duration", extend("default" = "10s"))]
    #[serde(default, deserialize_with = "given")]
    pub timeout: Option<Text>,
    /// Limit on establishing a connection; default 2s, > 0.
    #[schemars(schema_with = "sch::duration", extend("default" = "2s"))]
    #[serde(default, deserialize_with = "given")]
    pub connect_timeout: Option<Text>,
    /// Long-poll wait when reading a ticket; default 20s.
    #[schemars(schema_with = "sch::duration", extend("default" = "20s"))]
    #[serde(default, deserialize_with = "given")]
    pub wait: Option<Text>,
    /// Headers sent with every request; values expand ${VAR}. Not Host,
    /// Content-Length, Transfer-Encoding, Connection, Upgrade, Keep-Alive, TE,
    /// Trailer or Proxy-Connection, which the HTTP client sets itself.
    #[schemars(schema_with = "sch::headers", extend("default" = {}))]
    #[serde(default, deserialize_with = "given")]
    pub headers: Option<Located<Text>>,
}

/// Bounds the run must hold (`thresholds:`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ThresholdsFile {
    /// Upper bound on the 95th percentile time to match; > 0.
    #[schemars(schema_with = "sch::duration")]
    #[serde(default, deserialize_with = "given")]
    pub time_to_match_p95: Option<Text>,
    /// Upper bound on the 99th percentile time to match; > 0.
    #[schemars(schema_with = "sch::duration")]
    #[serde(default, deserialize_with = "given")]
    pub time_to_match_p99: Option<Text>,
    /// Upper bound on the 95th percentile purchase latency; > 0.
    #[schemars(schema_with = "sch::duration")]
    #[serde(default, deserialize_with = "given")]
    pub purchase_latency_p95: Option<Text>,
    /// Upper bound on the 99th percentile purchase latency; > 0.
    #[schemars(schema_with = "sch::duration")]
    #[serde(default, deserialize_with = "given")]
    pub purchase_latency_p99: Option<Text>,
    /// Upper bound on errors per request, 0 to 1.
    #[schemars(schema_with = "sch::fraction")]
    #[serde(default, deserialize_with = "given")]
    pub error_rate: Option<Number>,
    /// Lower bound on the run's average matches per second; > 0.
    #[schemars(schema_with = "sch::positive")]
    #[serde(default, deserialize_with = "given")]
    pub matches_per_sec: Option<Number>,
    /// Lower bound on the run's achieved purchases per second; > 0.
    #[schemars(schema_with = "sch::positive")]
    #[serde(default, deserialize_with = "given")]
    pub purchases_per_sec: Option<Number>,
}

/// An optional key's value, deserialized as the value's own type: an absent
/// key is `None` through `#[serde(default)]`, while `key:` or `key: ~` reaches
/// the type, which rejects null like any other wrong value. Without this,
/// serde reads null as `None` and a key written empty silently takes its default.
fn given<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}
