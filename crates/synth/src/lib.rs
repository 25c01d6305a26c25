//! Synthetic budget disclosures with known records, and a scorer that
//! measures the extractor against them (issue 16, items 1 and 2).
//!
//! [`generate`] invents a document from a seed and a [`Spec`]: content
//! (departments, projects, amounts that add up, indicators in every target
//! form the field guide lists), printed in one or more [`Layout`]s, damaged
//! by the [`Damage`] families, printed as a tab, space-aligned or markdown
//! dump, and encoded. The same seed and spec give the same bytes. The
//! expected records are read off the invented content, so they say what a
//! correct reader must output, whatever the damage.
//!
//! [`score()`] compares the tool's records with the expected ones.
#![forbid(unsafe_code)]

mod content;
mod damage;
mod doc;
pub mod expected;
mod layouts;
mod render;
pub mod report;
pub mod score;
mod vocab;

use rand::SeedableRng;

use crate::content::Rng8;
use crate::doc::Block;
pub use crate::expected::Expected;
pub use crate::score::{score, Scores};

/// A table layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Layout {
    /// (a) A flat indicator table with department and project columns.
    Flat,
    /// (b) A project summary: 项目名称 | 主管部门 | 金额.
    Summary,
    /// (c) A funding table: a project's amounts by source.
    Funding,
    /// (d) An expenditure budget by 科目编码 with 类 / 款 / 项 rows.
    Budget,
    /// (e) One declaration form per project.
    Forms,
    /// (f) Overall and annual indicator blocks side by side.
    TwoBlock,
    /// (g) Income and expenditure side by side.
    TwoSided,
}

impl Layout {
    /// Every layout.
    pub const ALL: [Layout; 7] = [Layout::Flat, Layout::Summary, Layout::Funding, Layout::Budget, Layout::Forms, Layout::TwoBlock, Layout::TwoSided];

    /// The layout's name in file names and score tables.
    pub fn name(self) -> &'static str {
        match self {
            Layout::Flat => "flat",
            Layout::Summary => "summary",
            Layout::Funding => "funding",
            Layout::Budget => "budget",
            Layout::Forms => "forms",
            Layout::TwoBlock => "two-block",
            Layout::TwoSided => "two-sided",
        }
    }
}

/// The damage families; any may be combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Damage {
    /// Long names broken onto a continuation line.
    pub wrapped: bool,
    /// Repeated values printed on the first row of their span only.
    pub merged: bool,
    /// Blank lines between rows, and a page break with a repeated header.
    pub breaks: bool,
    /// A column-number row (`栏次 1 2 3`) under the header.
    pub column_numbers: bool,
    /// The header one cell right or left of the data.
    pub shifted_header: bool,
    /// Look-alike characters: `≧`, full-width digits, radicals (`⻓`).
    pub char_forms: bool,
    /// Spaces between Chinese characters (`项 目 名 称`).
    pub cjk_spaces: bool,
    /// GB18030, UTF-16LE with BOM or UTF-8 with BOM instead of UTF-8.
    pub encoding: bool,
}

impl Damage {
    /// Each family alone, after no damage at all.
    pub const FAMILIES: [(&'static str, Damage); 9] = [
        ("none", Damage::NONE),
        ("wrapped", Damage { wrapped: true, ..Damage::NONE }),
        ("merged", Damage { merged: true, ..Damage::NONE }),
        ("breaks", Damage { breaks: true, ..Damage::NONE }),
        ("column-numbers", Damage { column_numbers: true, ..Damage::NONE }),
        ("shifted-header", Damage { shifted_header: true, ..Damage::NONE }),
        ("char-forms", Damage { char_forms: true, ..Damage::NONE }),
        ("cjk-spaces", Damage { cjk_spaces: true, ..Damage::NONE }),
        ("encoding", Damage { encoding: true, ..Damage::NONE }),
    ];

    /// No damage.
    pub const NONE: Damage = Damage {
        wrapped: false,
        merged: false,
        breaks: false,
        column_numbers: false,
        shifted_header: false,
        char_forms: false,
        cjk_spaces: false,
        encoding: false,
    };

    /// The families set, joined by `+`, or `none`.
    pub fn name(&self) -> String {
        let set: Vec<&str> = Damage::FAMILIES[1..].iter().filter(|(_, d)| self.includes(d)).map(|(n, _)| *n).collect();
        if set.is_empty() {
            "none".into()
        } else {
            set.join("+")
        }
    }

    /// True when every family of `other` is set here.
    fn includes(&self, other: &Damage) -> bool {
        let flags = |d: &Damage| [d.wrapped, d.merged, d.breaks, d.column_numbers, d.shifted_header, d.char_forms, d.cjk_spaces, d.encoding];
        flags(self).iter().zip(flags(other)).all(|(a, b)| *a || !b)
    }
}

/// How a dump prints its tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Form {
    /// Cells separated by tabs.
    Tab,
    /// Columns aligned with spaces, like `pdftotext -layout`.
    Space,
    /// Markdown pipe tables.
    Markdown,
}

