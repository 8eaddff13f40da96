//! The cost of recording one latency sample, the operation every player and
//! purchase performs on the hot path.
//!
//! Run with `cargo bench --bench record`. It records ten million samples from
//! one thread and from two threads at once (the machine's cores), and prints
//! the cost per sample.

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use matchbench::benchmark::ShardedHistogram;

const SAMPLES: usize = 10_000_000;

fn record(histogram: &ShardedHistogram, hint: usize, samples: usize) {
    for i in 0..samples {
        let latency = Duration::from_micros((i % 50_000) as u64 + 1);
        histogram.record(black_box(hint + i), black_box(latency));
    }
}

fn per_sample(elapsed: Duration, samples: usize) -> f64 {
    elapsed.as_nanos() as f64 / samples as f64
}

fn main() {
    let histogram = ShardedHistogram::new();
    record(&histogram, 0, SAMPLES / 10);
    let started = Instant::now();
    record(&histogram, 0, SAMPLES);
    println!(
        "one thread:  {:6.1} ns per sample",
        per_sample(started.elapsed(), SAMPLES)
    );

    let histogram = Arc::new(ShardedHistogram::new());
    let started = Instant::now();
    let threads: Vec<_> = (0..2)
        .map(|t| {
            let histogram = histogram.clone();
            std::thread::spawn(move || record(&histogram, t, SAMPLES))
        })
        .collect();
    for thread in threads {
        thread.join().expect("recording thread panicked");
    }
    let elapsed = started.elapsed();
    // Each thread recorded SAMPLES in `elapsed`: the cost one recorder sees.
    println!(
        "two threads: {:6.1} ns per sample per thread",
        per_sample(elapsed, SAMPLES)
    );
    assert_eq!(histogram.merged().len(), 2 * SAMPLES as u64);
}
