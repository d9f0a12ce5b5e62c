//! The REST API v10 handler (served on plain HTTP and inside the CONNECT+TLS tunnel).

use std::convert::Infallible;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::io::{AsyncRead, AsyncWrite};

use super::config::{intents, perms, FakeUser};
use super::files::{apply_files, FilePart};
use super::gateway;
use super::payloads::{self as p, discord_error, invalid_form_body};
use super::state::{FaultKind, InteractionState, Recorded, Shared};

pub type Body = Full<Bytes>;

/// Serve HTTP/1.1 on one connection.
pub async fn serve_connection<IO>(shared: Arc<Shared>, io: IO, via_tls: bool)
where
    IO: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let svc = service_fn(move |req| {
        let shared = shared.clone();
        async move { Ok::<_, Infallible>(handle(shared, req, via_tls).await) }
    });
    let _ = hyper::server::conn::http1::Builder::new()
        .keep_alive(true)
        .serve_connection(TokioIo::new(io), svc)
        .await;
}

struct Reply {
    status: u16,
    body: Option<Value>,
    headers: Vec<(String, String)>,
}

impl Reply {
    fn json(status: u16, body: Value) -> Self {
        Reply {
            status,
            body: Some(body),
            headers: vec![],
        }
    }
    fn ok(body: Value) -> Self {
        Self::json(200, body)
    }
    fn no_content() -> Self {
        Reply {
            status: 204,
            body: None,
            headers: vec![],
        }
    }
    fn err(status: u16, code: u64, msg: &str) -> Self {
        Self::json(status, discord_error(code, msg))
    }
    fn not_found() -> Self {
        Self::err(404, 0, "404: Not Found")
    }
}

async fn handle(shared: Arc<Shared>, req: Request<Incoming>, via_tls: bool) -> Response<Body> {
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    let query = req.uri().query().map(str::to_string);
    let headers: Vec<(String, String)> = req
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_ascii_lowercase(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let raw_body = match req.into_body().collect().await {
        Ok(b) => b.to_bytes().to_vec(),
        Err(_) => Vec::new(),
    };
    let content_type = headers
        .iter()
        .find(|(k, _)| k == "content-type")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let (body, attachments) = parse_body(&content_type, &raw_body);
    let route = path.strip_prefix("/api/v10").map(str::to_string);

    let bucket = bucket_for(&method, route.as_deref().unwrap_or(&path));
    let mut reply = match &route {
        None => Reply::not_found(),
        Some(route) => {
            if shared.cfg.rest_latency_ms > 0 {
                tokio::time::sleep(Duration::from_millis(shared.cfg.rest_latency_ms)).await;
            }
            if let Some(r) = take_fault(&shared, route, &bucket) {
                r
            } else if needs_auth(route)
                && headers
                    .iter()
                    .find(|(k, _)| k == "authorization")
                    .map(|(_, v)| v.as_str())
                    != Some(format!("Bot {}", shared.cfg.token).as_str())
            {
                Reply::err(401, 0, "401: Unauthorized")
            } else {
                let segs: Vec<&str> = route.split('/').filter(|s| !s.is_empty()).collect();
                route_request(
                    &shared,
                    &method,
                    &segs,
                    query.as_deref(),
                    body.as_ref(),
                    &attachments,
                )
            }
        }
    };

    if reply.status != 429 && route.is_some() {
        let reset = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs_f64()
            + 1.0;
        for (k, v) in [
            ("x-ratelimit-limit", "5".to_string()),
            ("x-ratelimit-remaining", "4".to_string()),
            ("x-ratelimit-reset", format!("{reset:.3}")),
            ("x-ratelimit-reset-after", "1.000".to_string()),
            ("x-ratelimit-bucket", bucket.clone()),
        ] {
            reply.headers.push((k.into(), v));
        }
    }

    {
        let mut inner = shared.lock();
        let index = inner.requests.len();
        inner.requests.push(Recorded {
            index,
            method: method.clone(),
            path: path.clone(),
            route: route.clone().unwrap_or_else(|| path.clone()),
            query,
            headers,
            body,
            raw_body,
            status: reply.status,
            response: reply.body.clone(),
            via_tls,
            at: Instant::now(),
        });
    }
    shared.notify.notify_waiters();

    let mut builder = Response::builder().status(StatusCode::from_u16(reply.status).unwrap());
    builder = builder.header("via", "1.1 fake-discord");
    for (k, v) in &reply.headers {
        builder = builder.header(k.as_str(), v.as_str());
    }
    let bytes = match &reply.body {
        Some(v) => {
            builder = builder.header("content-type", "application/json");
            Bytes::from(serde_json::to_vec(v).unwrap())
        }
        None => Bytes::new(),
    };
    builder.body(Full::new(bytes)).unwrap()
}

fn needs_auth(route: &str) -> bool {
    !(route == "/gateway" || route.starts_with("/interactions/") || route.starts_with("/webhooks/"))
}

fn bucket_for(method: &str, route: &str) -> String {
    // Template the route: ids after channels/guilds/webhooks stay (major params), others become :id.
    let mut out = String::from(method);
    let mut prev = "";
    for s in route.split('/').filter(|s| !s.is_empty()) {
        out.push('/');
        if s.chars().all(|c| c.is_ascii_digit())
            && !matches!(prev, "channels" | "guilds" | "webhooks")
        {
            out.push_str(":id");
        } else {
            out.push_str(s);
        }
        prev = s;
    }
    // FNV-1a, hex
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in out.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    format!("{h:016x}")
}

fn take_fault(shared: &Shared, route: &str, bucket: &str) -> Option<Reply> {
    let kind = {
        let mut inner = shared.lock();
        let pos = inner.faults.iter().position(|f| {
            f.remaining > 0
                && f.route_contains
                    .as_deref()
                    .is_none_or(|s| route.contains(s))
        })?;
        let f = &mut inner.faults[pos];
        f.remaining -= 1;
        let kind = f.kind.clone();
        if f.remaining == 0 {
            inner.faults.remove(pos);
        }
        kind
    };
    Some(match kind {
        FaultKind::RateLimit {
            retry_after,
            global,
        } => {
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_secs_f64();
            let mut headers = vec![
                ("x-ratelimit-limit".to_string(), "5".to_string()),
                ("x-ratelimit-remaining".into(), "0".into()),
                (
                    "x-ratelimit-reset".into(),
                    format!("{:.3}", now + retry_after),
                ),
                (
                    "x-ratelimit-reset-after".into(),
                    format!("{retry_after:.3}"),
                ),
                ("x-ratelimit-bucket".into(), bucket.to_string()),
                (
                    "x-ratelimit-scope".into(),
                    if global { "global" } else { "user" }.into(),
                ),
                // Discord sends Retry-After as whole seconds (rounded up).
                (
                    "retry-after".into(),
                    format!("{}", retry_after.ceil().max(1.0) as u64),
                ),
            ];
            if global {
                headers.push(("x-ratelimit-global".into(), "true".into()));
            }
            Reply {
                status: 429,
                body: Some(json!({
                    "message": "You are being rate limited.",
                    "retry_after": retry_after,
                    "global": global,
                })),
                headers,
            }
        }
        FaultKind::Status(s) => {
            let reason = StatusCode::from_u16(s)
                .ok()
                .and_then(|c| c.canonical_reason())
                .unwrap_or("Error");
            Reply::err(s, 0, &format!("{s}: {reason}"))
        }
    })
}

/// Returns (json body, files) for JSON or multipart bodies.
fn parse_body(content_type: &str, raw: &[u8]) -> (Option<Value>, Vec<FilePart>) {
    if raw.is_empty() {
        return (None, vec![]);
    }
    if let Some(b) = content_type.split("boundary=").nth(1) {
        let boundary = format!("--{}", b.trim_matches('"').split(';').next().unwrap_or(""));
        let text = raw;
        let mut json_part = None;
        let mut files = vec![];
        for part in split_bytes(text, boundary.as_bytes()) {
            let Some(hdr_end) = find(part, b"\r\n\r\n") else {
                continue;
            };
            let hdr = String::from_utf8_lossy(&part[..hdr_end]);
            let mut content = &part[hdr_end + 4..];
            if content.ends_with(b"\r\n") {
                content = &content[..content.len() - 2];
            }
            let quoted = |key: &str| {
                hdr.split(&format!("{key}=\"")[..])
                    .nth(1)
                    .and_then(|v| v.split('"').next())
                    .map(str::to_string)
            };
            if hdr.contains("name=\"payload_json\"") {
                json_part = serde_json::from_slice(content).ok();
            } else if let Some(filename) = quoted("filename") {
                let content_type = hdr.lines().find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.trim()
                        .eq_ignore_ascii_case("content-type")
                        .then(|| v.trim().to_string())
                });
                files.push(FilePart {
                    field: quoted(" name").unwrap_or_default(),
                    filename,
                    content_type,
                    data: content.to_vec(),
                });
            }
        }
        return (json_part, files);
    }
    (serde_json::from_slice(raw).ok(), vec![])
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn split_bytes<'a>(mut hay: &'a [u8], sep: &[u8]) -> Vec<&'a [u8]> {
    let mut out = vec![];
    while let Some(i) = find(hay, sep) {
        out.push(&hay[..i]);
        hay = &hay[i + sep.len()..];
    }
    out.push(hay);
    out
}

