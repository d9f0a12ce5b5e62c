//! The health verdict: up when the fact base is loaded and every shard of this process is
//! connected. Pure, so every case is unit-tested.

use std::fmt::Write as _;

/// A shard's connection stage, as the gateway client reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ShardStage {
    /// The process has not started the shard yet (shards start a few seconds apart).
    NotStarted,
    /// Opening the WebSocket.
    Connecting,
    /// Connected, waiting for HELLO.
    Handshake,
    /// IDENTIFY sent, waiting for READY.
    Identifying,
    /// RESUME sent, waiting for RESUMED.
    Resuming,
    /// READY or RESUMED received: events arrive.
    Connected,
    /// Not connected; the client will reconnect.
    Disconnected,
}

impl ShardStage {
    /// Every stage, in declaration order.
    pub const ALL: [ShardStage; 7] = [
        ShardStage::NotStarted,
        ShardStage::Connecting,
        ShardStage::Handshake,
        ShardStage::Identifying,
        ShardStage::Resuming,
        ShardStage::Connected,
        ShardStage::Disconnected,
    ];

    /// A stable snake_case name, for metric labels and the health text.
    pub fn name(self) -> &'static str {
        match self {
            ShardStage::NotStarted => "not_started",
            ShardStage::Connecting => "connecting",
            ShardStage::Handshake => "handshake",
            ShardStage::Identifying => "identifying",
            ShardStage::Resuming => "resuming",
            ShardStage::Connected => "connected",
            ShardStage::Disconnected => "disconnected",
        }
    }
}

/// The shards one process runs: `first..=last` of `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shards {
    /// The first shard of this process.
    pub first: u32,
    /// The last shard of this process (inclusive).
    pub last: u32,
    /// Shards of the whole bot.
    pub total: u32,
}

/// The verdict of a health check, with the reasons a person reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Health {
    /// Whether the bot is up: `/healthz` answers 200, else 503.
    pub ok: bool,
    /// Each shard of this process (and any other the client runs) with its stage, by id.
    pub shards: Vec<(u32, ShardStage)>,
    /// The report: `ok` or `unavailable`, then one line for the fact base and one per shard.
    pub text: String,
}

impl Health {
    /// Judges health from whether a fact base is loaded, which shards this process runs (if
    /// known yet) and the stages the gateway client reports.
    pub fn assess(
        loaded: bool,
        expected: Option<Shards>,
        reported: &[(u32, ShardStage)],
    ) -> Health {
        let mut shards: Vec<(u32, ShardStage)> = reported.to_vec();
        if let Some(e) = expected {
            for id in e.first..=e.last {
                if !shards.iter().any(|(s, _)| *s == id) {
                    shards.push((id, ShardStage::NotStarted));
                }
            }
        }
        shards.sort_by_key(|(id, _)| *id);
        shards.dedup_by_key(|(id, _)| *id);
        let connected = expected.is_some()
            && shards
                .iter()
                .all(|(_, stage)| *stage == ShardStage::Connected);
        let ok = loaded && connected;
        let mut text = String::from(if ok { "ok\n" } else { "unavailable\n" });
        let _ = writeln!(
            text,
            "fact base: {}",
            if loaded { "loaded" } else { "loading" }
        );
        match expected {
            None => text.push_str("shards: not yet known\n"),
            Some(e) => {
                for (id, stage) in &shards {
                    let _ = writeln!(text, "shard {id} of {}: {}", e.total, stage.name());
                }
            }
        }
        Health { ok, shards, text }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO_OF_FOUR: Shards = Shards {
        first: 2,
        last: 3,
        total: 4,
    };

    #[test]
    fn up_only_with_the_fact_base_and_every_shard_connected() {
        let both = [(2, ShardStage::Connected), (3, ShardStage::Connected)];
        let h = Health::assess(true, Some(TWO_OF_FOUR), &both);
        assert!(h.ok);
        assert_eq!(
            h.text,
            "ok\nfact base: loaded\nshard 2 of 4: connected\nshard 3 of 4: connected\n"
        );
        assert!(!Health::assess(false, Some(TWO_OF_FOUR), &both).ok);
        let one = Health::assess(true, Some(TWO_OF_FOUR), &both[..1]);
        assert!(!one.ok);
        assert!(
            one.text.contains("shard 3 of 4: not_started"),
            "{}",
            one.text
        );
        let resuming = [(2, ShardStage::Connected), (3, ShardStage::Resuming)];
        assert!(!Health::assess(true, Some(TWO_OF_FOUR), &resuming).ok);
    }

    #[test]
    fn unknown_shards_are_not_healthy() {
        let h = Health::assess(true, None, &[(0, ShardStage::Connected)]);
        assert!(!h.ok);
        assert!(h.text.starts_with("unavailable\n"));
        assert!(h.text.contains("shards: not yet known"));
        assert!(!Health::assess(true, None, &[]).ok);
    }
}
