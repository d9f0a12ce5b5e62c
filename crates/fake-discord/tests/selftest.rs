//! Tests of the fake Discord itself (the `fake-discord` crate), driven by raw clients
//! (reqwest, tokio-tungstenite) and by serenity's own HTTP client and gateway `Client`.

use std::io::Read;
use std::sync::Arc;
use std::time::{Duration, Instant};

use fake_discord::{
    intents, FakeConfig, FakeDiscord, FakeGuild, GatewayKind, GATEWAY_MESSAGE_CONTENT,
};
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use serenity::all as sy;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

const T: Duration = Duration::from_secs(5);
type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

// ------------------------------------------------------------------ raw gateway client

async fn ws_connect(fake: &FakeDiscord) -> Ws {
    // serenity builds the URL with url::Url, which normalises the empty path to "/".
    let url = format!("{}/?v=10&encoding=json", fake.gateway_url());
    tokio_tungstenite::connect_async(url)
        .await
        .expect("ws connect")
        .0
}

enum Frame {
    Json(Value, String),
    Closed(Option<u16>),
}

async fn ws_recv(ws: &mut Ws) -> Frame {
    loop {
        let m = tokio::time::timeout(T, ws.next())
            .await
            .expect("ws recv timed out");
        match m {
            Some(Ok(Message::Text(t))) => return Frame::Json(serde_json::from_str(&t).unwrap(), t),
            Some(Ok(Message::Binary(b))) => {
                let mut s = String::new();
                flate2::read::ZlibDecoder::new(&b[..])
                    .read_to_string(&mut s)
                    .expect("zlib");
                return Frame::Json(serde_json::from_str(&s).unwrap(), s);
            }
            Some(Ok(Message::Close(f))) => return Frame::Closed(f.map(|f| u16::from(f.code))),
            Some(Ok(_)) => continue,
            Some(Err(_)) | None => return Frame::Closed(None),
        }
    }
}

async fn ws_json(ws: &mut Ws) -> (Value, String) {
    match ws_recv(ws).await {
        Frame::Json(v, t) => (v, t),
        Frame::Closed(c) => panic!("connection closed ({c:?}) while waiting for a payload"),
    }
}

/// Next dispatch (skipping heartbeat ACKs); returns (payload, raw text).
async fn next_dispatch(ws: &mut Ws) -> (Value, String) {
    loop {
        let (v, t) = ws_json(ws).await;
        if v["op"] == 0 {
            return (v, t);
        }
    }
}

/// The raw text of the next INTERACTION_CREATE dispatch, skipping other dispatches.
async fn next_interaction(ws: &mut Ws) -> String {
    loop {
        let (v, raw) = next_dispatch(ws).await;
        if v["t"] == "INTERACTION_CREATE" {
            return raw;
        }
    }
}

async fn ws_send(ws: &mut Ws, v: Value) {
    ws.send(Message::Text(v.to_string())).await.unwrap();
}

fn identify(token: &str, shard: [u32; 2], intents: u64, compress: bool) -> Value {
    json!({"op": 2, "d": {
        "token": token, "intents": intents, "shard": shard, "compress": compress,
        "large_threshold": 250,
        "properties": {"os": "linux", "browser": "selftest", "device": "selftest"},
    }})
}

const ALL_MSG: u64 = intents::GUILDS | intents::GUILD_MESSAGES | intents::MESSAGE_CONTENT;

/// Connects, checks HELLO, identifies; returns (ws, READY d).
async fn identified(fake: &FakeDiscord, shard: [u32; 2], intents: u64) -> (Ws, Value) {
    let mut ws = ws_connect(fake).await;
    let (hello, _) = ws_json(&mut ws).await;
    assert_eq!(hello["op"], 10);
    ws_send(
        &mut ws,
        identify(&format!("Bot {}", fake.token()), shard, intents, false),
    )
    .await;
    let (ready, _) = next_dispatch(&mut ws).await;
    assert_eq!(ready["t"], "READY");
    (ws, ready["d"].clone())
}

/// Deserialise a dispatch exactly as serenity's shard does, and check the event name.
fn assert_serenity_parses(raw: &str, expected: &str) -> sy::Event {
    let ev: sy::GatewayEvent = serde_json::from_str(raw)
        .unwrap_or_else(|e| panic!("serenity rejects {expected}: {e}\n{raw}"));
    match ev {
        sy::GatewayEvent::Dispatch(_, event) => {
            assert_eq!(
                event.name().as_deref(),
                Some(expected),
                "serenity parsed {raw} as {event:?}"
            );
            event
        }
        other => panic!("expected dispatch {expected}, got {other:?}"),
    }
}

/// The HTTP status of a request serenity reports as unsuccessful (panics on other errors).
fn http_status(err: sy::Error) -> u16 {
    match err {
        sy::Error::Http(sy::HttpError::UnsuccessfulRequest(e)) => e.status_code.as_u16(),
        e => panic!("not an unsuccessful request: {e:?}"),
    }
}

fn serenity_http(fake: &FakeDiscord) -> sy::Http {
    sy::HttpBuilder::new(fake.token())
        .proxy(fake.api_base())
        .ratelimiter_disabled(true)
        // A serenity Client sets this from READY; a standalone Http needs it for webhooks.
        .application_id(sy::ApplicationId::new(fake.application_id()))
        .build()
}

// ------------------------------------------------------------------ gateway

