//! JSON encoding of records for the JSON Lines writers: the same bytes as
//! the records' derived `Serialize` (the tests hold it to that, record by
//! record), written without serde's struct machinery.
//!
//! Why not the derive: through it every field name goes through the
//! serializer's map-key path, which scans each name for characters to
//! escape at run time, and every field through two trait calls. Field names
//! are fixed ASCII, so here each is copied as it stands; values still go
//! through sonic-rs (SIMD string escaping, number formatting), and anything
//! but plain strings and line numbers falls back to sonic-rs's serde path.
//! Serializing was a fifth of a text run's instructions, a third of it on
//! field names.
//!
//! The records keep deriving `Serialize` (CSV, SQLite and the golden
//! comparison use it) and `Deserialize` (incremental runs read earlier
//! output back). A field added to a record and not here makes the tests
//! fail, since they compare with the derive.

use std::borrow::Cow;
use std::io;

use budget_records::{Amount, Diagnostic, Document, Indicator, LineItem, Project, Record};
use serde::Serialize;
use sonic_rs::format::{CompactFormatter, Formatter};

/// `,"name":` for a field that is not the first of its object. Names are
/// the records' field names, which never need escaping, so the whole key is
/// one literal.
macro_rules! k {
    ($name:literal) => {
        concat!(",\"", $name, "\":")
    };
}

/// `{"kind":"<kind>"`: the opening of a record, its tag written as it
/// stands (record kinds are snake-case words, never escaped).
macro_rules! tag {
    ($kind:literal) => {
        concat!("{\"kind\":\"", $kind, "\"")
    };
}

/// Appends one record as a compact JSON object (no newline).
pub fn write_record(buf: &mut Vec<u8>, record: &Record) -> io::Result<()> {
    match record {
        Record::Document(r) => document(buf, r),
        Record::Project(r) => project(buf, r),
        Record::Indicator(r) => indicator(buf, r),
        Record::LineItem(r) => line_item(buf, r),
        Record::Diagnostic(r) => diagnostic(buf, r),
    }
}

fn document(buf: &mut Vec<u8>, r: &Document) -> io::Result<()> {
    let mut o = Object::tagged(buf, tag!("document"));
    o.str(k!("source"), &r.source);
    o.opt_u32(k!("line"), r.line);
    o.str(k!("format"), &r.format);
    o.opt_str(k!("encoding"), r.encoding.as_deref());
    if let Some(pages) = r.pages {
        o.u32(k!("pages"), pages);
    }
    o.u32(k!("lines"), r.lines);
    o.strs(k!("tables"), r.tables.iter().map(String::as_str));
    o.serialized(k!("table_units"), &r.table_units)?;
    o.opt_u32(k!("year"), r.year.map(u32::from));
    o.opt_str(k!("budget_kind"), r.budget_kind.as_deref());
    o.opt_str(k!("scope"), r.scope.as_deref());
    o.opt_str(k!("body"), r.body.as_deref());
    o.opt_str(k!("region"), r.region.as_deref());
    o.end();
    Ok(())
}

fn project(buf: &mut Vec<u8>, r: &Project) -> io::Result<()> {
    let mut o = Object::tagged(buf, tag!("project"));
    o.str(k!("source"), &r.source);
    o.u32(k!("line"), r.line);
    o.place(r.page, r.bbox.as_ref())?;
    o.str(k!("name"), &r.name);
    o.opt_str(k!("department"), r.department.as_deref());
    o.opt_str(k!("parent"), r.parent.as_deref());
    o.key(k!("amounts"));
    o.list(&r.amounts, amount);
    o.opt_str(k!("goal"), r.goal.as_deref());
    o.strs(k!("variants"), r.variants.iter().map(String::as_str));
    o.map(k!("attributes"), &r.attributes)?;
    o.u32s(k!("lines"), &r.lines);
    o.strs(k!("repairs"), r.repairs.iter().map(String::as_str));
    o.end();
    Ok(())
}

fn amount(buf: &mut Vec<u8>, a: &Amount) {
    let mut o = Object::open(buf, "label", &a.label);
    o.str(k!("value"), &a.value);
    o.str(k!("unit"), &a.unit);
    o.str(k!("yuan"), &a.yuan);
    o.end();
}

