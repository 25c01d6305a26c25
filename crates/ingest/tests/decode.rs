//! Encoding detection and rejection: BOMs, UTF-8, GB18030 (every seed file),
//! binary junk, undecodable bytes, empty and oversized input.

use budget_ingest::{decode, read_text_dump, IngestError, MAX_FILE_BYTES};
use std::path::PathBuf;

/// A data row from the first seed file, with tabs and CJK text.
const SAMPLE: &str = "嘉兴市人民代表大会常务委员会办公室\t人大会议\t市人代会经费\t满意度指标\t服务对象满意度\t人大代表满意度 (%)\t>\t85\t(%)\n";

fn seed_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus directory exists")
        .map(|e| e.expect("corpus entry").path())
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("txt"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no seed files in {}", dir.display());
    files
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        let pair = if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        };
        bytes.extend_from_slice(&pair);
    }
    bytes
}

fn gb18030(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable, "GB18030 encodes all of Unicode");
    bytes.into_owned()
}

/// Deterministic pseudo-random bytes from a linear congruential generator.
fn lcg_bytes(len: usize, seed: u32) -> Vec<u8> {
    let mut x = seed;
    (0..len)
        .map(|_| {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (x >> 24) as u8
        })
        .collect()
}

fn binary_reason(bytes: &[u8]) -> String {
    match decode(bytes) {
        Err(IngestError::Binary(reason)) => reason,
        other => panic!("expected Binary, got {other:?}"),
    }
}

#[test]
fn utf8_without_bom_is_reported_as_utf8() {
    let (name, text) = decode(SAMPLE.as_bytes()).unwrap();
    assert_eq!(name, "UTF-8");
    assert_eq!(text, SAMPLE);
}

#[test]
fn utf8_with_bom_is_reported_and_the_bom_removed() {
    let bytes = [b"\xEF\xBB\xBF".as_slice(), SAMPLE.as_bytes()].concat();
    let dump = read_text_dump(&bytes).unwrap();
    assert_eq!(dump.encoding, "UTF-8 BOM");
    assert_eq!(dump.lines().len(), 1);
    assert_eq!(dump.lines()[0].cells().next().unwrap(), "嘉兴市人民代表大会常务委员会办公室");
}

#[test]
fn utf8_bom_followed_by_invalid_utf8_is_unknown_encoding() {
    let bytes = b"\xEF\xBB\xBFok\xC3\x28".to_vec();
    match decode(&bytes) {
        Err(IngestError::UnknownEncoding(msg)) => assert!(msg.contains("offset 5"), "{msg}"),
        other => panic!("expected UnknownEncoding, got {other:?}"),
    }
}

#[test]
fn utf16le_with_bom_is_decoded() {
    let (name, text) = decode(&utf16(SAMPLE, false)).unwrap();
    assert_eq!(name, "UTF-16LE");
    assert_eq!(text, SAMPLE);
}

#[test]
fn utf16be_with_bom_is_decoded() {
    let (name, text) = decode(&utf16(SAMPLE, true)).unwrap();
    assert_eq!(name, "UTF-16BE");
    assert_eq!(text, SAMPLE);
}

#[test]
fn utf16_dump_splits_like_utf8() {
    let from_utf16 = read_text_dump(&utf16(SAMPLE, false)).unwrap();
    let from_utf8 = read_text_dump(SAMPLE.as_bytes()).unwrap();
    assert_eq!(from_utf16.lines(), from_utf8.lines());
    assert_eq!(from_utf16.lines()[0].cells().count(), 9);
}

#[test]
fn utf16_with_odd_length_is_unknown_encoding() {
    let mut bytes = utf16("收入", false);
    bytes.push(0x41);
    assert_eq!(decode(&bytes).unwrap_err().code(), "unknown-encoding");
}

#[test]
fn utf16_text_with_nul_characters_is_binary() {
    let reason = binary_reason(&utf16("ab\0cd", false));
    assert!(reason.contains("NUL"), "{reason}");
}

#[test]
fn utf32_bom_is_unknown_encoding() {
    let bytes = b"\xFF\xFE\0\0a\0\0\0".to_vec();
    match decode(&bytes) {
        Err(IngestError::UnknownEncoding(msg)) => assert!(msg.contains("UTF-32"), "{msg}"),
        other => panic!("expected UnknownEncoding, got {other:?}"),
    }
}

#[test]
fn every_seed_file_reencoded_as_gb18030_decodes_identically() {
    for path in seed_files() {
        let original = std::fs::read_to_string(&path).expect("seed file is UTF-8");
        let (name, text) =
            decode(&gb18030(&original)).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(name, "GB18030", "{}", path.display());
        assert!(
            text == original,
            "{}: decoded text differs from the original",
            path.display()
        );
    }
}

#[test]
fn every_seed_file_gives_the_same_lines_in_utf8_and_gb18030() {
    for path in seed_files() {
        let bytes = std::fs::read(&path).expect("seed file readable");
        let utf8 = read_text_dump(&bytes).unwrap();
        assert_eq!(utf8.encoding, "UTF-8");
        let original = String::from_utf8(bytes).expect("seed file is UTF-8");
        let gb = read_text_dump(&gb18030(&original)).unwrap();
        assert_eq!(gb.lines(), utf8.lines(), "{}", path.display());
    }
}

