//! Ids of people, items, categories, rewards and entries: `[A-Za-z0-9_-]+`.

/// Whether `s` is a valid id.
pub fn is_valid(s: &str) -> bool {
    is_valid_bytes(s.as_bytes())
}

pub fn is_valid_bytes(b: &[u8]) -> bool {
    !b.is_empty() && b.iter().all(|&c| ID_BYTE[usize::from(c)])
}

/// Which bytes may be in an id (a table: ids are checked on every ledger row).
static ID_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
        c += 1;
    }
    t
};

/// What an id must look like, for messages.
pub const EXPECTED: &str = "letters A-Z a-z, digits, `_` or `-` (no spaces, no Chinese characters)";

#[cfg(test)]
mod tests {
    #[test]
    fn ids() {
        assert!(super::is_valid("P017"));
        assert!(super::is_valid("civilized-household_2"));
        assert!(!super::is_valid(""));
        assert!(!super::is_valid("张三"));
        assert!(!super::is_valid("a b"));
        for c in 0..=255u8 {
            let want = c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
            assert_eq!(super::is_valid_bytes(&[c]), want, "byte {c}");
        }
    }
}
