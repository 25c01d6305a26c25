//! The SQLite format: every record of a run in one database file, for SQL.
//!
//! # Schema (version 2, in `PRAGMA user_version`)
//!
//! `meta(key, value)` holds `schema_version` and `tool_version` (the
//! writing program's version, or the build given to
//! [`SqliteSink::with_tool`]). One table per record kind, plus two tables
//! that split lists out so SQL can sum them:
//!
//! | table | columns |
//! | --- | --- |
//! | `documents` | `id`, `source` (unique), `format`, `encoding`, `pages`, `lines`, `tables`, `table_units`, `year`, `budget_kind`, `scope`, `body`, `region` |
//! | `projects` | `id`, `document_id`, `source`, `line`, `page`, `bbox`, `name`, `department`, `parent`, `goal`, `variants`, `attributes`, `lines`, `repairs` |
//! | `amounts` | `id`, `project_id`, `position`, `label`, `value`, `unit`, `yuan` |
//! | `indicators` | `id`, `document_id`, `source`, `line`, `page`, `bbox`, `project`, `department`, `scope`, `level1`, `level2`, `name`, `op`, `value`, `unit`, `weight`, `raw`, `repairs` |
//! | `line_items` | `id`, `document_id`, `source`, `line`, `page`, `bbox`, `"table"`, `table_number`, `item`, `code`, `label`, `name`, `level`, `parent` (the `item` of the enclosing line item of the same document), `side`, `"values"`, `unit`, `verified` (1, 0 or null), `repairs` |
//! | `line_item_values` | `line_item_id`, `position`, `"column"`, `value` (one row per entry of a line item's values) |
//! | `diagnostics` | `id`, `document_id`, `source`, `line`, `page`, `bbox`, `lines`, `severity`, `code`, `message` |
//!
//! Columns follow the record fields in model order (a document's `line`,
//! always null, and a project's `amounts`, which have their own table, are
//! left out). Ids are numbered as in the CSV format. Decimal strings
//! (`value`, `yuan`, line item values) are TEXT, never REAL, so amounts stay
//! exact; lists and maps (`bbox`, `tables`, `variants`, …) are JSON text.
//! [`SCHEMA`] and [`INDEXES`] hold the exact statements.
//!
//! # Writing
//!
//! The database is built under a hidden temporary name beside the final
//! path, in one transaction, with journaling and syncing off: a crash can
//! only ruin the temporary file, which is renamed into place by `finish`
//! after the commit (and an fsync). Indexes are built in `finish`, after the
//! rows, which is faster than keeping them up to date row by row.

use std::path::Path;

use budget_records::{Amount, Diagnostic, Document, Indicator, LineItem, Project};
use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::{Connection, ToSql};

use crate::rows::{self, AmountOwner, Cell, Progress, RowSink};
use crate::staging::{create_dir, Staged};
use crate::{FileRecords, Sink, SinkError};

/// The schema version stored in `PRAGMA user_version` and in `meta`. Raise
/// it with any change to [`SCHEMA`] that readers can notice.
pub const SCHEMA_VERSION: u32 = 2;

/// The tables, created when the sink is.
pub const SCHEMA: &str = r#"
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL UNIQUE,
    format TEXT NOT NULL,
    encoding TEXT,
    pages INTEGER,
    lines INTEGER NOT NULL,
    tables TEXT NOT NULL,
    table_units TEXT NOT NULL,
    year INTEGER,
    budget_kind TEXT,
    scope TEXT,
    body TEXT,
    region TEXT
);
CREATE TABLE projects (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    source TEXT NOT NULL,
    line INTEGER NOT NULL,
    page INTEGER,
    bbox TEXT,
    name TEXT NOT NULL,
    department TEXT,
    parent TEXT,
    goal TEXT,
    variants TEXT NOT NULL,
    attributes TEXT NOT NULL,
    lines TEXT NOT NULL,
    repairs TEXT NOT NULL
);
CREATE TABLE amounts (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    position INTEGER NOT NULL,
    label TEXT NOT NULL,
    value TEXT NOT NULL,
    unit TEXT NOT NULL,
    yuan TEXT NOT NULL
);
CREATE TABLE indicators (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    source TEXT NOT NULL,
    line INTEGER NOT NULL,
    page INTEGER,
    bbox TEXT,
    project TEXT,
    department TEXT,
    scope TEXT NOT NULL,
    level1 TEXT,
    level2 TEXT,
    name TEXT NOT NULL,
    op TEXT,
    value TEXT NOT NULL,
    unit TEXT,
    weight REAL,
    raw TEXT NOT NULL,
    repairs TEXT NOT NULL
);
CREATE TABLE line_items (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    source TEXT NOT NULL,
    line INTEGER NOT NULL,
    page INTEGER,
    bbox TEXT,
    "table" TEXT NOT NULL,
    table_number TEXT,
    item INTEGER NOT NULL,
    code TEXT,
    label TEXT NOT NULL,
    name TEXT NOT NULL,
    level INTEGER NOT NULL,
    parent INTEGER,
    side TEXT,
    "values" TEXT NOT NULL,
    unit TEXT,
    verified INTEGER,
    repairs TEXT NOT NULL
);
CREATE TABLE line_item_values (
    line_item_id INTEGER NOT NULL REFERENCES line_items(id),
    position INTEGER NOT NULL,
    "column" TEXT NOT NULL,
    value TEXT,
    PRIMARY KEY (line_item_id, position)
);
CREATE TABLE diagnostics (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    source TEXT NOT NULL,
    line INTEGER,
    page INTEGER,
    bbox TEXT,
    lines TEXT NOT NULL,
    severity TEXT NOT NULL,
    code TEXT NOT NULL,
    message TEXT NOT NULL
);
"#;

