//! Where everything goes, before any pixel is drawn: the axis, one marker per event, the
//! labels in lanes so that no two overlap, and crowded years folded into "N events".
//!
//! Items (an event, or a fold of several) are packed greedily, in date order, into the first
//! lane where the item (its marker and its label) leaves room; while that takes more than
//! [`MAX_LANES`] lanes, the year with the most events becomes one fold, then whole decades do.

use std::collections::BTreeMap;

use factbot_engine::TimelineChart;

use crate::font;
use crate::scale::{days, precision, Axis, Precision};

/// Width of every picture, in pixels: twice the ~550 px Discord shows inline, for sharpness.
pub const WIDTH: u32 = 1100;
/// Most lanes of labels; past that, crowded years fold.
pub const MAX_LANES: usize = 12;
/// Height of a lane.
pub const LANE_H: f32 = 40.0;
/// Size of the title.
pub const TITLE_PX: f32 = 28.0;
/// Size of the labels.
pub const LABEL_PX: f32 = 22.0;
/// Size of axis and legend text.
pub const SMALL_PX: f32 = 19.0;
/// Left and right margin.
pub const MARGIN: f32 = 36.0;
/// Baseline of the title.
pub const TITLE_BASELINE: f32 = 46.0;
/// Baseline of the year labels.
pub const YEARS_BASELINE: f32 = 88.0;
/// Baseline of the month initials (when a year is wide enough to show them).
pub const MONTHS_BASELINE: f32 = 112.0;
/// The axis line.
pub const AXIS_Y: f32 = 122.0;
/// Top of the first lane.
pub const LANES_TOP: f32 = 134.0;
/// Height of the legend row at the bottom.
pub const LEGEND_H: f32 = 56.0;

const LABEL_H: f32 = 28.0;
const LABEL_MAX_W: f32 = 470.0;
/// Between a marker and its label.
const GAP: f32 = 8.0;
/// Between two items in a lane.
const SPACING: f32 = 14.0;
const POINT_R: f32 = 8.0;
const DIAMOND_R: f32 = 10.0;
const BAR_H: f32 = 14.0;
const MIN_BAR: f32 = 18.0;
const MINI_H: f32 = 10.0;
const MINI_ROWS: usize = 8;
const MINI_SCALE: f32 = 0.5;

/// The shape of an event's marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A day or a month: a round point.
    Point,
    /// A year only: a diamond.
    Year,
    /// A span: a bar from its first to its last day.
    Span,
}

/// One event's marker.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    /// The event's index in the chart.
    pub event: usize,
    /// Its shape.
    pub shape: Shape,
    /// Left end (a point's or diamond's left edge, a bar's start).
    pub x0: f32,
    /// Right end.
    pub x1: f32,
    /// Vertical centre.
    pub y: f32,
    /// Half the height.
    pub half: f32,
    /// A pixel inside the marker that nothing else covers.
    pub sample: (f32, f32),
    /// Whether it is drawn small inside a fold.
    pub folded: bool,
}

/// One label and its box.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// The text as drawn (cut to fit, with "…").
    pub text: String,
    /// Left of the box.
    pub x: f32,
    /// Top of the box.
    pub y: f32,
    /// Width of the box.
    pub w: f32,
    /// Height of the box.
    pub h: f32,
    /// Whether it names a fold ("2021: 10 events").
    pub fold: bool,
    /// Whether it sits on its own bar (and needs a backing).
    pub on_bar: bool,
}

impl Label {
    /// Whether the boxes of two labels share any area.
    pub fn overlaps(&self, other: &Label) -> bool {
        self.x < other.x + other.w
            && other.x < self.x + self.w
            && self.y < other.y + other.h
            && other.y < self.y + self.h
    }
}

/// The box drawn behind the markers of a fold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FoldBox {
    /// Left.
    pub x0: f32,
    /// Top.
    pub y0: f32,
    /// Right.
    pub x1: f32,
    /// Bottom.
    pub y1: f32,
}

