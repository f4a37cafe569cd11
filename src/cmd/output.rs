//! Where a command's output goes: stdout, or with `--output FILE` a file
//! written whole once the command is done (a temporary file in FILE's
//! folder, renamed over FILE: a reader never sees half a file, and a failed
//! write leaves FILE as it was and nothing beside it). FILE is never one of
//! the book's own files (`points.toml`, `people.csv`, anything in
//! `ledger/`), compared by their canonical paths. A workbook (`--format
//! xlsx`) goes to a file or a pipe, never to a terminal.

use crate::book::{as_dir, LEDGER_DIR};
use crate::cmd::{Fail, Result};
use crate::render::Format;
use crate::tr;
use std::cell::RefCell;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// Refuse `--format xlsx` where it cannot be written: to a terminal, or for
/// a command that prints no table (`init`, `completions`). Checked before
/// the command runs, so that nothing is done for an output that cannot be.
pub fn check_xlsx(format: Format, to_file: bool, table_command: Option<&str>) -> Result {
    if format != Format::Xlsx {
        return Ok(());
    }
    if let Some(command) = table_command {
        return Err(Fail::Usage(tr!(output.xlsx_no_table, command = command)));
    }
    if !to_file && io::stdout().is_terminal() {
        return Err(Fail::Usage(tr!(output.xlsx_terminal)));
    }
    Ok(())
}

/// The file of `--output`, checked before the command runs.
pub struct Target {
    /// As given (shown in messages).
    path: PathBuf,
    /// The folder the temporary file is made in.
    folder: PathBuf,
    /// Written in place rather than replaced: a device or a pipe
    /// (`--output /dev/stdout`), which cannot be renamed over.
    in_place: bool,
}

impl Target {
    /// Check that `path` may be written: not a folder, in a folder that is
    /// there, and not a file of the book at `book`.
    pub fn new(path: &Path, book: &Path) -> Result<Target> {
        let shown = path.display().to_string();
        let meta = std::fs::metadata(path).ok();
        if meta.as_ref().is_some_and(std::fs::Metadata::is_dir) {
            return Err(Fail::Refused(tr!(output.is_folder, path = shown)));
        }
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let Some(name) = path.file_name() else {
            return Err(Fail::Refused(tr!(output.is_folder, path = shown)));
        };
        let Ok(canonical_folder) = std::fs::canonicalize(&folder) else {
            return Err(Fail::Refused(tr!(
                output.no_folder,
                path = shown,
                folder = folder.display()
            )));
        };
        // Where the bytes would land: through a link to the file it names.
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| canonical_folder.join(name));
        if let Ok(root) = std::fs::canonicalize(as_dir(book)) {
            let refuse = |why: String| Err(Fail::Refused(why));
            if canonical == root.join(crate::book::RULES_FILE) {
                return refuse(tr!(output.book_rules, path = shown));
            }
            if canonical == root.join(crate::book::PEOPLE_FILE) {
                return refuse(tr!(output.book_roster, path = shown));
            }
            if canonical.starts_with(root.join(LEDGER_DIR)) {
                return refuse(tr!(output.book_ledger, path = shown));
            }
        }
        Ok(Target {
            path: path.to_path_buf(),
            folder,
            in_place: meta.is_some_and(|m| !m.is_file()),
        })
    }

    /// Write `bytes` (after a UTF-8 byte order mark with `bom`) to the file:
    /// all of them or, on an error, none.
    pub fn write(&self, bytes: &[u8], bom: bool) -> Result {
        let failed = |e: io::Error| {
            // What went wrong, without the temporary file's name that
            // tempfile adds (it is gone).
            let why = e.to_string();
            let why = why.split(" at path \"").next().unwrap_or(&why).to_string();
            Fail::Refused(tr!(
                output.write_failed,
                path = self.path.display(),
                why = why
            ))
        };
        let bom: &[u8] = if bom { "\u{feff}".as_bytes() } else { b"" };
        if self.in_place {
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .open(&self.path)
                .map_err(failed)?;
            return f
                .write_all(bom)
                .and_then(|()| f.write_all(bytes))
                .and_then(|()| f.flush())
                .map_err(failed);
        }
        let mut tmp = tempfile::Builder::new()
            .prefix(".points-output-")
            .tempfile_in(&self.folder)
            .map_err(failed)?;
        let f = tmp.as_file_mut();
        f.write_all(bom).map_err(failed)?;
        f.write_all(bytes).map_err(failed)?;
        tmp.as_file().sync_all().map_err(failed)?;
        set_mode(&tmp, &self.path).map_err(failed)?;
        // On an error the temporary file is dropped, and so removed.
        tmp.persist(&self.path).map_err(|e| failed(e.error))?;
        Ok(())
    }
}

/// A temporary file is made readable by its owner only; the output gets
/// the mode of the file it replaces, else what a new file would get.
#[cfg(unix)]
fn set_mode(tmp: &tempfile::NamedTempFile, path: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    // mode_t is u32 here, u16 on some systems: the conversion is for them.
    #[allow(clippy::useless_conversion)]
    let mode = match std::fs::metadata(path) {
        Ok(m) => m.permissions().mode(),
        Err(_) => {
            // SAFETY: umask only swaps the process's mask; set back at once.
            let mask = unsafe {
                let m = libc::umask(0o022);
                libc::umask(m);
                m
            };
            0o666 & !u32::from(mask)
        }
    };
    tmp.as_file()
        .set_permissions(std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_tmp: &tempfile::NamedTempFile, _path: &Path) -> io::Result<()> {
    Ok(())
}

/// The output of a command held in memory until it is done (`--output`).
#[derive(Clone, Default)]
pub struct Held(Rc<RefCell<Vec<u8>>>);

impl Held {
    pub fn take(&self) -> Vec<u8> {
        std::mem::take(&mut self.0.borrow_mut())
    }
}

impl Write for Held {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
