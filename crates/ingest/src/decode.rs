//! Bytes to text: the size limit, binary sniffing, byte-order marks and
//! charset detection for files that carry no label.
//!
//! Order matters: a BOM is an explicit declaration, so it wins; UTF-8 is
//! checked next because valid multi-byte UTF-8 is almost never an accident;
//! then GB18030 is taken if it decodes cleanly into text that looks like
//! GB2312 Chinese; only then is chardetng asked, and its guess is trusted
//! only if the whole file decodes without a single malformed sequence.

use crate::IngestError;
use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::Encoding;

/// Largest file accepted, in bytes (512 MiB). Decoding and splitting keep a
/// few copies of the text in memory, so this bounds peak memory at a few GiB.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// How much of a file the binary sniffer looks at.
const SNIFF_BYTES: usize = 64 * 1024;

/// How much of a file chardetng sees. Its guess settles long before this,
/// and the full decode that follows validates the whole file anyway.
const DETECT_BYTES: usize = 4 * 1024 * 1024;

/// Above this share of control characters (in percent) a file is binary.
const MAX_CONTROL_PERCENT: usize = 10;

/// Signatures of formats that people drop into the text path by mistake,
/// with the explanation shown to them.
const MAGIC: &[(&[u8], &str)] = &[
    (
        b"%PDF-",
        "a PDF file; this reader only takes text dumps, PDFs are read by the PDF reader",
    ),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xFF\xD8\xFF", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (
        b"PK\x03\x04",
        "a ZIP archive (such as .xlsx or .docx); export the sheet as text first",
    ),
    (
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
        "an OLE2 compound file (such as legacy .xls or .doc); export it as text first",
    ),
    (b"\x1F\x8B", "a gzip archive"),
];

/// Decodes a whole file to text.
///
/// Returns the encoding name (`UTF-8`, `UTF-8 BOM`, `UTF-16LE`, `UTF-16BE`,
/// `GB18030`, or another encoding_rs name such as `Big5`) and the text, with
/// any byte-order mark removed.
///
/// # Errors
///
/// [`IngestError::TooLarge`] over [`MAX_FILE_BYTES`], [`IngestError::Empty`]
/// when nothing but white space remains, [`IngestError::Binary`] for binary
/// data, and [`IngestError::UnknownEncoding`] when no candidate encoding
/// decodes every byte.
pub fn decode(bytes: &[u8]) -> Result<(String, String), IngestError> {
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if size > MAX_FILE_BYTES {
        return Err(IngestError::TooLarge {
            size,
            limit: MAX_FILE_BYTES,
        });
    }
    if bytes.is_empty() {
        return Err(IngestError::Empty);
    }
    let (name, text) = decode_non_empty(bytes)?;
    if text.chars().all(|c| c.is_whitespace() || c == '\u{FEFF}') {
        return Err(IngestError::Empty);
    }
    Ok((name, text))
}

/// BOM sniffing, binary sniffing, then UTF-8, then detection.
fn decode_non_empty(bytes: &[u8]) -> Result<(String, String), IngestError> {
    if bytes.starts_with(b"\xFF\xFE\0\0") || bytes.starts_with(b"\0\0\xFE\xFF") {
        return Err(IngestError::UnknownEncoding(
            "the byte-order mark says UTF-32, which is not supported; save the file as UTF-8"
                .into(),
        ));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return decode_utf16(rest, encoding_rs::UTF_16LE, "UTF-16LE");
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return decode_utf16(rest, encoding_rs::UTF_16BE, "UTF-16BE");
    }
    sniff_binary(bytes)?;
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match utf8(rest) {
            Ok(text) => Ok(("UTF-8 BOM".into(), text.to_owned())),
            Err(e) => Err(IngestError::UnknownEncoding(format!(
                "the file starts with a UTF-8 byte-order mark but has invalid UTF-8 at byte offset {}",
                e.valid_up_to() + 3
            ))),
        };
    }
    if let Ok(text) = utf8(bytes) {
        return Ok(("UTF-8".into(), text.to_owned()));
    }
    decode_legacy(bytes)
}

