//! Files sent with a message (multipart/form-data: `payload_json` and `files[n]`), as
//! Discord's attachment objects, and `attachment://name` in embeds resolved to them.
//!
//! Per Discord's docs: each `files[n]` part becomes an attachment (id, filename, size, url,
//! proxy_url, content_type, and width/height for images), described by the `attachments`
//! entry of `payload_json` whose `id` is `n`. On edits, an `attachments` array lists the
//! existing attachments to keep (by id); without it every existing attachment stays. New
//! files are appended. An embed image or thumbnail `attachment://name` becomes that
//! attachment's URLs and size.

use serde_json::{json, Value};

use crate::state::Shared;

/// One `files[n]` part of a multipart body.
#[derive(Debug, Clone)]
pub struct FilePart {
    /// The form field (`files[0]`).
    pub field: String,
    /// The file name the part gives.
    pub filename: String,
    /// The part's Content-Type, if any.
    pub content_type: Option<String>,
    /// The bytes.
    pub data: Vec<u8>,
}

impl FilePart {
    /// `n` of a `files[n]` field.
    fn index(&self) -> Option<u64> {
        self.field
            .strip_prefix("files[")?
            .strip_suffix(']')?
            .parse()
            .ok()
    }
}

/// Width and height of a PNG, from its IHDR chunk.
pub fn png_size(data: &[u8]) -> Option<(u32, u32)> {
    if data.len() < 24 || &data[..8] != b"\x89PNG\r\n\x1a\n" || &data[12..16] != b"IHDR" {
        return None;
    }
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    Some((be(&data[16..20]), be(&data[20..24])))
}

fn attachment_object(shared: &Shared, channel_id: u64, part: &FilePart, body: &Value) -> Value {
    let id = shared.snowflake();
    let name = &part.filename;
    let url = format!("https://cdn.discordapp.com/attachments/{channel_id}/{id}/{name}");
    let proxy_url = format!("https://media.discordapp.net/attachments/{channel_id}/{id}/{name}");
    let mut a = json!({
        "id": id.to_string(),
        "filename": name,
        "size": part.data.len(),
        "url": url,
        "proxy_url": proxy_url,
    });
    let described = body
        .get("attachments")
        .and_then(Value::as_array)
        .and_then(|list| {
            list.iter().find(|e| {
                let n = e.get("id").and_then(|v| {
                    v.as_u64()
                        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
                });
                n.is_some() && n == part.index()
            })
        });
    if let Some(d) = described.and_then(|d| d.get("description")) {
        a["description"] = d.clone();
    }
    let content_type = part
        .content_type
        .clone()
        .or_else(|| name.ends_with(".png").then(|| "image/png".to_string()));
    if let Some(ct) = content_type {
        a["content_type"] = json!(ct);
    }
    if let Some((w, h)) = png_size(&part.data) {
        a["width"] = json!(w);
        a["height"] = json!(h);
    }
    shared.files().insert(id, part.data.clone());
    a
}

/// Sets the message's attachments from the body and its files (on an edit, keeping those the
/// body lists, or all when it lists none), then resolves `attachment://` in its embeds.
pub fn apply_files(
    shared: &Shared,
    msg: &mut Value,
    body: &Value,
    files: &[FilePart],
    editing: bool,
) {
    let channel_id: u64 = msg["channel_id"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut kept: Vec<Value> = if editing {
        let existing = msg["attachments"].as_array().cloned().unwrap_or_default();
        match body.get("attachments").and_then(Value::as_array) {
            Some(listed) => existing
                .into_iter()
                .filter(|a| {
                    listed.iter().any(|l| {
                        let id = &l["id"];
                        id.as_str() == a["id"].as_str()
                            || id.as_u64().map(|n| n.to_string()).as_deref() == a["id"].as_str()
                    })
                })
                .collect(),
            None => existing,
        }
    } else {
        Vec::new()
    };
    kept.extend(
        files
            .iter()
            .map(|f| attachment_object(shared, channel_id, f, body)),
    );
    let changed = !files.is_empty() || body.get("attachments").is_some();
    if changed || !editing {
        msg["attachments"] = Value::Array(kept);
    }
    resolve_embeds(msg);
}

/// `attachment://name` in embed images and thumbnails → the attachment's URLs and size.
fn resolve_embeds(msg: &mut Value) {
    let attachments = msg["attachments"].as_array().cloned().unwrap_or_default();
    let Some(embeds) = msg.get_mut("embeds").and_then(Value::as_array_mut) else {
        return;
    };
    for embed in embeds {
        for key in ["image", "thumbnail"] {
            let Some(media) = embed.get_mut(key) else {
                continue;
            };
            let Some(name) = media["url"]
                .as_str()
                .and_then(|u| u.strip_prefix("attachment://"))
                .map(str::to_string)
            else {
                continue;
            };
            if let Some(a) = attachments.iter().find(|a| a["filename"] == json!(name)) {
                media["url"] = a["url"].clone();
                media["proxy_url"] = a["proxy_url"].clone();
                if let (Some(w), Some(h)) = (a.get("width"), a.get("height")) {
                    media["width"] = w.clone();
                    media["height"] = h.clone();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_png_header_gives_its_size() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend(1100u32.to_be_bytes());
        png.extend(358u32.to_be_bytes());
        assert_eq!(png_size(&png), Some((1100, 358)));
        assert_eq!(png_size(b"GIF89a"), None);
    }
}
