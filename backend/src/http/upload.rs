//! Spreadsheet uploads: a `.csv` or `.xlsx` file sent as the raw request body
//! (not multipart, so a client sends the file's bytes as they are), read into
//! rows of text. An import of any kind of record starts here and only then
//! learns what the columns mean.

use std::io::Cursor;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::web::BytesMut;
use actix_web::{FromRequest, HttpRequest};
use calamine::{DataRef, Reader, SheetType, Xlsx};
use futures_util::future::LocalBoxFuture;
use futures_util::StreamExt;

use super::ApiError;

/// The largest file an import takes.
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;

/// What the unpacked parts of an `.xlsx` may add up to. Real files unpack to
/// a few times their size; a crafted one could unpack to gigabytes, and the
/// reader keeps the shared strings in memory.
const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;

pub const CSV_TYPE: &str = "text/csv";
pub const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A file's bytes, for the OpenAPI document of uploads and downloads.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct FileBytes(#[allow(dead_code)] Vec<u8>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetFormat {
    /// The `charset` parameter of the content type, when one was sent.
    Csv {
        charset: Option<String>,
    },
    Xlsx,
}

/// The raw body of a spreadsheet upload, checked for type (415) and size (413).
#[derive(Debug)]
pub struct SheetUpload {
    pub format: SheetFormat,
    pub bytes: Vec<u8>,
}

fn format_of(req: &HttpRequest) -> Option<SheetFormat> {
    let value = req.headers().get(header::CONTENT_TYPE)?.to_str().ok()?;
    let mut parts = value.split(';');
    let essence = parts.next()?.trim().to_ascii_lowercase();
    match essence.as_str() {
        CSV_TYPE => {
            let charset = parts
                .filter_map(|p| p.split_once('='))
                .find(|(k, _)| k.trim().eq_ignore_ascii_case("charset"))
                .map(|(_, v)| v.trim().trim_matches('"').to_ascii_lowercase());
            Some(SheetFormat::Csv { charset })
        }
        XLSX_TYPE => Some(SheetFormat::Xlsx),
        _ => None,
    }
}

fn too_large() -> ApiError {
    ApiError::PayloadTooLarge { limit: "10 MiB" }
}

impl FromRequest for SheetUpload {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let Some(format) = format_of(req) else {
            return Box::pin(async { Err(ApiError::UnsupportedMediaType { expected: "text/csv or the .xlsx type" }) });
        };
        let declared = declared_length(req);
        if declared.is_some_and(|n| n > MAX_UPLOAD_BYTES) {
            return Box::pin(async { Err(too_large()) });
        }
        let payload = payload.take();
        Box::pin(async move {
            let bytes = read_body(payload, declared, MAX_UPLOAD_BYTES, too_large).await?;
            Ok(SheetUpload { format, bytes })
        })
    }
}

fn declared_length(req: &HttpRequest) -> Option<usize> {
    req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok())
}

/// Reads a raw body by hand, up to `limit` bytes: the app-wide payload limit
/// is the 1 MiB of JSON bodies.
async fn read_body(
    mut payload: Payload,
    declared: Option<usize>,
    limit: usize,
    too_large: fn() -> ApiError,
) -> Result<Vec<u8>, ApiError> {
    let mut body = BytesMut::with_capacity(declared.unwrap_or(64 * 1024).min(limit));
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| unreadable("the upload was cut off"))?;
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.to_vec())
}

/// The largest photo a visit takes.
pub const MAX_PHOTO_BYTES: usize = 5 * 1024 * 1024;

const IMAGE_TYPES: &str = "image/jpeg, image/png or image/webp";

/// A photo sent as the raw request body: JPEG, PNG or WebP, at most 5 MiB.
/// The bytes must be what the content type says (checked by their
/// signature), so nothing else is stored and later served as an image.
#[derive(Debug)]
pub struct ImageUpload {
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// The image type whose signature the bytes start with.
pub fn image_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

fn photo_too_large() -> ApiError {
    ApiError::PayloadTooLarge { limit: "5 MiB" }
}

impl FromRequest for ImageUpload {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let declared_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|v| v.trim().to_ascii_lowercase());
        let Some(declared_type) =
            declared_type.filter(|t| ["image/jpeg", "image/png", "image/webp"].contains(&t.as_str()))
        else {
            return Box::pin(async { Err(ApiError::UnsupportedMediaType { expected: IMAGE_TYPES }) });
        };
        let declared = declared_length(req);
        if declared.is_some_and(|n| n > MAX_PHOTO_BYTES) {
            return Box::pin(async { Err(photo_too_large()) });
        }
        let payload = payload.take();
        Box::pin(async move {
            let bytes = read_body(payload, declared, MAX_PHOTO_BYTES, photo_too_large).await?;
            match image_type(&bytes) {
                Some(found) if found == declared_type => Ok(ImageUpload { content_type: found, bytes }),
                _ => Err(ApiError::UnsupportedMediaType { expected: IMAGE_TYPES }),
            }
        })
    }
}

