//! Project names that change spelling within a document.
//!
//! Conversion and careless typing give one project several spellings
//! (`各平台维保费` / `各平台维护保费`, `…改版(结转)` / `…改版项目(结转)`).
//! Two names are taken for one project when one is the other with
//! characters inserted (a subsequence, at least 70% of the longer) AND their
//! goal texts agree (90% in common), so that two different projects with
//! similar names (different goals) stay apart. The spelling a project table
//! uses wins; otherwise the first one seen. Every indicator whose project
//! name was changed records the repair, and the project keeps the variants.
use std::collections::BTreeMap;
use std::sync::Arc;

use crate::{Layout, TableKind};

/// The share of characters two names have in common, in order (LCS length
/// over the longer length; 1.0 for equal names), when it is at least `min`,
/// else `None`. The common characters cannot outnumber the shorter name's,
/// so names of lengths far apart are told apart by their lengths alone,
/// without the LCS.
pub fn name_similarity_at_least(a: &str, b: &str, min: f64) -> Option<f64> {
    // Every project name is compared with every other: equal names (most
    // pairs that matter, empty ones too) need no LCS.
    if a == b {
        return (1.0 >= min).then_some(1.0);
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    let longest = la.max(lb) as f64;
    if (la.min(lb) as f64) / longest < min {
        return None;
    }
    // rapidfuzz finds the LCS a machine word of characters at a time rather
    // than one table cell at a time.
    let common = rapidfuzz::distance::lcs_seq::similarity(a.chars(), b.chars());
    Some(common as f64 / longest).filter(|&s| s >= min)
}

fn is_subsequence(short: &str, long: &str) -> bool {
    let mut it = long.chars();
    short.chars().all(|c| it.any(|d| d == c))
}

fn are_variants(a: &str, b: &str) -> bool {
    let (short, long) = if a.chars().count() <= b.chars().count() { (a, b) } else { (b, a) };
    a != b && is_subsequence(short, long) && short.chars().count() * 10 >= long.chars().count() * 7
}

/// Reconciles project spellings across the indicator rows of a document.
pub(crate) fn reconcile(out: &mut Layout) {
    let anchors: Vec<String> = out
        .projects
        .iter()
        .filter(|p| out.tables.get(p.table).is_some_and(|t| t.kind == TableKind::Projects))
        .map(|p| p.name.clone())
        .collect();
    // Goal text per name, from the project rows of indicator tables.
    let mut goals: BTreeMap<String, String> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for p in out.projects.iter().filter(|p| out.tables.get(p.table).is_some_and(|t| t.kind == TableKind::Indicators)) {
        if !order.contains(&p.name) {
            order.push(p.name.clone());
        }
    }
    for ind in &out.indicators {
        if let Some(name) = &ind.project {
            if !goals.contains_key(&**name) && !ind.goal.is_empty() {
                goals.insert(name.to_string(), ind.goal.clone());
            }
        }
    }
    let mut canonical: BTreeMap<String, String> = BTreeMap::new();
    for (i, later) in order.iter().enumerate() {
        if canonical.contains_key(later) {
            continue;
        }
        for earlier in &order[..i] {
            // The name test is cheap; the goal comparison (an LCS over long
            // texts) runs only for names that are variants.
            let goal_agree = || match (goals.get(earlier), goals.get(later)) {
                (Some(a), Some(b)) => name_similarity_at_least(a, b, 0.9).is_some(),
                _ => false,
            };
            if are_variants(earlier, later) && goal_agree() {
                let root = canonical.get(earlier).cloned().unwrap_or_else(|| earlier.clone());
                let chosen = if anchors.contains(later) { later.clone() } else { root.clone() };
                for name in [root, later.clone()] {
                    if name != chosen {
                        canonical.insert(name, chosen.clone());
                    }
                }
                break;
            }
        }
    }
    if canonical.is_empty() {
        return;
    }
    // One shared text per canonical name, as the readers share theirs.
    let shared: BTreeMap<&str, Arc<str>> = canonical.values().map(|to| (to.as_str(), Arc::from(to.as_str()))).collect();
    for ind in out.indicators.iter_mut() {
        if let Some(to) = ind.project.as_deref().and_then(|p| canonical.get(p)) {
            ind.project = Some(shared[to.as_str()].clone());
            ind.repairs.push("project-name-reconciled".into());
        }
    }
    for p in out.projects.iter_mut() {
        if let Some(to) = canonical.get(&p.name) {
            p.variants.push(std::mem::replace(&mut p.name, to.clone()));
            p.repairs.push("project-name-reconciled".into());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The share itself: none is below 0, so no pair is ruled out.
    fn name_similarity(a: &str, b: &str) -> f64 {
        name_similarity_at_least(a, b, 0.0).unwrap_or(0.0)
    }

    #[test]
    fn variants() {
        assert!(are_variants("各平台维保费", "各平台维护保费"));
        assert!(are_variants("预算国资监督系统维护实施经费", "预算国有资产监督系统维护实施经费"));
        assert!(!are_variants("办公设备购置", "人大代表履职培训支出"));
        assert!(name_similarity("abc", "abd") > 0.6);
        assert_eq!(name_similarity_at_least("abc", "abd", 0.6), Some(name_similarity("abc", "abd")));
        assert_eq!(name_similarity_at_least("abc", "abd", 0.7), None);
        // Lengths alone rule out 3 of 10 characters reaching 0.7.
        assert_eq!(name_similarity_at_least("abc", "abcdefghij", 0.7), None);
        assert_eq!(name_similarity_at_least("", "", 0.7), Some(1.0));
    }

    /// The LCS by the textbook table, one cell at a time.
    fn lcs_by_table(a: &str, b: &str) -> usize {
        let b: Vec<char> = b.chars().collect();
        let mut prev = vec![0usize; b.len() + 1];
        for ca in a.chars() {
            let mut cur = vec![0usize; b.len() + 1];
            for (j, &cb) in b.iter().enumerate() {
                cur[j + 1] = if ca == cb { prev[j] + 1 } else { cur[j].max(prev[j + 1]) };
            }
            prev = cur;
        }
        prev[b.len()]
    }

    proptest::proptest! {
        /// The library's LCS is the table's, for names of Chinese and ASCII
        /// characters shorter and longer than a machine word.
        #[test]
        fn similarity_is_the_lcs_over_the_longer_length(a in "[项目经费维护a-c]{0,90}", b in "[项目经费维护保a-c]{0,90}") {
            let longest = a.chars().count().max(b.chars().count());
            let expected = if a == b { 1.0 } else { lcs_by_table(&a, &b) as f64 / longest as f64 };
            proptest::prop_assert_eq!(name_similarity(&a, &b), expected);
        }
    }
}
