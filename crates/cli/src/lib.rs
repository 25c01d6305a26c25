//! The pieces of the `budget-extract` command, as a library so the binary
//! and the tests share them: finding input files ([`inputs`]), extracting
//! them in parallel without letting one bad file stop the others ([`run`]),
//! writing JSON Lines ([`output`]), counting what came out ([`summary`]) and
//! comparing against golden files ([`golden`]).
#![forbid(unsafe_code)]

pub mod golden;
pub mod inputs;
pub mod output;
pub mod run;
pub mod summary;
