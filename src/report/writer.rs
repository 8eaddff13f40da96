//! Writing a run's report folder and appending to a history file.
//!
//! Every file is written to a temporary name in its folder and renamed into
//! place, so a reader never sees half a report. The folder and the history
//! file are checked before the load starts, so an unwritable `--out` or
//! `--append-csv` fails early, not after the run.

use std::fs;
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use tempfile::NamedTempFile;

use super::summary::{Summary, SummaryCsvRow, TimeseriesRow};

/// Why a report could not be written.
///
/// The message names the file; what the OS or the encoder said is the
/// error's [`source`](std::error::Error::source), printed after it by `{:#}`.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The folder already holds files and `--force` was not given.
    #[error("report folder {} is not empty; pass --force to overwrite it or choose another --out", .0.display())]
    NotEmpty(PathBuf),
    /// The folder or a file in it could not be created or written.
    #[error("cannot write {}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the OS said.
        source: io::Error,
    },
    /// A record could not be encoded as CSV.
    #[error("cannot encode {}", path.display())]
    Csv {
        /// The file being written.
        path: PathBuf,
        /// What the encoder said.
        source: csv::Error,
    },
    /// A record could not be encoded as JSON.
    #[error("cannot encode {}", path.display())]
    Json {
        /// The file being written.
        path: PathBuf,
        /// What the encoder said.
        source: serde_json::Error,
    },
    /// The history file's header names other columns than this version writes.
    #[error("{} has a header that does not match the columns this version writes; start a new history file", .0.display())]
    HistoryHeader(PathBuf),
    /// A new history file's folder does not exist.
    #[error("cannot create history file {}: folder {} does not exist", file.display(), folder.display())]
    NoHistoryFolder {
        /// The history file.
        file: PathBuf,
        /// The folder it would be created in.
        folder: PathBuf,
    },
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_owned(),
        source,
    }
}

/// A run's report folder, checked to be writable.
#[derive(Debug, Clone)]
pub struct RunFolder {
    path: PathBuf,
    /// The folders [`RunFolder::prepare`] created, deepest first.
    created: Vec<PathBuf>,
}

impl RunFolder {
    /// Creates the folder, or accepts an empty one, or a full one with `force`,
    /// and checks that files can be written in it.
    pub fn prepare(path: &Path, force: bool) -> Result<Self, WriteError> {
        let occupied = fs::read_dir(path).map(|mut entries| entries.next().is_some());
        if matches!(occupied, Ok(true)) && !force {
            return Err(WriteError::NotEmpty(path.to_owned()));
        }
        let created = missing_folders(path);
        let writable = fs::create_dir_all(path).and_then(|()| NamedTempFile::new_in(path));
        if let Err(err) = writable {
            remove_empty(&created);
            return Err(io_error(path)(err));
        }
        Ok(Self {
            path: path.to_owned(),
            created,
        })
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Removes the folders [`RunFolder::prepare`] created, deepest first, as
    /// long as they are empty, so that a run that did not start leaves
    /// nothing behind; a folder that existed before, or holds files, stays.
    pub fn remove_if_unused(&self) {
        remove_empty(&self.created);
    }

    /// Writes `summary.json`.
    pub fn write_summary(&self, summary: &Summary) -> Result<PathBuf, WriteError> {
        let path = self.path.join("summary.json");
        let mut json = serde_json::to_vec_pretty(summary).map_err(|source| WriteError::Json {
            path: path.clone(),
            source,
        })?;
        json.push(b'\n');
        write_atomic(&path, &json)?;
        Ok(path)
    }

    /// Writes `summary.csv`: a header and one row.
    pub fn write_summary_csv(&self, row: &SummaryCsvRow) -> Result<PathBuf, WriteError> {
        let path = self.path.join("summary.csv");
        write_atomic(&path, &to_csv(&path, std::slice::from_ref(row), true)?)?;
        Ok(path)
    }

    /// Writes `timeseries.csv`: a header and one row per snapshot.
    pub fn write_timeseries(&self, rows: &[TimeseriesRow]) -> Result<PathBuf, WriteError> {
        let path = self.path.join("timeseries.csv");
        let bytes = if rows.is_empty() {
            header::<TimeseriesRow>()
        } else {
            to_csv(&path, rows, true)?
        };
        write_atomic(&path, &bytes)?;
        Ok(path)
    }

    /// Writes another file of the report, such as `report.html`.
    pub fn write_file(&self, name: &str, contents: &[u8]) -> Result<PathBuf, WriteError> {
        let path = self.path.join(name);
        write_atomic(&path, contents)?;
        Ok(path)
    }
}

/// `path` and those of its parents that do not exist yet, deepest first.
fn missing_folders(path: &Path) -> Vec<PathBuf> {
    path.ancestors()
        .take_while(|folder| {
            !folder.as_os_str().is_empty() && fs::symlink_metadata(folder).is_err()
        })
        .map(Path::to_owned)
        .collect()
}

/// Removes `folders` in order, stopping at the first that cannot go, such as one holding files.
fn remove_empty(folders: &[PathBuf]) {
    for folder in folders {
        if fs::remove_dir(folder).is_err() {
            break;
        }
    }
}

/// Checks that a history file can be appended to: an existing one must be
/// writable and empty or headed with this version's columns, a new one needs
/// a folder that exists and is writable. True when its header is still to be
/// written.
pub fn check_history(path: &Path) -> Result<bool, WriteError> {
    let first = match fs::OpenOptions::new().read(true).append(true).open(path) {
        Ok(file) => {
            let mut first = String::new();
            io::BufReader::new(file)
                .read_line(&mut first)
                .map_err(io_error(path))?;
            first
        }
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            check_history_folder(path)?;
            return Ok(true);
        }
        Err(err) => return Err(io_error(path)(err)),
    };
    if first.is_empty() {
        return Ok(true);
    }
    if first.trim_end() != trimmed(&header::<SummaryCsvRow>()) {
        return Err(WriteError::HistoryHeader(path.to_owned()));
    }
    Ok(false)
}