impl Form {
    /// Every form.
    pub const ALL: [Form; 3] = [Form::Tab, Form::Space, Form::Markdown];

    /// The form's name.
    pub fn name(self) -> &'static str {
        match self {
            Form::Tab => "tab",
            Form::Space => "space",
            Form::Markdown => "markdown",
        }
    }

    /// The file extension the extractor reads this form under.
    fn extension(self) -> &'static str {
        match self {
            Form::Markdown => "md",
            Form::Tab | Form::Space => "txt",
        }
    }
}

/// A text encoding of the dump.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without BOM.
    Utf8,
    /// UTF-8 with BOM.
    Utf8Bom,
    /// UTF-16LE with BOM.
    Utf16Le,
    /// GB18030.
    Gb18030,
}

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// Layouts, printed in this order in one document.
    pub layouts: Vec<Layout>,
    /// Damage applied to every table.
    pub damage: Damage,
    /// Dump form.
    pub form: Form,
}

/// A generated document.
#[derive(Debug, Clone)]
pub struct Doc {
    /// File name (with the extension the extractor expects).
    pub name: String,
    /// The dump's bytes.
    pub bytes: Vec<u8>,
    /// The records a correct reader outputs.
    pub expected: Vec<Expected>,
}

/// Generates one document; the same seed and spec give the same bytes.
pub fn generate(seed: u64, spec: &Spec) -> Doc {
    let mut rng = Rng8::seed_from_u64(seed);
    let content = content::content(&mut rng);
    let mut blocks = Vec::new();
    let mut expected = Vec::new();
    for (k, &layout) in spec.layouts.iter().enumerate() {
        if k > 0 {
            blocks.push(Block::PageBreak);
        }
        let part = layouts::render(layout, &mut rng, &content);
        blocks.extend(part.blocks);
        expected.extend(part.expected);
    }
    damage::apply(&spec.damage, &mut rng, &mut blocks);
    // Printing draws from its own stream, so the three forms of one seed
    // hold the same content and damage.
    let mut print_rng = Rng8::seed_from_u64(seed ^ 0x9E37_79B9_7F4A_7C15);
    let text = render::print(spec.form, &mut print_rng, &blocks);
    let encoding = if spec.damage.encoding { *content::pick(&mut print_rng, &[Encoding::Utf8Bom, Encoding::Utf16Le, Encoding::Gb18030]) } else { Encoding::Utf8 };
    let layouts: Vec<&str> = spec.layouts.iter().map(|l| l.name()).collect();
    let name = format!("{}-{}-{}-{seed:016x}.{}", layouts.join("+"), spec.damage.name(), spec.form.name(), spec.form.extension());
    Doc { name, bytes: render::encode(&text, encoding), expected }
}

/// One document of a batch: its seed and spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    /// The document's own seed.
    pub seed: u64,
    /// What it holds.
    pub spec: Spec,
}

/// The documents of batch `seed`: `count` seeds, each cycling through every
/// layout and damage family (one of each per document), printed in every
/// form of `forms` (so `count × forms.len()` documents).
pub fn plan(seed: u64, count: usize, forms: &[Form]) -> Vec<Planned> {
    let mut out = Vec::new();
    for i in 0..count {
        let layout = Layout::ALL[i % Layout::ALL.len()];
        let (_, damage) = Damage::FAMILIES[(i / Layout::ALL.len()) % Damage::FAMILIES.len()];
        let doc_seed = mix(seed, i as u64);
        for &form in forms {
            out.push(Planned { seed: doc_seed, spec: Spec { layouts: vec![layout], damage, form } });
        }
    }
    out
}

/// A document seed from a batch seed and an index (splitmix64 steps), so
/// nearby batches share no documents.
fn mix(seed: u64, i: u64) -> u64 {
    let mut z = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_add(i).wrapping_add(0x6A09_E667_F3BC_C909);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
