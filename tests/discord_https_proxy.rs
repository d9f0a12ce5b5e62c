//! The bot through `HTTPS_PROXY` (CONNECT + TLS with a private CA given as `ca_file`), with
//! serenity's own rate limiter honouring 429s. A separate test binary because `HTTPS_PROXY`
//! is process-wide: this binary holds exactly one test.

mod support;

use std::time::Duration;

use serde_json::json;
use support::barrier::{barrier, posts_between};
use support::fake_discord::{FakeConfig, FakeDiscord};

const T: Duration = Duration::from_secs(30);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rest_through_https_proxy_with_ca_file_honours_429() {
    support::bot::init_logs();
    let fake = FakeDiscord::start(FakeConfig::default()).await;
    for var in [
        "NO_PROXY",
        "no_proxy",
        "ALL_PROXY",
        "all_proxy",
        "HTTP_PROXY",
        "http_proxy",
    ] {
        std::env::remove_var(var);
    }
    std::env::set_var("HTTPS_PROXY", fake.https_proxy_url());

    let mut config = support::bot::config(&fake);
    config.discord.ca_file = Some(fake.ca_pem_path());
    let engine = support::bot::engine(&config);
    let bot = tokio::spawn(factbot::discord::run(
        config,
        engine,
        factbot::discord::Token::new(fake.token()).unwrap(),
    ));

    assert!(fake.wait_for_ready(0, T).await, "ready through the proxy");
    fake.wait_for(|r| r.method == "PUT" && r.route.ends_with("/commands"), T)
        .await
        .expect("commands registered");
    assert!(
        fake.proxy_connects()
            .iter()
            .any(|c| c.starts_with("discord.com:443")),
        "{:?}",
        fake.proxy_connects()
    );
    assert!(
        fake.requests().iter().all(|r| r.via_tls),
        "every REST call went through CONNECT + TLS"
    );

    let general = fake.channel_id("general");
    let route = format!("/channels/{general}/messages");
    let bob = fake.user("bob");
    let bot_id = json!(fake.bot_user().id.to_string());
    // The bot's stored messages that reply to message `id`.
    let replies_to = |id: u64| {
        fake.messages_in(general)
            .into_iter()
            .filter(|m| {
                m["author"]["id"] == bot_id
                    && m["message_reference"]["message_id"] == json!(id.to_string())
            })
            .count()
    };

    for (n, global) in [(1, false), (2, false), (1, true)] {
        let since = fake.request_count();
        fake.rate_limit_next_matching(n, 0.5, global, "/messages");
        let asked = fake.send_message(general, &bob, "!sources");
        fake.wait_for_since(since, |r| r.is("POST", &route) && r.status == 200, T)
            .await
            .expect("the reply went out after the 429s");
        // A retry sent twice would be recorded before the sentinel's reply.
        let b = barrier(&fake, general, &bob).await;
        let posts = posts_between(&fake, general, since, b);
        let limited = posts.iter().filter(|r| r.status == 429).count();
        let ok = posts.iter().filter(|r| r.status == 200).count();
        assert_eq!(
            (limited, ok),
            (n, 1),
            "{n} x 429 (global {global}) then exactly one reply"
        );
        let first = posts.first().unwrap().at;
        let last = posts.last().unwrap().at;
        assert!(
            last.duration_since(first) >= Duration::from_millis(400),
            "waited for retry_after"
        );
        assert_eq!(replies_to(asked), 1, "no reply lost or sent twice");
    }
    bot.abort();
}