fn parse_id(s: &str) -> Option<u64> {
    s.parse().ok()
}

fn route_request(
    shared: &Arc<Shared>,
    method: &str,
    segs: &[&str],
    query: Option<&str>,
    body: Option<&Value>,
    attachments: &[FilePart],
) -> Reply {
    let cfg = &shared.cfg;
    let app = cfg.application_id.to_string();
    let null = Value::Null;
    let body_v = body.unwrap_or(&null);
    match (method, segs) {
        ("GET", ["gateway"]) => Reply::ok(json!({ "url": shared.gateway_url })),
        ("GET", ["gateway", "bot"]) => Reply::ok(json!({
            "url": shared.gateway_url,
            "shards": cfg.recommended_shards,
            "session_start_limit": {
                "total": 1000, "remaining": 999, "reset_after": 14_400_000, "max_concurrency": 1
            }
        })),
        ("GET", ["users", "@me"]) => Reply::ok(p::current_user(&cfg.bot_user)),
        ("GET", ["users", "@me", "guilds"]) => Reply::ok(Value::Array(
            cfg.guilds
                .iter()
                .map(|g| {
                    json!({
                        "id": g.id.to_string(), "name": g.name, "icon": null, "banner": null,
                        "owner": g.owner_id == cfg.bot_user.id,
                        "permissions": g.base_permissions(cfg.bot_user.id).to_string(),
                        "features": [],
                    })
                })
                .collect(),
        )),
        ("GET", ["users", id]) => match parse_id(id).and_then(|i| cfg.user(i)) {
            Some(u) => Reply::ok(p::user(&u)),
            None => Reply::err(404, 10013, "Unknown User"),
        },
        ("GET", ["oauth2", "applications", "@me"]) | ("GET", ["applications", "@me"]) => {
            let flags = shared.lock().app_flags;
            Reply::ok(p::application(cfg, flags))
        }
        (_, ["applications", a, rest @ ..]) if *a == app => commands(shared, method, rest, body_v),
        (_, ["applications", _, ..]) => Reply::err(403, 50001, "Missing Access"),

        ("GET", ["channels", c]) => match parse_id(c).and_then(|c| cfg.channel(c)) {
            Some((g, ch)) => Reply::ok(p::channel(g, ch)),
            None => Reply::err(404, 10003, "Unknown Channel"),
        },
        (_, ["channels", c, rest @ ..]) => {
            let Some(cid) = parse_id(c).filter(|c| cfg.channel(*c).is_some()) else {
                return Reply::err(404, 10003, "Unknown Channel");
            };
            channel_routes(shared, method, cid, rest, query, body_v, attachments)
        }
        ("GET", ["guilds", g, rest @ ..]) => {
            let Some(guild) = parse_id(g).and_then(|g| cfg.guild(g)) else {
                return Reply::err(404, 10004, "Unknown Guild");
            };
            match rest {
                [] => Reply::ok(p::partial_guild(guild)),
                ["roles"] => Reply::ok(Value::Array(p::roles(guild))),
                ["channels"] => Reply::ok(Value::Array(
                    guild
                        .channels
                        .iter()
                        // Discord lists threads elsewhere (active threads), not here.
                        .filter(|c| !c.is_thread())
                        .map(|c| p::channel(guild, c))
                        .collect(),
                )),
                ["members", u] => match parse_id(u).and_then(|u| guild.member(u)) {
                    Some(m) => Reply::ok(p::member(m)),
                    None => Reply::err(404, 10007, "Unknown Member"),
                },
                ["members"] => {
                    Reply::ok(Value::Array(guild.members.iter().map(p::member).collect()))
                }
                _ => Reply::not_found(),
            }
        }
        ("POST", ["interactions", id, token, "callback"]) => {
            interaction_callback(shared, id, token, body_v, attachments)
        }
        (_, ["webhooks", a, token, rest @ ..]) => {
            if *a != app {
                return Reply::err(404, 10015, "Unknown Webhook");
            }
            webhook_routes(shared, method, token, rest, body_v, attachments)
        }
        _ => Reply::not_found(),
    }
}