/// The rows of the first sheet, as text.
#[derive(Debug, Default)]
pub struct Table {
    /// The first row that is not blank, each cell trimmed.
    pub header: Vec<String>,
    /// The rows below it that are not blank: (spreadsheet row number, cells),
    /// numbered as a spreadsheet program shows them (the first row is 1).
    pub rows: Vec<(u32, Vec<String>)>,
}

fn unreadable(message: impl Into<String>) -> ApiError {
    ApiError::field("file", "unreadable_file", message)
}

fn too_many_rows(max_rows: usize) -> ApiError {
    ApiError::field("file", "too_many_rows", format!("at most {max_rows} rows in one file; split it"))
}

/// Collects rows in order, keeping the first non-blank one as the header.
struct Collector {
    table: Table,
    seen_header: bool,
    max_rows: usize,
}

impl Collector {
    fn new(max_rows: usize) -> Self {
        Collector { table: Table::default(), seen_header: false, max_rows }
    }

    fn push(&mut self, row_number: u32, cells: Vec<String>) -> Result<(), ApiError> {
        let cells: Vec<String> = cells.into_iter().map(|c| c.trim().to_string()).collect();
        if cells.iter().all(String::is_empty) {
            return Ok(());
        }
        if !self.seen_header {
            self.seen_header = true;
            self.table.header = cells;
        } else {
            if self.table.rows.len() >= self.max_rows {
                return Err(too_many_rows(self.max_rows));
            }
            self.table.rows.push((row_number, cells));
        }
        Ok(())
    }
}

/// Reads the upload into rows; at most `max_rows` below the header.
pub fn read_table(upload: &SheetUpload, max_rows: usize) -> Result<Table, ApiError> {
    match &upload.format {
        SheetFormat::Csv { charset } => read_csv(&upload.bytes, charset.as_deref(), max_rows),
        SheetFormat::Xlsx => read_xlsx(&upload.bytes, max_rows),
    }
}

/// UTF-8 (with or without the byte order mark Excel writes), or GB 18030 —
/// which covers GBK and GB 2312 — when the client says so or when the bytes
/// are not UTF-8: what Excel on a Chinese Windows saves as "CSV".
fn decode(bytes: &[u8], charset: Option<&str>) -> Result<String, ApiError> {
    let chinese = matches!(charset, Some("gbk" | "gb2312" | "gb18030" | "cp936"));
    if !chinese {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if let Ok(text) = std::str::from_utf8(bytes) {
            return Ok(text.to_string());
        }
        if matches!(charset, Some("utf-8" | "utf8")) {
            return Err(unreadable("the file is not valid UTF-8"));
        }
    }
    encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| text.into_owned())
        .ok_or_else(|| unreadable("the file is neither UTF-8 nor GBK text"))
}

/// Excel writes `;` where the decimal separator is a comma, and some tools
/// save tabs: the header line says which one the file uses.
fn delimiter(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    [b',', b';', b'\t'].into_iter().max_by_key(|d| first.bytes().filter(|b| b == d).count()).unwrap_or(b',')
}

/// The empty lines at `from`, where the reader resumes: `\r\n`, `\n` and
/// `\r` each end one. The reader may stop between the `\r` and `\n` of the
/// line before, which is no empty line.
fn blank_lines(bytes: &[u8], from: usize) -> u64 {
    let mut i = from;
    if i > 0 && bytes.get(i) == Some(&b'\n') && bytes[i - 1] == b'\r' {
        i += 1;
    }
    let mut lines = 0;
    while let Some(b) = bytes.get(i) {
        match b {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => i += 2,
            b'\r' | b'\n' => i += 1,
            _ => break,
        }
        lines += 1;
    }
    lines
}

fn read_csv(bytes: &[u8], charset: Option<&str>, max_rows: usize) -> Result<Table, ApiError> {
    let text = decode(bytes, charset)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(&text))
        .from_reader(text.as_bytes());
    let mut rows = Collector::new(max_rows);
    let mut record = csv::StringRecord::new();
    let mut row: u64 = 0;
    loop {
        let from = reader.position().byte() as usize;
        let more = reader.read_record(&mut record).map_err(|e| unreadable(format!("not a readable CSV file: {e}")))?;
        if !more {
            break;
        }
        // A record is one spreadsheet row even when a quoted cell spans
        // lines; but the reader passes over empty lines silently, and a
        // spreadsheet shows each of them as a row.
        row += 1 + blank_lines(text.as_bytes(), from);
        rows.push(row as u32, record.iter().map(str::to_string).collect())?;
    }
    Ok(rows.table)
}

