//! Writes the demo book: the compound of SPEC §1 (89 households, 360
//! residents, 23 party members, six buildings, three teams) with a year and a
//! half of activity.
//!
//! ```text
//! cargo run --release --example gen-demo -- --out ledgers/demo
//! ```
//!
//! The output is deterministic: a fixed-seed splitmix64 generator, no clock,
//! nothing that depends on hash order. Running it twice gives byte-identical
//! files. The points of every row are computed from the rules the generator
//! writes (loaded back with `points::book::Book`), in ledger order, exactly as
//! `points check` recomputes them: rate for the role on the date ×
//! min(qty, max_qty), then the item cap and the category cap, where a voided
//! row keeps its cap room until its void.

use anyhow::{bail, Context, Result};
use chrono::{Datelike, Days, NaiveDate, Weekday};
use points::book::ledger::format_row;
use points::book::Book;
use points::compute::scan::{cap_keys, CapOwner};
use points::model::{Points, Rate};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

// ------------------------------------------------------------------ the rules

const RULES: &str = r#"# 化肥厂小区积分制管理: the demo book of `points`.
# Written by examples/gen-demo.rs; to change it, edit the generator and run
#   cargo run --release --example gen-demo -- --out ledgers/demo

[scheme]
name = "化肥厂小区积分制管理"
unit = "分"
lang = "zh"

[notice]
issuer = "化肥厂小区自治委员会"
contact = "居民对公示内容如有异议，请在公示期内向小区党支部或自治委员会反映，电话 0710-0000000。"
days = 7

[[role]]
id = "party"
name = "党员"

[[role]]
id = "resident"
name = "群众"

[[category]]
id = "edu"
name = "教育管理类"
cap = { points = 60, per = "year" }

[[category]]
id = "welfare"
name = "社区公益类"

[[category]]
id = "law"
name = "遵纪守法类"

# ---- 教育管理类 ----

[[item]]
id = "meeting"
name = "三会一课"
category = "edu"
roles = ["party"]
points = 2

[[item]]
id = "party-day"
name = "主题党日"
category = "edu"
roles = ["party"]
rates = [
  { from = "2025-01-01", points = 2 },
  { from = "2026-01-01", points = 3 },   # raised by the residents' meeting of December 2025
]

[[item]]
id = "study"
name = "学习讲座"
category = "edu"
points = 2

# ---- 社区公益类 ----

[[item]]
id = "patrol"
name = "治安巡逻"
category = "welfare"
unit = "hour"
points = { party = 3, resident = 2 }
cap = { points = 20, per = "month" }
max_qty = 4

[[item]]
id = "volunteer"
name = "志愿服务"
category = "welfare"
unit = "hour"
points = 1.5
max_qty = 6

[[item]]
id = "performance"
name = "文艺演出"
category = "welfare"
points = 5

[[item]]
id = "cleanup"
name = "卫生整治"
category = "welfare"
points = 2

[[item]]
id = "mediation"
name = "矛盾调解"
category = "welfare"
points = { min = 5, max = 10 }           # 5～10 points as the committee judges the case

[[item]]
id = "promotion"
name = "政策宣传"
category = "welfare"
points = 2

# ---- 遵纪守法类: deductions ----

[[item]]
id = "illegal-building"
name = "乱搭乱建"
category = "law"
points = -20

[[item]]
id = "littering"
name = "乱丢垃圾"
category = "law"
points = -5

[[item]]
id = "dogs"
name = "不文明养犬"
category = "law"
points = -3

[[item]]
id = "high-throw"
name = "高空抛物"
category = "law"
points = -10

# ---- teams ----

[[team]]
id = "patrol-team"
name = "治安联防队"
items = ["patrol"]

[[team]]
id = "volunteers"
name = "志愿服务队"
items = ["volunteer", "cleanup", "promotion"]

[[team]]
id = "performers"
name = "文艺队"
items = ["performance"]

# ---- 积分超市 ----

[exchange]
every = "half-year"
order = "earned"
account = "person"

[[reward]]
id = "towel"
name = "毛巾"
cost = 20
stock = 50
per_person = 2

[[reward]]
id = "soap"
name = "香皂"
cost = 10
stock = 80
per_person = 3

[[reward]]
id = "umbrella"
name = "雨伞"
costs = [
  { from = "2025-01-01", cost = 40 },
  { from = "2026-07-01", cost = 45 },
]
stock = 20
per_person = 1

[[reward]]
id = "childcare"
name = "少儿托管"        # one week of after-school care
cost = 80
stock = 15
per_person = 1

[[reward]]
id = "tutoring"
name = "假期课业辅导"    # one holiday course, 10 places
cost = 120
stock = 10
per_person = 1

# ---- evaluations ----

[[evaluation]]
id = "civilized-household"
name = "文明户"
subject = "household"
who = ["party", "resident"]
period = "year"
aggregate = "sum"
veto = ["law"]
tiers = [
  { name = "文明户", min = 100, max = 20, clean = true },
  { name = "—" },
]

[[evaluation]]
id = "party-review"
name = "民主评议党员参考"
subject = "person"
who = ["party"]
period = "year"
tiers = [
  { name = "优秀", min = 80, share = "1/3" },
  { name = "合格", min = 60 },
  { name = "基本合格", min = 40 },
  { name = "不合格" },
]

[[evaluation]]
id = "public-star"
name = "公益之星"
subject = "person"
period = "half-year"
categories = ["welfare"]
veto = ["law"]
tiers = [
  { name = "公益之星", min = 30, max = 10, clean = true },
  { name = "—" },
]
"#;

/// The last day with activity.
const END: (i32, u32, u32) = (2026, 11, 20);
/// The day the paper records were carried over.
const OPENING: (i32, u32, u32) = (2025, 6, 30);

// ---------------------------------------------------------- the random source

/// splitmix64: tiny, fixed seed, the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

// ------------------------------------------------------------------- helpers

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn end() -> NaiveDate {
    ymd(END.0, END.1, END.2)
}

fn plus(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap_or(d)
}

fn pts(s: &str) -> Points {
    Points::parse(s).unwrap_or(Points::ZERO)
}

/// The months of activity: 2025-07 … 2026-11.
fn months() -> Vec<(i32, u32)> {
    let mut v = Vec::new();
    let (mut y, mut m) = (2025, 7);
    while (y, m) <= (END.0, END.1) {
        v.push((y, m));
        m += 1;
        if m == 13 {
            y += 1;
            m = 1;
        }
    }
    v
}

/// The `n`th (from 1) given weekday of a month, or the last one for n = 0.
fn weekday_of_month(y: i32, m: u32, wd: Weekday, n: u32) -> NaiveDate {
    let days: Vec<NaiveDate> = (1..=31)
        .filter_map(|d| NaiveDate::from_ymd_opt(y, m, d))
        .filter(|d| d.weekday() == wd)
        .collect();
    if n == 0 {
        days.last().copied().unwrap_or(NaiveDate::MIN)
    } else {
        days.get(n as usize - 1).copied().unwrap_or(NaiveDate::MIN)
    }
}

/// A working day on or after the given day of the month.
fn workday(y: i32, m: u32, d: u32) -> NaiveDate {
    let mut day = ymd(y, m, d);
    while matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
        day = plus(day, 1);
    }
    day
}

fn round_of(d: NaiveDate) -> String {
    format!("{}H{}", d.year(), if d.month() <= 6 { 1 } else { 2 })
}

