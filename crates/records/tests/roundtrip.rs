//! Records read back from their own JSON unchanged: incremental runs and the
//! CSV/SQLite writers rebuild records from earlier JSON Lines output, so a
//! field that did not survive the trip would silently change their output.

use std::path::Path;

use budget_records::Record;

#[test]
fn every_golden_record_reads_back_to_the_same_json() {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../golden");
    let mut records = 0;
    for entry in std::fs::read_dir(&golden).expect("golden folder") {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, line) in text.lines().enumerate() {
            let record: Record = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), i + 1));
            assert_eq!(serde_json::to_string(&record).unwrap(), line, "{}:{}", path.display(), i + 1);
            records += 1;
        }
    }
    // All fifteen golden files together hold thousands of records.
    assert!(records > 1000, "only {records} records read");
}