#[tokio::test]
async fn gateway_hello_identify_ready_heartbeat_resume() {
    let fake = FakeDiscord::start(FakeConfig {
        heartbeat_interval_ms: 1234,
        ..Default::default()
    })
    .await;
    let mut ws = ws_connect(&fake).await;
    let (hello, raw) = ws_json(&mut ws).await;
    assert_eq!(hello["op"], 10);
    assert_eq!(hello["d"]["heartbeat_interval"], 1234);
    assert!(matches!(
        serde_json::from_str::<sy::GatewayEvent>(&raw).unwrap(),
        sy::GatewayEvent::Hello(1234)
    ));

    // heartbeat before identify is allowed
    ws_send(&mut ws, json!({"op": 1, "d": null})).await;
    let (ack, _) = ws_json(&mut ws).await;
    assert_eq!(ack["op"], 11);

    ws_send(&mut ws, identify(fake.token(), [0, 1], ALL_MSG, false)).await;
    let (ready, raw) = next_dispatch(&mut ws).await;
    assert_eq!(ready["t"], "READY");
    assert_eq!(ready["s"], 1);
    let d = &ready["d"];
    assert_eq!(d["v"], 10);
    assert_eq!(d["user"]["id"], fake.bot_user().id.to_string());
    assert_eq!(d["resume_gateway_url"], fake.gateway_url());
    assert_eq!(d["shard"], json!([0, 1]));
    assert_eq!(d["application"]["id"], fake.application_id().to_string());
    assert_eq!(
        d["guilds"][0],
        json!({"id": fake.guild_id().to_string(), "unavailable": true})
    );
    assert_serenity_parses(&raw, "READY");
    let session_id = d["session_id"].as_str().unwrap().to_string();

    let (gc, raw) = next_dispatch(&mut ws).await;
    assert_eq!(gc["t"], "GUILD_CREATE");
    assert_eq!(gc["s"], 2);
    match assert_serenity_parses(&raw, "GUILD_CREATE") {
        sy::Event::GuildCreate(g) => {
            assert_eq!(g.guild.id.get(), fake.guild_id());
            assert_eq!(g.guild.channels.len(), 2);
            assert_eq!(g.guild.members.len(), 3);
            assert_eq!(g.guild.roles.len(), 3);
        }
        e => panic!("{e:?}"),
    }

    ws_send(&mut ws, json!({"op": 1, "d": 2})).await;
    let (ack, _) = ws_json(&mut ws).await;
    assert_eq!(ack["op"], 11);
    assert!(fake.wait_for_ready(0, T).await);
    let id = fake.identifies().pop().unwrap();
    assert_eq!(id.payload["intents"], ALL_MSG);
    assert_eq!(id.payload["shard"], json!([0, 1]));
    assert_eq!(id.shard, Some([0, 1]));
    assert_eq!(fake.heartbeats().len(), 2);

    // Drop the TCP connection; events dispatched meanwhile are replayed on RESUME.
    assert_eq!(fake.drop_shard(0), 1);
    assert!(matches!(ws_recv(&mut ws).await, Frame::Closed(None)));
    // The client sees the drop before the fake has let go of the connection; a message sent
    // before that would go to the dead connection instead of the replay queue.
    assert!(fake.wait_for_disconnected(0, T).await);
    let alice = fake.user("alice");
    let mid = fake.send_message(fake.channel_id("general"), &alice, "missed while away");

    let mut ws = ws_connect(&fake).await;
    let _hello = ws_json(&mut ws).await;
    ws_send(
        &mut ws,
        json!({"op": 6, "d": {"token": fake.token(), "session_id": session_id, "seq": 2}}),
    )
    .await;
    let (replayed, raw) = next_dispatch(&mut ws).await;
    assert_eq!(replayed["t"], "MESSAGE_CREATE");
    assert_eq!(replayed["s"], 3);
    assert_eq!(replayed["d"]["id"], mid.to_string());
    assert_serenity_parses(&raw, "MESSAGE_CREATE");
    let (resumed, raw) = next_dispatch(&mut ws).await;
    assert_eq!(resumed["t"], "RESUMED");
    assert_serenity_parses(&raw, "RESUMED");
    assert_eq!(fake.resumes().len(), 1);
    assert!(fake.wait_for_ready(0, T).await);

    // Close with 4009 (not resumable): a RESUME then gets op 9 d=false.
    fake.close_shard(0, 4009, "Session timed out.");
    assert!(matches!(ws_recv(&mut ws).await, Frame::Closed(Some(4009))));
    let mut ws = ws_connect(&fake).await;
    let _hello = ws_json(&mut ws).await;
    ws_send(
        &mut ws,
        json!({"op": 6, "d": {"token": fake.token(), "session_id": session_id, "seq": 4}}),
    )
    .await;
    let (inv, raw) = ws_json(&mut ws).await;
    assert_eq!(inv, json!({"op": 9, "d": false, "s": null, "t": null}));
    assert!(matches!(
        serde_json::from_str::<sy::GatewayEvent>(&raw).unwrap(),
        sy::GatewayEvent::InvalidateSession(false)
    ));

    // Fault injection payloads.
    ws_send(&mut ws, identify(fake.token(), [0, 1], ALL_MSG, false)).await;
    assert!(fake.wait_for_ready(0, T).await);
    while next_dispatch(&mut ws).await.0["t"] != "GUILD_CREATE" {}
    fake.send_reconnect(0);
    assert_eq!(ws_json(&mut ws).await.0["op"], 7);
    fake.send_invalid_session(0, true);
    assert_eq!(
        ws_json(&mut ws).await.0,
        json!({"op": 9, "d": true, "s": null, "t": null})
    );
    fake.request_heartbeat(0);
    assert_eq!(ws_json(&mut ws).await.0["op"], 1);
    fake.close_shard(0, 4000, "Unknown error.");
    assert!(matches!(ws_recv(&mut ws).await, Frame::Closed(Some(4000))));
}