// ---------------------------------------------------------------- application commands

fn commands(shared: &Arc<Shared>, method: &str, rest: &[&str], body: &Value) -> Reply {
    let (guild, rest) = match rest {
        ["guilds", g, "commands", rest @ ..] => {
            match parse_id(g).filter(|g| shared.cfg.guild(*g).is_some()) {
                Some(g) => (Some(g), rest),
                None => return Reply::err(403, 50001, "Missing Access"),
            }
        }
        ["commands", rest @ ..] => (None, rest),
        _ => return Reply::not_found(),
    };
    let inner = shared.lock();
    let existing: Vec<Value> = match guild {
        Some(g) => inner.guild_commands.get(&g).cloned().unwrap_or_default(),
        None => inner.global_commands.clone(),
    };
    drop(inner);
    let store = |list: Vec<Value>| {
        let mut inner = shared.lock();
        match guild {
            Some(g) => {
                inner.guild_commands.insert(g, list);
            }
            None => inner.global_commands = list,
        }
    };
    match (method, rest) {
        ("GET", []) => Reply::ok(Value::Array(existing)),
        ("PUT", []) => {
            let Some(arr) = body.as_array() else {
                return Reply::json(
                    400,
                    invalid_form_body("_errors", "BASE_TYPE_ARRAY", "Must be an array."),
                );
            };
            if arr.len() > 200 {
                return Reply::json(
                    400,
                    invalid_form_body("_errors", "BASE_TYPE_MAX_LENGTH", "Too many commands."),
                );
            }
            let mut out = vec![];
            for (i, c) in arr.iter().enumerate() {
                if let Err(e) = validate_command(c) {
                    return Reply::json(
                        400,
                        invalid_form_body(&i.to_string(), "APPLICATION_COMMAND_INVALID", &e),
                    );
                }
                out.push(materialize_command(shared, c, &existing, guild));
            }
            store(out.clone());
            Reply::ok(Value::Array(out))
        }
        ("POST", []) => {
            if let Err(e) = validate_command(body) {
                return Reply::json(
                    400,
                    invalid_form_body("name", "APPLICATION_COMMAND_INVALID", &e),
                );
            }
            let cmd = materialize_command(shared, body, &existing, guild);
            let mut list: Vec<Value> = existing
                .into_iter()
                .filter(|c| c["id"] != cmd["id"])
                .collect();
            list.push(cmd.clone());
            store(list);
            Reply::json(201, cmd)
        }
        (m, [id]) => {
            let Some(pos) = existing.iter().position(|c| c["id"] == json!(id)) else {
                return Reply::err(404, 10063, "Unknown application command");
            };
            match m {
                "GET" => Reply::ok(existing[pos].clone()),
                "DELETE" => {
                    let mut list = existing;
                    list.remove(pos);
                    store(list);
                    Reply::no_content()
                }
                "PATCH" => {
                    let mut list = existing;
                    if let (Some(o), Some(b)) = (list[pos].as_object_mut(), body.as_object()) {
                        for (k, v) in b {
                            o.insert(k.clone(), v.clone());
                        }
                    }
                    let v = list[pos].clone();
                    store(list);
                    Reply::ok(v)
                }
                _ => Reply::err(405, 0, "405: Method Not Allowed"),
            }
        }
        _ => Reply::not_found(),
    }
}

