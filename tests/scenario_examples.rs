//! The committed schema and the example scenarios: the schema file equals
//! what `bench schema` prints, and every example passes both the schema and
//! the loader.

use std::path::{Path, PathBuf};

use matchbench::scenario::{json_schema, load, load_str};
use serde_json::Value;

const SCHEMA: &str = "schema/scenario.schema.json";
const HEADER: &str = "# yaml-language-server: $schema=../schema/scenario.schema.json\n";

fn examples() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("scenarios")
        .expect("the scenarios folder")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    files.sort();
    files
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&json_schema()).expect("the schema compiles")
}

/// The YAML at `path` as JSON, for checking against the schema.
fn as_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("a readable example");
    serde_saphyr::from_str(&text).expect("example YAML")
}

fn schema_errors(instance: &Value) -> Vec<String> {
    let validator = validator();
    validator
        .iter_errors(instance)
        .map(|e| e.to_string())
        .collect()
}

#[test]
fn the_committed_schema_is_what_bench_schema_prints() {
    let committed = std::fs::read_to_string(SCHEMA).expect("the committed schema");
    let printed = format!("{:#}\n", json_schema());
    assert!(
        committed == printed,
        "regenerate it: bench schema > {SCHEMA}"
    );
}

#[test]
fn bench_schema_prints_the_committed_schema() {
    let committed = std::fs::read_to_string(SCHEMA).expect("the committed schema");
    let output = assert_cmd::Command::cargo_bin("bench")
        .expect("the bench binary")
        .arg("schema")
        .output()
        .expect("bench schema runs");
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stdout), committed);
}

#[test]
fn the_three_examples_exist() {
    let names: Vec<_> = examples()
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    assert_eq!(names, ["peak.yaml", "smoke.yaml", "soak.yaml"]);
}

#[test]
fn every_example_names_the_schema_on_its_first_line() {
    for path in examples() {
        let text = std::fs::read_to_string(&path).expect("a readable example");
        assert!(text.starts_with(HEADER), "{}", path.display());
    }
}