#[tokio::test]
async fn gateway_bad_token_closes_4004_and_rest_401() {
    let fake = FakeDiscord::start(FakeConfig::default()).await;
    let mut ws = ws_connect(&fake).await;
    let _hello = ws_json(&mut ws).await;
    ws_send(&mut ws, identify("Bot wrong.token", [0, 1], ALL_MSG, false)).await;
    assert!(matches!(ws_recv(&mut ws).await, Frame::Closed(Some(4004))));
    assert!(fake
        .wait_for_gateway(
            |r| r.kind == GatewayKind::ServerClosed && r.payload["code"] == 4004,
            T
        )
        .await
        .is_some());

    let http = sy::HttpBuilder::new("wrong.token")
        .proxy(fake.api_base())
        .ratelimiter_disabled(true)
        .build();
    let err = http.get_current_user().await.unwrap_err();
    assert_eq!(http_status(err), 401);
}

#[tokio::test]
async fn gateway_privileged_intent_without_flag_closes_4014() {
    let fake = FakeDiscord::start(FakeConfig {
        application_flags: 0,
        ..Default::default()
    })
    .await;
    let mut ws = ws_connect(&fake).await;
    let _hello = ws_json(&mut ws).await;
    ws_send(&mut ws, identify(fake.token(), [0, 1], ALL_MSG, false)).await;
    assert!(matches!(ws_recv(&mut ws).await, Frame::Closed(Some(4014))));

    // Without MESSAGE_CONTENT the identify works, but content of others' messages is blanked
    // unless the bot is mentioned.
    let (mut ws, _) = identified(&fake, [0, 1], intents::GUILDS | intents::GUILD_MESSAGES).await;
    let _gc = next_dispatch(&mut ws).await;
    let alice = fake.user("alice");
    let general = fake.channel_id("general");
    fake.send_message(general, &alice, "secret");
    let (m, _) = next_dispatch(&mut ws).await;
    assert_eq!(m["d"]["content"], "");
    fake.send_message(
        general,
        &alice,
        &format!("{} hello", fake.bot_user().mention()),
    );
    let (m, raw) = next_dispatch(&mut ws).await;
    assert_eq!(
        m["d"]["content"],
        format!("<@{}> hello", fake.bot_user().id)
    );
    match assert_serenity_parses(&raw, "MESSAGE_CREATE") {
        sy::Event::MessageCreate(e) => assert!(e.message.mentions_user_id(fake.bot_user().id)),
        e => panic!("{e:?}"),
    }
}

#[tokio::test]
async fn gateway_compression_and_sharding() {
    let mut cfg = FakeConfig::default();
    let mut g2: FakeGuild = cfg.guilds[0].clone();
    // (id >> 22) % 2 differs between the two guilds.
    g2.id = cfg.guilds[0].id + (1 << 22);
    for (i, c) in g2.channels.iter_mut().enumerate() {
        c.id = g2.id + 1000 + i as u64;
        c.name = format!("{}-2", c.name);
    }
    g2.name = "Second".into();
    cfg.guilds.push(g2.clone());
    cfg.recommended_shards = 2;
    let fake = FakeDiscord::start(cfg).await;
    let gw: Value = reqwest::get(format!("{}/api/v10/gateway/bot", fake.api_base()))
        .await
        .unwrap()
        .bytes()
        .await
        .map(|b| serde_json::from_slice::<Value>(&b).unwrap())
        .unwrap();
    // no auth header -> 401 on /gateway/bot
    assert_eq!(gw["code"], 0);
    let gw: Value = reqwest::Client::new()
        .get(format!("{}/api/v10/gateway/bot", fake.api_base()))
        .header("Authorization", format!("Bot {}", fake.token()))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .map(|b| serde_json::from_slice::<Value>(&b).unwrap())
        .unwrap();
    assert_eq!(gw["shards"], 2);
    assert_eq!(gw["url"], fake.gateway_url());
    assert_eq!(gw["session_start_limit"]["max_concurrency"], 1);

    let mut shards = vec![];
    for id in 0..2u32 {
        let mut ws = ws_connect(&fake).await;
        let _hello = ws_json(&mut ws).await;
        ws_send(&mut ws, identify(fake.token(), [id, 2], ALL_MSG, true)).await;
        // READY is big enough to be zlib-compressed (binary frame); ws_recv inflates it.
        let (ready, raw) = next_dispatch(&mut ws).await;
        assert_serenity_parses(&raw, "READY");
        let guilds = ready["d"]["guilds"].as_array().unwrap().clone();
        assert_eq!(guilds.len(), 1);
        let (gc, raw) = next_dispatch(&mut ws).await;
        assert_serenity_parses(&raw, "GUILD_CREATE");
        assert_eq!(gc["d"]["id"], guilds[0]["id"]);
        shards.push((
            ws,
            guilds[0]["id"].as_str().unwrap().parse::<u64>().unwrap(),
        ));
    }
    assert!(fake
        .gateway_events()
        .iter()
        .any(|r| r.kind == GatewayKind::Sent && r.event_name() == Some("READY")));
    assert_eq!(fake.live_shards(), vec![[0, 2], [1, 2]]);
    let alice = fake.user("alice");
    for (ws, gid) in shards.iter_mut() {
        let ch = fake.config().guild(*gid).unwrap().channels[0].id;
        let mid = fake.send_message(ch, &alice, "routed");
        let (m, _) = next_dispatch(ws).await;
        assert_eq!(m["d"]["id"], mid.to_string());
        assert_eq!(m["d"]["guild_id"], gid.to_string());
    }
}

