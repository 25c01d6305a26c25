//! The pieces of the `budget-extract` command, as a library so the binary
//! and the tests share them: finding input files ([`inputs`]) and choosing a
//! shard of them ([`shard`]), extracting each without letting one bad file
//! stop the others ([`run`]), in parallel and in input order ([`ordered`]),
//! driving a whole run ([`batch`]) with progress ([`progress`]) and
//! incremental state ([`state`]), writing JSON Lines ([`output`]), counting
//! what came out ([`summary`]), comparing against golden files ([`golden`]),
//! scoring each file's extraction ([`scorecard`]), and the test hooks
//! ([`hooks`]).
#![forbid(unsafe_code)]

pub mod batch;
pub mod encode;
pub mod golden;
pub mod hooks;
pub mod inputs;
pub mod ordered;
pub mod output;
pub mod progress;
pub mod run;
pub mod scorecard;
pub mod shard;
pub mod state;
pub mod summary;
