//! The HDR percentile spectrum: a histogram of `summary.json`, decoded, as
//! points of latency (ms) against percentile.
//!
//! The histograms are HDR V2 deflate-compressed, base64-encoded, recorded in
//! microseconds. The percentile axis is `-log10(1 - q)`, so 90%, 99%, 99.9%
//! sit one step apart and the tail gets the room it deserves.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hdrhistogram::Histogram;
use hdrhistogram::serialization::Deserializer;

/// The highest percentile drawn: 99.999%.
const MAX_X: f64 = 5.0;

/// A histogram of the summary that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SpectrumError {
    /// The run recorded no histogram.
    #[error("no histogram recorded")]
    Missing,
    /// Not base64.
    #[error("histogram is not base64: {0}")]
    Base64(#[from] base64::DecodeError),
    /// Not an HDR V2 histogram.
    #[error("histogram is not HDR V2: {0:?}")]
    Hdr(hdrhistogram::serialization::DeserializeError),
}

/// Decodes one histogram of `summary.histograms`.
pub fn decode(encoded: &str) -> Result<Histogram<u64>, SpectrumError> {
    if encoded.trim().is_empty() {
        return Err(SpectrumError::Missing);
    }
    let bytes = STANDARD.decode(encoded.trim())?;
    Deserializer::new()
        .deserialize(&mut bytes.as_slice())
        .map_err(SpectrumError::Hdr)
}

/// The spectrum of a histogram: (`-log10(1 - q)`, value in ms), up to the
/// largest value or 99.999%, whichever comes first.
pub fn points(histogram: &Histogram<u64>) -> Vec<(f64, f64)> {
    if histogram.is_empty() {
        return Vec::new();
    }
    let mut points = Vec::new();
    for step in histogram.iter_quantiles(5) {
        let q = step.quantile_iterated_to();
        let x = if q < 1.0 { -(1.0 - q).log10() } else { MAX_X };
        points.push((x.min(MAX_X), step.value_iterated_to() as f64 / 1000.0));
        if x >= MAX_X {
            break;
        }
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;
    use hdrhistogram::serialization::{Serializer, V2DeflateSerializer};

    fn encoded(values: impl Iterator<Item = u64>) -> String {
        let mut h = Histogram::<u64>::new(3).expect("valid precision");
        for v in values {
            h.record(v).expect("in range");
        }
        let mut bytes = Vec::new();
        V2DeflateSerializer::new()
            .serialize(&h, &mut bytes)
            .expect("serialized");
        STANDARD.encode(bytes)
    }

    #[test]
    fn a_serialized_histogram_decodes_to_the_same_counts() {
        let h = decode(&encoded(1..=1000)).expect("decodes");
        assert_eq!(h.len(), 1000);
    }

    #[test]
    fn spectrum_rises_to_the_largest_value_in_ms() {
        let h = decode(&encoded((1..=10_000).map(|v| v * 10))).expect("decodes");
        let pts = points(&h);
        assert!(pts.windows(2).all(|w| w[0].0 <= w[1].0 && w[0].1 <= w[1].1));
        let last = pts.last().expect("points");
        assert!((last.1 - 100.0).abs() < 0.2, "{last:?}");
    }

    #[test]
    fn empty_and_garbage_histograms_are_errors() {
        assert!(matches!(decode(""), Err(SpectrumError::Missing)));
        assert!(matches!(
            decode("not base64!"),
            Err(SpectrumError::Base64(_))
        ));
        assert!(matches!(decode("aGVsbG8="), Err(SpectrumError::Hdr(_))));
    }
}
