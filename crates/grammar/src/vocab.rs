//! Indicator-level vocabulary and the cell classifier used by layout repair.

use crate::{is_amount, is_stated_target, parse_op, parse_unit};

/// The type of a cell's content, as layout repair sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CellKind {
    /// Empty.
    Empty,
    /// Only a comparison operator (see [`parse_op`]).
    Op,
    /// Only a unit (see [`parse_unit`]).
    Unit,
    /// A bare number or amount.
    Number,
    /// A target with a comparison or unit inside (`≥6个`, `100%`, `=100(%)`,
    /// `1-5条`, `400元/天`, `2021年2月底前`, `≤上期会议经费`).
    Target,
    /// A 一级指标 word.
    Level1,
    /// A 二级指标 word.
    Level2,
    /// A short qualitative target word (`明显`, `达标`, `及时`, `健全` …).
    Qualitative,
    /// Any other text.
    Text,
}

/// True for a 一级指标 word: 产出指标, 效益指标, 满意度指标, 成本指标 (also without 指标).
pub fn is_level1(s: &str) -> bool {
    matches!(s, "产出指标" | "效益指标" | "满意度指标" | "成本指标" | "产出" | "效益" | "满意度" | "成本")
}

/// True for a 二级指标 word: 数量/质量/时效/成本指标, 时效性指标, 经济/社会/生态效益(指标),
/// 可持续影响(指标), 服务对象满意度(指标).
pub fn is_level2(s: &str) -> bool {
    let base = s.strip_suffix("指标").unwrap_or(s);
    matches!(
        base,
        "数量" | "质量" | "时效" | "时效性" | "成本" | "经济成本" | "社会成本" | "生态环境成本"
            | "经济效益" | "社会效益" | "生态效益" | "可持续影响" | "服务对象满意度"
    )
}

/// True for a short word that is typically a qualitative target.
pub fn is_qualitative_word(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "健全", "及时", "明显", "达标", "良好", "提升", "规范", "保障", "有效", "是", "否", "完善", "较高",
        "高", "优良", "提高", "加强", "实现", "应用", "共享", "公开", "推动", "相符", "完备", "弘扬", "及时有效",
        "显著", "稳定", "合规", "合格", "满意", "正常", "准确", "完成", "有所提升", "运行良好", "持续", "改善",
    ];
    // Most cells asked are indicator names, longer than any of the words:
    // one length test turns them away before the list is walked.
    const LONGEST: usize = {
        let (mut i, mut max) = (0, 0);
        while i < WORDS.len() {
            if WORDS[i].len() > max {
                max = WORDS[i].len();
            }
            i += 1;
        }
        max
    };
    s.len() <= LONGEST && WORDS.contains(&s)
}

/// Classifies a normalized cell.
pub fn classify(s: &str) -> CellKind {
    if s.is_empty() {
        return CellKind::Empty;
    }
    // The commonest cell, a plain figure, is none of the words below.
    if s.len() <= 28 && crate::is_plain_decimal(s) {
        return CellKind::Number;
    }
    if parse_op(s).is_some() {
        return CellKind::Op;
    }
    if is_level1(s) {
        return CellKind::Level1;
    }
    if is_level2(s) {
        return CellKind::Level2;
    }
    if is_amount(s) {
        return CellKind::Number;
    }
    if parse_unit(s).is_some() {
        return CellKind::Unit;
    }
    if is_qualitative_word(s) {
        return CellKind::Qualitative;
    }
    if is_stated_target(s) {
        return CellKind::Target;
    }
    CellKind::Text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualitative_words_are_whole_words_of_any_length_in_the_list() {
        for word in ["是", "健全", "有所提升", "运行良好", "及时有效"] {
            assert!(is_qualitative_word(word), "{word}");
        }
        for other in ["", "有所提升了", "运行良好率", "工作运行良好", "及"] {
            assert!(!is_qualitative_word(other), "{other}");
        }
    }
}
