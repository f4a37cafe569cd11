//! Ledger entry kinds (SPEC §2.3).

use std::fmt;

/// What a ledger row records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Points from an item (negative for a deduction).
    Earn,
    /// Points spent at the supermarket.
    Redeem,
    /// Cancels one earlier entry.
    Void,
    /// An opening balance carried over from paper records.
    Open,
    /// Makes a pending `earn` row count (SPEC §11); moves nothing itself.
    Approve,
}

impl Kind {
    pub fn parse(b: &[u8]) -> Option<Kind> {
        Some(match b {
            b"earn" => Kind::Earn,
            b"redeem" => Kind::Redeem,
            b"void" => Kind::Void,
            b"open" => Kind::Open,
            b"approve" => Kind::Approve,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Earn => "earn",
            Kind::Redeem => "redeem",
            Kind::Void => "void",
            Kind::Open => "open",
            Kind::Approve => "approve",
        }
    }

    /// Whether this kind counts as earned (earn and open).
    pub fn is_earning(self) -> bool {
        matches!(self, Kind::Earn | Kind::Open)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
