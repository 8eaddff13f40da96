//! Parse errors: bad YAML, wrong types, unknown, missing and duplicate keys,
//! tabs. Each names the line and column, the key path where there is one,
//! and what was expected.

mod scenario_support;

use std::path::Path;

use matchbench::scenario::load_str;
use scenario_support::errors;

#[test]
fn an_unknown_key_lists_the_accepted_keys() {
    let found = errors("name: t\nduration: 5m\nplayers:\n  killer: 3\n");
    assert_eq!(
        found,
        [
            "4:3 players.killer: unknown key `killer`, expected one of survivors, killers, \
          match_duration, requeue, mmr, regions"
        ]
    );
}

#[test]
fn an_unknown_key_at_the_top_is_an_error() {
    let found = errors("name: t\nduration: 5m\nduraton: 6m\n");
    assert_eq!(found.len(), 1);
    assert!(found[0].starts_with("3:1 duraton: unknown key `duraton`, expected one of name,"));
}

#[test]
fn an_unknown_threshold_lists_the_thresholds() {
    let found = errors("name: t\nduration: 5m\nthresholds:\n  error_rat: 0.1\n");
    assert_eq!(
        found,
        [
            "4:3 thresholds.error_rat: unknown key `error_rat`, expected one of \
             time_to_match_p95, time_to_match_p99, purchase_latency_p95, purchase_latency_p99, \
             error_rate, matches_per_sec, purchases_per_sec"
        ]
    );
}

#[test]
fn an_unknown_key_under_purchases_is_an_error() {
    let found = errors("name: t\nduration: 5m\npurchases:\n  per_second: 1\n  max_inflight: 3\n");
    assert_eq!(
        found,
        [
            "5:3 purchases.max_inflight: unknown key `max_inflight`, expected one of \
             per_second, max_in_flight"
        ]
    );
}

#[test]
fn an_unknown_key_under_target_is_an_error() {
    let yaml = "name: t\nduration: 5m\ntarget:\n  matchmaker: http://a\n  store: http://b\n  \
                shop: http://c\n";
    assert_eq!(
        errors(yaml),
        ["6:3 target.shop: unknown key `shop`, expected one of matchmaker, store"]
    );
}

#[test]
fn an_unknown_key_under_http_is_an_error() {
    let found = errors("name: t\nduration: 5m\nhttp:\n  timeout: 1s\n  retries: 3\n");
    assert_eq!(
        found,
        [
            "5:3 http.retries: unknown key `retries`, expected one of timeout, \
             connect_timeout, wait, headers"
        ]
    );
}

#[test]
fn an_unknown_key_under_mmr_is_an_error() {
    let found =
        errors("name: t\nduration: 5m\nplayers:\n  mmr: { mean: 1, stddev: 1, median: 3 }\n");
    assert_eq!(
        found,
        ["4:30 players.mmr.median: unknown key `median`, expected one of mean, stddev"]
    );
}

#[test]
fn a_missing_key_is_named_in_the_path() {
    assert_eq!(
        errors("name: t\nramp_up: 1s\n"),
        ["2:1 duration: required key is missing"]
    );
}

#[test]
fn a_missing_nested_key_is_named_with_its_parent() {
    let found = errors("name: t\nduration: 5m\nplayers:\n  mmr: { mean: 1 }\n");
    assert_eq!(found, ["4:10 players.mmr.stddev: required key is missing"]);
}

#[test]
fn a_duplicate_key_is_named_at_its_second_occurrence() {
    assert_eq!(
        errors("name: t\nduration: 5m\nname: u\n"),
        ["3:1 name: duplicate key, each key may appear only once"]
    );
}

#[test]
fn a_duplicate_region_is_named_with_its_path() {
    let found = errors("name: t\nduration: 5m\nplayers:\n  regions:\n    eu: 1\n    eu: 2\n");
    assert_eq!(
        found,
        ["6:5 players.regions.eu: duplicate key, each key may appear only once"]
    );
}

