//! Table reconstruction never panics and keeps every glyph's text, whatever
//! the geometry a hostile or broken PDF hands it: overlapping and zero-size
//! glyphs, huge, negative, infinite and NaN coordinates, stray rules.
use budget_pdf::{Document, Glyph, Page, Rule};
use proptest::prelude::*;

/// Coordinates from ordinary page positions to the absurd.
fn coordinate() -> impl Strategy<Value = f32> {
    prop_oneof![
        8 => 0.0f32..800.0,
        1 => -1.0e9f32..1.0e9,
        1 => prop::sample::select(vec![f32::NAN, f32::INFINITY, f32::NEG_INFINITY, 0.0, -0.0, f32::MAX, f32::MIN]),
    ]
}

fn glyph() -> impl Strategy<Value = Glyph> {
    (prop::sample::select(vec!["项", "目", "1", "0", "%", "≥", "。", "(", " "]), coordinate(), coordinate(), 0.0f32..20.0, 0.0f32..30.0)
        .prop_map(|(text, x, y, w, size)| Glyph { text: text.to_string(), bbox: [x, y, x + w, y + size], size, invisible: false })
}

fn rule() -> impl Strategy<Value = Rule> {
    (coordinate(), coordinate(), coordinate(), any::<bool>()).prop_map(|(a, b, c, horizontal)| {
        if horizontal { Rule { x0: a, y0: b, x1: c, y1: b } } else { Rule { x0: a, y0: b, x1: a, y1: c } }
    })
}

fn page(number: u32) -> impl Strategy<Value = Page> {
    (prop::collection::vec(glyph(), 0..120), prop::collection::vec(rule(), 0..30)).prop_map(move |(glyphs, rules)| Page {
        number,
        width: 842.0,
        height: 595.0,
        glyphs,
        rules,
        ..Default::default()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_geometry_gives_rows_without_losing_text(pages in prop::collection::vec(page(1), 1..4)) {
        let mut doc = Document { pages, notes: Vec::new() };
        for (i, p) in doc.pages.iter_mut().enumerate() {
            p.number = i as u32 + 1;
        }
        let rows = budget_tables::rows(&doc);
        // Every visible character ends up in some cell (spaces only separate).
        let count = |s: &str| s.chars().filter(|c| !c.is_whitespace()).count();
        let glyphs: usize = doc.pages.iter().flat_map(|p| &p.glyphs).map(|g| count(&g.text)).sum();
        let cells: usize = rows.iter().flat_map(|r| r.raw_texts()).map(count).sum();
        prop_assert_eq!(cells, glyphs);
    }
}
