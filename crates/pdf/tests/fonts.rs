//! Font and encoding cases, each in a PDF written here with lopdf, decoded
//! text asserted character by character: simple fonts with `/Differences`,
//! Type0 with `ToUnicode` (bfchar, bfrange, array destinations, mixed
//! 1/2-byte codespaces), the predefined Chinese CMaps with no embedded font
//! and no `ToUnicode`, and Identity-H recovered through an embedded
//! TrueType font's own `cmap`.
mod common;

use common::*;
use lopdf::{dictionary, Object};

fn read(bytes: Vec<u8>) -> budget_pdf::Page {
    let doc = budget_pdf::read_pdf(&bytes).expect("the test PDF reads");
    assert_eq!(doc.pages.len(), 1);
    doc.pages.into_iter().next().unwrap()
}

fn one_font_page(build: impl FnOnce(&mut Pdf) -> lopdf::ObjectId, content: &[u8]) -> budget_pdf::Page {
    let mut pdf = Pdf::new();
    let font = build(&mut pdf);
    pdf.page(font_resources(font), content, dictionary! {});
    read(pdf.bytes())
}

fn chars(page: &budget_pdf::Page) -> Vec<String> {
    page.glyphs.iter().map(|g| g.text.clone()).collect()
}

#[test]
fn simple_font_with_differences() {
    let encoding = dictionary! {
        "Type" => "Encoding",
        "BaseEncoding" => "WinAnsiEncoding",
        "Differences" => vec![
            65.into(), Object::Name(b"uni5408".to_vec()), Object::Name(b"u8BA1".to_vec()),
            Object::Name(b"quotedblleft".to_vec()), 100.into(), Object::Name(b"f_i".to_vec()),
        ],
    };
    let page = one_font_page(|p| simple_font(p, encoding.into()), b"BT /F1 10 Tf 100 700 Td (ABCab\x93d) Tj ET");
    assert_eq!(chars(&page), ["合", "计", "“", "a", "b", "“", "fi"]);
    assert!(page.notes.is_empty(), "{:?}", page.notes);
}

#[test]
fn simple_font_standard_encoding_and_unmapped_codes_are_reported() {
    let encoding = dictionary! { "Differences" => vec![66.into(), Object::Name(b"g17".to_vec())] };
    let page = one_font_page(|p| simple_font(p, encoding.into()), b"BT /F1 10 Tf 100 700 Td (A'B\x01) Tj ET");
    // StandardEncoding: 0x27 is quoteright; g17 and 0x01 map to nothing.
    assert_eq!(chars(&page), ["A", "’"]);
    let unmapped = notes(&page, "unmapped-glyphs");
    assert_eq!(unmapped.len(), 1);
    assert!(unmapped[0].warning);
    assert!(unmapped[0].message.contains('2') && unmapped[0].message.contains("TestSans"), "{}", unmapped[0].message);
}

#[test]
fn type0_identity_with_to_unicode_bfchar_and_bfrange() {
    let cmap = to_unicode_cmap(
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange",
        "2 beginbfchar\n<0001> <5408>\n<0020> <00660069>\nendbfchar\n\
         2 beginbfrange\n<0002> <0003> <8BA1>\n<0010> <0011> [<91D1> <989D>]\nendbfrange",
    );
    let page = one_font_page(
        |p| type0_font(p, "Identity-H".into(), Some(&cmap), "Identity"),
        b"BT /F1 10 Tf 100 700 Td <00010002000300100011002000040001> Tj ET",
    );
    assert_eq!(chars(&page), ["合", "计", "订", "金", "额", "fi", "合"]);
    // Identity-H: two bytes a code, DW 1000: one em (10 pt) per glyph, the
    // unmapped <0004> still advances the pen.
    assert_close(&xs(&page), &[100.0, 110.0, 120.0, 130.0, 140.0, 150.0, 170.0]);
    let unmapped = notes(&page, "unmapped-glyphs");
    assert_eq!(unmapped.len(), 1, "{:?}", page.notes);
    assert!(unmapped[0].message.starts_with("1 glyphs in font STSong-Light"), "{}", unmapped[0].message);
}

#[test]
fn type0_embedded_cmap_with_one_and_two_byte_codespace() {
    let encoding = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
        /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> def\n\
        /CMapName /Test-Mixed def /CMapType 1 def\n\
        2 begincodespacerange <00> <7F> <8000> <FFFF> endcodespacerange\n\
        1 begincidrange <20> <7E> 1 endcidrange\n\
        1 begincidrange <8140> <8150> 200 endcidrange\n\
        endcmap CMapName currentdict /CMap defineresource pop end end\n";
    let to_unicode = to_unicode_cmap(
        "2 begincodespacerange\n<00> <7F>\n<8000> <FFFF>\nendcodespacerange",
        "1 beginbfrange\n<20> <7E> <0020>\nendbfrange\n1 beginbfchar\n<8141> <7B97>\nendbfchar",
    );
    let page = one_font_page(
        |p| {
            let enc = p.stream(dictionary! { "Type" => "CMap", "CMapName" => "Test-Mixed" }, encoding);
            type0_font(p, enc.into(), Some(&to_unicode), "Identity")
        },
        b"BT /F1 10 Tf 100 700 Td <41814142> Tj ET",
    );
    assert_eq!(chars(&page), ["A", "算", "B"]);
}

