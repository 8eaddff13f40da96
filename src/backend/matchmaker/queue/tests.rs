//! The queue's rules, on tokio's paused clock.

use std::time::Duration;

use tokio::time::{Instant, advance};

use super::*;

fn ticket(player: &str, role: Role, mmr: Option<u32>, region: Option<&str>) -> CreateTicket {
    CreateTicket {
        player_id: player.to_owned(),
        role,
        mmr,
        region: region.map(str::to_owned),
    }
}

fn ranked(player: &str, role: Role, mmr: u32) -> CreateTicket {
    ticket(player, role, Some(mmr), None)
}

fn status(queue: &Queue, id: &str) -> Option<TicketStatus> {
    queue.view(ticket_number(id)?).map(|ticket| ticket.status)
}

#[test]
fn ticket_ids_round_trip_and_foreign_ids_are_unknown() {
    assert_eq!(ticket_number(&ticket_id(0xbeef)), Some(0xbeef));
    for foreign in ["t-", "t-+1", "t-01", "x-1", "t-zz", "1"] {
        assert_eq!(ticket_number(foreign), None, "{foreign}");
    }
}

#[tokio::test(start_paused = true)]
async fn unranked_players_are_matched_first_come_first_served() {
    let mut queue = Queue::new(100, DEFAULT_QUEUE_TIMEOUT);
    for n in 0..5 {
        let created = queue.create(
            ticket(&format!("s-{n}"), Role::Survivor, None, None),
            Instant::now(),
        );
        assert_eq!(created.map(|t| t.status), Ok(TicketStatus::Queued));
    }
    let formed = queue.create(ticket("k", Role::Killer, None, None), Instant::now());
    let info = formed.ok().and_then(|t| t.matched).expect("a match");
    assert_eq!(info.survivors, ["s-0", "s-1", "s-2", "s-3"]);
    assert_eq!(
        queue.queued(),
        QueuedCounts {
            survivor: 1,
            killer: 0
        }
    );
}

