//! A faithful local fake of Discord's REST API v10 and gateway v10, bound to 127.0.0.1 only.
//!
//! ```ignore
//! mod support;
//! use support::fake_discord::{FakeConfig, FakeDiscord};
//! let fake = FakeDiscord::start(FakeConfig::default()).await;
//! // serenity: HttpBuilder::new(token).proxy(fake.api_base()).ratelimiter_disabled(true)
//! // or: HTTPS_PROXY = fake.https_proxy_url(), trust fake.ca_pem_path()
//! ```

pub mod config;
pub mod connect_proxy;
pub mod files;
pub mod gateway;
pub mod payloads;
pub mod rest;
pub mod state;
pub mod tls;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub use config::{
    intents, perms, FakeChannel, FakeConfig, FakeGuild, FakeMember, FakeOverwrite, FakeRole,
    FakeUser, APPLICATION_COMMAND_BADGE, GATEWAY_GUILD_MEMBERS, GATEWAY_GUILD_MEMBERS_LIMITED,
    GATEWAY_MESSAGE_CONTENT, GATEWAY_MESSAGE_CONTENT_LIMITED, GATEWAY_PRESENCE,
    GATEWAY_PRESENCE_LIMITED,
};
pub use gateway::shard_for;
pub use state::{FaultKind, GatewayKind, GatewayRecord, Recorded, RestFault};

use state::{ConnCmd, InteractionState, Shared};

/// The first record at index `since` or later that matches `pred`.
fn first_since<T: Clone>(records: &[T], since: usize, pred: impl Fn(&T) -> bool) -> Option<T> {
    records.iter().skip(since).find(|r| pred(r)).cloned()
}

/// Handle to an interaction the fake dispatched.
#[derive(Clone, Debug)]
pub struct FakeInteraction {
    pub id: u64,
    pub token: String,
    pub guild_id: u64,
    pub channel_id: u64,
    /// The full INTERACTION_CREATE `d`.
    pub payload: Value,
}

impl FakeInteraction {
    /// Route of the initial response: `/interactions/{id}/{token}/callback`.
    pub fn callback_route(&self) -> String {
        format!("/interactions/{}/{}/callback", self.id, self.token)
    }
    /// Route prefix of follow-ups / @original: `/webhooks/{app}/{token}`.
    pub fn webhook_route(&self, application_id: u64) -> String {
        format!("/webhooks/{}/{}", application_id, self.token)
    }
}

pub struct FakeDiscord {
    shared: Arc<Shared>,
    proxy_addr: SocketAddr,
    ca: tls::TestCa,
    tasks: Vec<JoinHandle<()>>,
}

impl Drop for FakeDiscord {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
        let inner = self.shared.lock();
        for c in inner.conns.values() {
            let _ = c.tx.send(ConnCmd::Drop);
        }
    }
}

impl FakeDiscord {
    /// Bind REST, gateway and CONNECT proxy on 127.0.0.1:0 and start serving.
    pub async fn start(mut cfg: FakeConfig) -> FakeDiscord {
        cfg.normalize();
        let rest_l = TcpListener::bind("127.0.0.1:0").await.expect("bind rest");
        let gw_l = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind gateway");
        let proxy_l = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let rest_addr = rest_l.local_addr().unwrap();
        let gateway_addr = gw_l.local_addr().unwrap();
        let proxy_addr = proxy_l.local_addr().unwrap();
        let shared = Arc::new(Shared::new(
            cfg,
            format!("http://{rest_addr}"),
            format!("ws://{gateway_addr}"),
        ));
        let ca = tls::generate();
        let acceptor = tokio_rustls::TlsAcceptor::from(ca.server_config.clone());

        let mut tasks = Vec::new();
        let s = shared.clone();
        tasks.push(tokio::spawn(async move {
            loop {
                let Ok((tcp, _)) = rest_l.accept().await else {
                    continue;
                };
                let _ = tcp.set_nodelay(true);
                tokio::spawn(rest::serve_connection(s.clone(), tcp, false));
            }
        }));
        tasks.push(tokio::spawn(gateway::serve(shared.clone(), gw_l)));
        tasks.push(tokio::spawn(connect_proxy::serve(
            shared.clone(),
            proxy_l,
            acceptor,
        )));
        FakeDiscord {
            shared,
            proxy_addr,
            ca,
            tasks,
        }
    }

    // ------------------------------------------------------------------ addresses & config

