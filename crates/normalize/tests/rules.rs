//! Case-by-case tests of the normalization mapping, one group per rule in
//! the table in `rules.rs`, plus combined cases, idempotence and the seed
//! corpus.

use budget_normalize::normalize;

fn check(input: &str, expected: &str) {
    assert_eq!(normalize(input), expected, "normalize({input:?})");
}

// Rule 1: full-width ASCII.

#[test]
fn fullwidth_digits_letters_and_brackets_become_ascii() {
    check("１２３", "123");
    check("（％）", "(%)");
    check("ＡＢ", "AB");
    check("ｘｙｚ", "xyz");
    check("１２．５", "12.5");
}

#[test]
fn fullwidth_comma_colon_semicolon_become_ascii() {
    check("，", ",");
    check("：", ":");
    check("；", ";");
    check("～", "~");
}

#[test]
fn every_fullwidth_ascii_character_maps_to_its_ascii_twin() {
    for cp in 0xFF01u32..=0xFF5E {
        let full = char::from_u32(cp).unwrap().to_string();
        let ascii = char::from_u32(cp - 0xFEE0).unwrap().to_string();
        check(&full, &ascii);
    }
}

#[test]
fn curly_and_straight_quotes_are_kept() {
    check("“三公”经费", "“三公”经费");
    check("‘a’", "‘a’");
    check("\"x\"", "\"x\"");
}

// Rule 2: comparison signs.

#[test]
fn variant_greater_equal_signs_become_ge() {
    check("≧90", "≥90");
    check("⩾90", "≥90");
    check(">=90", "≥90");
    check("＞＝90", "≥90");
    check("≥=90", "≥90");
    check("≧=", "≥");
}

#[test]
fn variant_less_equal_signs_become_le() {
    check("≦5", "≤5");
    check("⩽5", "≤5");
    check("<=5", "≤5");
    check("＜＝5", "≤5");
    check("≤=5", "≤5");
}

#[test]
fn single_comparison_signs_become_ascii() {
    check("＝", "=");
    check("＞", ">");
    check("＜", "<");
    check("=", "=");
    check("=>", "=>");
}

#[test]
fn repeated_equals_after_comparison_is_absorbed() {
    // Without this `>==` would give `≥=` first and `≥` on a second pass.
    check(">==", "≥");
}

#[test]
fn spaced_comparison_is_not_merged() {
    check("> =", "> =");
    check("≥ 95", "≥ 95");
}

// Rule 3: white space.

#[test]
fn each_exotic_space_becomes_an_ordinary_space() {
    let spaces = [
        '\u{3000}', '\u{00A0}', '\u{2002}', '\u{2003}', '\u{2004}', '\u{2005}', '\u{2006}',
        '\u{2007}', '\u{2008}', '\u{2009}', '\u{200A}', '\u{200B}', '\u{FEFF}', '\t', '\u{0C}',
    ];
    for sp in spaces {
        check(&format!("a{sp}b"), "a b");
    }
}

#[test]
fn whitespace_runs_collapse_and_ends_are_trimmed() {
    check("  a \t\u{3000} b  ", "a b");
    check("\u{FEFF}abc", "abc");
    check("x\u{00A0}\u{00A0}\u{00A0}y", "x y");
    check("a  b", "a b");
    check(" a ", "a");
}

#[test]
fn blank_input_gives_empty_text() {
    check("", "");
    check("   ", "");
    check("\u{3000}\t\u{200B}\u{FEFF}", "");
}

// Rule 4: spaces around CJK.

#[test]
fn space_between_cjk_characters_is_removed() {
    check("各平台维护 保费", "各平台维护保费");
    check("项目 绩效 目标", "项目绩效目标");
    check("收 入", "收入");
    check("一、 单位概况", "一、单位概况");
    check("《预算法》 规定", "《预算法》规定");
}

#[test]
fn space_before_unit_bracket_is_removed() {
    check("人大代表满意度 (%)", "人大代表满意度(%)");
    check("会议审议议案建议数 (件)", "会议审议议案建议数(件)");
    check("金额 （万元）", "金额(万元)");
}

#[test]
fn space_after_closing_bracket_before_cjk_is_removed() {
    check("(一) 主要职能", "(一)主要职能");
    check("（二） 单位机构设置情况", "(二)单位机构设置情况");
}

#[test]
fn space_between_digit_and_cjk_is_removed() {
    check("2024 年市本级", "2024年市本级");
    check("4396.61 万元", "4396.61万元");
    check(
        "绍兴市人大办本级 2022 年单位预算",
        "绍兴市人大办本级2022年单位预算",
    );
}

#[test]
fn space_after_ascii_punctuation_between_cjk_is_removed() {
    check("对PC端页面改版, 打造全新的", "对PC端页面改版,打造全新的");
    check("改版， 打造", "改版,打造");
    check("指标; 目标", "指标;目标");
    check("说明： 如下", "说明:如下");
    check("改 , 打造", "改,打造");
}

#[test]
fn space_between_cjk_and_following_ascii_punctuation_is_removed() {
    check("目标 ：", "目标:");
    check("指标 ；目标", "指标;目标");
    check("改版 ，打造", "改版,打造");
}

#[test]
fn latin_and_digit_spacing_is_kept() {
    check("P1.2 LED", "P1.2 LED");
    check("LED 屏", "LED 屏");
    check("a, b", "a, b");
    check("改版, PC端", "改版, PC端");
    check("a, 打造", "a, 打造");
    check("## 目录", "## 目录");
    check("85% 以上", "85% 以上");
}

// Rule 5: selective NFKC.

