//! JSON payloads shaped like Discord's API v10 objects.

use serde_json::{json, Value};

use super::config::{opt_id, FakeChannel, FakeConfig, FakeGuild, FakeMember, FakeRole, FakeUser};
use super::state::{iso_now, snowflake_timestamp};

pub fn user(u: &FakeUser) -> Value {
    json!({
        "id": u.id.to_string(),
        "username": u.username,
        "discriminator": "0",
        "global_name": u.global_name,
        "avatar": null,
        "bot": u.bot,
        "system": false,
        "banner": null,
        "accent_color": null,
        "public_flags": 0,
        "flags": 0,
        "avatar_decoration_data": null,
    })
}

/// `GET /users/@me` and READY's `user`.
pub fn current_user(u: &FakeUser) -> Value {
    let mut v = user(u);
    let o = v.as_object_mut().unwrap();
    o.insert("verified".into(), json!(true));
    o.insert("mfa_enabled".into(), json!(true));
    o.insert("email".into(), Value::Null);
    o.insert("locale".into(), json!("en-US"));
    o.insert("premium_type".into(), json!(0));
    v
}

pub fn role(guild_id: u64, r: &FakeRole) -> Value {
    let mut tags = json!({});
    if let Some(b) = r.bot_id {
        tags = json!({ "bot_id": b.to_string() });
    }
    let _ = guild_id;
    json!({
        "id": r.id.to_string(),
        "name": r.name,
        "color": 0,
        "colors": { "primary_color": 0, "secondary_color": null, "tertiary_color": null },
        "hoist": false,
        "icon": null,
        "unicode_emoji": null,
        "position": r.position,
        "permissions": r.permissions.to_string(),
        "managed": r.managed,
        "mentionable": false,
        "flags": 0,
        "tags": tags,
    })
}

pub fn everyone_role(g: &FakeGuild) -> Value {
    json!({
        "id": g.id.to_string(),
        "name": "@everyone",
        "color": 0,
        "colors": { "primary_color": 0, "secondary_color": null, "tertiary_color": null },
        "hoist": false,
        "icon": null,
        "unicode_emoji": null,
        "position": 0,
        "permissions": g.everyone_permissions.to_string(),
        "managed": false,
        "mentionable": false,
        "flags": 0,
    })
}

pub fn roles(g: &FakeGuild) -> Vec<Value> {
    let mut v = vec![everyone_role(g)];
    v.extend(g.roles.iter().map(|r| role(g.id, r)));
    v
}

pub fn channel(g: &FakeGuild, c: &FakeChannel) -> Value {
    if c.is_thread() {
        return thread(g, c);
    }
    let overwrites: Vec<Value> = c
        .overwrites
        .iter()
        .map(|o| {
            json!({
                "id": o.id.to_string(),
                "type": o.kind,
                "allow": o.allow.to_string(),
                "deny": o.deny.to_string(),
            })
        })
        .collect();
    let mut v = json!({
        "id": c.id.to_string(),
        "type": c.kind,
        "guild_id": g.id.to_string(),
        "position": c.position,
        "permission_overwrites": overwrites,
        "name": c.name,
        "nsfw": c.nsfw,
        "parent_id": opt_id(c.parent_id),
        "flags": 0,
    });
    if c.kind == 0 || c.kind == 5 {
        let o = v.as_object_mut().unwrap();
        o.insert("topic".into(), json!(c.topic));
        o.insert("last_message_id".into(), Value::Null);
        o.insert("rate_limit_per_user".into(), json!(0));
        o.insert("last_pin_timestamp".into(), Value::Null);
    }
    if c.kind == 2 {
        let o = v.as_object_mut().unwrap();
        o.insert("bitrate".into(), json!(64000));
        o.insert("user_limit".into(), json!(0));
        o.insert("rtc_region".into(), Value::Null);
    }
    v
}

/// A thread channel object (as in GUILD_CREATE `threads`), opened by the guild's owner.
pub fn thread(g: &FakeGuild, c: &FakeChannel) -> Value {
    json!({
        "id": c.id.to_string(),
        "type": c.kind,
        "guild_id": g.id.to_string(),
        "parent_id": opt_id(c.parent_id),
        "owner_id": g.owner_id.to_string(),
        "name": c.name,
        "last_message_id": null,
        "rate_limit_per_user": 0,
        "message_count": 0,
        "member_count": 1,
        "total_message_sent": 0,
        "flags": 0,
        "thread_metadata": {
            "archived": false,
            "auto_archive_duration": 1440,
            "archive_timestamp": snowflake_timestamp(c.id),
            "locked": false,
            "create_timestamp": snowflake_timestamp(c.id),
        },
    })
}

fn member_joined_at(m: &FakeMember) -> String {
    // Joined "when the account was created" plus a bit: stable and realistic.
    snowflake_timestamp(m.user.id)
}