// -------------------------------------------------------------------- people

const SURNAMES: &[&str] = &[
    "王", "王", "王", "王", "王", "李", "李", "李", "李", "李", "张", "张", "张", "张", "刘", "刘",
    "刘", "刘", "陈", "陈", "陈", "杨", "杨", "赵", "赵", "黄", "黄", "周", "周", "吴", "吴", "徐",
    "孙", "孙", "马", "马", "胡", "朱", "郭", "何", "罗", "高", "林", "郑", "梁", "谢", "宋", "唐",
    "许", "韩", "冯", "邓", "曹", "彭", "曾", "田", "董", "潘", "袁", "蒋", "于", "杜", "叶", "程",
    "魏", "苏", "吕", "丁", "任", "卢", "姚", "沈", "姜", "崔", "陆", "范", "石", "金", "贾", "夏",
    "方", "白", "孟", "秦", "侯", "薛", "段", "雷", "史", "贺", "郝", "顾", "邵", "钱", "严", "孔",
];
const MEN: &[&str] = &[
    "建国", "建军", "国庆", "国强", "志强", "志刚", "伟", "强", "军", "勇", "磊", "涛", "斌", "刚",
    "明", "华", "平", "辉", "鹏", "杰", "建华", "建平", "德明", "永强", "海涛", "海峰", "春生",
    "卫东", "红兵", "文斌", "玉林", "振华", "立新", "庆华", "俊", "峰", "波", "超", "亮", "凯",
];
const WOMEN: &[&str] = &[
    "秀英", "桂英", "秀兰", "玉兰", "桂兰", "凤英", "淑珍", "淑芬", "丽", "芳", "敏", "静", "艳",
    "娟", "霞", "燕", "红", "玲", "婷", "雪梅", "丽华", "春梅", "红梅", "海燕", "玉梅", "美玲",
    "慧", "琳", "洁", "丽娟", "晓燕", "秀芳", "淑华", "金凤",
];
const ELDER_MEN: &[&str] = &[
    "福生", "长顺", "有才", "德胜", "广才", "学文", "树林", "凤山", "金生", "宝山", "永福", "德福",
];
const ELDER_WOMEN: &[&str] = &[
    "秀珍", "桂芝", "凤芝", "玉芬", "素珍", "兰英", "翠英", "淑英", "桂珍", "秀云", "凤兰", "玉珍",
];
const BOYS: &[&str] = &[
    "梓轩", "浩然", "宇轩", "思远", "俊熙", "子墨", "奕辰", "明轩", "浩宇", "泽宇", "天佑", "博文",
    "晓东", "睿", "一诺", "家豪",
];
const GIRLS: &[&str] = &[
    "子涵", "欣怡", "雨桐", "诗涵", "梓萱", "可欣", "若汐", "晨曦", "嘉怡", "佳琪", "紫涵", "思彤",
    "悦", "欣然", "语桐", "安琪", "佳慧",
];

const N_HOUSEHOLDS: usize = 89;
const N_PEOPLE: usize = 360;
const N_PARTY: usize = 23;

/// Households with a fixed part in the story (index into the household list).
const ZHANG_WEI_1: usize = 6; // 张伟 of the patrol team
const ZHANG_WEI_2: usize = 51; // the other 张伟
const CAPTAIN_HOME: usize = 15;
const NEWCOMERS: usize = 88; // a household that moved in on 2026-03-01

#[derive(Clone, Debug)]
struct Person {
    id: String,
    name: String,
    household: usize,
    household_id: String,
    building: String,
    party: bool,
    joined: Option<NaiveDate>,
    left: Option<NaiveDate>,
    teams: Vec<&'static str>,
    /// Takes part in the community's work (children do not).
    adult: bool,
    elder: bool,
    male: bool,
    head: bool,
}

impl Person {
    fn lives_on(&self, d: NaiveDate) -> bool {
        self.joined.is_none_or(|j| d >= j) && self.left.is_none_or(|l| d <= l)
    }
    fn in_team(&self, t: &str) -> bool {
        self.teams.contains(&t)
    }
}

/// A member of a household being made up.
struct Member {
    names: &'static [&'static str],
    own_surname: bool,
    adult: bool,
    elder: bool,
    male: bool,
    head: bool,
}

impl Member {
    fn adult(names: &'static [&'static str], own_surname: bool, male: bool) -> Member {
        Member {
            names,
            own_surname,
            adult: true,
            elder: false,
            male,
            head: false,
        }
    }
    fn elder(male: bool, own_surname: bool) -> Member {
        Member {
            names: if male { ELDER_MEN } else { ELDER_WOMEN },
            own_surname,
            adult: true,
            elder: true,
            male,
            head: false,
        }
    }
    fn head(mut self) -> Member {
        self.head = true;
        self
    }
}

struct Community {
    people: Vec<Person>,
    /// Household id → has children (who may use 少儿托管 and 假期课业辅导).
    kids: Vec<bool>,
    captain: usize,
    squads: Vec<Vec<usize>>,
    zhang_wei: (usize, usize),
}

