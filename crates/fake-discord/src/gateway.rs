//! Gateway v10 (JSON encoding, optional zlib payload compression) over plain ws://.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, WebSocketConfig};
use tokio_tungstenite::tungstenite::Message;

use super::config::{self, intents, FakeConfig};
use super::payloads as p;
use super::state::{ConnCmd, ConnHandle, GatewayKind, Inner, Session, Shared};

pub async fn serve(shared: Arc<Shared>, listener: TcpListener) {
    loop {
        let Ok((tcp, _)) = listener.accept().await else {
            continue;
        };
        let shared = shared.clone();
        tokio::spawn(async move { handle_conn(shared, tcp).await });
    }
}

/// Which shard receives events of a guild.
pub fn shard_for(guild_id: u64, num_shards: u32) -> u32 {
    ((guild_id >> 22) % num_shards.max(1) as u64) as u32
}

fn close_is_resumable(code: u16) -> bool {
    !matches!(
        code,
        1000 | 1001 | 4004 | 4007 | 4009 | 4010 | 4011 | 4012 | 4013 | 4014
    )
}

async fn handle_conn(shared: Arc<Shared>, tcp: TcpStream) {
    let _ = tcp.set_nodelay(true);
    let query = Arc::new(Mutex::new(None::<String>));
    let q2 = query.clone();
    // The callback's signature, error type included, is tungstenite's.
    #[allow(clippy::result_large_err)]
    let cb = move |req: &Request, resp: Response| {
        *q2.lock().unwrap() = req.uri().query().map(str::to_string);
        Ok(resp)
    };
    let config = WebSocketConfig {
        max_message_size: None,
        max_frame_size: None,
        ..Default::default()
    };
    let Ok(mut ws) = tokio_tungstenite::accept_hdr_async_with_config(tcp, cb, Some(config)).await
    else {
        return;
    };
    let query = query.lock().unwrap().clone();

    let (tx, mut rx) = mpsc::unbounded_channel::<ConnCmd>();
    let conn_id = {
        let mut inner = shared.lock();
        let id = inner.next_conn_id;
        inner.next_conn_id += 1;
        inner.conns.insert(
            id,
            ConnHandle {
                tx: tx.clone(),
                shard: None,
                session_id: None,
                ready: false,
            },
        );
        id
    };
    shared.record_gateway(conn_id, GatewayKind::Connected, json!({ "query": query }));

    let _ = tx.send(ConnCmd::Send(
        json!({"op": 10, "d": {"heartbeat_interval": shared.cfg.heartbeat_interval_ms}, "s": null, "t": null})
            .to_string(),
    ));

    let mut compress = false;
    let mut identified = false;
    loop {
        tokio::select! {
            incoming = ws.next() => match incoming {
                Some(Ok(Message::Text(t))) => {
                    if is_identify(&t) {
                        // Discord may take its time to answer an IDENTIFY; a test holds it.
                        let mut held = shared.hold_identify.subscribe();
                        let _ = held.wait_for(|hold| !*hold).await;
                    }
                    if let Some((code, reason)) =
                        handle_payload(&shared, conn_id, &tx, &t, &mut identified, &mut compress)
                    {
                        let _ = tx.send(ConnCmd::Close(code, reason));
                    }
                }
                Some(Ok(Message::Binary(_))) => {
                    let _ = tx.send(ConnCmd::Close(4002, "Error while decoding payload.".into()));
                }
                Some(Ok(Message::Close(frame))) => {
                    let code = frame.as_ref().map(|f| u16::from(f.code));
                    shared.record_gateway(conn_id, GatewayKind::ClientClosed, json!({ "code": code }));
                    if let Some(c) = code {
                        if !close_is_resumable(c) {
                            invalidate_conn_session(&shared, conn_id);
                        }
                    }
                    let _ = tokio::time::timeout(Duration::from_millis(500), ws.close(None)).await;
                    break;
                }
                Some(Ok(_)) => {}
                Some(Err(_)) | None => {
                    shared.record_gateway(conn_id, GatewayKind::ClientClosed, json!({ "code": null }));
                    break;
                }
            },
            cmd = rx.recv() => match cmd {
                Some(ConnCmd::Send(text)) => {
                    let payload: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                    let msg = match shared.cfg.compress_threshold {
                        Some(th) if compress && text.len() >= th => {
                            let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
                            enc.write_all(text.as_bytes()).unwrap();
                            Message::Binary(enc.finish().unwrap())
                        }
                        _ => Message::Text(text),
                    };
                    shared.record_gateway(conn_id, GatewayKind::Sent, payload);
                    if ws.send(msg).await.is_err() {
                        shared.record_gateway(conn_id, GatewayKind::ClientClosed, json!({ "code": null }));
                        break;
                    }
                }
                Some(ConnCmd::Close(code, reason)) => {
                    shared.record_gateway(conn_id, GatewayKind::ServerClosed, json!({ "code": code, "reason": reason }));
                    if !close_is_resumable(code) {
                        invalidate_conn_session(&shared, conn_id);
                    }
                    let frame = CloseFrame { code: CloseCode::from(code), reason: reason.into() };
                    let _ = ws.send(Message::Close(Some(frame))).await;
                    // Wait briefly for the client's close reply, then drop.
                    let _ = tokio::time::timeout(Duration::from_secs(1), async {
                        while let Some(Ok(m)) = ws.next().await {
                            if m.is_close() { break; }
                        }
                    }).await;
                    break;
                }
                Some(ConnCmd::Drop) | None => {
                    shared.record_gateway(conn_id, GatewayKind::ServerClosed, json!({ "code": null, "reason": "tcp drop" }));
                    break;
                }
            }
        }
    }
    drop(ws);
    let mut inner = shared.lock();
    inner.conns.remove(&conn_id);
    for s in inner.sessions.values_mut() {
        if s.conn == Some(conn_id) {
            s.conn = None;
        }
    }
    drop(inner);
    shared.notify.notify_waiters();
}

