//! PDFs of the seeds, from two producers, against their text dumps; and the
//! bad PDFs. Every rendering must give exactly its dump's indicator, project
//! and line item records (provenance aside).
use std::path::{Path, PathBuf};

use serde_json::Value;


fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus")
}

fn records(path: &Path) -> Vec<Value> {
    let bytes = std::fs::read(path).unwrap();
    budget_records::extract_file(&path.to_string_lossy(), &bytes).iter().map(|r| serde_json::to_value(r).unwrap()).collect()
}

/// Indicator, project and line item records without provenance, as sorted
/// JSON texts.
fn semantic(records: &[Value]) -> Vec<String> {
    let mut out: Vec<String> = records
        .iter()
        .filter(|v| ["indicator", "project", "line_item"].contains(&v["kind"].as_str().unwrap_or("")))
        .map(|v| {
            // Sorted keys, so that records with and without provenance fields compare.
            let fields: std::collections::BTreeMap<&String, &Value> = v
                .as_object()
                .unwrap()
                .iter()
                .filter(|(k, _)| !["source", "line", "lines", "raw", "repairs", "page", "bbox"].contains(&k.as_str()))
                .collect();
            serde_json::to_string(&fields).unwrap()
        })
        .collect();
    out.sort();
    out
}

fn renderings() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(corpus().join("pdf"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    out.sort();
    assert!(out.len() >= 15, "the PDF corpus is missing; run scripts/render-pdfs");
    out
}

#[test]
fn every_rendering_reads_and_places_its_records() {
    for pdf in renderings() {
        let recs = records(&pdf);
        let name = pdf.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(recs[0]["format"], "pdf", "{name}");
        assert!(recs[0]["pages"].as_u64().unwrap() >= 1, "{name}");
        assert!(!recs.iter().any(|r| r["severity"] == "error"), "{name}: an error");
        for r in recs.iter().filter(|r| ["indicator", "project", "line_item"].contains(&r["kind"].as_str().unwrap())) {
            assert!(r["page"].as_u64().is_some() && r["bbox"].is_array(), "{name}: a record without page and box: {r}");
        }
    }
}

#[test]
fn renderings_give_the_records_of_their_dump() {
    let mut differing = Vec::new();
    for pdf in renderings() {
        let name = pdf.file_name().unwrap().to_string_lossy().into_owned();
        let seed = std::fs::read_dir(corpus())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "txt") && name.starts_with(p.file_stem().unwrap().to_str().unwrap()))
            .unwrap();
        let (want, got) = (semantic(&records(&seed)), semantic(&records(&pdf)));
        assert!(!want.is_empty(), "{name}: its dump gave no records");
        if want != got {
            let missing = want.iter().filter(|w| got.binary_search(w).is_err()).count();
            let extra = got.iter().filter(|g| want.binary_search(g).is_err()).count();
            differing.push(format!("{name}: {missing} of {} dump records missing, {extra} extra", want.len()));
        }
    }
    assert!(differing.is_empty(), "renderings whose records differ from their dump's:\n{}", differing.join("\n"));
}

#[test]
fn bad_pdfs_give_their_outcome() {
    let bad = corpus().join("pdf/bad");
    let outcome = |file: &str| {
        let recs = records(&bad.join(file));
        let codes: Vec<String> = recs.iter().filter(|r| r["kind"] == "diagnostic").map(|r| r["code"].as_str().unwrap().to_string()).collect();
        (recs, codes)
    };
    // Read: no error, and text came out of it (rows were found).
    let read = |recs: &[Value]| !recs.iter().any(|r| r["severity"] == "error") && recs[0]["lines"].as_u64().unwrap_or(0) > 0;
    for readable in ["encrypted_empty_user_password_aes128.pdf", "encrypted_empty_user_password_aes256.pdf"] {
        assert!(read(&outcome(readable).0), "{readable} is read");
    }
    assert!(outcome("encrypted_user_password.pdf").1.contains(&"pdf-encrypted".to_string()));
    assert!(outcome("truncated.pdf").1.contains(&"pdf-malformed".to_string()));
    assert!(outcome("scanned_image_only.pdf").1.contains(&"needs-ocr".to_string()));
    let (recs, codes) = outcome("broken_xref.pdf");
    assert!(codes.contains(&"xref-recovered".to_string()), "{codes:?}");
    assert!(read(&recs), "recovered and read");
}
