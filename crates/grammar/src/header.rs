//! Header vocabulary: which column a header cell names.
//!
//! Tables are found and their columns mapped by these words, never by
//! column counts or positions. Header cells are matched after
//! normalization, so `项 目` and `项目` are the same word.

/// Which block of a two-block indicator table a column belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// 总体 (multi-year) targets.
    Overall,
    /// 年度 (annual) targets.
    Annual,
}

/// What a header cell names.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Field {
    /// 序号.
    Seq,
    /// 单位名称, 单位, 主管部门, 部门 — the spending unit. (A bare `单位` right
    /// after a value column means the unit of measure; layout resolves that.)
    Department,
    /// 一级项目(名称).
    ParentProject,
    /// 项目名称, 二级项目(名称), 项目实施单位及项目名称.
    Project,
    /// 项目概况.
    Overview,
    /// 绩效目标 text.
    Goal(Option<Scope>),
    /// 一级指标.
    Level1(Option<Scope>),
    /// 二级指标.
    Level2(Option<Scope>),
    /// 三级指标, 指标名称, 明细指标.
    Name(Option<Scope>),
    /// 计算符号, 运算符, 指标符号.
    Op(Option<Scope>),
    /// 指标值, 年度目标值.
    Value(Option<Scope>),
    /// 计量单位, 指标单位.
    Unit(Option<Scope>),
    /// 权重.
    Weight(Option<Scope>),
    /// 备注, 指标描述.
    Note(Option<Scope>),
    /// 科目编码, 编码.
    Code,
    /// 类 / 款 / 项: one part of a code split over columns.
    CodePart(u8),
    /// 科目名称, 项目 (the row label of a budget table).
    Label,
    /// A money column: 合计, 预算数, 一般公共预算, 基本支出 … (the header text is its label).
    Amount,
    /// 收入 / 支出: the title over one side of a two-sided table.
    Side(bool),
}

fn scope_of(s: &str) -> (Option<Scope>, &str) {
    for (prefix, scope) in [("总体绩效", Scope::Overall), ("年度绩效", Scope::Annual), ("总体", Scope::Overall)] {
        if let Some(rest) = s.strip_prefix(prefix) {
            if !rest.is_empty() {
                return (Some(scope), rest);
            }
        }
    }
    (None, s)
}

/// Strips a bracketed unit and trailing `名称` from a header word.
fn stem(s: &str) -> &str {
    let s = s
        .strip_suffix("(万元)")
        .or_else(|| s.strip_suffix("(元)"))
        .unwrap_or(s);
    s
}

