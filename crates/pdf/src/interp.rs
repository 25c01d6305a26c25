//! The content-stream interpreter: graphics and text state (ISO 32000-1
//! §8.4, §9.3–9.4), text showing, paths and XObjects, producing glyphs,
//! rules and image boxes in upright page space.
//!
//! Invariants a change must keep:
//! - `q`/`Q` save and restore the whole graphics state, text font and text
//!   parameters included (forgetting the font is a known CJK bug class);
//!   an unbalanced `Q` is ignored, and a form cannot pop its caller's
//!   states.
//! - Every operator counts against [`MAX_OPS_PER_PAGE`], forms included;
//!   form nesting is bounded and cycles are cut, so recursion depth is
//!   bounded whatever the file says.
//! - Nothing here panics on input: operands are checked, missing ones make
//!   the operator a no-op.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::font::{Font, FontCache};
use crate::lexer::{Lexer, Operand};
use crate::limits::{
    MAX_CONTENT_BYTES, MAX_GLYPHS_PER_PAGE, MAX_OPS_PER_PAGE, MAX_SHAPES_PER_PAGE, MAX_STATE_STACK,
    MAX_XOBJECT_DEPTH,
};
use crate::matrix::Matrix;
use crate::obj;
use crate::paths::Path;
use crate::{Glyph, Rule};

/// Glyph box extent above the baseline, as a fraction of the font size:
/// typical CJK font metrics, used for every font so boxes are comparable.
const ASCENT: f64 = 0.88;
/// Glyph box extent below the baseline.
const DESCENT: f64 = 0.12;

/// The parts of the graphics state text extraction needs.
#[derive(Clone)]
struct GState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    /// `Tz` / 100.
    hscale: f64,
    leading: f64,
    rise: f64,
    render: i64,
    fill_white: bool,
    stroke_white: bool,
}

impl GState {
    fn new() -> GState {
        GState {
            ctm: Matrix::IDENTITY,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            hscale: 1.0,
            leading: 0.0,
            rise: 0.0,
            render: 0,
            fill_white: false,
            stroke_white: false,
        }
    }
}

/// What one page produced, plus the counts its notes are made from.
#[derive(Default)]
pub(crate) struct PageOutput {
    pub(crate) glyphs: Vec<Glyph>,
    pub(crate) rules: Vec<Rule>,
    pub(crate) images: Vec<[f32; 4]>,
    /// Unmapped codes per font name.
    pub(crate) unmapped: BTreeMap<String, usize>,
    /// Why content was cut short, if it was.
    pub(crate) truncated: BTreeSet<&'static str>,
    /// Content bytes the tokenizer skipped.
    pub(crate) skipped_bytes: usize,
    /// Form XObjects not drawn because they contain themselves.
    pub(crate) cycles: usize,
    /// Fonts with vertical writing.
    pub(crate) vertical_fonts: BTreeSet<String>,
    /// String bytes shown with no usable font.
    pub(crate) without_font: usize,
    /// Operators interpreted.
    pub(crate) ops: usize,
    /// Glyphs dropped because their baseline lies outside the visible page.
    pub(crate) off_page: usize,
    /// Text of the glyphs dropped as overprinted duplicates (fake bold).
    pub(crate) overprinted: String,
}

/// Interprets one page's content.
pub(crate) struct Interpreter<'a> {
    doc: &'a Document,
    fonts: &'a mut FontCache,
    /// User space → upright page space.
    page: Matrix,
    /// Upright page width and height.
    size: (f64, f64),
    gs: GState,
    stack: Vec<GState>,
    /// `Q` does not pop below this (the caller's states, inside a form).
    floor: usize,
    tm: Matrix,
    tlm: Matrix,
    path: Path,
    /// Forms being drawn, innermost last, for cycle detection.
    forms: Vec<ObjectId>,
    /// Glyph ranges of recent text runs, for duplicate detection.
    runs: Vec<(usize, usize)>,
    stopped: bool,
    pub(crate) out: PageOutput,
}

fn nums<const N: usize>(ops: &[Operand]) -> Option<[f64; N]> {
    let tail = ops.get(ops.len().checked_sub(N)?..)?;
    let mut out = [0.0; N];
    for (slot, op) in out.iter_mut().zip(tail) {
        *slot = op.num()?;
    }
    Some(out)
}