/// A cell as the text a person sees. Whole numbers lose the `.0` a float
/// carries (phone numbers and area codes typed into number cells).
fn cell_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        DataRef::Float(f) => f.to_string(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        DataRef::DateTime(d) => d.to_string(),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => e.to_string(),
        DataRef::Empty => String::new(),
    }
}

fn check_unpacked_size(bytes: &[u8]) -> Result<(), ApiError> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| unreadable("not an .xlsx file (not a zip archive)"))?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(|_| unreadable("a damaged .xlsx file"))?;
        total = total.saturating_add(entry.size());
    }
    if total > MAX_UNPACKED_BYTES {
        return Err(unreadable("the .xlsx file unpacks to more than 256 MiB"));
    }
    Ok(())
}

fn read_xlsx(bytes: &[u8], max_rows: usize) -> Result<Table, ApiError> {
    check_unpacked_size(bytes)?;
    let mut workbook =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(format!("not a readable .xlsx file: {e}")))?;
    let Some(first) = workbook.sheets_metadata().iter().find(|s| s.typ == SheetType::WorkSheet).map(|s| s.name.clone())
    else {
        return Err(unreadable("the workbook has no worksheet"));
    };
    let mut cells = workbook
        .worksheet_cells_reader(&first)
        .map_err(|e| unreadable(format!("the first worksheet cannot be read: {e}")))?;
    let mut rows = Collector::new(max_rows);
    // Cells come row by row, left to right; rows are collected one at a time
    // so a sheet far over the limit is refused before it is all read.
    let mut current: Option<(u32, Vec<String>)> = None;
    while let Some(cell) = cells.next_cell().map_err(|e| unreadable(format!("the worksheet cannot be read: {e}")))? {
        let (row, col) = cell.get_position();
        if current.as_ref().is_some_and(|(r, _)| *r != row) {
            if let Some((r, values)) = current.take() {
                rows.push(r + 1, values)?;
            }
        }
        let (_, values) = current.get_or_insert_with(|| (row, Vec::new()));
        let col = col as usize;
        if col >= 16_384 {
            continue;
        }
        if values.len() <= col {
            values.resize(col + 1, String::new());
        }
        values[col] = cell_text(cell.get_value());
    }
    if let Some((r, values)) = current {
        rows.push(r + 1, values)?;
    }
    Ok(rows.table)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(text: &[u8]) -> Table {
        read_table(&SheetUpload { format: SheetFormat::Csv { charset: None }, bytes: text.to_vec() }, 10).unwrap()
    }

    #[test]
    fn csv_with_bom_blank_rows_and_quoted_lines() {
        let table = csv("\u{feff}名称,电话\n\n\"甲\n乙\", 139 \n,\n丙,\n".as_bytes());
        assert_eq!(table.header, vec!["名称", "电话"]);
        assert_eq!(
            table.rows,
            vec![(3, vec!["甲\n乙".to_string(), "139".to_string()]), (5, vec!["丙".into(), "".into()])]
        );
    }

    #[test]
    fn row_numbers_count_empty_lines_with_any_line_end() {
        for text in ["a\r\n\r\nb\r\nc\r\n\r\n\r\nd", "a\n\nb\nc\n\n\nd\n", "a\r\rb\rc\r\r\rd\r"] {
            let rows: Vec<u32> = csv(text.as_bytes()).rows.iter().map(|r| r.0).collect();
            assert_eq!(rows, vec![3, 4, 7], "{text:?}");
        }
    }

    #[test]
    fn gbk_is_detected() {
        let (bytes, _, _) = encoding_rs::GBK.encode("单位名称;地址\n医院;巴丹吉林\n");
        let table = csv(&bytes);
        assert_eq!(table.header, vec!["单位名称", "地址"]);
        assert_eq!(table.rows[0].1, vec!["医院", "巴丹吉林"]);
    }

    #[test]
    fn too_many_rows_are_refused() {
        let text = "a\n".to_string() + &"x\n".repeat(11);
        let err = read_table(&SheetUpload { format: SheetFormat::Csv { charset: None }, bytes: text.into_bytes() }, 10)
            .unwrap_err();
        assert_eq!(err.code(), "validation_failed");
    }

    #[test]
    fn not_a_zip_is_unreadable() {
        let err = read_table(&SheetUpload { format: SheetFormat::Xlsx, bytes: b"name,kind".to_vec() }, 10).unwrap_err();
        assert!(matches!(err, ApiError::Validation(ref e) if e[0].code == "unreadable_file"));
    }
}