#[test]
fn gbk_euc_h_without_font_or_to_unicode() {
    let (gbk, _, _) = encoding_rs::GBK.encode("合计金额12");
    let mut content = b"BT /F1 10 Tf 100 700 Td <".to_vec();
    content.extend(gbk.iter().map(|b| format!("{b:02X}")).collect::<String>().bytes());
    content.extend_from_slice(b"> Tj ET");
    let page = one_font_page(|p| type0_font(p, "GBK-EUC-H".into(), None, "GB1"), &content);
    assert_eq!(chars(&page), ["合", "计", "金", "额", "1", "2"]);
    assert_close(&xs(&page)[..4], &[100.0, 110.0, 120.0, 130.0]);
    assert!(page.notes.is_empty(), "{:?}", page.notes);
}

#[test]
fn gb_euc_h_and_gbpc_euc_h() {
    for cmap in ["GB-EUC-H", "GBpc-EUC-H"] {
        let page = one_font_page(
            |p| type0_font(p, Object::Name(cmap.as_bytes().to_vec()), None, "GB1"),
            b"BT /F1 10 Tf 100 700 Td <BACFBCC6> Tj ET",
        );
        assert_eq!(chars(&page), ["合", "计"], "{cmap}");
    }
}

#[test]
fn unigb_ucs2_and_utf16() {
    for cmap in ["UniGB-UCS2-H", "UniGB-UTF16-H"] {
        let page = one_font_page(
            |p| type0_font(p, Object::Name(cmap.as_bytes().to_vec()), None, "GB1"),
            b"BT /F1 10 Tf 100 700 Td <9884 7B97 0031> Tj ET",
        );
        assert_eq!(chars(&page), ["预", "算", "1"], "{cmap}");
        assert!(page.notes.is_empty(), "{cmap}: {:?}", page.notes);
    }
}

#[test]
fn vertical_cmap_decodes_and_is_flagged() {
    let page = one_font_page(
        |p| type0_font(p, "GBK-EUC-V".into(), None, "GB1"),
        b"BT /F1 10 Tf 100 700 Td <BACFBCC6> Tj ET",
    );
    assert_eq!(chars(&page), ["合", "计"]);
    assert_eq!(notes(&page, "vertical-text").len(), 1, "{:?}", page.notes);
    // Vertical writing advances downwards on the page.
    assert!(page.glyphs[1].bbox[1] > page.glyphs[0].bbox[1]);
}

fn truetype_font(pdf: &mut Pdf, cid_to_gid: Object) -> lopdf::ObjectId {
    let ttf = tiny_truetype(&['合', '计', '金', '额']);
    let file = pdf.stream(dictionary! { "Length1" => ttf.len() as i64 }, &ttf);
    let descriptor = pdf.add(dictionary! {
        "Type" => "FontDescriptor", "FontName" => "ABCDEF+SimSun", "Flags" => 4, "FontFile2" => file,
    });
    let cid_font = pdf.add(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "ABCDEF+SimSun",
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"),
            "Supplement" => 0,
        },
        "FontDescriptor" => descriptor, "CIDToGIDMap" => cid_to_gid,
        "W" => vec![1.into(), vec![500.into(), 600.into()].into(), 3.into(), 4.into(), 700.into()],
    });
    pdf.add(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "ABCDEF+SimSun",
        "Encoding" => "Identity-H", "DescendantFonts" => vec![cid_font.into()],
    })
}

#[test]
fn identity_h_recovered_from_embedded_truetype_cmap() {
    let page = one_font_page(|p| truetype_font(p, "Identity".into()), b"BT /F1 10 Tf 100 700 Td <0001000200030004> Tj ET");
    assert_eq!(chars(&page), ["合", "计", "金", "额"]);
    // W: CID 1 → 500, 2 → 600, 3–4 → 700.
    assert_close(&xs(&page), &[100.0, 105.0, 111.0, 118.0]);
    assert!(page.notes.is_empty(), "{:?}", page.notes);
}

#[test]
fn identity_h_truetype_with_cid_to_gid_stream() {
    let page = one_font_page(
        |p| {
            // CID 0 → gid 0, CID 1 → gid 4, CID 2 → gid 3.
            let map = p.stream(dictionary! {}, &[0, 0, 0, 4, 0, 3]);
            truetype_font(p, map.into())
        },
        b"BT /F1 10 Tf 100 700 Td <00010002> Tj ET",
    );
    assert_eq!(chars(&page), ["额", "金"]);
}