    /// `http://127.0.0.1:PORT` — give to serenity's `HttpBuilder::proxy`.
    pub fn api_base(&self) -> String {
        self.shared.api_base.clone()
    }
    /// `ws://127.0.0.1:PORT` (what `GET /gateway` returns).
    pub fn gateway_url(&self) -> String {
        self.shared.gateway_url.clone()
    }
    /// `http://127.0.0.1:PORT` of the CONNECT proxy (use as HTTPS_PROXY).
    pub fn https_proxy_url(&self) -> String {
        format!("http://{}", self.proxy_addr)
    }
    /// PEM file of the throwaway CA that signed the `discord.com` certificate.
    pub fn ca_pem_path(&self) -> PathBuf {
        self.ca.ca_path.clone()
    }
    pub fn ca_pem(&self) -> &str {
        &self.ca.ca_pem
    }
    pub fn config(&self) -> &FakeConfig {
        &self.shared.cfg
    }
    pub fn token(&self) -> &str {
        &self.shared.cfg.token
    }
    pub fn application_id(&self) -> u64 {
        self.shared.cfg.application_id
    }
    pub fn bot_user(&self) -> FakeUser {
        self.shared.cfg.bot_user.clone()
    }
    /// Id of the first configured guild.
    pub fn guild_id(&self) -> u64 {
        self.shared.cfg.guilds[0].id
    }
    /// Channel id by name (any guild). Panics if unknown.
    pub fn channel_id(&self, name: &str) -> u64 {
        self.shared
            .cfg
            .guilds
            .iter()
            .find_map(|g| g.channel_by_name(name))
            .unwrap_or_else(|| panic!("fake discord: no channel named {name:?}"))
            .id
    }
    /// User by username (any guild member, or the bot). Panics if unknown.
    pub fn user(&self, username: &str) -> FakeUser {
        if self.shared.cfg.bot_user.username == username {
            return self.bot_user();
        }
        self.shared
            .cfg
            .guilds
            .iter()
            .flat_map(|g| g.members.iter())
            .find(|m| m.user.username == username)
            .map(|m| m.user.clone())
            .unwrap_or_else(|| panic!("fake discord: no user named {username:?}"))
    }

    // ------------------------------------------------------------------ recordings