fn indicator(buf: &mut Vec<u8>, r: &Indicator) -> io::Result<()> {
    let mut o = Object::tagged(buf, tag!("indicator"));
    o.str(k!("source"), &r.source);
    o.u32(k!("line"), r.line);
    o.place(r.page, r.bbox.as_ref())?;
    o.opt_str(k!("project"), r.project.as_deref());
    o.opt_str(k!("department"), r.department.as_deref());
    o.word(k!("scope"), &r.scope);
    o.opt_str(k!("level1"), r.level1.as_deref());
    o.opt_str(k!("level2"), r.level2.as_deref());
    o.str(k!("name"), &r.name);
    o.opt_word(k!("op"), r.op.as_ref());
    o.str(k!("value"), &r.value);
    o.opt_str(k!("unit"), r.unit.as_deref());
    o.serialized(k!("weight"), &r.weight)?;
    o.strs(k!("raw"), r.raw.iter());
    o.strs(k!("repairs"), r.repairs.iter().map(String::as_str));
    o.end();
    Ok(())
}

fn line_item(buf: &mut Vec<u8>, r: &LineItem) -> io::Result<()> {
    let mut o = Object::tagged(buf, tag!("line_item"));
    o.str(k!("source"), &r.source);
    o.u32(k!("line"), r.line);
    o.place(r.page, r.bbox.as_ref())?;
    o.str(k!("table"), &r.table);
    o.opt_str(k!("table_number"), r.table_number.as_deref());
    o.u32(k!("item"), r.item);
    o.opt_str(k!("code"), r.code.as_deref());
    o.str(k!("label"), &r.label);
    o.str(k!("name"), &r.name);
    o.u32(k!("level"), r.level.into());
    o.opt_u32(k!("parent"), r.parent);
    o.opt_word(k!("side"), r.side.as_ref());
    o.map(k!("values"), &r.values)?;
    o.opt_str(k!("unit"), r.unit.as_deref());
    o.opt_bool(k!("verified"), r.verified);
    o.strs(k!("repairs"), r.repairs.iter().map(String::as_str));
    o.end();
    Ok(())
}

fn diagnostic(buf: &mut Vec<u8>, r: &Diagnostic) -> io::Result<()> {
    let mut o = Object::tagged(buf, tag!("diagnostic"));
    o.str(k!("source"), &r.source);
    o.opt_u32(k!("line"), r.line);
    o.place(r.page, r.bbox.as_ref())?;
    o.u32s(k!("lines"), &r.lines);
    o.word(k!("severity"), &Cow::Borrowed(r.severity.as_str()));
    o.word(k!("code"), &r.code);
    o.str(k!("message"), &r.message);
    o.end();
    Ok(())
}

/// A JSON object being written. It is opened with its first field, so every
/// later key carries its comma (see [`k!`]).
struct Object<'a> {
    buf: &'a mut Vec<u8>,
}

