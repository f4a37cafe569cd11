//! Approvals in the scan (SPEC §11, §12): an `earn` row of an item under
//! approval is pending until a non-voided `approve` row targets it. Like
//! voids, approve rows are noted by the first pass (only when some item
//! needs approval: other books pay nothing), so that a row's status is
//! known when the second pass reaches it; each approve row is then checked
//! against its target.

use super::{Scanner, What};
use crate::book::diag::Diagnostic;
use crate::book::ledger::{col, RawRow};
use crate::model::{Kind, Points};
use crate::tr;
use rustc_hash::FxHashMap as HashMap;

/// An `approve` row, from the first pass.
#[derive(Clone, Debug)]
pub(super) struct ApproveRec {
    pub id: String,
    pub seq: u64,
    pub file: usize,
    pub line: usize,
    /// Its target, once the second pass has seen it (before the approve).
    pub target: Option<Approved>,
    /// Its problem is already told.
    pub reported: bool,
}

/// The row an approve names, as seen in the second pass.
#[derive(Clone, Debug)]
pub(super) struct Approved {
    person: usize,
    household: bool,
    /// An earn row of an item under approval on its date.
    pending: bool,
    what: What,
    item: String,
    qty: Option<Points>,
    points: Points,
    /// The id of the void that cancels it.
    voided: Option<String>,
}

/// Note an approve of `target`.
pub(super) fn add_approve(
    approves: &mut HashMap<String, Vec<ApproveRec>>,
    target: String,
    id: String,
    seq: u64,
    (file, line): (usize, usize),
) {
    approves.entry(target).or_default().push(ApproveRec {
        id,
        seq,
        file,
        line,
        target: None,
        reported: false,
    });
}