fn validate_command(c: &Value) -> Result<(), String> {
    let kind = c.get("type").and_then(Value::as_u64).unwrap_or(1);
    let name = c.get("name").and_then(Value::as_str).unwrap_or("");
    let len = name.chars().count();
    if len == 0 || len > 32 {
        return Err(format!("Command name must be 1-32 characters: {name:?}"));
    }
    let desc = c.get("description").and_then(Value::as_str).unwrap_or("");
    if kind == 1 {
        if name
            .chars()
            .any(|ch| !(ch.is_alphanumeric() || ch == '-' || ch == '_') || ch.is_uppercase())
        {
            return Err(format!("Invalid chat input command name {name:?}"));
        }
        let dl = desc.chars().count();
        if dl == 0 || dl > 100 {
            return Err(format!("Description of {name:?} must be 1-100 characters"));
        }
    } else if !desc.is_empty() {
        return Err(format!(
            "Context menu command {name:?} cannot have a description"
        ));
    }
    validate_localizations(c, name, kind == 1)?;
    validate_numbers(
        c.get("integration_types"),
        &[0, 1],
        name,
        "integration_types",
    )?;
    validate_numbers(c.get("contexts"), &[0, 1, 2], name, "contexts")?;
    match c.get("default_member_permissions") {
        None | Some(Value::Null) => {}
        Some(Value::String(p)) if !p.is_empty() && p.chars().all(|d| d.is_ascii_digit()) => {}
        Some(other) => {
            return Err(format!(
                "{name}: default_member_permissions must be a string of digits or null, not {other}"
            ))
        }
    }
    validate_options(c.get("options"), name)
}

/// Discord's locales (the keys `name_localizations` and `description_localizations` take).
pub const LOCALES: [&str; 32] = [
    "id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt", "hu", "nl",
    "no", "pl", "pt-BR", "ro", "fi", "sv-SE", "vi", "tr", "cs", "el", "bg", "ru", "uk", "hi", "th",
    "zh-CN", "ja", "zh-TW", "ko",
];

/// Localized names and descriptions: known locales, the same length rules as the default
/// (names of chat input commands and options lower case without spaces, 1-32; descriptions
/// 1-100).
fn validate_localizations(c: &Value, parent: &str, lower_names: bool) -> Result<(), String> {
    for (field, max) in [
        ("name_localizations", 32),
        ("description_localizations", 100),
    ] {
        let Some(map) = c.get(field).filter(|v| !v.is_null()) else {
            continue;
        };
        let Some(map) = map.as_object() else {
            return Err(format!("{parent}: {field} must be an object"));
        };
        for (locale, text) in map {
            if !LOCALES.contains(&locale.as_str()) {
                return Err(format!("{parent}: {field}: unknown locale {locale:?}"));
            }
            let text = text.as_str().unwrap_or("");
            let n = text.chars().count();
            if n == 0 || n > max {
                return Err(format!(
                    "{parent}: {field}.{locale} must be 1-{max} characters"
                ));
            }
            if field == "name_localizations"
                && lower_names
                && text.chars().any(|ch| ch.is_uppercase() || ch == ' ')
            {
                return Err(format!("{parent}: invalid localized name {text:?}"));
            }
        }
    }
    Ok(())
}

/// An optional array of numbers from `allowed`.
fn validate_numbers(
    v: Option<&Value>,
    allowed: &[u64],
    parent: &str,
    field: &str,
) -> Result<(), String> {
    let Some(v) = v.filter(|v| !v.is_null()) else {
        return Ok(());
    };
    let ok = v.as_array().is_some_and(|a| {
        a.iter()
            .all(|x| x.as_u64().is_some_and(|x| allowed.contains(&x)))
    });
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{parent}: {field} must be an array of {allowed:?}, not {v}"
        ))
    }
}

fn validate_options(opts: Option<&Value>, parent: &str) -> Result<(), String> {
    let Some(opts) = opts.and_then(Value::as_array) else {
        return Ok(());
    };
    if opts.len() > 25 {
        return Err(format!("{parent}: more than 25 options"));
    }
    let mut seen_optional = false;
    for o in opts {
        let name = o.get("name").and_then(Value::as_str).unwrap_or("");
        let n = name.chars().count();
        if n == 0 || n > 32 || name.chars().any(|c| c.is_uppercase() || c == ' ') {
            return Err(format!("{parent}: invalid option name {name:?}"));
        }
        let d = o
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or("")
            .chars()
            .count();
        if d == 0 || d > 100 {
            return Err(format!(
                "{parent}.{name}: description must be 1-100 characters"
            ));
        }
        validate_localizations(o, &format!("{parent}.{name}"), true)?;
        let required = o.get("required").and_then(Value::as_bool).unwrap_or(false);
        let t = o.get("type").and_then(Value::as_u64).unwrap_or(0);
        if t > 2 {
            if required && seen_optional {
                return Err(format!(
                    "{parent}: required options must be placed before non-required options"
                ));
            }
            if !required {
                seen_optional = true;
            }
        }
        if o.get("choices")
            .and_then(Value::as_array)
            .map_or(0, |c| c.len())
            > 25
        {
            return Err(format!("{parent}.{name}: more than 25 choices"));
        }
        if o.get("autocomplete").and_then(Value::as_bool) == Some(true)
            && o.get("choices")
                .and_then(Value::as_array)
                .is_some_and(|c| !c.is_empty())
        {
            return Err(format!(
                "{parent}.{name}: autocomplete and choices are exclusive"
            ));
        }
        validate_options(o.get("options"), name)?;
    }
    Ok(())
}