/// Names the column a header cell stands for, or `None` when the text is not
/// header vocabulary.
pub fn header_field(cell: &str) -> Option<Field> {
    // Every cell of every row is asked; most are figures or long texts. No
    // header word is longer than a scope prefix, a 16-character money label
    // and a bracketed unit: 24 characters (at most 4 bytes each). None holds
    // a digit: a figure is turned away at its first byte, and the words
    // matched whole below cannot match a text with a digit anywhere, so
    // only the arms that match by suffix scan for one.
    if cell.len() > MAX_HEADER_CHARS * 4 || cell.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let (scope, rest) = scope_of(cell);
    let w = stem(rest);
    let f = match w {
        "序号" => Field::Seq,
        "单位名称" | "单位" | "主管部门" | "部门" | "部门名称" | "实施单位" | "预算单位" => Field::Department,
        "一级项目名称" | "一级项目" => Field::ParentProject,
        "项目名称" | "二级项目名称" | "二级项目" | "项目实施单位及项目名称" => Field::Project,
        "项目概况" => Field::Overview,
        "绩效目标" | "年度绩效目标" | "总体绩效目标" | "目标" => Field::Goal(scope.or(match w {
            "年度绩效目标" => Some(Scope::Annual),
            "总体绩效目标" => Some(Scope::Overall),
            _ => None,
        })),
        "一级指标" | "一级指标名称" => Field::Level1(scope),
        "二级指标" | "二级指标名称" => Field::Level2(scope),
        "三级指标" | "三级指标名称" | "指标名称" | "明细指标" | "绩效指标名称" => Field::Name(scope),
        "计算符号" | "运算符" | "指标符号" | "符号" => Field::Op(scope),
        "指标值" | "年度目标值" | "目标值" | "年度指标值" | "年度(/项目)指标值" | "指标目标值" => Field::Value(scope),
        "计量单位" | "指标单位" | "度量单位" => Field::Unit(scope),
        "权重" | "指标权重" | "分值" => Field::Weight(scope),
        "备注" | "指标描述" | "指标说明" => Field::Note(scope),
        // 科目编码, 功能科目编码, 部门预算经济分类科目编码, 项目编码 …
        _ if w.ends_with("编码") && w.chars().count() <= 12 && !has_digit(w) => Field::Code,
        // Group titles over the code and name columns (经济分类科目, 部门预算经济分类科目).
        _ if w.ends_with("分类科目") && w.chars().count() <= 12 && !has_digit(w) => Field::Code,
        "类" => Field::CodePart(1),
        "款" => Field::CodePart(2),
        "项" => Field::CodePart(3),
        // 科目名称, 功能科目名称, 部门经济分类科目名称, 支出功能分类科目名称 …
        "项目" => Field::Label,
        _ if w.ends_with("科目名称") && w.chars().count() <= 12 && !has_digit(w) => Field::Label,
        // Other row-label columns: 专项名称, 采购物品名称, 经济科目, 采购品目大类.
        _ if ["名称", "科目", "品目", "大类"].iter().any(|e| w.ends_with(e)) && w.chars().count() <= 8 && !has_digit(w) => Field::Label,
        "收入" | "本年收入" if scope.is_none() && cell == w => Field::Side(true),
        "支出" | "本年支出" if scope.is_none() && cell == w => Field::Side(false),
        _ if is_amount_header(w) && !has_digit(w) => Field::Amount,
        _ => return None,
    };
    // A label with an ordinal (`八、社会保障和就业支出`, `1.一般公共预算`)
    // is a data row's name, never a column: its words end like money
    // columns' (支出, 收入), and read as such they ended tables early.
    // Asked last: only of the few cells that matched a header word.
    (!starts_with_ordinal(cell)).then_some(f)
}

/// True when a cell starts with an ordinal: `一、`, `十二、`, `1.`, `2、`,
/// `(一)`, `(1)` (brackets are half-width after normalization).
pub fn starts_with_ordinal(s: &str) -> bool {
    const CN: &str = "一二三四五六七八九十";
    let inner = s.strip_prefix('(');
    let body = inner.unwrap_or(s);
    let n = body.char_indices().find(|(_, c)| !(CN.contains(*c) || c.is_ascii_digit())).map_or(body.len(), |(i, _)| i);
    if n == 0 {
        return false;
    }
    let digits = body[..n].bytes().all(|b| b.is_ascii_digit());
    let chinese = body[..n].chars().all(|c| CN.contains(c));
    if !(digits || chinese) {
        return false;
    }
    let rest = &body[n..];
    match inner {
        Some(_) => rest.starts_with(')'),
        None => rest.starts_with('、') || (rest.starts_with(['.', '．']) && !rest[1..].starts_with(|c: char| c.is_ascii_digit())),
    }
}

/// True when `s` holds an ASCII digit (the scope prefix and unit suffix a
/// header cell may carry hold none, so this of the stem is this of the cell).
fn has_digit(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_digit())
}

/// Longest money-column label, in characters.
const MAX_AMOUNT_CHARS: usize = 16;
/// Longest header cell, in characters: scope prefix, label, unit.
const MAX_HEADER_CHARS: usize = 4 + MAX_AMOUNT_CHARS + 4;

