//! The live dashboard on a terminal, drawn with ratatui from the 200 ms snapshots.
//!
//! It draws on stderr's terminal, in the alternate screen, from a thread of
//! its own. The terminal is in raw mode, so Ctrl-C arrives as a key rather
//! than a signal: the dashboard hands it to the run's interrupt handler. The
//! terminal is restored when the run ends, on a panic too, and the dashboard
//! stops drawing once it has been.

use std::collections::VecDeque;
use std::io::{self, Stderr, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use ratatui::Frame;
use ratatui::Terminal;
use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style, Stylize};
use ratatui::text::Span;
use ratatui::widgets::{Block, Gauge, Paragraph, Sparkline};

use super::LiveView;
use crate::benchmark::MetricsSnapshot;

/// Rates kept for the sparklines: one minute of snapshots.
const HISTORY: usize = 300;

/// Called on Ctrl-C or `q`, as a signal handler would be on Ctrl-C: the
/// handler stops the run, or on a second press quits the process.
pub type InterruptHandler = Box<dyn Fn() + Send>;

/// Feeds the dashboard's thread; dropping it ends the dashboard.
pub struct Dashboard {
    snapshots: Sender<MetricsSnapshot>,
}

/// Waits for the dashboard's thread to restore the terminal.
pub struct DashboardGuard {
    thread: Option<JoinHandle<()>>,
}

impl Dashboard {
    /// Takes over the terminal on stderr and starts drawing.
    pub fn start(
        title: String,
        on_interrupt: InterruptHandler,
    ) -> io::Result<(Self, DashboardGuard)> {
        let coloured = !super::no_color();
        let terminal = enter()?;
        install_panic_hook();
        let (snapshots, receiver) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("dashboard".into())
            .spawn(move || {
                let view = View::new(&title, coloured);
                draw_loop(terminal, view, &receiver, &on_interrupt);
            })?;
        Ok((
            Self { snapshots },
            DashboardGuard {
                thread: Some(thread),
            },
        ))
    }
}

impl LiveView for Dashboard {
    fn show(&mut self, snapshot: &MetricsSnapshot) {
        let _ = self.snapshots.send(snapshot.clone());
    }
}

