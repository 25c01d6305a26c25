//! Word lists the generator composes names from, and the indicator
//! vocabulary of the field guide (`shared/docs/domain.md`).
//!
//! Names are invented by composition (region + body + suffix, object +
//! activity + 经费), never copied from the seed corpus, so a reader that
//! scores well here has not simply learnt the seeds.

/// Regions a department name starts with.
pub const REGIONS: &[&str] = &[
    "青川市", "临江市", "安和县", "东湖区", "西林区", "南屏县", "北岭市", "长宁县", "白沙区", "云台市", "金水区", "石门县",
    "平湖镇", "新华街道", "宝山乡", "龙泉市",
];

/// The body of a department name.
pub const BODIES: &[&str] = &[
    "农业农村", "文化旅游", "教育", "卫生健康", "交通运输", "自然资源", "生态环境", "市场监督管理", "应急管理", "人力资源和社会保障",
    "住房和城乡建设", "水利", "民政", "体育", "档案", "统计",
];

/// Suffixes of a department name.
pub const DEPT_SUFFIXES: &[&str] = &["局", "委员会", "中心", "服务中心", "事务所", "办公室"];

/// Objects a project is about.
pub const OBJECTS: &[&str] = &[
    "农村公路", "乡村学校", "社区卫生站", "图书馆", "档案馆", "防汛设施", "农田水利", "文化站", "体育场馆", "养老服务",
    "就业见习", "数据平台", "办公用房", "执法车辆", "监测站点", "公共厕所", "户外广告", "长者食堂", "网格化管理", "电子政务",
];

/// Activities a project funds.
pub const ACTIVITIES: &[&str] = &["维护", "运行", "补助", "建设", "培训", "宣传", "信息化", "改造", "管理", "保障", "购置", "监测"];

/// Endings of a project name.
pub const PROJECT_ENDS: &[&str] = &["经费", "项目", "专项经费", "补助资金", "工作经费"];

/// Extra words that make a long project name (the kind that wraps).
pub const LONG_PARTS: &[&str] = &["及配套设施", "与长效管理", "提升工程", "三年行动", "专项整治", "示范创建"];

/// Parent projects (一级项目).
pub const PARENTS: &[&str] = &["部门管理事务", "公共服务提升", "基础设施运维", "专项业务", "信息化建设", "民生保障"];

/// 一级指标 and the 二级指标 that go under each.
pub const LEVELS: &[(&str, &[&str])] = &[
    ("产出指标", &["数量指标", "质量指标", "时效指标"]),
    ("效益指标", &["社会效益指标", "经济效益指标", "可持续影响指标", "生态效益指标"]),
    ("满意度指标", &["服务对象满意度指标"]),
    ("成本指标", &["经济成本指标"]),
];

/// What an indicator measures, by the 二级指标 it sits under: (name stem,
/// the kind of target that fits it).
pub fn measures(level2: &str) -> &'static [(&'static str, Fit)] {
    match level2 {
        "数量指标" => &[
            ("完成数量", Fit::Count(&["个", "件", "项"])),
            ("覆盖户数", Fit::Count(&["户"])),
            ("培训人次", Fit::Count(&["人次"])),
            ("巡查次数", Fit::Count(&["次"])),
            ("设施数量", Fit::Count(&["处", "个", "台"])),
        ],
        "质量指标" => &[("验收合格率", Fit::Rate), ("设备完好率", Fit::Rate), ("工作质量", Fit::Word), ("达标率", Fit::Rate)],
        "时效指标" => &[("完成时间", Fit::Deadline), ("按时完成率", Fit::Rate), ("响应时长", Fit::Count(&["小时", "分钟", "天"]))],
        "社会效益指标" => &[("群众知晓率", Fit::Rate), ("服务水平", Fit::Word), ("受益人数", Fit::Count(&["人", "人次"]))],
        "经济效益指标" => &[("带动就业人数", Fit::Count(&["人"])), ("节约成本", Fit::Word)],
        "可持续影响指标" => &[("长效管理机制", Fit::Word), ("持续发挥作用年限", Fit::Count(&["年"]))],
        "生态效益指标" => &[("环境改善情况", Fit::Word), ("绿化覆盖率", Fit::Rate)],
        "服务对象满意度指标" => &[("服务对象满意度", Fit::Rate), ("群众满意度", Fit::Rate)],
        _ => &[("人均成本", Fit::Money), ("单位成本", Fit::Money)],
    }
}

/// The kind of target an indicator name calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// A count in one of these units (`100人次`, `≥6个`).
    Count(&'static [&'static str]),
    /// A percentage (`≥95%`, `90-100`).
    Rate,
    /// A date (`2025年12月31日前`).
    Deadline,
    /// A qualitative word (`优`, `良好`).
    Word,
    /// A cost per something (`400元/天`).
    Money,
}

/// Prefixes that make indicator names distinct within a project.
pub const NAME_PREFIXES: &[&str] = &["年度", "项目", "全年", "重点", "日常", "专项"];

/// Units of costs.
pub const RATE_UNITS: &[&str] = &["元/天", "元/人", "元/次"];

/// Qualitative target words.
pub const WORDS: &[&str] = &["优", "良好", "有效提升", "明显", "达标", "健全", "及时", "规范", "显著提高", "持续改善"];

/// Income lines of a two-sided table (收入 side), with their ordinals.
pub const INCOME: &[&str] = &["一、一般公共预算拨款收入", "二、政府性基金预算拨款收入", "三、国有资本经营预算拨款收入", "四、事业收入", "五、其他收入"];

/// Functional classification: (类 code, name, [(款 code, name, [(项 code, name)])]).
pub type Class = (&'static str, &'static str, &'static [(&'static str, &'static str, &'static [(&'static str, &'static str)])]);

/// A small functional-classification tree to draw budget rows from.
pub const CLASSES: &[Class] = &[
    ("201", "一般公共服务支出", &[
        ("20103", "政府办公厅(室)及相关机构事务", &[("2010301", "行政运行"), ("2010302", "一般行政管理事务"), ("2010350", "事业运行")]),
        ("20129", "群众团体事务", &[("2012901", "行政运行"), ("2012999", "其他群众团体事务支出")]),
    ]),
    ("207", "文化旅游体育与传媒支出", &[
        ("20701", "文化和旅游", &[("2070101", "行政运行"), ("2070109", "群众文化"), ("2070199", "其他文化和旅游支出")]),
        ("20703", "体育", &[("2070308", "群众体育")]),
    ]),
    ("208", "社会保障和就业支出", &[
        ("20805", "行政事业单位养老支出", &[("2080505", "机关事业单位基本养老保险缴费支出"), ("2080506", "机关事业单位职业年金缴费支出")]),
        ("20808", "抚恤", &[("2080801", "死亡抚恤")]),
    ]),
    ("210", "卫生健康支出", &[("21011", "行政事业单位医疗", &[("2101101", "行政单位医疗"), ("2101102", "事业单位医疗")])]),
    ("213", "农林水支出", &[
        ("21301", "农业农村", &[("2130104", "事业运行"), ("2130106", "科技转化与推广服务")]),
        ("21303", "水利", &[("2130305", "水利工程建设"), ("2130306", "水利工程运行与维护")]),
    ]),
    ("221", "住房保障支出", &[("22102", "住房改革支出", &[("2210201", "住房公积金"), ("2210203", "购房补贴")])]),
];

/// Funding sources (资金来源) of a funding table.
pub const SOURCES: &[&str] = &["一般公共预算", "政府性基金", "财政专户管理资金", "单位资金"];