/// Checks that a new history file can be created in its folder.
fn check_history_folder(path: &Path) -> Result<(), WriteError> {
    let folder = folder_of(path);
    if !folder.is_dir() {
        return Err(WriteError::NoHistoryFolder {
            file: path.to_owned(),
            folder: folder.to_owned(),
        });
    }
    NamedTempFile::new_in(folder).map_err(io_error(path))?;
    Ok(())
}

/// The folder a file is in: its parent, or `.` for a bare file name.
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Appends a run's row to a history file, writing the header when the file is new.
pub fn append_history(path: &Path, row: &SummaryCsvRow) -> Result<(), WriteError> {
    let fresh = check_history(path)?;
    let bytes = to_csv(path, std::slice::from_ref(row), fresh)?;
    let mut file = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(io_error(path))?;
    file.write_all(&bytes).map_err(io_error(path))
}

fn trimmed(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or_default().trim_end()
}

/// The CSV header line of `T`, derived from its fields.
pub fn header<T: Serialize + Default>() -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    // Serializing a plain struct into memory cannot fail.
    let _ = writer.serialize(T::default());
    let bytes = writer.into_inner().unwrap_or_default();
    let end = bytes
        .iter()
        .position(|b| *b == b'\n')
        .map_or(bytes.len(), |i| i + 1);
    bytes[..end].to_vec()
}

fn to_csv<T: Serialize>(path: &Path, rows: &[T], with_header: bool) -> Result<Vec<u8>, WriteError> {
    let csv_error = |source| WriteError::Csv {
        path: path.to_owned(),
        source,
    };
    let mut writer = csv::WriterBuilder::new()
        .has_headers(with_header)
        .from_writer(Vec::new());
    for row in rows {
        writer.serialize(row).map_err(csv_error)?;
    }
    writer
        .into_inner()
        .map_err(|err| csv_error(err.into_error().into()))
}

/// Writes `contents` to a temporary file beside `path`, then renames it into place.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), WriteError> {
    let mut file = NamedTempFile::new_in(folder_of(path)).map_err(io_error(path))?;
    // Temporary files are private; a report is as readable as any file the user writes.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let readable = fs::Permissions::from_mode(0o644);
        file.as_file()
            .set_permissions(readable)
            .map_err(io_error(path))?;
    }
    file.write_all(contents).map_err(io_error(path))?;
    file.as_file().sync_all().map_err(io_error(path))?;
    file.persist(path)
        .map_err(|err| io_error(path)(err.error))?;
    Ok(())
}
