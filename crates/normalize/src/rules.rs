//! The normalization mapping (to be completed).

/// Normalizes one cell's text.
pub fn normalize(s: &str) -> String {
    s.trim().to_string()
}
