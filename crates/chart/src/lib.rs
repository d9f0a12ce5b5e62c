//! factbot's pictures: a timeline answer drawn on a time axis, as PNG bytes.
//!
//! Pure and deterministic: [`TimelineChart`] in, PNG bytes out, no I/O, the same bytes for
//! the same chart. A point marks a day or a month, a diamond a year (so it is not read as
//! exact), a bar a span; each carries its event's short title, and no two labels overlap:
//! crowded years fold into "N events" (the reply lists them). The font is bundled
//! (DejaVu Sans Condensed, `fonts/LICENSE-DejaVu.txt`).

mod colour;
mod draw;
mod font;
pub mod layout;
pub mod scale;

pub use colour::Rgb;
pub use layout::{layout, Label, Layout, Marker, Shape};

use factbot_engine::TimelineChart;

/// The file name the picture is attached under (`attachment://timeline.png`).
pub const FILE_NAME: &str = "timeline.png";

/// Why a picture could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The layout asked for a picture no buffer can hold.
    #[error("a {0}×{1} picture cannot be drawn")]
    Size(u32, u32),
    /// The PNG encoder refused the pixels.
    #[error("encoding the PNG: {0}")]
    Png(#[from] png::EncodingError),
}

/// The colour each shape is drawn in (for tests that sample pixels).
pub fn shape_colour(shape: Shape) -> Rgb {
    match shape {
        Shape::Point => colour::POINT,
        Shape::Year => colour::YEAR,
        Shape::Span => colour::SPAN,
    }
}

/// The chart as PNG bytes, with its layout.
pub fn render(chart: &TimelineChart) -> Result<(Layout, Vec<u8>), ChartError> {
    let layout = layout(chart);
    let pixels = draw::pixmap(&layout)?;
    let png = draw::encode(&pixels)?;
    Ok((layout, png))
}

/// The chart as PNG bytes.
pub fn png(chart: &TimelineChart) -> Result<Vec<u8>, ChartError> {
    render(chart).map(|(_, png)| png)
}
