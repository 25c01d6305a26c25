//! The SQLite format read back by the `sqlite3` command-line tool, as a user
//! would: every golden record is there, keys hold, amounts are exact.

mod common;

use std::path::Path;
use std::process::Command;

use budget_sinks::{SqliteSink, SCHEMA_VERSION};
use common::{expected_counts, feed, golden, have, nth_of_kind, run};

/// One query's output, trimmed.
fn sql(db: &Path, query: &str) -> String {
    run(Command::new("sqlite3")
        .arg("-batch")
        .arg("-readonly")
        .arg(db)
        .arg(query))
    .trim()
    .to_owned()
}

/// Upper-case hex of the bytes of `s`, as SQLite's `hex()` gives it.
fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02X}")).collect()
}

#[test]
fn golden_records_read_back_with_sqlite3() {
    if !have("sqlite3", "golden_records_read_back_with_sqlite3") {
        return;
    }
    let golden = golden();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("out.db");
    feed(Box::new(SqliteSink::create(&db).unwrap()), &golden);

    for (table, expected) in expected_counts(&golden) {
        let got = sql(&db, &format!("SELECT count(*) FROM {table}"));
        assert_eq!(got, expected.to_string(), "rows in {table}");
    }
    assert_eq!(
        sql(&db, "PRAGMA foreign_key_check"),
        "",
        "dangling references"
    );
    assert_eq!(sql(&db, "PRAGMA integrity_check"), "ok");
    assert_eq!(sql(&db, "PRAGMA user_version"), SCHEMA_VERSION.to_string());
    assert_eq!(
        sql(&db, "SELECT value FROM meta WHERE key = 'schema_version'"),
        SCHEMA_VERSION.to_string()
    );
}

#[test]
fn amounts_are_exact_text_and_belong_to_their_project() {
    if !have(
        "sqlite3",
        "amounts_are_exact_text_and_belong_to_their_project",
    ) {
        return;
    }
    let golden = golden();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("out.db");
    feed(Box::new(SqliteSink::create(&db).unwrap()), &golden);

    // The project (in JSON order over all files) with the longest yuan
    // string: the likeliest to be damaged by any detour through a float.
    let projects = golden
        .iter()
        .flat_map(|g| &g.json)
        .filter(|v| v["kind"] == "project");
    let (index, project, amount) = projects
        .enumerate()
        .flat_map(|(i, p)| {
            p["amounts"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |a| (i + 1, p, a))
        })
        .max_by_key(|(_, _, a)| a["yuan"].as_str().unwrap().len())
        .unwrap();
    let yuan = amount["yuan"].as_str().unwrap();
    let label = amount["label"].as_str().unwrap();
    let query = format!(
        "SELECT typeof(a.yuan), hex(a.yuan), hex(a.value), hex(p.name) FROM amounts a \
         JOIN projects p ON p.id = a.project_id WHERE p.id = {index} AND a.label = '{label}'"
    );
    let row = sql(&db, &query);
    let expected = [
        "text".to_owned(),
        hex(yuan),
        hex(amount["value"].as_str().unwrap()),
        hex(project["name"].as_str().unwrap()),
    ];
    assert_eq!(
        row,
        expected.join("|"),
        "amount {label} = {yuan} of project {index}"
    );

    // And every amount, in id order, as the JSON has it ("110.00" stays
    // "110.00": a REAL column would give 110.0).
    let all: Vec<String> = golden
        .iter()
        .flat_map(|g| &g.json)
        .filter_map(|v| v.get("amounts"))
        .flat_map(|a| a.as_array().unwrap())
        .map(|a| {
            format!(
                "{}={}",
                a["value"].as_str().unwrap(),
                a["yuan"].as_str().unwrap()
            )
        })
        .collect();
    let got = sql(
        &db,
        "SELECT group_concat(value || '=' || yuan, ';') FROM (SELECT * FROM amounts ORDER BY id)",
    );
    assert_eq!(got, all.join(";"));
    assert!(
        got.contains(".00="),
        "some value has trailing zeros to lose"
    );
}

#[test]
fn line_item_values_are_split_out_in_map_order() {
    if !have("sqlite3", "line_item_values_are_split_out_in_map_order") {
        return;
    }
    let golden = golden();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("out.db");
    feed(Box::new(SqliteSink::create(&db).unwrap()), &golden);

    // The first line item's values, split out in map order.
    let first = nth_of_kind(&golden, "line_item", 1);
    let values = first["values"].as_object().unwrap();
    let expected: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, (column, v))| format!("{i}|{column}|{}", v.as_str().unwrap()))
        .collect();
    let got = sql(
        &db,
        "SELECT position, \"column\", value FROM line_item_values \
         WHERE line_item_id = 1 ORDER BY position",
    );
    assert_eq!(got, expected.join("\n"));
    assert_eq!(
        sql(&db, "SELECT \"values\" FROM line_items WHERE id = 1"),
        serde_json::to_string(values).unwrap()
    );
}