// ------------------------------------------------------------------ REST

#[tokio::test]
async fn rest_with_serenity_http_via_proxy_base() {
    let fake = FakeDiscord::start(FakeConfig::default()).await;
    let http = serenity_http(&fake);

    let me = http.get_current_user().await.unwrap();
    assert_eq!(me.id.get(), fake.bot_user().id);
    assert!(me.bot);
    let app = http.get_current_application_info().await.unwrap();
    assert_eq!(app.id.get(), fake.application_id());
    assert!(app
        .flags
        .unwrap()
        .contains(sy::ApplicationFlags::GATEWAY_MESSAGE_CONTENT_LIMITED));
    fake.set_application_flags(GATEWAY_MESSAGE_CONTENT);
    let app = http.get_current_application_info().await.unwrap();
    assert_eq!(
        app.flags.unwrap(),
        sy::ApplicationFlags::GATEWAY_MESSAGE_CONTENT
    );
    assert_eq!(http.get_gateway().await.unwrap().url, fake.gateway_url());
    let bot_gw = http.get_bot_gateway().await.unwrap();
    assert_eq!(bot_gw.shards, 1);

    let general = sy::ChannelId::new(fake.channel_id("general"));
    let ch = http.get_channel(general).await.unwrap();
    assert_eq!(ch.guild().unwrap().name, "general");
    let gid = sy::GuildId::new(fake.guild_id());
    let member = http
        .get_member(gid, sy::UserId::new(fake.bot_user().id))
        .await
        .unwrap();
    assert!(member.user.bot);
    let roles = http.get_guild_roles(gid).await.unwrap();
    assert_eq!(roles.len(), 3);
    let guild = http.get_guild(gid).await.unwrap();
    assert_eq!(guild.name, "Fact Checkers");

    // messages
    let msg = general
        .say(&http, "hello <@1090000000000000201>")
        .await
        .unwrap();
    assert_eq!(msg.content, "hello <@1090000000000000201>");
    assert_eq!(msg.author.id.get(), fake.bot_user().id);
    assert_eq!(msg.mentions.len(), 1);
    let rec = fake
        .wait_for(
            |r| r.is("POST", &format!("/channels/{}/messages", general.get())),
            T,
        )
        .await
        .unwrap();
    assert_eq!(
        rec.body.as_ref().unwrap()["content"],
        "hello <@1090000000000000201>"
    );
    assert_eq!(
        rec.header("authorization"),
        Some(format!("Bot {}", fake.token()).as_str())
    );
    assert_eq!(
        rec.path,
        format!("/api/v10/channels/{}/messages", general.get())
    );
    assert_eq!(rec.status, 200);
    assert!(!rec.via_tls);

    let edited = general
        .edit_message(
            &http,
            msg.id,
            sy::EditMessage::new()
                .content("edited")
                .embed(sy::CreateEmbed::new().title("t").field("a", "b", false)),
        )
        .await
        .unwrap();
    assert_eq!(edited.content, "edited");
    assert!(edited.edited_timestamp.is_some());
    assert_eq!(edited.embeds[0].title.as_deref(), Some("t"));
    let reply = general
        .send_message(
            &http,
            sy::CreateMessage::new()
                .content("reply")
                .reference_message(&edited),
        )
        .await
        .unwrap();
    assert_eq!(reply.referenced_message.as_ref().unwrap().id, msg.id);
    assert_eq!(
        http.get_message(general, msg.id).await.unwrap().content,
        "edited"
    );
    general.delete_message(&http, msg.id).await.unwrap();
    assert!(http.get_message(general, msg.id).await.is_err());

    // validation like Discord
    // (serenity checks the length client-side too, so bypass its builder)
    let err = http
        .send_message(general, vec![], &json!({"content": "x".repeat(2001)}))
        .await
        .unwrap_err();
    assert!(format!("{err:?}").contains("50035"), "{err:?}");
    let err = http
        .send_message(general, vec![], &json!({"content": ""}))
        .await
        .unwrap_err();
    assert!(format!("{err:?}").contains("50006"), "{err:?}");

    // commands
    let cmds = http
        .create_global_commands(&vec![
            sy::CreateCommand::new("check")
                .description("Check a fact")
                .add_option(
                    sy::CreateCommandOption::new(
                        sy::CommandOptionType::String,
                        "claim",
                        "The claim",
                    )
                    .required(true),
                ),
            sy::CreateCommand::new("Check message").kind(sy::CommandType::Message),
        ])
        .await
        .unwrap();
    assert_eq!(cmds.len(), 2);
    assert_eq!(fake.global_commands().len(), 2);
    let again = http.get_global_commands().await.unwrap();
    assert_eq!(again[0].id, cmds[0].id);
    let gcmds = http
        .create_guild_commands(
            gid,
            &vec![sy::CreateCommand::new("facts").description("List")],
        )
        .await
        .unwrap();
    assert_eq!(gcmds[0].guild_id, Some(gid));
    let bad = http
        .create_global_commands(&vec![sy::CreateCommand::new("Bad Name").description("x")])
        .await;
    assert!(bad.is_err());
    // Localisations, installation and interaction contexts, default permissions: checked
    // as Discord checks them.
    let localized = |locale: &str, description: &str| {
        sy::CreateCommand::new("about")
            .description("About")
            .description_localized(locale, description)
    };
    assert!(http
        .create_global_commands(&vec![localized("ru", "О боте")])
        .await
        .is_ok());
    for bad in [localized("xx", "x"), localized("uk", &"д".repeat(101))] {
        assert!(http.create_global_commands(&vec![bad]).await.is_err());
    }
    let menu = sy::CreateCommand::new("Check message")
        .kind(sy::CommandType::Message)
        .integration_types(vec![
            sy::InstallationContext::Guild,
            sy::InstallationContext::User,
        ])
        .contexts(vec![
            sy::InteractionContext::Guild,
            sy::InteractionContext::PrivateChannel,
        ])
        .default_member_permissions(sy::Permissions::MANAGE_MESSAGES);
    http.create_global_commands(&vec![menu]).await.unwrap();
    let stored = &fake.global_commands()[0];
    assert_eq!(stored["integration_types"], json!([0, 1]));
    assert_eq!(stored["contexts"], json!([0, 2]));
    assert_eq!(stored["default_member_permissions"], json!("8192"));
    let alice = fake.user("alice");
    assert!(fake
        .send_user_installed_message_command(&alice, "Check message", &alice, "hi")
        .is_some());
    assert!(
        fake.send_user_installed_message_command(&alice, "about", &alice, "hi")
            .is_none(),
        "not a user-installable message command"
    );
    let r = reqwest::Client::new()
        .put(format!(
            "{}/api/v10/applications/{}/commands",
            fake.api_base(),
            fake.application_id()
        ))
        .header("Authorization", format!("Bot {}", fake.token()))
        .header("Content-Type", "application/json")
        .body(json!([{"name": "x", "description": "x", "contexts": [3]}]).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);

    // unknown route -> 404 with Discord's error shape, recorded
    let r = reqwest::Client::new()
        .get(format!("{}/api/v10/nope/123", fake.api_base()))
        .header("Authorization", format!("Bot {}", fake.token()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert!(r.headers().contains_key("x-ratelimit-bucket"));
    assert_eq!(
        r.bytes()
            .await
            .map(|b| serde_json::from_slice::<Value>(&b).unwrap())
            .unwrap(),
        json!({"message": "404: Not Found", "code": 0})
    );
    assert!(fake
        .requests()
        .iter()
        .any(|r| r.route == "/nope/123" && r.status == 404));
}

#[tokio::test]
async fn rest_429_and_500_injection() {
    let fake = FakeDiscord::start(FakeConfig::default()).await;
    let client = reqwest::Client::new();
    let url = format!("{}/api/v10/users/@me", fake.api_base());
    let auth = format!("Bot {}", fake.token());
    fake.rate_limit_next(2, 0.2);
    for _ in 0..2 {
        let r = client
            .get(&url)
            .header("Authorization", &auth)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 429);
        let h = r.headers().clone();
        for k in [
            "x-ratelimit-limit",
            "x-ratelimit-remaining",
            "x-ratelimit-reset",
            "x-ratelimit-reset-after",
            "x-ratelimit-bucket",
            "x-ratelimit-scope",
            "retry-after",
        ] {
            assert!(h.contains_key(k), "missing {k}");
        }
        assert_eq!(h["x-ratelimit-remaining"], "0");
        assert_eq!(h["retry-after"], "1");
        assert_eq!(
            r.bytes()
                .await
                .map(|b| serde_json::from_slice::<Value>(&b).unwrap())
                .unwrap(),
            json!({"message": "You are being rate limited.", "retry_after": 0.2, "global": false})
        );
    }
    let r = client
        .get(&url)
        .header("Authorization", &auth)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["x-ratelimit-limit"], "5");
    assert_eq!(r.headers()["x-ratelimit-remaining"], "4");

    fake.fail_next(1, 500);
    let r = client
        .get(&url)
        .header("Authorization", &auth)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 500);
    assert_eq!(
        client
            .get(&url)
            .header("Authorization", &auth)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );

    // serenity with the rate limiter disabled surfaces the 429 as an error
    let http = serenity_http(&fake);
    fake.rate_limit_next_matching(1, 0.2, false, "/messages");
    let general = sy::ChannelId::new(fake.channel_id("general"));
    let err = general.say(&http, "hi").await.unwrap_err();
    assert_eq!(http_status(err), 429);
}