/// The indexes, built by `finish` once every row is in. The primary key of
/// `line_item_values` (`line_item_id` first) already indexes `line_item_id`.
pub const INDEXES: &str = "
CREATE INDEX projects_document_id ON projects(document_id);
CREATE INDEX projects_name ON projects(name);
CREATE INDEX amounts_project_id ON amounts(project_id);
CREATE INDEX indicators_document_id ON indicators(document_id);
CREATE INDEX indicators_project ON indicators(project);
CREATE INDEX line_items_document_id ON line_items(document_id);
CREATE INDEX line_items_code ON line_items(code);
CREATE INDEX diagnostics_document_id ON diagnostics(document_id);
CREATE INDEX diagnostics_code ON diagnostics(code);
";

/// Settings for a private file that becomes visible only by rename: no
/// rollback journal and no fsync per commit (durability comes from the
/// rename after a successful commit), and foreign keys checked on insert.
const PRAGMAS: &str = "
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA foreign_keys = ON;
";

/// A table rows are inserted into: its key columns, then the record columns
/// of [`rows`] it keeps, in that order.
#[derive(Debug)]
struct TableSpec {
    name: &'static str,
    keys: &'static [&'static str],
    columns: &'static [&'static str],
    /// Record columns that have no place in the table.
    omit: &'static [&'static str],
}

const WITH_DOCUMENT: &[&str] = &["id", "document_id"];

const DOCUMENTS: TableSpec = TableSpec::new("documents", &["id"], &rows::DOCUMENT_COLUMNS)
    // Always null: a document has no single line.
    .omitting(&["line"]);
const PROJECTS: TableSpec = TableSpec::new("projects", WITH_DOCUMENT, &rows::PROJECT_COLUMNS)
    // In their own table.
    .omitting(&["amounts"]);
const AMOUNTS: TableSpec = TableSpec::new("amounts", &["id", "project_id"], &rows::AMOUNT_COLUMNS);
const INDICATORS: TableSpec = TableSpec::new("indicators", WITH_DOCUMENT, &rows::INDICATOR_COLUMNS);
const LINE_ITEMS: TableSpec = TableSpec::new("line_items", WITH_DOCUMENT, &rows::LINE_ITEM_COLUMNS);
const LINE_ITEM_VALUES: TableSpec = TableSpec::new(
    "line_item_values",
    &["line_item_id"],
    &["position", "column", "value"],
);
const DIAGNOSTICS: TableSpec =
    TableSpec::new("diagnostics", WITH_DOCUMENT, &rows::DIAGNOSTIC_COLUMNS);

impl TableSpec {
    /// A table with `keys` then every one of `columns`.
    const fn new(
        name: &'static str,
        keys: &'static [&'static str],
        columns: &'static [&'static str],
    ) -> TableSpec {
        TableSpec {
            name,
            keys,
            columns,
            omit: &[],
        }
    }

    /// The same table without the record columns `omit`.
    const fn omitting(self, omit: &'static [&'static str]) -> TableSpec {
        TableSpec { omit, ..self }
    }

    /// The columns written, in order.
    fn kept(&self) -> impl Iterator<Item = &'static str> + '_ {
        let columns = self.columns.iter().filter(|c| !self.omit.contains(c));
        self.keys.iter().chain(columns).copied()
    }

    /// The INSERT statement, every column name quoted (some are keywords).
    fn insert_sql(&self) -> String {
        let names: Vec<String> = self.kept().map(|c| format!("\"{c}\"")).collect();
        let marks: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
        format!(
            "INSERT INTO {} ({}) VALUES ({})",
            self.name,
            names.join(", "),
            marks.join(", ")
        )
    }
}

