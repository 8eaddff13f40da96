//! What each key accepts, in words: one table shared by parse errors and
//! rule violations, so a key is described the same way whichever step
//! rejects it.

/// What the key at `path` accepts, such as "a whole number >= 0".
///
/// Region and header names are free, so `players.regions.eu` and
/// `http.headers.Authorization` are looked up by their parent.
pub(crate) fn expected(path: &str) -> Option<&'static str> {
    let key = generic(path);
    let words = match key.as_str() {
        "" => "a mapping of scenario keys with at least name and duration",
        "name" => "a name of 1 to 64 characters from a-z, 0-9, _ and -",
        "description" => "text",
        "duration" => "a duration > 0 such as 30s, 5m or 1h 30m",
        "ramp_up" => "a duration >= 0 such as 0s or 20s",
        "players" => "a mapping with survivors, killers and other player settings",
        "players.survivors" | "players.killers" => "a whole number >= 0",
        "players.match_duration" => "a duration >= 0 such as 0s or 30s",
        "players.requeue" => "true or false",
        "players.mmr" => "a mapping with mean and stddev",
        "players.mmr.mean" => "a number from 0 to 10000",
        "players.mmr.stddev" => "a number >= 0",
        "players.regions" => "a mapping of region names to weights",
        "players.regions.*" => "a weight > 0 and at most 1000000",
        "purchases" => "a mapping with per_second and max_in_flight",
        "purchases.per_second" => "0, or a number from 0.001 to 1000000",
        "purchases.max_in_flight" => "a whole number >= 1",
        "target" => "a mapping with matchmaker and store URLs",
        "target.matchmaker" | "target.store" => "an absolute http or https URL",
        "http" => "a mapping with timeout, connect_timeout, wait and headers",
        "http.timeout" | "http.connect_timeout" => "a duration > 0 such as 2s or 10s",
        "http.wait" => "a duration >= 0 such as 20s",
        "http.headers" => "a mapping of header names to values",
        "http.headers.*" => "a header value",
        "thresholds" => "a mapping of threshold names to bounds",
        "thresholds.error_rate" => "a number from 0 to 1",
        "thresholds.matches_per_sec" | "thresholds.purchases_per_sec" => "a number > 0",
        "seed" => "a whole number from 0 to 18446744073709551615",
        k if k.starts_with("thresholds.") => "a duration > 0 such as 250ms or 5s",
        _ => return None,
    };
    Some(words)
}

/// What a key of the mapping at `path` may be, such as a region name.
pub(crate) fn expected_key(path: &str) -> &'static str {
    match path {
        "players.regions" => "a region name of 1 to 32 characters from a-z, 0-9 and -",
        "http.headers" => "a header name of letters, digits and -",
        _ => "a key name",
    }
}

/// `path` with a region or header name replaced by `*`.
fn generic(path: &str) -> String {
    for parent in ["players.regions.", "http.headers."] {
        if path.starts_with(parent) && path.len() > parent.len() {
            return format!("{parent}*");
        }
    }
    path.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_accept_whole_numbers_from_zero() {
        assert_eq!(expected("players.killers"), Some("a whole number >= 0"));
    }

    #[test]
    fn any_region_name_shares_the_weight_rule() {
        assert_eq!(
            expected("players.regions.eu-west"),
            Some("a weight > 0 and at most 1000000")
        );
    }

    #[test]
    fn an_unknown_path_has_no_expectation() {
        assert_eq!(expected("players.nope"), None);
    }
}