/// Member object without `user` (as in MESSAGE_CREATE's `member`).
pub fn partial_member(m: &FakeMember) -> Value {
    json!({
        "roles": m.roles.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
        "nick": m.nick,
        "avatar": null,
        "banner": null,
        "joined_at": member_joined_at(m),
        "premium_since": null,
        "deaf": false,
        "mute": false,
        "flags": 0,
        "pending": false,
        "communication_disabled_until": null,
    })
}

/// Full member object (with `user`).
pub fn member(m: &FakeMember) -> Value {
    let mut v = partial_member(m);
    v.as_object_mut()
        .unwrap()
        .insert("user".into(), user(&m.user));
    v
}

/// Member as sent in interactions: with `user` and `permissions`.
pub fn interaction_member(g: &FakeGuild, m: &FakeMember, channel_id: u64) -> Value {
    let mut v = member(m);
    v.as_object_mut().unwrap().insert(
        "permissions".into(),
        json!(g.channel_permissions(m.user.id, channel_id).to_string()),
    );
    v
}

pub fn member_or_default(g: &FakeGuild, u: &FakeUser) -> FakeMember {
    g.member(u.id).cloned().unwrap_or_else(|| FakeMember {
        user: u.clone(),
        roles: vec![],
        nick: None,
    })
}

pub fn unavailable_guild(id: u64) -> Value {
    json!({ "id": id.to_string(), "unavailable": true })
}

/// The `d` of GUILD_CREATE.
pub fn guild_create(g: &FakeGuild, bot: &FakeUser) -> Value {
    let bot_member = g.member(bot.id).cloned().unwrap_or(FakeMember {
        user: bot.clone(),
        roles: vec![],
        nick: None,
    });
    let mut base = json!({
        "id": g.id.to_string(),
        "name": g.name,
        "icon": null,
        "icon_hash": null,
        "splash": null,
        "discovery_splash": null,
        "owner_id": g.owner_id.to_string(),
        "afk_channel_id": null,
        "afk_timeout": 300,
        "widget_enabled": false,
        "widget_channel_id": null,
        "verification_level": 1,
        "default_message_notifications": 1,
        "explicit_content_filter": 2,
        "roles": roles(g),
        "emojis": [],
        "features": [],
        "mfa_level": 0,
        "application_id": null,
        "system_channel_id": g.channels.first().map(|c| c.id.to_string()),
        "system_channel_flags": 0,
        "rules_channel_id": null,
        "max_presences": null,
        "max_members": 500000,
        "vanity_url_code": null,
        "description": null,
        "banner": null,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": g.preferred_locale,
    });
    let more = json!({
        "public_updates_channel_id": null,
        "max_video_channel_users": 25,
        "max_stage_video_channel_users": 50,
        "nsfw_level": 0,
        "stickers": [],
        "premium_progress_bar_enabled": false,
        "safety_alerts_channel_id": null,
        "incidents_data": null,
        "hub_type": null,
        "home_header": null,
        "latest_onboarding_question_id": null,
        "inventory_settings": null,
        "soundboard_sounds": [],
        "embedded_activities": [],
        "activity_instances": [],
        "application_command_counts": {},
        "version": 1_700_000_000_000u64,
        "lazy": true,
    });
    let extra = json!({
        // GUILD_CREATE extra fields
        "joined_at": member_joined_at(&bot_member),
        "large": false,
        "unavailable": false,
        "member_count": g.members.len(),
        "voice_states": [],
        "members": g.members.iter().map(member).collect::<Vec<_>>(),
        "channels": g.channels.iter().filter(|c| !c.is_thread()).map(|c| channel(g, c)).collect::<Vec<_>>(),
        "threads": g.channels.iter().filter(|c| c.is_thread()).map(|c| thread(g, c)).collect::<Vec<_>>(),
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
    });
    let o = base.as_object_mut().unwrap();
    for (k, v) in more
        .as_object()
        .unwrap()
        .iter()
        .chain(extra.as_object().unwrap())
    {
        o.insert(k.clone(), v.clone());
    }
    base
}

/// `GET /guilds/{id}` (PartialGuild).
pub fn partial_guild(g: &FakeGuild) -> Value {
    let mut v = guild_create(g, &FakeUser::bot(0, "x"));
    let o = v.as_object_mut().unwrap();
    for k in [
        "joined_at",
        "large",
        "unavailable",
        "member_count",
        "voice_states",
        "members",
        "channels",
        "threads",
        "presences",
        "stage_instances",
        "guild_scheduled_events",
        "soundboard_sounds",
        "embedded_activities",
        "activity_instances",
        "application_command_counts",
        "version",
        "lazy",
    ] {
        o.remove(k);
    }
    o.insert("region".into(), Value::Null);
    o.insert("welcome_screen".into(), Value::Null);
    o.insert("approximate_member_count".into(), Value::Null);
    o.insert("approximate_presence_count".into(), Value::Null);
    v
}

