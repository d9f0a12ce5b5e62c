//! Shared mutable state of the fake: configuration, recordings, stored objects, sessions.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use serde_json::Value;
use tokio::sync::{mpsc, Notify};

use super::config::FakeConfig;

/// Discord epoch (2015-01-01T00:00:00Z) in milliseconds.
pub const DISCORD_EPOCH_MS: u64 = 1_420_070_400_000;

/// One recorded REST request (and the status the fake answered with).
#[derive(Clone, Debug)]
pub struct Recorded {
    /// Sequence number among all REST requests (0-based).
    pub index: usize,
    pub method: String,
    /// Full request path, e.g. `/api/v10/channels/1/messages`.
    pub path: String,
    /// Path without the `/api/v10` prefix, e.g. `/channels/1/messages`.
    pub route: String,
    /// Raw query string (without `?`), if any.
    pub query: Option<String>,
    /// Header names are lower-case.
    pub headers: Vec<(String, String)>,
    /// JSON body (for multipart requests: the `payload_json` part), if any.
    pub body: Option<Value>,
    pub raw_body: Vec<u8>,
    /// Status the fake answered with.
    pub status: u16,
    /// JSON body the fake answered with, if any (e.g. the created message of a POST).
    pub response: Option<Value>,
    /// true when it came through the CONNECT proxy + TLS.
    pub via_tls: bool,
    pub at: Instant,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }
    /// `method == m && route == r`
    pub fn is(&self, method: &str, route: &str) -> bool {
        self.method.eq_ignore_ascii_case(method) && self.route == route
    }
    /// The id of the object the fake answered with (e.g. the message a POST created).
    pub fn response_id(&self) -> Option<u64> {
        self.response.as_ref()?.get("id")?.as_str()?.parse().ok()
    }
}

/// Kind of a recorded gateway event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GatewayKind {
    /// A websocket connection was accepted (payload: `{"query": ...}`).
    Connected,
    /// Client sent IDENTIFY (op 2). payload = its `d`.
    Identify,
    /// Client sent RESUME (op 6). payload = its `d`.
    Resume,
    /// Client sent HEARTBEAT (op 1). payload = its `d` (the seq or null).
    Heartbeat,
    /// Client sent PRESENCE UPDATE (op 3).
    PresenceUpdate,
    /// Client sent REQUEST GUILD MEMBERS (op 8).
    RequestGuildMembers,
    /// Client sent some other opcode.
    OtherOp(u64),
    /// The fake sent a payload (payload = the full `{op,d,s,t}` object).
    Sent,
    /// The fake closed the connection (payload: `{"code": u16|null, "reason": ..}`; code null = TCP drop).
    ServerClosed,
    /// The client closed / the connection ended (payload: `{"code": u16|null}`).
    ClientClosed,
}

/// One recorded gateway event.
#[derive(Clone, Debug)]
pub struct GatewayRecord {
    pub index: usize,
    /// Id of the websocket connection (increasing from 1).
    pub conn_id: u64,
    /// `[shard_id, num_shards]` once known for this connection.
    pub shard: Option<[u32; 2]>,
    pub kind: GatewayKind,
    pub payload: Value,
    pub at: Instant,
}

impl GatewayRecord {
    /// For `Sent` records: the `t` of a dispatch.
    pub fn event_name(&self) -> Option<&str> {
        self.payload.get("t").and_then(Value::as_str)
    }
    /// For `Sent` records: the opcode.
    pub fn op(&self) -> Option<u64> {
        self.payload.get("op").and_then(Value::as_u64)
    }
}

/// A REST fault to inject into upcoming responses.
#[derive(Clone, Debug)]
pub enum FaultKind {
    /// 429 with Discord's headers and body.
    RateLimit { retry_after: f64, global: bool },
    /// Any status (e.g. 500, 502, 503) with a Discord-style error body.
    Status(u16),
}

#[derive(Clone, Debug)]
pub struct RestFault {
    pub remaining: usize,
    pub kind: FaultKind,
    /// Only requests whose route contains this substring are affected (None = all).
    pub route_contains: Option<String>,
}

/// Commands a connection task accepts.
#[derive(Debug)]
pub enum ConnCmd {
    /// Send a text payload (already serialised). Compressed if the connection asked for it and
    /// it is big enough.
    Send(String),
    Close(u16, String),
    /// Drop the TCP connection without a close frame.
    Drop,
}

pub struct ConnHandle {
    pub tx: mpsc::UnboundedSender<ConnCmd>,
    pub shard: Option<[u32; 2]>,
    pub session_id: Option<String>,
    /// Whether READY/RESUMED has been sent on this connection.
    pub ready: bool,
}

pub struct Session {
    pub shard: [u32; 2],
    pub intents: u64,
    pub seq: u64,
    /// Sent dispatches (seq, serialized payload) for replay on RESUME.
    pub buffer: Vec<(u64, String)>,
    pub resumable: bool,
    pub conn: Option<u64>,
    pub compress: bool,
    pub token: String,
}

pub struct InteractionState {
    pub id: u64,
    pub created: Instant,
    pub acked: bool,
    pub original: Option<u64>,
    pub channel_id: u64,
    pub guild_id: u64,
    pub user_id: u64,
    pub kind: u8,
    pub command_name: Option<String>,
}

