//! `points.toml`: read by serde into plain `Raw*` structs, then converted once
//! into validated, immutable [`Rules`] (SPEC §2.1). Unknown keys, duplicate
//! ids, dangling references and impossible values are all reported, each with
//! the file, line and key.

use crate::book::diag::{Diagnostic, Severity};
use crate::model::points::PointsError;
use crate::model::{id, parse_date, CapPer, Points, Rate};
use crate::{i18n, tr};
use chrono::NaiveDate;
use rustc_hash::FxHashMap as HashMap;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

mod approval;
mod household;
mod notice;
mod range;
pub use approval::Approval;

pub use notice::Notice;

// ---------------------------------------------------------------- raw layer

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    scheme: RawScheme,
    #[serde(default)]
    role: Vec<RawRole>,
    #[serde(default)]
    category: Vec<RawCategory>,
    #[serde(default)]
    item: Vec<RawItem>,
    #[serde(default)]
    team: Vec<RawTeam>,
    exchange: Option<RawExchange>,
    #[serde(default)]
    reward: Vec<RawReward>,
    #[serde(default)]
    evaluation: Vec<RawEvaluation>,
    audit: Option<RawAudit>,
    notice: Option<notice::RawNotice>,
}

/// `[audit]` (SPEC §8, §12): what `points audit` calls a late entry.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAudit {
    max_late_days: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScheme {
    name: String,
    unit: Option<String>,
    max_row_points: Option<Spanned<RawNum>>,
    lang: Option<Spanned<String>>,
    approval: Option<Spanned<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRole {
    id: Spanned<String>,
    name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCap {
    points: Spanned<RawNum>,
    per: Spanned<String>,
    by: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    id: Spanned<String>,
    name: String,
    cap: Option<RawCap>,
    deduct_cap: Option<RawCap>,
}

/// A number as TOML gives it. A float is never used as such: its literal is
/// read again from the source text (see [`Cx::literal`]), so that
/// `999999999999999.99` or `2.000000000000000001` is taken exactly as written.
#[derive(Deserialize, Clone)]
#[serde(untagged)]
enum RawNum {
    Int(i64),
    Float(f64),
    Text(String),
}

/// Points: one number, or a table: one per role (each with its own place in
/// the file, so that its literal can be read again exactly), or a range
/// `{ min = 5, max = 10 }` (also as a role's value).
enum RawRate {
    Flat(RawNum),
    Map(BTreeMap<String, Spanned<RawRate>>),
}

impl<'de> Deserialize<'de> for RawRate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RawRate;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    "a number, a range like { min = 5, max = 10 }, or points per role like { party = 3, resident = 2 }",
                )
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<RawRate, E> {
                Ok(RawRate::Flat(RawNum::Int(v)))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<RawRate, E> {
                i64::try_from(v)
                    .map(|v| RawRate::Flat(RawNum::Int(v)))
                    .map_err(|_| E::custom(TOO_LARGE))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<RawRate, E> {
                Ok(RawRate::Flat(RawNum::Float(v)))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawRate, E> {
                Ok(RawRate::Flat(RawNum::Text(v.to_string())))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<RawRate, A::Error> {
                let mut out = BTreeMap::new();
                while let Some(k) = m.next_key::<String>()? {
                    let v = m.next_value::<Spanned<RawRate>>()?;
                    out.insert(k, v);
                }
                Ok(RawRate::Map(out))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawDate {
    Text(String),
    Toml(toml::value::Datetime),
}

impl RawDate {
    fn text(&self) -> String {
        match self {
            RawDate::Text(s) => s.clone(),
            RawDate::Toml(d) => d.to_string(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDatedRate {
    from: Spanned<RawDate>,
    points: Spanned<RawRate>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDatedCost {
    from: Spanned<RawDate>,
    cost: Spanned<RawNum>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    id: Spanned<String>,
    name: String,
    category: Spanned<String>,
    unit: Option<Spanned<String>>,
    points: Option<Spanned<RawRate>>,
    rates: Option<Spanned<Vec<RawDatedRate>>>,
    roles: Option<Vec<Spanned<String>>>,
    cap: Option<RawCap>,
    deduct_cap: Option<RawCap>,
    max_qty: Option<Spanned<RawNum>>,
    subject: Option<Spanned<String>>,
    approval: Option<Spanned<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTeam {
    id: Spanned<String>,
    name: String,
    #[serde(default)]
    items: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExchange {
    every: Option<Spanned<String>>,
    order: Option<Spanned<String>>,
    account: Option<Spanned<String>>,
    eligible: Option<RawEligible>,
    expire: Option<RawExpire>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExpire {
    after: Spanned<i64>,
    per: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEligible {
    min_hours: Option<Spanned<RawNum>>,
    min_earned: Option<Spanned<RawNum>>,
    not_vetoed: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReward {
    id: Spanned<String>,
    name: String,
    cost: Option<Spanned<RawNum>>,
    costs: Option<Spanned<Vec<RawDatedCost>>>,
    stock: Option<Spanned<i64>>,
    per_person: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvaluation {
    id: Spanned<String>,
    name: String,
    subject: Option<Spanned<String>>,
    who: Option<Vec<Spanned<String>>>,
    period: Option<Spanned<String>>,
    categories: Option<Vec<Spanned<String>>>,
    aggregate: Option<Spanned<String>>,
    veto: Option<Vec<Spanned<String>>>,
    base: Option<Spanned<RawNum>>,
    floor: Option<Spanned<RawNum>>,
    ceiling: Option<Spanned<RawNum>>,
    tiers: Spanned<Vec<Spanned<RawTier>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTier {
    name: String,
    min: Option<Spanned<RawNum>>,
    max: Option<Spanned<i64>>,
    share: Option<Spanned<RawNum>>,
    clean: Option<bool>,
}

// ------------------------------------------------------------- domain layer

#[derive(Clone, Debug)]
pub struct Role {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cap {
    pub points: Points,
    pub per: CapPer,
    /// `by = "household"`: all members of a household share the room.
    pub by_household: bool,
}

#[derive(Clone, Debug)]
pub struct Category {
    pub id: String,
    pub name: String,
    pub cap: Option<Cap>,
    /// Limits the magnitude of negative points (SPEC §10).
    pub deduct_cap: Option<Cap>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Hour,
    Time,
}

/// Points per unit (fixed or a range): the same for everyone, or per role
/// (index → rate).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoleRate {
    All(Rate),
    ByRole(Vec<Option<Rate>>),
}

impl RoleRate {
    pub fn for_role(&self, role: usize) -> Option<Rate> {
        match self {
            RoleRate::All(p) => Some(*p),
            RoleRate::ByRole(v) => v.get(role).copied().flatten(),
        }
    }
}

/// A dated schedule: entries sorted by `from`; the first may have no start.
#[derive(Clone, Debug)]
pub struct Schedule<T> {
    pub steps: Vec<(Option<NaiveDate>, T)>,
}

impl<T> Schedule<T> {
    /// The value in force on `d`, if any step has started by then.
    pub fn on(&self, d: NaiveDate) -> Option<&T> {
        self.steps
            .iter()
            .rev()
            .find(|(from, _)| from.is_none_or(|f| f <= d))
            .map(|(_, v)| v)
    }

    pub fn first_from(&self) -> Option<NaiveDate> {
        self.steps.first().and_then(|(f, _)| *f)
    }
}

#[derive(Clone, Debug)]
pub struct Item {
    pub id: String,
    pub name: String,
    pub category: usize,
    pub unit: Unit,
    pub rates: Schedule<RoleRate>,
    /// Which roles may earn it; `None`: everyone.
    pub roles: Option<Vec<usize>>,
    pub cap: Option<Cap>,
    /// Limits the magnitude of negative points (SPEC §10).
    pub deduct_cap: Option<Cap>,
    pub max_qty: Option<Points>,
    /// `subject = "household"`: earned by a household as a whole; its rows
    /// hold the household id in `person` (SPEC §10).
    pub household: bool,
    /// Its earn rows dated from this day on are pending until approved
    /// (SPEC §11); `None`: they count when written.
    pub approval: Approval,
}

impl Item {
    /// Whether an earn row of it dated `date` needs an approval.
    pub fn needs_approval(&self, date: NaiveDate) -> bool {
        self.approval.is_some_and(|from| date >= from)
    }
}

impl Item {
    pub fn allows_role(&self, role: usize) -> bool {
        self.roles.as_ref().is_none_or(|r| r.contains(&role))
    }
}

#[derive(Clone, Debug)]
pub struct Team {
    pub id: String,
    pub name: String,
    pub items: Vec<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    Earned,
    Balance,
    Lottery,
    Requests,
}

impl Order {
    pub fn as_str(self) -> &'static str {
        match self {
            Order::Earned => "earned",
            Order::Balance => "balance",
            Order::Lottery => "lottery",
            Order::Requests => "requests",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Account {
    Person,
    Household,
}

#[derive(Clone, Debug)]
pub struct Exchange {
    pub every: CapPer,
    pub order: Order,
    pub account: Account,
    /// Who may exchange (SPEC §10); `None`: every account.
    pub eligible: Option<Eligible>,
    /// Points that expire (SPEC §10); `None`: they never do.
    pub expire: Option<Expire>,
}

/// `[exchange] expire`: points earned in a period can be spent until the end
/// of the `after`-th following period of kind `per` (SPEC §10).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Expire {
    pub after: u32,
    /// month, quarter, half-year or year.
    pub per: CapPer,
}

/// The largest `after` of `[exchange] expire`.
pub const MAX_EXPIRE_AFTER: i64 = 100;

/// `[exchange] eligible`: what an account must meet to exchange points
/// (SPEC §10). Each condition is optional.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Eligible {
    /// Hours of hourly items over the account's whole history up to the
    /// exchange date, at least.
    pub min_hours: Option<Points>,
    /// Points earned over the account's whole history up to the exchange
    /// date, at least.
    pub min_earned: Option<Points>,
    /// Not vetoed in this evaluation (index into [`Rules::evaluations`]).
    pub not_vetoed: Option<usize>,
}

#[derive(Clone, Debug)]
pub struct Reward {
    pub id: String,
    pub name: String,
    pub costs: Schedule<Points>,
    pub stock: Option<u64>,
    pub per_person: Option<u64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    Person,
    Household,
    Building,
}

impl Subject {
    pub fn as_str(self) -> &'static str {
        match self {
            Subject::Person => "person",
            Subject::Household => "household",
            Subject::Building => "building",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aggregate {
    Sum,
    Mean,
}

/// A fraction `num/den` of the subjects (0 < num/den ≤ 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Share {
    pub num: u64,
    pub den: u64,
}

impl Share {
    /// `n × share`, rounded down.
    pub fn of(self, n: usize) -> usize {
        let n = n as u128;
        usize::try_from(n * u128::from(self.num) / u128::from(self.den)).unwrap_or(usize::MAX)
    }
}

#[derive(Clone, Debug)]
pub struct Tier {
    pub name: String,
    pub min: Option<Points>,
    pub max: Option<usize>,
    pub share: Option<Share>,
    pub clean: bool,
}

/// What a veto names: a category or an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VetoOn {
    Category(usize),
    Item(usize),
}

#[derive(Clone, Debug)]
pub struct Evaluation {
    pub id: String,
    pub name: String,
    pub subject: Subject,
    /// Whose points count (role indices); `None`: everyone.
    pub who: Option<Vec<usize>>,
    /// The kind of period it is run for (`month`, `quarter`, `half-year`,
    /// `year`): `points evaluate` refuses a period of another kind, e.g. a
    /// yearly 文明户 for `2026H1`. `None` (`period = "any"` or no `period`):
    /// any period, `all` and ranges of days included.
    pub period: Option<CapPer>,
    /// Which categories score; `None`: all.
    pub categories: Option<Vec<usize>>,
    pub aggregate: Aggregate,
    pub veto: Vec<VetoOn>,
    /// Added to every subject's score after aggregation (基础分; SPEC §10).
    pub base: Points,
    /// No score below it, after `base` (扣完为止: `floor = 0`).
    pub floor: Option<Points>,
    /// No score above it, after `base` and `floor`.
    pub ceiling: Option<Points>,
    pub tiers: Vec<Tier>,
}

#[derive(Clone, Debug)]
pub struct Scheme {
    pub name: String,
    pub unit: Option<String>,
    /// An `earn` row beyond ± this many points is most likely a typo: `add`
    /// wants `--yes`, `check` warns (SPEC §2.3; default 100).
    pub max_row_points: Points,
    /// The book's language (SPEC §6), `zh` or `en`; read before the command
    /// line by `i18n::resolve`.
    pub lang: Option<crate::i18n::Lang>,
}

/// The largest amount a rule may hold (points, costs, caps, max_qty, tier
/// minimums, max_row_points): 1,000,000,000. Far above any real scheme, and
/// low enough that every product the tool forms (rate × qty, cost × qty) and
/// every sum of such products over millions of rows fits exactly in the
/// 64-bit hundredths of [`Points`] (larger ledger totals are refused by the
/// scan, row by row).
pub const MAX_AMOUNT: i64 = 1_000_000_000;

/// The largest count a rule may hold (stock, per_person, a tier's max).
pub const MAX_COUNT: i64 = 1_000_000_000;

/// The validated rules of a book.
#[derive(Clone, Debug)]
pub struct Rules {
    pub path: PathBuf,
    pub scheme: Scheme,
    pub roles: Vec<Role>,
    pub categories: Vec<Category>,
    pub items: Vec<Item>,
    pub teams: Vec<Team>,
    pub exchange: Exchange,
    pub rewards: Vec<Reward>,
    pub evaluations: Vec<Evaluation>,
    role_ix: HashMap<String, usize>,
    category_ix: HashMap<String, usize>,
    item_ix: HashMap<String, usize>,
    reward_ix: HashMap<String, usize>,
    team_ix: HashMap<String, usize>,
    /// Warnings about the rules (not errors: the book is usable), for `check`.
    pub warnings: Vec<Diagnostic>,
    /// `[audit] max_late_days` (default 30): `points audit` warns about
    /// rows committed more days than this after their date.
    pub max_late_days: i64,
    /// `[notice]` (SPEC §9): issuer, contact, days.
    pub notice: Notice,
    /// Some item needs approvals (SPEC §11): without, scans skip looking for them.
    pub approval: bool,
}

impl Rules {
    pub fn role(&self, id: &str) -> Option<usize> {
        self.role_ix.get(id).copied()
    }
    pub fn category(&self, id: &str) -> Option<usize> {
        self.category_ix.get(id).copied()
    }
    pub fn item(&self, id: &str) -> Option<usize> {
        self.item_ix.get(id).copied()
    }
    pub fn reward(&self, id: &str) -> Option<usize> {
        self.reward_ix.get(id).copied()
    }
    pub fn team(&self, id: &str) -> Option<usize> {
        self.team_ix.get(id).copied()
    }
    pub fn evaluation(&self, id: &str) -> Option<&Evaluation> {
        self.evaluations.iter().find(|e| e.id == id)
    }

    /// Read and validate `points.toml`. All problems found are returned together.
    pub fn load(path: &Path) -> Result<Rules, Vec<Diagnostic>> {
        let bytes = crate::book::source::read(path)
            .map_err(|e| vec![crate::book::missing_file(path, &e)])?;
        let text = crate::book::decode_utf8(path, &bytes).map_err(|d| vec![d])?;
        Self::parse(path, text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Rules, Vec<Diagnostic>> {
        let raw: RawRules = toml::from_str(text).map_err(|e| vec![toml_error(path, text, &e)])?;
        let mut cx = Cx {
            path,
            text,
            diags: Vec::new(),
        };
        let rules = cx.convert(raw);
        if cx.diags.is_empty() {
            Ok(rules)
        } else {
            Err(cx.diags)
        }
    }
}

fn toml_error(path: &Path, text: &str, e: &toml::de::Error) -> Diagnostic {
    let (message, fix) = TomlProblem::of(e.message().trim()).render();
    let d = match e.span() {
        Some(span) => Diagnostic::at_span(Severity::Error, path, text, span, message),
        None => Diagnostic::error(path, 0, message),
    };
    d.fix(fix)
}

/// What the TOML reader found wrong, as far as its (English) message says.
#[derive(Debug, PartialEq, Eq)]
enum TomlProblem {
    /// A key the table does not have, and the keys it has.
    UnknownKey {
        key: String,
        allowed: Vec<String>,
    },
    /// A value of the wrong kind (points, a date).
    WrongForm,
    /// A value of another TOML type than the key takes.
    WrongType(Wanted),
    MissingKey(String),
    DuplicateKey(String),
    /// A whole number beyond what TOML's reader keeps (2^63 or more).
    TooLarge,
    /// Anything else: the reader's own words.
    Syntax(String),
}

impl TomlProblem {
    fn of(msg: &str) -> TomlProblem {
        // The `a`, `b` in "… `a`, `b`": the names between backquotes.
        let quoted = |s: &str| -> Vec<String> {
            s.split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect()
        };
        let first_quoted = |s: &str| quoted(s).into_iter().next();
        if let Some(rest) = msg.strip_prefix("unknown field `") {
            if let Some((key, tail)) = rest.split_once('`') {
                let allowed = match (
                    tail.strip_prefix(", expected one of "),
                    tail.strip_prefix(", expected "),
                ) {
                    (Some(list), _) => Some(quoted(list)),
                    (None, Some(one)) => Some(quoted(one)),
                    _ => None,
                };
                if let Some(allowed) = allowed.filter(|a| !a.is_empty()) {
                    return TomlProblem::UnknownKey {
                        key: key.to_string(),
                        allowed,
                    };
                }
            }
        }
        if msg.starts_with("data did not match any variant")
            || msg.starts_with("invalid type") && msg.contains("points per role")
        {
            return TomlProblem::WrongForm;
        }
        if let Some(wanted) = msg
            .strip_prefix("invalid type:")
            .and_then(|rest| rest.rsplit_once(", expected "))
            .and_then(|(_, e)| Wanted::of(e))
        {
            return TomlProblem::WrongType(wanted);
        }
        if let Some(key) = msg
            .strip_prefix("missing field")
            .and_then(|_| first_quoted(msg))
        {
            return TomlProblem::MissingKey(key);
        }
        if let Some(key) = msg
            .strip_prefix("duplicate key")
            .and_then(|_| first_quoted(msg))
        {
            return TomlProblem::DuplicateKey(key);
        }
        if msg == TOO_LARGE || msg.starts_with("number too large") {
            return TomlProblem::TooLarge;
        }
        TomlProblem::Syntax(msg.to_string())
    }

    /// The message and the fix, in the chosen language.
    fn render(&self) -> (String, String) {
        match self {
            TomlProblem::UnknownKey { key, allowed } => {
                let message = match allowed.as_slice() {
                    [one] => tr!(rules.unknown_key_single, key = key, allowed = one),
                    _ => {
                        let keys: Vec<String> = allowed.iter().map(|k| format!("`{k}`")).collect();
                        tr!(rules.unknown_key, key = key, keys = i18n::list_plain(&keys))
                    }
                };
                (message, tr!(rules.unknown_key_fix))
            }
            TomlProblem::WrongForm => (tr!(rules.wrong_form), tr!(rules.wrong_form_fix)),
            TomlProblem::WrongType(wanted) => {
                let message = match wanted {
                    Wanted::Integer => tr!(rules.wrong_type_integer),
                    Wanted::Text => tr!(rules.wrong_type_text),
                    Wanted::List => tr!(rules.wrong_type_list),
                    Wanted::Bool => tr!(rules.wrong_type_bool),
                };
                (message, tr!(rules.not_toml_fix))
            }
            TomlProblem::MissingKey(key) => (
                tr!(rules.missing_key, key = key),
                tr!(rules.missing_key_fix),
            ),
            TomlProblem::DuplicateKey(key) => (
                tr!(rules.not_toml_duplicate_key, key = key),
                tr!(rules.not_toml_fix),
            ),
            TomlProblem::TooLarge => (
                tr!(rules.number_too_large, max = MAX_AMOUNT),
                tr!(rules.number_too_large_fix, max = MAX_AMOUNT),
            ),
            TomlProblem::Syntax(detail) => (
                tr!(rules.not_toml, detail = detail),
                tr!(rules.not_toml_fix),
            ),
        }
    }
}

/// What [`RawRate`] says of a whole number too large to hold, to be
/// recognised by [`TomlProblem::of`] (the reader's own words are English).
const TOO_LARGE: &str = "this number is too large";

/// The TOML type a key takes, when a value of another type is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Wanted {
    Integer,
    Text,
    List,
    Bool,
}

impl Wanted {
    /// From the reader's words for it (`i64`, `a string`, `a sequence`).
    fn of(expected: &str) -> Option<Wanted> {
        match expected.trim() {
            "i64" | "u64" | "i32" | "u32" | "an integer" => Some(Wanted::Integer),
            "a string" => Some(Wanted::Text),
            "a boolean" => Some(Wanted::Bool),
            e if e.starts_with("a sequence") => Some(Wanted::List),
            _ => None,
        }
    }
}

/// What an id in points.toml names, for the messages about ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum What {
    Role,
    Category,
    Item,
    Team,
    Reward,
    Evaluation,
}

impl What {
    /// The word for it in a sentence.
    fn word(self) -> String {
        match self {
            What::Role => tr!(rules.what.role),
            What::Category => tr!(rules.what.category),
            What::Item => tr!(rules.what.item),
            What::Team => tr!(rules.what.team),
            What::Reward => tr!(rules.what.reward),
            What::Evaluation => tr!(rules.what.evaluation),
        }
    }

    /// Its table in points.toml (`[[item]]`), as the file writes it.
    fn table(self) -> &'static str {
        match self {
            What::Role => "role",
            What::Category => "category",
            What::Item => "item",
            What::Team => "team",
            What::Reward => "reward",
            What::Evaluation => "evaluation",
        }
    }
}

/// The conversion context: collects diagnostics while building domain types.
struct Cx<'a> {
    path: &'a Path,
    text: &'a str,
    diags: Vec<Diagnostic>,
}

impl Cx<'_> {
    fn err<T>(&mut self, s: &Spanned<T>, msg: impl Into<String>, expected: &str) {
        let d = Diagnostic::at_span(Severity::Error, self.path, self.text, s.span(), msg);
        let d = if expected.is_empty() {
            d
        } else {
            d.expected(expected)
        };
        self.diags.push(d);
    }

    fn id(&mut self, s: &Spanned<String>, what: What) -> String {
        if let Err(e) = id::check(s.get_ref()) {
            self.err(
                s,
                tr!(
                    rules.bad_id,
                    id = s.get_ref(),
                    what = what.word(),
                    reason = e
                ),
                &tr!(rules.id_expected),
            );
        }
        s.get_ref().clone()
    }

    fn unique(&mut self, ids: &[&Spanned<String>], what: What) -> HashMap<String, usize> {
        let mut ix = HashMap::default();
        for (i, s) in ids.iter().enumerate() {
            let id = self.id(s, what);
            if ix.insert(id.clone(), i).is_some() {
                self.err(
                    s,
                    tr!(rules.defined_twice, what = what.word(), id = id),
                    &tr!(rules.each_id_once),
                );
            }
        }
        ix
    }

    fn lookup(
        &mut self,
        ix: &HashMap<String, usize>,
        s: &Spanned<String>,
        what: What,
    ) -> Option<usize> {
        let found = ix.get(s.get_ref()).copied();
        if found.is_none() {
            let mut known: Vec<&str> = ix.keys().map(String::as_str).collect();
            known.sort_unstable();
            let expected = if known.is_empty() {
                tr!(rules.unknown_ref_none, table = what.table())
            } else {
                tr!(rules.unknown_ref_expected, ids = i18n::list_plain(&known))
            };
            self.err(
                s,
                tr!(rules.unknown_ref, what = what.word(), id = s.get_ref()),
                &expected,
            );
        }
        found
    }

    /// The number's text exactly as written: a float's literal is read again
    /// from the file (TOML's `1_000.5` without its underscores), an integer
    /// is exact already, a string is taken as it is.
    fn literal(&self, s: &Spanned<RawNum>) -> String {
        match s.get_ref() {
            RawNum::Int(i) => i.to_string(),
            RawNum::Text(t) => t.clone(),
            RawNum::Float(f) => self
                .text
                .get(s.span())
                .map_or_else(|| f.to_string(), |t| t.trim().replace('_', "")),
        }
    }

    /// An amount of points, exactly as written, within ±[`MAX_AMOUNT`].
    fn points(&mut self, s: &Spanned<RawNum>, what: &str) -> Points {
        let text = self.literal(s);
        match Points::parse(&text) {
            Ok(p) if p.abs() <= Points::from_whole(MAX_AMOUNT) => p,
            Ok(_) | Err(PointsError::Overflow) => {
                self.err(
                    s,
                    tr!(
                        rules.amount_too_large,
                        key = what,
                        value = text,
                        max = MAX_AMOUNT
                    ),
                    &tr!(rules.amount_too_large_expected, max = MAX_AMOUNT),
                );
                Points::ZERO
            }
            Err(e) => {
                let message = match e {
                    PointsError::NotANumber if matches!(s.get_ref(), RawNum::Float(_)) => {
                        tr!(rules.points_exponent, key = what, value = text)
                    }
                    PointsError::NotANumber => {
                        tr!(rules.points_not_a_number, key = what, value = text)
                    }
                    PointsError::Empty => tr!(rules.points_empty, key = what, value = text),
                    PointsError::TooPrecise | PointsError::Overflow => {
                        tr!(rules.points_too_precise, key = what, value = text)
                    }
                };
                self.err(s, message, &tr!(rules.points_expected));
                Points::ZERO
            }
        }
    }

    /// As [`Cx::points`], more than 0 (else `msg`, said once per value).
    fn positive(&mut self, s: &Spanned<RawNum>, what: &str, msg: &str, expected: &str) -> Points {
        let before = self.diags.len();
        let p = self.points(s, what);
        if !p.is_positive() && self.diags.len() == before {
            self.err(s, msg, expected);
        }
        p
    }

    /// A whole count (`key`) within `min..=`[`MAX_COUNT`]; `msg` and
    /// `expected` say what is wrong with one below `min`.
    fn count(&mut self, s: &Spanned<i64>, key: &str, min: i64, msg: &str, expected: &str) -> u64 {
        let n = *s.get_ref();
        if n > MAX_COUNT {
            self.err(
                s,
                tr!(rules.count_too_large, key = key, value = n, max = MAX_COUNT),
                &tr!(rules.count_too_large_expected, min = min, max = MAX_COUNT),
            );
            return MAX_COUNT as u64;
        }
        match u64::try_from(n) {
            Ok(v) if n >= min => v,
            _ => {
                self.err(s, msg, expected);
                min as u64
            }
        }
    }

    fn date(&mut self, s: &Spanned<RawDate>) -> Option<NaiveDate> {
        let t = s.get_ref().text();
        let d = parse_date(&t);
        if d.is_none() {
            self.err(
                s,
                tr!(rules.not_a_date, value = t),
                &tr!(rules.date_expected),
            );
        }
        d
    }

    fn per(&mut self, s: &Spanned<String>) -> CapPer {
        CapPer::parse(s.get_ref()).unwrap_or_else(|| {
            self.err(
                s,
                tr!(rules.not_a_cap_period, value = s.get_ref()),
                &tr!(rules.cap_period_expected),
            );
            CapPer::Year
        })
    }

    fn cap(&mut self, raw: &RawCap) -> Cap {
        let points = self.positive(
            &raw.points,
            "cap",
            &tr!(rules.cap_not_positive),
            &tr!(rules.positive_points),
        );
        let by_household = match raw.by.as_ref().map(|b| (b, b.get_ref().as_str())) {
            None | Some((_, "person")) => false,
            Some((_, "household")) => true,
            Some((b, other)) => {
                self.err(
                    b,
                    tr!(deduct_cap.not_a_cap_by, value = other),
                    &tr!(deduct_cap.cap_by_expected),
                );
                false
            }
        };
        Cap {
            points,
            per: self.per(&raw.per),
            by_household,
        }
    }

    fn role_rate(
        &mut self,
        roles: &HashMap<String, usize>,
        n_roles: usize,
        s: &Spanned<RawRate>,
    ) -> RoleRate {
        match s.get_ref() {
            RawRate::Flat(n) => RoleRate::All(Rate::Fixed(
                self.points(&Spanned::new(s.span(), n.clone()), "points"),
            )),
            RawRate::Map(map) if range::is_range(map) => RoleRate::All(self.range(s.span(), map)),
            RawRate::Map(map) => {
                let mut v = vec![None; n_roles];
                for (role, sn) in map {
                    let p = match sn.get_ref() {
                        RawRate::Flat(n) => {
                            Rate::Fixed(self.points(&Spanned::new(sn.span(), n.clone()), "points"))
                        }
                        RawRate::Map(m) => self.range(sn.span(), m),
                    };
                    match roles.get(role) {
                        Some(&r) => v[r] = Some(p),
                        None => {
                            let mut known: Vec<&str> = roles.keys().map(String::as_str).collect();
                            known.sort_unstable();
                            self.err(
                                s,
                                tr!(rules.unknown_role_in_points, role = role),
                                &tr!(rules.unknown_ref_expected, ids = i18n::list_plain(&known)),
                            );
                        }
                    }
                }
                RoleRate::ByRole(v)
            }
        }
    }

    fn convert(&mut self, raw: RawRules) -> Rules {
        let notice = self.notice(raw.notice.as_ref());
        let max_late_days = match raw.audit.as_ref().and_then(|a| a.max_late_days.as_ref()) {
            None => 30,
            Some(d) if (0..=36_600).contains(d.get_ref()) => *d.get_ref(),
            Some(d) => {
                self.err(
                    d,
                    tr!(audit.rules.max_late_days, value = d.get_ref()),
                    &tr!(audit.rules.max_late_days_expected),
                );
                30
            }
        };
        let max_row_points = match &raw.scheme.max_row_points {
            None => Points::from_whole(100),
            Some(m) => {
                let p = self.positive(
                    m,
                    "max_row_points",
                    &tr!(rules.max_row_points_not_positive),
                    &tr!(rules.max_row_points_expected),
                );
                if p.is_positive() {
                    p
                } else {
                    Points::from_whole(100)
                }
            }
        };
        let roles: Vec<Role> = if raw.role.is_empty() {
            vec![
                Role {
                    id: "party".into(),
                    name: "党员".into(),
                },
                Role {
                    id: "resident".into(),
                    name: "群众".into(),
                },
            ]
        } else {
            raw.role
                .iter()
                .map(|r| Role {
                    id: r.id.get_ref().clone(),
                    name: r.name.clone(),
                })
                .collect()
        };
        self.no_role_named_min_or_max(raw.role.iter().map(|r| &r.id));
        let role_ix = if raw.role.is_empty() {
            roles
                .iter()
                .enumerate()
                .map(|(i, r)| (r.id.clone(), i))
                .collect()
        } else {
            self.unique(
                &raw.role.iter().map(|r| &r.id).collect::<Vec<_>>(),
                What::Role,
            )
        };

        let category_ix = self.unique(
            &raw.category.iter().map(|c| &c.id).collect::<Vec<_>>(),
            What::Category,
        );
        let categories: Vec<Category> = raw
            .category
            .iter()
            .map(|c| Category {
                id: c.id.get_ref().clone(),
                name: c.name.clone(),
                cap: c.cap.as_ref().map(|cap| self.cap(cap)),
                deduct_cap: c.deduct_cap.as_ref().map(|cap| self.cap(cap)),
            })
            .collect();

        let item_ix = self.unique(
            &raw.item.iter().map(|c| &c.id).collect::<Vec<_>>(),
            What::Item,
        );
        let scheme_approval = raw
            .scheme
            .approval
            .as_ref()
            .and_then(|k| self.approval(k))
            .flatten();
        let mut items = Vec::new();
        let mut first_household: Option<Spanned<String>> = None;
        for it in &raw.item {
            let category = self
                .lookup(&category_ix, &it.category, What::Category)
                .unwrap_or(0);
            let unit = match it.unit.as_ref().map(|u| (u, u.get_ref().as_str())) {
                None | Some((_, "time")) => Unit::Time,
                Some((_, "hour")) => Unit::Hour,
                Some((u, other)) => {
                    self.err(
                        u,
                        tr!(rules.not_a_unit, value = other),
                        &tr!(rules.unit_expected),
                    );
                    Unit::Time
                }
            };
            let mut steps = Vec::new();
            match (&it.points, &it.rates) {
                (Some(p), None) => steps.push((None, self.role_rate(&role_ix, roles.len(), p))),
                (None, Some(rates)) => {
                    if rates.get_ref().is_empty() {
                        self.err(
                            rates,
                            tr!(rules.rates_empty, item = it.id.get_ref()),
                            &tr!(rules.rates_empty_expected),
                        );
                    }
                    for r in rates.get_ref() {
                        let from = self.date(&r.from);
                        let rate = self.role_rate(&role_ix, roles.len(), &r.points);
                        if let (Some(prev), Some(f)) = (
                            steps
                                .last()
                                .and_then(|(p, _): &(Option<NaiveDate>, RoleRate)| *p),
                            from,
                        ) {
                            if f <= prev {
                                self.err(
                                    &r.from,
                                    tr!(rules.rates_order, item = it.id.get_ref()),
                                    &tr!(rules.later_from),
                                );
                            }
                        }
                        steps.push((from, rate));
                    }
                }
                (Some(p), Some(_)) => self.err(
                    p,
                    tr!(rules.points_and_rates, item = it.id.get_ref()),
                    &tr!(rules.points_and_rates_expected),
                ),
                (None, None) => self.err(
                    &it.id,
                    tr!(rules.no_points, item = it.id.get_ref()),
                    &tr!(rules.no_points_expected),
                ),
            }
            let item_roles = it.roles.as_ref().map(|rs| {
                rs.iter()
                    .filter_map(|r| self.lookup(&role_ix, r, What::Role))
                    .collect::<Vec<_>>()
            });
            let cap = it.cap.as_ref().map(|c| self.cap(c));
            let deduct_cap = it.deduct_cap.as_ref().map(|c| self.cap(c));
            // A cap limits positive points only: on an item that gives none
            // it would be silently ignored (SPEC §10).
            let all_negative = steps
                .iter()
                .all(|(_, r): &(Option<NaiveDate>, RoleRate)| match r {
                    RoleRate::All(p) => p.is_negative(),
                    RoleRate::ByRole(v) => v.iter().flatten().all(|p| p.is_negative()),
                })
                && steps.iter().any(|(_, r)| match r {
                    RoleRate::All(_) => true,
                    RoleRate::ByRole(v) => v.iter().flatten().next().is_some(),
                });
            if let (Some(raw), true) = (&it.cap, all_negative) {
                self.err(
                    &raw.points,
                    tr!(deduct_cap.cap_on_deduction, item = it.id.get_ref()),
                    &tr!(
                        deduct_cap.cap_on_deduction_expected,
                        points = self.literal(&raw.points),
                        per = raw.per.get_ref()
                    ),
                );
            }
            let max_qty = it.max_qty.as_ref().map(|m| {
                let q = self.positive(
                    m,
                    "max_qty",
                    &tr!(rules.max_qty_not_positive),
                    &tr!(rules.max_qty_expected),
                );
                if unit == Unit::Time && !q.is_whole() {
                    self.err(
                        m,
                        tr!(rules.max_qty_not_whole),
                        &tr!(rules.max_qty_not_whole_expected),
                    );
                }
                q
            });
            let household = self.item_subject(it);
            if household && first_household.is_none() {
                first_household = it.subject.clone();
            }
            items.push(Item {
                id: it.id.get_ref().clone(),
                name: it.name.clone(),
                category,
                unit,
                rates: Schedule { steps },
                roles: item_roles,
                cap,
                deduct_cap,
                max_qty,
                household,
                approval: self.item_approval(it.approval.as_ref(), scheme_approval),
            });
        }

        let team_ix = self.unique(
            &raw.team.iter().map(|c| &c.id).collect::<Vec<_>>(),
            What::Team,
        );
        let teams = raw
            .team
            .iter()
            .map(|t| Team {
                id: t.id.get_ref().clone(),
                name: t.name.clone(),
                items: t
                    .items
                    .iter()
                    .filter_map(|i| self.lookup(&item_ix, i, What::Item))
                    .collect(),
            })
            .collect();

        let mut exchange = match &raw.exchange {
            None => Exchange {
                every: CapPer::HalfYear,
                order: Order::Earned,
                account: Account::Person,
                eligible: None,
                expire: None,
            },
            Some(x) => Exchange {
                eligible: None,
                expire: None,
                every: match &x.every {
                    None => CapPer::HalfYear,
                    Some(s) => match CapPer::parse(s.get_ref()) {
                        Some(
                            p @ (CapPer::Month | CapPer::Quarter | CapPer::HalfYear | CapPer::Year),
                        ) => p,
                        _ => {
                            self.err(
                                s,
                                tr!(rules.not_a_round, value = s.get_ref()),
                                &tr!(rules.round_expected),
                            );
                            CapPer::HalfYear
                        }
                    },
                },
                order: match x.order.as_ref().map(|s| (s, s.get_ref().as_str())) {
                    None | Some((_, "earned")) => Order::Earned,
                    Some((_, "balance")) => Order::Balance,
                    Some((_, "lottery")) => Order::Lottery,
                    Some((_, "requests")) => Order::Requests,
                    Some((s, other)) => {
                        self.err(
                            s,
                            tr!(rules.not_an_order, value = other),
                            &tr!(rules.order_expected),
                        );
                        Order::Earned
                    }
                },
                account: match x.account.as_ref().map(|s| (s, s.get_ref().as_str())) {
                    None | Some((_, "person")) => Account::Person,
                    Some((_, "household")) => Account::Household,
                    Some((s, other)) => {
                        self.err(
                            s,
                            tr!(rules.not_an_account, value = other),
                            &tr!(rules.account_expected),
                        );
                        Account::Person
                    }
                },
            },
        };

        let reward_ix = self.unique(
            &raw.reward.iter().map(|c| &c.id).collect::<Vec<_>>(),
            What::Reward,
        );
        let mut rewards = Vec::new();
        for r in &raw.reward {
            let mut steps: Vec<(Option<NaiveDate>, Points)> = Vec::new();
            let positive = |cx: &mut Self, s: &Spanned<RawNum>| {
                cx.positive(
                    s,
                    "cost",
                    &tr!(rules.cost_not_positive, reward = r.id.get_ref()),
                    &tr!(rules.positive_points),
                )
            };
            match (&r.cost, &r.costs) {
                (Some(c), None) => steps.push((None, positive(self, c))),
                (None, Some(cs)) => {
                    if cs.get_ref().is_empty() {
                        self.err(
                            cs,
                            tr!(rules.costs_empty, reward = r.id.get_ref()),
                            &tr!(rules.costs_empty_expected),
                        );
                    }
                    for c in cs.get_ref() {
                        let from = self.date(&c.from);
                        if let (Some(prev), Some(f)) = (steps.last().and_then(|(p, _)| *p), from) {
                            if f <= prev {
                                self.err(
                                    &c.from,
                                    tr!(rules.costs_order, reward = r.id.get_ref()),
                                    &tr!(rules.later_from),
                                );
                            }
                        }
                        steps.push((from, positive(self, &c.cost)));
                    }
                }
                (Some(c), Some(_)) => self.err(
                    c,
                    tr!(rules.cost_and_costs, reward = r.id.get_ref()),
                    &tr!(rules.cost_and_costs_expected),
                ),
                (None, None) => self.err(
                    &r.id,
                    tr!(rules.no_cost, reward = r.id.get_ref()),
                    &tr!(rules.no_cost_expected),
                ),
            }
            let stock = r.stock.as_ref().map(|s| {
                self.count(
                    s,
                    "stock",
                    0,
                    &tr!(rules.stock_negative),
                    &tr!(rules.stock_expected),
                )
            });
            let per_person = r.per_person.as_ref().map(|s| {
                self.count(
                    s,
                    "per_person",
                    1,
                    &tr!(rules.per_person_low),
                    &tr!(rules.per_person_expected),
                )
            });
            rewards.push(Reward {
                id: r.id.get_ref().clone(),
                name: r.name.clone(),
                costs: Schedule { steps },
                stock,
                per_person,
            });
        }

        let eval_ids = self.unique(
            &raw.evaluation.iter().map(|c| &c.id).collect::<Vec<_>>(),
            What::Evaluation,
        );
        // `not_vetoed` names an evaluation by id or by name (ids first).
        let mut eval_names = eval_ids.clone();
        for (i, e) in raw.evaluation.iter().enumerate() {
            eval_names.entry(e.name.clone()).or_insert(i);
        }
        drop(eval_ids);
        let mut evaluations = Vec::new();
        for e in &raw.evaluation {
            let subject = match e.subject.as_ref().map(|s| (s, s.get_ref().as_str())) {
                None | Some((_, "person")) => Subject::Person,
                Some((_, "household")) => Subject::Household,
                Some((_, "building")) => Subject::Building,
                Some((s, other)) => {
                    self.err(
                        s,
                        tr!(rules.not_a_subject, value = other),
                        &tr!(rules.subject_expected),
                    );
                    Subject::Person
                }
            };
            if e.who.as_ref().is_some_and(Vec::is_empty) {
                self.err(
                    &e.id,
                    tr!(rules.empty_who, evaluation = e.id.get_ref()),
                    &tr!(rules.empty_who_expected),
                );
            }
            if e.categories.as_ref().is_some_and(Vec::is_empty) {
                self.err(
                    &e.id,
                    tr!(rules.empty_categories, evaluation = e.id.get_ref()),
                    &tr!(rules.empty_categories_expected),
                );
            }
            let who = e.who.as_ref().map(|w| {
                w.iter()
                    .filter_map(|r| self.lookup(&role_ix, r, What::Role))
                    .collect()
            });
            let period = match &e.period {
                None => None,
                Some(s) if s.get_ref() == "any" => None,
                Some(s) => match CapPer::parse(s.get_ref()) {
                    Some(
                        p @ (CapPer::Month | CapPer::Quarter | CapPer::HalfYear | CapPer::Year),
                    ) => Some(p),
                    _ => {
                        self.err(
                            s,
                            tr!(rules.not_a_period, value = s.get_ref()),
                            &tr!(rules.period_expected),
                        );
                        None
                    }
                },
            };
            let cats = e.categories.as_ref().map(|c| {
                c.iter()
                    .filter_map(|c| self.lookup(&category_ix, c, What::Category))
                    .collect()
            });
            let aggregate = match e.aggregate.as_ref().map(|s| (s, s.get_ref().as_str())) {
                None | Some((_, "sum")) => Aggregate::Sum,
                Some((_, "mean")) => Aggregate::Mean,
                Some((s, other)) => {
                    self.err(
                        s,
                        tr!(rules.not_an_aggregate, value = other),
                        &tr!(rules.aggregate_expected),
                    );
                    Aggregate::Sum
                }
            };
            let mut veto = Vec::new();
            for v in e.veto.iter().flatten() {
                match (category_ix.get(v.get_ref()), item_ix.get(v.get_ref())) {
                    (Some(&c), _) => veto.push(VetoOn::Category(c)),
                    (None, Some(&i)) => veto.push(VetoOn::Item(i)),
                    (None, None) => self.err(
                        v,
                        tr!(rules.bad_veto, id = v.get_ref()),
                        &tr!(rules.bad_veto_expected),
                    ),
                }
            }
            let base = e
                .base
                .as_ref()
                .map_or(Points::ZERO, |b| self.points(b, "base"));
            let floor = e.floor.as_ref().map(|f| self.points(f, "floor"));
            let ceiling = e.ceiling.as_ref().map(|c| self.points(c, "ceiling"));
            if let (Some(f), Some(c), Some(at)) = (floor, ceiling, e.ceiling.as_ref()) {
                if f > c {
                    self.err(
                        at,
                        tr!(
                            rules.eval_bounds.floor_above_ceiling,
                            evaluation = e.id.get_ref(),
                            floor = f,
                            ceiling = c
                        ),
                        &tr!(rules.eval_bounds.floor_above_ceiling_expected),
                    );
                }
            }
            let mut tiers = Vec::new();
            let n_tiers = e.tiers.get_ref().len();
            if n_tiers == 0 {
                self.err(
                    &e.tiers,
                    tr!(rules.no_tiers, evaluation = e.id.get_ref()),
                    &tr!(rules.no_tiers_expected),
                );
            }
            for (k, t) in e.tiers.get_ref().iter().enumerate() {
                let tr = t.get_ref();
                let min = tr.min.as_ref().map(|m| self.points(m, "min"));
                let max = tr.max.as_ref().map(|m| {
                    let n = self.count(
                        m,
                        "max",
                        1,
                        &tr!(rules.tier_max_low),
                        &tr!(rules.tier_max_expected),
                    );
                    usize::try_from(n).unwrap_or(usize::MAX)
                });
                let share = tr.share.as_ref().map(|s| self.share(s));
                let catch_all =
                    min.is_none() && max.is_none() && share.is_none() && !tr.clean.unwrap_or(false);
                if catch_all && k + 1 < n_tiers {
                    self.err(
                        t,
                        tr!(rules.catch_all, tier = tr.name),
                        &tr!(rules.catch_all_expected),
                    );
                }
                if e.tiers.get_ref()[..k]
                    .iter()
                    .any(|o| o.get_ref().name == tr.name)
                {
                    self.err(
                        t,
                        tr!(
                            rules.tier_twice,
                            evaluation = e.id.get_ref(),
                            tier = tr.name
                        ),
                        &tr!(rules.tier_twice_expected),
                    );
                }
                tiers.push(Tier {
                    name: tr.name.clone(),
                    min,
                    max,
                    share,
                    clean: tr.clean.unwrap_or(false),
                });
            }
            evaluations.push(Evaluation {
                id: e.id.get_ref().clone(),
                name: e.name.clone(),
                subject,
                who,
                period,
                categories: cats,
                aggregate,
                veto,
                base,
                floor,
                ceiling,
                tiers,
            });
        }

        exchange.eligible = raw
            .exchange
            .as_ref()
            .and_then(|x| x.eligible.as_ref())
            .map(|e| self.eligible(e, &eval_names));
        exchange.expire = raw
            .exchange
            .as_ref()
            .and_then(|x| x.expire.as_ref())
            .map(|e| self.expire(e));

        let warnings =
            self.household_warning(first_household.as_ref(), &items, &exchange, &rewards);
        let uses_approval = items.iter().any(|i: &Item| i.approval.is_some());
        let lang = raw.scheme.lang.as_ref().and_then(|l| {
            let lang = crate::i18n::resolve::scheme_lang(l.get_ref());
            if lang.is_none() {
                self.err(
                    l,
                    tr!(rules.scheme_lang, value = l.get_ref()),
                    &tr!(rules.scheme_lang_expected),
                );
            }
            lang
        });
        Rules {
            path: self.path.to_path_buf(),
            scheme: Scheme {
                name: raw.scheme.name,
                unit: raw.scheme.unit,
                max_row_points,
                lang,
            },
            roles,
            categories,
            items,
            teams,
            exchange,
            rewards,
            evaluations,
            role_ix,
            category_ix,
            item_ix,
            reward_ix,
            team_ix,
            warnings,
            max_late_days,
            notice,
            approval: uses_approval,
        }
    }

    /// A share as a fraction: a decimal (0.33) or text "1/3"; 0 < share ≤ 1.
    /// `[exchange] eligible` (SPEC §10): hours at least 0, earned any amount
    /// a rule may hold, the evaluation by id or name.
    fn eligible(&mut self, raw: &RawEligible, evals: &HashMap<String, usize>) -> Eligible {
        let min_hours = raw.min_hours.as_ref().map(|s| {
            let before = self.diags.len();
            let h = self.points(s, "min_hours");
            if h.is_negative() && self.diags.len() == before {
                self.err(
                    s,
                    tr!(eligible.rules.hours_negative, value = h),
                    &tr!(eligible.rules.hours_expected),
                );
            }
            h
        });
        let min_earned = raw
            .min_earned
            .as_ref()
            .map(|s| self.points(s, "min_earned"));
        let not_vetoed = raw.not_vetoed.as_ref().and_then(|s| {
            let found = evals.get(s.get_ref()).copied();
            if found.is_none() {
                let mut known: Vec<&str> = evals.keys().map(String::as_str).collect();
                known.sort_unstable();
                let expected = if known.is_empty() {
                    tr!(eligible.rules.no_evaluations)
                } else {
                    tr!(
                        eligible.rules.unknown_evaluation_expected,
                        ids = i18n::list_plain(&known)
                    )
                };
                self.err(
                    s,
                    tr!(eligible.rules.unknown_evaluation, id = s.get_ref()),
                    &expected,
                );
            }
            found
        });
        Eligible {
            min_hours,
            min_earned,
            not_vetoed,
        }
    }

    /// `[exchange] expire` (SPEC §10): `after` a whole number of periods
    /// from 0 to [`MAX_EXPIRE_AFTER`], `per` a kind of round.
    fn expire(&mut self, raw: &RawExpire) -> Expire {
        let n = *raw.after.get_ref();
        let after = match u32::try_from(n) {
            Ok(a) if n <= MAX_EXPIRE_AFTER => a,
            _ => {
                self.err(
                    &raw.after,
                    tr!(expire.rules.after, value = n, max = MAX_EXPIRE_AFTER),
                    &tr!(expire.rules.after_expected, max = MAX_EXPIRE_AFTER),
                );
                0
            }
        };
        let per = match CapPer::parse(raw.per.get_ref()) {
            Some(p @ (CapPer::Month | CapPer::Quarter | CapPer::HalfYear | CapPer::Year)) => p,
            _ => {
                self.err(
                    &raw.per,
                    tr!(expire.rules.per, value = raw.per.get_ref()),
                    &tr!(expire.rules.per_expected),
                );
                CapPer::Year
            }
        };
        Expire { after, per }
    }

    fn share(&mut self, s: &Spanned<RawNum>) -> Share {
        let text = self.literal(s);
        let parsed = if let Some((a, b)) = text.split_once('/') {
            match (a.trim().parse::<u64>(), b.trim().parse::<u64>()) {
                (Ok(a), Ok(b)) if b > 0 => Some(Share { num: a, den: b }),
                _ => None,
            }
        } else {
            // Up to six decimals: 0.333333.
            let (i, f) = text.split_once('.').unwrap_or((&text, ""));
            if !i.is_empty()
                && i.bytes().all(|c| c.is_ascii_digit())
                && f.len() <= 6
                && f.bytes().all(|c| c.is_ascii_digit())
            {
                let den = 10u64.pow(f.len() as u32);
                format!("{i}{f}")
                    .parse::<u64>()
                    .ok()
                    .map(|num| Share { num, den })
            } else {
                None
            }
        };
        match parsed {
            Some(sh) if sh.num > 0 && sh.num <= sh.den => sh,
            _ => {
                self.err(
                    s,
                    tr!(rules.not_a_share, value = text),
                    &tr!(rules.share_expected),
                );
                Share { num: 1, den: 1 }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(t: &str) -> Result<Rules, Vec<Diagnostic>> {
        Rules::parse(Path::new("points.toml"), t)
    }

    #[test]
    fn minimal_rules_with_defaults() {
        let r = parse("[scheme]\nname = \"x\"\n").unwrap();
        assert_eq!(r.roles.len(), 2);
        assert_eq!(r.role("party"), Some(0));
        assert_eq!(r.exchange.every, CapPer::HalfYear);
    }

    #[test]
    fn unknown_key_names_line() {
        let e = parse("[scheme]\nname = \"x\"\n\n[[category]]\nid = \"a\"\nnmae = \"b\"\n")
            .unwrap_err();
        assert_eq!(e[0].line, 6, "{}", e[0]);
        assert!(e[0].message.contains("unknown field `nmae`"), "{}", e[0]);
    }

    #[test]
    fn dangling_reference_and_duplicate() {
        let t = "[scheme]\nname = \"x\"\n[[category]]\nid = \"a\"\nname = \"A\"\n[[category]]\nid = \"a\"\nname = \"B\"\n[[item]]\nid = \"i\"\nname = \"I\"\ncategory = \"zz\"\npoints = 2\n";
        let e = parse(t).unwrap_err();
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].line, 7);
        assert!(e[1].message.contains("unknown category `zz`"));
        assert_eq!(e[1].line, 12);
    }

    #[test]
    fn floats_are_read_exactly() {
        let t = "[scheme]\nname = \"x\"\n[[category]]\nid = \"a\"\nname = \"A\"\n[[item]]\nid = \"i\"\nname = \"I\"\ncategory = \"a\"\npoints = 0.1\n";
        let r = parse(t).unwrap();
        assert_eq!(
            r.items[0].rates.steps[0].1,
            RoleRate::All(Rate::Fixed(Points::from_hundredths(10)))
        );
    }

    #[test]
    fn rewards_are_validated() {
        let t = "[scheme]\nname = \"x\"\n[[reward]]\nid = \"a\"\nname = \"A\"\ncost = 0\n[[reward]]\nid = \"b\"\nname = \"B\"\ncost = 5\nstock = -1\n[[reward]]\nid = \"c\"\nname = \"C\"\ncosts = [{ from = \"2026-01-01\", cost = -2 }]\nper_person = 0\n";
        let e = parse(t).unwrap_err();
        let got: Vec<(usize, &str)> = e.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (6, "reward `a` must cost more than 0"),
                (11, "stock cannot be negative"),
                (15, "reward `c` must cost more than 0"),
                (16, "per_person must be at least 1"),
            ]
        );
        let ok = "[scheme]\nname = \"x\"\n[[reward]]\nid = \"a\"\nname = \"A\"\ncost = 0.5\nstock = 0\nper_person = 1\n";
        let r = parse(ok).unwrap();
        assert_eq!(r.rewards[0].stock, Some(0));
        assert_eq!(r.rewards[0].per_person, Some(1));
    }

    #[test]
    fn share_rounds_down() {
        assert_eq!(Share { num: 1, den: 3 }.of(23), 7);
        assert_eq!(
            Share {
                num: 333,
                den: 1000
            }
            .of(3),
            0
        );
    }

    fn eval_errors(body: &str) -> Vec<String> {
        let t = format!(
            "[scheme]\nname = \"x\"\n[[category]]\nid = \"law\"\nname = \"L\"\n[[item]]\nid = \"litter\"\nname = \"I\"\ncategory = \"law\"\npoints = -5\n[[evaluation]]\nid = \"e\"\nname = \"E\"\n{body}\n"
        );
        match parse(&t) {
            Ok(_) => Vec::new(),
            Err(e) => e
                .iter()
                .map(|d| format!("{}: {}", d.line, d.message))
                .collect(),
        }
    }

    #[test]
    fn evaluation_validation() {
        assert_eq!(
            eval_errors("veto = [\"law\", \"litter\"]\ntiers = [{ name = \"A\", min = 5, share = \"1/3\", clean = true }, { name = \"B\" }]"),
            Vec::<String>::new()
        );
        assert_eq!(
            eval_errors("tiers = [{ name = \"A\", share = 0 }]"),
            vec!["14: `0` is not a share of the subjects"]
        );
        assert_eq!(
            eval_errors("tiers = [{ name = \"A\", share = 1.5 }]"),
            vec!["14: `1.5` is not a share of the subjects"]
        );
        assert_eq!(
            eval_errors("tiers = [{ name = \"A\", max = 0 }]"),
            vec!["14: a tier's max must be at least 1"]
        );
        assert_eq!(
            eval_errors("tiers = [{ name = \"A\" }, { name = \"B\", min = 3 }]"),
            vec!["14: tier `A` takes everyone, so the tiers after it can never be reached"]
        );
        assert_eq!(
            eval_errors("tiers = [{ name = \"A\", min = 3 }, { name = \"A\" }]"),
            vec!["14: evaluation `e` has two tiers named `A`"]
        );
        assert_eq!(
            eval_errors("who = []\nveto = [\"nope\"]\ntiers = [{ name = \"A\" }]"),
            vec![
                "12: evaluation `e` has an empty `who`: nobody would count",
                "15: veto names `nope`, which is neither a category nor an item"
            ]
        );
        assert_eq!(
            eval_errors("period = \"week\"\ntiers = [{ name = \"A\" }]"),
            vec!["14: `week` is not an evaluation period"]
        );
    }

    #[test]
    fn base_floor_ceiling_validation() {
        let ok = "base = 100.5\nfloor = 0\nceiling = 0\ntiers = [{ name = \"A\" }]";
        assert_eq!(eval_errors(ok), Vec::<String>::new());
        assert_eq!(
            eval_errors("base = -7\nfloor = -3\nceiling = -4\ntiers = [{ name = \"A\" }]"),
            vec!["16: evaluation `e` has a floor of -3 above its ceiling of -4: no score could be both"]
        );
        assert_eq!(
            eval_errors("base = 1000000000.01\nceiling = 1e3\ntiers = [{ name = \"A\" }]"),
            vec![
                "14: base `1000000000.01` is too large: the rules accept amounts up to 1000000000, so that every total stays exact",
                "15: ceiling `1e3`: write it plainly, with no exponent (like 2 or 2.5)"
            ]
        );
    }
}