pub fn application(cfg: &FakeConfig, flags: u64) -> Value {
    // A real team-less application owned by the first guild's owner.
    let owner = cfg
        .guilds
        .first()
        .and_then(|g| g.member(g.owner_id).map(|m| m.user.clone()))
        .unwrap_or_else(|| FakeUser::human(1_090_000_000_000_000_999, "owner"));
    json!({
        "id": cfg.application_id.to_string(),
        "name": cfg.application_name,
        "icon": null,
        "description": "",
        "summary": "",
        "type": null,
        "rpc_origins": [],
        "bot_public": true,
        "bot_require_code_grant": false,
        "bot": user(&cfg.bot_user),
        "terms_of_service_url": null,
        "privacy_policy_url": null,
        "owner": user(&owner),
        "verify_key": "4f6c0c5e0d1f7c1e4d1b8e2a6f3b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b",
        "team": null,
        "guild_id": null,
        "flags": flags,
        "tags": [],
        "hook": true,
        "is_monetized": false,
        "storefront_available": false,
        "integration_public": true,
        "integration_require_code_grant": false,
        "approximate_guild_count": cfg.guilds.len(),
        "approximate_user_install_count": 0,
        "redirect_uris": [],
        "interactions_endpoint_url": null,
        "role_connections_verification_url": null,
        "install_params": { "scopes": ["bot", "applications.commands"], "permissions": "0" },
        "integration_types_config": { "0": {} },
    })
}

/// A Message object as REST returns it (no guild_id/member; add them for gateway events).
pub fn message(
    id: u64,
    channel_id: u64,
    author: &FakeUser,
    content: &str,
    mentions: Vec<Value>,
    extra: Option<&Value>,
) -> Value {
    let mut v = json!({
        "id": id.to_string(),
        "channel_id": channel_id.to_string(),
        "author": user(author),
        "content": content,
        "timestamp": snowflake_timestamp(id),
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": mentions,
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": false,
        "type": 0,
        "flags": 0,
        "components": [],
    });
    if let (Some(extra), Some(o)) = (extra.and_then(Value::as_object), v.as_object_mut()) {
        for (k, val) in extra {
            o.insert(k.clone(), val.clone());
        }
    }
    v
}

/// Apply a message create/edit body (content, embeds, components, flags, ...) to a stored message.
pub fn apply_message_body(msg: &mut Value, body: &Value, editing: bool) {
    let Some(o) = msg.as_object_mut() else { return };
    let Some(b) = body.as_object() else { return };
    if let Some(c) = b.get("content") {
        o.insert(
            "content".into(),
            if c.is_null() { json!("") } else { c.clone() },
        );
    }
    if let Some(e) = b.get("embeds") {
        let embeds: Vec<Value> = e
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .map(|mut em| {
                if let Some(eo) = em.as_object_mut() {
                    eo.entry("type").or_insert(json!("rich"));
                    if let Some(fields) = eo.get_mut("fields").and_then(Value::as_array_mut) {
                        for f in fields {
                            if let Some(fo) = f.as_object_mut() {
                                fo.entry("inline").or_insert(json!(false));
                            }
                        }
                    }
                    eo.entry("content_scan_version").or_insert(json!(0));
                }
                em
            })
            .collect();
        o.insert("embeds".into(), Value::Array(embeds));
    }
    if let Some(c) = b.get("components") {
        o.insert("components".into(), normalize_components(c));
    }
    if let Some(f) = b.get("flags").and_then(Value::as_u64) {
        o.insert("flags".into(), json!(f & (4 | 64 | 4096)));
    }
    if let Some(t) = b.get("tts").and_then(Value::as_bool) {
        if !editing {
            o.insert("tts".into(), json!(t));
        }
    }
    if let Some(r) = b.get("message_reference") {
        if !editing && !r.is_null() {
            let mut r = r.clone();
            if let Some(ro) = r.as_object_mut() {
                ro.entry("type").or_insert(json!(0));
                if let Some(ch) = o.get("channel_id").cloned() {
                    ro.entry("channel_id").or_insert(ch);
                }
            }
            o.insert("message_reference".into(), r);
            o.insert("type".into(), json!(19));
        }
    }
    if editing {
        o.insert("edited_timestamp".into(), json!(iso_now()));
    }
}

/// Discord fills defaults into components it stores (e.g. `disabled: false` is omitted but
/// ids are added in newer API versions). Keep them as sent, only making sure `type` exists.
fn normalize_components(c: &Value) -> Value {
    c.clone()
}

pub fn discord_error(code: u64, message: &str) -> Value {
    json!({ "message": message, "code": code })
}

/// Discord's 400 Invalid Form Body shape.
pub fn invalid_form_body(field: &str, code: &str, message: &str) -> Value {
    json!({
        "message": "Invalid Form Body",
        "code": 50035,
        "errors": { field: { "_errors": [ { "code": code, "message": message } ] } }
    })
}
