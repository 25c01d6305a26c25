//! Line and cell splitting: line ends, numbering, the line-length cap, tab
//! and markdown-pipe cells.

use budget_ingest::{read_text_dump, split_cells, split_lines, RawLine, MAX_LINE_BYTES};

fn cells(lines: &[RawLine]) -> Vec<Vec<String>> {
    lines.iter().map(|l| l.cells().map(|c| c.into_owned()).collect()).collect()
}

/// The cells of one line, as strings.
fn split(line: &str) -> Vec<String> {
    split_cells(line).map(|c| c.into_owned()).collect()
}

#[test]
fn crlf_cr_lf_and_mixed_endings_give_identical_lines() {
    let lf = split_lines("序号\t项目\n1\t经费\n\n2\t合计\n");
    let crlf = split_lines("序号\t项目\r\n1\t经费\r\n\r\n2\t合计\r\n");
    let cr = split_lines("序号\t项目\r1\t经费\r\r2\t合计\r");
    let mixed = split_lines("序号\t项目\r\n1\t经费\r\r\n2\t合计");
    assert_eq!(lf, crlf);
    assert_eq!(lf, cr);
    assert_eq!(lf, mixed);
    assert_eq!(
        cells(&lf),
        vec![
            vec!["序号", "项目"],
            vec!["1", "经费"],
            vec![""],
            vec!["2", "合计"]
        ]
    );
}

#[test]
fn lines_are_numbered_from_one_and_blank_lines_are_kept() {
    let lines = split_lines("a\n\nb");
    let numbers: Vec<u32> = lines.iter().map(|l| l.number).collect();
    assert_eq!(numbers, vec![1, 2, 3]);
    assert_eq!(lines[1].cells().collect::<Vec<_>>(), vec![""]);
    assert!(lines.iter().all(|l| !l.truncated));
}

#[test]
fn final_line_end_does_not_add_a_line() {
    assert_eq!(split_lines("a\n").len(), 1);
    assert_eq!(split_lines("a\r\n").len(), 1);
    assert_eq!(split_lines("a\r").len(), 1);
    assert_eq!(split_lines("a").len(), 1);
    // A second line end does end a (blank) line.
    assert_eq!(cells(&split_lines("a\n\n")), vec![vec!["a"], vec![""]]);
}

#[test]
fn form_feed_stays_inside_the_line() {
    let lines = split_lines("page\x0C2\nnext");
    assert_eq!(cells(&lines), vec![vec!["page\x0C2"], vec!["next"]]);
}

#[test]
fn tab_splitting_preserves_empty_cells() {
    assert_eq!(split("a\t\tb\t"), vec!["a", "", "b", ""]);
    assert_eq!(split("\t"), vec!["", ""]);
}

#[test]
fn raw_cell_text_is_not_trimmed() {
    assert_eq!(split(" 收入 \t 100 "), vec![" 收入 ", " 100 "]);
}

#[test]
fn line_without_tab_is_one_cell() {
    assert_eq!(split("2024 年市本级部门预算"),
        vec!["2024 年市本级部门预算"]
    );
    assert_eq!(split("a | b"), vec!["a | b"]);
}

#[test]
fn markdown_table_row_is_split_on_pipes() {
    assert_eq!(split("| 项目 | 金额 |"), vec![" 项目 ", " 金额 "]);
    assert_eq!(split("  |a|b||  "), vec!["a", "b", ""]);
    assert_eq!(split("|---|---:|"), vec!["---", "---:"]);
}

#[test]
fn markdown_row_wins_over_tabs() {
    assert_eq!(split("| a\tb | c |"), vec![" a\tb ", " c "]);
}

#[test]
fn escaped_pipe_is_a_literal_pipe_in_the_cell() {
    assert_eq!(split(r"| a \| b | c |"), vec![r" a | b ", " c "]);
    // A backslash escapes only the pipe right after it: `\\|` is a
    // backslash and a literal pipe, not a separator.
    assert_eq!(split(r"| a\\|b | c |"), vec![r" a\|b ", " c "]);
    assert_eq!(split(r"| a\ | b |"), vec![r" a\ ", " b "]);
}

#[test]
fn lines_that_only_look_like_rows_are_not_pipe_split() {
    assert_eq!(split("| not closed"), vec!["| not closed"]);
    assert_eq!(split("|"), vec!["|"]);
    assert_eq!(split(r"| ends escaped \|"),
        vec![r"| ends escaped \|"]
    );
}

#[test]
fn three_mib_line_is_truncated_at_a_char_boundary() {
    // "项" is 3 bytes, so 1 MiB falls inside a character.
    let long = "项\t".repeat(3 * 1024 * 1024 / 4);
    let text = format!("{long}\n下一行\n");
    assert!(long.len() >= 3 * 1024 * 1024 - 4);
    let dump = read_text_dump(text.as_bytes()).unwrap();
    let lines = dump.lines();
    assert_eq!(lines.len(), 2);
    let first = &lines[0];
    assert!(first.truncated);
    let first_cells = split(first.text);
    let kept: usize = first_cells.iter().map(String::len).sum::<usize>() + first_cells.len() - 1;
    assert!(
        kept <= MAX_LINE_BYTES && kept > MAX_LINE_BYTES - 4,
        "kept {kept} bytes"
    );
    assert!(first_cells.len() <= MAX_LINE_BYTES / 4 + 1);
    assert!(first_cells.iter().all(|c| c == "项" || c.is_empty()));
    assert_eq!(
        (lines[1].number, split(lines[1].text), lines[1].truncated),
        (2, vec!["下一行".to_owned()], false)
    );
}

#[test]
fn line_of_exactly_the_limit_is_not_truncated() {
    let line = "a".repeat(MAX_LINE_BYTES);
    let lines = split_lines(&line);
    assert!(!lines[0].truncated);
    assert_eq!(split(lines[0].text)[0].len(), MAX_LINE_BYTES);
    let longer_text = format!("{line}b");
    let longer = split_lines(&longer_text);
    assert!(longer[0].truncated);
    assert_eq!(split(longer[0].text)[0], line);
}

#[test]
fn read_text_dump_of_a_seed_file_keeps_every_line() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpus/000_9c019038647d4c62.txt");
    let bytes = std::fs::read(&path).expect("seed file readable");
    let text = String::from_utf8(bytes.clone()).expect("seed file is UTF-8");
    let dump = read_text_dump(&bytes).unwrap();
    assert_eq!(dump.lines().len(), text.lines().count());
    for (line, expected) in dump.lines().iter().zip(text.lines()) {
        assert_eq!(split(line.text).join("\t"), expected, "line {}", line.number);
    }
}

#[test]
fn a_file_of_line_ends_is_refused_before_it_is_split() {
    let bytes = "a\n".repeat(budget_ingest::MAX_LINES + 1).into_bytes();
    match budget_ingest::read_text_dump(&bytes) {
        Err(e @ budget_ingest::IngestError::TooManyLines { .. }) => assert_eq!(e.code(), "too-many-lines"),
        other => panic!("expected TooManyLines, got {:?}", other.map(|d| d.lines().len())),
    }
}