impl DashboardGuard {
    /// Waits until the terminal is restored; the [`Dashboard`] must be dropped first.
    pub fn finish(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for DashboardGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Whether the terminal is in the dashboard's raw mode and alternate screen.
static ACTIVE: AtomicBool = AtomicBool::new(false);

fn enter() -> io::Result<Terminal<CrosstermBackend<Stderr>>> {
    enable_raw_mode()?;
    // From here on, restore() undoes whatever part of the setup succeeded.
    ACTIVE.store(true, Ordering::SeqCst);
    let entered = execute!(io::stderr(), EnterAlternateScreen)
        .and_then(|()| Terminal::new(CrosstermBackend::new(io::stderr())));
    if entered.is_err() {
        restore();
    }
    entered
}

/// Leaves raw mode and the alternate screen and shows the cursor, when the
/// dashboard took them, and prints the logs held back meanwhile; safe to call
/// at any time, more than once, and before an exit that skips destructors.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let _ = disable_raw_mode();
    // Dropping ratatui's Terminal shows the cursor, but an exit or a panic on
    // another thread never gets to drop it.
    let _ = execute!(io::stderr(), LeaveAlternateScreen, Show);
    let held = std::mem::take(&mut *HELD.lock().unwrap_or_else(PoisonError::into_inner));
    let _ = io::stderr().write_all(&held);
    let dropped = DROPPED.swap(0, Ordering::SeqCst);
    if dropped > 0 {
        let _ = writeln!(
            io::stderr(),
            "({dropped} bytes of logs were dropped while the dashboard ran)"
        );
    }
}

/// Most log output held back while the dashboard runs; more is dropped and counted.
const HELD_LIMIT: usize = 1024 * 1024;

/// Bytes of log output dropped because [`HELD_LIMIT`] was reached.
static DROPPED: AtomicUsize = AtomicUsize::new(0);

/// Log output written while the dashboard owns the terminal.
static HELD: Mutex<Vec<u8>> = Mutex::new(Vec::new());

/// Log output: stderr, or held back while the dashboard owns the terminal
/// (a log line would tear the screen) and printed when it is restored.
#[derive(Debug, Clone, Copy, Default)]
pub struct Logs;

impl Write for Logs {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if ACTIVE.load(Ordering::SeqCst) {
            let mut held = HELD.lock().unwrap_or_else(PoisonError::into_inner);
            if held.len() + bytes.len() <= HELD_LIMIT {
                held.extend_from_slice(bytes);
            } else {
                DROPPED.fetch_add(bytes.len(), Ordering::Relaxed);
            }
            Ok(bytes.len())
        } else {
            io::stderr().write(bytes)
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        io::stderr().flush()
    }
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// Draws until the snapshots end or the terminal is restored by someone else,
/// such as the panic hook: drawing on after that would scribble on the
/// normal screen.
fn draw_loop<B: Backend>(
    mut terminal: Terminal<B>,
    mut view: View<'_>,
    snapshots: &Receiver<MetricsSnapshot>,
    on_interrupt: &InterruptHandler,
) {
    loop {
        match snapshots.recv_timeout(Duration::from_millis(50)) {
            Ok(snapshot) => view.push(snapshot),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
        if !ACTIVE.load(Ordering::SeqCst) {
            return;
        }
        let _ = terminal.draw(|frame| view.draw(frame));
        if interrupt_pressed() {
            on_interrupt();
        }
    }
    restore();
}

/// Whether Ctrl-C or `q` was pressed since the last look.
fn interrupt_pressed() -> bool {
    let mut pressed = false;
    while event::poll(Duration::ZERO).unwrap_or(false) {
        if let Ok(Event::Key(key)) = event::read() {
            let ctrl_c =
                key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
            pressed |=
                key.kind == KeyEventKind::Press && (ctrl_c || key.code == KeyCode::Char('q'));
        }
    }
    pressed
}

struct View<'a> {
    title: &'a str,
    /// False when `NO_COLOR` asks for none; read once, when the dashboard starts.
    coloured: bool,
    latest: Option<MetricsSnapshot>,
    matches: VecDeque<u64>,
    purchases: VecDeque<u64>,
}

impl<'a> View<'a> {
    fn new(title: &'a str, coloured: bool) -> Self {
        Self {
            title,
            coloured,
            latest: None,
            matches: VecDeque::new(),
            purchases: VecDeque::new(),
        }
    }

    fn push(&mut self, snapshot: MetricsSnapshot) {
        for (history, value) in [
            (&mut self.matches, snapshot.matches_per_sec),
            (&mut self.purchases, snapshot.purchases_per_sec),
        ] {
            if history.len() == HISTORY {
                history.pop_front();
            }
            history.push_back(value.round() as u64);
        }
        self.latest = Some(snapshot);
    }

    fn draw(&self, frame: &mut Frame) {
        let Some(s) = &self.latest else {
            frame.render_widget(Paragraph::new("starting…"), frame.area());
            return;
        };
        let [header, players, matches, purchases, errors] = Layout::vertical([
            Constraint::Length(3),
            Constraint::Length(3),
            Constraint::Min(5),
            Constraint::Min(5),
            Constraint::Length(3),
        ])
        .areas(frame.area());
        self.draw_header(frame, header, s);
        let c = &s.counters;
        let players_text = format!(
            "active {}   queued {}   in match {}",
            c.players_active, c.players_queued, c.players_in_match
        );
        frame.render_widget(
            Paragraph::new(players_text).block(block("Players")),
            players,
        );
        let matches_title = format!(
            "Matches  {:.0}/s   formed {}   p95 time to match {:.2}s",
            s.matches_per_sec,
            c.matches_formed,
            s.p95_time_to_match.as_secs_f64()
        );
        sparkline(
            frame,
            matches,
            &matches_title,
            &self.matches,
            0.0,
            self.colour(Color::Cyan),
        );
        let purchases_title = format!(
            "Purchases  {:.0}/s of {}/s   total {}   dropped {}   p95 latency {:.1}ms",
            s.purchases_per_sec,
            s.target_purchases_per_sec,
            c.purchases,
            c.purchases_dropped,
            s.p95_purchase_latency.as_secs_f64() * 1000.0
        );
        sparkline(
            frame,
            purchases,
            &purchases_title,
            &self.purchases,
            s.target_purchases_per_sec,
            self.colour(Color::Green),
        );
        let mut errors_text = format!("requests {}", c.requests);
        for (kind, count) in c.errors.by_kind() {
            errors_text.push_str(&format!("   {kind} {count}"));
        }
        frame.render_widget(Paragraph::new(errors_text).block(block("Errors")), errors);
    }

