//! The bundled font (DejaVu Sans Condensed, see `fonts/LICENSE-DejaVu.txt`): measuring text,
//! fitting it to a width, and drawing it into a pixel buffer.

use std::sync::OnceLock;

use ab_glyph::{point, Font as _, FontRef, GlyphId, PxScale, ScaleFont as _};
use tiny_skia::Pixmap;

use crate::colour::Rgb;

static BYTES: &[u8] = include_bytes!("../fonts/DejaVuSansCondensed.ttf");

/// The bundled font, parsed once.
fn font() -> &'static FontRef<'static> {
    static FONT: OnceLock<FontRef<'static>> = OnceLock::new();
    // The font is part of the crate: it parses, or no picture could ever be drawn.
    FONT.get_or_init(|| FontRef::try_from_slice(BYTES).expect("the bundled font parses"))
}

/// Glyphs of `text` with the caret position before each, at `px`.
fn glyphs(text: &str, px: f32) -> (Vec<(GlyphId, f32)>, f32) {
    let scaled = font().as_scaled(PxScale::from(px));
    let mut caret = 0.0;
    let mut prev: Option<GlyphId> = None;
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            caret += scaled.kern(p, id);
        }
        out.push((id, caret));
        caret += scaled.h_advance(id);
        prev = Some(id);
    }
    (out, caret)
}

/// The width of `text` at `px`.
pub fn width(text: &str, px: f32) -> f32 {
    glyphs(text, px).1
}

/// Ascent and descent (negative) at `px`.
pub fn metrics(px: f32) -> (f32, f32) {
    let scaled = font().as_scaled(PxScale::from(px));
    (scaled.ascent(), scaled.descent())
}

/// `text`, cut at a word or character and ended with "…" so that it is at most `max` wide.
pub fn fit(text: &str, px: f32, max: f32) -> String {
    if width(text, px) <= max {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut n = chars.len();
    while n > 0 {
        n -= 1;
        let cut: String = chars[..n].iter().collect();
        let candidate = format!("{}…", cut.trim_end_matches([' ', ',', ':', ';', '–', '-']));
        if width(&candidate, px) <= max {
            return candidate;
        }
    }
    String::new()
}

/// Draws `text` with its left end at `x` and its baseline at `baseline`, blending `colour`
/// by glyph coverage into the opaque `pixmap`.
pub fn draw(pixmap: &mut Pixmap, text: &str, x: f32, baseline: f32, px: f32, colour: Rgb) {
    let (w, h) = (pixmap.width() as i32, pixmap.height() as i32);
    let data = pixmap.data_mut();
    let scale = PxScale::from(px);
    for (id, caret) in glyphs(text, px).0 {
        let glyph = id.with_scale_and_position(scale, point(x + caret, baseline));
        let Some(outlined) = font().outline_glyph(glyph) else {
            continue;
        };
        let bounds = outlined.px_bounds();
        let (bx, by) = (bounds.min.x as i32, bounds.min.y as i32);
        outlined.draw(|gx, gy, coverage| {
            let (px, py) = (bx + gx as i32, by + gy as i32);
            if px < 0 || py < 0 || px >= w || py >= h || coverage <= 0.0 {
                return;
            }
            let i = (py as usize * w as usize + px as usize) * 4;
            let c = coverage.min(1.0);
            for (k, v) in [colour.r, colour.g, colour.b].into_iter().enumerate() {
                let old = data[i + k] as f32;
                data[i + k] = (old + (v as f32 - old) * c).round() as u8;
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitting_cuts_with_an_ellipsis_within_the_width() {
        let long = "Budapest memorandum: Russia pledges security guarantees to Ukraine";
        let cut = fit(long, 22.0, 200.0);
        assert!(cut.ends_with('…'), "{cut}");
        assert!(width(&cut, 22.0) <= 200.0);
        assert_eq!(fit("Minsk", 22.0, 200.0), "Minsk");
        assert!(width("Minsk agreements", 22.0) > width("Minsk", 22.0));
    }
}