/// Everything a picture shows, in pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Picture width.
    pub width: u32,
    /// Picture height.
    pub height: u32,
    /// The title (cut to fit).
    pub title: String,
    /// "25 events", top right.
    pub count: String,
    /// The time axis.
    pub axis: Axis,
    /// Lanes used.
    pub lanes: usize,
    /// One marker per event, in the chart's order.
    pub markers: Vec<Marker>,
    /// The labels.
    pub labels: Vec<Label>,
    /// The boxes of folds.
    pub folds: Vec<FoldBox>,
    /// The asked range, as x from and to.
    pub highlight: Option<(f32, f32)>,
}

impl Layout {
    /// The bottom of the last lane.
    pub fn lanes_bottom(&self) -> f32 {
        LANES_TOP + self.lanes as f32 * LANE_H
    }
}

/// An event's marker before it is placed in a lane: its shape and horizontal extent.
#[derive(Debug, Clone, Copy)]
struct Geometry {
    shape: Shape,
    x0: f32,
    x1: f32,
}

fn geometry(axis: &Axis, chart: &TimelineChart, i: usize, scale: f32) -> Geometry {
    let date = &chart.events[i].date;
    let (a, b) = days(date);
    let (xa, xb) = (axis.x(a), axis.x(b));
    let mid = (xa + xb) / 2.0;
    if date.start != date.end {
        let min = MIN_BAR * scale;
        let (x0, x1) = if xb - xa < min {
            (mid - min / 2.0, mid + min / 2.0)
        } else {
            (xa, xb)
        };
        return Geometry {
            shape: Shape::Span,
            x0,
            x1,
        };
    }
    let (shape, r) = match precision(&date.start) {
        Precision::Exact => (Shape::Point, POINT_R),
        Precision::Year => (Shape::Year, DIAMOND_R),
    };
    Geometry {
        shape,
        x0: mid - r * scale,
        x1: mid + r * scale,
    }
}

fn half_height(shape: Shape, scale: f32) -> f32 {
    scale
        * match shape {
            Shape::Point => POINT_R,
            Shape::Year => DIAMOND_R,
            Shape::Span => BAR_H / 2.0,
        }
}

/// What a fold covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FoldKey {
    Year(i32),
    Decade(i32),
    All,
}

/// An event on its own, or several folded.
#[derive(Debug, Clone)]
enum Entity {
    Single(usize),
    Fold(FoldKey, Vec<usize>),
}

impl Entity {
    fn first(&self) -> usize {
        match self {
            Entity::Single(i) => *i,
            Entity::Fold(_, m) => m[0],
        }
    }
}

/// Where a label goes: its text (cut to fit), its left end, whether it sits on its own bar,
/// and whether it goes in the lane below the marker (when neither side has `min_room`).
struct Placement {
    text: String,
    x: f32,
    on_bar: bool,
    below: bool,
}

/// Places a label beside the marker extent `m0..m1`: right, else left, else on a long bar,
/// else on the side with more room if that has `min_room`, else in the lane below.
fn place_label(
    text: &str,
    m0: f32,
    m1: f32,
    bar: bool,
    min_room: f32,
    cx0: f32,
    cx1: f32,
) -> Placement {
    let text = font::fit(text, LABEL_PX, LABEL_MAX_W);
    let w = font::width(&text, LABEL_PX);
    let beside = |text: String, x: f32, on_bar: bool| Placement {
        text,
        x,
        on_bar,
        below: false,
    };
    if m1 + GAP + w <= cx1 {
        return beside(text, m1 + GAP, false);
    }
    if m0 - GAP - w >= cx0 {
        return beside(text, m0 - GAP - w, false);
    }
    if bar && m1 - m0 >= w + 3.0 * GAP {
        return beside(text, m0 + GAP, true);
    }
    let right = cx1 - (m1 + GAP);
    let left = (m0 - GAP) - cx0;
    let inside = if bar { m1 - m0 - 3.0 * GAP } else { 0.0 };
    let best = right.max(left).max(inside);
    if best >= min_room {
        let cut = font::fit(&text, LABEL_PX, best);
        if best == inside {
            return beside(cut, m0 + GAP, true);
        }
        if best == right {
            return beside(cut, m1 + GAP, false);
        }
        let w = font::width(&cut, LABEL_PX);
        return beside(cut, m0 - GAP - w, false);
    }
    let x = m0.max(cx0).min(cx1 - w);
    Placement {
        text,
        x,
        on_bar: false,
        below: true,
    }
}