impl Scanner<'_> {
    /// Whether a void after it (in ledger order) cancels the row `id` at `seq`.
    fn voided_after(&self, id: &str, seq: u64) -> Option<&str> {
        self.voids
            .get(id)
            .and_then(|vs| vs.iter().find(|v| v.seq > seq))
            .map(|v| v.id.as_str())
    }

    /// Whether the row `id` at `seq` has a non-voided approve after it.
    pub(super) fn approved(&self, id: &str, seq: u64) -> bool {
        self.approves.get(id).is_some_and(|rs| {
            rs.iter()
                .any(|r| r.seq > seq && self.voided_after(&r.id, r.seq).is_none())
        })
    }

    /// The row `id` at `seq` has been read: the approves after it learn
    /// what it is (`row`, resolved to `person` and `what`).
    pub(super) fn note_approved(
        &mut self,
        seq: u64,
        (person, household): (usize, bool),
        row: &RawRow<'_>,
        what: What,
        voided: Option<String>,
    ) {
        let Some(rs) = self.approves.get_mut(row.id) else {
            return;
        };
        let pending = match (row.kind, what) {
            (Kind::Earn, What::Item(i)) => self.book.rules.items[i].needs_approval(row.date),
            _ => false,
        };
        for r in rs.iter_mut().filter(|r| r.seq > seq && r.target.is_none()) {
            r.target = Some(Approved {
                person,
                household,
                pending,
                what,
                item: row.item.to_string(),
                qty: row.qty,
                points: row.points,
                voided: voided.clone(),
            });
        }
    }

    /// An unresolved row with id `id` at `seq`: its approves say nothing more.
    pub(super) fn approve_unresolved(&mut self, id: &str, seq: u64) {
        if let Some(rs) = self.approves.get_mut(id) {
            for r in rs.iter_mut().filter(|r| r.seq > seq) {
                r.reported = true;
            }
        }
    }

    fn approve_error(&mut self, file: usize, line: usize, column: usize, msg: String, fix: String) {
        let d = Diagnostic::error(self.path(file), line, msg)
            .field(column)
            .fix(fix);
        self.diags.push(d);
    }

    /// Check an approve row against its target: what it names, or `None`
    /// when it is unusable (its problem told now, or at the end when no
    /// earlier row has its `ref`).
    pub(super) fn check_approve(
        &mut self,
        file: usize,
        line: usize,
        seq: u64,
        person: (usize, bool),
        row: &RawRow<'_>,
    ) -> Option<What> {
        let target = row.reference;
        if target.is_empty() {
            let (msg, fix) = (tr!(approval.check.no_ref), tr!(approval.check.no_ref_fix));
            self.approve_error(file, line, col::REF, msg, fix);
            return None;
        }
        let me = self
            .approves
            .get(target)
            .and_then(|rs| rs.iter().position(|r| r.seq == seq));
        let Some(me) = me else {
            // Not noted by the first pass: no item needs approval (or the
            // kind is spelled with quotes in between).
            let msg = tr!(approval.check.not_pending, target = target);
            let fix = tr!(approval.check.not_pending_fix);
            self.approve_error(file, line, col::REF, msg, fix);
            return None;
        };
        let Some(t) = self.approves[target][me].target.clone() else {
            // A scoped scan (a write) may keep the approve without its
            // target: it is still a row, whose id a new row must not take.
            if self.scope.is_some() {
                return self.book.rules.item(row.item).map(What::Item);
            }
            return None; // told at the end: no earlier row has the id
        };
        if !t.pending {
            let msg = tr!(approval.check.not_pending, target = target);
            let fix = tr!(approval.check.not_pending_fix);
            self.approve_error(file, line, col::REF, msg, fix);
            return None;
        }
        let owner = {
            let who = &self.book.roster.people[t.person];
            if t.household { &who.household } else { &who.id }.clone()
        };
        let qty = |q: Option<Points>| q.map_or_else(String::new, |q| q.to_string());
        let differs = [
            (
                (t.person, t.household) != person,
                col::PERSON,
                row.person.to_string(),
                owner,
            ),
            (
                row.item != t.item,
                col::ITEM,
                row.item.to_string(),
                t.item.clone(),
            ),
            (row.qty != t.qty, col::QTY, qty(row.qty), qty(t.qty)),
            (
                row.points != t.points,
                col::POINTS,
                row.points.to_string(),
                t.points.to_string(),
            ),
        ];
        for (wrong, column, found, expected) in differs {
            if wrong {
                let name = crate::book::ledger::HEADER[column];
                let msg = tr!(
                    approval.check.differs,
                    column = name,
                    found = found,
                    target = target,
                    expected = expected
                );
                let fix = tr!(
                    approval.check.differs_fix,
                    column = name,
                    expected = expected
                );
                self.approve_error(file, line, column, msg, fix);
            }
        }
        if let Some(void) = &t.voided {
            let msg = tr!(approval.check.of_voided, target = target, void = void);
            let d = Diagnostic::warning(self.path(file), line, msg)
                .field(col::REF)
                .fix(tr!(
                    approval.check.of_voided_fix,
                    target = target,
                    void = void
                ));
            self.diags.push(d);
        } else if self.voided_after(row.id, seq).is_none() {
            // A second approval that stands: the first in ledger order counts.
            let first = self.approves[target][..me]
                .iter()
                .find(|r| r.target.is_some() && self.voided_after(&r.id, r.seq).is_none())
                .map(|r| (r.id.clone(), r.file, r.line));
            if let Some((first_id, first_file, first_line)) = first {
                let msg = tr!(
                    approval.check.twice,
                    target = target,
                    first_id = first_id,
                    first = self.path(first_file).display(),
                    line = first_line
                );
                let d = Diagnostic::warning(self.path(file), line, msg)
                    .field(col::REF)
                    .fix(tr!(approval.check.twice_fix));
                self.diags.push(d);
            }
        }
        Some(t.what)
    }

    /// Approves whose target never came before them: an error each.
    pub(super) fn approves_without_entry(&mut self) {
        if self.scope.is_some() {
            // A scoped scan (a write) keeps some rows only: `check` tells.
            return;
        }
        let mut late = Vec::new();
        for (target, rs) in &self.approves {
            if target.is_empty() {
                continue; // told as an approve without `ref`
            }
            let unread = |file: usize, line: usize| {
                self.stopped.iter().any(|&(f, l)| f == file && line >= l)
            };
            for r in rs
                .iter()
                .filter(|r| r.target.is_none() && !r.reported && !unread(r.file, r.line))
            {
                let d = Diagnostic::error(
                    self.path(r.file),
                    r.line,
                    tr!(approval.check.without_entry, target = target),
                )
                .field(col::REF)
                .fix(tr!(approval.check.without_entry_fix));
                late.push(d);
            }
        }
        self.diags.extend(late);
    }
}
