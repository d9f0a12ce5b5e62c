//! A [`Layout`] painted into pixels and encoded as PNG.

use tiny_skia::{FillRule, Paint, Path, PathBuilder, Pixmap, Rect, Transform};

use crate::colour::{self, Rgb};
use crate::font;
use crate::layout::{
    Layout, Shape, AXIS_Y, LABEL_PX, MARGIN, MONTHS_BASELINE, SMALL_PX, TITLE_BASELINE, TITLE_PX,
    YEARS_BASELINE,
};
use crate::scale::day_number;
use crate::ChartError;

const MONTH_INITIALS: [&str; 12] = ["J", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D"];

fn paint(colour: Rgb, alpha: u8) -> Paint<'static> {
    let mut p = Paint::default();
    p.set_color(colour.skia(alpha));
    p.anti_alias = true;
    p
}

/// An axis-aligned rectangle on whole pixels (no anti-aliasing: edges stay crisp).
fn rect(pixmap: &mut Pixmap, x0: f32, y0: f32, x1: f32, y1: f32, colour: Rgb, alpha: u8) {
    let (x0, y0) = (x0.round(), y0.round());
    let (x1, y1) = (x1.round().max(x0 + 1.0), y1.round().max(y0 + 1.0));
    if let Some(r) = Rect::from_ltrb(x0, y0, x1, y1) {
        let mut p = paint(colour, alpha);
        p.anti_alias = false;
        pixmap.fill_rect(r, &p, Transform::identity(), None);
    }
}

/// Fills a shape, anti-aliased, opaque.
fn fill(pixmap: &mut Pixmap, path: Option<Path>, colour: Rgb) {
    if let Some(path) = path {
        pixmap.fill_path(
            &path,
            &paint(colour, 255),
            FillRule::Winding,
            Transform::identity(),
            None,
        );
    }
}

fn circle(pixmap: &mut Pixmap, cx: f32, cy: f32, r: f32, colour: Rgb) {
    fill(pixmap, PathBuilder::from_circle(cx, cy, r), colour);
}

fn diamond(pixmap: &mut Pixmap, cx: f32, cy: f32, r: f32, colour: Rgb) {
    let mut pb = PathBuilder::new();
    pb.move_to(cx, cy - r);
    pb.line_to(cx + r, cy);
    pb.line_to(cx, cy + r);
    pb.line_to(cx - r, cy);
    pb.close();
    fill(pixmap, pb.finish(), colour);
}

fn bar(pixmap: &mut Pixmap, x0: f32, x1: f32, cy: f32, half: f32, colour: Rgb) {
    let r = half.min((x1 - x0) / 2.0);
    let (y0, y1) = (cy - half, cy + half);
    let mut pb = PathBuilder::new();
    // A rectangle with round ends.
    pb.move_to(x0 + r, y0);
    pb.line_to(x1 - r, y0);
    pb.quad_to(x1, y0, x1, y0 + r);
    pb.line_to(x1, y1 - r);
    pb.quad_to(x1, y1, x1 - r, y1);
    pb.line_to(x0 + r, y1);
    pb.quad_to(x0, y1, x0, y1 - r);
    pb.line_to(x0, y0 + r);
    pb.quad_to(x0, y0, x0 + r, y0);
    pb.close();
    fill(pixmap, pb.finish(), colour);
}

/// The baseline that centres text of size `px` in a box from `top` of height `h`.
fn baseline_in(top: f32, h: f32, px: f32) -> f32 {
    let (ascent, descent) = font::metrics(px);
    (top + (h - (ascent - descent)) / 2.0 + ascent).round()
}

