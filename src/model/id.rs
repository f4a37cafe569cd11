//! Ids. The ids of roles, categories, items, teams, rewards, evaluations,
//! people, households and buildings are letters or digits of any script
//! (`1栋`, `1栋-201`, `P001`) and `-`, `_`, `.` (SPEC §2.1): see [`check`].
//! Entry ids in ledgers stay `[A-Za-z0-9_-]+`: see [`is_valid`].
//!
//! Both are checked on every ledger row, so ASCII text is checked through a
//! byte table; only text with other characters is read character by
//! character. Nothing here normalizes: ids in files are matched as stored.

use std::fmt;

/// Whether `s` is a valid entry id (`[A-Za-z0-9_-]+`).
pub fn is_valid(s: &str) -> bool {
    is_valid_bytes(s.as_bytes())
}

pub fn is_valid_bytes(b: &[u8]) -> bool {
    !b.is_empty() && b.iter().all(|&c| ENTRY_BYTE[usize::from(c)])
}

/// Which bytes may be in an entry id.
static ENTRY_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
        c += 1;
    }
    t
};

/// Which ASCII bytes may be in the id of a person, item, role, …
static ID_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        t[c] = b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.';
        c += 1;
    }
    t
};

/// What an entry id must look like, for messages.
pub const EXPECTED: &str = "letters A-Z a-z, digits, `_` or `-` (no spaces, no Chinese characters)";

/// Why text is not an id of a person, item, role, …
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdError {
    Empty,
    /// A character that may not be in an id, at this character position (from 1).
    Char {
        ch: char,
        at: usize,
    },
}

/// Whether `s` is the id of a person, household, building, item, role,
/// category, team, reward or evaluation (SPEC §2.1).
pub fn is_id(s: &str) -> bool {
    check(s).is_ok()
}

/// As [`is_id`], saying what is wrong: the first character that may not be
/// in an id, and where.
pub fn check(s: &str) -> Result<(), IdError> {
    if s.is_empty() {
        return Err(IdError::Empty);
    }
    // The common case, every ledger row: ASCII, checked through the table.
    if s.bytes().all(|b| ID_BYTE[usize::from(b)]) {
        return Ok(());
    }
    for (i, ch) in s.chars().enumerate() {
        if !id_char(ch) {
            return Err(IdError::Char { ch, at: i + 1 });
        }
    }
    Ok(())
}

fn id_char(ch: char) -> bool {
    ch.is_alphanumeric() || matches!(ch, '-' | '_' | '.')
}

/// The first character of `s` that a person cannot see (a zero-width
/// space, a BOM, a control character, …), with its position from 1.
pub fn invisible(s: &str) -> Option<(char, usize)> {
    s.chars()
        .enumerate()
        .find(|&(_, ch)| is_invisible(ch))
        .map(|(i, ch)| (ch, i + 1))
}

/// Whether a character shows nothing where it stands (spaces aside).
pub fn is_invisible(ch: char) -> bool {
    ch.is_control()
        || matches!(ch,
            '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{180E}'
            | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
            | '\u{FFA0}' | '\u{FFF9}'..='\u{FFFB}' | '\u{E0000}'..='\u{E007F}')
}

/// A character as a person can find it: `U+200B ZERO WIDTH SPACE` (in
/// Chinese `U+200B`).
pub struct CodePoint(pub char);

impl fmt::Display for CodePoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.0;
        write!(f, "U+{:04X}", u32::from(c))?;
        // The Unicode names are English: Chinese messages say what kind of
        // character it is in their own words, and give the code point.
        if crate::i18n::lang() == crate::i18n::Lang::Zh {
            return Ok(());
        }
        match char_name(c) {
            Some(n) => write!(f, " {n}"),
            None => Ok(()),
        }
    }
}

/// The Unicode names of the characters that get into ids by accident.
fn char_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\t' => "CHARACTER TABULATION",
        '\n' => "LINE FEED",
        '\r' => "CARRIAGE RETURN",
        ' ' => "SPACE",
        '"' => "QUOTATION MARK",
        '\'' => "APOSTROPHE",
        ',' => "COMMA",
        '`' => "GRAVE ACCENT",
        '/' => "SOLIDUS",
        '\\' => "REVERSE SOLIDUS",
        ';' => "SEMICOLON",
        '\u{00A0}' => "NO-BREAK SPACE",
        '\u{00AD}' => "SOFT HYPHEN",
        '\u{034F}' => "COMBINING GRAPHEME JOINER",
        '\u{061C}' => "ARABIC LETTER MARK",
        '\u{180E}' => "MONGOLIAN VOWEL SEPARATOR",
        '\u{2002}' => "EN SPACE",
        '\u{2003}' => "EM SPACE",
        '\u{2009}' => "THIN SPACE",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{2028}' => "LINE SEPARATOR",
        '\u{2029}' => "PARAGRAPH SEPARATOR",
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{202F}' => "NARROW NO-BREAK SPACE",
        '\u{2060}' => "WORD JOINER",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{3000}' => "IDEOGRAPHIC SPACE",
        '\u{3001}' => "IDEOGRAPHIC COMMA",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE (byte order mark)",
        '\u{FF0C}' => "FULLWIDTH COMMA",
        c if c.is_control() => "a control character",
        _ => return None,
    })
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdError::Empty => f.write_str(&crate::tr!(id.empty)),
            IdError::Char { ch, at } if is_invisible(*ch) => {
                f.write_str(&crate::tr!(id.invisible, code = CodePoint(*ch), at = at))
            }
            IdError::Char { ch, at } if ch.is_whitespace() => {
                f.write_str(&crate::tr!(id.space, code = CodePoint(*ch), at = at))
            }
            IdError::Char { ch, at } => f.write_str(&crate::tr!(
                id.other,
                ch = ch,
                code = CodePoint(*ch),
                at = at
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_ids() {
        assert!(is_valid("P017"));
        assert!(is_valid("civilized-household_2"));
        assert!(!is_valid(""));
        assert!(!is_valid("张三"));
        assert!(!is_valid("a b"));
        for c in 0..=255u8 {
            let want = c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
            assert_eq!(is_valid_bytes(&[c]), want, "byte {c}");
        }
    }

    #[test]
    fn ids_of_any_script() {
        for ok in [
            "P001",
            "1栋",
            "1栋-201",
            "1栋-201-1",
            "巡逻",
            "a.b_c-d",
            "Ünal",
            "١٢",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
        assert_eq!(check(""), Err(IdError::Empty));
        assert_eq!(
            check("P00\u{200B}1"),
            Err(IdError::Char {
                ch: '\u{200B}',
                at: 4
            })
        );
        assert_eq!(check("a b"), Err(IdError::Char { ch: ' ', at: 2 }));
        assert_eq!(check("张,三"), Err(IdError::Char { ch: ',', at: 2 }));
        assert_eq!(
            check("\u{FEFF}P1"),
            Err(IdError::Char {
                ch: '\u{FEFF}',
                at: 1
            })
        );
        for c in 0..128u8 {
            let want = c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.');
            assert_eq!(is_id(&char::from(c).to_string()), want, "byte {c}");
        }
    }

    #[test]
    fn invisible_characters_are_named() {
        let e = check("张伟\u{200B}").unwrap_err();
        assert_eq!(
            e.to_string(),
            "it holds an invisible character, U+200B ZERO WIDTH SPACE, at character 3"
        );
        assert_eq!(invisible("ab\u{2060}"), Some(('\u{2060}', 3)));
        assert_eq!(invisible("张伟"), None);
    }
}