#[test]
fn a_wrong_type_says_what_the_key_accepts_and_what_was_found() {
    let found = errors("name: t\nduration: 5m\nplayers:\n  requeue: 3\n");
    assert_eq!(
        found,
        ["4:12 players.requeue: expected true or false, found 3"]
    );
}

#[test]
fn a_key_without_a_value_says_nothing_was_found() {
    assert_eq!(
        errors("name: t\nduration:\n"),
        ["2:9 duration: expected a duration > 0 such as 30s, 5m or 1h 30m, found nothing"]
    );
}

#[test]
fn an_optional_key_without_a_value_is_an_error_not_its_default() {
    let found = errors("name: t\nduration: 5m\nplayers:\n  killers:\ntarget:\n");
    assert_eq!(
        found,
        ["5:7 target: expected a mapping with matchmaker and store URLs, found nothing"]
    );
    assert_eq!(
        errors("name: t\nduration: 5m\nplayers:\n  killers:\n"),
        ["4:10 players.killers: expected a whole number >= 0, found nothing"]
    );
}

#[test]
fn null_is_an_error_for_every_optional_key() {
    let cases = [
        ("description: ~", "3:14 description: expected text, found ~"),
        (
            "ramp_up: ~",
            "3:10 ramp_up: expected a duration >= 0 such as 0s or 20s, found ~",
        ),
        (
            "players: ~",
            "3:10 players: expected a mapping with survivors, killers and other player \
             settings, found ~",
        ),
        (
            "purchases: ~",
            "3:12 purchases: expected a mapping with per_second and max_in_flight, found ~",
        ),
        (
            "target: ~",
            "3:9 target: expected a mapping with matchmaker and store URLs, found ~",
        ),
        (
            "http: ~",
            "3:7 http: expected a mapping with timeout, connect_timeout, wait and headers, \
             found ~",
        ),
        (
            "thresholds: ~",
            "3:13 thresholds: expected a mapping of threshold names to bounds, found ~",
        ),
        (
            "seed: ~",
            "3:7 seed: expected a whole number from 0 to 18446744073709551615, found ~",
        ),
        (
            "players:\n  survivors: ~",
            "4:14 players.survivors: expected a whole number >= 0, found ~",
        ),
        (
            "players:\n  killers: ~",
            "4:12 players.killers: expected a whole number >= 0, found ~",
        ),
        (
            "players:\n  match_duration: ~",
            "4:19 players.match_duration: expected a duration >= 0 such as 0s or 30s, found ~",
        ),
        (
            "players:\n  requeue: ~",
            "4:12 players.requeue: expected true or false, found ~",
        ),
        (
            "players:\n  mmr: ~",
            "4:8 players.mmr: expected a mapping with mean and stddev, found ~",
        ),
        (
            "players:\n  regions: ~",
            "4:12 players.regions: expected a mapping of region names to weights, found ~",
        ),
        (
            "purchases:\n  per_second: 1\n  max_in_flight: ~",
            "5:18 purchases.max_in_flight: expected a whole number >= 1, found ~",
        ),
        (
            "http:\n  timeout: ~",
            "4:12 http.timeout: expected a duration > 0 such as 2s or 10s, found ~",
        ),
        (
            "http:\n  connect_timeout: ~",
            "4:20 http.connect_timeout: expected a duration > 0 such as 2s or 10s, found ~",
        ),
        (
            "http:\n  wait: ~",
            "4:9 http.wait: expected a duration >= 0 such as 20s, found ~",
        ),
        (
            "http:\n  headers: ~",
            "4:12 http.headers: expected a mapping of header names to values, found ~",
        ),
        (
            "http:\n  headers:\n    X-Game:",
            "5:11 http.headers.X-Game: expected a header value, found nothing",
        ),
        (
            "thresholds:\n  time_to_match_p95: ~",
            "4:22 thresholds.time_to_match_p95: expected a duration > 0 such as 250ms or 5s, \
             found ~",
        ),
        (
            "thresholds:\n  time_to_match_p99: ~",
            "4:22 thresholds.time_to_match_p99: expected a duration > 0 such as 250ms or 5s, \
             found ~",
        ),
        (
            "thresholds:\n  purchase_latency_p95: ~",
            "4:25 thresholds.purchase_latency_p95: expected a duration > 0 such as 250ms or 5s, \
             found ~",
        ),
        (
            "thresholds:\n  purchase_latency_p99: ~",
            "4:25 thresholds.purchase_latency_p99: expected a duration > 0 such as 250ms or 5s, \
             found ~",
        ),
        (
            "thresholds:\n  error_rate: ~",
            "4:15 thresholds.error_rate: expected a number from 0 to 1, found ~",
        ),
        (
            "thresholds:\n  matches_per_sec: ~",
            "4:20 thresholds.matches_per_sec: expected a number > 0, found ~",
        ),
        (
            "thresholds:\n  purchases_per_sec: null",
            "4:22 thresholds.purchases_per_sec: expected a number > 0, found null",
        ),
    ];
    for (extra, expected) in cases {
        let yaml = format!("name: t\nduration: 5m\n{extra}\n");
        assert_eq!(errors(&yaml), [expected], "{extra}");
    }
}

