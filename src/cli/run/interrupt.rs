//! Ctrl-C and SIGTERM during a run: the first stops the load and lets the
//! reports be written; the second exits at once.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use matchbench::live::{self, InterruptHandler};
use tokio_util::sync::CancellationToken;

use crate::cli::Exit;

/// The run's interrupt state, shared by the signal task and the dashboard.
#[derive(Clone)]
pub struct Interrupt {
    cancel: CancellationToken,
    asked: Arc<AtomicBool>,
}

impl Interrupt {
    /// Listens for Ctrl-C and SIGTERM for as long as the runtime lives.
    pub fn install(cancel: CancellationToken) -> Self {
        let interrupt = Self {
            cancel,
            asked: Arc::new(AtomicBool::new(false)),
        };
        let listener = interrupt.clone();
        tokio::spawn(async move {
            while crate::cli::signal::stop_requested().await.is_ok() {
                if listener.fire() {
                    live::restore();
                    std::process::exit(Exit::Interrupted as i32);
                }
            }
        });
        interrupt
    }

    /// Stops the run; true when it was already asked to stop.
    pub fn fire(&self) -> bool {
        let again = self.asked.swap(true, Ordering::SeqCst);
        if !again {
            tracing::warn!(
                "interrupted: stopping the load and writing reports (again to quit at once)"
            );
            self.cancel.cancel();
        }
        again
    }

    /// The handler the dashboard calls on Ctrl-C, which it sees as a key.
    pub fn handler(&self) -> InterruptHandler {
        let interrupt = self.clone();
        Box::new(move || interrupt.fire())
    }
}
