//! Spreadsheet downloads. A sheet is written row by row in rust_xlsxwriter's
//! constant-memory mode (each finished row goes to a temp file), saved into
//! an unnamed temp file and streamed back from there, so an export of tens
//! of thousands of rows holds one batch of them in memory, not all.

use std::fs::File;
use std::io::{Seek, SeekFrom};

use actix_files::NamedFile;
use actix_web::http::header::{Charset, ContentDisposition, DispositionParam, DispositionType, ExtendedValue};
use chrono::{NaiveDate, NaiveDateTime};
use rust_xlsxwriter::{Format, FormatBorder, Workbook, Worksheet, XlsxError};

use super::upload::XLSX_TYPE;
use super::ApiError;

/// How many records an export loads from the database at a time.
pub const EXPORT_BATCH: i64 = 1000;

fn failed(e: XlsxError) -> ApiError {
    ApiError::internal(format!("spreadsheet: {e}"))
}

/// One cell of a data row.
pub enum Cell<'a> {
    Text(&'a str),
    Number(f64),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
    Blank,
}

impl<'a> From<&'a str> for Cell<'a> {
    fn from(s: &'a str) -> Self {
        Cell::Text(s)
    }
}

impl<'a> From<&'a String> for Cell<'a> {
    fn from(s: &'a String) -> Self {
        Cell::Text(s)
    }
}

impl<'a> From<Option<&'a str>> for Cell<'a> {
    fn from(s: Option<&'a str>) -> Self {
        s.map(Cell::Text).unwrap_or(Cell::Blank)
    }
}

impl From<Option<NaiveDate>> for Cell<'_> {
    fn from(d: Option<NaiveDate>) -> Self {
        d.map(Cell::Date).unwrap_or(Cell::Blank)
    }
}

/// A column: its header and its width in characters.
pub struct Column {
    pub header: &'static str,
    pub width: f64,
}

/// One worksheet being written, top to bottom.
pub struct SheetWriter {
    workbook: Workbook,
    next_row: u32,
    columns: u16,
    date: Format,
    datetime: Format,
}

pub fn header_format() -> Format {
    Format::new().set_bold().set_background_color("#F2DCDB").set_border_bottom(FormatBorder::Thin)
}

/// Codes and phone numbers are text: as numbers, Excel would drop leading
/// zeros and round 18-digit codes.
pub fn text_format() -> Format {
    Format::new().set_num_format("@")
}

impl SheetWriter {
    /// A workbook with one constant-memory sheet and its header row.
    pub fn new(sheet_name: &str, columns: &[Column]) -> Result<SheetWriter, ApiError> {
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet_with_constant_memory().map_err(failed)?;
        sheet.set_name(sheet_name).map_err(failed)?;
        // Layout goes before the first row: constant-memory sheets write rows as they come.
        for (i, column) in columns.iter().enumerate() {
            sheet.set_column_width(i as u16, column.width).map_err(failed)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(failed)?;
        let header = header_format();
        for (i, column) in columns.iter().enumerate() {
            sheet.write_string_with_format(0, i as u16, column.header, &header).map_err(failed)?;
        }
        Ok(SheetWriter {
            workbook,
            next_row: 1,
            columns: columns.len() as u16,
            date: Format::new().set_num_format("yyyy-mm-dd"),
            datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
        })
    }

    fn sheet(&mut self) -> Result<&mut Worksheet, ApiError> {
        self.workbook.worksheet_from_index(0).map_err(failed)
    }

    /// Appends a row. Text is always written as text, never as a formula, so a
    /// name beginning with `=` cannot run in the reader's spreadsheet program.
    pub fn row(&mut self, cells: &[Cell<'_>]) -> Result<(), ApiError> {
        let row = self.next_row;
        let (date, datetime) = (&self.date, &self.datetime);
        let sheet = self.workbook.worksheet_from_index(0).map_err(failed)?;
        for (i, cell) in cells.iter().enumerate() {
            let col = i as u16;
            match cell {
                Cell::Text(s) if !s.is_empty() => sheet.write_string(row, col, *s).map(|_| ()),
                Cell::Number(n) => sheet.write_number(row, col, *n).map(|_| ()),
                Cell::Date(d) => sheet.write_datetime_with_format(row, col, d, date).map(|_| ()),
                Cell::DateTime(t) => sheet.write_datetime_with_format(row, col, t, datetime).map(|_| ()),
                Cell::Text(_) | Cell::Blank => Ok(()),
            }
            .map_err(failed)?;
        }
        self.next_row += 1;
        Ok(())
    }

    /// Saves the workbook into an unnamed temp file, ready to be read from
    /// the start. The file has no name, so nothing is left behind whatever
    /// happens to the request.
    pub fn finish(mut self) -> Result<File, ApiError> {
        let (last_row, last_col) = (self.next_row.saturating_sub(1), self.columns.saturating_sub(1));
        self.sheet()?.autofilter(0, 0, last_row, last_col).map_err(failed)?;
        let mut file = tempfile::tempfile().map_err(ApiError::internal)?;
        self.workbook.save_to_writer(&mut file).map_err(failed)?;
        file.seek(SeekFrom::Start(0)).map_err(ApiError::internal)?;
        Ok(file)
    }
}

/// `attachment` with `filename` for old clients (ASCII) and `filename*` in
/// UTF-8 with the Chinese name (RFC 6266).
pub fn attachment(ascii_name: &str, utf8_name: &str) -> ContentDisposition {
    ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![
            DispositionParam::Filename(ascii_name.to_string()),
            DispositionParam::FilenameExt(ExtendedValue {
                charset: Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: utf8_name.as_bytes().to_vec(),
            }),
        ],
    }
}

/// A saved workbook as a download, streamed from its file.
pub fn download(file: File, ascii_name: &str, utf8_name: &str) -> Result<NamedFile, ApiError> {
    let mime: actix_web::mime::Mime = XLSX_TYPE.parse().map_err(ApiError::internal)?;
    Ok(NamedFile::from_file(file, ascii_name)
        .map_err(ApiError::internal)?
        .set_content_type(mime)
        .set_content_disposition(attachment(ascii_name, utf8_name))
        .use_etag(false)
        .use_last_modified(false))
}