fn invalidate_conn_session(shared: &Shared, conn_id: u64) {
    let mut inner = shared.lock();
    let sid = inner.conns.get(&conn_id).and_then(|c| c.session_id.clone());
    if let Some(s) = sid.and_then(|sid| inner.sessions.get_mut(&sid)) {
        s.resumable = false;
    }
}

/// Whether a client payload is an IDENTIFY (op 2).
fn is_identify(text: &str) -> bool {
    serde_json::from_str::<Value>(text)
        .is_ok_and(|v| v.get("op").and_then(Value::as_u64) == Some(2))
}

fn strip_bot(token: &str) -> &str {
    token.strip_prefix("Bot ").unwrap_or(token)
}

/// Handle one client payload; returns Some((code, reason)) to close the connection.
fn handle_payload(
    shared: &Arc<Shared>,
    conn_id: u64,
    tx: &mpsc::UnboundedSender<ConnCmd>,
    text: &str,
    identified: &mut bool,
    compress: &mut bool,
) -> Option<(u16, String)> {
    let Ok(v) = serde_json::from_str::<Value>(text) else {
        return Some((4002, "Error while decoding payload.".into()));
    };
    let Some(op) = v.get("op").and_then(Value::as_u64) else {
        return Some((4001, "Unknown opcode.".into()));
    };
    let d = v.get("d").cloned().unwrap_or(Value::Null);
    match op {
        1 => {
            shared.record_gateway(conn_id, GatewayKind::Heartbeat, d);
            if shared.lock().heartbeat_ack {
                let _ = tx.send(ConnCmd::Send(
                    json!({"op": 11, "d": null, "s": null, "t": null}).to_string(),
                ));
            }
            None
        }
        2 => {
            shared.record_gateway(conn_id, GatewayKind::Identify, d.clone());
            if *identified {
                return Some((4005, "Already authenticated.".into()));
            }
            let token = d.get("token").and_then(Value::as_str).unwrap_or("");
            if strip_bot(token) != shared.cfg.token {
                return Some((4004, "Authentication failed.".into()));
            }
            let shard = match d.get("shard").and_then(Value::as_array) {
                Some(a) if a.len() == 2 => [
                    a[0].as_u64().unwrap_or(u64::MAX) as u32,
                    a[1].as_u64().unwrap_or(0) as u32,
                ],
                None => [0, 1],
                _ => return Some((4010, "Invalid shard.".into())),
            };
            if shard[1] == 0 || shard[0] >= shard[1] {
                return Some((4010, "Invalid shard.".into()));
            }
            let Some(intents_v) = d.get("intents").and_then(Value::as_u64) else {
                return Some((4013, "Invalid intent(s).".into()));
            };
            if intents_v >= (1 << 26) {
                return Some((4013, "Invalid intent(s).".into()));
            }
            let flags = shared.lock().app_flags;
            let privileged = [
                (
                    intents::MESSAGE_CONTENT,
                    config::GATEWAY_MESSAGE_CONTENT | config::GATEWAY_MESSAGE_CONTENT_LIMITED,
                ),
                (
                    intents::GUILD_MEMBERS,
                    config::GATEWAY_GUILD_MEMBERS | config::GATEWAY_GUILD_MEMBERS_LIMITED,
                ),
                (
                    intents::GUILD_PRESENCES,
                    config::GATEWAY_PRESENCE | config::GATEWAY_PRESENCE_LIMITED,
                ),
            ];
            if privileged
                .iter()
                .any(|(i, f)| intents_v & i != 0 && flags & f == 0)
            {
                return Some((4014, "Disallowed intent(s).".into()));
            }
            *identified = true;
            *compress = d.get("compress").and_then(Value::as_bool).unwrap_or(false);
            let session_id = shared.rand_hex(32);
            let cfg = &shared.cfg;
            let mut inner = shared.lock();
            // A new IDENTIFY on a shard replaces any earlier session of that shard.
            for s in inner.sessions.values_mut() {
                if s.shard[0] == shard[0] {
                    s.resumable = false;
                }
            }
            inner.sessions.insert(
                session_id.clone(),
                Session {
                    shard,
                    intents: intents_v,
                    seq: 0,
                    buffer: vec![],
                    resumable: true,
                    conn: Some(conn_id),
                    compress: *compress,
                    token: token.to_string(),
                },
            );
            if let Some(c) = inner.conns.get_mut(&conn_id) {
                c.shard = Some(shard);
                c.session_id = Some(session_id.clone());
                c.ready = true;
            }
            let my_guilds: Vec<&config::FakeGuild> = cfg
                .guilds
                .iter()
                .filter(|g| shard_for(g.id, shard[1]) == shard[0])
                .collect();
            let ready = json!({
                "v": 10,
                "user": p::current_user(&cfg.bot_user),
                "user_settings": {},
                "guilds": my_guilds.iter().map(|g| p::unavailable_guild(g.id)).collect::<Vec<_>>(),
                "presences": [],
                "private_channels": [],
                "relationships": [],
                "guild_join_requests": [],
                "geo_ordered_rtc_regions": ["rotterdam", "frankfurt", "milan", "madrid", "london"],
                "session_type": "normal",
                "session_id": session_id,
                "resume_gateway_url": shared.gateway_url,
                "shard": shard,
                "application": { "id": cfg.application_id.to_string(), "flags": flags },
                "auth": {},
                "_trace": ["[\"fake-discord-gateway\",{\"micros\":0}]"],
            });
            push_dispatch(&mut inner, &session_id, "READY", ready);
            for g in my_guilds {
                push_dispatch(
                    &mut inner,
                    &session_id,
                    "GUILD_CREATE",
                    p::guild_create(g, &cfg.bot_user),
                );
            }
            None
        }
        6 => {
            shared.record_gateway(conn_id, GatewayKind::Resume, d.clone());
            let token = d.get("token").and_then(Value::as_str).unwrap_or("");
            if strip_bot(token) != shared.cfg.token {
                return Some((4004, "Authentication failed.".into()));
            }
            let sid = d
                .get("session_id")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let seq = d.get("seq").and_then(Value::as_u64).unwrap_or(0);
            let mut inner = shared.lock();
            let ok = inner
                .sessions
                .get(&sid)
                .map(|s| s.resumable)
                .unwrap_or(false);
            if !ok {
                drop(inner);
                let _ = tx.send(ConnCmd::Send(
                    json!({"op": 9, "d": false, "s": null, "t": null}).to_string(),
                ));
                return None;
            }
            let s = inner.sessions.get(&sid).unwrap();
            if seq > s.seq {
                return Some((4007, "Invalid seq.".into()));
            }
            let old_conn = s.conn;
            let shard = s.shard;
            *compress = s.compress;
            if let Some(old) = old_conn.filter(|c| *c != conn_id) {
                if let Some(h) = inner.conns.get(&old) {
                    let _ = h.tx.send(ConnCmd::Drop);
                }
            }
            *identified = true;
            let replay: Vec<String> = s
                .buffer
                .iter()
                .filter(|(s, _)| *s > seq)
                .map(|(_, t)| t.clone())
                .collect();
            for t in replay {
                let _ = tx.send(ConnCmd::Send(t));
            }
            let s = inner.sessions.get_mut(&sid).unwrap();
            s.conn = Some(conn_id);
            if let Some(c) = inner.conns.get_mut(&conn_id) {
                c.shard = Some(shard);
                c.session_id = Some(sid.clone());
                c.ready = true;
            }
            push_dispatch(
                &mut inner,
                &sid,
                "RESUMED",
                json!({ "_trace": ["[\"fake-discord-gateway\",{}]"] }),
            );
            None
        }
        3 => {
            shared.record_gateway(conn_id, GatewayKind::PresenceUpdate, d);
            if !*identified {
                return Some((4003, "Not authenticated.".into()));
            }
            None
        }
        8 => {
            shared.record_gateway(conn_id, GatewayKind::RequestGuildMembers, d.clone());
            if !*identified {
                return Some((4003, "Not authenticated.".into()));
            }
            // Answer with one GUILD_MEMBERS_CHUNK.
            let gid = d.get("guild_id").and_then(|g| {
                g.as_str()
                    .map(str::to_string)
                    .or(g.as_u64().map(|u| u.to_string()))
            });
            let mut inner = shared.lock();
            let sid = inner.conns.get(&conn_id).and_then(|c| c.session_id.clone());
            if let (Some(gid), Some(sid)) = (gid, sid) {
                if let Some(g) = shared.cfg.guilds.iter().find(|g| g.id.to_string() == gid) {
                    let chunk = json!({
                        "guild_id": gid,
                        "members": g.members.iter().map(p::member).collect::<Vec<_>>(),
                        "chunk_index": 0,
                        "chunk_count": 1,
                        "not_found": [],
                        "nonce": d.get("nonce").cloned().unwrap_or(Value::Null),
                    });
                    push_dispatch(&mut inner, &sid, "GUILD_MEMBERS_CHUNK", chunk);
                }
            }
            None
        }
        other => {
            shared.record_gateway(conn_id, GatewayKind::OtherOp(other), d);
            if !*identified {
                return Some((4003, "Not authenticated.".into()));
            }
            None
        }
    }
}

