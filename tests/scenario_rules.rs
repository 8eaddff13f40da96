//! One test per rule of the scenario format: each asserts the key path, the
//! line and column of the offending value, and the message.

mod scenario_support;

use scenario_support::errors;

/// A valid scenario with `extra` appended.
fn with(extra: &str) -> String {
    format!("name: t\nduration: 5m\n{extra}")
}

#[test]
fn negative_killers_name_the_path_the_value_and_what_is_accepted() {
    let yaml = with("players:\n  survivors: 8\n  killers: -3\n");
    assert_eq!(
        errors(&yaml),
        ["5:12 players.killers: expected a whole number >= 0, found -3"]
    );
}

#[test]
fn negative_survivors_are_rejected() {
    let yaml = with("players:\n  survivors: -1\n");
    assert_eq!(
        errors(&yaml),
        ["4:14 players.survivors: expected a whole number >= 0, found -1"]
    );
}

#[test]
fn a_count_too_large_for_its_type_says_the_largest_accepted() {
    let yaml = with("players:\n  killers: 4294967296\n");
    assert_eq!(
        errors(&yaml),
        [
            "4:12 players.killers: expected a whole number >= 0 and at most 4294967295, \
          found 4294967296"
        ]
    );
}

#[test]
fn a_fractional_count_is_rejected() {
    let yaml = with("players:\n  survivors: 2.5\n");
    assert_eq!(
        errors(&yaml),
        ["4:14 players.survivors: expected a whole number >= 0, found 2.5"]
    );
}

#[test]
fn a_whole_number_written_with_a_fraction_or_an_exponent_is_a_count() {
    let yaml = with("players:\n  survivors: 1e3\n  killers: 4.0\nseed: 5e0\n");
    assert_eq!(errors(&yaml), Vec::<String>::new());
}

#[test]
fn a_whole_number_past_every_integer_says_the_largest_accepted() {
    let yaml = with("players:\n  killers: 1e300\n");
    assert_eq!(
        errors(&yaml),
        ["4:12 players.killers: expected a whole number >= 0 and at most 4294967295, found 1e300"]
    );
}

#[test]
fn a_zero_duration_is_rejected() {
    assert_eq!(
        errors("name: t\nduration: 0s\n"),
        ["2:11 duration: expected a duration > 0 such as 30s, 5m or 1h 30m, found 0s"]
    );
}

#[test]
fn a_duration_without_unit_is_rejected() {
    assert_eq!(
        errors("name: t\nduration: 60\n"),
        ["2:11 duration: expected a duration > 0 such as 30s, 5m or 1h 30m, found 60"]
    );
}

#[test]
fn a_ramp_up_longer_than_the_duration_names_both_values() {
    assert_eq!(
        errors("name: t\nduration: 5m\nramp_up: 10m\n"),
        ["3:10 ramp_up: expected a duration shorter than duration (5m), found 10m"]
    );
}

#[test]
fn a_ramp_up_equal_to_the_duration_is_rejected() {
    let found = errors("name: t\nduration: 5m\nramp_up: 300s\n");
    assert_eq!(
        found,
        ["3:10 ramp_up: expected a duration shorter than duration (5m), found 300s"]
    );
}

#[test]
fn negative_purchases_per_second_are_rejected() {
    let yaml = with("purchases:\n  per_second: -5\n");
    assert_eq!(
        errors(&yaml),
        ["4:15 purchases.per_second: expected 0, or a number from 0.001 to 1000000, found -5"]
    );
}

#[test]
fn a_purchase_rate_too_slow_to_schedule_is_rejected() {
    let yaml = with("purchases:\n  per_second: 1e-20\n");
    assert_eq!(
        errors(&yaml),
        ["4:15 purchases.per_second: expected 0, or a number from 0.001 to 1000000, found 1e-20"]
    );
}

#[test]
fn a_fractional_duration_is_accepted() {
    assert_eq!(
        errors("name: t\nduration: 1.5h\nramp_up: 0.5m\n"),
        Vec::<String>::new()
    );
}

