//! Configuration of the fake: the bot, its application, and the guilds it is in.

use serde_json::Value;

/// Application flag: GATEWAY_MESSAGE_CONTENT (privileged intent granted).
pub const GATEWAY_MESSAGE_CONTENT: u64 = 1 << 18;
/// Application flag: GATEWAY_MESSAGE_CONTENT_LIMITED (unverified bot in < 100 guilds).
pub const GATEWAY_MESSAGE_CONTENT_LIMITED: u64 = 1 << 19;
pub const GATEWAY_PRESENCE: u64 = 1 << 12;
pub const GATEWAY_PRESENCE_LIMITED: u64 = 1 << 13;
pub const GATEWAY_GUILD_MEMBERS: u64 = 1 << 14;
pub const GATEWAY_GUILD_MEMBERS_LIMITED: u64 = 1 << 15;
/// APPLICATION_COMMAND_BADGE, as most slash-command bots have.
pub const APPLICATION_COMMAND_BADGE: u64 = 1 << 23;

/// Gateway intents (bits) the fake understands.
pub mod intents {
    pub const GUILDS: u64 = 1 << 0;
    pub const GUILD_MEMBERS: u64 = 1 << 1;
    pub const GUILD_PRESENCES: u64 = 1 << 8;
    pub const GUILD_MESSAGES: u64 = 1 << 9;
    pub const DIRECT_MESSAGES: u64 = 1 << 12;
    pub const MESSAGE_CONTENT: u64 = 1 << 15;
}