fn make_community(rng: &mut Rng) -> Community {
    // Households: six buildings, three flats a floor.
    let mut homes: Vec<(String, String)> = Vec::new();
    for b in 1..=6 {
        let n = if b == 6 { 14 } else { 15 };
        for k in 0..n {
            homes.push((format!("B{b}-{}0{}", k / 3 + 1, k % 3 + 1), format!("B{b}")));
        }
    }
    let min_size = |h: usize| match h {
        ZHANG_WEI_1 | ZHANG_WEI_2 => 2,
        CAPTAIN_HOME | NEWCOMERS => 3,
        _ => 1,
    };
    let mut sizes: Vec<usize> = (0..N_HOUSEHOLDS)
        .map(|h| (*rng.pick(&[1, 2, 2, 3, 3, 4, 4, 4, 5, 5, 6])).max(min_size(h)))
        .collect();
    loop {
        let total: usize = sizes.iter().sum();
        if total == N_PEOPLE {
            break;
        }
        let h = rng.below(N_HOUSEHOLDS);
        if total < N_PEOPLE && sizes[h] < 6 {
            sizes[h] += 1;
        } else if total > N_PEOPLE && sizes[h] > min_size(h) {
            sizes[h] -= 1;
        }
    }

    let mut people: Vec<Person> = Vec::new();
    let mut kids = vec![false; N_HOUSEHOLDS];
    for (h, (hid, bid)) in homes.iter().enumerate() {
        let size = sizes[h];
        let surname = match h {
            ZHANG_WEI_1 | ZHANG_WEI_2 => "张",
            _ => *rng.pick(SURNAMES),
        };
        let mut members: Vec<Member> = Vec::new();
        if size == 1 {
            let male = rng.chance(40);
            members.push(Member::elder(male, true).head());
        } else {
            let old = size == 2 && h != ZHANG_WEI_1 && h != ZHANG_WEI_2 && rng.chance(50);
            let (husband, wife) = if old {
                (Member::elder(true, true), Member::elder(false, false))
            } else {
                (
                    Member::adult(MEN, true, true),
                    Member::adult(WOMEN, false, false),
                )
            };
            members.push(husband.head());
            members.push(wife);
            let elders = match size {
                4 if rng.chance(40) => 1,
                5 => 1,
                6 => 2,
                _ => 0,
            };
            for _ in 2..size - elders {
                let young_adult = rng.chance(20);
                kids[h] |= !young_adult;
                let boy = rng.chance(50);
                let mut child = Member::adult(if boy { BOYS } else { GIRLS }, true, boy);
                child.adult = young_adult;
                members.push(child);
            }
            for e in 0..elders {
                // The husband's parents: his father has the family's surname.
                let male = if elders == 2 { e == 0 } else { rng.chance(50) };
                members.push(Member::elder(male, male));
            }
        }
        let mut given_used: Vec<&str> = Vec::new();
        for (k, m) in members.into_iter().enumerate() {
            let sn = if m.own_surname {
                surname
            } else {
                *rng.pick(SURNAMES)
            };
            let mut given = *rng.pick(m.names);
            while given_used.contains(&given) {
                given = *rng.pick(m.names);
            }
            if k == 0 && (h == ZHANG_WEI_1 || h == ZHANG_WEI_2) {
                given = "伟";
            }
            given_used.push(given);
            people.push(Person {
                id: format!("P{:03}", people.len() + 1),
                name: format!("{sn}{given}"),
                household: h,
                household_id: hid.clone(),
                building: bid.clone(),
                party: false,
                joined: None,
                left: None,
                teams: Vec::new(),
                adult: m.adult,
                elder: m.elder,
                male: m.male,
                head: m.head,
            });
        }
    }

    // Two women called 王秀英, on purpose: a name lookup must be ambiguous.
    let mut wangs = 0;
    for i in [70, 250] {
        if let Some(p) = (i..people.len()).find(|&p| {
            let q = &people[p];
            q.adult && !q.male && !q.head && !q.name.starts_with('张')
        }) {
            people[p].name = "王秀英".into();
            wangs += 1;
        }
    }
    debug_assert_eq!(wangs, 2);

    // Moves. A whole household moved in on 2026-03-01.
    for p in people.iter_mut().filter(|p| p.household == NEWCOMERS) {
        p.joined = Some(ymd(2026, 3, 1));
    }
    let settled = |p: &Person| p.joined.is_none() && p.household != NEWCOMERS;
    let young: Vec<usize> = (0..people.len())
        .filter(|&i| people[i].adult && !people[i].elder && !people[i].head && settled(&people[i]))
        .collect();
    let children: Vec<usize> = (0..people.len())
        .filter(|&i| !people[i].adult && settled(&people[i]))
        .collect();
    let elders: Vec<usize> = (0..people.len())
        .filter(|&i| people[i].elder && settled(&people[i]) && people[i].household != CAPTAIN_HOME)
        .collect();
    // Someone who moved in (married in, back from university); someone who
    // left for work; a grandmother who moved to a care home; a baby born in May 2026.
    let back = young[rng.below(young.len())];
    people[back].joined = Some(ymd(2025, 10, 1));
    let mut gone = young[rng.below(young.len())];
    while gone == back {
        gone = young[rng.below(young.len())];
    }
    people[gone].left = Some(ymd(2025, 12, 31));
    let grandma = elders
        .iter()
        .copied()
        .find(|&i| !people[i].male && i > 120)
        .unwrap_or(elders[0]);
    people[grandma].left = Some(ymd(2026, 4, 30));
    let baby = children[rng.below(children.len())];
    people[baby].joined = Some(ymd(2026, 5, 20));

    // Party members: the captain, then others among the grown-ups.
    let captain = people
        .iter()
        .position(|p| p.household == CAPTAIN_HOME && p.head)
        .unwrap_or(0);
    people[captain].party = true;
    let mut candidates: Vec<usize> = (0..people.len())
        .filter(|&i| {
            let p = &people[i];
            p.adult && (p.head || p.elder || !p.male) && p.joined.is_none() && i != captain
        })
        .filter(|&i| people[i].household != ZHANG_WEI_2 && people[i].household != NEWCOMERS)
        .collect();
    rng.shuffle(&mut candidates);
    for &i in candidates.iter().take(N_PARTY - 1) {
        people[i].party = true;
    }

    // Teams. 治安联防队: 18 men in three squads; the captain leads the first.
    let zw1 = people
        .iter()
        .position(|p| p.household == ZHANG_WEI_1 && p.head)
        .unwrap_or(0);
    let zw2 = people
        .iter()
        .position(|p| p.household == ZHANG_WEI_2 && p.head)
        .unwrap_or(0);
    let mut men: Vec<usize> = (0..people.len())
        .filter(|&i| {
            let p = &people[i];
            p.adult && p.male && i != captain && i != zw1 && i != zw2 && p.left.is_none()
        })
        .collect();
    rng.shuffle(&mut men);
    // Party members first, so that about half the team are party members.
    men.sort_by_key(|&i| !people[i].party);
    let mut patrol = vec![zw1];
    patrol.extend(men.iter().take(8));
    patrol.extend(men.iter().rev().take(8));
    rng.shuffle(&mut patrol);
    let mut squads = vec![vec![captain], Vec::new(), Vec::new()];
    for (k, &i) in patrol.iter().enumerate() {
        squads[(k + 1) % 3].push(i);
    }
    for s in &squads {
        for &i in s {
            people[i].teams.push("patrol-team");
        }
    }

    // 志愿服务队: 30 grown-ups, among them one who moves away in August 2026.
    let mut adults: Vec<usize> = (0..people.len())
        .filter(|&i| people[i].adult && people[i].left.is_none() && i != zw2)
        .collect();
    rng.shuffle(&mut adults);
    let mut volunteers: Vec<usize> = adults.iter().copied().take(30).collect();
    volunteers.sort_unstable();
    for &i in &volunteers {
        people[i].teams.push("volunteers");
    }
    if let Some(&leaver) = volunteers
        .iter()
        .find(|&&i| !people[i].party && people[i].joined.is_none() && !people[i].elder)
    {
        people[leaver].left = Some(ymd(2026, 8, 15));
    }

    // 文艺队: 16, mostly women.
    let mut performers: Vec<usize> = adults
        .iter()
        .copied()
        .filter(|&i| !people[i].male && people[i].left.is_none())
        .take(14)
        .collect();
    performers.extend(
        adults
            .iter()
            .rev()
            .copied()
            .filter(|&i| people[i].male && !people[i].in_team("patrol-team"))
            .take(2),
    );
    for &i in &performers {
        people[i].teams.push("performers");
    }

    Community {
        people,
        kids,
        captain,
        squads,
        zhang_wei: (zw1, zw2),
    }
}

// -------------------------------------------------------------------- events

#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    Open,
    Earn,
    /// Cancels the event with this creation number.
    Void(usize),
    Redeem,
}

impl Kind {
    fn word(&self) -> &'static str {
        match self {
            Kind::Open => "open",
            Kind::Earn => "earn",
            Kind::Void(_) => "void",
            Kind::Redeem => "redeem",
        }
    }
}

#[derive(Clone, Debug)]
struct Ev {
    /// The day it was typed in: decides its place in the ledgers.
    rec: NaiveDate,
    /// Creation number: the order among rows typed in on the same day.
    seq: usize,
    date: NaiveDate,
    person: usize,
    kind: Kind,
    item: String,
    qty: Points,
    points: Points,
    by: String,
    reference: String,
    note: String,
    /// Cap room this row takes, freed again by its void.
    took: Vec<((usize, CapOwner, i32), Points)>,
}

struct Plan<'a> {
    rng: Rng,
    c: &'a Community,
    events: Vec<Ev>,
    seen: HashSet<(NaiveDate, usize, String)>,
}