pub struct Inner {
    pub requests: Vec<Recorded>,
    pub gateway: Vec<GatewayRecord>,
    pub faults: VecDeque<RestFault>,
    pub app_flags: u64,
    pub global_commands: Vec<Value>,
    pub guild_commands: HashMap<u64, Vec<Value>>,
    /// message id -> full message JSON (REST shape, plus `guild_id`).
    pub messages: HashMap<u64, Value>,
    /// token -> interaction
    pub interactions: HashMap<String, InteractionState>,
    pub sessions: HashMap<String, Session>,
    pub conns: HashMap<u64, ConnHandle>,
    pub heartbeat_ack: bool,
    pub next_conn_id: u64,
    /// Targets of CONNECT requests seen by the proxy.
    pub proxy_connects: Vec<String>,
}

pub struct Shared {
    pub cfg: FakeConfig,
    pub api_base: String,
    pub gateway_url: String,
    pub inner: Mutex<Inner>,
    /// attachment id -> the bytes uploaded for it; apart from `inner`, so that a file is
    /// stored while a route holds `inner`.
    pub files: Mutex<HashMap<u64, Vec<u8>>>,
    pub notify: Notify,
    /// While true, IDENTIFYs wait unanswered (no READY) until it turns false.
    pub hold_identify: tokio::sync::watch::Sender<bool>,
    last_snowflake: AtomicU64,
    rng: AtomicU64,
}

impl Shared {
    pub fn new(cfg: FakeConfig, api_base: String, gateway_url: String) -> Self {
        let seed = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64
            ^ 0x9E37_79B9_7F4A_7C15;
        let app_flags = cfg.application_flags;
        Shared {
            cfg,
            api_base,
            gateway_url,
            inner: Mutex::new(Inner {
                requests: Vec::new(),
                gateway: Vec::new(),
                faults: VecDeque::new(),
                app_flags,
                global_commands: Vec::new(),
                guild_commands: HashMap::new(),
                messages: HashMap::new(),
                interactions: HashMap::new(),
                sessions: HashMap::new(),
                conns: HashMap::new(),
                heartbeat_ack: true,
                next_conn_id: 1,
                proxy_connects: Vec::new(),
            }),
            files: Mutex::new(HashMap::new()),
            notify: Notify::new(),
            hold_identify: tokio::sync::watch::channel(false).0,
            last_snowflake: AtomicU64::new(0),
            rng: AtomicU64::new(seed | 1),
        }
    }

    pub fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The uploaded files.
    pub fn files(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Vec<u8>>> {
        self.files.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A fresh, realistic, strictly increasing snowflake for "now".
    pub fn snowflake(&self) -> u64 {
        let ms = now_ms().saturating_sub(DISCORD_EPOCH_MS);
        let candidate = (ms << 22) | (1 << 17) | (1 << 12);
        let mut last = self.last_snowflake.load(Ordering::SeqCst);
        loop {
            let next = if candidate > last {
                candidate
            } else {
                last + 1
            };
            match self.last_snowflake.compare_exchange(
                last,
                next,
                Ordering::SeqCst,
                Ordering::SeqCst,
            ) {
                Ok(_) => return next,
                Err(actual) => last = actual,
            }
        }
    }

    pub fn rand_u64(&self) -> u64 {
        // xorshift64*
        let mut x = self.rng.load(Ordering::SeqCst);
        loop {
            let mut y = x;
            y ^= y >> 12;
            y ^= y << 25;
            y ^= y >> 27;
            match self
                .rng
                .compare_exchange(x, y, Ordering::SeqCst, Ordering::SeqCst)
            {
                Ok(_) => return y.wrapping_mul(0x2545_F491_4F6C_DD1D),
                Err(a) => x = a,
            }
        }
    }

    pub fn rand_hex(&self, len: usize) -> String {
        let mut s = String::with_capacity(len);
        while s.len() < len {
            s.push_str(&format!("{:016x}", self.rand_u64()));
        }
        s.truncate(len);
        s
    }

    pub fn rand_token(&self, len: usize) -> String {
        const CH: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        (0..len)
            .map(|_| CH[(self.rand_u64() % CH.len() as u64) as usize] as char)
            .collect()
    }

    pub fn record_gateway(&self, conn_id: u64, kind: GatewayKind, payload: Value) {
        {
            let mut inner = self.lock();
            let from_payload = || {
                let a = payload.get("shard")?.as_array()?;
                Some([a.first()?.as_u64()? as u32, a.get(1)?.as_u64()? as u32])
            };
            let shard = match kind {
                GatewayKind::Identify => from_payload().or(Some([0, 1])),
                _ => inner.conns.get(&conn_id).and_then(|c| c.shard),
            };
            let index = inner.gateway.len();
            inner.gateway.push(GatewayRecord {
                index,
                conn_id,
                shard,
                kind,
                payload,
                at: Instant::now(),
            });
        }
        self.notify.notify_waiters();
    }
}

pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
}

/// ISO 8601 timestamp as Discord formats it, e.g. `2024-05-01T12:34:56.789000+00:00`.
pub fn iso_timestamp_ms(ms: u64) -> String {
    let secs = ms / 1000;
    let millis = ms % 1000;
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (h, m, s) = (rem / 3600, (rem % 3600) / 60, rem % 60);
    // civil_from_days (Howard Hinnant)
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let mo = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if mo <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{mo:02}-{d:02}T{h:02}:{m:02}:{s:02}.{:06}+00:00",
        millis * 1000
    )
}

pub fn iso_now() -> String {
    iso_timestamp_ms(now_ms())
}

/// Timestamp encoded in a snowflake, as ISO 8601.
pub fn snowflake_timestamp(id: u64) -> String {
    iso_timestamp_ms((id >> 22) + DISCORD_EPOCH_MS)
}