/// Permission bits used by the default guild.
pub mod perms {
    pub const CREATE_INSTANT_INVITE: u64 = 1 << 0;
    pub const KICK_MEMBERS: u64 = 1 << 1;
    pub const ADMINISTRATOR: u64 = 1 << 3;
    pub const MANAGE_CHANNELS: u64 = 1 << 4;
    pub const MANAGE_GUILD: u64 = 1 << 5;
    pub const ADD_REACTIONS: u64 = 1 << 6;
    pub const VIEW_CHANNEL: u64 = 1 << 10;
    pub const SEND_MESSAGES: u64 = 1 << 11;
    pub const MANAGE_MESSAGES: u64 = 1 << 13;
    pub const EMBED_LINKS: u64 = 1 << 14;
    pub const ATTACH_FILES: u64 = 1 << 15;
    pub const READ_MESSAGE_HISTORY: u64 = 1 << 16;
    pub const MENTION_EVERYONE: u64 = 1 << 17;
    pub const USE_EXTERNAL_EMOJIS: u64 = 1 << 18;
    pub const CONNECT: u64 = 1 << 20;
    pub const SPEAK: u64 = 1 << 21;
    pub const CHANGE_NICKNAME: u64 = 1 << 26;
    pub const MANAGE_ROLES: u64 = 1 << 28;
    pub const USE_APPLICATION_COMMANDS: u64 = 1 << 31;
    pub const SEND_MESSAGES_IN_THREADS: u64 = 1 << 38;
    pub const ALL: u64 = (1 << 50) - 1;
    /// Roughly what a new guild's @everyone role gets.
    pub const EVERYONE_DEFAULT: u64 = CREATE_INSTANT_INVITE
        | ADD_REACTIONS
        | VIEW_CHANNEL
        | SEND_MESSAGES
        | EMBED_LINKS
        | ATTACH_FILES
        | READ_MESSAGE_HISTORY
        | USE_EXTERNAL_EMOJIS
        | CONNECT
        | SPEAK
        | CHANGE_NICKNAME
        | USE_APPLICATION_COMMANDS
        | SEND_MESSAGES_IN_THREADS;
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FakeUser {
    pub id: u64,
    pub username: String,
    pub global_name: Option<String>,
    pub bot: bool,
}

impl FakeUser {
    pub fn human(id: u64, username: &str) -> Self {
        FakeUser {
            id,
            username: username.into(),
            global_name: Some(capitalize(username)),
            bot: false,
        }
    }
    pub fn bot(id: u64, username: &str) -> Self {
        FakeUser {
            id,
            username: username.into(),
            global_name: None,
            bot: true,
        }
    }
    /// `<@id>`
    pub fn mention(&self) -> String {
        format!("<@{}>", self.id)
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[derive(Clone, Debug)]
pub struct FakeRole {
    pub id: u64,
    pub name: String,
    pub permissions: u64,
    pub position: u32,
    /// Managed roles are the ones Discord creates for bots.
    pub managed: bool,
    /// For a bot's managed role: the bot's user id (goes to `tags.bot_id`).
    pub bot_id: Option<u64>,
}

#[derive(Clone, Debug)]
pub struct FakeOverwrite {
    /// Role or member id.
    pub id: u64,
    /// 0 = role, 1 = member.
    pub kind: u8,
    pub allow: u64,
    pub deny: u64,
}

#[derive(Clone, Debug)]
pub struct FakeChannel {
    pub id: u64,
    pub name: String,
    /// Channel type: 0 = GUILD_TEXT, 2 = voice, 4 = category, 5 = announcement,
    /// 11 = public thread (in `parent_id`).
    pub kind: u8,
    pub topic: Option<String>,
    pub position: u32,
    pub nsfw: bool,
    pub parent_id: Option<u64>,
    pub overwrites: Vec<FakeOverwrite>,
}

impl FakeChannel {
    pub fn text(id: u64, name: &str, position: u32) -> Self {
        FakeChannel {
            id,
            name: name.into(),
            kind: 0,
            topic: None,
            position,
            nsfw: false,
            parent_id: None,
            overwrites: Vec::new(),
        }
    }

    /// A public thread (type 11) in text channel `parent`. GUILD_CREATE lists it under
    /// `threads`; its permissions are its parent's.
    pub fn thread(id: u64, name: &str, parent: u64) -> Self {
        FakeChannel {
            kind: 11,
            parent_id: Some(parent),
            ..FakeChannel::text(id, name, 0)
        }
    }

    /// Whether this is a thread (types 10, 11, 12).
    pub fn is_thread(&self) -> bool {
        matches!(self.kind, 10..=12)
    }
}

#[derive(Clone, Debug)]
pub struct FakeMember {
    pub user: FakeUser,
    /// Role ids (without @everyone).
    pub roles: Vec<u64>,
    pub nick: Option<String>,
}

#[derive(Clone, Debug)]
pub struct FakeGuild {
    pub id: u64,
    pub name: String,
    pub owner_id: u64,
    /// Permissions of @everyone (the role whose id equals the guild id).
    pub everyone_permissions: u64,
    /// Additional roles.
    pub roles: Vec<FakeRole>,
    pub channels: Vec<FakeChannel>,
    /// Members; the bot is added automatically if missing.
    pub members: Vec<FakeMember>,
    pub preferred_locale: String,
}

impl FakeGuild {
    pub fn channel_by_name(&self, name: &str) -> Option<&FakeChannel> {
        self.channels.iter().find(|c| c.name == name)
    }
    pub fn member(&self, user_id: u64) -> Option<&FakeMember> {
        self.members.iter().find(|m| m.user.id == user_id)
    }
    pub fn role(&self, role_id: u64) -> Option<&FakeRole> {
        self.roles.iter().find(|r| r.id == role_id)
    }

    /// Guild-level permissions of a member (Discord's algorithm).
    pub fn base_permissions(&self, user_id: u64) -> u64 {
        if user_id == self.owner_id {
            return perms::ALL;
        }
        let mut p = self.everyone_permissions;
        if let Some(m) = self.member(user_id) {
            for r in &m.roles {
                if let Some(role) = self.role(*r) {
                    p |= role.permissions;
                }
            }
        }
        if p & perms::ADMINISTRATOR != 0 {
            return perms::ALL;
        }
        p
    }

    /// Channel-level permissions of a member (Discord's overwrite algorithm).
    pub fn channel_permissions(&self, user_id: u64, channel_id: u64) -> u64 {
        let base = self.base_permissions(user_id);
        if base == perms::ALL {
            return base;
        }
        let Some(mut ch) = self.channels.iter().find(|c| c.id == channel_id) else {
            return base;
        };
        // A thread has the permissions of its parent channel.
        if let Some(parent) = ch
            .parent_id
            .filter(|_| ch.is_thread())
            .and_then(|p| self.channels.iter().find(|c| c.id == p))
        {
            ch = parent;
        }
        let mut p = base;
        if let Some(ow) = ch
            .overwrites
            .iter()
            .find(|o| o.kind == 0 && o.id == self.id)
        {
            p &= !ow.deny;
            p |= ow.allow;
        }
        let roles: Vec<u64> = self
            .member(user_id)
            .map(|m| m.roles.clone())
            .unwrap_or_default();
        let (mut allow, mut deny) = (0, 0);
        for ow in ch
            .overwrites
            .iter()
            .filter(|o| o.kind == 0 && roles.contains(&o.id))
        {
            allow |= ow.allow;
            deny |= ow.deny;
        }
        p &= !deny;
        p |= allow;
        if let Some(ow) = ch
            .overwrites
            .iter()
            .find(|o| o.kind == 1 && o.id == user_id)
        {
            p &= !ow.deny;
            p |= ow.allow;
        }
        p
    }
}

/// Configuration for [`super::FakeDiscord::start`]. `Default` gives a ready-to-use setup:
/// token `FAKE.TOKEN.valid`, one guild "Fact Checkers" with channels `general` and `facts`,
/// users alice (owner), bob and the bot, application flags GATEWAY_MESSAGE_CONTENT_LIMITED.
#[derive(Clone, Debug)]
pub struct FakeConfig {
    /// The valid bot token (without `Bot `). REST wants `Authorization: Bot <token>`;
    /// IDENTIFY/RESUME accept it with or without the `Bot ` prefix.
    pub token: String,
    pub application_id: u64,
    pub application_name: String,
    /// Application flags (see the constants in this module).
    pub application_flags: u64,
    /// The bot user (id usually equals the application id).
    pub bot_user: FakeUser,
    pub guilds: Vec<FakeGuild>,
    /// Recommended shard count returned by `GET /gateway/bot`.
    pub recommended_shards: u32,
    pub heartbeat_interval_ms: u64,
    /// If the client IDENTIFYs with `compress: true` (serenity always does), dispatch payloads
    /// at least this big are sent as zlib-compressed binary frames, as Discord does.
    /// `None` = always send text frames.
    pub compress_threshold: Option<usize>,
    /// Echo messages the bot creates via REST back as MESSAGE_CREATE (Discord does).
    pub echo_bot_messages: bool,
    /// Discord invalidates interaction tokens for the initial response after 3 s.
    pub interaction_deadline_ms: u64,
    /// Delay before each REST response (to simulate latency).
    pub rest_latency_ms: u64,
}

impl Default for FakeConfig {
    fn default() -> Self {
        let app_id: u64 = 1_187_654_321_098_765_432;
        let guild_id: u64 = 1_090_000_000_000_000_100;
        let alice = FakeUser::human(1_090_000_000_000_000_201, "alice");
        let bob = FakeUser::human(1_090_000_000_000_000_202, "bob");
        let bot = FakeUser::bot(app_id, "factbot");
        let bot_role = FakeRole {
            id: 1_090_000_000_000_000_301,
            name: "factbot".into(),
            permissions: perms::EVERYONE_DEFAULT | perms::MANAGE_MESSAGES,
            position: 1,
            managed: true,
            bot_id: Some(app_id),
        };
        let mod_role = FakeRole {
            id: 1_090_000_000_000_000_302,
            name: "Moderator".into(),
            permissions: perms::EVERYONE_DEFAULT | perms::MANAGE_MESSAGES | perms::MANAGE_GUILD,
            position: 2,
            managed: false,
            bot_id: None,
        };
        let guild = FakeGuild {
            id: guild_id,
            name: "Fact Checkers".into(),
            owner_id: alice.id,
            everyone_permissions: perms::EVERYONE_DEFAULT,
            roles: vec![bot_role.clone(), mod_role.clone()],
            channels: vec![
                FakeChannel::text(1_090_000_000_000_000_401, "general", 0),
                FakeChannel::text(1_090_000_000_000_000_402, "facts", 1),
            ],
            members: vec![
                FakeMember {
                    user: alice,
                    roles: vec![mod_role.id],
                    nick: None,
                },
                FakeMember {
                    user: bob,
                    roles: vec![],
                    nick: None,
                },
                FakeMember {
                    user: bot.clone(),
                    roles: vec![bot_role.id],
                    nick: None,
                },
            ],
            preferred_locale: "en-US".into(),
        };
        FakeConfig {
            token: "FAKE.TOKEN.valid".into(),
            application_id: app_id,
            application_name: "factbot".into(),
            application_flags: GATEWAY_MESSAGE_CONTENT_LIMITED | APPLICATION_COMMAND_BADGE,
            bot_user: bot,
            guilds: vec![guild],
            recommended_shards: 1,
            heartbeat_interval_ms: 41_250,
            compress_threshold: Some(1024),
            echo_bot_messages: true,
            interaction_deadline_ms: 3_000,
            rest_latency_ms: 0,
        }
    }
}

impl FakeConfig {
    /// Finds the guild that owns a channel.
    pub fn guild_of_channel(&self, channel_id: u64) -> Option<&FakeGuild> {
        self.guilds
            .iter()
            .find(|g| g.channels.iter().any(|c| c.id == channel_id))
    }
    pub fn guild(&self, guild_id: u64) -> Option<&FakeGuild> {
        self.guilds.iter().find(|g| g.id == guild_id)
    }
    pub fn channel(&self, channel_id: u64) -> Option<(&FakeGuild, &FakeChannel)> {
        self.guilds.iter().find_map(|g| {
            g.channels
                .iter()
                .find(|c| c.id == channel_id)
                .map(|c| (g, c))
        })
    }
    /// Any known user (members of any guild, and the bot).
    pub fn user(&self, user_id: u64) -> Option<FakeUser> {
        if user_id == self.bot_user.id {
            return Some(self.bot_user.clone());
        }
        self.guilds
            .iter()
            .flat_map(|g| g.members.iter())
            .find(|m| m.user.id == user_id)
            .map(|m| m.user.clone())
    }
    pub(crate) fn normalize(&mut self) {
        let bot = self.bot_user.clone();
        for g in &mut self.guilds {
            if g.member(bot.id).is_none() {
                g.members.push(FakeMember {
                    user: bot.clone(),
                    roles: vec![],
                    nick: None,
                });
            }
        }
    }
}

/// Helper so tests can write `json_opt(x)`.
pub fn opt_id(id: Option<u64>) -> Value {
    id.map(|i| Value::String(i.to_string()))
        .unwrap_or(Value::Null)
}
