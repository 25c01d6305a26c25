//! Bytes to text rows: encoding detection, line splitting and cell splitting
//! for text dumps (`.txt`, `.tsv`, `.md`).
//!
//! [`decode`] turns bytes into text (or says why it cannot),
//! [`split_lines`] cuts text into numbered lines, and [`split_cells`] a
//! line into raw cells, borrowed from the text rather than copied;
//! [`read_text_dump`] decodes, and [`TextDump::lines`] splits.
#![forbid(unsafe_code)]

mod decode;
mod lines;

pub use decode::{decode, MAX_FILE_BYTES};
pub use lines::{split_cells, split_lines, Cells, MAX_LINE_BYTES};

/// A decoded text dump.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextDump {
    /// Name of the detected encoding: `UTF-8`, `UTF-8 BOM`, `UTF-16LE`,
    /// `UTF-16BE`, `GB18030`, or another encoding_rs name such as `Big5`.
    pub encoding: String,
    /// The decoded text.
    pub text: String,
}

impl TextDump {
    /// Every line of the input, blank ones included, in order.
    pub fn lines(&self) -> Vec<RawLine<'_>> {
        split_lines(&self.text)
    }
}

/// One input line, borrowed from the decoded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawLine<'t> {
    /// 1-based line number.
    pub number: u32,
    /// The line, without its line end, cut to [`MAX_LINE_BYTES`].
    pub text: &'t str,
    /// True when the line was longer than the limit and was cut.
    pub truncated: bool,
}

impl<'t> RawLine<'t> {
    /// Raw cell texts (tab-separated, or `|`-separated for markdown table
    /// rows), exactly as given.
    pub fn cells(&self) -> Cells<'t> {
        split_cells(self.text)
    }
}

/// Why a file could not be read as a text dump.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IngestError {
    /// The file has no bytes (or only whitespace).
    #[error("the file is empty")]
    Empty,
    /// The file holds binary data, not text.
    #[error("the file is binary data, not a text dump (found {0})")]
    Binary(String),
    /// No supported encoding decodes the file cleanly.
    #[error("the file's encoding is not one budget-extract can read ({0})")]
    UnknownEncoding(String),
    /// The file exceeds the size limit.
    #[error("the file is {size} bytes, over the {limit}-byte limit")]
    TooLarge {
        /// File size.
        size: u64,
        /// Limit.
        limit: u64,
    },
    /// The file has more lines than the limit.
    #[error("the file has {lines} lines, over the {limit}-line limit")]
    TooManyLines {
        /// Lines in the file.
        lines: usize,
        /// Limit.
        limit: usize,
    },
}

impl IngestError {
    /// Kebab-case diagnostic code.
    pub fn code(&self) -> &'static str {
        match self {
            IngestError::Empty => "empty-file",
            IngestError::Binary(_) => "binary-file",
            IngestError::UnknownEncoding(_) => "unknown-encoding",
            IngestError::TooLarge { .. } => "file-too-large",
            IngestError::TooManyLines { .. } => "too-many-lines",
        }
    }
}

/// Most lines a text dump may have (real disclosures have a few thousand).
pub const MAX_LINES: usize = 2_000_000;

/// Decodes and splits a text dump.
///
/// # Errors
///
/// Everything [`decode`] rejects: too large, empty, binary, or in no
/// encoding that decodes cleanly; and more than [`MAX_LINES`] lines.
pub fn read_text_dump(bytes: &[u8]) -> Result<TextDump, IngestError> {
    let (encoding, text) = decode(bytes)?;
    // Each line costs a record of its own; a file of little but line ends
    // would cost far more memory than its size. Count before splitting.
    let lines = memchr::memchr2_iter(b'\n', b'\r', text.as_bytes()).count();
    if lines > MAX_LINES {
        return Err(IngestError::TooManyLines { lines, limit: MAX_LINES });
    }
    Ok(TextDump { encoding, text })
}