    fn draw_header(&self, frame: &mut Frame, area: Rect, s: &MetricsSnapshot) {
        let ratio = if s.duration.is_zero() {
            1.0
        } else {
            (s.elapsed.as_secs_f64() / s.duration.as_secs_f64()).clamp(0.0, 1.0)
        };
        let label = format!(
            "{}   {:.1}s / {:.0}s   (Ctrl-C stops the run)",
            s.phase.as_str(),
            s.elapsed.as_secs_f64(),
            s.duration.as_secs_f64()
        );
        let gauge = Gauge::default()
            .block(block(self.title))
            .gauge_style(self.colour(Color::Blue))
            .ratio(ratio)
            .label(Span::from(label).bold());
        frame.render_widget(gauge, area);
    }

    /// A foreground colour, or none when `NO_COLOR` asks for none.
    fn colour(&self, color: Color) -> Style {
        if self.coloured {
            Style::default().fg(color)
        } else {
            Style::default()
        }
    }
}

/// Draws the newest values that fit in `area`, oldest first.
///
/// The scale reaches a quarter above the larger of the values shown and
/// `target`, so a steady rate reads as a level below the top instead of a
/// solid block, and a rate short of its target shows as a gap under it.
fn sparkline(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    data: &VecDeque<u64>,
    target: f64,
    style: Style,
) {
    let width = area.width.saturating_sub(2) as usize;
    let skip = data.len().saturating_sub(width);
    let values: Vec<u64> = data.iter().skip(skip).copied().collect();
    let widget = Sparkline::default()
        .block(block(title))
        .data(&values)
        .max(scale_top(&values, target))
        .style(style);
    frame.render_widget(widget, area);
}

/// The top of a sparkline's scale: 25% above the largest value or the target.
fn scale_top(values: &[u64], target: f64) -> u64 {
    let largest = values.iter().copied().max().unwrap_or(0) as f64;
    let top = (largest.max(target) * 1.25).ceil();
    // Float-to-int `as` saturates, and a scale of 0 would hide every bar.
    (top as u64).max(1)
}

fn block(title: &str) -> Block<'_> {
    Block::bordered().title(title)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::TestBackend;

    #[test]
    fn a_steady_rate_at_its_target_sits_below_the_top_of_the_scale() {
        assert_eq!(scale_top(&[200, 200, 200], 200.0), 250);
    }

    #[test]
    fn a_rate_above_its_target_still_fits_under_the_scale() {
        assert_eq!(scale_top(&[10, 400], 200.0), 500);
    }

    #[test]
    fn no_data_and_no_target_still_give_a_usable_scale() {
        assert_eq!(scale_top(&[], 0.0), 1);
        assert_eq!(scale_top(&[0, 0], f64::NAN), 1);
    }

    #[test]
    fn the_dashboard_stops_drawing_once_the_terminal_is_restored() {
        // No dashboard has entered the terminal here, so it counts as restored,
        // as after the panic hook ran.
        assert!(!ACTIVE.load(Ordering::SeqCst));
        let terminal = Terminal::new(TestBackend::new(40, 10)).unwrap();
        let (snapshots, receiver) = mpsc::channel::<MetricsSnapshot>();
        let (done, finished) = mpsc::channel();
        std::thread::spawn(move || {
            let on_interrupt: InterruptHandler = Box::new(|| {});
            draw_loop(terminal, View::new("t", true), &receiver, &on_interrupt);
            let _ = done.send(());
        });
        let ended = finished.recv_timeout(Duration::from_secs(5));
        drop(snapshots);
        assert!(
            ended.is_ok(),
            "the loop went on with its snapshots still coming"
        );
    }
}
