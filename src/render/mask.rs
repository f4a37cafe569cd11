//! Masked names for the public notice (SPEC §9, §12 "Names"): a resident's
//! name as a notice board shows it. Each hidden character is one ASCII `*`.
//!
//! - Chinese (any name holding a Han character): one character → `*`; two →
//!   the first and `*` (张伟 → 张*); longer → the first and the last (张三丰
//!   → 张*丰, 张三丰丰 → 张**丰). A compound surname of §9's list counts as the
//!   first character (欧阳明月 → 欧阳*月, 司马光 → 司马*).
//! - A name with a middle dot is masked part by part (阿卜杜·热合曼 →
//!   阿*杜·热*曼).
//! - Other scripts keep the first letter of each word (Anna Li → A*** L*).

/// The compound surnames of SPEC §9, exactly.
const COMPOUND: [&str; 20] = [
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文",
    "司徒", "夏侯", "轩辕", "端木", "申屠", "南宫", "西门", "百里",
];

/// The middle dots that join the parts of a name (U+00B7, U+30FB, U+2022).
const DOTS: [char; 3] = ['·', '・', '•'];

/// A Han character (the CJK blocks a Chinese name is written in).
fn han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// The name as a notice shows it.
pub fn mask(name: &str) -> String {
    let name = name.trim();
    let mut out = String::with_capacity(name.len() + 4);
    let mut part = String::new();
    for c in name.chars() {
        if DOTS.contains(&c) {
            out.push_str(&mask_part(&part));
            out.push(c);
            part.clear();
        } else {
            part.push(c);
        }
    }
    out.push_str(&mask_part(&part));
    out
}

/// One part of a name (no middle dot in it).
fn mask_part(part: &str) -> String {
    if part.chars().any(han) {
        chinese(part)
    } else {
        words(part)
    }
}

fn stars(n: usize) -> String {
    "*".repeat(n)
}

fn chinese(part: &str) -> String {
    let chars: Vec<char> = part.chars().filter(|c| !c.is_whitespace()).collect();
    // A compound surname counts as one character when a given name follows.
    let surname = if chars.len() >= 3 && COMPOUND.iter().any(|s| part.starts_with(s)) {
        2
    } else {
        1
    };
    let rest = chars.len().saturating_sub(surname);
    let head: String = chars.iter().take(surname).collect();
    match (chars.len(), rest) {
        (0, _) => String::new(),
        (1, _) => stars(1),
        (_, 1) => head + &stars(1),
        (_, _) => {
            let last = chars[chars.len() - 1];
            format!("{head}{}{last}", stars(rest - 1))
        }
    }
}

/// Other scripts: each word keeps its first letter.
fn words(part: &str) -> String {
    part.split_whitespace()
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(first) => format!("{first}{}", stars(cs.count())),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn names_and_their_masks() {
        let table = [
            ("张伟", "张*"),
            ("张三丰", "张*丰"),
            ("张三丰丰", "张**丰"),
            ("欧阳明月", "欧阳*月"),
            ("司马光", "司马*"),
            ("诸葛亮", "诸葛*"),
            ("欧阳", "欧*"),
            ("王", "*"),
            ("Anna Li", "A*** L*"),
            ("Li", "L*"),
            ("阿卜杜·热合曼", "阿*杜·热*曼"),
            ("买买提·艾力", "买*提·艾*"),
            ("  刘凯 ", "刘*"),
            ("", ""),
        ];
        for (name, want) in table {
            assert_eq!(mask(name), want, "mask of {name:?}");
        }
    }
}
