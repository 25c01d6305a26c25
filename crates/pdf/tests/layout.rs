//! Positions and state: TJ offsets, Tc/Tw/Tz, Td/TD/T*/Tm, `'` and `"`,
//! q/Q restoring the font, form XObjects, `/Rotate`, rules, images and
//! invisible text — each in a PDF written here with lopdf.
mod common;

use common::*;
use lopdf::{dictionary, Object};

fn page_with(content: &[u8], extra: lopdf::Dictionary) -> budget_pdf::Page {
    let mut pdf = Pdf::new();
    let font = simple_font(&mut pdf, "WinAnsiEncoding".into());
    pdf.page(font_resources(font), content, extra);
    let doc = budget_pdf::read_pdf(&pdf.bytes()).expect("reads");
    doc.pages.into_iter().next().unwrap()
}

fn page(content: &[u8]) -> budget_pdf::Page {
    page_with(content, dictionary! {})
}

#[test]
fn pen_advances_by_width_and_boxes_sit_on_the_baseline() {
    let p = page(b"BT /F1 10 Tf 100 700 Td (AB) Tj ET");
    assert_eq!(text(&p), "AB");
    assert_close(&xs(&p), &[100.0, 105.0]);
    let g = &p.glyphs[0];
    // Baseline at 842 − 700 = 142; ascent 0.88 and descent 0.12 of 10 pt.
    assert_close(&[g.bbox[1], g.bbox[2], g.bbox[3]], &[133.2, 105.0, 143.2]);
    assert_eq!(g.size, 10.0);
    assert_eq!((p.width, p.height), (595.0, 842.0));
}

#[test]
fn tj_offsets_move_the_pen_back() {
    let p = page(b"BT /F1 10 Tf 100 700 Td [(A) -1000 (B) 500 (C)] TJ ET");
    assert_close(&xs(&p), &[100.0, 115.0, 115.0]);
}

#[test]
fn char_word_spacing_and_horizontal_scaling() {
    let p = page(b"BT /F1 10 Tf 2 Tc 100 700 Td (AB) Tj ET");
    assert_close(&xs(&p), &[100.0, 107.0]);
    // Tw applies to the one-byte space only.
    let p = page(b"BT /F1 10 Tf 3 Tw 100 700 Td (A B) Tj ET");
    assert_close(&xs(&p), &[100.0, 105.0, 113.0]);
    let p = page(b"BT /F1 10 Tf 50 Tz 100 700 Td (AB) Tj ET");
    assert_close(&xs(&p), &[100.0, 102.5]);
    assert_close(&[p.glyphs[0].bbox[2]], &[102.5]);
}

#[test]
fn td_td_tstar_and_tm_position_lines() {
    let p = page(b"BT /F1 10 Tf 100 700 Td (A) Tj 0 -20 TD (B) Tj T* (C) Tj 50 0 Td (D) Tj ET");
    let tops: Vec<f32> = p.glyphs.iter().map(|g| g.bbox[3]).collect();
    assert_close(&xs(&p), &[100.0, 100.0, 100.0, 150.0]);
    assert_close(&tops, &[143.2, 163.2, 183.2, 183.2]);
    let p = page(b"BT /F1 10 Tf 2 0 0 2 200 500 Tm (AB) Tj ET");
    assert_close(&xs(&p), &[200.0, 210.0]);
    assert_eq!(p.glyphs[0].size, 20.0);
}

#[test]
fn quote_operators_move_to_the_next_line() {
    let p = page(b"BT /F1 10 Tf 12 TL 100 700 Td (A) Tj (B) ' 4 1 (C D) \" ET");
    assert_eq!(text(&p), "ABC D");
    assert_close(&xs(&p), &[100.0, 100.0, 100.0, 106.0, 116.0]);
    assert_close(&[p.glyphs[2].bbox[3]], &[143.2 + 24.0]);
}

#[test]
fn q_and_q_restore_the_font_and_the_ctm() {
    let mut pdf = Pdf::new();
    let f1 = simple_font(&mut pdf, "WinAnsiEncoding".into());
    let f2 = type0_font(&mut pdf, "UniGB-UCS2-H".into(), None, "GB1");
    let res = dictionary! { "Font" => dictionary! { "F1" => f1, "F2" => f2 } };
    let content = b"BT /F1 10 Tf ET q 1 0 0 1 50 0 cm BT /F2 10 Tf 100 700 Td <5408> Tj ET Q \
                    BT 100 600 Td (A) Tj ET Q Q";
    pdf.page(res, content, dictionary! {});
    let doc = budget_pdf::read_pdf(&pdf.bytes()).unwrap();
    let p = &doc.pages[0];
    assert_eq!(text(p), "合A");
    assert_close(&xs(p), &[150.0, 100.0]);
}

