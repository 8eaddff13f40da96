//! Ctrl-C and SIGTERM during a run: the first stops the load and lets the
//! reports be written, or, before the load has started, ends the run with no
//! reports; the second exits at once.

use std::sync::Arc;

use matchbench::live::{self, InterruptHandler};
use parking_lot::Mutex;
use tokio_util::sync::CancellationToken;

use crate::cli::Exit;
use crate::cli::signal;

/// The run's interrupt state, shared by the signal task and the dashboard.
#[derive(Clone)]
pub struct Interrupt {
    cancel: CancellationToken,
    state: Arc<Mutex<State>>,
}

/// Whether an interrupt came, and whether the load had started by then; one
/// lock, so the two never disagree about which came first.
#[derive(Debug, Default)]
struct State {
    asked: bool,
    loading: bool,
}

impl Interrupt {
    /// Catches Ctrl-C and SIGTERM from now on, for as long as the runtime lives.
    pub fn install(cancel: CancellationToken) -> Self {
        let interrupt = Self {
            cancel,
            state: Arc::default(),
        };
        match signal::listen() {
            Ok(signals) => {
                tokio::spawn(interrupt.clone().listen(signals));
            }
            Err(err) => tracing::warn!("{err:#}; Ctrl-C ends the run without its reports"),
        }
        interrupt
    }

    async fn listen(self, mut signals: signal::StopSignals) {
        while signals.next().await.is_ok() {
            if self.fire() {
                live::restore();
                std::process::exit(Exit::Interrupted as i32);
            }
        }
    }

    /// Stops the run; true when it was already asked to stop.
    pub fn fire(&self) -> bool {
        let (again, loading) = {
            let mut state = self.state.lock();
            (std::mem::replace(&mut state.asked, true), state.loading)
        };
        if !again {
            if loading {
                tracing::warn!(
                    "interrupted: stopping the load and writing reports (again to quit at once)"
                );
            } else {
                tracing::warn!("interrupted before the load started; no reports are written");
            }
            self.cancel.cancel();
        }
        again
    }

    /// Marks the load as started; false when an interrupt came first and the
    /// load must not start.
    pub fn begin_load(&self) -> bool {
        let mut state = self.state.lock();
        state.loading = !state.asked;
        state.loading
    }

    /// Resolves once the run has been asked to stop.
    pub async fn asked(&self) {
        self.cancel.cancelled().await;
    }

    /// The handler the dashboard calls on Ctrl-C, which it sees as a key.
    pub fn handler(&self) -> InterruptHandler {
        let interrupt = self.clone();
        Box::new(move || interrupt.fire())
    }
}