/// True for a money-column header: 合计, 总计, 预算数, 一般公共预算, 基本支出,
/// 人员经费, 上年结转结余, 公务接待费 …
fn is_amount_header(w: &str) -> bool {
    // The caller rules out digits; count the characters once.
    let chars = w.chars().count();
    if chars > MAX_AMOUNT_CHARS {
        return false;
    }
    const EXACT: &[&str] = &["合计", "总计", "小计", "金额", "预算数", "决算数", "预算金额", "一般公共预算", "政府性基金", "政府性基金预算",
        "国有资本经营预算", "专户资金", "财政专户管理资金", "单位资金", "其他资金", "其他收入", "事业收入"];
    const SUFFIXES: &[&str] = &["合计", "总计", "支出", "收入", "经费", "费用", "资金", "结余", "预算", "拨款", "费", "金额", "预算数", "决算数"];
    EXACT.contains(&w) || (chars >= 2 && SUFFIXES.iter().any(|s| w.ends_with(s)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indicator_headers() {
        assert_eq!(header_field("三级指标"), Some(Field::Name(None)));
        assert_eq!(header_field("年度绩效三级指标名称"), Some(Field::Name(Some(Scope::Annual))));
        assert_eq!(header_field("总体绩效指标符号"), Some(Field::Op(Some(Scope::Overall))));
        assert_eq!(header_field("总体绩效目标"), Some(Field::Goal(Some(Scope::Overall))));
        assert_eq!(header_field("年度(/项目)指标值"), Some(Field::Value(None)));
        assert_eq!(header_field("预算金额(万元)"), Some(Field::Amount));
        assert_eq!(header_field("运算符"), Some(Field::Op(None)));
    }

    #[test]
    fn budget_headers() {
        assert_eq!(header_field("科目编码"), Some(Field::Code));
        assert_eq!(header_field("项目"), Some(Field::Label));
        assert_eq!(header_field("基本支出"), Some(Field::Amount));
        assert_eq!(header_field("上年结转结余"), Some(Field::Amount));
        assert_eq!(header_field("收入"), Some(Field::Side(true)));
        assert_eq!(header_field("部门预算经济分类科目"), Some(Field::Code));
        assert_eq!(header_field("一般公共服务支出"), Some(Field::Amount));
        assert_eq!(header_field("这是一段很长的叙述文字而不是表头因为它太长了"), None);
        assert_eq!(header_field("功能科目编码"), Some(Field::Code));
        assert_eq!(header_field("功能科目名称"), Some(Field::Label));
        assert_eq!(header_field("部门经济分类科目名称"), Some(Field::Label));
        assert_eq!(header_field("决算数"), Some(Field::Amount));
        assert_eq!(header_field("采购物品名称"), Some(Field::Label));
        assert_eq!(header_field("采购品目大类"), Some(Field::Label));
        assert_eq!(header_field("单位名称"), Some(Field::Department));
        assert_eq!(header_field("项目名称"), Some(Field::Project));
        assert_eq!(header_field("年初预算数"), Some(Field::Amount));
    }

    #[test]
    fn labels_with_an_ordinal_are_data_never_columns() {
        for cell in ["八、社会保障和就业支出", "二十一、其他支出", "1.一般公共预算", "(一)事业收入", "(2)其他收入"] {
            assert!(starts_with_ordinal(cell), "{cell}");
            assert_eq!(header_field(cell), None, "{cell}");
        }
        for cell in ["一般公共服务支出", "1.5", "一般公共预算", "十分"] {
            assert!(!starts_with_ordinal(cell), "{cell}");
        }
    }

    #[test]
    fn the_longest_header_words_pass_the_quick_rejection() {
        // A scope prefix, a 16-character money label and a unit: 24 characters.
        let label = "机关事业单位基本养老保险缴费经费";
        assert_eq!(label.chars().count(), MAX_AMOUNT_CHARS);
        assert_eq!(header_field(&format!("总体绩效{label}(万元)")), Some(Field::Amount));
        assert_eq!(header_field(&format!("{label}补")), None, "17 characters is no money label");
        assert_eq!(header_field("2024年预算数"), None, "a digit rules a cell out");
    }

    #[test]
    fn a_digit_anywhere_rules_a_cell_out() {
        // Figures are turned away at their first byte, words with a digit
        // inside by the suffix arms' own test: in front of a scope prefix,
        // inside the stem, or before a unit.
        for cell in ["预算2024年合计", "总体绩效第2季度支出", "第3分类科目", "科目编码2", "合计1(万元)", "12"] {
            assert_eq!(header_field(cell), None, "{cell}");
        }
        assert_eq!(header_field("年度绩效合计(万元)"), Some(Field::Amount));
    }
}
