//! Matching what a person types against an id or a name, also by pinyin:
//! `zw` and `zhangwei` find 张伟, `pat` finds `patrol`, `治安` finds 治安巡逻.
//! Used where typing picks from the book (`points add` at a terminal, shell
//! completion); kept small so that it can join the "did you mean" look-up.

use pinyin::ToPinyin;

/// The toneless pinyin of each Chinese character (other letters and digits
/// lowercased) and the pinyin initials: `张伟` → (`zhangwei`, `zw`). `None`
/// for text without Chinese characters.
pub fn sounds(s: &str) -> Option<(String, String)> {
    let mut full = String::new();
    let mut initials = String::new();
    let mut han = false;
    for c in s.chars() {
        match c.to_pinyin() {
            Some(p) => {
                han = true;
                full.push_str(p.plain());
                initials.push_str(p.first_letter());
            }
            None if c.is_alphanumeric() => {
                full.extend(c.to_lowercase());
                initials.extend(c.to_lowercase());
            }
            None => {}
        }
    }
    han.then_some((full, initials))
}

/// How well `typed` picks the entry with this id and name: `None` for not
/// at all; higher is better (an id or a name it begins, then pinyin, then
/// text found inside). Empty input picks everything equally.
pub fn score(typed: &str, id: &str, name: &str) -> Option<i64> {
    let q = typed.trim().to_lowercase();
    if q.is_empty() {
        return Some(0);
    }
    let (id, name) = (id.to_lowercase(), name.to_lowercase());
    if id.starts_with(&q) || name.starts_with(&q) {
        return Some(3);
    }
    if q.chars().all(|c| c.is_ascii_alphanumeric()) {
        if let Some((full, initials)) = sounds(&name) {
            if initials.starts_with(&q) || full.starts_with(&q) {
                return Some(2);
            }
        }
    }
    (id.contains(&q) || name.contains(&q)).then_some(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_names_and_pinyin() {
        assert_eq!(sounds("张伟"), Some(("zhangwei".into(), "zw".into())));
        assert_eq!(sounds("patrol"), None);
        assert_eq!(score("zw", "P027", "张伟"), Some(2));
        assert_eq!(score("zhangw", "P027", "张伟"), Some(2));
        assert_eq!(score("p02", "P027", "张伟"), Some(3));
        assert_eq!(score("张", "P027", "张伟"), Some(3));
        assert_eq!(score("巡逻", "patrol", "治安巡逻"), Some(1));
        assert_eq!(score("zaxl", "patrol", "治安巡逻"), Some(2));
        assert_eq!(score("lk", "P027", "张伟"), None);
        assert_eq!(score("", "P027", "张伟"), Some(0));
    }
}
