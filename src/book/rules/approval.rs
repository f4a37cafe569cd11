//! `approval` in `points.toml` (SPEC §11, §12): `[scheme] approval` and an
//! item's `approval`, each `true`, `false` or a date (rows dated from then
//! on); an item's overrides the scheme's. Earn rows of such an item are
//! pending until an `approve` row targets them (never stored: derived).

use super::Cx;
use crate::model::parse_date;
use crate::tr;
use chrono::NaiveDate;
use toml::Spanned;

/// When an item's earn rows need an approval: `None` never; `Some(d)` for
/// rows dated `d` or later (`NaiveDate::MIN`: all of them).
pub type Approval = Option<NaiveDate>;

impl Cx<'_> {
    /// The value of one `approval` key: `None` when it is malformed (an error
    /// at the key), else what it says.
    pub(super) fn approval(&mut self, key: &Spanned<toml::Value>) -> Option<Approval> {
        let text = match key.get_ref() {
            toml::Value::Boolean(true) => return Some(Some(NaiveDate::MIN)),
            toml::Value::Boolean(false) => return Some(None),
            toml::Value::String(s) => s.clone(),
            toml::Value::Datetime(d) => d.to_string(),
            other => other.to_string(),
        };
        match parse_date(&text) {
            Some(d) => Some(Some(d)),
            None => {
                self.err(
                    key,
                    tr!(approval.rules.not_a_value, value = text),
                    &tr!(approval.rules.expected),
                );
                None
            }
        }
    }

    /// An item's approval: its own key where it has one, else the scheme's.
    pub(super) fn item_approval(
        &mut self,
        own: Option<&Spanned<toml::Value>>,
        scheme: Approval,
    ) -> Approval {
        own.and_then(|k| self.approval(k)).unwrap_or(scheme)
    }
}