#[test]
fn a_duration_past_30_days_is_rejected_not_overflowed() {
    let yaml = "name: t\nduration: 400000000000y\n";
    assert_eq!(
        errors(yaml),
        ["2:11 duration: expected a duration of at most 30 days, found 400000000000y"]
    );
}

#[test]
fn a_duration_too_large_to_count_says_it_is_past_30_days() {
    let yaml = "name: t\nduration: 99999999999999999999999999s\n";
    assert_eq!(
        errors(yaml),
        [
            "2:11 duration: expected a duration of at most 30 days, found 99999999999999999999999999s"
        ]
    );
}

#[test]
fn a_duration_finer_than_a_nanosecond_is_not_called_too_long() {
    let yaml = "name: t\nduration: 0.5ns\n";
    assert_eq!(
        errors(yaml),
        ["2:11 duration: expected a duration > 0 such as 30s, 5m or 1h 30m, found 0.5ns"]
    );
}

#[test]
fn a_ramp_up_past_30_days_says_only_that() {
    assert_eq!(
        errors("name: t\nduration: 5m\nramp_up: 31d\n"),
        ["3:10 ramp_up: expected a duration of at most 30 days, found 31d"]
    );
}

#[test]
fn a_negative_ramp_up_is_rejected_quoting_it() {
    assert_eq!(
        errors("name: t\nduration: 5m\nramp_up: -1s\n"),
        ["3:10 ramp_up: expected a duration >= 0 such as 0s or 20s, found -1s"]
    );
}

#[test]
fn an_infinite_number_is_rejected_with_its_path() {
    let found = errors(&with("purchases:\n  per_second: .inf\n"));
    assert_eq!(
        found,
        ["4:15 purchases.per_second: expected 0, or a number from 0.001 to 1000000, found .inf"]
    );
}

#[test]
fn a_nan_is_reported_with_the_other_violations_not_instead_of_them() {
    let yaml = with("players:\n  killers: -3\npurchases:\n  per_second: .nan\n");
    assert_eq!(
        errors(&yaml),
        [
            "4:12 players.killers: expected a whole number >= 0, found -3",
            "6:15 purchases.per_second: expected 0, or a number from 0.001 to 1000000, found .nan",
        ]
    );
}

#[test]
fn non_finite_numbers_are_rejected_wherever_a_number_belongs() {
    let yaml = with(
        "players:\n  killers: .inf\n  regions: { eu: .inf }\n  \
         mmr: { mean: -.inf, stddev: .NaN }\nthresholds:\n  error_rate: .nan\n  \
         matches_per_sec: 1e999\nseed: .inf\n",
    );
    assert_eq!(
        errors(&yaml),
        [
            "4:12 players.killers: expected a whole number >= 0, found .inf",
            "5:18 players.regions.eu: expected a weight > 0 and at most 1000000, found .inf",
            "6:16 players.mmr.mean: expected a number from 0 to 10000, found -.inf",
            "6:31 players.mmr.stddev: expected a number >= 0, found .NaN",
            "8:15 thresholds.error_rate: expected a number from 0 to 1, found .nan",
            "9:20 thresholds.matches_per_sec: expected a number > 0, found 1e999",
            "10:7 seed: expected a whole number from 0 to 18446744073709551615, found .inf",
        ]
    );
}

#[test]
fn a_name_outside_the_allowed_characters_is_rejected() {
    assert_eq!(
        errors("name: Peak Hour\nduration: 5m\n"),
        [
            "1:7 name: expected a name of 1 to 64 characters from a-z, 0-9, _ and -, \
          found Peak Hour"
        ]
    );
}

#[test]
fn a_name_longer_than_64_characters_is_rejected() {
    let yaml = format!("name: {}\nduration: 5m\n", "a".repeat(65));
    assert_eq!(errors(&yaml).len(), 1);
    assert!(errors(&yaml)[0].starts_with("1:7 name: expected a name of 1 to 64"));
}

#[test]
fn a_url_that_is_not_http_is_rejected() {
    let yaml = with("target:\n  matchmaker: ftp://mm\n  store: http://127.0.0.1:7002\n");
    assert_eq!(
        errors(&yaml),
        ["4:15 target.matchmaker: expected an absolute http or https URL, found ftp://mm"]
    );
}