#[test]
fn form_xobject_text_uses_its_matrix_and_resources() {
    let mut pdf = Pdf::new();
    let font = simple_font(&mut pdf, "WinAnsiEncoding".into());
    let form = pdf.stream(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 50.into(), 0.into()],
            "Resources" => font_resources(font),
        },
        b"BT /F1 10 Tf 100 700 Td (Hi) Tj ET",
    );
    let res = dictionary! { "XObject" => dictionary! { "X1" => form } };
    pdf.page(res, b"q 1 0 0 1 0 -100 cm /X1 Do Q /X1 Do", dictionary! {});
    let doc = budget_pdf::read_pdf(&pdf.bytes()).unwrap();
    let p = &doc.pages[0];
    assert_eq!(text(p), "HiHi");
    assert_close(&xs(p), &[150.0, 155.0, 150.0, 155.0]);
    assert_close(&[p.glyphs[0].bbox[3], p.glyphs[2].bbox[3]], &[243.2, 143.2]);
}

#[test]
fn rotated_page_is_upright() {
    let extra = dictionary! {
        "Rotate" => 90,
        "MediaBox" => vec![0.into(), 0.into(), 600.into(), 800.into()],
    };
    let p = page_with(b"BT /F1 10 Tf 100 700 Td (AB) Tj ET", extra);
    assert_eq!((p.width, p.height), (800.0, 600.0));
    // Turned a quarter clockwise: user y becomes page x, user x page y.
    let g = &p.glyphs;
    assert_close(&[g[0].bbox[0], g[0].bbox[1], g[0].bbox[2], g[0].bbox[3]], &[698.8, 100.0, 708.8, 105.0]);
    assert_close(&[g[1].bbox[1]], &[105.0]);
}

#[test]
fn crop_box_moves_the_origin() {
    let extra = dictionary! { "CropBox" => vec![50.into(), 42.into(), 545.into(), 742.into()] };
    let p = page_with(b"BT /F1 10 Tf 100 700 Td (A) Tj ET", extra);
    assert_eq!((p.width, p.height), (495.0, 700.0));
    assert_close(&[p.glyphs[0].bbox[0], p.glyphs[0].bbox[3]], &[50.0, 43.2]);
}

#[test]
fn rules_from_strokes_and_thin_fills_not_from_white_or_n() {
    let p = page(
        b"0 0 0 RG 1 w 100 100 m 300 100 l S \
          100 200 200 50 re S \
          0 g 100 400 200 0.5 re f \
          1 g 100 500 200 0.5 re f \
          100 600 m 300 600 l n \
          100 700 m 200 750 l S",
    );
    let horizontal = p.rules.iter().filter(|r| r.y0 == r.y1).count();
    let vertical = p.rules.iter().filter(|r| r.x0 == r.x1).count();
    assert_eq!((horizontal, vertical), (4, 2), "{:?}", p.rules);
    assert!(p.rules.iter().any(|r| r.y0 == 842.0 - 400.25 && r.x0 == 100.0 && r.x1 == 300.0));
}

#[test]
fn images_are_boxed_and_an_image_only_page_needs_ocr() {
    let mut pdf = Pdf::new();
    let image = pdf.stream(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
        },
        &[0],
    );
    let res = dictionary! { "XObject" => dictionary! { "Im1" => image } };
    pdf.page(res, b"q 595 0 0 842 0 0 cm /Im1 Do Q", dictionary! {});
    pdf.page(dictionary! {}, b"q 10 0 0 10 20 20 cm BI /W 1 /H 1 /CS /G /BPC 8 ID \x00 EI Q", dictionary! {});
    let doc = budget_pdf::read_pdf(&pdf.bytes()).unwrap();
    assert_eq!(doc.pages[0].images, vec![[0.0, 0.0, 595.0, 842.0]]);
    assert_eq!(doc.pages[1].images, vec![[20.0, 812.0, 30.0, 822.0]]);
    for p in &doc.pages {
        let ocr = notes(p, "needs-ocr");
        assert_eq!(ocr.len(), 1);
        assert!(ocr[0].warning && ocr[0].message.contains("OCR"));
    }
}

#[test]
fn invisible_text_is_kept_and_flagged() {
    let p = page(b"BT /F1 10 Tf 3 Tr 100 700 Td (A) Tj 0 Tr (B) Tj ET");
    let flags: Vec<bool> = p.glyphs.iter().map(|g| g.invisible).collect();
    assert_eq!(flags, [true, false]);
    assert_eq!(notes(&p, "invisible-text").len(), 1);
}

#[test]
fn ext_gstate_font_is_used() {
    let mut pdf = Pdf::new();
    let font = simple_font(&mut pdf, "WinAnsiEncoding".into());
    let gs = pdf.add(dictionary! { "Type" => "ExtGState", "Font" => vec![font.into(), Object::Integer(12)] });
    let res = dictionary! { "ExtGState" => dictionary! { "GS1" => gs } };
    pdf.page(res, b"BT /GS1 gs 100 700 Td (AB) Tj ET", dictionary! {});
    let doc = budget_pdf::read_pdf(&pdf.bytes()).unwrap();
    assert_close(&xs(&doc.pages[0]), &[100.0, 106.0]);
}