impl Plan<'_> {
    fn push(&mut self, mut ev: Ev) -> usize {
        ev.seq = self.events.len();
        self.events.push(ev);
        self.events.len() - 1
    }

    fn open(&mut self, person: usize, category: &str, points: Points) {
        let d = ymd(OPENING.0, OPENING.1, OPENING.2);
        self.push(Ev {
            rec: d,
            seq: 0,
            date: d,
            person,
            kind: Kind::Open,
            item: category.into(),
            qty: Points::from_whole(1),
            points,
            by: "社区居委会".into(),
            reference: String::new(),
            note: "2025年上半年纸质台账结转".into(),
            took: Vec::new(),
        });
    }

    /// An earn row, unless the person does not live here then, may not earn
    /// the item, or already has this item on this day.
    fn earn(
        &mut self,
        date: NaiveDate,
        person: usize,
        item: &str,
        qty: &str,
        by: &str,
        note: &str,
    ) -> Option<usize> {
        let p = &self.c.people[person];
        let party_only = matches!(item, "meeting" | "party-day");
        if date > end()
            || date <= ymd(OPENING.0, OPENING.1, OPENING.2)
            || !p.lives_on(date)
            || (party_only && !p.party)
            || !self.seen.insert((date, person, item.to_string()))
        {
            return None;
        }
        Some(self.push(Ev {
            rec: date,
            seq: 0,
            date,
            person,
            kind: Kind::Earn,
            item: item.into(),
            qty: pts(qty),
            points: Points::ZERO,
            by: by.into(),
            reference: String::new(),
            note: note.into(),
            took: Vec::new(),
        }))
    }

    /// A void of event `target`, typed in `after` days later.
    fn void(&mut self, target: usize, after: u64, note: &str) -> usize {
        let t = self.events[target].clone();
        let rec = plus(t.rec, after).min(end());
        self.push(Ev {
            rec,
            seq: 0,
            date: rec,
            person: t.person,
            kind: Kind::Void(target),
            item: t.item,
            qty: t.qty,
            points: Points::ZERO,
            by: "周敏".into(),
            reference: String::new(),
            note: note.into(),
            took: Vec::new(),
        })
    }

    fn name(&self, i: usize) -> String {
        self.c.people[i].name.clone()
    }

    fn adults(&self) -> Vec<usize> {
        (0..self.c.people.len())
            .filter(|&i| self.c.people[i].adult)
            .collect()
    }

    fn members(&self, team: &str) -> Vec<usize> {
        (0..self.c.people.len())
            .filter(|&i| self.c.people[i].in_team(team))
            .collect()
    }
}

fn plan_openings(pl: &mut Plan<'_>) {
    for i in 0..pl.c.people.len() {
        let p = &pl.c.people[i];
        if !p.adult || p.joined.is_some() {
            continue;
        }
        let teamed = !p.teams.is_empty();
        let party = p.party;
        if teamed || pl.rng.chance(55) {
            let base = if teamed { 20 } else { 2 };
            let spread = if teamed { 60 } else { 20 };
            let whole = base + pl.rng.below(spread);
            let half = if pl.rng.chance(25) { ".5" } else { "" };
            pl.open(i, "welfare", pts(&format!("{whole}{half}")));
        }
        if party {
            let v = 10 + pl.rng.below(21);
            pl.open(i, "edu", Points::from_whole(v as i64));
        } else if pl.rng.chance(15) {
            let v = 2 * (1 + pl.rng.below(4));
            pl.open(i, "edu", Points::from_whole(v as i64));
        }
    }
}

fn plan_patrols(pl: &mut Plan<'_>) {
    let squads = pl.c.squads.clone();
    let notes = [
        "夜间巡逻",
        "小区周边巡逻",
        "重点楼栋巡查",
        "防盗防火巡查",
        "车棚及围墙巡查",
    ];
    let festivals = [
        (ymd(2025, 10, 1), 7, "国庆节日值守"),
        (ymd(2026, 2, 15), 8, "春节节日值守"),
        (ymd(2026, 10, 1), 7, "国庆节日值守"),
    ];
    let mut day = ymd(2025, 7, 1);
    while day <= end() {
        let squad = match day.weekday() {
            Weekday::Tue => Some(0),
            Weekday::Thu => Some(1),
            Weekday::Sat => Some(2),
            _ => None,
        };
        if let Some(s) = squad {
            let leader = squads[s][0];
            let by = pl.name(leader);
            let hours = if s == 2 {
                *pl.rng.pick(&["2", "3", "3", "2.5", "4"])
            } else {
                *pl.rng.pick(&["2", "2", "2", "2.5", "1.5", "3"])
            };
            let note = *pl.rng.pick(&notes);
            let mut went = 0;
            for &m in &squads[s] {
                if pl.rng.chance(72) && pl.earn(day, m, "patrol", hours, &by, note).is_some() {
                    went += 1;
                }
            }
            if went < 2 {
                pl.earn(day, leader, "patrol", hours, &by, note);
            }
        }
        for &(first, n, note) in &festivals {
            if day >= first && day < plus(first, n) {
                let all: Vec<usize> = squads.iter().flatten().copied().collect();
                let by = pl.name(pl.c.captain);
                for _ in 0..3 {
                    let m = *pl.rng.pick(&all);
                    let hours = *pl.rng.pick(&["4", "4", "5", "6"]);
                    pl.earn(day, m, "patrol", hours, &by, note);
                }
            }
        }
        day = plus(day, 1);
    }
}

fn plan_party(pl: &mut Plan<'_>) {
    let party: Vec<usize> = (0..pl.c.people.len())
        .filter(|&i| pl.c.people[i].party)
        .collect();
    let meetings = ["支部党员大会", "党小组会", "支委会（扩大）"];
    let lessons = [
        "党课：学习新修订的党章",
        "党课：党史学习教育",
        "党课：基层治理与党员先锋作用",
        "党课：学习全会精神",
        "党课：作风建设",
        "党课：学习《中国共产党纪律处分条例》",
    ];
    let days = [
        "重温入党誓词",
        "参观红色教育基地",
        "为独居老人送温暖",
        "清理楼道小广告",
        "学习身边先进典型",
        "党员志愿服务进楼栋",
        "观看红色电影",
        "垃圾分类入户宣传",
    ];
    for (k, (y, m)) in months().into_iter().enumerate() {
        let d = workday(y, m, 8);
        let note = meetings[k % meetings.len()];
        for &i in &party {
            let p = if pl.c.people[i].elder { 70 } else { 92 };
            if pl.rng.chance(p) {
                pl.earn(d, i, "meeting", "1", "党支部", note);
            }
        }
        if m % 3 == 0 {
            let d = workday(y, m, 26);
            let note = lessons[(k / 3) % lessons.len()];
            for &i in &party {
                if pl.rng.chance(85) {
                    pl.earn(d, i, "meeting", "1", "党支部", note);
                }
            }
        }
        let d = workday(y, m, 20);
        let note = days[k % days.len()];
        for &i in &party {
            if pl.rng.chance(85) {
                pl.earn(d, i, "party-day", "1", "党支部", note);
            }
        }
    }
}