#[test]
fn short_gbk_cells_are_detected_as_gb18030() {
    // chardetng alone reads these as Big5 or EUC-KR.
    for cell in [
        "立法评估项目\t≧\t2\t个",
        "代表满意度\t≧\t90\t%",
        "检查频次\t≧\t12\t次",
        "项",
        "1\t无",
    ] {
        let (name, text) = decode(&gb18030(cell)).unwrap();
        assert_eq!((name.as_str(), text.as_str()), ("GB18030", cell));
    }
}

#[test]
fn long_big5_text_is_still_detected_as_big5() {
    let original = "臺北市政府一一三年度總預算案，歲出預算編列新臺幣一千八百億元，\
                    較上年度增加百分之三點五，主要用於社會福利、教育文化及交通建設。\n"
        .repeat(4);
    let (bytes, _, unmappable) = encoding_rs::BIG5.encode(&original);
    assert!(!unmappable);
    let (name, text) = decode(&bytes).unwrap();
    assert_eq!(name, "Big5");
    assert_eq!(text, original);
}

#[test]
fn empty_file_is_empty() {
    assert_eq!(decode(b""), Err(IngestError::Empty));
    assert_eq!(read_text_dump(b"").unwrap_err().code(), "empty-file");
}

#[test]
fn whitespace_only_files_are_empty() {
    assert_eq!(decode(b" \r\n\t\n  \x0C"), Err(IngestError::Empty));
    assert_eq!(decode(b"\xEF\xBB\xBF"), Err(IngestError::Empty));
    assert_eq!(decode(b"\xEF\xBB\xBF \n"), Err(IngestError::Empty));
    assert_eq!(
        decode(&utf16("\u{3000} \r\n", false)),
        Err(IngestError::Empty)
    );
}

#[test]
fn random_junk_is_binary() {
    for seed in [1, 42, 2024] {
        let reason = binary_reason(&lcg_bytes(8192, seed));
        assert!(reason.contains("NUL bytes at offset"), "{reason}");
    }
}

#[test]
fn png_header_is_binary() {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend(lcg_bytes(200, 7));
    assert_eq!(binary_reason(&bytes), "a PNG image");
}

#[test]
fn pdf_header_is_binary_and_points_to_the_pdf_reader() {
    let bytes = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".to_vec();
    let reason = binary_reason(&bytes);
    assert!(reason.contains("PDF reader"), "{reason}");
}

#[test]
fn zip_header_is_binary() {
    let reason = binary_reason(b"PK\x03\x04\x14\x00\x06\x00");
    assert!(reason.contains("ZIP"), "{reason}");
}

#[test]
fn nul_offset_is_reported() {
    let reason = binary_reason(b"hello world \0 more");
    assert!(reason.starts_with("NUL bytes at offset 12"), "{reason}");
}

#[test]
fn bomless_utf16_is_binary_with_a_hint() {
    let bytes = utf16("plain ascii text in utf-16", false);
    let reason = binary_reason(&bytes[2..]);
    assert!(
        reason.contains("UTF-16 without a byte-order mark"),
        "{reason}"
    );
}

#[test]
fn many_control_characters_are_binary() {
    let bytes = b"ab\x01\x02\x03cdefgh\x1B\x07".repeat(10);
    let reason = binary_reason(&bytes);
    assert!(reason.contains("control bytes"), "{reason}");
}

#[test]
fn few_control_characters_are_still_text() {
    let bytes = b"\x1Bab\tcdefghijklmnopqrstuvwxyz\x0C\n".repeat(10);
    assert_eq!(decode(&bytes).unwrap().0, "UTF-8");
}

#[test]
fn undecodable_bytes_are_unknown_encoding() {
    // 0x81 0x8D 0x8F 0x90 0x9D are C1 controls in windows-1252, and 0xFF
    // is never valid in UTF-8 nor as a GB18030 trail byte.
    let bytes = b"\x81\x8D\x8F\x90\x9D\xFF\n".repeat(20);
    assert!(std::str::from_utf8(&bytes).is_err());
    assert!(encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(&bytes)
        .is_none());
    match decode(&bytes) {
        Err(IngestError::UnknownEncoding(msg)) => {
            assert!(msg.contains("UTF-8") && msg.contains("GB18030"), "{msg}");
        }
        other => panic!("expected UnknownEncoding, got {other:?}"),
    }
}

#[test]
fn oversized_input_is_too_large() {
    // calloc-backed, so the pages are never touched.
    let bytes = vec![0u8; usize::try_from(MAX_FILE_BYTES).unwrap() + 1];
    assert_eq!(
        decode(&bytes),
        Err(IngestError::TooLarge {
            size: MAX_FILE_BYTES + 1,
            limit: MAX_FILE_BYTES
        })
    );
}
