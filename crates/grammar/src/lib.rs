//! Parsers for the cells of budget tables, written with `nom`.
//!
//! Every function here takes the *normalized* text of one cell (see
//! `budget-normalize`: half-width ASCII, `≥`/`≤` for the compatibility forms,
//! no spaces between CJK characters, trimmed) and returns a typed value, or
//! `None` when the cell is not of that form. Nothing here does I/O.
//!
//! The cell forms are the ones listed under "Vocabulary" in the field guide
//! (`docs/domain.md`); `tests/spec/targets.txt` lists cell texts and the
//! parse each must give.
#![forbid(unsafe_code)]

mod header;
mod number;
mod target;
mod vocab;

pub use header::{header_field, starts_with_ordinal, Field, Scope};
pub use number::{amount_value, is_amount, is_plain_decimal, parse_amount, parse_code, parse_date, parse_number, Amount};
pub use target::{is_stated_target, parse_op, parse_target, parse_unit, split_name_unit, Op, Target, TargetForm};
pub use vocab::{classify, is_level1, is_level2, is_qualitative_word, CellKind};