fn plan_study(pl: &mut Plan<'_>) {
    let topics = [
        "反诈骗知识讲座",
        "垃圾分类知识讲座",
        "健康养生讲座",
        "消防安全讲座",
        "法律知识进社区",
        "家庭教育讲座",
        "防范养老诈骗讲座",
        "急救知识培训",
        "民法典宣讲",
        "心理健康讲座",
        "食品安全讲座",
        "防汛防灾知识讲座",
    ];
    let adults = pl.adults();
    let mut d = ymd(2025, 7, 19);
    let mut k = 0;
    while d <= end() {
        let note = topics[k % topics.len()];
        for &i in &adults {
            let p = &pl.c.people[i];
            let chance = if p.party {
                45
            } else if p.elder {
                16
            } else {
                10
            };
            if pl.rng.chance(chance) {
                pl.earn(d, i, "study", "1", "社区居委会", note);
            }
        }
        d = plus(d, 42);
        k += 1;
    }
}

fn plan_volunteering(pl: &mut Plan<'_>) {
    let volunteers = pl.members("volunteers");
    let adults = pl.adults();
    let topics = [
        "关爱空巢老人",
        "义务理发",
        "小区绿化养护",
        "助老送餐",
        "义诊服务协助",
        "便民维修",
        "爱心义卖",
        "儿童托管看护",
    ];
    let helps = [
        "陪独居老人就医",
        "为高龄老人代购",
        "助老送餐",
        "帮扶困难家庭",
        "陪伴空巢老人",
    ];
    for (k, (y, m)) in months().into_iter().enumerate() {
        // 志愿服务日: the second Saturday.
        let d = weekday_of_month(y, m, Weekday::Sat, 2);
        let note = topics[k % topics.len()];
        for &i in &adults {
            let chance = if volunteers.contains(&i) { 65 } else { 2 };
            if pl.rng.chance(chance) {
                let h = *pl.rng.pick(&["2", "2", "2.5", "3", "3", "4"]);
                pl.earn(d, i, "volunteer", h, "志愿服务队", note);
            }
        }
        // Help for the elderly, recorded one by one.
        for week in 1..=4 {
            let d = weekday_of_month(y, m, Weekday::Wed, week);
            if pl.rng.chance(80) {
                let v = *pl.rng.pick(&volunteers);
                let h = *pl.rng.pick(&["1", "1.5", "1.5", "2", "2.5"]);
                let note = *pl.rng.pick(&helps);
                pl.earn(d, v, "volunteer", h, "志愿服务队", note);
            }
        }
        // 爱国卫生: the last Saturday.
        let d = weekday_of_month(y, m, Weekday::Sat, 0);
        let note = *pl.rng.pick(&[
            "爱国卫生运动：清理楼道杂物",
            "清理小区卫生死角",
            "清除小广告",
            "灭蚊灭鼠环境整治",
            "清理绿化带垃圾",
        ]);
        for &i in &adults {
            let p = &pl.c.people[i];
            let chance = if volunteers.contains(&i) {
                50
            } else if p.party {
                55
            } else {
                8
            };
            if pl.rng.chance(chance) {
                pl.earn(d, i, "cleanup", "1", "社区居委会", note);
            }
        }
        // 政策宣传 every other month.
        if m % 2 == 1 {
            let d = workday(y, m, 15);
            let note = *pl.rng.pick(&[
                "反诈宣传进楼栋",
                "城乡居民医保缴费宣传",
                "垃圾分类入户宣传",
                "防汛知识宣传",
                "文明养犬宣传",
                "消防安全宣传",
            ]);
            let n = 4 + pl.rng.below(5);
            let mut team = volunteers.clone();
            pl.rng.shuffle(&mut team);
            for &i in team.iter().take(n) {
                pl.earn(d, i, "promotion", "1", "志愿服务队", note);
            }
        }
    }
}

fn plan_performances(pl: &mut Plan<'_>) {
    let shows = [
        (ymd(2025, 7, 1), "庆祝建党104周年文艺汇演"),
        (ymd(2025, 8, 1), "八一拥军慰问演出"),
        (ymd(2025, 10, 1), "国庆文艺汇演"),
        (ymd(2025, 10, 6), "中秋晚会"),
        (ymd(2025, 10, 29), "重阳敬老演出"),
        (ymd(2026, 1, 1), "元旦联欢会"),
        (ymd(2026, 2, 14), "迎新春文艺汇演"),
        (ymd(2026, 3, 3), "元宵节游园演出"),
        (ymd(2026, 5, 1), "劳动节广场演出"),
        (ymd(2026, 6, 19), "端午文艺活动"),
        (ymd(2026, 7, 1), "庆祝建党105周年文艺汇演"),
        (ymd(2026, 9, 25), "中秋晚会"),
        (ymd(2026, 10, 1), "国庆文艺汇演"),
        (ymd(2026, 10, 18), "重阳敬老演出"),
    ];
    let performers = pl.members("performers");
    for (d, note) in shows {
        for &i in &performers {
            if pl.rng.chance(80) {
                pl.earn(d, i, "performance", "1", "文艺队", note);
            }
        }
    }
}

fn plan_mediation(pl: &mut Plan<'_>) {
    let mut mediators: Vec<usize> = (0..pl.c.people.len())
        .filter(|&i| {
            let p = &pl.c.people[i];
            p.adult && p.left.is_none() && p.joined.is_none() && (p.party || p.elder)
        })
        .collect();
    pl.rng.shuffle(&mut mediators);
    mediators.truncate(6);
    let cases = [
        "邻里漏水纠纷",
        "停车位纠纷",
        "装修噪音纠纷",
        "宠物扰民纠纷",
        "楼道堆物纠纷",
        "家庭矛盾调解",
        "空调外机滴水纠纷",
    ];
    for (y, m) in months() {
        for _ in 0..2 {
            let d = workday(y, m, 1 + pl.rng.below(27) as u32);
            let note = *pl.rng.pick(&cases);
            let first = *pl.rng.pick(&mediators);
            pl.earn(d, first, "mediation", "1", "调解委员会", note);
            if pl.rng.chance(40) {
                let second = *pl.rng.pick(&mediators);
                pl.earn(d, second, "mediation", "1", "调解委员会", note);
            }
        }
    }
}

/// Deductions; returns (a littering, a dogs) event to be voided later.
fn plan_deductions(pl: &mut Plan<'_>) -> (Option<usize>, Option<usize>) {
    let adults: Vec<usize> = pl
        .adults()
        .into_iter()
        .filter(|&i| !pl.c.people[i].party)
        .collect();
    let months = months();
    let mut littering = Vec::new();
    for _ in 0..14 {
        let (y, m) = *pl.rng.pick(&months);
        let d = ymd(y, m, 1 + pl.rng.below(28) as u32);
        let i = *pl.rng.pick(&adults);
        let note = *pl
            .rng
            .pick(&["楼道乱扔垃圾", "垃圾未分类投放", "在绿化带倾倒垃圾"]);
        if let Some(e) = pl.earn(d, i, "littering", "1", "网格员", note) {
            littering.push(e);
        }
    }
    let owners: Vec<usize> = (0..3).map(|_| *pl.rng.pick(&adults)).collect();
    let mut dogs = Vec::new();
    for k in 0..9 {
        let (y, m) = *pl.rng.pick(&months);
        let d = ymd(y, m, 1 + pl.rng.below(28) as u32);
        let note = *pl
            .rng
            .pick(&["遛狗不牵绳", "未清理犬只粪便", "犬只夜间吠叫扰民"]);
        if let Some(e) = pl.earn(d, owners[k % 3], "dogs", "1", "网格员", note) {
            dogs.push(e);
        }
    }
    for (d, note) in [
        (ymd(2025, 9, 12), "一楼院内私搭彩钢棚"),
        (ymd(2026, 5, 8), "楼顶私建阳光房"),
    ] {
        let i = *pl.rng.pick(&adults);
        pl.earn(d, i, "illegal-building", "1", "社区居委会", note);
    }
    let i = *pl.rng.pick(&adults);
    pl.earn(
        ymd(2026, 6, 3),
        i,
        "high-throw",
        "1",
        "网格员",
        "从窗口扔下花盆",
    );
    (littering.get(3).copied(), dogs.get(4).copied())
}