#[test]
fn yaml_1_1_booleans_are_not_booleans() {
    let found = errors("name: t\nduration: 5m\nplayers:\n  requeue: yes\n");
    assert_eq!(
        found,
        ["4:12 players.requeue: expected true or false, found yes"]
    );
}

#[test]
fn a_quoted_number_is_text_not_a_number() {
    let found = errors("name: t\nduration: 5m\nplayers:\n  killers: \"3\"\n");
    assert_eq!(
        found,
        ["4:12 players.killers: expected a whole number >= 0, found \"3\""]
    );
}

#[test]
fn a_number_or_boolean_where_text_belongs_is_not_text() {
    let name = "expected a name of 1 to 64 characters from a-z, 0-9, _ and -";
    assert_eq!(
        errors("name: 123\nduration: 5m\n"),
        [format!("1:7 name: {name}, found 123")]
    );
    assert_eq!(
        errors("name: true\nduration: 5m\n"),
        [format!("1:7 name: {name}, found true")]
    );
    assert_eq!(
        errors("name: t\nduration: 5m\ndescription: 42\n"),
        ["3:14 description: expected text, found 42"]
    );
}

#[test]
fn a_quoted_number_is_text_where_text_belongs() {
    assert_eq!(
        errors("name: \"123\"\nduration: 5m\ndescription: '42'\n"),
        Vec::<String>::new()
    );
}

#[test]
fn a_quoted_boolean_is_text_not_a_boolean() {
    let found = errors("name: t\nduration: 5m\nplayers:\n  requeue: \"true\"\n");
    assert_eq!(
        found,
        ["4:12 players.requeue: expected true or false, found \"true\""]
    );
}

#[test]
fn a_scalar_where_a_mapping_belongs_is_a_type_error() {
    let found = errors("name: t\nduration: 5m\nplayers: 3\n");
    assert_eq!(
        found,
        [
            "3:10 players: expected a mapping with survivors, killers and other player \
          settings, found 3"
        ]
    );
}

#[test]
fn a_list_where_text_belongs_is_a_type_error() {
    let found = errors("name: [a, b]\nduration: 5m\n");
    assert_eq!(
        found,
        ["1:7 name: expected a name of 1 to 64 characters from a-z, 0-9, _ and -, found a list"]
    );
}

#[test]
fn a_header_value_that_is_a_list_is_named_with_its_header() {
    let found = errors("name: t\nduration: 5m\nhttp:\n  headers:\n    X-Game: [1]\n");
    assert_eq!(
        found,
        ["5:13 http.headers.X-Game: expected a header value, found a list"]
    );
}