/// An entity ready to pack: its extent, lanes, label and markers relative to its lane top.
#[derive(Debug, Clone)]
struct Item {
    x0: f32,
    x1: f32,
    lanes: usize,
    label: Label,
    markers: Vec<Marker>,
    fold: Option<FoldBox>,
}

fn fold_label(key: FoldKey, n: usize) -> String {
    match key {
        FoldKey::Year(y) => format!("{y}: {n} events"),
        FoldKey::Decade(d) => format!("{d}s: {n} events"),
        FoldKey::All => format!("{n} events"),
    }
}

fn item(entity: &Entity, chart: &TimelineChart, axis: &Axis, cx0: f32, cx1: f32) -> Item {
    let label_y = (LANE_H - LABEL_H) / 2.0;
    match entity {
        Entity::Single(i) => {
            let g = geometry(axis, chart, *i, 1.0);
            let bar = g.shape == Shape::Span;
            let Placement {
                text,
                x: lx,
                on_bar,
                below,
            } = place_label(&chart.events[*i].title, g.x0, g.x1, bar, 160.0, cx0, cx1);
            let w = font::width(&text, LABEL_PX);
            let y = LANE_H / 2.0;
            let sample = if on_bar {
                (g.x1 - GAP / 2.0, y)
            } else {
                ((g.x0 + g.x1) / 2.0, y)
            };
            Item {
                x0: g.x0.min(lx),
                x1: g.x1.max(lx + w),
                lanes: 1 + usize::from(below),
                label: Label {
                    text,
                    x: lx,
                    y: label_y + if below { LANE_H } else { 0.0 },
                    w,
                    h: LABEL_H,
                    fold: false,
                    on_bar,
                },
                markers: vec![Marker {
                    event: *i,
                    shape: g.shape,
                    x0: g.x0,
                    x1: g.x1,
                    y,
                    half: half_height(g.shape, 1.0),
                    sample,
                    folded: false,
                }],
                fold: None,
            }
        }
        Entity::Fold(key, members) => {
            let mut rows: Vec<f32> = Vec::new();
            let mut markers = Vec::with_capacity(members.len());
            for &i in members {
                let g = geometry(axis, chart, i, MINI_SCALE);
                let row = match rows.iter().position(|&end| end + 3.0 <= g.x0) {
                    Some(r) => r,
                    None if rows.len() < MINI_ROWS => {
                        rows.push(f32::MIN);
                        rows.len() - 1
                    }
                    None => (0..rows.len())
                        .min_by(|&a, &b| rows[a].total_cmp(&rows[b]))
                        .unwrap_or(0),
                };
                rows[row] = rows[row].max(g.x1);
                let y = 8.0 + row as f32 * MINI_H + MINI_H / 2.0;
                markers.push(Marker {
                    event: i,
                    shape: g.shape,
                    x0: g.x0,
                    x1: g.x1,
                    y,
                    half: half_height(g.shape, MINI_SCALE),
                    sample: ((g.x0 + g.x1) / 2.0, y),
                    folded: true,
                });
            }
            let m0 = markers.iter().map(|m| m.x0).fold(f32::MAX, f32::min) - 6.0;
            let m1 = markers.iter().map(|m| m.x1).fold(f32::MIN, f32::max) + 6.0;
            let block_h = rows.len() as f32 * MINI_H + 8.0;
            let block_lanes = ((block_h + 8.0) / LANE_H).ceil().max(1.0) as usize;
            let text = fold_label(*key, members.len());
            let full = font::width(&text, LABEL_PX);
            let Placement {
                text, x: lx, below, ..
            } = place_label(&text, m0, m1, false, full, cx0, cx1);
            let w = font::width(&text, LABEL_PX);
            let lanes = block_lanes + usize::from(below);
            Item {
                x0: m0.min(lx),
                x1: m1.max(lx + w),
                lanes,
                label: Label {
                    text,
                    x: lx,
                    y: label_y
                        + if below {
                            block_lanes as f32 * LANE_H
                        } else {
                            0.0
                        },
                    w,
                    h: LABEL_H,
                    fold: true,
                    on_bar: false,
                },
                markers,
                fold: Some(FoldBox {
                    x0: m0,
                    y0: 4.0,
                    x1: m1,
                    y1: 4.0 + block_h,
                }),
            }
        }
    }
}

