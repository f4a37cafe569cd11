//! The text of a CSV file as Excel or WPS saved it: UTF-8 with or without a
//! BOM, UTF-16 (little or big endian, with a BOM or recognised by the zero
//! bytes of its ASCII characters), or GBK/GB18030 (what "CSV" means in Excel
//! on Chinese Windows). Never guessed silently wrong: a file that is none of
//! these for certain is refused with the encodings it might be in.

use encoding_rs::{Encoding, BIG5, GB18030, UTF_16BE, UTF_16LE};

/// The text of `bytes`, or the candidate encodings when it cannot be told.
pub fn decode(bytes: &[u8]) -> Result<String, Vec<String>> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return whole(UTF_16LE, rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return whole(UTF_16BE, rest);
    }
    if let Some(e) = utf16_without_bom(bytes) {
        return whole(e, bytes);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    let clean = |e: &'static Encoding| e.decode_without_bom_handling_and_without_replacement(bytes);
    if guess == encoding_rs::GBK || guess == GB18030 {
        if let Some(text) = clean(GB18030) {
            return Ok(text.into_owned());
        }
    }
    // The candidates: the detector's guess, and the Chinese encodings the
    // bytes are valid in.
    let mut candidates = vec![guess.name().to_string()];
    for e in [GB18030, BIG5] {
        if clean(e).is_some() && !candidates.iter().any(|c| c == e.name()) {
            candidates.push(e.name().to_string());
        }
    }
    Err(candidates)
}

fn utf8(bytes: &[u8]) -> Result<String, Vec<String>> {
    std::str::from_utf8(bytes)
        .map(str::to_string)
        .map_err(|_| vec!["UTF-8".to_string()])
}

/// Decode all of `bytes` in `e`, refusing any byte that does not belong.
fn whole(e: &'static Encoding, bytes: &[u8]) -> Result<String, Vec<String>> {
    e.decode_without_bom_handling_and_without_replacement(bytes)
        .map(|t| t.into_owned())
        .ok_or_else(|| vec![e.name().to_string()])
}

/// UTF-16 without a byte order mark: ASCII characters (digits, commas,
/// line ends) put a zero byte beside them, at odd offsets in little endian
/// and even ones in big endian. Text with zero bytes on both sides, or too
/// few, is not taken for UTF-16 here.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, &b) in head.iter().enumerate() {
        if b == 0 {
            if i.is_multiple_of(2) {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    let pairs = head.len() / 2;
    if pairs == 0 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    // Most characters of a CSV file are ASCII: a quarter of zero bytes on
    // one side, none on the other.
    if odd * 4 >= pairs && even == 0 {
        Some(UTF_16LE)
    } else if even * 4 >= pairs && odd == 0 {
        Some(UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_told_apart() {
        let text = "姓名,户号,入住日期\n张三,1栋-101,2025/1/5\n李四,1栋-102,2025/3/8\n";
        assert_eq!(decode(text.as_bytes()).unwrap(), text);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(decode(&bom).unwrap(), text);
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(decode(&gbk).unwrap(), text);
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode(&le).unwrap(), text);
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&be).unwrap(), text);
        let mut le_bom = b"\xFF\xFE".to_vec();
        le_bom.extend_from_slice(&le);
        assert_eq!(decode(&le_bom).unwrap(), text);
        assert!(decode(b"name\n\xFF\xFF\xFF\n").is_err());
    }
}
