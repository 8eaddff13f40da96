//! Secrets never reach a report: header values, variables, and credentials
//! in target URLs.

mod support;

use std::time::Duration;

use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;
use support::cli::*;

#[test]
fn secrets_never_reach_a_report() {
    let (_runtime, backend) = running_backend();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    let file = scenario(
        dir.path(),
        "name: secret\nduration: 1s\nplayers: {survivors: 4, killers: 1}\n\
         target:\n  matchmaker: ${SECRET_MATCHMAKER}\n  store: ${SECRET_STORE}\n\
         http:\n  headers:\n    Authorization: \"Bearer ${GAME_TOKEN}\"\n    X-Api-Key: literal-key-42\n",
    );
    bench()
        .env("SECRET_MATCHMAKER", backend.matchmaker_url().as_str())
        .env("SECRET_STORE", backend.store_url().as_str())
        .env("GAME_TOKEN", "expanded-token-17")
        .args(["run", "--no-dashboard", "--out"])
        .arg(&out)
        .arg(&file)
        .assert()
        .code(0);
    for name in [
        "summary.json",
        "summary.csv",
        "timeseries.csv",
        "report.html",
    ] {
        let text = std::fs::read_to_string(out.join(name)).unwrap();
        assert!(
            !text.contains("expanded-token-17"),
            "{name} holds an expanded secret"
        );
        assert!(
            !text.contains("literal-key-42"),
            "{name} holds a header value"
        );
    }
    let port = backend.matchmaker_url().port().unwrap().to_string();
    let summary = std::fs::read_to_string(out.join("summary.json")).unwrap();
    assert!(
        !summary.contains(&port),
        "the target's expanded URL is not recorded"
    );
    assert!(
        summary.contains("${SECRET_MATCHMAKER}"),
        "the target as written is recorded"
    );
    assert!(
        summary.contains("Bearer ${GAME_TOKEN}"),
        "the unexpanded text is kept"
    );
}

#[test]
fn credentials_in_a_target_url_never_reach_a_report_or_the_logs() {
    let (_runtime, backend) = running_backend();
    let with_secret = |url: &url::Url| {
        let mut url = url.clone();
        url.set_username("user").unwrap();
        url.set_password(Some("secret-pass-93")).unwrap();
        url
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    let history = dir.path().join("history.csv");
    let output = bench()
        .args(["run", "-v", "--no-dashboard", "--matchmaker"])
        .arg(with_secret(backend.matchmaker_url()).as_str())
        .arg("--store")
        .arg(with_secret(backend.store_url()).as_str())
        .arg("--append-csv")
        .arg(&history)
        .arg("--out")
        .arg(&out)
        .arg(tiny(dir.path()))
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));

    let mut texts = files_in(&out);
    texts.push((
        "history.csv".into(),
        std::fs::read_to_string(&history).unwrap(),
    ));
    texts.push(("stdout".into(), String::from_utf8(output.stdout).unwrap()));
    texts.push(("stderr".into(), String::from_utf8(output.stderr).unwrap()));
    assert_eq!(texts.len(), 4 + 3, "every report was read");
    for (name, text) in &texts {
        assert!(
            !text.contains("secret-pass-93"),
            "{name} holds the password"
        );
        assert!(!text.contains("user@"), "{name} holds the username");
    }
    let summary = read_summary(&out);
    assert_eq!(summary.target.matchmaker, backend.matchmaker_url().as_str());
    assert_eq!(
        summary.scenario["target"]["store"],
        backend.store_url().as_str()
    );
}

#[test]
fn credentials_in_a_target_url_written_in_the_scenario_are_not_recorded() {
    let (_runtime, backend) = running_backend();
    let port = |url: &url::Url| url.port().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    let file = scenario(
        dir.path(),
        &format!(
            "name: literal\nduration: 1s\nplayers: {{survivors: 4, killers: 1}}\n\
             target:\n  matchmaker: http://user:secret-pass-94@127.0.0.1:{}/\n  \
             store: http://127.0.0.1:{}/?token=secret-token-95\n",
            port(backend.matchmaker_url()),
            port(backend.store_url()),
        ),
    );
    bench()
        .args(["run", "--no-dashboard", "--out"])
        .arg(&out)
        .arg(&file)
        .timeout(Duration::from_secs(30))
        .assert()
        .code(0)
        .stdout(contains("secret").not());
    for (name, text) in files_in(&out) {
        assert!(!text.contains("secret"), "{name} holds a secret");
    }
    let summary = read_summary(&out);
    assert_eq!(summary.target.matchmaker, backend.matchmaker_url().as_str());
    assert_eq!(
        summary.scenario["target"]["store"],
        format!("{}?token=<redacted>", backend.store_url())
    );
}

#[test]
fn secrets_in_the_defaults_of_variables_never_reach_a_report_or_a_message() {
    let (_runtime, backend) = running_backend();
    let port = |url: &url::Url| url.port().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    let body = |matchmaker_port: u16| {
        format!(
            "name: defaults\nduration: 1s\nplayers: {{survivors: 4, killers: 1}}\n\
             target:\n  matchmaker: ${{UNSET_MM:-http://bench:hunter2@127.0.0.1:{matchmaker_port}/}}\n  \
             store: ${{UNSET_STORE:-http://127.0.0.1:{}/}}\n\
             http:\n  headers:\n    Authorization: \"Bearer ${{UNSET_TOKEN:-sk_live_123}}\"\n",
            port(backend.store_url()),
        )
    };
    let file = scenario(dir.path(), &body(port(backend.matchmaker_url())));
    let output = bench()
        .env_remove("UNSET_MM")
        .env_remove("UNSET_STORE")
        .env_remove("UNSET_TOKEN")
        .args(["run", "-v", "--no-dashboard", "--out"])
        .arg(&out)
        .arg(&file)
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let mut texts = files_in(&out);
    texts.push(("stdout".into(), String::from_utf8(output.stdout).unwrap()));
    texts.push(("stderr".into(), String::from_utf8(output.stderr).unwrap()));
    for (name, text) in &texts {
        assert!(!text.contains("hunter2"), "{name} holds the password");
        assert!(!text.contains("sk_live_123"), "{name} holds the token");
    }
    let summary = read_summary(&out);
    assert_eq!(
        summary.scenario["http"]["headers"]["Authorization"],
        "Bearer ${UNSET_TOKEN:-<redacted>}"
    );

    // Unreachable, the target is named in the error without its password.
    let file = scenario(dir.path(), &body(unreachable().port().unwrap()));
    bench()
        .env_remove("UNSET_MM")
        .env_remove("UNSET_STORE")
        .env_remove("UNSET_TOKEN")
        .args(["run", "--no-dashboard", "--out"])
        .arg(dir.path().join("unreachable"))
        .arg(&file)
        .timeout(Duration::from_secs(30))
        .assert()
        .code(3)
        .stderr(contains("${UNSET_MM:-http://127.0.0.1:").and(contains("hunter2").not()));
}