#[test]
fn kangxi_radicals_and_compatibility_ideographs_become_unified() {
    check("⼈⼤", "人大"); // U+2F08 U+2F24
    check("\u{F900}", "\u{8C48}");
    check("\u{2F800}", "\u{4E3D}");
    check("\u{2E9F}", "母");
}

/// Radicals that fonts' ToUnicode maps copy into text for plain ideographs.
#[test]
fn radicals_become_the_ideographs_they_stand_for() {
    check("公众号订阅人数增⻓率", "公众号订阅人数增长率"); // U+2ED3
    check("⻅效", "见效"); // U+2EC5
    check("⺠生", "民生"); // U+2EA0
    check("⻔户", "门户"); // U+2ED4
    // NFKC gives the traditional 戶; a mainland document prints 户.
    check("用⼾满意度", "用户满意度"); // U+2F3E
    check("⾭年⿈金", "青年黄金");
}

#[test]
fn radicals_that_stand_for_no_ideograph_are_kept() {
    check("\u{2E80}", "\u{2E80}");
}

#[test]
fn nfkc_is_not_applied_globally() {
    check("…", "…");
    check("㎡", "㎡");
    check("①", "①");
    check("m²", "m²");
    check("￥100", "￥100");
}

// Rule 6: other look-alikes.

#[test]
fn wave_dashes_become_tilde() {
    check("1〜5", "1~5");
    check("1～5", "1~5");
}

#[test]
fn ratio_sign_becomes_colon() {
    check("1∶2", "1:2");
}

#[test]
fn small_and_fullwidth_percent_become_percent() {
    check("95﹪", "95%");
    check("95％", "95%");
}

#[test]
fn dash_between_digits_becomes_hyphen() {
    check("1–5", "1-5");
    check("1—5", "1-5");
    check("1‒5", "1-5");
    check("1―5", "1-5");
    check("１–５", "1-5");
}

#[test]
fn dash_not_between_digits_is_kept() {
    check("a–b", "a–b");
    check("——", "——");
    check("1 – 5", "1 – 5");
    check("–5", "–5");
    check("5–", "5–");
    check("预算—说明", "预算—说明");
}

// Combined cases.

#[test]
fn combined_realistic_cells() {
    check("　人大代表满意度 （％）　", "人大代表满意度(%)");
    check("２０２４ 年市本级部门预算", "2024年市本级部门预算");
    check("＞＝\u{3000}９５", "≥ 95");
    check("培训对象覆盖率 (/%)", "培训对象覆盖率(/%)");
    check("项目 绩效\t目标 ：≧ 90％", "项目绩效目标:≥ 90%");
    check("总计\u{00A0}4396.61 万元", "总计4396.61万元");
    check("  ⼈⼤ 代表  ", "人大代表");
}

#[test]
fn plain_ascii_takes_the_same_result_as_the_full_rules() {
    check("100", "100");
    check("  12.5  ", "12.5");
    check("a b c", "a b c");
    check("a\tb", "a b");
    check("x>=1", "x≥1");
    check("x> =1", "x> =1");
}

// Idempotence and robustness.

const SAMPLES: &[&str] = &[
    "",
    " ",
    "１２３",
    "（％）",
    ">==",
    "<===",
    "≧=",
    "> = =",
    "改 , 打造",
    "改版, 打造",
    "1–5",
    "1––5",
    "1 –5",
    "１–５–７",
    "(一) 主要职能",
    "2024 年 1 月",
    "a\u{200B}–\u{FEFF}5",
    "⼈ ⼤",
    "\u{F900} \u{F901}",
    "人大代表满意度 (%)",
    "\u{3000}\u{3000}",
    "a\r\nb",
    "\u{0}\u{1}\u{7F}",
    "é\u{301}",
    "〜 ～",
    "，，",
    "：；",
    ") 年",
    "年 (",
    "1 2 3",
    "= = =",
];

#[test]
fn normalize_is_idempotent_on_samples() {
    for s in SAMPLES {
        let once = normalize(s);
        assert_eq!(normalize(&once), once, "not idempotent for {s:?}");
    }
}

#[test]
fn normalize_is_idempotent_on_pairs_of_samples() {
    // Concatenations put every rule's trigger next to every other one.
    for a in SAMPLES {
        for b in SAMPLES {
            for sep in ["", " ", "\u{3000}"] {
                let s = format!("{a}{sep}{b}");
                let once = normalize(&s);
                assert_eq!(normalize(&once), once, "not idempotent for {s:?}");
            }
        }
    }
}

#[test]
fn normalize_is_idempotent_across_the_code_space() {
    // Every 3rd code point, paired with CJK, digits and spaces around it.
    let mut cp = 0u32;
    while cp < 0x3_0000 {
        if let Some(c) = char::from_u32(cp) {
            let s = format!("年 {c} 1{c}2 {c}=");
            let once = normalize(&s);
            assert_eq!(normalize(&once), once, "not idempotent for U+{cp:04X}");
        }
        cp += 3;
    }
}

#[test]
fn normalize_is_idempotent_on_every_corpus_cell() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let mut cells = 0usize;
    for entry in std::fs::read_dir(&dir).expect("corpus directory exists") {
        let path = entry.expect("corpus entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("corpus file is UTF-8");
        for line in text.lines() {
            for cell in line.split('\t') {
                let once = normalize(cell);
                assert_eq!(
                    normalize(&once),
                    once,
                    "{}: not idempotent for {cell:?}",
                    path.display()
                );
                cells += 1;
            }
        }
    }
    assert!(
        cells > 1000,
        "expected the seed corpus to have many cells, found {cells}"
    );
}
