//! Prints what layout finds in a text dump: `cargo run -p budget-layout --example show -- FILE`.
//! A debugging aid for writing and checking layout rules.
fn main() {
    let path = std::env::args().nth(1).expect("usage: show FILE");
    let bytes = std::fs::read(&path).expect("readable file");
    let dump = budget_ingest::read_text_dump(&bytes).expect("a text dump");
    let rows: Vec<budget_normalize::Row> =
        dump.lines().iter().map(|l| budget_normalize::Row::new(l.number, l.cells())).collect();
    let layout = budget_layout::analyze(&rows);
    for t in &layout.tables {
        println!("TABLE {:?} {:?} header={:?} unit={:?} rows={}", t.title, t.kind, t.header_lines, t.unit, t.rows);
    }
    for p in &layout.projects {
        println!("PROJECT {} t{} {:?} dept={:?} amounts={:?} goal={}", p.line, p.table, p.name, p.department, p.amounts, p.goal.is_some());
    }
    for i in &layout.indicators {
        println!("IND {} {:?} {:?} {:?}/{:?} {:?} op={:?} v={:?} u={:?} w={:?} {:?}", i.line, i.project, i.scope, i.level1, i.level2, i.name, i.op, i.value, i.unit, i.weight, i.repairs);
    }
    for i in &layout.items {
        println!("ITEM {} t{} {:?} {:?} side={:?} lvl={} {:?} {:?}", i.line, i.table, i.code, i.name, i.side, i.level, i.values, i.repairs);
    }
    for i in &layout.totals {
        println!("TOTAL {} t{} {:?}", i.line, i.table, i.values);
    }
    for n in &layout.notes {
        println!("NOTE {} {:?} {}", n.code, n.lines, n.message);
    }
}