fn materialize_command(
    shared: &Shared,
    c: &Value,
    existing: &[Value],
    guild: Option<u64>,
) -> Value {
    let kind = c.get("type").and_then(Value::as_u64).unwrap_or(1);
    let name = c.get("name").cloned().unwrap_or(json!(""));
    let id = existing
        .iter()
        .find(|e| e["name"] == name && e["type"].as_u64() == Some(kind))
        .and_then(|e| e["id"].as_str().map(str::to_string))
        .unwrap_or_else(|| shared.snowflake().to_string());
    let mut v = json!({
        "id": id,
        "application_id": shared.cfg.application_id.to_string(),
        "version": shared.snowflake().to_string(),
        "default_member_permissions": null,
        "type": kind,
        "name": name,
        "name_localizations": null,
        "description": c.get("description").cloned().unwrap_or(json!("")),
        "description_localizations": null,
        "dm_permission": true,
        "contexts": null,
        "integration_types": [0],
        "nsfw": false,
    });
    if let Some(g) = guild {
        v["guild_id"] = json!(g.to_string());
    }
    if let (Some(o), Some(src)) = (v.as_object_mut(), c.as_object()) {
        for (k, val) in src {
            if k != "id" && k != "application_id" && k != "version" && !val.is_null() {
                o.insert(k.clone(), val.clone());
            }
        }
    }
    v
}

// ---------------------------------------------------------------- channel messages

fn validate_message_body(
    body: &Value,
    attachments: &[FilePart],
    editing: bool,
) -> Result<(), Reply> {
    let content = body.get("content").and_then(Value::as_str).unwrap_or("");
    if content.chars().count() > 2000 {
        return Err(Reply::json(
            400,
            invalid_form_body(
                "content",
                "BASE_TYPE_MAX_LENGTH",
                "Must be 2000 or fewer in length.",
            ),
        ));
    }
    let embeds = body.get("embeds").and_then(Value::as_array);
    if embeds.map_or(0, |e| e.len()) > 10 {
        return Err(Reply::json(
            400,
            invalid_form_body(
                "embeds",
                "BASE_TYPE_MAX_LENGTH",
                "Must be 10 or fewer in length.",
            ),
        ));
    }
    if let Some(embeds) = embeds {
        let mut total = 0;
        for e in embeds {
            let s = |k: &str| {
                e.get(k)
                    .and_then(Value::as_str)
                    .map_or(0, |s| s.chars().count())
            };
            if s("title") > 256 || s("description") > 4096 {
                return Err(Reply::json(
                    400,
                    invalid_form_body(
                        "embeds.0.description",
                        "BASE_TYPE_MAX_LENGTH",
                        "Embed field too long.",
                    ),
                ));
            }
            total += s("title") + s("description");
            total += e
                .pointer("/footer/text")
                .and_then(Value::as_str)
                .map_or(0, |s| s.chars().count());
            total += e
                .pointer("/author/name")
                .and_then(Value::as_str)
                .map_or(0, |s| s.chars().count());
            if let Some(fields) = e.get("fields").and_then(Value::as_array) {
                if fields.len() > 25 {
                    return Err(Reply::json(
                        400,
                        invalid_form_body(
                            "embeds.0.fields",
                            "BASE_TYPE_MAX_LENGTH",
                            "Must be 25 or fewer in length.",
                        ),
                    ));
                }
                for f in fields {
                    let n = f
                        .get("name")
                        .and_then(Value::as_str)
                        .map_or(0, |s| s.chars().count());
                    let v = f
                        .get("value")
                        .and_then(Value::as_str)
                        .map_or(0, |s| s.chars().count());
                    if n > 256 || v > 1024 {
                        return Err(Reply::json(
                            400,
                            invalid_form_body(
                                "embeds.0.fields.0.value",
                                "BASE_TYPE_MAX_LENGTH",
                                "Must be 1024 or fewer in length.",
                            ),
                        ));
                    }
                    total += n + v;
                }
            }
        }
        if total > 6000 {
            return Err(Reply::json(
                400,
                discord_error(50035, "Embed size exceeds maximum size of 6000"),
            ));
        }
    }
    if !editing {
        let has_components = body
            .get("components")
            .and_then(Value::as_array)
            .is_some_and(|c| !c.is_empty());
        let has_stickers = body
            .get("sticker_ids")
            .and_then(Value::as_array)
            .is_some_and(|c| !c.is_empty());
        let has_embeds = embeds.is_some_and(|e| !e.is_empty());
        if content.is_empty()
            && !has_components
            && !has_stickers
            && !has_embeds
            && attachments.is_empty()
        {
            return Err(Reply::err(400, 50006, "Cannot send an empty message"));
        }
    }
    Ok(())
}

