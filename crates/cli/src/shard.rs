//! `--shard K/N`: a deterministic share of the inputs, so N machines (a
//! Slurm array job, a Kubernetes indexed Job) cover one archive with no
//! file extracted twice and none left out.
//!
//! An input belongs to shard `K` when the BLAKE3 hash of its relative path
//! (`/`-separated, as the folder walk found it) taken modulo `N` is `K - 1`.
//! The hash depends on the path alone, not on the other files, so a file's
//! shard does not change when the archive grows, and every machine computes
//! the same split without talking to the others. Shards are only roughly
//! equal in size (a hash, not a partition by count).
#![forbid(unsafe_code)]

use std::fmt;
use std::num::NonZeroU32;
use std::str::FromStr;

use crate::inputs::Input;

/// Shard `index` of `count` (1-based); `index <= count` always holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    index: NonZeroU32,
    count: NonZeroU32,
}

impl Shard {
    /// Shard `index` of `count`, or `None` unless `1 <= index <= count`.
    pub fn new(index: u32, count: u32) -> Option<Shard> {
        let (index, count) = (NonZeroU32::new(index)?, NonZeroU32::new(count)?);
        (index <= count).then_some(Shard { index, count })
    }

    /// Whether the input falls in this shard.
    pub fn contains(&self, input: &Input) -> bool {
        // Fixed separators, so Windows and Unix machines split alike.
        let key = input.relative.to_string_lossy().replace('\\', "/");
        let hash = blake3::hash(key.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&hash.as_bytes()[..8]);
        u64::from_le_bytes(first) % u64::from(self.count.get()) == u64::from(self.index.get() - 1)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Shard, String> {
        let bad = || format!("expected K/N with 1 <= K <= N (such as 3/8), got {text:?}");
        let (k, n) = text.split_once('/').ok_or_else(bad)?;
        let (k, n) = (k.trim().parse().map_err(|_| bad())?, n.trim().parse().map_err(|_| bad())?);
        Shard::new(k, n).ok_or_else(bad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_k_of_n() {
        assert_eq!("2/3".parse::<Shard>().unwrap().to_string(), "2/3");
        for bad in ["0/3", "4/3", "1/0", "3", "a/b", "1/2/3", "-1/2", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn shards_partition_the_inputs() {
        let inputs: Vec<Input> =
            (0..200).map(|i| Input { path: format!("x/{i}.txt").into(), relative: format!("{i}.txt").into() }).collect();
        let shards: Vec<Shard> = (1..=3).map(|k| Shard::new(k, 3).unwrap()).collect();
        for input in &inputs {
            assert_eq!(shards.iter().filter(|s| s.contains(input)).count(), 1, "{input:?}");
        }
        // Every shard gets some: the hash spreads.
        assert!(shards.iter().all(|s| inputs.iter().filter(|i| s.contains(i)).count() > 40));
    }
}