/// Validates UTF-8. Nearly every file is valid, and the standard library's
/// validator walks Chinese text a character at a time (about a tenth of the
/// whole extraction's time), so the SIMD validator answers first; only a
/// failure is re-run by the standard one, for the offset of the first bad
/// byte.
fn utf8(bytes: &[u8]) -> Result<&str, std::str::Utf8Error> {
    simdutf8::basic::from_utf8(bytes).or_else(|_| std::str::from_utf8(bytes))
}

/// Decodes UTF-16 after its BOM, then checks the text for binary content,
/// which the byte sniffer cannot do because UTF-16 is full of NUL bytes.
fn decode_utf16(
    rest: &[u8],
    encoding: &'static Encoding,
    name: &str,
) -> Result<(String, String), IngestError> {
    let text = encoding.decode_without_bom_handling_and_without_replacement(rest).ok_or_else(|| {
        IngestError::UnknownEncoding(format!(
            "the file starts with a {name} byte-order mark but is not valid {name} (odd length or unpaired surrogate)"
        ))
    })?;
    sniff_binary_text(&text)?;
    Ok((name.to_owned(), text.into_owned()))
}

/// Files without a BOM that are not UTF-8: ask chardetng, but prefer
/// GB18030 whenever it decodes cleanly into GB2312-area text.
///
/// chardetng is tuned for web pages and misreads short Chinese text: a
/// single GBK cell such as `立法评估项目 ≧ 2 个` comes back as Big5, and
/// one- to five-character inputs as EUC-KR, windows-125x and others. Since
/// the inputs here are mainland Chinese disclosures, GB2312-area byte pairs
/// are far stronger evidence than chardetng's web statistics. The cost is
/// that genuine EUC-KR/EUC-JP files (whose byte pairs fall in the same area)
/// read as GB18030.
fn decode_legacy(bytes: &[u8]) -> Result<(String, String), IngestError> {
    let gb18030 = encoding_rs::GB18030;
    let mut tried = vec!["UTF-8".to_owned()];
    let gb_text = match gb18030.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) if looks_like_gb2312(bytes) && !mostly_control(&text) => {
            return Ok((encoding_label(gb18030), text.into_owned()));
        }
        other => other,
    };
    let guess = guess_encoding(bytes);
    if guess != gb18030 {
        match guess.decode_without_bom_handling_and_without_replacement(bytes) {
            None => tried.push(format!("{} (malformed bytes)", encoding_label(guess))),
            Some(text) if mostly_control(&text) => {
                tried.push(format!(
                    "{} (decodes to control characters)",
                    encoding_label(guess)
                ));
            }
            Some(text) => return Ok((encoding_label(guess), text.into_owned())),
        }
    }
    match gb_text {
        None => tried.push("GB18030 (malformed bytes)".to_owned()),
        Some(text) if mostly_control(&text) => {
            tried.push("GB18030 (decodes to control characters)".to_owned())
        }
        Some(text) => return Ok((encoding_label(gb18030), text.into_owned())),
    }
    Err(IngestError::UnknownEncoding(format!(
        "tried {}; none decodes the file cleanly",
        tried.join(", ")
    )))
}

/// The name reported for an encoding: encoding_rs names, except that
/// GB18030 is spelled the way Chinese users know it.
fn encoding_label(encoding: &'static Encoding) -> String {
    if encoding == encoding_rs::GB18030 {
        "GB18030".to_owned()
    } else {
        encoding.name().to_owned()
    }
}

