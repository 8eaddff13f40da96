//! The reference matchmaker over real HTTP on loopback.

mod backend_support;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use backend_support::*;
use matchbench::api::{Role, Ticket, TicketStatus};
use matchbench::backend::matchmaker::MAX_WAIT;
use matchbench::backend::{Backend, BackendOptions};
use reqwest::StatusCode;
use serde_json::json;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

#[tokio::test]
async fn a_killer_and_four_survivors_form_a_match_and_the_last_one_learns_it_at_once() {
    let backend = backend().await;
    let client = client();
    let killer = queue(&client, &backend, player("k-1", "killer")).await;
    assert_eq!(killer.status, TicketStatus::Queued);
    for n in 1..=3 {
        let ticket = queue(&client, &backend, player(&format!("s-{n}"), "survivor")).await;
        assert_eq!(ticket.status, TicketStatus::Queued);
    }
    let last = queue(&client, &backend, player("s-4", "survivor")).await;

    assert_eq!(last.status, TicketStatus::Matched);
    let formed = last.matched.expect("the match");
    assert_eq!(formed.killer, "k-1");
    assert_eq!(formed.survivors, ["s-1", "s-2", "s-3", "s-4"]);
    let seen = get_ticket(&client, &backend, &killer.ticket_id, 0).await;
    assert_eq!(seen.matched.map(|m| m.match_id), Some(formed.match_id));
    backend.shutdown().await;
}

#[tokio::test]
async fn a_waiting_long_poll_is_answered_as_soon_as_its_match_forms() {
    let backend = Arc::new(backend().await);
    let client = client();
    let killer = queue(&client, &backend, player("k-1", "killer")).await;
    for n in 1..=3 {
        queue(&client, &backend, player(&format!("s-{n}"), "survivor")).await;
    }
    let waiting = {
        let (client, backend, id) = (client.clone(), backend.clone(), killer.ticket_id.clone());
        tokio::spawn(async move {
            let ticket = get_ticket(&client, &backend, &id, 20_000).await;
            (ticket, Instant::now())
        })
    };
    until_parked(&client, &backend, 1).await;
    queue(&client, &backend, player("s-4", "survivor")).await;
    let matched_at = Instant::now();

    let (ticket, answered_at) = waiting.await.expect("the poll finishes");
    assert_eq!(ticket.status, TicketStatus::Matched);
    let delay = answered_at.saturating_duration_since(matched_at);
    assert!(
        delay < Duration::from_millis(500),
        "answered {delay:?} after the match"
    );
}

#[tokio::test]
async fn a_created_ticket_answers_201_with_its_location() {
    let backend = backend().await;
    let client = client();
    let answer = post_ticket(&client, &backend, player("s-1", "survivor")).await;
    assert_eq!(answer.status(), StatusCode::CREATED);
    let location = answer.headers().get("location").cloned();
    let ticket: Ticket = answer.json().await.expect("a ticket");
    let expected = format!("/v1/tickets/{}", ticket.ticket_id);
    assert_eq!(
        location.as_ref().map(|v| v.as_bytes()),
        Some(expected.as_bytes())
    );
    let at_location = client
        .get(url(backend.matchmaker_url(), &expected))
        .send()
        .await
        .expect("an answer");
    let seen: Ticket = at_location.json().await.expect("the ticket");
    assert_eq!(seen.ticket_id, ticket.ticket_id);
    backend.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn a_wait_far_past_the_cap_is_accepted_and_answered_when_the_cap_runs_out() {
    let backend = backend().await;
    let client = client();
    let lonely = queue(&client, &backend, player("s-1", "survivor")).await;
    let asked = tokio::time::Instant::now();
    let poll = get_ticket(&client, &backend, &lonely.ticket_id, u64::MAX);
    let seen = tokio::time::timeout(MAX_WAIT * 2, poll)
        .await
        .expect("answered by the cap");
    let waited = asked.elapsed();
    assert_eq!(seen.status, TicketStatus::Queued);
    // The paused clock jumps from timer to timer; the ticker's are 100 ms apart.
    assert!(
        (MAX_WAIT..MAX_WAIT + Duration::from_secs(1)).contains(&waited),
        "answered after {waited:?}"
    );
    backend.shutdown().await;
}

#[tokio::test]
async fn a_long_poll_on_a_lonely_ticket_answers_queued_after_its_wait() {
    let backend = backend().await;
    let client = client();
    let ticket = queue(&client, &backend, player("s-1", "survivor")).await;
    let started = Instant::now();
    let seen = get_ticket(&client, &backend, &ticket.ticket_id, 300).await;
    assert_eq!(seen.status, TicketStatus::Queued);
    assert!(started.elapsed() >= Duration::from_millis(290));
    backend.shutdown().await;
}

#[tokio::test]
async fn ten_thousand_players_form_exactly_two_thousand_full_matches() {
    let backend = Arc::new(backend().await);
    let client = client();
    let create = |role: &'static str| {
        let (client, backend) = (client.clone(), backend.clone());
        move |n: usize| {
            let (client, backend) = (client.clone(), backend.clone());
            async move { queue(&client, &backend, player(&format!("{role}-{n}"), role)).await }
        }
    };
    // Without killers no match can form: all 8,000 survivors wait at once.
    let survivors = bounded(0..8_000, create("survivor")).await;
    assert!(survivors.iter().all(|t| t.status == TicketStatus::Queued));
    let stats = matchmaker_stats(&client, &backend).await;
    assert_eq!((stats.queued.survivor, stats.queued.killer), (8_000, 0));
    let killers = bounded(0..2_000, create("killer")).await;
    assert!(killers.iter().all(|t| t.status == TicketStatus::Matched));

    let ids = survivors
        .iter()
        .chain(&killers)
        .map(|t| t.ticket_id.clone());
    every_ticket_in_one_of_two_thousand_matches(&client, &backend, ids).await;
}

