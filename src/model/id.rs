//! Ids of people, items, categories, rewards and entries: `[A-Za-z0-9_-]+`.

/// Whether `s` is a valid id.
pub fn is_valid(s: &str) -> bool {
    is_valid_bytes(s.as_bytes())
}

pub fn is_valid_bytes(b: &[u8]) -> bool {
    !b.is_empty()
        && b.iter()
            .all(|&c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
}

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
    }
}