#[test]
fn a_list_or_a_mapping_where_a_number_belongs_is_named_at_the_value() {
    let cases = [
        (
            "seed: [1]",
            "3:7 seed: expected a whole number from 0 to 18446744073709551615, found a list",
        ),
        (
            "players: {survivors: [1]}",
            "3:22 players.survivors: expected a whole number >= 0, found a list",
        ),
        (
            "players:\n  survivors:\n    - 1",
            "5:5 players.survivors: expected a whole number >= 0, found a list",
        ),
        (
            "players:\n  killers: {a: 1}",
            "4:12 players.killers: expected a whole number >= 0, found a mapping",
        ),
        (
            "purchases: {per_second: [1]}",
            "3:25 purchases.per_second: expected 0, or a number from 0.001 to 1000000, \
             found a list",
        ),
        (
            "purchases:\n  per_second: 1\n  max_in_flight:\n    a: 1",
            "6:5 purchases.max_in_flight: expected a whole number >= 1, found a mapping",
        ),
        (
            "players:\n  mmr: {mean: [1], stddev: 1}",
            "4:15 players.mmr.mean: expected a number from 0 to 10000, found a list",
        ),
        (
            "players:\n  regions: {eu: [1]}",
            "4:17 players.regions.eu: expected a weight > 0 and at most 1000000, found a list",
        ),
        (
            "players:\n  regions:\n    eu:\n      - 1",
            "6:7 players.regions.eu: expected a weight > 0 and at most 1000000, found a list",
        ),
        (
            "thresholds:\n  error_rate:\n    a: 1\n    b: [1, {c: 2}]",
            "5:5 thresholds.error_rate: expected a number from 0 to 1, found a mapping",
        ),
    ];
    for (extra, expected) in cases {
        let yaml = format!("name: t\nduration: 5m\n{extra}\n");
        assert_eq!(errors(&yaml), [expected], "{extra}");
    }
}

#[test]
fn a_list_where_a_number_belongs_is_reported_with_the_other_violations() {
    let yaml = "name: t\nduration: 0s\nseed: [1]\nplayers: {killers: -3}\n";
    assert_eq!(
        errors(yaml),
        [
            "2:11 duration: expected a duration > 0 such as 30s, 5m or 1h 30m, found 0s",
            "3:7 seed: expected a whole number from 0 to 18446744073709551615, found a list",
            "4:20 players.killers: expected a whole number >= 0, found -3",
        ]
    );
}

#[test]
fn a_block_mapping_or_list_under_a_region_or_header_is_named_with_that_name() {
    let cases = [
        (
            "players:\n  regions:\n    eu:\n      weight: 1",
            "6:7 players.regions.eu: expected a weight > 0 and at most 1000000, found a mapping",
        ),
        (
            "http:\n  headers:\n    X-Game:\n      nested: 1",
            "6:7 http.headers.X-Game: expected a header value, found a mapping",
        ),
        (
            "http:\n  headers:\n    \"X-Game\":\n      - 1",
            "6:7 http.headers.X-Game: expected a header value, found a list",
        ),
        (
            "http:\n  headers: {X-Game: {nested: 1}}",
            "4:21 http.headers.X-Game: expected a header value, found a mapping",
        ),
    ];
    for (extra, expected) in cases {
        let yaml = format!("name: t\nduration: 5m\n{extra}\n");
        assert_eq!(errors(&yaml), [expected], "{extra}");
    }
}

#[test]
fn a_block_mapping_where_one_value_belongs_is_called_a_mapping() {
    assert_eq!(
        errors("name: t\nduration:\n  value: 5m\n"),
        ["3:3 duration: expected a duration > 0 such as 30s, 5m or 1h 30m, found a mapping"]
    );
    assert_eq!(
        errors("name: t\nduration: 5m\nplayers:\n  requeue:\n    a: 1\n"),
        ["5:5 players.requeue: expected true or false, found a mapping"]
    );
}

#[test]
fn an_alias_of_no_anchor_is_named_with_its_key() {
    assert_eq!(
        errors("name: t\nduration: *nope\n"),
        ["2:11 duration: *nope names no anchor defined before it"]
    );
    assert_eq!(
        errors("name: t\nduration: 5m\nplayers:\n  killers: *nope\n"),
        ["4:12 players.killers: *nope names no anchor defined before it"]
    );
}