#[tokio::test]
async fn ten_thousand_players_arriving_mixed_form_exactly_two_thousand_full_matches() {
    let backend = Arc::new(backend().await);
    let client = client();
    // One stream, a killer after every four survivors, 64 joins in flight:
    // matches form while players still arrive, completed by either role.
    let join = |n: usize| {
        let (client, backend) = (client.clone(), backend.clone());
        let role = if n % 5 == 4 { "killer" } else { "survivor" };
        async move { queue(&client, &backend, player(&format!("p-{n}"), role)).await }
    };
    let joined = bounded(0..10_000, join).await;
    let ids = joined.into_iter().map(|t| t.ticket_id);
    every_ticket_in_one_of_two_thousand_matches(&client, &backend, ids).await;
}

/// Long-polls the 10,000 tickets `ids` and checks that each is in exactly
/// one full match, of the 2,000 the matchmaker formed, with nobody left queued.
async fn every_ticket_in_one_of_two_thousand_matches(
    client: &reqwest::Client,
    backend: &Arc<Backend>,
    ids: impl IntoIterator<Item = String>,
) {
    let poll = |id: String| {
        let (client, backend) = (client.clone(), backend.clone());
        async move { get_ticket(&client, &backend, &id, 10_000).await }
    };
    let tickets = bounded(ids, poll).await;

    check_matches(&tickets);
    let stats = matchmaker_stats(client, backend).await;
    assert_eq!(
        (stats.matches_formed, stats.tickets_created),
        (2_000, 10_000)
    );
    assert_eq!((stats.queued.survivor, stats.queued.killer), (0, 0));
}

/// Requests in flight at once when a test sends thousands.
const IN_FLIGHT: usize = 64;

/// Runs `request` on every input, [`IN_FLIGHT`] at a time, and returns every
/// answer, in no particular order.
async fn bounded<I, F, Fut>(inputs: impl IntoIterator<Item = I>, request: F) -> Vec<Fut::Output>
where
    F: Fn(I) -> Fut,
    Fut: Future + Send + 'static,
    Fut::Output: Send,
{
    let limit = Arc::new(Semaphore::new(IN_FLIGHT));
    let mut requests = JoinSet::new();
    for input in inputs {
        let permit = Arc::clone(&limit)
            .acquire_owned()
            .await
            .expect("the semaphore stays open");
        let sent = request(input);
        requests.spawn(async move {
            let answer = sent.await;
            drop(permit);
            answer
        });
    }
    requests.join_all().await
}