/// Users mentioned in `content`, honouring `allowed_mentions`.
pub(crate) fn mentions_in(
    shared: &Shared,
    guild_id: u64,
    content: &str,
    allowed: Option<&Value>,
) -> Vec<Value> {
    let mut out: Vec<Value> = vec![];
    let mut ids: Vec<u64> = vec![];
    let mut rest = content;
    while let Some(i) = rest.find("<@") {
        rest = &rest[i + 2..];
        let r = rest.strip_prefix('!').unwrap_or(rest);
        let digits: String = r.chars().take_while(|c| c.is_ascii_digit()).collect();
        if !digits.is_empty() && r[digits.len()..].starts_with('>') {
            if let Ok(id) = digits.parse::<u64>() {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
    }
    let allowed_user = |id: u64| -> bool {
        let Some(a) = allowed else { return true };
        let parse_users = a
            .get("parse")
            .and_then(Value::as_array)
            .is_some_and(|p| p.iter().any(|x| x == "users"));
        let listed = a.get("users").and_then(Value::as_array).is_some_and(|u| {
            u.iter()
                .any(|x| x.as_str() == Some(&id.to_string()) || x.as_u64() == Some(id))
        });
        parse_users || listed
    };
    let guild = shared.cfg.guild(guild_id);
    for id in ids {
        if !allowed_user(id) {
            continue;
        }
        if let Some(u) = shared.cfg.user(id) {
            let mut uv = p::user(&u);
            if let Some(m) = guild.and_then(|g| g.member(id)) {
                uv["member"] = p::partial_member(m);
            }
            out.push(uv);
        }
    }
    out
}

/// Stored message -> gateway MESSAGE_CREATE/UPDATE `d` (adds guild_id and member).
pub(crate) fn gateway_message(shared: &Shared, msg: &Value, guild_id: u64) -> Value {
    let mut m = msg.clone();
    m["guild_id"] = json!(guild_id.to_string());
    let author_id: u64 = m
        .pointer("/author/id")
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    if m.get("webhook_id").is_none_or(Value::is_null) {
        if let Some(mem) = shared.cfg.guild(guild_id).and_then(|g| g.member(author_id)) {
            m["member"] = p::partial_member(mem);
        }
    }
    m
}

fn bot_perms(shared: &Shared, channel_id: u64) -> u64 {
    shared
        .cfg
        .channel(channel_id)
        .map(|(g, _)| g.channel_permissions(shared.cfg.bot_user.id, channel_id))
        .unwrap_or(0)
}

#[allow(clippy::too_many_arguments)]
fn channel_routes(
    shared: &Arc<Shared>,
    method: &str,
    cid: u64,
    rest: &[&str],
    query: Option<&str>,
    body: &Value,
    attachments: &[FilePart],
) -> Reply {
    let cfg = &shared.cfg;
    let (guild, _) = cfg.channel(cid).unwrap();
    let gid = guild.id;
    let perms_now = bot_perms(shared, cid);
    if perms_now & perms::VIEW_CHANNEL == 0 {
        return Reply::err(403, 50001, "Missing Access");
    }
    match (method, rest) {
        ("POST", ["messages"]) => {
            if perms_now & perms::SEND_MESSAGES == 0
                || (!attachments.is_empty() && perms_now & perms::ATTACH_FILES == 0)
            {
                return Reply::err(403, 50013, "Missing Permissions");
            }
            if let Err(r) = validate_message_body(body, attachments, false) {
                return r;
            }
            let id = shared.snowflake();
            let content = body.get("content").and_then(Value::as_str).unwrap_or("");
            let mentions = mentions_in(shared, gid, content, body.get("allowed_mentions"));
            let mut msg = p::message(id, cid, &cfg.bot_user, content, mentions, None);
            p::apply_message_body(&mut msg, body, false);
            apply_files(shared, &mut msg, body, attachments, false);
            if let Some(ref_id) = body.pointer("/message_reference/message_id").and_then(|v| {
                v.as_str()
                    .map(str::to_string)
                    .or_else(|| v.as_u64().map(|u| u.to_string()))
            }) {
                let referenced = ref_id
                    .parse::<u64>()
                    .ok()
                    .and_then(|r| shared.lock().messages.get(&r).cloned());
                match referenced {
                    Some(r) => msg["referenced_message"] = r,
                    None => {
                        if body.pointer("/message_reference/fail_if_not_exists")
                            != Some(&json!(false))
                        {
                            return Reply::json(
                                400,
                                invalid_form_body(
                                    "message_reference",
                                    "MESSAGE_REFERENCE_UNKNOWN_MESSAGE",
                                    "Unknown message",
                                ),
                            );
                        }
                        msg["referenced_message"] = Value::Null;
                    }
                }
            }
            shared.lock().messages.insert(id, msg.clone());
            if cfg.echo_bot_messages {
                gateway::dispatch_guild(
                    shared,
                    gid,
                    "MESSAGE_CREATE",
                    gateway_message(shared, &msg, gid),
                    intents::GUILD_MESSAGES,
                );
            }
            Reply::ok(msg)
        }
        ("GET", ["messages"]) => {
            if perms_now & perms::READ_MESSAGE_HISTORY == 0 {
                return Reply::ok(json!([]));
            }
            let limit = query
                .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("limit=")))
                .and_then(|l| l.parse::<usize>().ok())
                .unwrap_or(50);
            let inner = shared.lock();
            let mut msgs: Vec<(u64, Value)> = inner
                .messages
                .iter()
                .filter(|(_, m)| m["channel_id"] == json!(cid.to_string()))
                .map(|(k, v)| (*k, v.clone()))
                .collect();
            msgs.sort_by_key(|m| std::cmp::Reverse(m.0));
            Reply::ok(Value::Array(
                msgs.into_iter().take(limit).map(|(_, v)| v).collect(),
            ))
        }
        (m, ["messages", mid]) => {
            let Some(mid) = parse_id(mid) else {
                return Reply::err(404, 10008, "Unknown Message");
            };
            let stored = shared.lock().messages.get(&mid).cloned();
            let Some(mut msg) = stored.filter(|m| m["channel_id"] == json!(cid.to_string())) else {
                return Reply::err(404, 10008, "Unknown Message");
            };
            let is_own = msg.pointer("/author/id") == Some(&json!(cfg.bot_user.id.to_string()));
            match m {
                "GET" => {
                    if perms_now & perms::READ_MESSAGE_HISTORY == 0 {
                        return Reply::err(403, 50001, "Missing Access");
                    }
                    Reply::ok(msg)
                }
                "PATCH" => {
                    if !is_own {
                        return Reply::err(
                            403,
                            50005,
                            "Cannot edit a message authored by another user",
                        );
                    }
                    if let Err(r) = validate_message_body(body, attachments, true) {
                        return r;
                    }
                    p::apply_message_body(&mut msg, body, true);
                    apply_files(shared, &mut msg, body, attachments, true);
                    if let Some(c) = body.get("content").and_then(Value::as_str) {
                        msg["mentions"] =
                            Value::Array(mentions_in(shared, gid, c, body.get("allowed_mentions")));
                    }
                    shared.lock().messages.insert(mid, msg.clone());
                    gateway::dispatch_guild(
                        shared,
                        gid,
                        "MESSAGE_UPDATE",
                        gateway_message(shared, &msg, gid),
                        intents::GUILD_MESSAGES,
                    );
                    Reply::ok(msg)
                }
                "DELETE" => {
                    if !is_own && perms_now & perms::MANAGE_MESSAGES == 0 {
                        return Reply::err(403, 50013, "Missing Permissions");
                    }
                    shared.lock().messages.remove(&mid);
                    gateway::dispatch_guild(
                        shared,
                        gid,
                        "MESSAGE_DELETE",
                        json!({"id": mid.to_string(), "channel_id": cid.to_string(), "guild_id": gid.to_string()}),
                        intents::GUILD_MESSAGES,
                    );
                    Reply::no_content()
                }
                _ => Reply::err(405, 0, "405: Method Not Allowed"),
            }
        }
        ("POST", ["typing"]) => Reply::no_content(),
        ("PUT", ["messages", _mid, "reactions", _emoji, "@me"]) => {
            if perms_now & perms::ADD_REACTIONS == 0 {
                return Reply::err(403, 50013, "Missing Permissions");
            }
            Reply::no_content()
        }
        ("DELETE", ["messages", _mid, "reactions", ..]) => Reply::no_content(),
        _ => Reply::not_found(),
    }
}