#[tokio::test(start_paused = true)]
async fn ranked_windows_widen_with_waiting_until_anyone_will_do() {
    let mut queue = Queue::new(100, DEFAULT_QUEUE_TIMEOUT);
    let killer = queue.create(ranked("k", Role::Killer, 1_000), Instant::now());
    let killer = killer.map(|t| t.ticket_id).expect("queued");
    for (n, mmr) in [1_000, 1_050, 1_100, 1_500].into_iter().enumerate() {
        let created = queue.create(
            ranked(&format!("s-{n}"), Role::Survivor, mmr),
            Instant::now(),
        );
        assert_eq!(created.map(|t| t.status), Ok(TicketStatus::Queued));
    }

    // No anchor sees all five within 350 (the window from 25 s); at 30 s any will do.
    advance(Duration::from_secs(29)).await;
    queue.tick(Instant::now());
    assert_eq!(status(&queue, &killer), Some(TicketStatus::Queued));
    advance(Duration::from_secs(1)).await;
    queue.tick(Instant::now());
    assert_eq!(status(&queue, &killer), Some(TicketStatus::Matched));
    assert_eq!(queue.matches_formed(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_widened_window_lets_nearer_players_meet_after_five_seconds() {
    let mut queue = Queue::new(100, DEFAULT_QUEUE_TIMEOUT);
    let start = Instant::now();
    queue
        .create(ranked("k", Role::Killer, 1_000), start)
        .expect("queued");
    for n in 0..4 {
        queue
            .create(ranked(&format!("s-{n}"), Role::Survivor, 1_140), start)
            .expect("queued");
    }
    assert_eq!(queue.matches_formed(), 0);
    advance(Duration::from_secs(5)).await;
    queue.tick(Instant::now());
    assert_eq!(queue.matches_formed(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_player_who_waited_long_enough_is_matched_with_newcomers() {
    let mut queue = Queue::new(100, DEFAULT_QUEUE_TIMEOUT);
    let veteran = queue.create(ranked("old", Role::Survivor, 9_000), Instant::now());
    let veteran = veteran.map(|t| t.ticket_id).expect("queued");
    advance(Duration::from_secs(31)).await;
    queue.tick(Instant::now());

    queue
        .create(ranked("k", Role::Killer, 1_000), Instant::now())
        .expect("queued");
    for n in 0..3 {
        queue
            .create(
                ranked(&format!("s-{n}"), Role::Survivor, 1_000),
                Instant::now(),
            )
            .expect("queued");
    }
    assert_eq!(status(&queue, &veteran), Some(TicketStatus::Matched));
}

#[tokio::test(start_paused = true)]
async fn regions_never_mix_even_after_windows_open() {
    let mut queue = Queue::new(100, DEFAULT_QUEUE_TIMEOUT);
    queue
        .create(
            ticket("k", Role::Killer, Some(1_000), Some("eu")),
            Instant::now(),
        )
        .expect("queued");
    for n in 0..4 {
        let body = ticket(&format!("s-{n}"), Role::Survivor, Some(1_000), Some("na"));
        queue.create(body, Instant::now()).expect("queued");
    }
    advance(Duration::from_secs(60)).await;
    queue.tick(Instant::now());
    assert_eq!(queue.matches_formed(), 0);
    assert_eq!(
        queue.queued(),
        QueuedCounts {
            survivor: 4,
            killer: 1
        }
    );
}

#[tokio::test(start_paused = true)]
async fn finished_tickets_stay_readable_for_a_minute_then_expire() {
    let mut queue = Queue::new(100, DEFAULT_QUEUE_TIMEOUT);
    let id = queue.create(ticket("s", Role::Survivor, None, None), Instant::now());
    let id = id.map(|t| t.ticket_id).expect("queued");
    let n = ticket_number(&id).expect("our id");
    assert_eq!(queue.cancel(n, Instant::now()), Ok(()));
    advance(Duration::from_secs(59)).await;
    queue.tick(Instant::now());
    assert_eq!(status(&queue, &id), Some(TicketStatus::Cancelled));
    advance(Duration::from_secs(2)).await;
    queue.tick(Instant::now());
    assert_eq!(status(&queue, &id), None);
    assert_eq!(queue.cancel(n, Instant::now()), Err(CancelError::Unknown));
}

#[tokio::test(start_paused = true)]
async fn a_player_may_queue_again_once_matched_or_cancelled() {
    let mut queue = Queue::new(100, DEFAULT_QUEUE_TIMEOUT);
    let first = queue.create(ticket("s", Role::Survivor, None, None), Instant::now());
    let first = first.map(|t| t.ticket_id).expect("queued");
    let again = queue.create(ticket("s", Role::Killer, None, None), Instant::now());
    assert_eq!(again, Err(Refusal::Conflict(first.clone())));
    let n = ticket_number(&first).expect("our id");
    queue.cancel(n, Instant::now()).expect("cancelled");
    assert!(
        queue
            .create(ticket("s", Role::Killer, None, None), Instant::now())
            .is_ok()
    );
}

#[tokio::test(start_paused = true)]
async fn a_full_queue_refuses_new_tickets() {
    let mut queue = Queue::new(2, DEFAULT_QUEUE_TIMEOUT);
    for n in 0..2 {
        queue
            .create(
                ticket(&format!("s-{n}"), Role::Survivor, None, None),
                Instant::now(),
            )
            .expect("queued");
    }
    let refused = queue.create(ticket("s-2", Role::Survivor, None, None), Instant::now());
    assert_eq!(refused, Err(Refusal::Full(2)));
}

#[tokio::test(start_paused = true)]
async fn emptied_pools_are_dropped_so_one_off_regions_do_not_pile_up() {
    let mut queue = Queue::new(100, DEFAULT_QUEUE_TIMEOUT);
    for n in 0..50 {
        let region = format!("r-{n}");
        let body = ticket(&format!("s-{n}"), Role::Survivor, None, Some(&region));
        let id = queue
            .create(body, Instant::now())
            .map(|t| t.ticket_id)
            .expect("queued");
        let number = ticket_number(&id).expect("our id");
        queue.cancel(number, Instant::now()).expect("cancelled");
    }
    assert!(queue.pools.is_empty());
}

#[tokio::test(start_paused = true)]
async fn tickets_queued_past_the_timeout_expire_and_leave_the_queue() {
    let timeout = Duration::from_secs(90);
    let mut queue = Queue::new(100, timeout);
    let old = queue.create(ranked("old", Role::Survivor, 500), Instant::now());
    let old = old.map(|t| t.ticket_id).expect("queued");
    advance(Duration::from_secs(30)).await;
    let young = queue.create(ticket("young", Role::Killer, None, None), Instant::now());
    let young = young.map(|t| t.ticket_id).expect("queued");

    advance(timeout - Duration::from_secs(30) - Duration::from_millis(1)).await;
    queue.tick(Instant::now());
    assert_eq!(status(&queue, &old), Some(TicketStatus::Queued));

    advance(Duration::from_millis(1)).await;
    queue.tick(Instant::now());
    assert_eq!(status(&queue, &old), Some(TicketStatus::Expired));
    assert_eq!(status(&queue, &young), Some(TicketStatus::Queued));
    assert_eq!(
        queue.queued(),
        QueuedCounts {
            survivor: 0,
            killer: 1
        }
    );
    // Gone from its pool: a killer and three survivors beside its mmr wait
    // for a fourth, who can be the expired player queueing again.
    queue
        .create(ranked("k", Role::Killer, 500), Instant::now())
        .expect("queued");
    for n in 0..3 {
        let created = queue.create(
            ranked(&format!("s-{n}"), Role::Survivor, 500),
            Instant::now(),
        );
        assert_eq!(created.map(|t| t.status), Ok(TicketStatus::Queued));
    }
    let n = ticket_number(&old).expect("our id");
    assert_eq!(queue.cancel(n, Instant::now()), Ok(()));
    let again = queue.create(ranked("old", Role::Survivor, 500), Instant::now());
    assert_eq!(again.map(|t| t.status), Ok(TicketStatus::Matched));

    advance(KEEP_FINISHED).await;
    queue.tick(Instant::now());
    assert_eq!(status(&queue, &old), None);
    assert_eq!(status(&queue, &young), Some(TicketStatus::Expired));
}

#[tokio::test(start_paused = true)]
async fn matched_and_cancelled_tickets_never_expire() {
    let timeout = Duration::from_secs(5);
    let mut queue = Queue::new(100, timeout);
    let mut ids = Vec::new();
    for n in 0..4 {
        let id = queue.create(
            ticket(&format!("s-{n}"), Role::Survivor, None, None),
            Instant::now(),
        );
        ids.push(id.map(|t| t.ticket_id).expect("queued"));
    }
    let gone = queue.create(ticket("s-x", Role::Survivor, None, None), Instant::now());
    let gone = gone.map(|t| t.ticket_id).expect("queued");
    queue
        .cancel(ticket_number(&gone).expect("our id"), Instant::now())
        .expect("cancelled");
    queue
        .create(ticket("k", Role::Killer, None, None), Instant::now())
        .expect("matched");

    advance(timeout * 2).await;
    queue.tick(Instant::now());
    for id in &ids {
        assert_eq!(status(&queue, id), Some(TicketStatus::Matched), "{id}");
    }
    assert_eq!(status(&queue, &gone), Some(TicketStatus::Cancelled));
    assert!(queue.waiting.is_empty());
}

#[tokio::test(start_paused = true)]
async fn a_timeout_too_long_for_the_clock_never_fires() {
    let mut queue = Queue::new(100, Duration::MAX);
    let id = queue.create(ticket("s", Role::Survivor, None, None), Instant::now());
    let id = id.map(|t| t.ticket_id).expect("queued");
    advance(Duration::from_secs(86_400)).await;
    queue.tick(Instant::now());
    assert_eq!(status(&queue, &id), Some(TicketStatus::Queued));
}
