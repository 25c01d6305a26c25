//! The generator on a small seeded sample: reproducible, every layout
//! expects records, and the extractor reads undamaged tab dumps.
use budget_synth::report::{evaluate, extract, table};
use budget_synth::score::Scores;
use budget_synth::{generate, plan, Damage, Expected, Form, Layout, Planned, Spec};

/// Three batch seeds, each covering every layout × damage family once.
fn sample(forms: &[Form]) -> Vec<Planned> {
    let per_seed = Layout::ALL.len() * Damage::FAMILIES.len();
    (1..=3).flat_map(|seed| plan(seed, per_seed, forms)).collect()
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_records() {
    for p in sample(&Form::ALL) {
        let (a, b) = (generate(p.seed, &p.spec), generate(p.seed, &p.spec));
        assert_eq!(a.name, b.name);
        assert_eq!(a.bytes, b.bytes, "{}", a.name);
        assert_eq!(a.expected, b.expected, "{}", a.name);
    }
}

#[test]
fn the_forms_of_one_seed_expect_the_same_records() {
    let spec = |form| Spec { layouts: Layout::ALL.to_vec(), damage: Damage::NONE, form };
    let tab = generate(7, &spec(Form::Tab));
    for form in [Form::Space, Form::Markdown] {
        let other = generate(7, &spec(form));
        assert_eq!(tab.expected, other.expected, "{form:?}");
        assert_ne!(tab.bytes, other.bytes, "{form:?}");
    }
}

#[test]
fn every_layout_expects_records_of_its_kind() {
    for p in sample(&[Form::Tab]) {
        let doc = generate(p.seed, &p.spec);
        let has = |f: fn(&Expected) -> bool| doc.expected.iter().any(f);
        let ok = match p.spec.layouts[0] {
            Layout::Flat | Layout::Forms | Layout::TwoBlock => has(|r| matches!(r, Expected::Indicator(_))),
            Layout::Summary | Layout::Funding => has(|r| matches!(r, Expected::Project(p) if !p.amounts.is_empty())),
            Layout::Budget | Layout::TwoSided => has(|r| matches!(r, Expected::LineItem(_))),
        };
        assert!(ok, "{} expects no records of its kind", doc.name);
    }
}

/// Layouts the extractor does not yet read reliably when undamaged, each
/// with the reason (see the notes of issue 16). None today.
///
/// (Flat tables were here until a first data row whose project name ends
/// in 经费 stopped being taken for a second header line; forms until a goal
/// text printed right of its 年度总体目标 label stopped making the grid's
/// header the goal.)
const KNOWN_FAILING: &[Layout] = &[];

#[test]
fn undamaged_tab_dumps_are_read_right() {
    let plans: Vec<Planned> = sample(&[Form::Tab]).into_iter().filter(|p| p.spec.damage == Damage::NONE).collect();
    for layout in Layout::ALL {
        let mut s = Scores::default();
        for p in plans.iter().filter(|p| p.spec.layouts == [layout]) {
            let doc = generate(p.seed, &p.spec);
            s.add(&budget_synth::score(&doc.expected, &extract(&doc.name, &doc.bytes)));
        }
        let figures = (s.indicators.f1(), s.attribution.value(), s.line_items.f1(), s.projects.f1());
        println!("{:<10} indicators {:.3}  attribution {:.3}  line items {:.3}  projects {:.3}", layout.name(), figures.0, figures.1, figures.2, figures.3);
        if KNOWN_FAILING.contains(&layout) {
            continue;
        }
        assert!(s.docs >= 3, "{}: {} documents", layout.name(), s.docs);
        assert!(figures.0 >= 0.99, "{}: indicator F1 {:.3}", layout.name(), figures.0);
        assert!(figures.1 >= 0.98, "{}: attribution {:.3}", layout.name(), figures.1);
        assert!(figures.2 >= 0.99, "{}: line-item F1 {:.3}", layout.name(), figures.2);
        assert!(figures.3 >= 0.99, "{}: project F1 {:.3}", layout.name(), figures.3);
    }
}

/// Prints the table for every form and damage (`cargo test -p budget-synth
/// --test sample -- --nocapture`). No thresholds: the space-aligned reader
/// is being built.
#[test]
fn score_table_for_every_form_and_damage() {
    let groups = evaluate(&sample(&Form::ALL));
    assert_eq!(groups.len(), Layout::ALL.len() * Damage::FAMILIES.len() * Form::ALL.len());
    println!("{}", table(&groups));
}