impl<'a> Object<'a> {
    /// `{` and the first field's value as a string.
    fn open(buf: &'a mut Vec<u8>, first: &'static str, value: &str) -> Object<'a> {
        buf.push(b'{');
        buf.push(b'"');
        buf.extend_from_slice(first.as_bytes());
        buf.extend_from_slice(b"\":");
        string(buf, value);
        Object { buf }
    }

    /// An object whose first field is the record tag, as serde writes an
    /// internally tagged enum; `tag` is `{"kind":"<kind>"`, made by [`tag!`].
    fn tagged(buf: &'a mut Vec<u8>, tag: &'static str) -> Object<'a> {
        buf.extend_from_slice(tag.as_bytes());
        Object { buf }
    }

    fn end(self) {
        self.buf.push(b'}');
    }

    /// A key made by [`k!`].
    fn key(&mut self, key: &'static str) {
        self.buf.extend_from_slice(key.as_bytes());
    }

    fn str(&mut self, key: &'static str, value: &str) {
        self.key(key);
        string(self.buf, value);
    }

    /// A text that is one of the extractor's fixed words (scope, comparison,
    /// side, code) when it is borrowed: those are written as they stand
    /// once a glance shows they need no escape. Other texts are escaped.
    // The `Cow` itself is the point (borrowed words are the extractor's own),
    // so clippy's advice to take `&str` does not apply.
    #[allow(clippy::ptr_arg)]
    fn word(&mut self, key: &'static str, value: &Cow<'static, str>) {
        self.key(key);
        match value {
            Cow::Borrowed(w) if w.bytes().all(|b| b >= b' ' && b != b'"' && b != b'\\') => {
                self.buf.push(b'"');
                self.buf.extend_from_slice(w.as_bytes());
                self.buf.push(b'"');
            }
            _ => string(self.buf, value),
        }
    }

    /// An absent value.
    fn null(&mut self, key: &'static str) {
        self.key(key);
        self.buf.extend_from_slice(b"null");
    }

    fn opt_word(&mut self, key: &'static str, value: Option<&Cow<'static, str>>) {
        match value {
            Some(w) => self.word(key, w),
            None => self.null(key),
        }
    }

    fn opt_str(&mut self, key: &'static str, value: Option<&str>) {
        self.key(key);
        match value {
            Some(v) => string(self.buf, v),
            None => self.buf.extend_from_slice(b"null"),
        }
    }

    /// `true`, `false` or `null`: a line item's `verified`, written for
    /// every line item without a trip through serde.
    fn opt_bool(&mut self, key: &'static str, value: Option<bool>) {
        self.key(key);
        self.buf.extend_from_slice(match value {
            Some(true) => b"true",
            Some(false) => b"false",
            None => b"null",
        });
    }

    fn u32(&mut self, key: &'static str, value: u32) {
        self.key(key);
        self.buf.extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
    }

    fn opt_u32(&mut self, key: &'static str, value: Option<u32>) {
        match value {
            Some(v) => self.u32(key, v),
            None => self.null(key),
        }
    }

    fn strs<'s>(&mut self, key: &'static str, values: impl IntoIterator<Item = &'s str>) {
        self.key(key);
        let mut values = values.into_iter();
        self.buf.push(b'[');
        if let Some(first) = values.next() {
            string(self.buf, first);
            for v in values {
                self.buf.push(b',');
                string(self.buf, v);
            }
        }
        self.buf.push(b']');
    }

    fn u32s(&mut self, key: &'static str, values: &[u32]) {
        self.key(key);
        self.list(values, |buf, v| buf.extend_from_slice(itoa::Buffer::new().format(*v).as_bytes()));
    }

    /// A JSON array of `items`, each written by `item` (the key is already
    /// written).
    fn list<T>(&mut self, items: &[T], item: impl Fn(&mut Vec<u8>, &T)) {
        self.buf.push(b'[');
        for (i, it) in items.iter().enumerate() {
            if i > 0 {
                self.buf.push(b',');
            }
            item(self.buf, it);
        }
        self.buf.push(b']');
    }

    /// A map of labelled values: string values directly, others through
    /// sonic-rs.
    fn map(&mut self, key: &'static str, map: &serde_json::Map<String, serde_json::Value>) -> io::Result<()> {
        self.key(key);
        self.buf.push(b'{');
        for (i, (k, v)) in map.iter().enumerate() {
            if i > 0 {
                self.buf.push(b',');
            }
            string(self.buf, k);
            self.buf.push(b':');
            match v {
                serde_json::Value::String(s) => string(self.buf, s),
                other => serialize(self.buf, other)?,
            }
        }
        self.buf.push(b'}');
        Ok(())
    }

    /// The PDF page and box, each only when present (as the derive skips
    /// them for text dumps).
    fn place(&mut self, page: Option<u32>, bbox: Option<&[f32; 4]>) -> io::Result<()> {
        if let Some(page) = page {
            self.u32(k!("page"), page);
        }
        if let Some(bbox) = bbox {
            self.serialized(k!("bbox"), bbox)?;
        }
        Ok(())
    }

    /// Any value through sonic-rs's serde path (floats: the same shortest
    /// round-trip form, `null` for NaN).
    fn serialized<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> io::Result<()> {
        self.key(key);
        serialize(self.buf, value)
    }
}

/// A JSON string, escaped by sonic-rs.
fn string(buf: &mut Vec<u8>, value: &str) {
    // Empty cells are a good share of all strings written (an indicator's
    // raw row holds several): no call for them.
    if value.is_empty() {
        buf.extend_from_slice(b"\"\"");
        return;
    }
    // Writing into a Vec cannot fail: sonic-rs reserves the room first.
    let _ = CompactFormatter.write_string_fast(buf, value, true);
}