/// Assign the next seq of a session, buffer the payload, and send it if a connection is attached.
fn push_dispatch(inner: &mut Inner, session_id: &str, name: &str, d: Value) -> Option<u64> {
    let s = inner.sessions.get_mut(session_id)?;
    s.seq += 1;
    let seq = s.seq;
    let text = json!({"op": 0, "s": seq, "t": name, "d": d}).to_string();
    s.buffer.push((seq, text.clone()));
    if s.buffer.len() > 1000 {
        s.buffer.drain(..100);
    }
    let conn = s.conn;
    if let Some(h) = conn.and_then(|c| inner.conns.get(&c)).filter(|h| h.ready) {
        let _ = h.tx.send(ConnCmd::Send(text));
    }
    Some(seq)
}

/// Without MESSAGE_CONTENT, Discord blanks content/embeds/attachments/components of messages
/// that neither are the bot's own nor mention it.
fn apply_content_intent(cfg: &FakeConfig, session_intents: u64, name: &str, d: &Value) -> Value {
    if !name.starts_with("MESSAGE_") || session_intents & intents::MESSAGE_CONTENT != 0 {
        return d.clone();
    }
    let bot = cfg.bot_user.id.to_string();
    let own = d.pointer("/author/id").and_then(Value::as_str) == Some(bot.as_str());
    let mentioned = d
        .get("mentions")
        .and_then(Value::as_array)
        .is_some_and(|m| {
            m.iter()
                .any(|u| u.get("id").and_then(Value::as_str) == Some(bot.as_str()))
        });
    if own || mentioned || d.get("content").is_none() {
        return d.clone();
    }
    let mut d = d.clone();
    d["content"] = json!("");
    d["embeds"] = json!([]);
    d["attachments"] = json!([]);
    d["components"] = json!([]);
    if let Some(o) = d.as_object_mut() {
        o.remove("poll");
    }
    d
}