#[tokio::test]
async fn connect_proxy_tls_with_reqwest_and_serenity_ratelimiter() {
    let fake = FakeDiscord::start(FakeConfig::default()).await;
    let pem = std::fs::read(fake.ca_pem_path()).unwrap();
    let client = reqwest::Client::builder()
        .proxy(reqwest::Proxy::https(fake.https_proxy_url()).unwrap())
        .add_root_certificate(reqwest::Certificate::from_pem(&pem).unwrap())
        .build()
        .unwrap();
    let r = client
        .get("https://discord.com/api/v10/users/@me")
        .header("Authorization", format!("Bot {}", fake.token()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.version(), reqwest::Version::HTTP_11);
    assert_eq!(
        r.bytes()
            .await
            .map(|b| serde_json::from_slice::<Value>(&b).unwrap())
            .unwrap()["id"],
        fake.bot_user().id.to_string()
    );
    assert!(fake.requests().last().unwrap().via_tls);
    assert_eq!(fake.proxy_connects(), vec!["discord.com:443".to_string()]);

    // serenity with its own rate limiter ON, through the proxy (no HttpBuilder::proxy).
    let http = sy::HttpBuilder::new(fake.token()).client(client).build();
    let general = sy::ChannelId::new(fake.channel_id("general"));
    fake.rate_limit_next_matching(1, 0.2, false, "/messages");
    let msg = general.say(&http, "after a 429").await.unwrap();
    assert_eq!(msg.content, "after a 429");
    let posts = fake.requests_matching(|r| r.method == "POST" && r.route.ends_with("/messages"));
    assert_eq!(
        posts.iter().map(|r| r.status).collect::<Vec<_>>(),
        vec![429, 200]
    );
    assert!(posts.iter().all(|r| r.via_tls));
    // The 429 asks for 0.2 s (its headers are checked in rest_429_and_500_injection). Whether
    // serenity then waits the body's 0.2 s or the header's whole second is serenity's
    // business; that it waited at least 0.2 s shows it honoured the 429.
    let limited = &posts[0];
    assert_eq!(limited.response.as_ref().unwrap()["retry_after"], 0.2);
    let waited = posts[1].at.duration_since(limited.at);
    assert!(waited >= Duration::from_millis(200), "{waited:?}");
}

// ------------------------------------------------------------------ interactions

#[tokio::test]
async fn interaction_payloads_parse_and_responses_are_tracked() {
    let fake = FakeDiscord::start(FakeConfig::default()).await;
    let http = serenity_http(&fake);
    let (mut ws, _) = identified(&fake, [0, 1], ALL_MSG).await;
    let _gc = next_dispatch(&mut ws).await;
    let alice = fake.user("alice");
    let general = fake.channel_id("general");

    // user message + edit + delete
    let mid = fake.send_message(general, &alice, "The moon is made of cheese");
    let (_, raw) = next_dispatch(&mut ws).await;
    match assert_serenity_parses(&raw, "MESSAGE_CREATE") {
        sy::Event::MessageCreate(e) => {
            assert_eq!(e.message.guild_id.unwrap().get(), fake.guild_id());
            assert!(e.message.member.is_some());
            assert_eq!(e.message.author.id.get(), alice.id);
        }
        e => panic!("{e:?}"),
    }
    fake.edit_message(general, mid, "The moon is made of rock");
    let (_, raw) = next_dispatch(&mut ws).await;
    assert_serenity_parses(&raw, "MESSAGE_UPDATE");

    // slash command with a user option
    let it = fake.send_slash_command(
        general,
        &alice,
        "check",
        json!([{"name": "claim", "type": 3, "value": "water is wet"}, {"name": "who", "type": 6, "value": alice.id.to_string()}]),
    );
    let (_, raw) = next_dispatch(&mut ws).await;
    let cmd = match assert_serenity_parses(&raw, "INTERACTION_CREATE") {
        sy::Event::InteractionCreate(e) => e.interaction.command().expect("command interaction"),
        e => panic!("{e:?}"),
    };
    assert_eq!(cmd.data.name, "check");
    assert_eq!(cmd.data.options[0].value.as_str(), Some("water is wet"));
    assert!(cmd
        .data
        .resolved
        .users
        .contains_key(&sy::UserId::new(alice.id)));
    cmd.create_response(
        &http,
        sy::CreateInteractionResponse::Defer(sy::CreateInteractionResponseMessage::new()),
    )
    .await
    .unwrap();
    // A second initial response is rejected like Discord does (40060).
    let err = cmd.defer(&http).await.unwrap_err();
    assert!(format!("{err:?}").contains("40060"), "{err:?}");
    let edited = cmd
        .edit_response(
            &http,
            sy::EditInteractionResponse::new().content("verdict: true"),
        )
        .await
        .unwrap();
    assert_eq!(edited.content, "verdict: true");
    assert_eq!(
        fake.original_response(&it).unwrap()["content"],
        "verdict: true"
    );
    let fu = cmd
        .create_followup(
            &http,
            sy::CreateInteractionResponseFollowup::new()
                .content("more")
                .ephemeral(true),
        )
        .await
        .unwrap();
    assert_eq!(fu.flags.unwrap().bits() & 64, 64);
    assert!(fake.wait_for_interaction_response(&it, T).await.is_some());

    // autocomplete
    let ac = fake.send_autocomplete(
        general,
        &alice,
        "check",
        json!([{"name": "claim", "type": 3, "value": "wat"}]),
    );
    let raw = next_interaction(&mut ws).await;
    let auto = match assert_serenity_parses(&raw, "INTERACTION_CREATE") {
        sy::Event::InteractionCreate(e) => e.interaction.autocomplete().expect("autocomplete"),
        e => panic!("{e:?}"),
    };
    assert_eq!(auto.data.autocomplete().unwrap().value, "wat");
    auto.create_response(
        &http,
        sy::CreateInteractionResponse::Autocomplete(
            sy::CreateAutocompleteResponse::new().add_string_choice("water is wet", "water is wet"),
        ),
    )
    .await
    .unwrap();
    let rec = fake.wait_for_interaction_response(&ac, T).await.unwrap();
    assert_eq!(rec.body.unwrap()["type"], 8);

    // message context menu on the user's message
    let _mc = fake.send_message_command(general, &alice, "Check message", mid);
    let raw = next_interaction(&mut ws).await;
    let mcmd = match assert_serenity_parses(&raw, "INTERACTION_CREATE") {
        sy::Event::InteractionCreate(e) => e.interaction.command().unwrap(),
        e => panic!("{e:?}"),
    };
    assert_eq!(mcmd.data.kind, sy::CommandType::Message);
    match mcmd.data.target() {
        Some(sy::ResolvedTarget::Message(m)) => assert_eq!(m.content, "The moon is made of rock"),
        t => panic!("{t:?}"),
    }
    // respond with a button, then click it
    mcmd.create_response(
        &http,
        sy::CreateInteractionResponse::Message(
            sy::CreateInteractionResponseMessage::new()
                .content("Is it?")
                .button(sy::CreateButton::new("more-info").label("More")),
        ),
    )
    .await
    .unwrap();
    let resp = mcmd.get_response(&http).await.unwrap();
    assert_eq!(resp.components.len(), 1);
    let click = fake.send_component_click(general, &alice, resp.id.get(), "more-info");
    let raw = next_interaction(&mut ws).await;
    let comp = match assert_serenity_parses(&raw, "INTERACTION_CREATE") {
        sy::Event::InteractionCreate(e) => e.interaction.message_component().unwrap(),
        e => panic!("{e:?}"),
    };
    assert_eq!(comp.data.custom_id, "more-info");
    assert_eq!(comp.message.id, resp.id);
    comp.create_response(
        &http,
        sy::CreateInteractionResponse::UpdateMessage(
            sy::CreateInteractionResponseMessage::new()
                .content("Updated")
                .components(vec![]),
        ),
    )
    .await
    .unwrap();
    assert_eq!(
        fake.original_response(&click).unwrap()["content"],
        "Updated"
    );

    // user context menu
    let _uc = fake.send_user_command(general, &alice, "Info", &fake.user("bob"));
    let raw = next_interaction(&mut ws).await;
    assert_serenity_parses(&raw, "INTERACTION_CREATE");

    fake.delete_message(general, mid);
    let raw = loop {
        let (v, raw) = next_dispatch(&mut ws).await;
        if v["t"] == "MESSAGE_DELETE" {
            break raw;
        }
    };
    assert_serenity_parses(&raw, "MESSAGE_DELETE");
}

#[tokio::test]
async fn interaction_deadline_is_enforced() {
    // A deadline of 0 ms has passed by the time any response arrives, so no sleep is needed
    // to be late; responses within the deadline are accepted throughout the other tests.
    let fake = FakeDiscord::start(FakeConfig {
        interaction_deadline_ms: 0,
        ..Default::default()
    })
    .await;
    let http = serenity_http(&fake);
    let it = fake.send_slash_command(
        fake.channel_id("general"),
        &fake.user("bob"),
        "check",
        json!([]),
    );
    let err = http
        .create_interaction_response(
            sy::InteractionId::new(it.id),
            &it.token,
            &json!({"type": 4, "data": {"content": "late"}}),
            vec![],
        )
        .await
        .unwrap_err();
    assert!(format!("{err:?}").contains("10062"), "{err:?}");
}

// ------------------------------------------------------------------ a real serenity Client

struct Handler {
    tx: tokio::sync::mpsc::UnboundedSender<String>,
}

#[serenity::async_trait]
impl sy::EventHandler for Handler {
    async fn ready(&self, _ctx: sy::Context, ready: sy::Ready) {
        let _ = self.tx.send(format!("ready:{}", ready.user.name));
    }
    async fn cache_ready(&self, _ctx: sy::Context, guilds: Vec<sy::GuildId>) {
        let _ = self.tx.send(format!("cache_ready:{}", guilds.len()));
    }
    async fn message(&self, ctx: sy::Context, msg: sy::Message) {
        if msg.author.bot {
            let _ = self.tx.send(format!("own:{}", msg.content));
            return;
        }
        let guild_name = msg
            .guild(&ctx.cache)
            .map(|g| g.name.clone())
            .unwrap_or_default();
        let _ = self
            .tx
            .send(format!("message:{}:{}", msg.content, guild_name));
        msg.channel_id
            .say(&ctx.http, format!("echo {}", msg.content))
            .await
            .unwrap();
    }
    async fn interaction_create(&self, ctx: sy::Context, interaction: sy::Interaction) {
        if let sy::Interaction::Command(cmd) = interaction {
            cmd.create_response(
                &ctx.http,
                sy::CreateInteractionResponse::Message(
                    sy::CreateInteractionResponseMessage::new().content("pong"),
                ),
            )
            .await
            .unwrap();
            let _ = self.tx.send(format!("command:{}", cmd.data.name));
        }
    }
    async fn resume(&self, _ctx: sy::Context, _: sy::ResumedEvent) {
        let _ = self.tx.send("resumed".into());
    }
}

async fn expect_event(
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<String>,
    prefix: &str,
) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, rx.recv()).await {
            Ok(Some(e)) if e.starts_with(prefix) => return e,
            Ok(Some(_)) => continue,
            _ => panic!("no event {prefix:?} within 15s"),
        }
    }
}