/// Mistakes and their voids: the kinds a community worker actually meets.
fn plan_corrections(pl: &mut Plan<'_>, littering: Option<usize>, dogs: Option<usize>) {
    // 1. A patrol of 2.5 hours typed as 25.
    let typo = pl.events.iter().position(|e| {
        e.item == "patrol"
            && e.qty == pts("2.5")
            && e.date.month() == 9
            && pl.c.people[e.person].party
            && e.person != pl.c.captain
    });
    if let Some(t) = typo {
        pl.events[t].qty = pts("25");
        pl.void(t, 2, "数量录错：应为2.5小时");
        let e = pl.events[t].clone();
        pl.seen.remove(&(e.date, e.person, e.item.clone()));
        let k = pl.earn(e.date, e.person, "patrol", "2.5", &e.by, &e.note);
        if let Some(k) = k {
            pl.events[k].rec = plus(e.rec, 2);
        }
    }
    // 2. The wrong 张伟.
    let (zw1, zw2) = pl.c.zhang_wei;
    let wrong = pl
        .events
        .iter()
        .position(|e| e.item == "patrol" && e.person == zw1 && e.date >= ymd(2026, 3, 10));
    if let Some(t) = wrong {
        let e = pl.events[t].clone();
        pl.events[t].person = zw2;
        pl.seen.remove(&(e.date, zw1, e.item.clone()));
        pl.seen.insert((e.date, zw2, e.item.clone()));
        let id1 = pl.c.people[zw1].id.clone();
        pl.void(t, 3, &format!("同名录错人，应为治安联防队的张伟（{id1}）"));
        let qty = e.qty.to_string();
        if let Some(k) = pl.earn(e.date, zw1, "patrol", &qty, &e.by, &e.note) {
            pl.events[k].rec = plus(e.rec, 3);
        }
    }
    // 3. A 三会一课 entered twice (two clones of the book).
    let twice = pl
        .events
        .iter()
        .position(|e| e.item == "meeting" && e.date >= ymd(2026, 4, 1));
    if let Some(t) = twice {
        let mut e = pl.events[t].clone();
        e.took.clear();
        let k = pl.push(e);
        pl.void(k, 6, "重复录入");
    }
    // 4. A deduction appealed.
    if let Some(t) = littering {
        pl.void(t, 5, "经核实非本人所为，撤销扣分");
    }
    // 5. A volunteer day typed with the wrong date.
    let dated = pl.events.iter().position(|e| {
        e.item == "volunteer" && e.date.month() == 11 && e.date.year() == 2025 && e.qty == pts("3")
    });
    if let Some(t) = dated {
        let e = pl.events[t].clone();
        let wrong_day = plus(e.date, 1);
        if pl.seen.insert((wrong_day, e.person, e.item.clone())) {
            pl.seen.remove(&(e.date, e.person, e.item.clone()));
            pl.events[t].date = wrong_day;
            pl.void(t, 4, &format!("日期录错，应为{}", e.date));
            if let Some(k) = pl.earn(e.date, e.person, "volunteer", "3", &e.by, &e.note) {
                pl.events[k].rec = plus(e.rec, 4);
            }
        }
    }
    // 6. A performer recorded who was not there.
    let absent = pl
        .events
        .iter()
        .position(|e| e.item == "performance" && e.date == ymd(2026, 2, 14));
    if let Some(t) = absent {
        pl.void(t, 1, "当天未到场，误录");
    }
    // 7. A dog deduction recorded twice for one incident.
    if let Some(t) = dogs {
        pl.void(t, 7, "同一事件重复扣分");
    }
}

// ------------------------------------------------------------- the rules pass

/// Give every earn row the points the rules give, in ledger order, with caps.
fn apply_rules(book: &Book, c: &Community, events: &mut [Ev]) -> Result<()> {
    let rules = &book.rules;
    let mut used: HashMap<(usize, CapOwner, i32), Points> = HashMap::new();
    let mut pos = vec![usize::MAX; events.len()];
    for (k, e) in events.iter().enumerate() {
        pos[e.seq] = k;
    }
    for k in 0..events.len() {
        let e = events[k].clone();
        match e.kind {
            Kind::Earn => {
                let Some(i) = rules.item(&e.item) else {
                    bail!("unknown item {}", e.item)
                };
                let pid = &c.people[e.person].id;
                let Some(r) = book.roster.index(pid) else {
                    bail!("unknown person {pid}")
                };
                let role = book.roster.people[r].role;
                let item = &rules.items[i];
                let rate = match item.rates.on(e.date).and_then(|x| x.for_role(role)) {
                    Some(Rate::Fixed(p)) => p,
                    // The demo's committee gives the least of a range.
                    Some(Rate::Range { min, .. }) => min,
                    None => bail!("no rate for {} on {}", e.item, e.date),
                };
                let counted = item.max_qty.map_or(e.qty, |m| e.qty.min(m));
                let full = rate.checked_mul(counted).context("overflow")?;
                let mut got = full;
                let keys = cap_keys(rules, i, full);
                if full.is_positive() {
                    for (owner, cap) in &keys {
                        let key = (r, *owner, cap.per.bucket(e.date));
                        let u = used.get(&key).copied().unwrap_or_default();
                        let room = cap.points.checked_sub(u).unwrap_or_default();
                        got = got.min(room.max(Points::ZERO));
                    }
                }
                let mut took = Vec::new();
                if got.is_positive() {
                    for (owner, cap) in &keys {
                        let key = (r, *owner, cap.per.bucket(e.date));
                        let u = used.entry(key).or_default();
                        *u = u.checked_add(got).context("overflow")?;
                        took.push((key, got));
                    }
                }
                events[k].points = got;
                events[k].took = took;
            }
            Kind::Void(t) => {
                let tk = pos[t];
                if tk >= k {
                    bail!("void {} before its target", e.seq);
                }
                let target = events[tk].clone();
                for (key, took) in &target.took {
                    if let Some(u) = used.get_mut(key) {
                        *u = u.checked_sub(*took).unwrap_or(*u).max(Points::ZERO);
                    }
                }
                events[k].item = target.item;
                events[k].qty = target.qty;
                events[k].points = target.points.checked_neg().context("overflow")?;
            }
            Kind::Open | Kind::Redeem => {}
        }
    }
    Ok(())
}

// ----------------------------------------------------------- the supermarket

struct Shop<'a> {
    book: &'a Book,
    /// Per person: day → sum of the points that count.
    daily: Vec<BTreeMap<NaiveDate, Points>>,
    /// (round, reward) → units given out.
    given: BTreeMap<(String, String), u64>,
    /// (round, person, reward) → units.
    had: BTreeMap<(String, usize, String), u64>,
    /// The redemptions made, numbered on from `next`.
    bought: Vec<Ev>,
    next: usize,
}

