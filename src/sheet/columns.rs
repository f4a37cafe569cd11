//! Finding a sheet's columns by their headers. The header row is the row,
//! among the first few, with the most known headers — so a title row above
//! it (merged across the columns, as Excel users write 花名册 over a
//! roster) is passed over. Headers are compared after NFKC and trimming,
//! English ones whatever their case; `--map 列名=key` names others.

use super::{Row, Sheet};

/// How many rows from the top may hold the header row.
pub const HEADER_SEARCH: usize = 10;

/// A column the importer reads: its key and the headers it goes by.
pub struct Field {
    pub key: &'static str,
    pub names: &'static [&'static str],
}

/// The columns found: for each key, its index and its header as written.
#[derive(Debug)]
pub struct Found {
    /// The header row's number, and its index in the sheet's rows.
    pub header_row: usize,
    pub header_index: usize,
    pub at: Vec<(&'static str, usize, String)>,
    /// Headers of columns that nothing reads: (index, header).
    pub ignored: Vec<(usize, String)>,
}

impl Found {
    /// The index and header of the column of `key`, if the sheet has one.
    pub fn column(&self, key: &str) -> Option<(usize, &str)> {
        self.at
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, i, h)| (*i, h.as_str()))
    }
}

/// Why no columns could be found.
#[derive(Debug)]
pub enum ColumnsError {
    /// No row among the first [`HEADER_SEARCH`] has a known header.
    NoHeader,
    /// Two columns of the header row mean the same key: (key, first, second)
    /// as (index, header).
    Twice {
        row: usize,
        key: &'static str,
        first: (usize, String),
        second: (usize, String),
    },
}

/// A header as compared: NFKC, trimmed, lower case.
fn norm(s: &str) -> String {
    crate::model::typed(s).to_lowercase()
}

/// The key a header means, by `--map` first, then by the fields' names.
fn key_of(header: &str, fields: &[Field], maps: &[(String, &'static str)]) -> Option<&'static str> {
    let h = norm(header);
    if h.is_empty() {
        return None;
    }
    maps.iter()
        .find(|(m, _)| norm(m) == h)
        .map(|(_, k)| *k)
        .or_else(|| {
            fields
                .iter()
                .find(|f| f.key == h || f.names.iter().any(|n| norm(n) == h))
                .map(|f| f.key)
        })
}

/// How many cells of `row` are known headers.
pub fn known(row: &Row, fields: &[Field], maps: &[(String, &'static str)]) -> usize {
    row.cells
        .iter()
        .filter(|c| key_of(&c.text(), fields, maps).is_some())
        .count()
}

/// Find the header row and the columns of `sheet`.
pub fn find(
    sheet: &Sheet,
    fields: &[Field],
    maps: &[(String, &'static str)],
) -> Result<Found, ColumnsError> {
    let best = sheet
        .rows
        .iter()
        .take(HEADER_SEARCH)
        .enumerate()
        .map(|(i, r)| (known(r, fields, maps), i, r))
        .filter(|(n, _, _)| *n > 0)
        // The first of the rows with the most known headers.
        .fold(None::<(usize, usize, &Row)>, |best, (n, i, r)| match best {
            Some((m, _, _)) if m >= n => best,
            _ => Some((n, i, r)),
        });
    let Some((_, header_index, row)) = best else {
        return Err(ColumnsError::NoHeader);
    };
    let mut at: Vec<(&'static str, usize, String)> = Vec::new();
    let mut ignored = Vec::new();
    for (i, c) in row.cells.iter().enumerate() {
        let header = c.text();
        match key_of(&header, fields, maps) {
            Some(key) => {
                if let Some((_, j, h)) = at.iter().find(|(k, _, _)| *k == key) {
                    return Err(ColumnsError::Twice {
                        row: row.number,
                        key,
                        first: (*j, h.clone()),
                        second: (i, header),
                    });
                }
                at.push((key, i, header));
            }
            None if !header.is_empty() => ignored.push((i, header)),
            None => {}
        }
    }
    Ok(Found {
        header_row: row.number,
        header_index,
        at,
        ignored,
    })
}