#[test]
fn a_relative_url_is_rejected() {
    let yaml = with("target:\n  matchmaker: http://127.0.0.1:7001\n  store: /store\n");
    assert_eq!(
        errors(&yaml),
        ["5:10 target.store: expected an absolute http or https URL, found /store"]
    );
}

#[test]
fn an_unset_variable_without_default_is_named() {
    let yaml = with("target:\n  matchmaker: http://${MM_HOST}\n  store: http://s\n");
    assert_eq!(
        errors(&yaml),
        [
            "4:15 target.matchmaker: environment variable MM_HOST is not set and has no \
          default (write ${MM_HOST:-default} to give one)"
        ]
    );
}

#[test]
fn a_url_that_is_bad_after_expansion_says_so() {
    let yaml = with("target:\n  matchmaker: ${MM:-nowhere}\n  store: http://s\n");
    assert_eq!(
        errors(&yaml),
        [
            "4:15 target.matchmaker: expected an absolute http or https URL, \
          found ${MM:-nowhere} after expansion"
        ]
    );
}

#[test]
fn a_zero_threshold_bound_is_rejected() {
    let yaml = with("thresholds:\n  matches_per_sec: 0\n  purchase_latency_p99: 0ms\n");
    assert_eq!(
        errors(&yaml),
        [
            "4:20 thresholds.matches_per_sec: expected a number > 0, found 0",
            "5:25 thresholds.purchase_latency_p99: expected a duration > 0 such as 250ms \
             or 5s, found 0ms",
        ]
    );
}

#[test]
fn every_time_threshold_must_be_positive() {
    let yaml = with(
        "thresholds:\n  time_to_match_p95: 0s\n  time_to_match_p99: -1s\n  \
         purchase_latency_p95: 0ms\n",
    );
    assert_eq!(
        errors(&yaml),
        [
            "4:22 thresholds.time_to_match_p95: expected a duration > 0 such as 250ms or 5s, \
             found 0s",
            "5:22 thresholds.time_to_match_p99: expected a duration > 0 such as 250ms or 5s, \
             found -1s",
            "6:25 thresholds.purchase_latency_p95: expected a duration > 0 such as 250ms \
             or 5s, found 0ms",
        ]
    );
}

#[test]
fn every_rate_threshold_must_be_positive() {
    let yaml = with("thresholds:\n  matches_per_sec: -1\n  purchases_per_sec: 0\n");
    assert_eq!(
        errors(&yaml),
        [
            "4:20 thresholds.matches_per_sec: expected a number > 0, found -1",
            "5:22 thresholds.purchases_per_sec: expected a number > 0, found 0",
        ]
    );
}

#[test]
fn a_negative_error_rate_is_rejected() {
    let yaml = with("thresholds:\n  error_rate: -0.1\n");
    assert_eq!(
        errors(&yaml),
        ["4:15 thresholds.error_rate: expected a number from 0 to 1, found -0.1"]
    );
}

#[test]
fn an_error_rate_above_one_is_rejected() {
    let yaml = with("thresholds:\n  error_rate: 1.5\n");
    assert_eq!(
        errors(&yaml),
        ["4:15 thresholds.error_rate: expected a number from 0 to 1, found 1.5"]
    );
}

#[test]
fn a_zero_region_weight_is_rejected() {
    let yaml = with("players:\n  regions: { eu: 3, na: 0 }\n");
    assert_eq!(
        errors(&yaml),
        ["4:25 players.regions.na: expected a weight > 0 and at most 1000000, found 0"]
    );
}

#[test]
fn region_weights_whose_sum_would_overflow_are_rejected_one_by_one() {
    let yaml = with(
        "players: {survivors: 4, killers: 1, regions: { eu: 1e308, na: 1e308, sa: 1000000 }}\n",
    );
    assert_eq!(
        errors(&yaml),
        [
            "3:52 players.regions.eu: expected a weight > 0 and at most 1000000, found 1e308",
            "3:63 players.regions.na: expected a weight > 0 and at most 1000000, found 1e308",
        ]
    );
}

