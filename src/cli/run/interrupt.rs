//! Ctrl-C and SIGTERM during a run: the first stops the load and lets the
//! reports be written, or, before the load has started, ends the run with no
//! reports; the second exits at once, restoring the terminal and removing the
//! report folder if nothing was written in it yet.

use std::sync::Arc;

use matchbench::benchmark::{Metrics, Phase};
use matchbench::live::{self, InterruptHandler};
use matchbench::report::writer::RunFolder;
use parking_lot::Mutex;
use tokio_util::sync::CancellationToken;

use crate::cli::Exit;
use crate::cli::signal;

/// The run's interrupt state, shared by the signal task and the dashboard.
#[derive(Clone)]
pub struct Interrupt {
    cancel: CancellationToken,
    state: Arc<Mutex<State>>,
    folder: RunFolder,
}

/// Whether an interrupt came, and whether the load had started by then; one
/// lock, so the two never disagree about which came first.
#[derive(Default)]
struct State {
    asked: bool,
    /// The metrics of the load once it has started; they tell whether it is
    /// already over.
    load: Option<Arc<Metrics>>,
}

impl Interrupt {
    /// Catches Ctrl-C and SIGTERM from now on, for as long as the runtime lives.
    pub fn install(cancel: CancellationToken, folder: RunFolder) -> Self {
        let interrupt = Self {
            cancel,
            state: Arc::default(),
            folder,
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
            self.fire();
        }
    }

    /// Stops the run, or quits at once when it was already asked to stop.
    pub fn fire(&self) {
        let (again, load) = {
            let mut state = self.state.lock();
            (
                std::mem::replace(&mut state.asked, true),
                state.load.clone(),
            )
        };
        if again {
            self.quit();
        }
        match load.map(|metrics| metrics.phase()) {
            Some(Phase::Stopping) => tracing::warn!(
                "the load is already over; writing the reports (Ctrl-C again to quit at once)"
            ),
            Some(_) => tracing::warn!(
                "interrupted: stopping the load and writing reports (again to quit at once)"
            ),
            None => tracing::warn!("interrupted before the load started; no reports are written"),
        }
        self.cancel.cancel();
    }

    /// Exits at once with the interrupted code, leaving the terminal and the
    /// file system as they were before the run, as far as it can.
    fn quit(&self) -> ! {
        live::restore();
        self.folder.remove_if_unused();
        std::process::exit(Exit::Interrupted as i32);
    }

    /// Marks the load of `metrics` as started; false when an interrupt came
    /// first and the load must not start.
    pub fn begin_load(&self, metrics: Arc<Metrics>) -> bool {
        let mut state = self.state.lock();
        if state.asked {
            return false;
        }
        state.load = Some(metrics);
        true
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