/// The first lane of each item, and the number of lanes used.
fn pack(items: &[Item]) -> (Vec<usize>, usize) {
    let mut lanes: Vec<Vec<(f32, f32)>> = Vec::new();
    let mut placed = Vec::with_capacity(items.len());
    for it in items {
        let free = |lane: &Vec<(f32, f32)>| {
            lane.iter()
                .all(|&(a, b)| b + SPACING <= it.x0 || it.x1 + SPACING <= a)
        };
        let mut l = 0;
        while !(l..l + it.lanes).all(|k| lanes.get(k).is_none_or(free)) {
            l += 1;
        }
        while lanes.len() < l + it.lanes {
            lanes.push(Vec::new());
        }
        for lane in &mut lanes[l..l + it.lanes] {
            lane.push((it.x0, it.x1));
        }
        placed.push(l);
    }
    (placed, lanes.len())
}

/// Which entities a new fold takes in.
type Belongs<'a> = Box<dyn Fn(&Entity) -> bool + 'a>;

/// Years that may fold next, at most this many (those with the most events).
const YEAR_CANDIDATES: usize = 4;

/// What may fold next: the years with the most events on their own (each tried, the one
/// leaving fewest lanes wins), else the decade with the most items, else everything.
fn fold_candidates<'a>(
    entities: &[Entity],
    chart: &'a TimelineChart,
) -> Vec<(FoldKey, Belongs<'a>)> {
    let year = move |i: usize| chart.events[i].date.start.year;
    let mut per_year: BTreeMap<i32, usize> = BTreeMap::new();
    for e in entities {
        if let Entity::Single(i) = e {
            *per_year.entry(year(*i)).or_default() += 1;
        }
    }
    let mut years: Vec<(i32, usize)> = per_year.into_iter().filter(|(_, n)| *n >= 2).collect();
    years.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    if !years.is_empty() {
        return years
            .into_iter()
            .take(YEAR_CANDIDATES)
            .map(|(y, _)| {
                let belongs: Belongs<'a> =
                    Box::new(move |e: &Entity| matches!(e, Entity::Single(i) if year(*i) == y));
                (FoldKey::Year(y), belongs)
            })
            .collect();
    }
    let decade = move |e: &Entity| year(e.first()).div_euclid(10) * 10;
    let mut per_decade: BTreeMap<i32, usize> = BTreeMap::new();
    for e in entities {
        *per_decade.entry(decade(e)).or_default() += 1;
    }
    match per_decade
        .iter()
        .filter(|(_, n)| **n >= 2)
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
    {
        Some((&d, _)) => vec![(
            FoldKey::Decade(d),
            Box::new(move |e: &Entity| decade(e) == d),
        )],
        None if entities.len() >= 2 => vec![(FoldKey::All, Box::new(|_: &Entity| true))],
        None => Vec::new(),
    }
}