// ---------------------------------------------------------------- interactions

fn response_message(
    shared: &Shared,
    it: &InteractionState,
    body: &Value,
    attachments: &[FilePart],
) -> Value {
    let cfg = &shared.cfg;
    let id = shared.snowflake();
    let content = body.get("content").and_then(Value::as_str).unwrap_or("");
    let mentions = mentions_in(shared, it.guild_id, content, body.get("allowed_mentions"));
    let user = cfg
        .user(it.user_id)
        .unwrap_or_else(|| FakeUser::human(it.user_id, "user"));
    let (msg_type, cmd_type) = match it.kind {
        2 => (
            if it.command_name.as_deref().is_some_and(|_| true) {
                20
            } else {
                0
            },
            1,
        ),
        _ => (0, 1),
    };
    let _ = cmd_type;
    let extra = json!({
        "webhook_id": cfg.application_id.to_string(),
        "application_id": cfg.application_id.to_string(),
        "interaction": {
            "id": it.id.to_string(),
            "type": it.kind,
            "name": it.command_name.clone().unwrap_or_default(),
            "user": p::user(&user),
        },
    });
    let mut msg = p::message(
        id,
        it.channel_id,
        &cfg.bot_user,
        content,
        mentions,
        Some(&extra),
    );
    msg["type"] = json!(msg_type);
    p::apply_message_body(&mut msg, body, false);
    apply_files(shared, &mut msg, body, attachments, false);
    msg
}

fn echo_if_public(shared: &Arc<Shared>, msg: &Value, guild_id: u64, event: &str) {
    let ephemeral = msg.get("flags").and_then(Value::as_u64).unwrap_or(0) & 64 != 0;
    if shared.cfg.echo_bot_messages && !ephemeral {
        gateway::dispatch_guild(
            shared,
            guild_id,
            event,
            gateway_message(shared, msg, guild_id),
            intents::GUILD_MESSAGES,
        );
    }
}

fn interaction_callback(
    shared: &Arc<Shared>,
    id: &str,
    token: &str,
    body: &Value,
    attachments: &[FilePart],
) -> Reply {
    let deadline = Duration::from_millis(shared.cfg.interaction_deadline_ms);
    let mut inner = shared.lock();
    let Some(it) = inner.interactions.get(token) else {
        return Reply::err(404, 10062, "Unknown interaction");
    };
    if it.id.to_string() != id || it.created.elapsed() > deadline {
        return Reply::err(404, 10062, "Unknown interaction");
    }
    if it.acked {
        return Reply::err(400, 40060, "Interaction has already been acknowledged.");
    }
    let kind = body.get("type").and_then(Value::as_u64).unwrap_or(0);
    let data = body.get("data").cloned().unwrap_or(json!({}));
    let it_kind = it.kind;
    let allowed = match it_kind {
        1 => kind == 1,
        2 => matches!(kind, 4 | 5 | 9),
        3 => matches!(kind, 4 | 5 | 6 | 7 | 9),
        4 => kind == 8,
        5 => matches!(kind, 4..=7),
        _ => false,
    };
    if !allowed {
        return Reply::json(
            400,
            invalid_form_body(
                "type",
                "INTERACTION_RESPONSE_TYPE_INVALID",
                "Invalid interaction response type",
            ),
        );
    }
    let guild_id = it.guild_id;
    match kind {
        4 => {
            drop(inner);
            if let Err(r) = validate_message_body(&data, attachments, false) {
                return r;
            }
            let it_ref = shared.lock();
            let it = it_ref.interactions.get(token).unwrap();
            let msg = response_message(shared, it, &data, attachments);
            drop(it_ref);
            let mid: u64 = msg["id"].as_str().unwrap().parse().unwrap();
            {
                let mut inner = shared.lock();
                inner.messages.insert(mid, msg.clone());
                let it = inner.interactions.get_mut(token).unwrap();
                it.acked = true;
                it.original = Some(mid);
            }
            echo_if_public(shared, &msg, guild_id, "MESSAGE_CREATE");
        }
        5 => {
            let flags = data.get("flags").and_then(Value::as_u64).unwrap_or(0) & 64;
            let it = inner.interactions.get(token).unwrap();
            let mut msg = response_message(shared, it, &json!({}), &[]);
            msg["flags"] = json!(flags | 128);
            let mid: u64 = msg["id"].as_str().unwrap().parse().unwrap();
            inner.messages.insert(mid, msg.clone());
            let it = inner.interactions.get_mut(token).unwrap();
            it.acked = true;
            it.original = Some(mid);
            drop(inner);
            echo_if_public(shared, &msg, guild_id, "MESSAGE_CREATE");
        }
        6 => {
            inner.interactions.get_mut(token).unwrap().acked = true;
        }
        7 => {
            let it = inner.interactions.get_mut(token).unwrap();
            it.acked = true;
            let Some(mid) = it.original else {
                return Reply::no_content();
            };
            if let Some(mut m) = inner.messages.get(&mid).cloned() {
                drop(inner);
                p::apply_message_body(&mut m, &data, true);
                apply_files(shared, &mut m, &data, attachments, true);
                shared.lock().messages.insert(mid, m.clone());
                echo_if_public(shared, &m, guild_id, "MESSAGE_UPDATE");
            }
        }
        8 => {
            let n = data
                .get("choices")
                .and_then(Value::as_array)
                .map_or(0, |c| c.len());
            if n > 25 {
                return Reply::json(
                    400,
                    invalid_form_body(
                        "data.choices",
                        "BASE_TYPE_MAX_LENGTH",
                        "Must be 25 or fewer in length.",
                    ),
                );
            }
            inner.interactions.get_mut(token).unwrap().acked = true;
        }
        _ => {
            inner.interactions.get_mut(token).unwrap().acked = true;
        }
    }
    Reply::no_content()
}