    /// All REST requests so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.lock().requests.clone()
    }
    /// Number of REST requests so far (use as `since` for [`Self::wait_for_since`]).
    pub fn request_count(&self) -> usize {
        self.shared.lock().requests.len()
    }
    /// Waits until at least `n` REST requests from index `since` on match `pred`. Counts
    /// under the lock without copying the records, so replies still arriving are not held up.
    pub async fn wait_for_count(
        &self,
        since: usize,
        n: usize,
        pred: impl Fn(&Recorded) -> bool,
        timeout: Duration,
    ) -> bool {
        self.wait_until(timeout, || {
            let inner = self.shared.lock();
            let count = inner
                .requests
                .iter()
                .skip(since)
                .filter(|r| pred(r))
                .count();
            (count >= n).then_some(())
        })
        .await
        .is_some()
    }

    pub fn requests_matching(&self, pred: impl Fn(&Recorded) -> bool) -> Vec<Recorded> {
        self.shared
            .lock()
            .requests
            .iter()
            .filter(|r| pred(r))
            .cloned()
            .collect()
    }
    /// Waits for a REST request (already recorded or future) that matches.
    pub async fn wait_for(
        &self,
        pred: impl Fn(&Recorded) -> bool,
        timeout: Duration,
    ) -> Option<Recorded> {
        self.wait_for_since(0, pred, timeout).await
    }
    /// Like [`Self::wait_for`] but only considers requests with `index >= since`.
    pub async fn wait_for_since(
        &self,
        since: usize,
        pred: impl Fn(&Recorded) -> bool,
        timeout: Duration,
    ) -> Option<Recorded> {
        self.wait_until(timeout, || {
            first_since(&self.shared.lock().requests, since, &pred)
        })
        .await
    }
    /// Waits for the bot's reply to message `message_id`: a `POST /channels/{channel_id}/messages`
    /// whose `message_reference` names it.
    pub async fn wait_for_reply_to(
        &self,
        channel_id: u64,
        message_id: u64,
        timeout: Duration,
    ) -> Option<Recorded> {
        let route = format!("/channels/{channel_id}/messages");
        let id = message_id.to_string();
        self.wait_for(
            |r| {
                r.is("POST", &route)
                    && r.body
                        .as_ref()
                        .and_then(|b| b.pointer("/message_reference/message_id"))
                        .is_some_and(|m| m.as_str() == Some(id.as_str()))
            },
            timeout,
        )
        .await
    }
    /// All gateway records so far.
    pub fn gateway_events(&self) -> Vec<GatewayRecord> {
        self.shared.lock().gateway.clone()
    }
    pub fn gateway_count(&self) -> usize {
        self.shared.lock().gateway.len()
    }
    pub async fn wait_for_gateway(
        &self,
        pred: impl Fn(&GatewayRecord) -> bool,
        timeout: Duration,
    ) -> Option<GatewayRecord> {
        self.wait_for_gateway_since(0, pred, timeout).await
    }
    pub async fn wait_for_gateway_since(
        &self,
        since: usize,
        pred: impl Fn(&GatewayRecord) -> bool,
        timeout: Duration,
    ) -> Option<GatewayRecord> {
        self.wait_until(timeout, || {
            first_since(&self.shared.lock().gateway, since, &pred)
        })
        .await
    }
    /// Waits until shard `shard_id` has no connection left (the fake has finished closing or
    /// dropping it), so that events dispatched from now on are queued for a RESUME.
    pub async fn wait_for_disconnected(&self, shard_id: u32, timeout: Duration) -> bool {
        self.wait_until(timeout, || {
            let inner = self.shared.lock();
            let live = inner
                .conns
                .values()
                .any(|c| c.shard.is_some_and(|s| s[0] == shard_id));
            (!live).then_some(())
        })
        .await
        .is_some()
    }
    /// IDENTIFY payloads received (payload = the `d`, incl. token, intents, shard).
    pub fn identifies(&self) -> Vec<GatewayRecord> {
        self.gateway_of_kind(GatewayKind::Identify)
    }
    pub fn resumes(&self) -> Vec<GatewayRecord> {
        self.gateway_of_kind(GatewayKind::Resume)
    }
    pub fn heartbeats(&self) -> Vec<GatewayRecord> {
        self.gateway_of_kind(GatewayKind::Heartbeat)
    }
    fn gateway_of_kind(&self, k: GatewayKind) -> Vec<GatewayRecord> {
        self.shared
            .lock()
            .gateway
            .iter()
            .filter(|r| r.kind == k)
            .cloned()
            .collect()
    }
    /// CONNECT targets seen by the HTTPS proxy.
    pub fn proxy_connects(&self) -> Vec<String> {
        self.shared.lock().proxy_connects.clone()
    }
    /// Forget all recorded requests and gateway events (indices restart at 0).
    pub fn clear_records(&self) {
        let mut inner = self.shared.lock();
        inner.requests.clear();
        inner.gateway.clear();
    }

    /// `[shard_id, num_shards]` of live, identified/resumed connections.
    pub fn live_shards(&self) -> Vec<[u32; 2]> {
        let inner = self.shared.lock();
        let mut v: Vec<[u32; 2]> = inner
            .conns
            .values()
            .filter(|c| c.ready)
            .filter_map(|c| c.shard)
            .collect();
        v.sort();
        v
    }

    /// Waits until shard `shard_id` has a live connection that has been sent READY (and its
    /// GUILD_CREATEs) or RESUMED.
    pub async fn wait_for_ready(&self, shard_id: u32, timeout: Duration) -> bool {
        self.wait_until(timeout, || {
            let inner = self.shared.lock();
            // The shard's newest connection decides: an older one may linger, still marked
            // ready, while the new one is identifying or resuming.
            let (cid, shard, ready) = inner
                .conns
                .iter()
                .filter(|(_, c)| c.shard.map(|s| s[0]) == Some(shard_id))
                .map(|(id, c)| (*id, c.shard.unwrap(), c.ready))
                .max()?;
            // A newer connection that has not said which shard it is may be this shard's
            // replacement: wait until it has identified or resumed.
            let pending = inner
                .conns
                .iter()
                .any(|(id, c)| c.shard.is_none() && *id > cid);
            if !ready || pending {
                return None;
            }
            let sent: Vec<&GatewayRecord> = inner
                .gateway
                .iter()
                .filter(|r| r.conn_id == cid && r.kind == GatewayKind::Sent)
                .collect();
            if sent.iter().any(|r| r.event_name() == Some("RESUMED")) {
                return Some(());
            }
            if !sent.iter().any(|r| r.event_name() == Some("READY")) {
                return None;
            }
            let want = self
                .shared
                .cfg
                .guilds
                .iter()
                .filter(|g| shard_for(g.id, shard[1]) == shard[0])
                .count();
            let got = sent
                .iter()
                .filter(|r| r.event_name() == Some("GUILD_CREATE"))
                .count();
            (got >= want).then_some(())
        })
        .await
        .is_some()
    }

    async fn wait_until<T>(
        &self,
        timeout: Duration,
        mut check: impl FnMut() -> Option<T>,
    ) -> Option<T> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = self.shared.notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if let Some(v) = check() {
                return Some(v);
            }
            // Also poll periodically, as a safety net.
            let wake = (tokio::time::Instant::now() + Duration::from_millis(50)).min(deadline);
            let _ = tokio::time::timeout_at(wake, notified).await;
            if tokio::time::Instant::now() >= deadline {
                return check();
            }
        }
    }

    // ------------------------------------------------------------------ stored state

    /// A stored message (sent by a user via the fake, or by the bot via REST).
    pub fn message(&self, id: u64) -> Option<Value> {
        self.shared.lock().messages.get(&id).cloned()
    }
    /// The bytes uploaded for an attachment object (found by its `id`).
    pub fn attachment_bytes(&self, attachment: &Value) -> Option<Vec<u8>> {
        let id: u64 = attachment["id"].as_str()?.parse().ok()?;
        self.shared.files().get(&id).cloned()
    }
    /// Stored messages of a channel, oldest first.
    pub fn messages_in(&self, channel_id: u64) -> Vec<Value> {
        let inner = self.shared.lock();
        let mut v: Vec<(u64, Value)> = inner
            .messages
            .iter()
            .filter(|(_, m)| m["channel_id"] == json!(channel_id.to_string()))
            .map(|(k, m)| (*k, m.clone()))
            .collect();
        v.sort_by_key(|(k, _)| *k);
        v.into_iter().map(|(_, m)| m).collect()
    }
    /// Global commands as stored by the last bulk overwrite (with ids).
    pub fn global_commands(&self) -> Vec<Value> {
        self.shared.lock().global_commands.clone()
    }
    pub fn guild_commands(&self, guild_id: u64) -> Vec<Value> {
        self.shared
            .lock()
            .guild_commands
            .get(&guild_id)
            .cloned()
            .unwrap_or_default()
    }
    /// The stored @original response message of an interaction, if any.
    pub fn original_response(&self, interaction: &FakeInteraction) -> Option<Value> {
        let inner = self.shared.lock();
        let mid = inner.interactions.get(&interaction.token)?.original?;
        inner.messages.get(&mid).cloned()
    }
    /// Waits for the initial response (`POST /interactions/{id}/{token}/callback`).
    pub async fn wait_for_interaction_response(
        &self,
        interaction: &FakeInteraction,
        timeout: Duration,
    ) -> Option<Recorded> {
        let route = interaction.callback_route();
        self.wait_for(|r| r.is("POST", &route), timeout).await
    }

    // ------------------------------------------------------------------ dispatch helpers

    fn guild_of(&self, channel_id: u64) -> &FakeGuild {
        self.shared
            .cfg
            .guild_of_channel(channel_id)
            .unwrap_or_else(|| panic!("fake discord: unknown channel {channel_id}"))
    }

    /// Dispatch a raw event to the shard owning `guild_id` (no intent filtering).
    /// Returns how many sessions it was queued for.
    pub fn dispatch_raw(&self, guild_id: u64, event: &str, d: Value) -> usize {
        gateway::dispatch_guild(&self.shared, guild_id, event, d, 0)
    }

    /// A user posts `content` in a guild channel: MESSAGE_CREATE (with guild_id and member).
    /// Returns the new message id.
    pub fn send_message(&self, channel_id: u64, author: &FakeUser, content: &str) -> u64 {
        self.send_message_with(channel_id, author, content, json!({}))
    }

    /// Like [`Self::send_message`]; `extra` fields are merged into the message object
    /// (e.g. `{"message_reference": {...}, "embeds": [...], "attachments": [...]}`).
    pub fn send_message_with(
        &self,
        channel_id: u64,
        author: &FakeUser,
        content: &str,
        extra: Value,
    ) -> u64 {
        let g = self.guild_of(channel_id);
        let id = self.shared.snowflake();
        let mentions = rest::mentions_in(&self.shared, g.id, content, None);
        let mut msg = payloads::message(id, channel_id, author, content, mentions, Some(&extra));
        if content.contains("@everyone") || content.contains("@here") {
            msg["mention_everyone"] =
                json!(g.channel_permissions(author.id, channel_id) & perms::MENTION_EVERYONE != 0);
        }
        if let Some(r) = extra
            .pointer("/message_reference/message_id")
            .and_then(Value::as_str)
        {
            if let Some(referenced) = r.parse::<u64>().ok().and_then(|r| self.message(r)) {
                msg["referenced_message"] = referenced;
                msg["type"] = json!(19);
            }
        }
        self.shared.lock().messages.insert(id, msg.clone());
        let d = rest::gateway_message(&self.shared, &msg, g.id);
        gateway::dispatch_guild(
            &self.shared,
            g.id,
            "MESSAGE_CREATE",
            d,
            intents::GUILD_MESSAGES,
        );
        id
    }

    /// The author edits a stored message: MESSAGE_UPDATE (full message, v10 style).
    pub fn edit_message(&self, channel_id: u64, message_id: u64, new_content: &str) {
        let g = self.guild_of(channel_id);
        let msg = {
            let mut inner = self.shared.lock();
            let m = inner
                .messages
                .get_mut(&message_id)
                .unwrap_or_else(|| panic!("fake discord: unknown message {message_id}"));
            m["content"] = json!(new_content);
            m["edited_timestamp"] = json!(state::iso_now());
            m.clone()
        };
        let mut msg = msg;
        msg["mentions"] = Value::Array(rest::mentions_in(&self.shared, g.id, new_content, None));
        self.shared.lock().messages.insert(message_id, msg.clone());
        let d = rest::gateway_message(&self.shared, &msg, g.id);
        gateway::dispatch_guild(
            &self.shared,
            g.id,
            "MESSAGE_UPDATE",
            d,
            intents::GUILD_MESSAGES,
        );
    }

    /// A message is deleted: MESSAGE_DELETE.
    pub fn delete_message(&self, channel_id: u64, message_id: u64) {
        let g = self.guild_of(channel_id);
        self.shared.lock().messages.remove(&message_id);
        gateway::dispatch_guild(
            &self.shared,
            g.id,
            "MESSAGE_DELETE",
            json!({"id": message_id.to_string(), "channel_id": channel_id.to_string(), "guild_id": g.id.to_string()}),
            intents::GUILD_MESSAGES,
        );
    }

    fn command_id(&self, guild_id: u64, name: &str, kind: u64) -> String {
        let inner = self.shared.lock();
        let find = |list: &Vec<Value>| {
            list.iter()
                .find(|c| c["name"] == json!(name) && c["type"].as_u64().unwrap_or(1) == kind)
                .and_then(|c| c["id"].as_str().map(str::to_string))
        };
        inner
            .guild_commands
            .get(&guild_id)
            .and_then(find)
            .or_else(|| find(&inner.global_commands))
            .unwrap_or_else(|| self.shared.snowflake().to_string())
    }

    fn resolved_for_options(
        &self,
        g: &FakeGuild,
        channel_id: u64,
        options: &Value,
        resolved: &mut Value,
    ) {
        let Some(arr) = options.as_array() else {
            return;
        };
        for o in arr {
            let t = o.get("type").and_then(Value::as_u64).unwrap_or(0);
            let id = o.get("value").and_then(|v| {
                v.as_str()
                    .map(str::to_string)
                    .or(v.as_u64().map(|u| u.to_string()))
            });
            match (t, id.and_then(|s| s.parse::<u64>().ok())) {
                (6, Some(uid)) => {
                    if let Some(u) = self.shared.cfg.user(uid) {
                        resolved["users"][uid.to_string()] = payloads::user(&u);
                        if let Some(m) = g.member(uid) {
                            let mut pm = payloads::partial_member(m);
                            pm["permissions"] =
                                json!(g.channel_permissions(uid, channel_id).to_string());
                            resolved["members"][uid.to_string()] = pm;
                        }
                    }
                }
                (7, Some(cid)) => {
                    if let Some((_, c)) = self.shared.cfg.channel(cid) {
                        resolved["channels"][cid.to_string()] = json!({
                            "id": cid.to_string(), "name": c.name, "type": c.kind,
                            "permissions": g.channel_permissions(self.shared.cfg.bot_user.id, cid).to_string(),
                        });
                    }
                }
                (8, Some(rid)) => {
                    if let Some(r) = g.role(rid) {
                        resolved["roles"][rid.to_string()] = payloads::role(g.id, r);
                    } else if rid == g.id {
                        resolved["roles"][rid.to_string()] = payloads::everyone_role(g);
                    }
                }
                _ => {}
            }
            if let Some(sub) = o.get("options") {
                self.resolved_for_options(g, channel_id, sub, resolved);
            }
        }
    }

    fn dispatch_interaction(
        &self,
        channel_id: u64,
        user: &FakeUser,
        kind: u8,
        data: Value,
        message: Option<Value>,
        command_name: Option<String>,
    ) -> FakeInteraction {
        let cfg = &self.shared.cfg;
        let g = self.guild_of(channel_id);
        let (_, ch) = cfg.channel(channel_id).unwrap();
        let id = self.shared.snowflake();
        let token = format!("aW50ZXJhY3Rpb246{}:{}", id, self.shared.rand_token(140));
        let member = payloads::member_or_default(g, user);
        let mut channel = payloads::channel(g, ch);
        channel["permissions"] = json!(g.channel_permissions(user.id, channel_id).to_string());
        let mut d = json!({
            "id": id.to_string(),
            "application_id": cfg.application_id.to_string(),
            "type": kind,
            "data": data,
            "guild_id": g.id.to_string(),
            "guild": { "id": g.id.to_string(), "locale": g.preferred_locale, "features": [] },
            "channel_id": channel_id.to_string(),
            "channel": channel,
            "member": payloads::interaction_member(g, &member, channel_id),
            "token": token,
            "version": 1,
            "app_permissions": g.channel_permissions(cfg.bot_user.id, channel_id).to_string(),
            "locale": "en-US",
            "guild_locale": g.preferred_locale,
            "entitlements": [],
            "authorizing_integration_owners": { "0": g.id.to_string() },
            "context": 0,
            "attachment_size_limit": 10_485_760,
        });
        let message_id = message
            .as_ref()
            .and_then(|m| m["id"].as_str())
            .and_then(|s| s.parse::<u64>().ok());
        if let Some(m) = message {
            d["message"] = m;
        }
        let state = InteractionState {
            id,
            created: Instant::now(),
            acked: false,
            // For component interactions, @original is the message the component is on.
            original: if kind == 3 { message_id } else { None },
            channel_id,
            guild_id: g.id,
            user_id: user.id,
            kind,
            command_name,
        };
        self.track_and_dispatch(token, state, d)
    }

    /// Records the interaction `state` under `token` and dispatches INTERACTION_CREATE `d` to
    /// the shard of its guild.
    fn track_and_dispatch(
        &self,
        token: String,
        state: InteractionState,
        d: Value,
    ) -> FakeInteraction {
        let (id, guild_id, channel_id) = (state.id, state.guild_id, state.channel_id);
        self.shared.lock().interactions.insert(token.clone(), state);
        gateway::dispatch_guild(&self.shared, guild_id, "INTERACTION_CREATE", d.clone(), 0);
        FakeInteraction {
            id,
            token,
            guild_id,
            channel_id,
            payload: d,
        }
    }

    /// A user runs slash command `name` (type 2, data.type 1). `options` is Discord's option
    /// array, e.g. `json!([{"name": "query", "type": 3, "value": "moon"}])`; use `json!([])`
    /// for none. `resolved` is filled in for user/channel/role options.
    pub fn send_slash_command(
        &self,
        channel_id: u64,
        user: &FakeUser,
        name: &str,
        options: Value,
    ) -> FakeInteraction {
        let g = self.guild_of(channel_id);
        let mut resolved = json!({});
        self.resolved_for_options(g, channel_id, &options, &mut resolved);
        let mut data = json!({
            "id": self.command_id(g.id, name, 1),
            "name": name,
            "type": 1,
            "options": options,
            "guild_id": g.id.to_string(),
        });
        if resolved.as_object().is_some_and(|o| !o.is_empty()) {
            data["resolved"] = resolved;
        }
        self.dispatch_interaction(channel_id, user, 2, data, None, Some(name.to_string()))
    }

    /// Autocomplete request (type 4) for slash command `name`. If no option in `options` has
    /// `"focused": true`, the last top-level option is marked focused. Values stay strings
    /// (Discord sends the partial input as a string even for number options).
    pub fn send_autocomplete(
        &self,
        channel_id: u64,
        user: &FakeUser,
        name: &str,
        mut options: Value,
    ) -> FakeInteraction {
        fn has_focus(v: &Value) -> bool {
            v.as_array().is_some_and(|a| {
                a.iter().any(|o| {
                    o.get("focused") == Some(&json!(true))
                        || o.get("options").is_some_and(has_focus)
                })
            })
        }
        if !has_focus(&options) {
            if let Some(last) = options.as_array_mut().and_then(|a| a.last_mut()) {
                last["focused"] = json!(true);
            }
        }
        let g = self.guild_of(channel_id);
        let data = json!({
            "id": self.command_id(g.id, name, 1),
            "name": name,
            "type": 1,
            "options": options,
            "guild_id": g.id.to_string(),
        });
        self.dispatch_interaction(channel_id, user, 4, data, None, Some(name.to_string()))
    }

    /// Message context-menu command (type 2, data.type 3) on a stored message.
    pub fn send_message_command(
        &self,
        channel_id: u64,
        user: &FakeUser,
        name: &str,
        target_message_id: u64,
    ) -> FakeInteraction {
        let g = self.guild_of(channel_id);
        let target = self
            .message(target_message_id)
            .unwrap_or_else(|| panic!("fake discord: unknown target message {target_message_id}"));
        let mut target_v = target.clone();
        if let Some(o) = target_v.as_object_mut() {
            o.remove("guild_id");
            o.remove("member");
        }
        let data = json!({
            "id": self.command_id(g.id, name, 3),
            "name": name,
            "type": 3,
            "target_id": target_message_id.to_string(),
            "resolved": { "messages": { target_message_id.to_string(): target_v } },
            "guild_id": g.id.to_string(),
        });
        self.dispatch_interaction(channel_id, user, 2, data, None, Some(name.to_string()))
    }

    /// User context-menu command (type 2, data.type 2) on a member.
    pub fn send_user_command(
        &self,
        channel_id: u64,
        user: &FakeUser,
        name: &str,
        target: &FakeUser,
    ) -> FakeInteraction {
        let g = self.guild_of(channel_id);
        let mut resolved = json!({});
        self.resolved_for_options(
            g,
            channel_id,
            &json!([{"type": 6, "value": target.id.to_string()}]),
            &mut resolved,
        );
        let data = json!({
            "id": self.command_id(g.id, name, 2),
            "name": name,
            "type": 2,
            "target_id": target.id.to_string(),
            "resolved": resolved,
            "guild_id": g.id.to_string(),
        });
        self.dispatch_interaction(channel_id, user, 2, data, None, Some(name.to_string()))
    }

    /// Through the app they installed to their own account, `user` runs message command
    /// `name` on a message `author` wrote in a server that never invited the bot (a user
    /// install: `context` 0, `authorizing_integration_owners` {"1": user}). The server and
    /// its channel are unknown to the bot; the message is stored so that the response is.
    /// `None` when no global command `name` is available there, i.e. registered with
    /// integration type 1 (user install) and context 0 (guild): Discord would not offer it.
    pub fn send_user_installed_message_command(
        &self,
        user: &FakeUser,
        name: &str,
        author: &FakeUser,
        content: &str,
    ) -> Option<FakeInteraction> {
        let command = self.global_commands().into_iter().find(|c| {
            c["name"] == json!(name)
                && c["type"] == json!(3)
                && c["integration_types"]
                    .as_array()
                    .is_some_and(|t| t.contains(&json!(1)))
                && c["contexts"]
                    .as_array()
                    .is_some_and(|t| t.contains(&json!(0)))
        })?;
        let cfg = &self.shared.cfg;
        let guild_id = self.shared.snowflake();
        let channel_id = self.shared.snowflake();
        let target_id = self.shared.snowflake();
        let target = payloads::message(target_id, channel_id, author, content, vec![], None);
        self.shared
            .lock()
            .messages
            .insert(target_id, target.clone());
        let id = self.shared.snowflake();
        let token = format!("aW50ZXJhY3Rpb246{}:{}", id, self.shared.rand_token(140));
        let everyone = perms::EVERYONE_DEFAULT;
        let mut member = payloads::member(&FakeMember {
            user: user.clone(),
            roles: vec![],
            nick: None,
        });
        member["permissions"] = json!(everyone.to_string());
        let d = json!({
            "id": id.to_string(),
            "application_id": cfg.application_id.to_string(),
            "type": 2,
            "data": {
                "id": command["id"],
                "name": name,
                "type": 3,
                "target_id": target_id.to_string(),
                "resolved": { "messages": { target_id.to_string(): target } },
            },
            "guild_id": guild_id.to_string(),
            "guild": { "id": guild_id.to_string(), "locale": "en-US", "features": [] },
            "channel_id": channel_id.to_string(),
            "channel": {
                "id": channel_id.to_string(),
                "type": 0,
                "guild_id": guild_id.to_string(),
                "name": "elsewhere",
                "position": 0,
                "permission_overwrites": [],
                "nsfw": false,
                "parent_id": null,
                "flags": 0,
                "permissions": everyone.to_string(),
            },
            "member": member,
            "token": token,
            "version": 1,
            // What a user-installed app may use in a server it is not in.
            "app_permissions": (perms::EMBED_LINKS | perms::ATTACH_FILES | perms::MENTION_EVERYONE).to_string(),
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": { "1": user.id.to_string() },
            "context": 0,
            "attachment_size_limit": 10_485_760,
        });
        let state = InteractionState {
            id,
            created: Instant::now(),
            acked: false,
            original: None,
            channel_id,
            guild_id,
            user_id: user.id,
            kind: 2,
            command_name: Some(name.to_string()),
        };
        Some(self.track_and_dispatch(token, state, d))
    }

    /// A user clicks a button (`custom_id`) on a stored message (type 3, component_type 2).
    pub fn send_component_click(
        &self,
        channel_id: u64,
        user: &FakeUser,
        message_id: u64,
        custom_id: &str,
    ) -> FakeInteraction {
        self.send_component(
            channel_id,
            user,
            message_id,
            json!({ "custom_id": custom_id, "component_type": 2 }),
        )
    }

    /// A user picks `values` in a string select menu (type 3, component_type 3).
    pub fn send_select(
        &self,
        channel_id: u64,
        user: &FakeUser,
        message_id: u64,
        custom_id: &str,
        values: &[&str],
    ) -> FakeInteraction {
        self.send_component(
            channel_id,
            user,
            message_id,
            json!({ "custom_id": custom_id, "component_type": 3, "values": values }),
        )
    }

    fn send_component(
        &self,
        channel_id: u64,
        user: &FakeUser,
        message_id: u64,
        data: Value,
    ) -> FakeInteraction {
        let mut msg = self
            .message(message_id)
            .unwrap_or_else(|| panic!("fake discord: unknown message {message_id}"));
        if let Some(o) = msg.as_object_mut() {
            o.remove("guild_id");
            o.remove("member");
        }
        self.dispatch_interaction(channel_id, user, 3, data, Some(msg), None)
    }

    // ------------------------------------------------------------------ fault injection

    /// Holds every IDENTIFY from now on: the fake reads it but answers (READY or a close)
    /// only after [`Self::release_identify`]. Meanwhile the connection reads nothing else.
    pub fn hold_identify(&self) {
        self.shared.hold_identify.send_replace(true);
    }

    /// Answers the held IDENTIFYs and stops holding new ones.
    pub fn release_identify(&self) {
        self.shared.hold_identify.send_replace(false);
    }

    /// Send op 7 RECONNECT to the live connection(s) of a shard.
    pub fn send_reconnect(&self, shard_id: u32) -> usize {
        gateway::send_to_shard(&self.shared, shard_id, || {
            ConnCmd::Send(json!({"op": 7, "d": null, "s": null, "t": null}).to_string())
        })
    }
    /// Send op 9 INVALID_SESSION. With `resumable == false` the session can no longer be resumed.
    pub fn send_invalid_session(&self, shard_id: u32, resumable: bool) -> usize {
        if !resumable {
            let mut inner = self.shared.lock();
            for s in inner
                .sessions
                .values_mut()
                .filter(|s| s.shard[0] == shard_id)
            {
                s.resumable = false;
            }
        }
        gateway::send_to_shard(&self.shared, shard_id, || {
            ConnCmd::Send(json!({"op": 9, "d": resumable, "s": null, "t": null}).to_string())
        })
    }
    /// Send op 1 HEARTBEAT (server asks the client for an immediate heartbeat).
    pub fn request_heartbeat(&self, shard_id: u32) -> usize {
        let seq = {
            let inner = self.shared.lock();
            inner
                .sessions
                .values()
                .filter(|s| s.shard[0] == shard_id && s.resumable)
                .map(|s| s.seq)
                .max()
        };
        gateway::send_to_shard(&self.shared, shard_id, || {
            ConnCmd::Send(json!({"op": 1, "d": seq, "s": null, "t": null}).to_string())
        })
    }
    /// Close the shard's connection(s) with a close frame (e.g. 4000 unknown error — resumable;
    /// 4004 auth failed, 4009 session timed out — not resumable).
    pub fn close_shard(&self, shard_id: u32, code: u16, reason: &str) -> usize {
        gateway::send_to_shard(&self.shared, shard_id, || {
            ConnCmd::Close(code, reason.to_string())
        })
    }
    /// Drop the shard's TCP connection(s) without a close frame. The session stays resumable.
    pub fn drop_shard(&self, shard_id: u32) -> usize {
        gateway::send_to_shard(&self.shared, shard_id, || ConnCmd::Drop)
    }
    /// Stop (false) or resume (true) answering heartbeats with op 11 (zombie connection).
    pub fn set_heartbeat_ack(&self, ack: bool) {
        self.shared.lock().heartbeat_ack = ack;
    }
    /// Make every existing session non-resumable (RESUME then gets op 9 `false`).
    pub fn invalidate_all_sessions(&self) {
        for s in self.shared.lock().sessions.values_mut() {
            s.resumable = false;
        }
    }
    /// The next `n` REST responses are 429 with Discord's headers and body.
    pub fn rate_limit_next(&self, n: usize, retry_after: f64) {
        self.inject(
            n,
            FaultKind::RateLimit {
                retry_after,
                global: false,
            },
            None,
        );
    }
    /// Like [`Self::rate_limit_next`], only for routes containing `route_contains`
    /// (e.g. `"/messages"`), optionally as a global rate limit.
    pub fn rate_limit_next_matching(
        &self,
        n: usize,
        retry_after: f64,
        global: bool,
        route_contains: &str,
    ) {
        self.inject(
            n,
            FaultKind::RateLimit {
                retry_after,
                global,
            },
            Some(route_contains.to_string()),
        );
    }
    /// The next `n` REST responses have status `status` (e.g. 500, 502, 503).
    pub fn fail_next(&self, n: usize, status: u16) {
        self.inject(n, FaultKind::Status(status), None);
    }
    pub fn fail_next_matching(&self, n: usize, status: u16, route_contains: &str) {
        self.inject(
            n,
            FaultKind::Status(status),
            Some(route_contains.to_string()),
        );
    }
    fn inject(&self, n: usize, kind: FaultKind, route_contains: Option<String>) {
        if n > 0 {
            self.shared.lock().faults.push_back(RestFault {
                remaining: n,
                kind,
                route_contains,
            });
        }
    }
    /// Change the application flags (affects `GET /oauth2/applications/@me`, READY, and which
    /// privileged intents IDENTIFY accepts from now on).
    pub fn set_application_flags(&self, flags: u64) {
        self.shared.lock().app_flags = flags;
    }
}
