//! Damaged and hostile PDFs, generated here: each gives its error or note,
//! and none makes `read_pdf` panic.
mod common;

use budget_pdf::{read_pdf, PdfError};
use common::*;
use lopdf::{dictionary, Object};

fn simple_pdf(content: &[u8]) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let font = simple_font(&mut pdf, "WinAnsiEncoding".into());
    pdf.page(font_resources(font), content, dictionary! {});
    pdf.bytes()
}

#[test]
fn garbage_and_empty_input_are_malformed() {
    for bytes in [&b""[..], b"hello, world", &[0xFFu8; 4096], b"%PDF-1.7\n%%EOF"] {
        match read_pdf(bytes) {
            Err(PdfError::Malformed(_)) => {}
            other => panic!("{:?}: {other:?}", String::from_utf8_lossy(&bytes[..bytes.len().min(16)])),
        }
    }
}

#[test]
fn truncated_files_never_panic() {
    let bytes = simple_pdf(b"BT /F1 10 Tf 100 700 Td (Hello) Tj ET");
    for cut in (0..bytes.len()).step_by(7) {
        match read_pdf(&bytes[..cut]) {
            Ok(_) | Err(PdfError::Malformed(_)) => {}
            Err(e) => panic!("cut at {cut}: {e}"),
        }
    }
}

#[test]
fn broken_xref_is_recovered_with_a_note() {
    let mut bytes = simple_pdf(b"BT /F1 10 Tf 100 700 Td (Hello) Tj ET");
    // Point startxref at nothing.
    let at = bytes.windows(9).rposition(|w| w == b"startxref").expect("startxref");
    let tail = b"startxref\n999999\n%%EOF\n";
    bytes.truncate(at);
    bytes.extend_from_slice(tail);
    let doc = read_pdf(&bytes).expect("recovered");
    assert_eq!(text(&doc.pages[0]), "Hello");
    assert!(doc.notes.iter().any(|n| n.code == "xref-recovered" && n.warning), "{:?}", doc.notes);
}

fn encrypted(user_password: &str) -> Option<Vec<u8>> {
    let mut pdf = Pdf::new();
    let font = simple_font(&mut pdf, "WinAnsiEncoding".into());
    pdf.page(font_resources(font), b"BT /F1 10 Tf 100 700 Td (Secret) Tj ET", dictionary! {});
    let mut doc = pdf.finish();
    doc.trailer.set("ID", vec![Object::string_literal(&b"0123456789abcdef"[..]), Object::string_literal(&b"0123456789abcdef"[..])]);
    let version = lopdf::EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner",
        user_password,
        key_length: 128,
        permissions: lopdf::Permissions::all(),
    };
    let state = match lopdf::EncryptionState::try_from(version) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("SKIPPED: lopdf cannot write encryption here: {e}");
            return None;
        }
    };
    if let Err(e) = doc.encrypt(&state) {
        eprintln!("SKIPPED: lopdf cannot encrypt: {e}");
        return None;
    }
    Some(save(doc))
}

#[test]
fn encrypted_with_a_password_is_refused() {
    let Some(bytes) = encrypted("secret") else { return };
    assert_eq!(read_pdf(&bytes), Err(PdfError::Encrypted));
    assert_eq!(PdfError::Encrypted.code(), "pdf-encrypted");
}

#[test]
fn encrypted_with_the_empty_password_is_read() {
    let Some(bytes) = encrypted("") else { return };
    let doc = read_pdf(&bytes).expect("the empty user password opens it");
    assert_eq!(text(&doc.pages[0]), "Secret");
}

#[test]
fn xobject_cycle_is_cut_with_a_note() {
    let mut pdf = Pdf::new();
    let font = simple_font(&mut pdf, "WinAnsiEncoding".into());
    let form_id = pdf.doc.new_object_id();
    let form = lopdf::Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font }, "XObject" => dictionary! { "X" => form_id } },
        },
        b"BT /F1 10 Tf 100 700 Td (A) Tj ET /X Do".to_vec(),
    );
    pdf.doc.objects.insert(form_id, Object::Stream(form));
    pdf.page(dictionary! { "XObject" => dictionary! { "X" => form_id } }, b"/X Do", dictionary! {});
    let doc = read_pdf(&pdf.bytes()).expect("reads");
    let page = &doc.pages[0];
    assert_eq!(text(page), "A");
    assert_eq!(notes(page, "xobject-cycle").len(), 1, "{:?}", page.notes);
}

#[test]
fn deep_xobject_nesting_is_bounded_with_a_note() {
    let mut pdf = Pdf::new();
    let font = simple_font(&mut pdf, "WinAnsiEncoding".into());
    // Forms 0..40, each drawing a letter and the next one.
    let mut next: Option<lopdf::ObjectId> = None;
    for _ in 0..40 {
        let mut res = dictionary! { "Font" => dictionary! { "F1" => font } };
        let mut content = b"BT /F1 10 Tf 100 700 Td (A) Tj ET".to_vec();
        if let Some(id) = next {
            res.set("XObject", dictionary! { "X" => id });
            content.extend_from_slice(b" 1 0 0 1 0 -10 cm /X Do");
        }
        let dict = dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 595.into(), 842.into()], "Resources" => res,
        };
        next = Some(pdf.stream(dict, &content));
    }
    let top = next.expect("forms");
    pdf.page(dictionary! { "XObject" => dictionary! { "X" => top } }, b"/X Do", dictionary! {});
    let doc = read_pdf(&pdf.bytes()).expect("reads");
    let page = &doc.pages[0];
    assert_eq!(page.glyphs.len(), 12, "twelve levels drawn");
    assert_eq!(notes(page, "truncated-content").len(), 1, "{:?}", page.notes);
}

#[test]
fn malformed_tokens_cost_only_themselves() {
    let bytes = simple_pdf(b"BT /F1 10 Tf 100 700 Td (A) Tj ) } ] >> 0 -20 Td (B) Tj ET");
    let doc = read_pdf(&bytes).expect("reads");
    let page = &doc.pages[0];
    assert_eq!(text(page), "AB");
    assert_eq!(notes(page, "malformed-content").len(), 1, "{:?}", page.notes);
}

#[test]
fn unbalanced_q_and_missing_operands_are_tolerated() {
    let bytes = simple_pdf(b"Q Q Q cm Td Tj TJ re m l BT Tf /F1 10 Tf 100 700 Td (A) Tj ET q q");
    let doc = read_pdf(&bytes).expect("reads");
    assert_eq!(text(&doc.pages[0]), "A");
}

#[test]
fn text_without_a_font_is_reported() {
    let bytes = simple_pdf(b"BT /F9 10 Tf 100 700 Td (A) Tj ET");
    let doc = read_pdf(&bytes).expect("reads");
    assert!(doc.pages[0].glyphs.is_empty());
    assert_eq!(notes(&doc.pages[0], "no-font").len(), 1);
}

#[test]
fn off_page_text_and_fake_bold_are_left_out_with_notes() {
    let bytes = simple_pdf(
        b"BT /F1 10 Tf 100 900 Td (Off) Tj ET \
          BT /F1 10 Tf 100 700 Td (Bold) Tj ET BT /F1 10 Tf 100.3 700.2 Td (Bold) Tj ET \
          BT /F1 10 Tf 100 600 Td (AA) Tj ET",
    );
    let doc = read_pdf(&bytes).expect("reads");
    let page = &doc.pages[0];
    assert_eq!(text(page), "BoldAA");
    assert_eq!(notes(page, "off-page-text").len(), 1);
    assert_eq!(notes(page, "duplicate-glyphs").len(), 1);
}