/// True when at least 90% of the multi-byte characters in (the start of) a
/// valid GB18030 byte stream are GB2312 hanzi (lead 0xB0–0xF7, trail
/// 0xA1–0xFE) or GBK symbols (lead 0xA1–0xA9, where `≧` and full-width
/// punctuation live). Real Chinese text is nearly all of these; Big5 or
/// Latin text read as GB18030 is not, because their trail bytes often fall
/// in 0x40–0x7E.
fn looks_like_gb2312(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(DETECT_BYTES)];
    let (mut total, mut gb2312, mut i) = (0usize, 0usize, 0usize);
    while let Some(&lead) = sample.get(i) {
        if lead < 0x80 {
            i += 1;
            continue;
        }
        total += 1;
        let trail = sample.get(i + 1).copied().unwrap_or(0);
        if trail.is_ascii_digit() {
            i += 4; // a four-byte GB18030 sequence
            continue;
        }
        let symbol = (0xA1..=0xA9).contains(&lead);
        let hanzi = (0xB0..=0xF7).contains(&lead) && (0xA1..=0xFE).contains(&trail);
        gb2312 += usize::from(symbol || hanzi);
        i += 2;
    }
    total > 0 && gb2312 * 10 >= total * 9
}

/// chardetng's guess, with GBK widened to its superset GB18030.
fn guess_encoding(bytes: &[u8]) -> &'static Encoding {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    let sample = &bytes[..bytes.len().min(DETECT_BYTES)];
    detector.feed(sample, sample.len() == bytes.len());
    let guess = detector.guess(None, Utf8Detection::Deny);
    if guess == encoding_rs::GBK {
        encoding_rs::GB18030
    } else {
        guess
    }
}

/// Rejects known binary formats and byte streams full of NULs or controls.
fn sniff_binary(bytes: &[u8]) -> Result<(), IngestError> {
    if let Some((_, what)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Err(IngestError::Binary((*what).to_owned()));
    }
    let sample = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if let Some(offset) = memchr::memchr(0, sample) {
        return Err(IngestError::Binary(format!(
            "NUL bytes at offset {offset}{}",
            utf16_hint(sample)
        )));
    }
    // Bytes, not `char`s, counted in chunks with a narrow counter, so that
    // the compiler vectorizes the loop.
    let controls: usize = sample
        .chunks(255)
        .map(|chunk| {
            let n: u8 = chunk.iter().map(|&b| u8::from(b < b' ' && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))).sum();
            usize::from(n)
        })
        .sum();
    if controls * 100 > sample.len() * MAX_CONTROL_PERCENT {
        return Err(IngestError::Binary(format!(
            "{controls} control bytes in the first {} bytes",
            sample.len()
        )));
    }
    Ok(())
}

/// The same test as [`sniff_binary`], on decoded UTF-16 text.
fn sniff_binary_text(text: &str) -> Result<(), IngestError> {
    let mut total = 0usize;
    let mut controls = 0usize;
    for (i, c) in text.chars().take(SNIFF_BYTES).enumerate() {
        if c == '\0' {
            return Err(IngestError::Binary(format!(
                "NUL characters at character {i}"
            )));
        }
        total += 1;
        controls += usize::from(is_binary_control(c));
    }
    if controls * 100 > total * MAX_CONTROL_PERCENT {
        return Err(IngestError::Binary(format!(
            "{controls} control characters in the first {total}"
        )));
    }
    Ok(())
}

/// C0 controls other than the ones text files legitimately contain.
fn is_binary_control(c: char) -> bool {
    c < ' ' && !matches!(c, '\t' | '\n' | '\r' | '\u{0C}')
}

/// When NULs sit on every other byte the file is probably BOM-less UTF-16;
/// saying so tells the user how to fix it.
fn utf16_hint(sample: &[u8]) -> &'static str {
    let even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let half = sample.len() / 2;
    if half >= 2 && (even * 10 >= half * 3 && odd == 0 || odd * 10 >= half * 3 && even == 0) {
        " (it looks like UTF-16 without a byte-order mark, which is not supported; save it as UTF-8)"
    } else {
        ""
    }
}

/// True when a single-byte decode produced mostly C0/C1 controls or
/// replacement characters, the sign of binary data decoded as text.
fn mostly_control(text: &str) -> bool {
    let mut total = 0usize;
    let mut bad = 0usize;
    for c in text.chars().take(SNIFF_BYTES) {
        total += 1;
        bad += usize::from(
            is_binary_control(c) || ('\u{80}'..='\u{9F}').contains(&c) || c == '\u{FFFD}',
        );
    }
    bad * 100 > total * MAX_CONTROL_PERCENT
}
