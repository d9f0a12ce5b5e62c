//! The picture's palette: an opaque dark card that reads on Discord's dark and light themes.

/// An opaque colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
}

const fn rgb(hex: u32) -> Rgb {
    Rgb {
        r: (hex >> 16) as u8,
        g: (hex >> 8) as u8,
        b: hex as u8,
    }
}

impl Rgb {
    /// As a tiny-skia colour, with `alpha` in 0..=255.
    pub fn skia(self, alpha: u8) -> tiny_skia::Color {
        tiny_skia::Color::from_rgba8(self.r, self.g, self.b, alpha)
    }
}

/// The card.
pub const BACKGROUND: Rgb = rgb(0x1E2127);
/// The card's edge.
pub const BORDER: Rgb = rgb(0x3A3F4B);
/// Titles and labels.
pub const TEXT: Rgb = rgb(0xE6E8EB);
/// Axis labels, the legend, the event count.
pub const MUTED: Rgb = rgb(0xA0A6B0);
/// Grid lines at the year ticks.
pub const GRID: Rgb = rgb(0x2C313A);
/// The time axis.
pub const AXIS: Rgb = rgb(0x8A919C);
/// The asked range: a band behind the events and its stretch of the axis.
pub const HIGHLIGHT: Rgb = rgb(0x14B8A6);
/// A day or a month: a round point.
pub const POINT: Rgb = rgb(0x2DD4BF);
/// A year: a diamond, so it is not read as exact.
pub const YEAR: Rgb = rgb(0xFBBF24);
/// A span: a bar.
pub const SPAN: Rgb = rgb(0x60A5FA);
/// The box of a crowded year folded into "N events".
pub const FOLD: Rgb = rgb(0x2A2F3A);
/// The label of a fold.
pub const FOLD_TEXT: Rgb = rgb(0xC4B5FD);