impl Shop<'_> {
    fn balance(&self, person: usize, d: NaiveDate) -> Points {
        self.daily[person]
            .range(..=d)
            .fold(Points::ZERO, |a, (_, p)| a.checked_add(*p).unwrap_or(a))
    }

    fn earned(&self, person: usize, from: NaiveDate, to: NaiveDate) -> Points {
        self.daily[person]
            .range(from..=to)
            .filter(|(_, p)| p.is_positive())
            .fold(Points::ZERO, |a, (_, p)| a.checked_add(*p).unwrap_or(a))
    }

    /// Grant up to `want` units of `reward` as the rules and the balance allow,
    /// counted in `round`; only an exchange commit writes the round as the
    /// row's ref (SPEC §2.3), a single redemption leaves it empty.
    #[allow(clippy::too_many_arguments)]
    fn redeem(
        &mut self,
        person: usize,
        reward: &str,
        want: u64,
        d: NaiveDate,
        round: &str,
        exchange: bool,
        note: &str,
    ) -> u64 {
        let rules = &self.book.rules;
        let Some(r) = rules.reward(reward) else {
            return 0;
        };
        let rw = &rules.rewards[r];
        let Some(cost) = rw.costs.on(d).copied() else {
            return 0;
        };
        let round = round.to_string();
        let given = self
            .given
            .get(&(round.clone(), reward.to_string()))
            .copied()
            .unwrap_or(0);
        let had = self
            .had
            .get(&(round.clone(), person, reward.to_string()))
            .copied()
            .unwrap_or(0);
        let mut n = want;
        if let Some(s) = rw.stock {
            n = n.min(s.saturating_sub(given));
        }
        if let Some(pp) = rw.per_person {
            n = n.min(pp.saturating_sub(had));
        }
        let bal = self.balance(person, d);
        let afford = (bal.hundredths().max(0) / cost.hundredths().max(1)) as u64;
        n = n.min(afford);
        if n == 0 {
            return 0;
        }
        let spent = cost
            .checked_mul_int(n as i64)
            .and_then(Points::checked_neg)
            .unwrap_or(Points::ZERO);
        *self
            .given
            .entry((round.clone(), reward.into()))
            .or_default() += n;
        *self
            .had
            .entry((round.clone(), person, reward.into()))
            .or_default() += n;
        let day = self.daily[person].entry(d).or_default();
        *day = day.checked_add(spent).unwrap_or(*day);
        let seq = self.next + self.bought.len();
        self.bought.push(Ev {
            rec: d,
            seq,
            date: d,
            person,
            kind: Kind::Redeem,
            item: reward.into(),
            qty: Points::from_whole(n as i64),
            points: spent,
            by: "积分超市".into(),
            reference: if exchange { round } else { String::new() },
            note: note.into(),
            took: Vec::new(),
        });
        n
    }
}

/// The 2025H2 round held on 2026-01-03, single redemptions, and the wishes
/// for the 2026H1 round (returned as CSV lines).
fn plan_shop(book: &Book, c: &Community, events: &mut Vec<Ev>, rng: &mut Rng) -> Vec<String> {
    let voided: HashSet<usize> = events
        .iter()
        .filter_map(|e| match e.kind {
            Kind::Void(t) => Some(t),
            _ => None,
        })
        .collect();
    let mut daily = vec![BTreeMap::new(); c.people.len()];
    for e in events.iter() {
        if matches!(e.kind, Kind::Earn | Kind::Open) && !voided.contains(&e.seq) {
            let day: &mut Points = daily[e.person].entry(e.date).or_default();
            *day = day.checked_add(e.points).unwrap_or(*day);
        }
    }
    let mut shop = Shop {
        book,
        daily,
        given: BTreeMap::new(),
        had: BTreeMap::new(),
        bought: Vec::new(),
        next: events.len(),
    };
    let adults: Vec<usize> = (0..c.people.len()).filter(|&i| c.people[i].adult).collect();

    // Single redemptions in 2025H2.
    let singles_h2_2025 = [
        (ymd(2025, 8, 12), "umbrella", 1, "暴雨天急需"),
        (ymd(2025, 9, 20), "soap", 2, ""),
        (ymd(2025, 11, 8), "towel", 1, ""),
        (ymd(2025, 12, 2), "childcare", 1, "寒假前托管一周"),
    ];
    let mut single_buyers = Vec::new();
    for (d, reward, n, note) in singles_h2_2025 {
        let rich: Vec<usize> = adults
            .iter()
            .copied()
            .filter(|&i| c.people[i].lives_on(d) && shop.balance(i, d) >= Points::from_whole(100))
            .filter(|&i| reward != "childcare" || c.kids[c.people[i].household])
            .collect();
        if rich.is_empty() {
            continue;
        }
        let i = *rng.pick(&rich);
        if shop.redeem(i, reward, n, d, &round_of(d), false, note) > 0 {
            single_buyers.push(i);
        }
    }

    // The 2025H2 round, held on 2026-01-03: the highest earners of the half-year first.
    let round_day = ymd(2026, 1, 3);
    let (h_from, h_to) = (ymd(2025, 7, 1), ymd(2025, 12, 31));
    let mut takers: Vec<usize> = adults
        .iter()
        .copied()
        .filter(|&i| c.people[i].lives_on(round_day) && rng.chance(45))
        .filter(|&i| shop.balance(i, round_day) >= Points::from_whole(10))
        .collect();
    takers.sort_by_key(|&i| (std::cmp::Reverse(shop.earned(i, h_from, h_to)), i));
    for &i in &takers {
        let kids = c.kids[c.people[i].household];
        let mut wishes: Vec<(&str, u64)> = Vec::new();
        if kids && rng.chance(50) {
            wishes.push((
                if rng.chance(50) {
                    "tutoring"
                } else {
                    "childcare"
                },
                1,
            ));
        }
        if rng.chance(35) {
            wishes.push(("umbrella", 1));
        }
        wishes.push(("towel", 1 + rng.below(2) as u64));
        wishes.push(("soap", 1 + rng.below(3) as u64));
        for (reward, n) in wishes {
            shop.redeem(
                i,
                reward,
                n,
                round_day,
                "2025H2",
                true,
                "2025年下半年积分超市",
            );
        }
    }

    // The wishes for the 2026H1 round (exchange date 2026-07-01).
    let xday = ymd(2026, 7, 1);
    let (from, to) = (ymd(2026, 1, 1), ymd(2026, 6, 30));
    let mut names: BTreeMap<&str, usize> = BTreeMap::new();
    for p in &c.people {
        *names.entry(p.name.as_str()).or_default() += 1;
    }
    let mut pool: Vec<usize> = adults
        .iter()
        .copied()
        .filter(|&i| c.people[i].lives_on(xday))
        .collect();
    pool.sort_by_key(|&i| (std::cmp::Reverse(shop.earned(i, from, to)), i));
    let has_kids = |i: usize| c.kids[c.people[i].household];
    // Twelve parents and grandparents for the ten places of 假期课业辅导, six
    // other good earners, and four from further down who may fall short.
    let mut chosen: Vec<usize> = pool
        .iter()
        .copied()
        .filter(|&i| has_kids(i))
        .take(12)
        .collect();
    let others: Vec<usize> = pool
        .iter()
        .copied()
        .filter(|&i| !has_kids(i))
        .take(6)
        .collect();
    chosen.extend(others);
    for k in [60, 100, 150, 200] {
        if let Some(&i) = pool.get(k) {
            if !chosen.contains(&i) {
                chosen.push(i);
            }
        }
    }
    rng.shuffle(&mut chosen);
    let mut lines = vec!["person,reward,qty".to_string()];
    let who = |i: usize, k: usize| -> String {
        let p = &c.people[i];
        if k % 3 == 1 && names.get(p.name.as_str()) == Some(&1) {
            p.name.clone()
        } else {
            p.id.clone()
        }
    };
    for (k, &i) in chosen.iter().enumerate() {
        let person = who(i, k);
        let mut wishes: Vec<(&str, u64)> = Vec::new();
        if has_kids(i) {
            wishes.push(("tutoring", 1));
            if k % 3 == 0 {
                wishes.push(("childcare", 1));
            }
        }
        if k == 5 {
            wishes.push(("umbrella", 2));
        }
        wishes.push(("towel", 1 + (k % 2) as u64));
        if k % 4 == 1 {
            wishes.push(("soap", 3));
        }
        for (reward, n) in wishes {
            lines.push(format!("{person},{reward},{n}"));
        }
    }
    // One more parent asks for more places than there are; a person who has
    // moved away; someone not on the roster.
    if let Some(&i) = pool.iter().find(|&&i| has_kids(i) && !chosen.contains(&i)) {
        lines.push(format!("{},tutoring,12", c.people[i].id));
    }
    if let Some(gone) = c
        .people
        .iter()
        .find(|p| p.left.is_some_and(|l| l < xday) && p.elder)
    {
        lines.push(format!("{},towel,1", gone.id));
    }
    lines.push("P361,soap,1".into());

    // Single redemptions in 2026H2 by people who made no wish above.
    let singles_h2_2026 = [
        (ymd(2026, 8, 20), "childcare", 1, "暑期托管一周"),
        (ymd(2026, 9, 15), "umbrella", 1, ""),
        (ymd(2026, 10, 10), "soap", 3, ""),
        (ymd(2026, 11, 5), "towel", 2, "老人过冬用"),
    ];
    for (d, reward, n, note) in singles_h2_2026 {
        let rich: Vec<usize> = adults
            .iter()
            .copied()
            .filter(|&i| !chosen.contains(&i) && c.people[i].lives_on(d))
            .filter(|&i| shop.balance(i, d) >= Points::from_whole(80))
            .filter(|&i| reward != "childcare" || c.kids[c.people[i].household])
            .collect();
        if rich.is_empty() {
            continue;
        }
        let i = *rng.pick(&rich);
        shop.redeem(i, reward, n, d, &round_of(d), false, note);
    }
    events.extend(shop.bought);
    lines
}