/// Paints the layout.
pub fn pixmap(layout: &Layout) -> Result<Pixmap, ChartError> {
    let (w, h) = (layout.width, layout.height);
    let mut pm = Pixmap::new(w, h).ok_or(ChartError::Size(w, h))?;
    pm.fill(colour::BACKGROUND.skia(255));
    let (wf, hf) = (w as f32, h as f32);
    // The card's edge.
    rect(&mut pm, 0.0, 0.0, wf, 2.0, colour::BORDER, 255);
    rect(&mut pm, 0.0, hf - 2.0, wf, hf, colour::BORDER, 255);
    rect(&mut pm, 0.0, 0.0, 2.0, hf, colour::BORDER, 255);
    rect(&mut pm, wf - 2.0, 0.0, wf, hf, colour::BORDER, 255);

    font::draw(
        &mut pm,
        &layout.title,
        MARGIN,
        TITLE_BASELINE,
        TITLE_PX,
        colour::TEXT,
    );
    let count_w = font::width(&layout.count, SMALL_PX);
    font::draw(
        &mut pm,
        &layout.count,
        wf - MARGIN - count_w,
        TITLE_BASELINE,
        SMALL_PX,
        colour::MUTED,
    );

    let axis = layout.axis;
    let bottom = layout.lanes_bottom();
    if let Some((a, b)) = layout.highlight {
        rect(&mut pm, a, AXIS_Y - 4.0, b, bottom, colour::HIGHLIGHT, 40);
    }
    // Months, when a year is wide enough for their initials.
    let per_month = axis.per_year() / 12.0;
    if per_month >= 6.0 {
        for year in axis.first_year..axis.end_year {
            for m in 0..12u32 {
                let x0 = axis.x(day_number(year, m + 1, 1));
                rect(
                    &mut pm,
                    x0,
                    AXIS_Y - 5.0,
                    x0 + 1.0,
                    AXIS_Y,
                    colour::AXIS,
                    255,
                );
                if per_month >= 26.0 {
                    let x1 = axis.x(if m == 11 {
                        day_number(year + 1, 1, 1)
                    } else {
                        day_number(year, m + 2, 1)
                    });
                    let t = MONTH_INITIALS[m as usize];
                    let tw = font::width(t, SMALL_PX);
                    font::draw(
                        &mut pm,
                        t,
                        ((x0 + x1 - tw) / 2.0).round(),
                        MONTHS_BASELINE,
                        SMALL_PX,
                        colour::MUTED,
                    );
                }
            }
        }
    }
    // Years: a grid line through the lanes, a tick and the year.
    for year in axis.year_ticks(90.0) {
        let x = axis.x(day_number(year, 1, 1)).round();
        rect(&mut pm, x, AXIS_Y, x + 1.0, bottom, colour::GRID, 255);
        rect(
            &mut pm,
            x,
            YEARS_BASELINE + 6.0,
            x + 2.0,
            AXIS_Y,
            colour::AXIS,
            255,
        );
        let label = year.to_string();
        let lw = font::width(&label, SMALL_PX);
        let lx = (x + 5.0).min(axis.x1 + 12.0 - lw);
        font::draw(&mut pm, &label, lx, YEARS_BASELINE, SMALL_PX, colour::MUTED);
    }
    rect(
        &mut pm,
        axis.x0,
        AXIS_Y,
        axis.x1,
        AXIS_Y + 2.0,
        colour::AXIS,
        255,
    );
    if let Some((a, b)) = layout.highlight {
        rect(
            &mut pm,
            a,
            AXIS_Y - 1.0,
            b,
            AXIS_Y + 3.0,
            colour::HIGHLIGHT,
            255,
        );
    }

    for f in &layout.folds {
        rect(&mut pm, f.x0, f.y0, f.x1, f.y1, colour::FOLD, 255);
    }
    // Bars first, then diamonds, then points: the smaller shapes stay visible on top.
    for shape in [Shape::Span, Shape::Year, Shape::Point] {
        for m in layout.markers.iter().filter(|m| m.shape == shape) {
            let cx = (m.x0 + m.x1) / 2.0;
            match shape {
                Shape::Span => bar(&mut pm, m.x0, m.x1, m.y, m.half, colour::SPAN),
                Shape::Year => diamond(&mut pm, cx, m.y, m.half, colour::YEAR),
                Shape::Point => circle(&mut pm, cx, m.y, m.half, colour::POINT),
            }
        }
    }
    for l in &layout.labels {
        if l.on_bar {
            rect(
                &mut pm,
                l.x - 4.0,
                l.y + 2.0,
                l.x + l.w + 4.0,
                l.y + l.h - 2.0,
                colour::BACKGROUND,
                255,
            );
        }
        let c = if l.fold {
            colour::FOLD_TEXT
        } else {
            colour::TEXT
        };
        font::draw(
            &mut pm,
            &l.text,
            l.x,
            baseline_in(l.y, l.h, LABEL_PX),
            LABEL_PX,
            c,
        );
    }
    legend(&mut pm, layout, hf);
    Ok(pm)
}

/// A legend's square of colour at `x`, centred on `cy`.
fn swatch(pm: &mut Pixmap, x: f32, cy: f32, colour: Rgb, alpha: u8) {
    rect(pm, x - 2.0, cy - 10.0, x + 22.0, cy + 10.0, colour, alpha);
}

fn legend(pm: &mut Pixmap, layout: &Layout, hf: f32) {
    let cy = hf - 30.0;
    let base = baseline_in(cy - 14.0, 28.0, SMALL_PX);
    let mut x = MARGIN;
    let entry = |pm: &mut Pixmap, x: &mut f32, text: &str, draw_mark: &dyn Fn(&mut Pixmap, f32)| {
        draw_mark(pm, *x);
        *x += 30.0;
        font::draw(pm, text, *x, base, SMALL_PX, colour::MUTED);
        *x += font::width(text, SMALL_PX) + 28.0;
    };
    entry(pm, &mut x, "day or month", &|pm, x| {
        circle(pm, x + 10.0, cy, 7.0, colour::POINT)
    });
    entry(pm, &mut x, "year only", &|pm, x| {
        diamond(pm, x + 10.0, cy, 9.0, colour::YEAR)
    });
    entry(pm, &mut x, "span", &|pm, x| {
        bar(pm, x - 2.0, x + 22.0, cy, 6.0, colour::SPAN)
    });
    if layout.highlight.is_some() {
        entry(pm, &mut x, "asked range", &|pm, x| {
            swatch(pm, x, cy, colour::HIGHLIGHT, 90)
        });
    }
    if !layout.folds.is_empty() {
        entry(pm, &mut x, "crowded: listed in the reply", &|pm, x| {
            swatch(pm, x, cy, colour::FOLD, 255);
            circle(pm, x + 10.0, cy, 4.0, colour::POINT);
        });
    }
}

/// The pixels as PNG: 8-bit RGB (the card is opaque), fast compression.
pub fn encode(pixmap: &Pixmap) -> Result<Vec<u8>, ChartError> {
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut out = Vec::with_capacity(rgb.len() / 8);
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::FilterType::Sub);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&rgb)?;
    writer.finish()?;
    Ok(out)
}