#[test]
fn a_region_name_outside_the_api_rule_is_rejected() {
    let yaml = with("players:\n  regions:\n    EU_West: 1\n");
    assert_eq!(
        errors(&yaml),
        [
            "5:5 players.regions.EU_West: expected a region name of 1 to 32 characters from \
          a-z, 0-9 and -, found EU_West"
        ]
    );
}

#[test]
fn a_negative_mmr_stddev_is_rejected() {
    let yaml = with("players:\n  mmr: { mean: 1500, stddev: -1 }\n");
    assert_eq!(
        errors(&yaml),
        ["4:30 players.mmr.stddev: expected a number >= 0, found -1"]
    );
}

#[test]
fn an_mmr_mean_beyond_10000_is_rejected() {
    let yaml = with("players:\n  mmr: { mean: 20000, stddev: 1 }\n");
    assert_eq!(
        errors(&yaml),
        ["4:16 players.mmr.mean: expected a number from 0 to 10000, found 20000"]
    );
}

#[test]
fn a_zero_max_in_flight_is_rejected() {
    let yaml = with("purchases:\n  per_second: 1\n  max_in_flight: 0\n");
    assert_eq!(
        errors(&yaml),
        ["5:18 purchases.max_in_flight: expected a whole number >= 1, found 0"]
    );
}

#[test]
fn a_zero_http_timeout_is_rejected() {
    let yaml = with("http:\n  timeout: 0s\n");
    assert_eq!(
        errors(&yaml),
        ["4:12 http.timeout: expected a duration > 0 such as 2s or 10s, found 0s"]
    );
}

#[test]
fn header_names_that_differ_only_in_case_are_duplicates() {
    let yaml = with("http:\n  headers:\n    X-A: 1\n    x-a: 2\n");
    assert_eq!(
        errors(&yaml),
        [
            "6:5 http.headers.x-a: duplicate header, x-a is the same header as X-A \
             (header names ignore case)"
        ]
    );
}

#[test]
fn headers_the_http_client_sets_itself_are_rejected_in_any_case() {
    let names = [
        "Content-Length",
        "transfer-encoding",
        "HOST",
        "Connection",
        "Upgrade",
        "Keep-Alive",
        "TE",
        "Trailer",
        "Proxy-Connection",
    ];
    for name in names {
        let yaml = with(&format!(
            "http:\n  headers: {{X-Game: a, {name}: \"1000\"}}\n"
        ));
        assert_eq!(
            errors(&yaml),
            [format!(
                "4:24 http.headers.{name}: {name} is set by the HTTP client for each \
                 request, a scenario cannot send it"
            )],
        );
    }
}

#[test]
fn more_than_100_headers_are_rejected_at_the_first_one_past_the_limit() {
    let headers: String = (1..=101).map(|i| format!("    X-{i}: v\n")).collect();
    let yaml = with(&format!("http:\n  headers:\n{headers}"));
    assert_eq!(
        errors(&yaml),
        ["105:5 http.headers: expected at most 100 headers, found 101"]
    );
}

#[test]
fn exactly_100_headers_are_accepted() {
    let headers: String = (1..=100).map(|i| format!("    X-{i}: v\n")).collect();
    let yaml = with(&format!("http:\n  headers:\n{headers}"));
    assert!(errors(&yaml).is_empty());
}

#[test]
fn a_negative_seed_is_rejected() {
    assert_eq!(
        errors(&with("seed: -1\n")),
        ["3:7 seed: expected a whole number from 0 to 18446744073709551615, found -1"]
    );
}

#[test]
fn every_rule_violation_in_a_file_is_reported_together_in_file_order() {
    let yaml = "name: BAD\nduration: 5m\nramp_up: 9m\nplayers:\n  killers: -3\n\
                purchases:\n  per_second: -1\nthresholds:\n  error_rate: 7\n";
    let found = errors(yaml);
    let paths: Vec<&str> = found
        .iter()
        .filter_map(|line| line.split(' ').nth(1))
        .collect();
    assert_eq!(
        paths,
        [
            "name:",
            "ramp_up:",
            "players.killers:",
            "purchases.per_second:",
            "thresholds.error_rate:"
        ]
    );
}
