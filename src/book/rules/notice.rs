//! `[notice]` in `points.toml` (SPEC §9, §12): who issues the public notice,
//! where residents take their objections, and how many days it is posted.

use super::{Cx, Deserialize};
use crate::tr;
use toml::Spanned;

/// `[notice]` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawNotice {
    issuer: Option<Spanned<String>>,
    contact: Option<Spanned<String>>,
    days: Option<Spanned<i64>>,
}

/// The notice's settings, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// Who issues it (`issuer`), shown under the table.
    pub issuer: Option<String>,
    /// Where to object (`contact`), shown under the table.
    pub contact: Option<String>,
    /// How many days it is posted, the day of issue included (default 7).
    pub days: i64,
}

impl Default for Notice {
    fn default() -> Self {
        Notice {
            issuer: None,
            contact: None,
            days: 7,
        }
    }
}

/// The longest posting: a year.
const MAX_DAYS: i64 = 366;

impl Cx<'_> {
    /// `[notice]`: `days` from 1 to 366; `issuer` and `contact` not blank.
    pub(super) fn notice(&mut self, raw: Option<&RawNotice>) -> Notice {
        let mut n = Notice::default();
        let Some(raw) = raw else { return n };
        if let Some(d) = &raw.days {
            if (1..=MAX_DAYS).contains(d.get_ref()) {
                n.days = *d.get_ref();
            } else {
                self.err(
                    d,
                    tr!(notice.rules.days, value = d.get_ref()),
                    &tr!(notice.rules.days_expected),
                );
            }
        }
        let mut text = |s: &Option<Spanned<String>>, key: &str| {
            let s = s.as_ref()?;
            if s.get_ref().trim().is_empty() {
                self.err(
                    s,
                    tr!(notice.rules.blank, key = key),
                    &tr!(notice.rules.blank_expected, key = key),
                );
                return None;
            }
            Some(s.get_ref().trim().to_string())
        };
        n.issuer = text(&raw.issuer, "issuer");
        n.contact = text(&raw.contact, "contact");
        n
    }
}