#[test]
fn every_example_matches_the_schema() {
    for path in examples() {
        let errors = schema_errors(&as_json(&path));
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
}

#[test]
fn every_example_loads_without_warnings() {
    for path in examples() {
        let scenario = load(&path).unwrap_or_else(|err| panic!("{err}"));
        assert!(scenario.warnings.is_empty(), "{}", path.display());
    }
}

#[test]
fn what_the_loader_records_matches_the_schema_too() {
    for path in examples() {
        let scenario = load(&path).unwrap_or_else(|err| panic!("{err}"));
        let errors = schema_errors(&scenario.as_loaded);
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
}

#[test]
fn the_schema_rejects_what_the_loader_rejects() {
    let broken = as_json(Path::new("tests/fixtures/scenarios/killers_negative.yaml"));
    assert!(!schema_errors(&broken).is_empty());
    let unknown = serde_json::json!({"name": "t", "duration": "5m", "duraton": "6m"});
    assert!(!schema_errors(&unknown).is_empty());
}

#[test]
fn the_loader_and_the_schema_agree_on_how_a_value_is_written() {
    let cases = [
        ("duration: 1.5h", true),
        ("duration: 1.5 h", true),
        ("duration: 1h 30m", true),
        ("duration: .5h", false),
        ("duration: 1.h", false),
        ("name: 123", false),
        ("name: true", false),
        ("name: \"123\"", true),
        ("description: 42", false),
        ("description: \"42\"", true),
        ("players: {requeue: \"true\"}", false),
        ("players: {requeue: false}", true),
        ("players: {killers: \"3\"}", false),
        ("players: {killers: 3.0, survivors: 1e3}", true),
        ("players: {killers: 2.5}", false),
        ("players: {regions: {eu: 1e308}}", false),
        ("players: {regions: {eu: 1000000, na: 0.5}}", true),
        ("http: {headers: {X-Retries: 3, X-Debug: true}}", true),
    ];
    for (line, valid) in cases {
        // The line replaces name or duration, or comes after them.
        let name = if line.starts_with("name:") {
            ""
        } else {
            "name: t\n"
        };
        let duration = if line.starts_with("duration:") {
            ""
        } else {
            "duration: 5m\n"
        };
        let yaml = format!("{name}{duration}{line}\n");
        let loaded = load_str(Path::new("s.yaml"), &yaml, &|_| None);
        let json: Value = serde_saphyr::from_str(&yaml).expect("valid YAML");
        let schema = schema_errors(&json);
        assert_eq!(loaded.is_ok(), valid, "the loader on {line}: {loaded:?}");
        assert_eq!(schema.is_empty(), valid, "the schema on {line}: {schema:?}");
    }
}

#[test]
fn the_schema_rejects_null_for_every_optional_key_as_the_loader_does() {
    let top = [
        "description",
        "ramp_up",
        "players",
        "purchases",
        "target",
        "http",
        "thresholds",
        "seed",
    ];
    let nested = [
        ("players", "survivors"),
        ("players", "killers"),
        ("players", "match_duration"),
        ("players", "requeue"),
        ("players", "mmr"),
        ("players", "regions"),
        ("purchases", "max_in_flight"),
        ("http", "timeout"),
        ("http", "connect_timeout"),
        ("http", "wait"),
        ("http", "headers"),
        ("thresholds", "time_to_match_p95"),
        ("thresholds", "error_rate"),
    ];
    let base =
        || serde_json::json!({"name": "t", "duration": "5m", "purchases": {"per_second": 1}});
    let mut instances: Vec<(String, Value)> = Vec::new();
    for key in top {
        let mut doc = base();
        doc[key] = Value::Null;
        instances.push((key.to_string(), doc));
    }
    for (parent, key) in nested {
        let mut doc = base();
        doc[parent][key] = Value::Null;
        instances.push((format!("{parent}.{key}"), doc));
    }
    for (path, doc) in instances {
        assert!(
            !schema_errors(&doc).is_empty(),
            "the schema accepts {path}: null"
        );
    }
}

/// Every `default` in the schema as (JSON pointer, value), following `$ref`s.
fn schema_defaults(schema: &Value, node: &Value, pointer: &str, out: &mut Vec<(String, Value)>) {
    let Some(properties) = node["properties"].as_object() else {
        return;
    };
    for (key, property) in properties {
        let pointer = format!("{pointer}/{key}");
        if let Some(default) = property.get("default") {
            out.push((pointer.clone(), default.clone()));
        }
        let target = property["$ref"]
            .as_str()
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|r| schema.pointer(r));
        schema_defaults(schema, target.unwrap_or(property), &pointer, out);
    }
}

#[test]
fn every_default_in_the_schema_is_what_the_loader_fills_in() {
    let schema = json_schema();
    let mut defaults = Vec::new();
    schema_defaults(&schema, &schema, "", &mut defaults);
    let paths: Vec<&str> = defaults.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/http/connect_timeout",
            "/http/headers",
            "/http/timeout",
            "/http/wait",
            "/players/killers",
            "/players/match_duration",
            "/players/regions",
            "/players/requeue",
            "/players/survivors",
            "/purchases/max_in_flight",
            "/ramp_up",
        ]
    );
    let minimal = load(Path::new("tests/fixtures/scenarios/minimal.yaml"))
        .unwrap_or_else(|err| panic!("{err}"));
    for (pointer, default) in defaults {
        assert_eq!(
            minimal.as_loaded.pointer(&pointer),
            Some(&default),
            "{pointer}"
        );
    }
}

/// The file behind the README's `bench validate` example.
const FRIDAY: &str = "# yaml-language-server: $schema=../schema/scenario.schema.json
name: friday
description: Friday evening
duration: 10m
ramp_up: 12m

players:
  survivors: 8000
  killers: -3
";

#[test]
fn the_readme_shows_what_bench_validate_prints() {
    let readme = std::fs::read_to_string("README.md").expect("the README");
    let shown: Vec<&str> = readme
        .lines()
        .filter(|line| line.starts_with("error: scenarios/friday.yaml"))
        .collect();
    let path = Path::new("scenarios/friday.yaml");
    let err = load_str(path, FRIDAY, &|_| None).expect_err("the example is invalid");
    let printed = err.to_string();
    assert_eq!(shown, printed.lines().collect::<Vec<_>>());
}

#[test]
fn the_smoke_scenario_stays_well_under_ten_seconds() {
    let smoke = load(Path::new("scenarios/smoke.yaml")).unwrap_or_else(|err| panic!("{err}"));
    assert!(smoke.params.duration.as_secs() <= 5);
}