/// The entities with those `belongs` takes in folded into one, where the first of them was.
fn folded(
    entities: &[Entity],
    chart: &TimelineChart,
    key: FoldKey,
    belongs: &Belongs<'_>,
) -> Vec<Entity> {
    let mut members = Vec::new();
    let mut rest = Vec::with_capacity(entities.len());
    let mut at = None;
    for e in entities {
        if belongs(e) {
            at.get_or_insert(rest.len());
            match e {
                Entity::Single(i) => members.push(*i),
                Entity::Fold(_, m) => members.extend(m),
            }
        } else {
            rest.push(e.clone());
        }
    }
    members.sort_by_key(|&i| (days(&chart.events[i].date), i));
    rest.insert(at.unwrap_or(0), Entity::Fold(key, members));
    rest
}

/// Entities packed into lanes.
struct Packed {
    entities: Vec<Entity>,
    items: Vec<Item>,
    placed: Vec<usize>,
    lanes: usize,
}

/// Lays out a chart.
pub fn layout(chart: &TimelineChart) -> Layout {
    let (cx0, cx1) = (MARGIN, WIDTH as f32 - MARGIN);
    let spans = chart
        .events
        .iter()
        .map(|e| days(&e.date))
        .chain(chart.range.iter().map(days));
    let axis = Axis::covering(spans, cx0 + 12.0, cx1 - 12.0);
    let mut order: Vec<usize> = (0..chart.events.len()).collect();
    order.sort_by_key(|&i| (days(&chart.events[i].date), i));
    let entities: Vec<Entity> = order.into_iter().map(Entity::Single).collect();
    // An event's own item does not change as others fold: made once.
    let singles: Vec<Item> = (0..chart.events.len())
        .map(|i| item(&Entity::Single(i), chart, &axis, cx0, cx1))
        .collect();
    let items_of = |entities: &[Entity]| -> Vec<Item> {
        entities
            .iter()
            .map(|e| match e {
                Entity::Single(i) => singles[*i].clone(),
                fold => item(fold, chart, &axis, cx0, cx1),
            })
            .collect()
    };
    let pack_all = |entities: Vec<Entity>| {
        let items = items_of(&entities);
        let (placed, lanes) = pack(&items);
        Packed {
            entities,
            items,
            placed,
            lanes,
        }
    };
    let mut packed = pack_all(entities);
    while packed.lanes > MAX_LANES {
        let best = fold_candidates(&packed.entities, chart)
            .into_iter()
            .map(|(key, belongs)| pack_all(folded(&packed.entities, chart, key, &belongs)))
            .reduce(|best, next| if next.lanes < best.lanes { next } else { best });
        let Some(best) = best else { break };
        packed = best;
    }
    let Packed {
        items,
        placed,
        lanes,
        ..
    } = packed;
    let mut markers = Vec::with_capacity(chart.events.len());
    let mut labels = Vec::with_capacity(items.len());
    let mut folds = Vec::new();
    for (it, lane) in items.into_iter().zip(placed) {
        let top = LANES_TOP + lane as f32 * LANE_H;
        for mut m in it.markers {
            m.y += top;
            m.sample.1 += top;
            markers.push(m);
        }
        let mut label = it.label;
        label.y += top;
        labels.push(label);
        if let Some(mut f) = it.fold {
            f.y0 += top;
            f.y1 += top;
            folds.push(f);
        }
    }
    markers.sort_by_key(|m| m.event);
    let lanes = lanes.max(1);
    let height = (LANES_TOP + lanes as f32 * LANE_H + 8.0 + LEGEND_H).ceil() as u32;
    let n = chart.events.len();
    let count = format!("{n} event{}", if n == 1 { "" } else { "s" });
    let title_room = cx1 - cx0 - font::width(&count, SMALL_PX) - 24.0;
    let highlight = chart.range.as_ref().map(|r| {
        let (a, b) = days(r);
        (axis.x(a).max(axis.x0), axis.x(b).min(axis.x1))
    });
    Layout {
        width: WIDTH,
        height,
        title: font::fit(&chart.title, TITLE_PX, title_room),
        count,
        axis,
        lanes,
        markers,
        labels,
        folds,
        highlight,
    }
}