fn webhook_routes(
    shared: &Arc<Shared>,
    method: &str,
    token: &str,
    rest: &[&str],
    body: &Value,
    attachments: &[FilePart],
) -> Reply {
    let (acked, original, guild_id) = {
        let inner = shared.lock();
        match inner.interactions.get(token) {
            Some(it) => (it.acked, it.original, it.guild_id),
            None => return Reply::err(404, 10015, "Unknown Webhook"),
        }
    };
    if !acked {
        return Reply::err(404, 10015, "Unknown Webhook");
    }
    let target: Option<u64> = match rest {
        [] => None,
        ["messages", "@original"] => match original {
            Some(o) => Some(o),
            None => return Reply::err(404, 10008, "Unknown Message"),
        },
        ["messages", id] => match parse_id(id) {
            Some(i) => Some(i),
            None => return Reply::err(404, 10008, "Unknown Message"),
        },
        _ => return Reply::not_found(),
    };
    match (method, target) {
        ("POST", None) => {
            if let Err(r) = validate_message_body(body, attachments, false) {
                return r;
            }
            // Discord quirk: the first follow-up after a deferred response replaces the
            // "thinking..." original message.
            if let Some(o) = original {
                let stored = shared.lock().messages.get(&o).cloned();
                if let Some(mut m) = stored {
                    let flags = m["flags"].as_u64().unwrap_or(0);
                    if flags & 128 != 0 {
                        m["flags"] = json!(flags & !128);
                        p::apply_message_body(&mut m, body, false);
                        apply_files(shared, &mut m, body, attachments, false);
                        if body.get("content").is_none() {
                            m["content"] = json!("");
                        }
                        shared.lock().messages.insert(o, m.clone());
                        echo_if_public(shared, &m, guild_id, "MESSAGE_UPDATE");
                        return Reply::ok(m);
                    }
                }
            }
            let msg = {
                let inner = shared.lock();
                let it = inner.interactions.get(token).unwrap();
                response_message(shared, it, body, attachments)
            };
            let mid: u64 = msg["id"].as_str().unwrap().parse().unwrap();
            shared.lock().messages.insert(mid, msg.clone());
            echo_if_public(shared, &msg, guild_id, "MESSAGE_CREATE");
            Reply::ok(msg)
        }
        (m, Some(mid)) => {
            let stored = shared.lock().messages.get(&mid).cloned();
            let Some(mut msg) = stored else {
                return Reply::err(404, 10008, "Unknown Message");
            };
            match m {
                "GET" => Reply::ok(msg),
                "PATCH" => {
                    if let Err(r) = validate_message_body(body, attachments, true) {
                        return r;
                    }
                    let was_loading = msg["flags"].as_u64().unwrap_or(0) & 128 != 0;
                    p::apply_message_body(&mut msg, body, !was_loading);
                    apply_files(shared, &mut msg, body, attachments, !was_loading);
                    if was_loading {
                        msg["flags"] = json!(msg["flags"].as_u64().unwrap_or(0) & !128);
                    }
                    shared.lock().messages.insert(mid, msg.clone());
                    echo_if_public(shared, &msg, guild_id, "MESSAGE_UPDATE");
                    Reply::ok(msg)
                }
                "DELETE" => {
                    shared.lock().messages.remove(&mid);
                    let cid = msg["channel_id"].clone();
                    if msg["flags"].as_u64().unwrap_or(0) & 64 == 0 {
                        gateway::dispatch_guild(
                            shared,
                            guild_id,
                            "MESSAGE_DELETE",
                            json!({"id": mid.to_string(), "channel_id": cid, "guild_id": guild_id.to_string()}),
                            intents::GUILD_MESSAGES,
                        );
                    }
                    Reply::no_content()
                }
                _ => Reply::err(405, 0, "405: Method Not Allowed"),
            }
        }
        _ => Reply::err(405, 0, "405: Method Not Allowed"),
    }
}