#[test]
fn a_colon_without_a_key_asks_for_a_key_name() {
    assert_eq!(
        errors("name: t\n: x\n"),
        ["2:1 : expected a key name, found nothing"]
    );
    assert_eq!(
        errors("name: t\nduration: 5m\nplayers:\n  : x\n"),
        ["4:3 players: expected a key name, found nothing"]
    );
}

#[test]
fn an_unclosed_quote_is_named_with_its_key() {
    assert_eq!(errors("name: \"abc\n"), ["1:7 name: unclosed quote"]);
}

#[test]
fn a_null_region_or_header_name_is_blamed_not_its_value() {
    assert_eq!(
        errors("name: t\nduration: 5m\nplayers:\n  regions: {~: 1}\n"),
        [
            "4:13 players.regions: expected a region name of 1 to 32 characters from a-z, 0-9 \
             and -, found ~"
        ]
    );
    assert_eq!(
        errors("name: t\nduration: 5m\nhttp:\n  headers:\n    ~: a\n"),
        ["5:5 http.headers: expected a header name of letters, digits and -, found ~"]
    );
}

#[test]
fn text_where_a_number_belongs_is_quoted() {
    let found = errors("name: t\nduration: 5m\nplayers:\n  killers: lots\n");
    assert_eq!(
        found,
        ["4:12 players.killers: expected a whole number >= 0, found lots"]
    );
}

#[test]
fn a_tab_in_indentation_is_located_at_the_tab() {
    let found = errors("name: t\nduration: 5m\nplayers:\n\tkillers: 3\n");
    assert_eq!(
        found,
        ["4:1 : tabs are not allowed in indentation, use spaces"]
    );
}

#[test]
fn a_legal_tab_in_a_block_scalar_is_not_blamed_for_a_later_one() {
    let yaml = "name: t\ndescription: |\n  a\n  \tb\nduration: 5m\nplayers:\n\tkillers: 3\n";
    assert_eq!(
        errors(yaml),
        ["7:1 : tabs are not allowed in indentation, use spaces"]
    );
}

#[test]
fn a_tab_the_parser_finds_at_the_end_of_the_line_before_is_located_at_the_tab() {
    let yaml = "name: t\nduration: 5m\nplayers:\n  killers: 3\n\tsurvivors: 3\n";
    assert_eq!(
        errors(yaml),
        ["5:1 : tabs are not allowed in indentation, use spaces"]
    );
}

#[test]
fn an_unknown_key_spelled_with_tab_is_not_a_tab_error() {
    let found = errors("name: t\nduration: 5m\nplayers:\n  stable: 1\n");
    assert_eq!(
        found,
        [
            "4:3 players.stable: unknown key `stable`, expected one of survivors, killers, \
          match_duration, requeue, mmr, regions"
        ]
    );
}

#[test]
fn unclosed_brackets_are_a_located_syntax_error() {
    let found = errors("name: t\nduration: 5m\nplayers: { killers: 3\n");
    assert_eq!(found, ["3:10 players: unclosed bracket '{'"]);
}

#[test]
fn a_second_document_is_rejected() {
    let found = errors("name: t\nduration: 5m\n---\nname: u\n");
    assert_eq!(
        found,
        ["4:1 : expected one YAML document, found a second one"]
    );
}

#[test]
fn a_diagnostic_prints_in_the_documented_form() {
    let no_env = |_: &str| None;
    let yaml = "name: t\nduration: 5m\nplayers:\n  killers: -3\n";
    let err = load_str(Path::new("scenarios/peak.yaml"), yaml, &no_env).err();
    assert_eq!(
        err.map(|e| e.to_string()).as_deref(),
        Some(
            "error: scenarios/peak.yaml:4:12: players.killers: expected a whole number >= 0, found -3"
        )
    );
}
