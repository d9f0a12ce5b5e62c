//! What a picture of a timeline answer needs: each event's dates and short title, and the
//! range the user asked for. Front ends draw it (the Discord reply's PNG); the engine only
//! says what is on it.

use factbot_knowledge::DateSpec;

/// The events of a timeline answer, for drawing on a time axis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineChart {
    /// What the picture shows ("Timeline: 2014"), the answer's title.
    pub title: String,
    /// The year, range, decade or month the user asked for; `None` for all events or a
    /// keyword.
    pub range: Option<DateSpec>,
    /// The events the answer lists, in its order (date order).
    pub events: Vec<ChartEvent>,
}

/// One event on the picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartEvent {
    /// Its date or span, with the precision the source gives.
    pub date: DateSpec,
    /// The event's own short title from the fact base.
    pub title: String,
}