fn last_name(ops: &[Operand]) -> Option<&[u8]> {
    ops.iter().rev().find_map(|o| match o {
        Operand::Name(n) => Some(n.as_slice()),
        _ => None,
    })
}

fn last_str(ops: &[Operand]) -> Option<&[u8]> {
    match ops.last() {
        Some(Operand::Str(s)) => Some(s),
        _ => None,
    }
}

/// Whether colour operands paint white (gray 1, RGB 1 1 1, CMYK 0 0 0 0).
fn is_white(ops: &[Operand], kind: &[u8]) -> bool {
    let v: Vec<f64> = ops.iter().filter_map(Operand::num).collect();
    let near = |x: f64, t: f64| (x - t).abs() < 0.01;
    match (kind, v.len()) {
        (b"g" | b"G", 1) | (b"sc" | b"scn" | b"SC" | b"SCN", 1) => near(v[0], 1.0),
        (b"rg" | b"RG", 3) | (b"sc" | b"scn" | b"SC" | b"SCN", 3) => v.iter().all(|&x| near(x, 1.0)),
        (b"k" | b"K", 4) | (b"sc" | b"scn" | b"SC" | b"SCN", 4) => v.iter().all(|&x| near(x, 0.0)),
        _ => false,
    }
}

/// Recent text runs (one per `Tj`, `TJ`, `'`, `"`) a new run is compared
/// with when looking for overprinted duplicates.
const DUPLICATE_LOOKBACK: usize = 32;

/// Whether two glyphs are the same text drawn at (nearly) the same place:
/// same text, size and visibility, origin shifted by less than a tenth of
/// the size along the line and a fifth across it (poppler's thresholds).
fn same_place(o: &Glyph, g: &Glyph) -> bool {
    o.text == g.text
        && o.invisible == g.invisible
        && (o.size - g.size).abs() < 0.01 * g.size.max(1.0)
        && (o.bbox[0] - g.bbox[0]).abs() < 0.1 * g.size
        && (o.bbox[3] - g.bbox[3]).abs() < 0.2 * g.size
}

impl<'a> Interpreter<'a> {
    /// An interpreter for a page whose user space maps to upright page
    /// space through `page`.
    pub(crate) fn new(doc: &'a Document, fonts: &'a mut FontCache, page: Matrix, size: (f64, f64)) -> Self {
        Interpreter {
            doc,
            fonts,
            page,
            size,
            gs: GState::new(),
            stack: Vec::new(),
            floor: 0,
            tm: Matrix::IDENTITY,
            tlm: Matrix::IDENTITY,
            path: Path::default(),
            forms: Vec::new(),
            runs: Vec::new(),
            stopped: false,
            out: PageOutput::default(),
        }
    }

    /// Runs a content stream with its resources.
    pub(crate) fn run(&mut self, content: &[u8], resources: Option<&'a Dictionary>, depth: usize) {
        let mut lexer = Lexer::new(content);
        let mut operands = Vec::with_capacity(8);
        while let Some(op) = lexer.next_op(&mut operands) {
            if self.stopped {
                break;
            }
            self.out.ops += 1;
            if self.out.ops > MAX_OPS_PER_PAGE {
                self.out.truncated.insert("more than 2 000 000 operators");
                self.stopped = true;
                break;
            }
            if op == b"BI" {
                self.inline_image();
                if !lexer.skip_inline_image() {
                    self.out.truncated.insert("an inline image without its end (EI)");
                }
                continue;
            }
            self.op(op, &operands, resources, depth);
        }
        self.out.skipped_bytes += lexer.skipped;
    }

    fn op(&mut self, op: &[u8], ops: &[Operand], res: Option<&'a Dictionary>, depth: usize) {
        match op {
            b"q" => self.save(),
            b"Q" => self.restore(),
            b"cm" => {
                if let Some(m) = nums::<6>(ops).and_then(|v| Matrix::from_slice(&v)) {
                    self.gs.ctm = m.then(&self.gs.ctm);
                }
            }
            b"g" | b"rg" | b"k" | b"sc" | b"scn" => self.gs.fill_white = is_white(ops, op),
            b"G" | b"RG" | b"K" | b"SC" | b"SCN" => self.gs.stroke_white = is_white(ops, op),
            b"cs" => self.gs.fill_white = false,
            b"CS" => self.gs.stroke_white = false,
            b"gs" => self.ext_gstate(ops, res),
            b"BT" => {
                self.tm = Matrix::IDENTITY;
                self.tlm = Matrix::IDENTITY;
            }
            b"Tf" => self.set_font(ops, res),
            b"Tc" | b"Tw" | b"Tz" | b"TL" | b"Ts" | b"Tr" => self.text_param(op, ops),
            b"Td" | b"TD" | b"Tm" | b"T*" => self.text_move(op, ops),
            b"Tj" | b"TJ" | b"'" | b"\"" => {
                let start = self.out.glyphs.len();
                self.show_text(op, ops);
                self.drop_duplicate_run(start);
            }
            b"Do" => self.xobject(ops, res, depth),
            _ => self.path_op(op, ops),
        }
    }