fn serialize<T: Serialize + ?Sized>(buf: &mut Vec<u8>, value: &T) -> io::Result<()> {
    sonic_rs::to_writer(buf, value).map_err(io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;
    use budget_normalize::Texts;
    use budget_records::Severity;

    fn encoded(record: &Record) -> String {
        let mut buf = Vec::new();
        write_record(&mut buf, record).unwrap();
        String::from_utf8(buf).unwrap()
    }

    /// Every golden record reads back and encodes to its own line, which is
    /// also what the derived `Serialize` writes.
    #[test]
    fn golden_records_encode_to_their_own_lines_and_to_the_derive() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../golden");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for line in text.lines() {
                let record: Record = serde_json::from_str(line).unwrap();
                assert_eq!(encoded(&record), line);
                assert_eq!(encoded(&record), serde_json::to_string(&record).unwrap());
                seen += 1;
            }
        }
        assert!(seen > 1000, "only {seen} golden records");
    }

    fn indicator_with(weight: Option<f64>, page: Option<u32>, text: &str) -> Record {
        Record::Indicator(Indicator {
            source: format!("a/{text}.txt").into(),
            line: 7,
            page,
            bbox: page.map(|_| [1.5, 2.25, 1e-7, 3.4e38]),
            project: None,
            department: Some(text.into()),
            scope: "annual".into(),
            level1: None,
            level2: Some(text.into()),
            name: text.into(),
            op: None,
            value: text.into(),
            unit: None,
            weight,
            raw: Texts::from_iter([text, "", "≥"]),
            repairs: vec![text.into(), String::new()],
        })
    }

    #[test]
    fn fixed_words_that_need_an_escape_are_escaped() {
        let mut record = indicator_with(None, None, "x");
        if let Record::Indicator(i) = &mut record {
            i.scope = Cow::Borrowed("an\"nual\\");
            i.op = Some(Cow::Borrowed("\u{1}>="));
        }
        assert_eq!(encoded(&record), serde_json::to_string(&record).unwrap());
    }

    #[test]
    fn escapes_floats_and_absent_fields_match_the_derive() {
        let texts = ["", "\"引号\"", "back\\slash", "tab\tnew\nline", "\u{1}\u{1f}\u{7f}", "长文本".repeat(40).as_str()]
            .map(String::from);
        for text in &texts {
            for weight in [None, Some(0.0), Some(12.5), Some(1.0 / 3.0), Some(f64::NAN), Some(-1e300)] {
                for page in [None, Some(3)] {
                    let record = indicator_with(weight, page, text);
                    assert_eq!(encoded(&record), serde_json::to_string(&record).unwrap(), "{text:?} {weight:?}");
                }
            }
            let mut attributes = serde_json::Map::new();
            attributes.insert(text.clone(), serde_json::Value::String(text.clone()));
            attributes.insert("数".into(), serde_json::json!(12.5));
            attributes.insert("空".into(), serde_json::Value::Null);
            attributes.insert("表".into(), serde_json::json!(["a", {"b": true}]));
            let records = [
                Record::Project(Project {
                    source: text.as_str().into(),
                    line: 1,
                    page: Some(2),
                    bbox: None,
                    name: text.clone(),
                    department: None,
                    parent: Some(text.clone()),
                    amounts: vec![
                        Amount { label: text.clone(), value: "1.5".into(), unit: "万元".into(), yuan: "15000".into() },
                        Amount { label: "b".into(), value: "2".into(), unit: "元".into(), yuan: "2".into() },
                    ],
                    goal: None,
                    variants: vec![text.clone()],
                    attributes: attributes.clone(),
                    lines: vec![1, 2, 4_000_000_000],
                    repairs: vec![],
                }),
                Record::LineItem(LineItem {
                    source: text.as_str().into(),
                    line: 0,
                    page: None,
                    bbox: Some([0.0, -0.0, 1.0, 2.0]),
                    table: text.clone(),
                    table_number: Some(text.clone()),
                    item: 7,
                    code: None,
                    label: text.clone(),
                    name: text.clone(),
                    level: 2,
                    parent: Some(3),
                    side: Some("income".into()),
                    values: attributes,
                    unit: None,
                    verified: Some(false),
                    repairs: vec!["r".into()],
                }),
                Record::Document(Document {
                    source: text.as_str().into(),
                    line: None,
                    format: "pdf".into(),
                    encoding: None,
                    pages: Some(0),
                    lines: 0,
                    tables: vec![text.clone(), text.clone()],
                    table_units: vec![None, Some(text.clone())],
                    year: Some(2024),
                    budget_kind: Some(text.clone()),
                    scope: None,
                    body: Some(text.clone()),
                    region: None,
                }),
                Record::Diagnostic(Diagnostic {
                    source: text.as_str().into(),
                    line: None,
                    page: None,
                    bbox: None,
                    lines: vec![],
                    severity: Severity::Warning,
                    code: "c".into(),
                    message: text.clone(),
                }),
            ];
            for record in &records {
                assert_eq!(encoded(record), serde_json::to_string(record).unwrap(), "{text:?}");
            }
        }
    }
}
