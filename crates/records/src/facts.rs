//! What a document says about itself: fiscal year, budget or final
//! accounts, department or unit, the body it is about and its region, read
//! from its title page and headings (`东海市南湖区财政局2024年度部门决算`,
//! `西江省委办公厅2019年度部门预算公开`, `部门:中共西江省委办公厅`).
//!
//! Each fact is null when the opening lines do not state it: a guess would
//! be worse than nothing for users who group records by these fields.
use budget_normalize::Row;

/// How many non-blank lines from the top may hold the title.
const OPENING_LINES: usize = 40;

/// The facts of one document.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Facts {
    pub year: Option<u16>,
    pub budget_kind: Option<String>,
    pub scope: Option<String>,
    pub body: Option<String>,
    pub region: Option<String>,
}

/// Reads the facts from the opening lines, each with its cells run together
/// (PDF conversion splits `2024 | 年度部门决算`), and from the table titles
/// when the file is tables only.
pub(crate) fn facts<'t>(rows: &[Row], mut titles: impl Iterator<Item = &'t str>) -> Facts {
    let lines: Vec<String> = rows.iter().filter(|r| !r.is_blank()).take(OPENING_LINES).map(|r| r.texts().collect::<String>()).collect();
    // A cover title broken over lines (`东海市南湖区规划和自然` / `资源局` /
    // `2024年度部门决算`) is read whole: the lines before the table of
    // contents, run together.
    let cover: String = lines.iter().take(4).take_while(|l| !l.contains("目录")).map(String::as_str).collect();
    // Every document is asked: a search for 算 (a character search, far
    // cheaper than a word search) rules out most lines before the words.
    let is_title = |l: &str| l.contains('算') && l.chars().count() <= 60 && (l.contains("预算") || l.contains("决算")) && year_in(l).is_some();
    let (at, title) = if is_title(&cover) && !cover.contains(['、', ':', '：']) {
        (None, Some(cover.as_str()))
    } else {
        let at = lines.iter().position(|l| is_title(l));
        (at, at.map(|i| lines[i].as_str()))
    };
    let kind_line = title.or_else(|| lines.iter().map(String::as_str).find(|l| l.contains('算') && (l.contains("预算") || l.contains("决算"))));
    let budget_kind = kind_line.map(|l| if l.contains("决算") { "决算" } else { "预算" }.to_string());
    let labelled = lines.iter().find_map(|l| labelled_body(l));
    let scope = lines
        .iter()
        .filter(|l| l.contains('算'))
        .find_map(|l| ["部门预算", "部门决算", "单位预算", "单位决算"].iter().find(|w| l.contains(**w)).map(|w| w[..w.len() - "预算".len()].to_string()))
        .or_else(|| labelled.as_ref().map(|(label, _)| label.to_string()));
    // The name before the year (`东海市南湖区财政局2024年度…`), or on the
    // line above a title that starts with the year; a region alone there
    // (`东海市南湖区2024年区级部门预算`) gives way to a labelled body.
    let named = title.and_then(body_before_year).or_else(|| at.filter(|&i| i > 0).and_then(|i| name_line(&lines[i - 1])));
    let body = match (named, labelled) {
        (Some(n), Some((_, l))) if region_of(&n).as_deref() == Some(n.as_str()) => Some(l),
        (Some(n), _) => Some(n),
        (None, l) => l.map(|(_, l)| l),
    };
    let region = body.as_deref().and_then(region_of);
    let year = title.and_then(year_in).or_else(|| lines.iter().find_map(|l| year_in(l))).or_else(|| titles.find_map(year_in));
    Facts { year, budget_kind, scope, body, region }
}

/// A line that is only a name: short, no figure, not a table title.
fn name_line(line: &str) -> Option<String> {
    let n = line.chars().count();
    ((3..=30).contains(&n) && !line.contains(|c: char| c.is_ascii_digit()) && !line.ends_with('表') && !line.contains(['、', ':', '：']))
        .then(|| line.to_string())
}

/// The first `2024年` (or `2024年度`) in a line.
fn year_in(line: &str) -> Option<u16> {
    let bytes = line.as_bytes();
    (0..bytes.len().saturating_sub(3)).find_map(|i| {
        let digits = &line.get(i..i + 4)?;
        let year: u16 = digits.parse().ok()?;
        let before_ok = i == 0 || !bytes[i - 1].is_ascii_digit();
        (before_ok && (2000..2100).contains(&year) && line[i + 4..].starts_with('年')).then_some(year)
    })
}