    fn save(&mut self) {
        if self.stack.len() < MAX_STATE_STACK {
            self.stack.push(self.gs.clone());
        }
    }

    fn restore(&mut self) {
        if self.stack.len() > self.floor {
            if let Some(gs) = self.stack.pop() {
                self.gs = gs;
            }
        }
    }

    fn text_param(&mut self, op: &[u8], ops: &[Operand]) {
        let Some([v]) = nums::<1>(ops) else { return };
        match op {
            b"Tc" => self.gs.char_spacing = v,
            b"Tw" => self.gs.word_spacing = v,
            b"Tz" => self.gs.hscale = v / 100.0,
            b"TL" => self.gs.leading = v,
            b"Ts" => self.gs.rise = v,
            _ => self.gs.render = v as i64,
        }
    }

    fn text_move(&mut self, op: &[u8], ops: &[Operand]) {
        let (tx, ty) = match op {
            b"Tm" => {
                if let Some(m) = nums::<6>(ops).and_then(|v| Matrix::from_slice(&v)) {
                    self.tm = m;
                    self.tlm = m;
                }
                return;
            }
            b"T*" => (0.0, -self.gs.leading),
            _ => match nums::<2>(ops) {
                Some([tx, ty]) if tx.is_finite() && ty.is_finite() => (tx, ty),
                _ => return,
            },
        };
        if op == b"TD" {
            self.gs.leading = -ty;
        }
        self.tlm = Matrix::translate(tx, ty).then(&self.tlm);
        self.tm = self.tlm;
    }

    fn set_font(&mut self, ops: &[Operand], res: Option<&'a Dictionary>) {
        if let Some([size]) = nums::<1>(ops) {
            self.gs.size = size;
        }
        let doc = self.doc;
        let entry = last_name(ops)
            .and_then(|name| res.and_then(|r| obj::get_dict(doc, r, b"Font")).map(|fonts| (fonts, name)))
            .and_then(|(fonts, name)| fonts.get(name).ok());
        self.gs.font = entry.and_then(|e| self.fonts.get(doc, e));
    }

    /// `gs` with an ExtGState carrying `/Font [font size]`.
    fn ext_gstate(&mut self, ops: &[Operand], res: Option<&'a Dictionary>) {
        let doc = self.doc;
        let Some(state) = last_name(ops)
            .and_then(|n| res.and_then(|r| obj::get_dict(doc, r, b"ExtGState")).map(|d| (d, n)))
            .and_then(|(d, n)| obj::get_dict(doc, d, n))
        else {
            return;
        };
        if let Some([font, size]) = obj::get_array(doc, state, b"Font").and_then(|a| <&[Object; 2]>::try_from(a).ok()) {
            self.gs.font = self.fonts.get(doc, font);
            self.gs.size = obj::num(doc, size).unwrap_or(self.gs.size);
        }
    }

    fn show_text(&mut self, op: &[u8], ops: &[Operand]) {
        match op {
            b"TJ" => self.show_array(ops),
            b"Tj" => self.show_op(ops),
            _ => {
                if op == b"\"" {
                    if let Some([aw, ac]) = ops.get(..2).and_then(nums::<2>) {
                        self.gs.word_spacing = aw;
                        self.gs.char_spacing = ac;
                    }
                }
                self.text_move(b"T*", &[]);
                self.show_op(ops);
            }
        }
    }