/// Every ticket is matched, in exactly one full match, in its own role.
fn check_matches(tickets: &[Ticket]) {
    let mut matches = HashMap::new();
    for ticket in tickets {
        assert_eq!(ticket.status, TicketStatus::Matched, "{}", ticket.player_id);
        let formed = ticket
            .matched
            .clone()
            .expect("a matched ticket carries its match");
        let in_role = match ticket.role {
            Role::Killer => formed.killer == ticket.player_id,
            Role::Survivor => formed.survivors.contains(&ticket.player_id),
        };
        assert!(
            in_role,
            "{} is not in its match as {:?}",
            ticket.player_id, ticket.role
        );
        matches.insert(formed.match_id.clone(), formed);
    }
    assert_eq!(matches.len(), 2_000);
    let mut seen = HashSet::new();
    for formed in matches.values() {
        assert_eq!(formed.survivors.len(), 4);
        for member in formed.survivors.iter().chain([&formed.killer]) {
            assert!(seen.insert(member.clone()), "{member} is in two matches");
        }
    }
    assert_eq!(seen.len(), 10_000);
}

#[tokio::test]
async fn a_cancel_racing_the_match_either_wins_or_is_refused_never_both() {
    let backend = Arc::new(backend().await);
    let client = client();
    for round in 0..100 {
        let region = format!("r-{round}");
        let body = |id: &str, role: &str| json!({"player_id": id, "role": role, "region": region});
        queue(&client, &backend, body(&format!("k-{round}"), "killer")).await;
        let mut racer = None;
        for n in 0..3 {
            let ticket = queue(
                &client,
                &backend,
                body(&format!("s-{round}-{n}"), "survivor"),
            )
            .await;
            racer = Some(ticket.ticket_id);
        }
        let racer = racer.expect("three survivors queued");
        let cancel_url = url(backend.matchmaker_url(), &format!("v1/tickets/{racer}"));
        let cancel = client.delete(cancel_url).send();
        let completing = post_ticket(&client, &backend, body(&format!("s-{round}-x"), "survivor"));
        let (cancel, completing) = tokio::join!(cancel, completing);
        let cancel = cancel.expect("the cancel is answered").status();
        let completing: Ticket = completing.json().await.expect("a ticket");

        let raced = get_ticket(&client, &backend, &racer, 0).await;
        if cancel == StatusCode::NO_CONTENT {
            assert_eq!(raced.status, TicketStatus::Cancelled);
            assert_eq!(completing.status, TicketStatus::Queued);
        } else {
            assert_eq!(cancel, StatusCode::CONFLICT);
            assert_eq!(raced.status, TicketStatus::Matched);
            let formed = completing
                .matched
                .expect("the completing ticket is matched");
            assert!(formed.survivors.contains(&raced.player_id));
        }
    }
}

#[tokio::test]
async fn cancelling_twice_is_fine_and_a_matched_ticket_cannot_be_cancelled() {
    let backend = backend().await;
    let client = client();
    let lonely = queue(&client, &backend, player("s-0", "survivor")).await;
    let lonely_url = url(
        backend.matchmaker_url(),
        &format!("v1/tickets/{}", lonely.ticket_id),
    );
    for _ in 0..2 {
        let answer = client
            .delete(lonely_url.clone())
            .send()
            .await
            .expect("an answer");
        assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    }
    let seen = get_ticket(&client, &backend, &lonely.ticket_id, 1_000).await;
    assert_eq!(seen.status, TicketStatus::Cancelled);

    let killer = queue(&client, &backend, player("k-1", "killer")).await;
    for n in 1..=4 {
        queue(&client, &backend, player(&format!("s-{n}"), "survivor")).await;
    }
    let killer_url = url(
        backend.matchmaker_url(),
        &format!("v1/tickets/{}", killer.ticket_id),
    );
    let answer = client.delete(killer_url).send().await.expect("an answer");
    assert_eq!(error_code(answer, StatusCode::CONFLICT).await, "conflict");
}

#[tokio::test]
async fn players_of_different_regions_never_meet() {
    let backend = backend().await;
    let client = client();
    let in_region = |id: &str, role: &str, region: &str| json!({"player_id": id, "role": role, "region": region});
    queue(&client, &backend, in_region("k-eu", "killer", "eu")).await;
    for n in 0..4 {
        let ticket = queue(
            &client,
            &backend,
            in_region(&format!("s-{n}"), "survivor", "na"),
        )
        .await;
        assert_eq!(ticket.status, TicketStatus::Queued);
    }
    let completing = queue(&client, &backend, in_region("k-na", "killer", "na")).await;
    let formed = completing.matched.expect("the na players meet");
    assert_eq!(formed.killer, "k-na");
}