/// A table with its INSERT statement, built once (the statement cache is
/// keyed by the SQL text).
#[derive(Debug)]
struct Table {
    spec: &'static TableSpec,
    sql: String,
}

impl From<&'static TableSpec> for Table {
    fn from(spec: &'static TableSpec) -> Table {
        Table {
            spec,
            sql: spec.insert_sql(),
        }
    }
}

/// Writes the records into one SQLite database.
#[derive(Debug)]
pub struct SqliteSink {
    progress: Progress,
    // Declared before `staged` so the connection is closed before the
    // temporary file is removed on drop.
    db: Db,
    staged: Staged,
}

/// The open database and its insert statements.
#[derive(Debug)]
struct Db {
    conn: Connection,
    /// The final path, for error messages.
    path: String,
    documents: Table,
    projects: Table,
    amounts: Table,
    indicators: Table,
    line_items: Table,
    line_item_values: Table,
    diagnostics: Table,
}

impl SqliteSink {
    /// Starts writing the database that [`Sink::finish`] will move to
    /// `path` (replacing any file there). Creates the folder if needed.
    pub fn create(path: &Path) -> Result<SqliteSink, SinkError> {
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
        create_dir(dir.unwrap_or(Path::new(".")))?;
        let staged = Staged::new(path)?;
        let shown = path.display().to_string();
        let conn = Connection::open(staged.tmp())
            .map_err(sqlite_error(&shown, "creating the database"))?;
        let setup = format!(
            "{PRAGMAS} PRAGMA user_version = {SCHEMA_VERSION}; BEGIN; {SCHEMA}
             INSERT INTO meta VALUES ('schema_version', '{SCHEMA_VERSION}'),
                                     ('tool_version', '{}');",
            env!("CARGO_PKG_VERSION")
        );
        conn.execute_batch(&setup)
            .map_err(sqlite_error(&shown, "creating the schema"))?;
        let db = Db {
            conn,
            path: shown.clone(),
            documents: Table::from(&DOCUMENTS),
            projects: Table::from(&PROJECTS),
            amounts: Table::from(&AMOUNTS),
            indicators: Table::from(&INDICATORS),
            line_items: Table::from(&LINE_ITEMS),
            line_item_values: Table::from(&LINE_ITEM_VALUES),
            diagnostics: Table::from(&DIAGNOSTICS),
        };
        Ok(SqliteSink {
            progress: Progress::default(),
            db,
            staged,
        })
    }

    /// Records which build wrote the database (`meta.tool_version`), more
    /// precisely than the package version alone: a nightly job can then
    /// tell databases from two builds of the same version apart.
    pub fn with_tool(self, tool: &str) -> Result<SqliteSink, SinkError> {
        self.db
            .conn
            .execute("UPDATE meta SET value = ?1 WHERE key = 'tool_version'", [tool])
            .map_err(sqlite_error(&self.db.path, "recording the tool version"))?;
        Ok(self)
    }
}

impl Sink for SqliteSink {
    fn write(&mut self, file: FileRecords<'_>) -> Result<(), SinkError> {
        self.progress.write(file, &mut self.db)
    }

    fn finish(self: Box<Self>) -> Result<(), SinkError> {
        let SqliteSink {
            progress,
            db,
            staged,
        } = *self;
        progress.check_complete(&db.path)?;
        db.conn
            .execute_batch(INDEXES)
            .map_err(sqlite_error(&db.path, "building the indexes"))?;
        db.conn
            .execute_batch("COMMIT")
            .map_err(sqlite_error(&db.path, "committing"))?;
        db.conn
            .close()
            .map_err(|(_, e)| e)
            .map_err(sqlite_error(&db.path, "closing"))?;
        staged.sync()?;
        staged.publish()
    }
}

/// Turns an SQLite error into one naming the database and what was being
/// done.
fn sqlite_error<'a>(
    path: &'a str,
    doing: &'a str,
) -> impl FnOnce(rusqlite::Error) -> SinkError + 'a {
    move |source| SinkError::Sqlite {
        path: path.to_owned(),
        doing: doing.to_owned(),
        source,
    }
}

