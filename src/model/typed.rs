//! What a person types (on the command line, in a requests or import file)
//! is matched after Unicode NFKC normalization and trimming (SPEC §2.1), so
//! that full-width `Ｐ００１` is `P001`, `２` is `2` and `２０２６－０１－０５` is a
//! date. Only typed text is normalized: ids in the book's files are matched
//! as stored, and nothing on the hot path of reading ledgers comes here.

use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;

/// `s` after NFKC, trimmed (ASCII text is only trimmed: NFKC leaves it as it is).
pub fn typed(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        return Cow::Borrowed(s.trim());
    }
    let n: String = s.nfkc().collect();
    Cow::Owned(n.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::typed;

    #[test]
    fn full_width_is_plain() {
        assert_eq!(typed(" Ｐ００１ "), "P001");
        assert_eq!(typed("２"), "2");
        assert_eq!(typed("２０２６－０１－０５"), "2026-01-05");
        assert_eq!(typed("张伟\u{3000}"), "张伟");
        assert_eq!(typed("1栋-201"), "1栋-201");
        // An invisible character stays, to be named where it is refused.
        assert_eq!(typed("张伟\u{200B}"), "张伟\u{200B}");
    }
}