#[tokio::test]
async fn ranked_players_far_apart_in_mmr_do_not_meet_at_first() {
    let backend = backend().await;
    let client = client();
    let ranked =
        |id: &str, role: &str, mmr: u32| json!({"player_id": id, "role": role, "mmr": mmr});
    queue(&client, &backend, ranked("k-low", "killer", 1_000)).await;
    for n in 0..4 {
        let ticket = queue(
            &client,
            &backend,
            ranked(&format!("s-{n}"), "survivor", 3_000),
        )
        .await;
        assert_eq!(ticket.status, TicketStatus::Queued);
    }
    let completing = queue(&client, &backend, ranked("k-high", "killer", 3_050)).await;
    let formed = completing.matched.expect("the near players meet");
    assert_eq!(formed.killer, "k-high");
}

#[tokio::test]
async fn a_full_queue_sheds_load_with_retry_after() {
    let options = BackendOptions {
        max_queued: 3,
        ..BackendOptions::default()
    };
    let backend = backend_with(options).await;
    let client = client();
    for n in 0..3 {
        queue(&client, &backend, player(&format!("s-{n}"), "survivor")).await;
    }
    let answer = post_ticket(&client, &backend, player("s-3", "survivor")).await;
    assert_eq!(
        answer.headers().get("retry-after").map(|v| v.as_bytes()),
        Some(&b"1"[..])
    );
    assert_eq!(
        error_code(answer, StatusCode::SERVICE_UNAVAILABLE).await,
        "overloaded"
    );
}

#[tokio::test]
async fn a_ticket_left_waiting_past_the_queue_timeout_expires_and_its_long_poll_hears_it() {
    let options = BackendOptions {
        queue_timeout: Duration::from_secs(1),
        ..BackendOptions::default()
    };
    let backend = backend_with(options).await;
    let client = client();
    let lonely = queue(&client, &backend, player("s-1", "survivor")).await;
    let asked = Instant::now();
    let answer = get_ticket(&client, &backend, &lonely.ticket_id, 20_000).await;
    assert_eq!(answer.status, TicketStatus::Expired);
    assert!(
        asked.elapsed() < Duration::from_secs(10),
        "{:?}",
        asked.elapsed()
    );
    let stats = matchmaker_stats(&client, &backend).await;
    assert_eq!(stats.queued.survivor, 0);
    // The player may queue again at once.
    let again = queue(&client, &backend, player("s-1", "survivor")).await;
    assert_eq!(again.status, TicketStatus::Queued);
    backend.shutdown().await;
}

#[tokio::test]
async fn a_player_with_a_queued_ticket_is_told_which_one_it_holds() {
    let backend = backend().await;
    let client = client();
    let held = queue(&client, &backend, player("s-1", "survivor")).await;
    let answer = post_ticket(&client, &backend, player("s-1", "killer")).await;
    assert_eq!(answer.status(), StatusCode::CONFLICT);
    let body: matchbench::api::ErrorBody = answer.json().await.expect("an error body");
    assert_eq!(body.error.code, "conflict");
    assert_eq!(body.error.ticket_id, Some(held.ticket_id));
}

#[tokio::test]
async fn shutting_down_answers_waiting_long_polls_at_once() {
    let backend = backend().await;
    let client = client();
    let ticket = queue(&client, &backend, player("s-1", "survivor")).await;
    let target = url(
        backend.matchmaker_url(),
        &format!("v1/tickets/{}?wait_ms=30000", ticket.ticket_id),
    );
    let poll = tokio::spawn(client.get(target).send());
    until_parked(&client, &backend, 1).await;

    let started = Instant::now();
    backend.shutdown().await;
    let answer = poll
        .await
        .expect("the poll task ends")
        .expect("the poll is answered");
    assert_eq!(answer.status(), StatusCode::OK);
    let seen: Ticket = answer.json().await.expect("a ticket");
    assert_eq!(seen.status, TicketStatus::Queued);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
}