impl Db {
    /// Inserts one row: `keys` then the record's `cells` that the table keeps.
    /// `input` names the input file in the error message.
    fn insert(
        &self,
        table: &Table,
        input: &str,
        keys: &[Cell<'_>],
        cells: &[Cell<'_>],
    ) -> Result<(), SinkError> {
        let spec = table.spec;
        let kept = spec
            .columns
            .iter()
            .zip(cells)
            .filter(|(c, _)| !spec.omit.contains(c));
        let values = keys.iter().chain(kept.map(|(_, cell)| cell));
        self.conn
            .prepare_cached(&table.sql)
            .and_then(|mut statement| statement.execute(rusqlite::params_from_iter(values)))
            .map(|_| ())
            .map_err(|source| SinkError::Sqlite {
                path: self.path.clone(),
                doing: format!("adding a row to {} for {input}", spec.name),
                source,
            })
    }
}

impl RowSink for Db {
    fn document(&mut self, id: i64, d: &Document) -> Result<(), SinkError> {
        self.insert(
            &self.documents,
            &d.source,
            &[Cell::Int(id)],
            &rows::document_cells(d),
        )
    }

    fn project(&mut self, id: i64, document_id: i64, p: &Project) -> Result<(), SinkError> {
        let keys = [Cell::Int(id), Cell::Int(document_id)];
        self.insert(&self.projects, &p.source, &keys, &rows::project_cells(p))
    }

    fn amount(
        &mut self,
        id: i64,
        owner: AmountOwner<'_>,
        position: usize,
        a: &Amount,
    ) -> Result<(), SinkError> {
        let keys = [Cell::Int(id), Cell::Int(owner.project_id)];
        self.insert(
            &self.amounts,
            owner.source,
            &keys,
            &rows::amount_cells(position, a),
        )
    }

    fn indicator(&mut self, id: i64, document_id: i64, i: &Indicator) -> Result<(), SinkError> {
        let keys = [Cell::Int(id), Cell::Int(document_id)];
        self.insert(
            &self.indicators,
            &i.source,
            &keys,
            &rows::indicator_cells(i),
        )
    }

    fn line_item(&mut self, id: i64, document_id: i64, l: &LineItem) -> Result<(), SinkError> {
        let keys = [Cell::Int(id), Cell::Int(document_id)];
        self.insert(
            &self.line_items,
            &l.source,
            &keys,
            &rows::line_item_cells(l),
        )?;
        // One row per column, so SQL can sum a column without parsing JSON.
        for (position, (column, value)) in l.values.iter().enumerate() {
            let position = i64::try_from(position).unwrap_or(i64::MAX);
            let cells = [
                Cell::Int(position),
                Cell::Text(column),
                rows::value_cell(value),
            ];
            self.insert(&self.line_item_values, &l.source, &[Cell::Int(id)], &cells)?;
        }
        Ok(())
    }

    fn diagnostic(&mut self, id: i64, document_id: i64, d: &Diagnostic) -> Result<(), SinkError> {
        let keys = [Cell::Int(id), Cell::Int(document_id)];
        self.insert(
            &self.diagnostics,
            &d.source,
            &keys,
            &rows::diagnostic_cells(d),
        )
    }
}

impl ToSql for Cell<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Cell::Null => ToSqlOutput::Owned(Value::Null),
            Cell::Int(n) => ToSqlOutput::Owned(Value::Integer(*n)),
            Cell::Real(x) => ToSqlOutput::Owned(Value::Real(*x)),
            Cell::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Cell::Json(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The column names SQLite reports for `table`.
    fn table_columns(conn: &Connection, table: &str) -> Vec<String> {
        let mut statement = conn
            .prepare(&format!("PRAGMA table_info({table})"))
            .unwrap();
        let names = statement
            .query_map([], |row| row.get::<_, String>(1))
            .unwrap();
        names.map(Result::unwrap).collect()
    }

    #[test]
    fn schema_columns_are_the_ones_inserted() {
        // SCHEMA is written out for readers; the inserts are built from the
        // row columns. This keeps the two the same, in the same order.
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(SCHEMA).unwrap();
        conn.execute_batch(INDEXES).unwrap();
        let specs = [
            &DOCUMENTS,
            &PROJECTS,
            &AMOUNTS,
            &INDICATORS,
            &LINE_ITEMS,
            &LINE_ITEM_VALUES,
            &DIAGNOSTICS,
        ];
        for spec in specs {
            let kept: Vec<&str> = spec.kept().collect();
            assert_eq!(table_columns(&conn, spec.name), kept, "{}", spec.name);
        }
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            tables,
            specs.len() as i64 + 1,
            "every table but meta has a spec"
        );
    }

    #[test]
    fn insert_sql_quotes_every_column() {
        assert_eq!(
            LINE_ITEM_VALUES.insert_sql(),
            r#"INSERT INTO line_item_values ("line_item_id", "position", "column", "value") VALUES (?1, ?2, ?3, ?4)"#
        );
    }
}