/// The name before the year in a title: `东海市南湖区财政局` in
/// `东海市南湖区财政局2024年度部门决算`.
fn body_before_year(title: &str) -> Option<String> {
    let at = title.find(|c: char| c.is_ascii_digit())?;
    let name = title[..at].trim_matches(|c: char| c.is_whitespace() || c == '#' || c == '、');
    (name.chars().count() >= 3 && !name.contains("部分")).then(|| name.to_string())
}

/// A body named by a label, and the label's scope word: `部门:中共西江省委
/// 办公厅` (部门), `预算主管部门:…`, `单位名称:…` (单位).
fn labelled_body(line: &str) -> Option<(&'static str, String)> {
    const LABELS: &[(&str, &str)] =
        &[("主管部门", "部门"), ("编制部门", "部门"), ("部门名称", "部门"), ("部门", "部门"), ("预算单位", "单位"), ("编制单位", "单位"), ("单位名称", "单位")];
    if !line.contains([':', '：']) {
        return None;
    }
    LABELS.iter().find_map(|&(label, scope)| {
        let at = line.find(label)? + label.len();
        let rest = line[at..].strip_prefix([':', '：'])?;
        let name = rest.split(['单', ' ']).next().unwrap_or(rest).trim();
        (name.chars().count() >= 2).then(|| (scope, name.to_string()))
    })
}

/// The province, city or district a body's name starts with: `东海市南湖区`,
/// `西江省` (after a party prefix such as `中共`).
fn region_of(body: &str) -> Option<String> {
    let name = body.strip_prefix("中共").unwrap_or(body);
    let chars: Vec<char> = name.chars().collect();
    let end_of = |from: usize, ends: &[char], max: usize| (from + 1..chars.len().min(from + max + 1)).find(|&i| ends.contains(&chars[i]));
    let first = end_of(0, &['省', '市'], 4)?;
    let end = end_of(first + 1, &['区', '县', '市'], 4).map_or(first + 1, |second| second + 1);
    Some(chars[..end].iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(lines: &[&[&str]]) -> Facts {
        let rows: Vec<Row> = lines.iter().enumerate().map(|(i, cells)| Row::new(i as u32 + 1, *cells)).collect();
        facts(&rows, std::iter::empty())
    }

    #[test]
    fn a_title_page_states_every_fact() {
        let f = of(&[&["东海市南湖区规划局", "2024", "年度部门决算"], &["目录"]]);
        assert_eq!(f.year, Some(2024));
        assert_eq!(f.budget_kind.as_deref(), Some("决算"));
        assert_eq!(f.scope.as_deref(), Some("部门"));
        assert_eq!(f.body.as_deref(), Some("东海市南湖区规划局"));
        assert_eq!(f.region.as_deref(), Some("东海市南湖区"));
    }

    #[test]
    fn a_tables_only_file_names_its_body_by_label() {
        let f = of(&[&["收支预算总表"], &["部门:中共西江省委办公厅", "单位:万元"], &["第二部分", "2019年度部门预算表"]]);
        assert_eq!(f.year, Some(2019));
        assert_eq!(f.budget_kind.as_deref(), Some("预算"));
        assert_eq!(f.body.as_deref(), Some("中共西江省委办公厅"));
        assert_eq!(f.region.as_deref(), Some("西江省"));
    }

    #[test]
    fn a_title_over_two_lines_and_a_region_title_with_a_labelled_body() {
        let f = of(&[&["东海市南湖区财政局"], &["2024年度部门决算"]]);
        assert_eq!(f.body.as_deref(), Some("东海市南湖区财政局"));
        let f = of(&[&["东海市南湖区2024年区级部门预算"], &["预算主管部门:东海市南湖区人民政府北坊街道办事处"]]);
        assert_eq!(f.body.as_deref(), Some("东海市南湖区人民政府北坊街道办事处"));
        assert_eq!(f.region.as_deref(), Some("东海市南湖区"));
    }

    #[test]
    fn a_cover_title_over_three_lines_is_read_whole() {
        let f = of(&[&["中共东海市南湖区委"], &["群众工作部2024年度"], &["部门决算"], &["目", "录"], &["第一部分", "概况"]]);
        assert_eq!(f.body.as_deref(), Some("中共东海市南湖区委群众工作部"));
        assert_eq!(f.region.as_deref(), Some("东海市南湖区"));
        let f = of(&[&["东海市南湖区2025年区级单位预算"], &["预算单位:东海市南湖区人民政府办公室"]]);
        assert_eq!(f.body.as_deref(), Some("东海市南湖区人民政府办公室"));
        assert_eq!(f.scope.as_deref(), Some("单位"));
    }

    #[test]
    fn nothing_stated_is_null() {
        assert_eq!(of(&[&["项目名称", "金额"], &["合计", "12.00"]]), Facts::default());
    }
}
