//! What a value was written as, where the YAML type matters: numbers kept
//! raw for the checker ([`Scalar`]), and text and booleans that must be
//! written as such.
//!
//! serde turns `name: 123` into the text "123" and `requeue: "true"` into
//! true; the JSON Schema, like an editor, sees a number and a string. The
//! deserializers here refuse both, so the loader and the schema agree, as
//! they do on `killers: "3"`, a quoted number that is text.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use super::format::Text;

/// Whatever was written where a number belongs, kept so that a wrong value,
/// even a list or a mapping, is reported with the other rule violations
/// rather than alone.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Scalar {
    /// A whole number, including ones too large for the field's type.
    Int(i128),
    /// A number with a fraction or an exponent.
    Float(f64),
    /// A list, such as `[1]`.
    List,
    /// A mapping, such as `{value: 1}`.
    Mapping,
    /// Any other scalar: text, a boolean or null.
    Other,
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar::Int(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar::Int(v.into()))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Scalar, E> {
        Ok(Scalar::Int(v))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Scalar, E> {
        Ok(i128::try_from(v).map_or(Scalar::Float(v as f64), Scalar::Int))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
        Ok(Scalar::Float(v))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Scalar, E> {
        Ok(Scalar::Other)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Scalar, E> {
        Ok(Scalar::Other)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Other)
    }

    fn visit_none<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Other)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::List)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Mapping)
    }
}

/// A located value that must be written as a YAML string.
pub(crate) fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
    let text = Spanned::<Written>::deserialize(deserializer)?;
    Ok(Spanned::new(text.value.0, text.referenced, text.defined))
}

/// An optional key's value that must be written as a YAML string (see
/// `given` in the format for why null is not `None`).
pub(crate) fn given_text<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    Written::deserialize(deserializer).map(|text| Some(text.0))
}

/// An optional key's boolean, written `true` or `false` without quotes.
pub(crate) fn given_bool<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<bool>, D::Error> {
    deserializer.deserialize_any(BoolVisitor).map(Some)
}

/// Text written as a YAML string, quoted or plain; never a number, a
/// boolean or null turned into text.
struct Written(String);

impl<'de> Deserialize<'de> for Written {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(WrittenVisitor)
    }
}

struct WrittenVisitor;

impl Visitor<'_> for WrittenVisitor {
    type Value = Written;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Written, E> {
        Ok(Written(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Written, E> {
        Ok(Written(v))
    }
}

struct BoolVisitor;

impl Visitor<'_> for BoolVisitor {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("true or false")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(v)
    }
}