#[tokio::test]
async fn serenity_client_end_to_end() {
    let fake = Arc::new(FakeDiscord::start(FakeConfig::default()).await);
    let http = serenity_http(&fake);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let intents = sy::GatewayIntents::GUILDS
        | sy::GatewayIntents::GUILD_MESSAGES
        | sy::GatewayIntents::MESSAGE_CONTENT;
    let mut client = sy::ClientBuilder::new_with_http(http, intents)
        .event_handler(Handler { tx })
        .await
        .unwrap();
    let shard_manager = client.shard_manager.clone();
    let task = tokio::spawn(async move { client.start().await });

    assert_eq!(expect_event(&mut rx, "ready:").await, "ready:factbot");
    assert_eq!(expect_event(&mut rx, "cache_ready:").await, "cache_ready:1");
    assert!(fake.wait_for_ready(0, T).await);
    let id = fake.identifies().pop().unwrap();
    assert_eq!(id.payload["compress"], true);
    assert_eq!(id.payload["token"], format!("Bot {}", fake.token()));
    assert_eq!(id.payload["shard"], json!([0, 1]));
    assert_eq!(id.shard, Some([0, 1]));
    let connected = fake
        .gateway_events()
        .into_iter()
        .find(|r| r.kind == GatewayKind::Connected)
        .unwrap();
    assert_eq!(connected.payload["query"], "v=10");

    let general = fake.channel_id("general");
    fake.send_message(general, &fake.user("alice"), "is the sky blue?");
    assert_eq!(
        expect_event(&mut rx, "message:").await,
        "message:is the sky blue?:Fact Checkers"
    );
    let rec = fake
        .wait_for(
            |r| r.is("POST", &format!("/channels/{general}/messages")),
            T,
        )
        .await
        .unwrap();
    assert_eq!(rec.body.unwrap()["content"], "echo is the sky blue?");
    // The bot's own message is echoed back through the gateway, as Discord does.
    assert_eq!(
        expect_event(&mut rx, "own:").await,
        "own:echo is the sky blue?"
    );

    let it = fake.send_slash_command(general, &fake.user("bob"), "ping", json!([]));
    assert_eq!(expect_event(&mut rx, "command:").await, "command:ping");
    let rec = fake.wait_for_interaction_response(&it, T).await.unwrap();
    assert_eq!(rec.status, 204);
    assert_eq!(rec.body.unwrap()["data"]["content"], "pong");

    // Resumable disconnect: serenity reconnects and RESUMEs.
    fake.close_shard(0, 4000, "Unknown error.");
    assert!(fake
        .wait_for_gateway(|r| r.kind == GatewayKind::Resume, Duration::from_secs(15))
        .await
        .is_some());
    expect_event(&mut rx, "resumed").await;
    fake.send_message(general, &fake.user("alice"), "still there?");
    assert_eq!(
        expect_event(&mut rx, "message:").await,
        "message:still there?:Fact Checkers"
    );

    shard_manager.shutdown_all().await;
    let _ = tokio::time::timeout(Duration::from_secs(5), task).await;
}