// -------------------------------------------------------------------- output

fn people_csv(c: &Community) -> String {
    let mut s = String::from("id,name,household,building,role,joined,left,teams\n");
    for p in &c.people {
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        s.push_str(&format!(
            "{},{},{},{},{},{},{},{}\n",
            p.id,
            p.name,
            p.household_id,
            p.building,
            if p.party { "party" } else { "resident" },
            date(p.joined),
            date(p.left),
            p.teams.join(";")
        ));
    }
    s
}

fn ledgers(c: &Community, events: &[Ev]) -> BTreeMap<i32, String> {
    let mut files: BTreeMap<i32, String> = BTreeMap::new();
    let mut count: BTreeMap<i32, usize> = BTreeMap::new();
    let mut ids = vec![String::new(); events.len()];
    for e in events {
        let y = e.rec.year();
        let n = count.entry(y).or_default();
        *n += 1;
        ids[e.seq] = format!("d{:02}-{:05}", y % 100, n);
    }
    for e in events {
        let y = e.rec.year();
        let reference = match e.kind {
            Kind::Void(t) => ids[t].clone(),
            _ => e.reference.clone(),
        };
        let row = format_row(&[
            &ids[e.seq],
            &e.date.to_string(),
            &c.people[e.person].id,
            e.kind.word(),
            &e.item,
            &e.qty.to_string(),
            &e.points.to_string(),
            &e.by,
            &reference,
            &e.note,
        ]);
        files
            .entry(y)
            .or_insert_with(|| "id,date,person,kind,item,qty,points,by,ref,note\n".into())
            .push_str(&row);
    }
    files
}

fn generate(out: &Path) -> Result<()> {
    let mut rng = Rng(0x5EED_2025_0630);
    let c = make_community(&mut rng);
    std::fs::create_dir_all(out.join("ledger"))
        .with_context(|| format!("creating {}", out.display()))?;
    std::fs::write(out.join("points.toml"), RULES)?;
    std::fs::write(out.join("people.csv"), people_csv(&c))?;
    std::fs::write(out.join(".gitattributes"), "ledger/*.csv merge=union\n")?;
    let book = match Book::load(out) {
        Ok(b) => b,
        Err(diags) => {
            for d in diags {
                eprintln!("{d}");
            }
            bail!("the generated rules or roster do not load");
        }
    };

    let mut pl = Plan {
        rng,
        c: &c,
        events: Vec::new(),
        seen: HashSet::new(),
    };
    plan_openings(&mut pl);
    plan_patrols(&mut pl);
    plan_party(&mut pl);
    plan_study(&mut pl);
    plan_volunteering(&mut pl);
    plan_performances(&mut pl);
    plan_mediation(&mut pl);
    let (littering, dogs) = plan_deductions(&mut pl);
    plan_corrections(&mut pl, littering, dogs);
    let Plan {
        mut rng,
        mut events,
        ..
    } = pl;
    events.sort_by_key(|e| (e.rec, e.seq));
    apply_rules(&book, &c, &mut events)?;
    let requests = plan_shop(&book, &c, &mut events, &mut rng);
    events.sort_by_key(|e| (e.rec, e.seq));

    for (year, text) in ledgers(&c, &events) {
        std::fs::write(out.join("ledger").join(format!("{year}.csv")), text)?;
    }
    let mut req = requests.join("\n");
    req.push('\n');
    std::fs::write(out.join("requests-2026H1.csv"), req)?;
    // What the volunteers counted on the shelves before the round: fewer
    // towels and umbrellas than points.toml plans for (`--stock`).
    std::fs::write(
        out.join("stock-2026H1.csv"),
        "reward,stock\ntowel,30\numbrella,12\n",
    )?;
    // A paper tally of patrols and volunteering after the last rows of the
    // ledger, as a captain keeps it, for `points import ledger` (#13): ids
    // where names are shared, Excel's date forms.
    std::fs::write(
        out.join("tally-2026-11.csv"),
        "编号,姓名,项目,数量,日期,备注\n\
         P001,刘凯,治安巡逻,2,2026/11/21,夜间巡逻\n\
         P027,张伟,治安巡逻,2,2026/11/21,夜间巡逻\n\
         ,袁凤英,志愿服务,3,2026年11月22日,\n",
    )?;
    Ok(())
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let mut out: Option<PathBuf> = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--out" => out = args.next().map(PathBuf::from),
            "-h" | "--help" => {
                println!("usage: gen-demo --out DIR    write the demo book into DIR");
                return Ok(());
            }
            other => bail!("unknown argument `{other}` (usage: gen-demo --out DIR)"),
        }
    }
    let Some(out) = out else {
        bail!("usage: gen-demo --out DIR (e.g. --out ledgers/demo)");
    };
    generate(&out)
}
