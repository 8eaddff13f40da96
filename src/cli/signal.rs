//! Waiting for Ctrl-C or SIGTERM, the two ways a user or a scheduler stops `bench`.

use anyhow::Context;

/// Ctrl-C and, on Unix, SIGTERM, caught from the moment [`listen`] returns:
/// from then on they no longer end the process by themselves.
pub struct StopSignals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
    #[cfg(windows)]
    ctrl_c: tokio::signal::windows::CtrlC,
}

/// Starts catching Ctrl-C and SIGTERM; must be called inside the runtime.
pub fn listen() -> anyhow::Result<StopSignals> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(StopSignals {
            interrupt: signal(SignalKind::interrupt()).context("cannot listen for Ctrl-C")?,
            terminate: signal(SignalKind::terminate()).context("cannot listen for SIGTERM")?,
        })
    }
    #[cfg(windows)]
    {
        Ok(StopSignals {
            ctrl_c: tokio::signal::windows::ctrl_c().context("cannot listen for Ctrl-C")?,
        })
    }
}

impl StopSignals {
    /// Resolves on the next Ctrl-C or SIGTERM; an error when they can no longer arrive.
    pub async fn next(&mut self) -> anyhow::Result<()> {
        #[cfg(unix)]
        let received = tokio::select! {
            received = self.interrupt.recv() => received,
            received = self.terminate.recv() => received,
        };
        #[cfg(windows)]
        let received = self.ctrl_c.recv().await;
        received.context("cannot listen for Ctrl-C any more")
    }
}
