//! [`Texts`]: a list of short strings packed into one buffer.
//!
//! A row holds ten or twenty cells of a few characters each. As one
//! `String` per cell that was two allocations per cell (raw and normalized)
//! and, on text dumps, most of the time spent turning lines into rows. Packed,
//! a row's texts take two allocations whatever their number.
use std::fmt;
use std::iter::FusedIterator;

use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, SerializeSeq, Serializer};

/// Strings stored end to end in one buffer, with where each ends.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Texts {
    buf: String,
    /// End of string `i` in `buf`; string `i` starts where `i - 1` ends.
    ends: Vec<usize>,
}

impl Texts {
    /// An empty list with room for `strings` strings of `bytes` bytes in all.
    pub fn with_capacity(strings: usize, bytes: usize) -> Texts {
        Texts { buf: String::with_capacity(bytes), ends: Vec::with_capacity(strings) }
    }

    /// The first `n` strings, in a list with room for as many strings and
    /// bytes as this one holds (the rest of a row is appended to it).
    pub fn prefix(&self, n: usize) -> Texts {
        let n = n.min(self.len());
        let end = n.checked_sub(1).map_or(0, |last| self.ends[last]);
        let mut prefix = Texts::with_capacity(self.len(), self.bytes());
        prefix.buf.push_str(&self.buf[..end]);
        prefix.ends.extend_from_slice(&self.ends[..n]);
        prefix
    }

    /// The index of the string that holds byte `at` of the buffer, or the
    /// number of strings when `at` is past the end (an empty string holds no
    /// byte).
    pub fn index_of_byte(&self, at: usize) -> usize {
        self.ends.partition_point(|&end| end <= at)
    }

    /// Appends one string.
    #[inline]
    pub fn push(&mut self, s: &str) {
        self.buf.push_str(s);
        self.ends.push(self.buf.len());
    }

    /// Appends the normalized form of `raw` (see [`crate::normalize`]),
    /// written straight into the buffer.
    #[inline]
    pub fn push_normalized(&mut self, raw: &str) {
        crate::normalize_into(&mut self.buf, raw);
        self.ends.push(self.buf.len());
    }

    /// Length of all the strings together, in bytes.
    #[inline]
    pub fn bytes(&self) -> usize {
        self.buf.len()
    }

    /// All the strings end to end, with nothing between them.
    #[inline]
    pub fn concatenated(&self) -> &str {
        &self.buf
    }

    /// Number of strings.
    #[inline]
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when the list holds no string.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// String `i`, or `None` past the end.
    #[inline]
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.buf.get(start..end)
    }

    /// The strings, in order.
    #[inline]
    pub fn iter(&self) -> Iter<'_> {
        Iter { buf: &self.buf, start: 0, ends: &self.ends }
    }
}

/// The strings of a [`Texts`], in order.
#[derive(Clone)]
pub struct Iter<'t> {
    buf: &'t str,
    /// Where the next string starts.
    start: usize,
    /// Ends of the strings not yet taken, from either end.
    ends: &'t [usize],
}

impl<'t> Iterator for Iter<'t> {
    type Item = &'t str;

    #[inline]
    fn next(&mut self) -> Option<&'t str> {
        let (&end, rest) = self.ends.split_first()?;
        let s = self.buf.get(self.start..end);
        (self.start, self.ends) = (end, rest);
        s
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.ends.len(), Some(self.ends.len()))
    }
}

impl DoubleEndedIterator for Iter<'_> {
    #[inline]
    fn next_back(&mut self) -> Option<Self::Item> {
        let (&end, rest) = self.ends.split_last()?;
        let start = rest.last().copied().unwrap_or(self.start);
        self.ends = rest;
        self.buf.get(start..end)
    }
}

impl ExactSizeIterator for Iter<'_> {}
impl FusedIterator for Iter<'_> {}

impl<'t> IntoIterator for &'t Texts {
    type Item = &'t str;
    type IntoIter = Iter<'t>;

    fn into_iter(self) -> Iter<'t> {
        self.iter()
    }
}

impl<S: AsRef<str>> FromIterator<S> for Texts {
    fn from_iter<I: IntoIterator<Item = S>>(strings: I) -> Texts {
        let strings = strings.into_iter();
        let mut texts = Texts::with_capacity(strings.size_hint().0, 0);
        for s in strings {
            texts.push(s.as_ref());
        }
        texts
    }
}

impl fmt::Debug for Texts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// A JSON array of strings, like the `Vec<String>` it stands for.
impl Serialize for Texts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for s in self {
            seq.serialize_element(s)?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for Texts {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Texts, D::Error> {
        Vec::<String>::deserialize(deserializer).map(Texts::from_iter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_come_back_as_pushed_empty_ones_included() {
        let texts: Texts = ["人大", "", "95", "", ""].into_iter().collect();
        assert_eq!(texts.len(), 5);
        assert_eq!(texts.iter().collect::<Vec<_>>(), ["人大", "", "95", "", ""]);
        assert_eq!(texts.iter().rev().collect::<Vec<_>>(), ["", "", "95", "", "人大"]);
        assert_eq!(texts.get(2), Some("95"));
        assert_eq!(texts.get(5), None);
        assert_eq!(texts.concatenated(), "人大95");
        assert!(Texts::default().is_empty());
    }

    #[test]
    fn a_byte_is_found_in_the_string_that_holds_it() {
        let texts: Texts = ["ab", "", "c", "", "de"].into_iter().collect();
        let holders: Vec<usize> = (0..=6).map(|at| texts.index_of_byte(at)).collect();
        // Empty strings hold no byte; past the end is the number of strings.
        assert_eq!(holders, [0, 0, 2, 4, 4, 5, 5]);
        assert_eq!(texts.prefix(3).iter().collect::<Vec<_>>(), ["ab", "", "c"]);
        assert_eq!(texts.prefix(9), texts);
    }

    #[test]
    fn normalized_strings_are_each_normalized_alone() {
        let mut texts = Texts::default();
        for raw in ["  ≧ ", "=90", "", "人大 代表", "1", "–5"] {
            texts.push_normalized(raw);
        }
        assert_eq!(texts.iter().collect::<Vec<_>>(), ["≥", "=90", "", "人大代表", "1", "–5"]);
    }

    #[test]
    fn serializes_as_an_array_of_strings_and_reads_back() {
        let texts: Texts = ["a\"b", "", "指标"].into_iter().collect();
        let json = serde_json::to_string(&texts).unwrap();
        assert_eq!(json, r#"["a\"b","","指标"]"#);
        assert_eq!(serde_json::from_str::<Texts>(&json).unwrap(), texts);
    }
}
