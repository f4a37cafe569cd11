//! Household deeds in `points.toml` (SPEC §10): `subject = "household"` on
//! an item, and what such an item may not have (`roles`, points per role).

use super::{Account, Cx, Diagnostic, Exchange, Item, RawItem, RawRate, Reward, Severity};
use crate::tr;
use toml::Spanned;

impl Cx<'_> {
    /// Whether `it` is earned by households (`subject = "household"`); a
    /// subject other than person or household, `roles`, and points per role
    /// on a household item are errors.
    pub(super) fn item_subject(&mut self, it: &RawItem) -> bool {
        let Some(s) = &it.subject else { return false };
        match s.get_ref().as_str() {
            "person" => return false,
            "household" => {}
            other => {
                self.err(
                    s,
                    tr!(household.not_a_subject, value = other),
                    &tr!(household.subject_expected),
                );
                return false;
            }
        }
        let item = it.id.get_ref();
        if let Some(roles) = &it.roles {
            // The first role's place, or (for `roles = []`) the subject's.
            let at = roles.first().map_or(s.span(), Spanned::span);
            self.err(
                &Spanned::new(at, ()),
                tr!(household.roles, item = item),
                &tr!(household.roles_expected),
            );
        }
        // A table of points is per role unless it is a range { min, max }.
        let per_role = |r: &Spanned<RawRate>| matches!(r.get_ref(), RawRate::Map(m) if !m.keys().all(|k| k == "min" || k == "max"));
        let mut by_role: Vec<std::ops::Range<usize>> = Vec::new();
        if let Some(p) = it.points.as_ref().filter(|p| per_role(p)) {
            by_role.push(p.span());
        }
        for r in it.rates.iter().flat_map(|r| r.get_ref()) {
            if per_role(&r.points) {
                by_role.push(r.points.span());
            }
        }
        for at in by_role {
            self.err(
                &Spanned::new(at, ()),
                tr!(household.per_role, item = item),
                &tr!(household.per_role_expected),
            );
        }
        true
    }

    /// With `account = "person"` household deeds can never be spent: a
    /// warning at the first household item's `subject`, where the book has
    /// rewards to spend points on.
    pub(super) fn household_warning(
        &self,
        first: Option<&Spanned<String>>,
        items: &[Item],
        exchange: &Exchange,
        rewards: &[Reward],
    ) -> Vec<Diagnostic> {
        let (Some(s), Some(item)) = (first, items.iter().find(|i| i.household)) else {
            return Vec::new();
        };
        if exchange.account != Account::Person || rewards.is_empty() {
            return Vec::new();
        }
        let d = Diagnostic::at_span(
            Severity::Warning,
            self.path,
            self.text,
            s.span(),
            tr!(household.not_spendable, item = item.id),
        )
        .fix(tr!(household.not_spendable_fix));
        vec![d]
    }
}
