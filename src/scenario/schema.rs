//! The JSON Schema of scenario files, derived from [`ScenarioFile`].
//!
//! The format structs keep raw, located values so the validator can report
//! every problem at once; the functions here give those fields the schema
//! of what is accepted, so editors flag the same mistakes as `bench validate`.

use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use schemars::{Schema, SchemaGenerator, json_schema};
use serde_json::{Value, json};

use super::format::ScenarioFile;
use super::validate::MAX_WEIGHT;

/// What humantime accepts: numbers with units, such as `250ms`, `30s`,
/// `1h 30m`, `1.5h`; a fraction needs digits on both sides of its point.
pub(crate) const DURATION_PATTERN: &str = r"^\s*([0-9]+(\.[0-9]+)?\s*[a-zA-Zµ]+\s*)+$";
/// Scenario names: they name the report folder.
pub(crate) const NAME_PATTERN: &str = r"^[a-z0-9_-]{1,64}$";
/// Region names, as the matchmaker's API accepts them.
pub(crate) const REGION_PATTERN: &str = r"^[a-z0-9-]{1,32}$";

/// The JSON Schema of scenario files, as `bench schema` prints it.
pub fn json_schema() -> serde_json::Value {
    let settings = SchemaSettings::draft2020_12().with_transform(RecursiveTransform(no_null));
    let schema = settings
        .into_generator()
        .into_root_schema_for::<ScenarioFile>();
    schema.to_value()
}

/// Takes null out of a schema: the loader rejects `key: ~` for every key, so
/// an optional key may be left out but never be null. Drops `"default": null`,
/// `"null"` from a list of types, and a null alternative from `anyOf`.
fn no_null(schema: &mut Schema) {
    if schema.get("default").is_some_and(Value::is_null) {
        schema.remove("default");
    }
    if let Some(Value::Array(types)) = schema.get_mut("type") {
        types.retain(|t| t != "null");
        if let [only] = types.as_mut_slice() {
            let only = only.take();
            schema.insert("type".into(), only);
        }
    }
    let null = json!({ "type": "null" });
    if let Some(Value::Array(options)) = schema.get_mut("anyOf") {
        options.retain(|option| option != &null);
        if let [Value::Object(only)] = options.as_mut_slice() {
            let only = std::mem::take(only);
            schema.remove("anyOf");
            for (key, value) in only {
                schema.insert(key, value);
            }
        }
    }
}

pub(crate) fn name(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "string", "pattern": NAME_PATTERN })
}

pub(crate) fn duration(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "string",
        "pattern": DURATION_PATTERN,
        "description": "a duration such as 250ms, 30s, 5m, 1.5h or 1h 30m",
        "examples": ["30s"]
    })
}

pub(crate) fn count(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "integer", "minimum": 0, "maximum": u32::MAX })
}

pub(crate) fn in_flight(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "integer", "minimum": 1, "maximum": u32::MAX })
}

pub(crate) fn seed(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "integer", "minimum": 0, "maximum": u64::MAX })
}

pub(crate) fn non_negative(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "number", "minimum": 0 })
}

pub(crate) fn rate(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "anyOf": [
            { "type": "number", "const": 0 },
            { "type": "number", "minimum": 0.001, "maximum": 1_000_000 }
        ]
    })
}

pub(crate) fn positive(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "number", "exclusiveMinimum": 0 })
}

pub(crate) fn fraction(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "number", "minimum": 0, "maximum": 1 })
}

pub(crate) fn mmr_mean(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "number", "minimum": 0, "maximum": 10000 })
}

pub(crate) fn url(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "string",
        "description": "an absolute http or https URL once ${VAR} and ${VAR:-default} expand",
        "minLength": 1
    })
}

pub(crate) fn regions(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "object",
        "propertyNames": { "pattern": REGION_PATTERN },
        "additionalProperties": {
            "type": "number",
            "exclusiveMinimum": 0,
            "maximum": MAX_WEIGHT as u64
        }
    })
}

pub(crate) fn headers(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "object",
        "additionalProperties": { "type": ["string", "number", "boolean"] }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_requires_name_and_duration_only() {
        let schema = json_schema();
        let required = &schema["required"];
        assert_eq!(required, &serde_json::json!(["name", "duration"]));
    }

    #[test]
    fn the_schema_rejects_unknown_keys_at_the_top() {
        assert_eq!(json_schema()["additionalProperties"], false);
    }
}