    /// Fake bold and drop shadows drawn string by string: a run whose
    /// glyphs repeat a recent run's at the same place is dropped whole.
    /// Whole runs, not single glyphs, so that a label a producer wrote twice
    /// with different spacing stays (as it does in pdftotext).
    fn drop_duplicate_run(&mut self, start: usize) {
        let end = self.out.glyphs.len();
        if end == start {
            return;
        }
        let glyphs = &self.out.glyphs;
        let run = &glyphs[start..end];
        let repeated = self.runs.iter().rev().any(|&(s, e)| {
            e - s == run.len() && glyphs[s..e].iter().zip(run).all(|(a, b)| same_place(a, b))
        });
        if repeated {
            let dropped: String = run.iter().map(|g| g.text.as_str()).collect();
            self.out.overprinted.push_str(&dropped);
            self.out.glyphs.truncate(start);
            return;
        }
        if self.runs.len() >= DUPLICATE_LOOKBACK {
            self.runs.remove(0);
        }
        self.runs.push((start, end));
    }

    fn show_op(&mut self, ops: &[Operand]) {
        if let Some(s) = last_str(ops) {
            self.show(s);
        }
    }

    fn show_array(&mut self, ops: &[Operand]) {
        let Some(Operand::Array(items)) = ops.last() else { return };
        for item in items {
            match item {
                Operand::Str(s) => self.show(s),
                Operand::Num(n) => self.kern(*n),
                _ => {}
            }
        }
    }

    /// A `TJ` number: moves the pen back by n/1000 of the font size.
    fn kern(&mut self, n: f64) {
        let d = -n / 1000.0 * self.gs.size;
        let vertical = self.gs.font.as_ref().is_some_and(|f| f.vertical);
        let step = if vertical { Matrix::translate(0.0, d) } else { Matrix::translate(d * self.gs.hscale, 0.0) };
        self.tm = step.then(&self.tm);
    }

    fn show(&mut self, bytes: &[u8]) {
        let Some(font) = self.gs.font.clone() else {
            self.out.without_font += bytes.len();
            return;
        };
        if font.vertical {
            self.out.vertical_fonts.insert(font.name.clone());
        }
        let device = self.gs.ctm.then(&self.page);
        let mut rest = bytes;
        while !rest.is_empty() {
            let (code, len) = font.next_code(rest);
            rest = rest.get(usize::from(len)..).unwrap_or(&[]);
            let w0 = font.width(code, len) / 1000.0;
            match font.text(code, len) {
                Some(text) => self.emit(text, w0, font.vertical, &device),
                None => *self.out.unmapped.entry(font.name.clone()).or_default() += 1,
            }
            self.advance(w0, len == 1 && code == 32, font.vertical);
        }
    }

    fn advance(&mut self, w0: f64, is_space: bool, vertical: bool) {
        let gs = &self.gs;
        let word = if is_space { gs.word_spacing } else { 0.0 };
        let step = if vertical {
            Matrix::translate(0.0, -gs.size + gs.char_spacing + word)
        } else {
            Matrix::translate((w0 * gs.size + gs.char_spacing + word) * gs.hscale, 0.0)
        };
        self.tm = step.then(&self.tm);
    }

    fn emit(&mut self, text: String, w0: f64, vertical: bool, device: &Matrix) {
        if self.out.glyphs.len() >= MAX_GLYPHS_PER_PAGE {
            self.out.truncated.insert("more than 500 000 glyphs");
            return;
        }
        let gs = &self.gs;
        let trm = Matrix([gs.size * gs.hscale, 0.0, 0.0, gs.size, 0.0, gs.rise]).then(&self.tm).then(device);
        let bbox = if vertical {
            trm.bbox(-w0 / 2.0, -1.0, w0 / 2.0, 0.0)
        } else {
            trm.bbox(0.0, -DESCENT, w0, ASCENT)
        };
        if !bbox.iter().all(|v| v.is_finite()) {
            return;
        }
        // The baseline from the origin to the advance: when it lies wholly
        // off the page nobody sees the glyph (producers leave overflow and
        // template residue there); poppler applies the same test.
        let (ox, oy) = trm.apply(0.0, 0.0);
        let (ex, ey) = if vertical { trm.apply(0.0, -1.0) } else { trm.apply(w0, 0.0) };
        let (w, h) = (self.size.0, self.size.1);
        if ox.max(ex) < 0.0 || ox.min(ex) > w || oy.max(ey) < 0.0 || oy.min(ey) > h {
            self.out.off_page += 1;
            return;
        }
        let glyph = Glyph { text, bbox, size: trm.y_scale() as f32, invisible: gs.render == 3 || gs.render == 7 };
        // Fake bold drawn glyph by glyph: each one twice in a row.
        if self.out.glyphs.last().is_some_and(|o| same_place(o, &glyph)) {
            self.out.overprinted.push_str(&glyph.text);
            return;
        }
        self.out.glyphs.push(glyph);
    }