#[tokio::test]
async fn serenity_client_stops_on_bad_token_and_disallowed_intents() {
    for (token, flags, expect) in [
        (
            "wrong.token",
            fake_discord::GATEWAY_MESSAGE_CONTENT,
            "InvalidAuthentication",
        ),
        ("FAKE.TOKEN.valid", 0, "DisallowedGatewayIntents"),
    ] {
        let fake = FakeDiscord::start(FakeConfig {
            application_flags: flags,
            ..Default::default()
        })
        .await;
        let http = sy::HttpBuilder::new(token)
            .proxy(fake.api_base())
            .ratelimiter_disabled(true)
            .build();
        let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
        let intents = sy::GatewayIntents::GUILD_MESSAGES | sy::GatewayIntents::MESSAGE_CONTENT;
        let mut client = sy::ClientBuilder::new_with_http(http, intents)
            .event_handler(Handler { tx })
            .await
            .unwrap();
        let res = tokio::time::timeout(Duration::from_secs(15), client.start()).await;
        let res = res.expect("serenity client should stop by itself");
        assert!(res.is_err(), "{expect}: {res:?}");
        let closes: Vec<_> = fake
            .gateway_events()
            .into_iter()
            .filter(|r| r.kind == GatewayKind::ServerClosed)
            .map(|r| r.payload["code"].as_u64().unwrap())
            .collect();
        assert_eq!(
            closes,
            vec![if flags == 0 { 4014 } else { 4004 }],
            "{expect}"
        );
        // serenity does not retry after these close codes
        assert_eq!(fake.identifies().len(), 1);
    }
}

#[test]
fn threads_come_in_guild_create_and_parse_as_serenity_reads_them() {
    let mut cfg = FakeConfig::default();
    let parent = cfg.guilds[0].channels[1].id;
    cfg.guilds[0]
        .channels
        .push(fake_discord::FakeChannel::thread(77, "side-talk", parent));
    let g = &cfg.guilds[0];
    let payload = fake_discord::payloads::guild_create(g, &cfg.bot_user);
    assert!(payload["channels"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["type"] != 11));
    let guild: sy::Guild = serde_json::from_value(payload).expect("serenity parses it");
    let thread = guild
        .threads
        .iter()
        .find(|t| t.id.get() == 77)
        .expect("the thread");
    assert_eq!(thread.parent_id.map(|p| p.get()), Some(parent));
    assert!(thread.thread_metadata.is_some());
}