/// Dispatch an event to the live session of the shard that owns `guild_id`.
/// `required_intent` = 0 for events that need no intent (e.g. INTERACTION_CREATE).
/// Returns the number of sessions it was queued for.
pub fn dispatch_guild(
    shared: &Shared,
    guild_id: u64,
    name: &str,
    d: Value,
    required_intent: u64,
) -> usize {
    let mut inner = shared.lock();
    let targets: Vec<(String, u64)> = inner
        .sessions
        .iter()
        .filter(|(_, s)| s.resumable && shard_for(guild_id, s.shard[1]) == s.shard[0])
        .filter(|(_, s)| required_intent == 0 || s.intents & required_intent != 0)
        .map(|(k, s)| (k.clone(), s.intents))
        .collect();
    for (sid, session_intents) in &targets {
        let payload = apply_content_intent(&shared.cfg, *session_intents, name, &d);
        push_dispatch(&mut inner, sid, name, payload);
    }
    targets.len()
}

/// Send a raw (non-dispatch) payload or command to the live connection(s) of a shard.
pub fn send_to_shard(shared: &Shared, shard_id: u32, cmd: impl Fn() -> ConnCmd) -> usize {
    let inner = shared.lock();
    let mut n = 0;
    for h in inner.conns.values() {
        if h.shard.map(|s| s[0]) == Some(shard_id) {
            let _ = h.tx.send(cmd());
            n += 1;
        }
    }
    n
}