    fn xobject(&mut self, ops: &[Operand], res: Option<&'a Dictionary>, depth: usize) {
        let doc = self.doc;
        let Some(entry) = last_name(ops)
            .and_then(|n| res.and_then(|r| obj::get_dict(doc, r, b"XObject")).map(|d| (d, n)))
            .and_then(|(d, n)| d.get(n).ok())
        else {
            return;
        };
        let id = entry.as_reference().ok();
        let Object::Stream(stream) = obj::resolve(doc, entry) else { return };
        match obj::get_name(doc, &stream.dict, b"Subtype") {
            Some(b"Image") => self.inline_image(),
            Some(b"Form") => self.form(stream, id, res, depth),
            _ => {}
        }
    }

    /// Records the box of an image: the unit square through the CTM.
    fn inline_image(&mut self) {
        if self.out.images.len() < MAX_SHAPES_PER_PAGE {
            let m = self.gs.ctm.then(&self.page);
            self.out.images.push(m.bbox(0.0, 0.0, 1.0, 1.0));
        }
    }

    fn form(&mut self, stream: &'a lopdf::Stream, id: Option<ObjectId>, res: Option<&'a Dictionary>, depth: usize) {
        if depth + 1 > MAX_XOBJECT_DEPTH {
            self.out.truncated.insert("form XObjects nested more than 12 deep");
            return;
        }
        if id.is_some_and(|id| self.forms.contains(&id)) {
            self.out.cycles += 1;
            return;
        }
        let content = match stream.get_plain_content_with_limit(MAX_CONTENT_BYTES) {
            Ok(c) => c,
            Err(lopdf::Error::Decompress(_)) => {
                self.out.truncated.insert("a form XObject too large to decompress");
                return;
            }
            Err(_) => return,
        };
        let doc = self.doc;
        let matrix = obj::get_array(doc, &stream.dict, b"Matrix")
            .and_then(|a| obj::nums(doc, a))
            .and_then(|v| Matrix::from_slice(&v))
            .unwrap_or(Matrix::IDENTITY);
        let resources = obj::get_dict(doc, &stream.dict, b"Resources").or(res);
        let (saved, floor, tm, tlm) = (self.gs.clone(), self.floor, self.tm, self.tlm);
        let height = self.stack.len();
        self.floor = height;
        self.gs.ctm = matrix.then(&self.gs.ctm);
        self.forms.extend(id);
        self.run(&content, resources, depth + 1);
        if id.is_some() {
            self.forms.pop();
        }
        self.stack.truncate(height);
        (self.gs, self.floor, self.tm, self.tlm) = (saved, floor, tm, tlm);
    }

    fn point(&self, x: f64, y: f64) -> (f64, f64) {
        self.gs.ctm.then(&self.page).apply(x, y)
    }

    fn path_op(&mut self, op: &[u8], ops: &[Operand]) {
        match op {
            b"m" | b"l" => {
                let Some([x, y]) = nums::<2>(ops) else { return };
                let p = self.point(x, y);
                if op == b"m" {
                    self.path.move_to(p);
                } else {
                    self.path.line_to(p);
                }
            }
            b"c" | b"v" | b"y" => {
                if let Some([x, y]) = nums::<2>(ops) {
                    let p = self.point(x, y);
                    self.path.curve_to(p);
                }
            }
            b"h" => self.path.close(),
            b"re" => {
                let Some([x, y, w, h]) = nums::<4>(ops) else { return };
                let c = [self.point(x, y), self.point(x + w, y), self.point(x + w, y + h), self.point(x, y + h)];
                self.path.rect(c);
            }
            b"S" | b"s" | b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*" | b"n" => self.paint(op),
            _ => {}
        }
    }

    fn paint(&mut self, op: &[u8]) {
        if matches!(op, b"s" | b"b" | b"b*") {
            self.path.close();
        }
        let stroke = matches!(op, b"S" | b"s" | b"B" | b"B*" | b"b" | b"b*") && !self.gs.stroke_white;
        let fill = matches!(op, b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*") && !self.gs.fill_white;
        let room = self.out.rules.len() < MAX_SHAPES_PER_PAGE;
        self.path.paint(stroke && room, fill && room, &mut self.out.rules);
    }
}
