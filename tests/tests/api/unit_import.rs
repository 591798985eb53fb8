//! Bulk import of units from CSV and .xlsx files, and the .xlsx exports of
//! the units and agreements lists.

use std::collections::BTreeSet;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use reqwest::header::{HeaderMap, CONTENT_DISPOSITION, CONTENT_TYPE};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::common::*;
use crate::on_both_backends;
use crate::units::{fresh_code, HOSPITAL, POWER};

on_both_backends!(
    dry_run_then_all_or_nothing_then_good_rows,
    xlsx_files_import,
    row_faults_are_reported_by_row_and_column,
    whole_file_faults_and_permissions,
    units_export_holds_the_filtered_list,
    agreements_export_holds_the_filtered_list,
    import_template_reads_back_in,
    new_endpoints_per_role,
);

const CSV: &str = "text/csv";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const HEADER: &str =
    "单位名称,单位类型,统一社会信用代码,联系人,联系电话,地址,所属区域编码,服务网格编码,在职党员数,服务承诺,承诺电话";
const BAD_CODE: &str = "91350100M000100Y44";

/// A CSV file as Excel saves it: UTF-8 with a byte order mark, CRLF lines.
fn csv_file(rows: &[impl AsRef<str>]) -> Vec<u8> {
    let mut text = String::from("\u{feff}");
    text.push_str(HEADER);
    for row in rows {
        text.push_str("\r\n");
        text.push_str(row.as_ref());
    }
    text.into_bytes()
}

async fn import(app: &TestApp, token: &str, query: &str, content_type: &str, body: Vec<u8>) -> (StatusCode, Value) {
    send(
        app.request(Method::POST, &format!("/units/import{query}"), Some(token))
            .header(CONTENT_TYPE, content_type)
            .body(body),
    )
    .await
}

fn units_count(app: &TestApp) -> i64 {
    app.count("SELECT count(*) AS n FROM units")
}

fn imports_audited(app: &TestApp) -> i64 {
    app.count("SELECT count(*) AS n FROM audit_log WHERE entity = 'unit' AND action = 'import'")
}

/// (row, field, code) of each fault in a report.
fn faults(report: &Value) -> Vec<(u64, String, String)> {
    report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["row"].as_u64().unwrap(), e["field"].as_str().unwrap().into(), e["code"].as_str().unwrap().into()))
        .collect()
}

fn fault(row: u64, field: &str, code: &str) -> (u64, String, String) {
    (row, field.to_string(), code.to_string())
}

/// Three good rows (Chinese and enum unit types, grid codes with 、 and ;)
/// and a bad credit code in spreadsheet row 3.
fn three_good_one_bad() -> Vec<String> {
    vec![
        format!(
            "巴丹吉林镇中心小学,事业单位,{},王老师,13904830001,额肯呼都格街 8 号,{},{}、{},36,周末开放操场,0483-6029999",
            fresh_code(501),
            codes::COMMUNITY_1,
            codes::GRID_1,
            codes::GRID_2
        ),
        format!("坏代码单位,其他,{BAD_CODE},,,,{},,,,", codes::COMMUNITY_1),
        format!("\"右旗供销社, 门市部\",民营企业,{},,,,{},,0,,", fresh_code(502), codes::COMMUNITY_1),
        format!("志愿者协会,social_organisation,{},,,,{},{};{},,,", fresh_code(503), codes::GRID_1, codes::GRID_1, codes::GRID_2),
    ]
}

async fn dry_run_then_all_or_nothing_then_good_rows(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let token = app.token("community_admin").await;
    let file = csv_file(&three_good_one_bad());
    let (units, audited) = (units_count(&app), app.audit_count());

    // A dry run by default: every fault, nothing written.
    let (status, report) = import(&app, &token, "", CSV, file.clone()).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["dry_run"], true);
    assert_eq!(report["mode"], "all_or_nothing");
    assert_eq!((report["total_rows"].as_u64(), report["valid_rows"].as_u64()), (Some(4), Some(3)));
    assert_eq!(report["imported"], 0);
    assert_eq!(faults(&report), vec![fault(3, "credit_code", "invalid_credit_code")]);
    assert!(report["errors"][0]["message"].as_str().is_some_and(|m| !m.is_empty()));
    assert_eq!((units_count(&app), app.audit_count()), (units, audited), "a dry run writes nothing");

    // All or nothing: one bad row, nothing written.
    let (status, report) = import(&app, &token, "?dry_run=false&mode=all_or_nothing", CSV, file.clone()).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!((report["dry_run"].as_bool(), report["imported"].as_u64()), (Some(false), Some(0)));
    assert_eq!(faults(&report), vec![fault(3, "credit_code", "invalid_credit_code")]);
    assert_eq!((units_count(&app), app.audit_count()), (units, audited), "all or nothing wrote something");

    // Good rows: exactly the three, each audited as an import.
    let (status, report) = import(&app, &token, "?dry_run=false&mode=good_rows", CSV, file.clone()).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!((report["mode"].as_str(), report["imported"].as_u64()), (Some("good_rows"), Some(3)));
    assert_eq!(units_count(&app), units + 3);
    assert_eq!(imports_audited(&app), 3);
    let (_, page) = app.get(&format!("/units?q={}", fresh_code(501)), &token).await;
    let school = &page["items"][0];
    assert_eq!(school["name"], "巴丹吉林镇中心小学");
    assert_eq!(school["kind"], "public_institution");
    assert_eq!(school["party_member_count"], 36);
    assert_eq!(school["area"]["code"], codes::COMMUNITY_1);
    let grids: Vec<&str> = school["grids"].as_array().unwrap().iter().map(|g| g["code"].as_str().unwrap()).collect();
    assert_eq!(grids, vec![codes::GRID_1, codes::GRID_2]);
    let (_, page) = app.get(&format!("/units?q={}", fresh_code(502)), &token).await;
    assert_eq!(page["items"][0]["name"], "右旗供销社, 门市部", "a quoted comma stays in the cell");
    assert_eq!(page["items"][0]["kind"], "private_enterprise", "民营企业 is 非公企业");
    let (_, page) = app.get(&format!("/units?q={}", fresh_code(503)), &token).await;
    assert_eq!(page["items"][0]["area"]["code"], codes::GRID_1);
    assert_eq!(page["items"][0]["grids"].as_array().unwrap().len(), 2);

    // The same file again: the three are now registered.
    let (_, report) = import(&app, &token, "?dry_run=false&mode=good_rows", CSV, file).await;
    assert_eq!((report["valid_rows"].as_u64(), report["imported"].as_u64()), (Some(0), Some(0)));
    assert_eq!(
        faults(&report),
        vec![
            fault(2, "credit_code", "duplicate"),
            fault(3, "credit_code", "invalid_credit_code"),
            fault(4, "credit_code", "duplicate"),
            fault(5, "credit_code", "duplicate"),
        ]
    );
    assert_eq!(units_count(&app), units + 3);
}

/// An .xlsx as staff fill it: English headers in another order, a 序号
/// column, codes and phone numbers typed as numbers, a blank row.
fn workbook(rows: &[[&str; 6]]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (col, title) in
        ["序号", "name", "credit_code", "kind", "area_code", "contact_phone", "party_member_count"].iter().enumerate()
    {
        sheet.write_string(0, col as u16, *title).unwrap();
    }
    for (i, row) in rows.iter().enumerate() {
        // Row 3 (index 2 below the header) stays blank.
        let r = if i >= 1 { i as u32 + 2 } else { i as u32 + 1 };
        sheet.write_number(r, 0, (i + 1) as f64).unwrap();
        sheet.write_string(r, 1, row[0]).unwrap();
        sheet.write_string(r, 2, row[1]).unwrap();
        sheet.write_string(r, 3, row[2]).unwrap();
        sheet.write_number(r, 4, row[3].parse::<f64>().unwrap()).unwrap();
        if !row[4].is_empty() {
            sheet.write_number(r, 5, row[4].parse::<f64>().unwrap()).unwrap();
        }
        sheet.write_number(r, 6, row[5].parse::<f64>().unwrap()).unwrap();
    }
    // A second sheet is not read.
    book.add_worksheet().write_string(0, 0, "说明").unwrap();
    book.save_to_buffer().unwrap()
}

async fn xlsx_files_import(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let token = app.token("community_admin").await;
    let (a, b) = (fresh_code(511), fresh_code(512));
    let file = workbook(&[
        ["巴丹吉林镇卫生院", &a, "事业单位", codes::COMMUNITY_1, "13904830002", "8"],
        ["巴丹吉林宾馆", &b, "非公企业", codes::GRID_2, "", "0"],
        ["负数党员", &fresh_code(513), "其他", codes::COMMUNITY_1, "", "-1"],
    ]);
    let units = units_count(&app);
    let (status, report) = import(&app, &token, "", XLSX, file.clone()).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!((report["total_rows"].as_u64(), report["valid_rows"].as_u64()), (Some(3), Some(2)));
    assert_eq!(faults(&report), vec![fault(5, "party_member_count", "out_of_range")], "the blank row 3 is skipped");
    let (status, report) = import(&app, &token, "?dry_run=false&mode=good_rows", XLSX, file).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["imported"], 2);
    assert_eq!(units_count(&app), units + 2);
    let (_, page) = app.get(&format!("/units?q={a}"), &token).await;
    assert_eq!(page["items"][0]["contact_phone"], "13904830002", "a number cell reads as its digits");
    assert_eq!(page["items"][0]["party_member_count"], 8);
}

async fn row_faults_are_reported_by_row_and_column(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let token = app.token("community_admin").await;
    let c1 = codes::COMMUNITY_1;
    let twice = fresh_code(521);
    let rows = vec![
        format!("甲,其他,{twice},,,,{c1},,,,"),    // 2: same code as row 3
        format!("乙,其他,{twice},,,,{c1},,,,"),    // 3
        format!("丙,其他,{HOSPITAL},,,,{c1},,,,"), // 4: registered already
        format!("丁,其他,{},,,,{},,,,", fresh_code(522), codes::COMMUNITY_2), // 5: out of reach
        format!("戊,其他,{},,,,{c1},{},,,", fresh_code(523), codes::GRID_OTHER), // 6: grid out of reach
        format!("己,其他,{},,,,{c1},{c1}、152922999999999,,,", fresh_code(524)), // 7: not a grid, no such area
        format!("庚,工厂,{},,,,{c1},,,,", fresh_code(525)), // 8: unknown type
        format!(",其他,{},,12345,,{c1},,x,,", fresh_code(526)), // 9: several at once
        format!("壬,其他,{},,,,999999999999,,,,", fresh_code(527)), // 10: no such area
        format!("癸,其他,{},,,,{c1},,,,", fresh_code(528)), // 11: fine
    ];
    let units = units_count(&app);
    let (status, report) = import(&app, &token, "?dry_run=false&mode=all_or_nothing", CSV, csv_file(&rows)).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(
        faults(&report),
        vec![
            fault(2, "credit_code", "duplicate"),
            fault(3, "credit_code", "duplicate"),
            fault(4, "credit_code", "duplicate"),
            fault(5, "area_code", "not_found"),
            fault(6, "grid_codes", "not_found"),
            fault(7, "grid_codes", "not_found"),
            fault(7, "grid_codes", "not_a_grid"),
            fault(8, "kind", "invalid_type"),
            fault(9, "name", "required"),
            fault(9, "contact_phone", "invalid_phone"),
            fault(9, "party_member_count", "invalid_type"),
            fault(10, "area_code", "not_found"),
        ]
    );
    assert!(report["errors"][1]["message"].as_str().unwrap().contains('2'), "names the other row: {report}");
    assert!(report["errors"][3]["message"].as_str().unwrap().contains(codes::COMMUNITY_2));
    assert_eq!((report["total_rows"].as_u64(), report["valid_rows"].as_u64()), (Some(10), Some(1)));
    assert_eq!(report["imported"], 0);
    assert_eq!(units_count(&app), units, "all or nothing");

    // A street admin reaches community 2; the power company's code is taken.
    let street = app.token("street_admin").await;
    let (_, report) = import(
        &app,
        &street,
        "",
        CSV,
        csv_file(&[
            format!("丁,其他,{},,,,{},,,,", fresh_code(522), codes::COMMUNITY_2),
            format!("x,其他,{POWER},,,,{c1},,,,"),
        ]),
    )
    .await;
    assert_eq!(faults(&report), vec![fault(3, "credit_code", "duplicate")]);
}

async fn whole_file_faults_and_permissions(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let token = app.token("community_admin").await;
    let good = format!("甲,其他,{},,,,{},,,,", fresh_code(531), codes::COMMUNITY_1);

    // A required column missing: 422 on `file`, naming each.
    let (status, problem) =
        import(&app, &token, "", CSV, "单位名称,单位类型,联系人\n甲,其他,王\n".as_bytes().to_vec()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(error_fields(&problem), vec!["file", "file"]);
    assert_eq!(problem["errors"][0]["code"], "missing_column");
    // Not a workbook; not text.
    let (status, problem) = import(&app, &token, "", XLSX, b"PK not really".to_vec()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["code"], "unreadable_file");
    // GBK, as Excel on a Chinese Windows saves CSV: told by the charset, or found out.
    for (n, content_type) in [(532, "text/csv; charset=GBK"), (533, CSV)] {
        let text = format!("{HEADER}\r\n巴丹吉林镇敬老院,事业单位,{},,,,{},,,,\r\n", fresh_code(n), codes::COMMUNITY_1);
        let gbk = encoding_rs::GBK.encode(&text).0.into_owned();
        let (status, report) = import(&app, &token, "?dry_run=false", content_type, gbk).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(report["imported"], 1, "{report}");
        let (_, page) = app.get(&format!("/units?q={}", fresh_code(n)), &token).await;
        assert_eq!(page["items"][0]["name"], "巴丹吉林镇敬老院");
    }

    // Other content types: 415.
    for content_type in ["application/json", "text/plain", "multipart/form-data; boundary=x"] {
        let (status, problem) = import(&app, &token, "", content_type, csv_file(&[&good])).await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{content_type}");
        assert_eq!(problem["code"], "unsupported_media_type");
    }
    // Over 10 MiB: 413.
    let (status, problem) = import(&app, &token, "", CSV, vec![b'x'; 10 * 1024 * 1024 + 1]).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(problem["code"], "payload_too_large");
    // A query that is not one: 400.
    let (status, _) = import(&app, &token, "?mode=some_rows", CSV, csv_file(&[&good])).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Who may: units.write only; nothing written by the others.
    let units = units_count(&app);
    for role in ["grid_worker", "unit_contact", "volunteer"] {
        let other = app.token(role).await;
        let (status, _) = import(&app, &other, "?dry_run=false&mode=good_rows", CSV, csv_file(&[&good])).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{role}");
        let (status, _) = send(app.request(Method::GET, "/units/import-template", Some(&other))).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{role} template");
    }
    let (status, _) = import(&app, "", "", CSV, csv_file(&[&good])).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(units_count(&app), units);
}

/// GET a download: its headers and bytes.
pub async fn download(app: &TestApp, token: &str, path: &str) -> (StatusCode, HeaderMap, Vec<u8>) {
    let res = app.request(Method::GET, path, Some(token)).send().await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    (status, headers, res.bytes().await.unwrap().to_vec())
}

/// The first sheet's rows.
pub fn sheet_rows(bytes: &[u8]) -> Vec<Vec<Data>> {
    let mut book = Xlsx::new(Cursor::new(bytes.to_vec())).expect("an .xlsx file");
    let range = book.worksheet_range_at(0).expect("a sheet").expect("readable");
    range.rows().map(|r| r.to_vec()).collect()
}

pub fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// The values of one field over every page of a list.
async fn listed(app: &TestApp, token: &str, path: &str, field: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for page in 1.. {
        let sep = if path.contains('?') { '&' } else { '?' };
        let (status, body) = app.get(&format!("{path}{sep}page={page}&page_size=100"), token).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let items = body["items"].as_array().unwrap();
        found.extend(items.iter().map(|i| match &i[field] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }));
        if items.len() < 100 {
            break;
        }
    }
    found
}

fn assert_xlsx_download(status: StatusCode, headers: &HeaderMap, stem: &str, chinese: &str) {
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[CONTENT_TYPE], XLSX);
    let disposition = headers[CONTENT_DISPOSITION].to_str().unwrap();
    let day = chrono::Utc::now().with_timezone(&chrono_tz_shanghai()).format("%Y%m%d").to_string();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    assert!(disposition.contains(&format!("filename=\"{stem}-{day}.xlsx\"")), "{disposition}");
    let encoded = disposition.split("filename*=UTF-8''").nth(1).expect("filename*");
    assert_eq!(percent_decode(encoded), format!("{chinese}-{day}.xlsx"));
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).expect("hex"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("UTF-8")
}

fn chrono_tz_shanghai() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(8 * 3600).unwrap()
}

async fn units_export_holds_the_filtered_list(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let token = app.token("community_admin").await;
    // A few more in reach, one withdrawn.
    let rows: Vec<String> = (0..3)
        .map(|i| format!("导出单位{i},国有企业,{},,,,{},,{i},,", fresh_code(541 + i), codes::COMMUNITY_1))
        .collect();
    let (_, report) = import(&app, &token, "?dry_run=false", CSV, csv_file(&rows)).await;
    assert_eq!(report["imported"], 3, "{report}");

    let (status, headers, bytes) = download(&app, &token, "/units/export").await;
    assert_xlsx_download(status, &headers, "units", "共建单位");
    let sheet = sheet_rows(&bytes);
    let header: Vec<String> = sheet[0].iter().map(text).collect();
    assert_eq!(
        header,
        [
            "单位名称",
            "单位类型",
            "统一社会信用代码",
            "联系人",
            "联系电话",
            "地址",
            "所属区域编码",
            "所属区域",
            "服务网格编码",
            "服务网格",
            "在职党员数",
            "服务承诺",
            "承诺电话",
            "状态",
            "登记时间",
            "更新时间",
        ],
        "the import's columns first, under the same headers"
    );
    let code_col = header.iter().position(|h| h == "统一社会信用代码").unwrap();
    let exported: BTreeSet<String> = sheet[1..].iter().map(|r| text(&r[code_col])).collect();
    assert_eq!(exported.len(), sheet.len() - 1, "each unit once");
    assert_eq!(exported, listed(&app, &token, "/units", "credit_code").await, "exactly the units in reach");
    assert!(exported.contains(HOSPITAL) && !exported.contains(POWER));
    // Default order is by name, as in the list.
    let names: Vec<String> = sheet[1..].iter().map(|r| text(&r[0])).collect();
    let (_, page) = app.get("/units?page_size=100", &token).await;
    let listed_names: Vec<String> =
        page["items"].as_array().unwrap().iter().map(|u| u["name"].as_str().unwrap().to_string()).collect();
    assert_eq!(names, listed_names);
    // Types and statuses in Chinese; times as date-times; counts as numbers.
    let row = sheet.iter().find(|r| text(&r[code_col]) == fresh_code(542)).unwrap();
    assert_eq!(text(&row[1]), "国有企业");
    assert_eq!(text(&row[header.iter().position(|h| h == "状态").unwrap()]), "正常");
    assert!(matches!(row[header.iter().position(|h| h == "登记时间").unwrap()], Data::DateTime(_)));
    assert_eq!(row[header.iter().position(|h| h == "在职党员数").unwrap()], Data::Float(1.0));

    // Filters are honoured.
    for query in ["kind=state_owned_enterprise", "q=导出单位1", "status=withdrawn", "sort=-name"] {
        let (status, _, bytes) = download(&app, &token, &format!("/units/export?{query}")).await;
        assert_eq!(status, StatusCode::OK, "{query}");
        let got: Vec<String> = sheet_rows(&bytes)[1..].iter().map(|r| text(&r[code_col])).collect();
        let want = listed(&app, &token, &format!("/units?{query}"), "credit_code").await;
        assert_eq!(got.iter().cloned().collect::<BTreeSet<_>>(), want, "{query}");
        assert_eq!(got.len(), want.len(), "{query}");
    }
    let (_, _, bytes) = download(&app, &token, "/units/export?kind=state_owned_enterprise").await;
    assert_eq!(sheet_rows(&bytes).len(), 4, "the header and the three imported");
    // An area out of reach selects nothing; a bad sort is refused as in the list.
    let (_, _, bytes) =
        download(&app, &token, &format!("/units/export?area_id={}", app.area(codes::COMMUNITY_2))).await;
    assert_eq!(sheet_rows(&bytes).len(), 1);
    let (status, _, _) = download(&app, &token, "/units/export?sort=address").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // A grid worker reads units too: those serving their grid.
    let worker = app.token("grid_worker").await;
    let (status, _, bytes) = download(&app, &worker, "/units/export").await;
    assert_eq!(status, StatusCode::OK);
    let got: BTreeSet<String> = sheet_rows(&bytes)[1..].iter().map(|r| text(&r[code_col])).collect();
    assert_eq!(got, listed(&app, &worker, "/units", "credit_code").await);
    let (status, _, _) = download(&app, "", "/units/export").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

async fn agreements_export_holds_the_filtered_list(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let street = app.token("street_admin").await;
    let hospital = crate::units::unit_id(&app, HOSPITAL);
    let power = crate::units::unit_id(&app, POWER);
    let mut ids = Vec::new();
    for (unit, community, starts, ends) in [
        (hospital, codes::COMMUNITY_1, "2026-01-01", "2027-12-31"),
        (power, codes::COMMUNITY_2, "2025-03-01", "2026-02-28"),
    ] {
        let (status, body) = app
            .post(
                "/agreements",
                &street,
                json!({"unit_id": unit, "community_id": app.area(community), "starts_on": starts, "ends_on": ends,
                       "signed_on": starts, "unit_duties": "义诊", "members": [{"name": "李主任", "post": "副院长", "phone": "13904830009"}]}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        ids.push(body["id"].as_i64().unwrap());
    }
    let (status, headers, bytes) = download(&app, &street, "/agreements/export").await;
    assert_xlsx_download(status, &headers, "agreements", "共建协议");
    let sheet = sheet_rows(&bytes);
    let header: Vec<String> = sheet[0].iter().map(text).collect();
    for title in ["协议编号", "共建单位", "社区", "开始日期", "结束日期", "签订日期", "状态", "兼职委员"]
    {
        assert!(header.contains(&title.to_string()), "{title} in {header:?}");
    }
    let col = |title: &str| header.iter().position(|h| h == title).unwrap();
    let exported: BTreeSet<String> = sheet[1..].iter().map(|r| text(&r[col("协议编号")])).collect();
    assert_eq!(exported, listed(&app, &street, "/agreements", "id").await);
    let row = sheet.iter().find(|r| text(&r[col("协议编号")]) == ids[0].to_string()).unwrap();
    assert_eq!(text(&row[col("状态")]), "草拟");
    assert!(matches!(row[col("开始日期")], Data::DateTime(_)), "dates as dates");
    assert_eq!(text(&row[col("兼职委员")]), "李主任（副院长，13904830009）");
    assert_eq!(text(&row[col("共建单位")]), "阿拉善右旗人民医院");

    // The community admin: only community 1's; filters as in the list.
    let token = app.token("community_admin").await;
    let (_, _, bytes) = download(&app, &token, "/agreements/export").await;
    let got: BTreeSet<String> = sheet_rows(&bytes)[1..].iter().map(|r| text(&r[col("协议编号")])).collect();
    assert!(got.contains(&ids[0].to_string()) && !got.contains(&ids[1].to_string()));
    let (_, _, bytes) = download(&app, &street, &format!("/agreements/export?unit_id={power}")).await;
    let got: Vec<String> = sheet_rows(&bytes)[1..].iter().map(|r| text(&r[col("协议编号")])).collect();
    assert_eq!(got, vec![ids[1].to_string()]);
    let (status, _, _) = download(&app, &street, "/agreements/export?expiring_within_days=9999").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let volunteer = app.token("volunteer").await;
    let (status, _, _) = download(&app, &volunteer, "/agreements/export").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "volunteers do not read agreements");
}

async fn import_template_reads_back_in(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let token = app.token("community_admin").await;
    let (status, headers, bytes) = download(&app, &token, "/units/import-template").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[CONTENT_TYPE], XLSX);
    let sheet = sheet_rows(&bytes);
    let header: Vec<String> = sheet[0].iter().map(text).collect();
    assert_eq!(header.join(","), HEADER);
    assert_eq!(sheet.len(), 2, "the header and one example row");
    // The example row passes as it stands (a dry run).
    let (status, report) = import(&app, &token, "", XLSX, bytes).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!((report["total_rows"].as_u64(), report["valid_rows"].as_u64()), (Some(1), Some(1)), "{report}");
}

/// Each role × the import, the template and both exports: the status, and
/// for the exports that the sheet holds exactly what the role's list shows.
#[rustfmt::skip]
const PER_ROLE: &[(&str, u16, u16, u16, u16)] = &[
    // role, import (dry run), template, units export, agreements export
    ("admin", 200, 200, 200, 200),
    ("street_admin", 200, 200, 200, 200),
    ("community_admin", 200, 200, 200, 200),
    ("grid_worker", 403, 403, 200, 200),
    ("unit_contact", 403, 403, 200, 200),
    ("volunteer", 403, 403, 200, 403),
];

async fn new_endpoints_per_role(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let file = csv_file(&[format!("甲,其他,{},,,,{},,,,", fresh_code(561), codes::COMMUNITY_1)]);
    let mut failures = Vec::new();
    for (role, import_status, template, units, agreements) in PER_ROLE {
        let token = app.token(role).await;
        let got = import(&app, &token, "", CSV, file.clone()).await.0.as_u16();
        if got != *import_status {
            failures.push(format!("{role} import: expected {import_status}, got {got}"));
        }
        let got = download(&app, &token, "/units/import-template").await.0.as_u16();
        if got != *template {
            failures.push(format!("{role} template: expected {template}, got {got}"));
        }
        for (path, column, field, expected) in
            [("/units", "统一社会信用代码", "credit_code", units), ("/agreements", "协议编号", "id", agreements)]
        {
            let (status, _, bytes) = download(&app, &token, &format!("{path}/export")).await;
            if status.as_u16() != *expected {
                failures.push(format!("{role} {path} export: expected {expected}, got {status}"));
                continue;
            }
            if status != StatusCode::OK {
                continue;
            }
            let sheet = sheet_rows(&bytes);
            let col = sheet[0].iter().position(|h| text(h) == column).unwrap();
            let exported: BTreeSet<String> = sheet[1..].iter().map(|r| text(&r[col])).collect();
            if exported != listed(&app, &token, path, field).await {
                failures.push(format!("{role} {path} export differs from the list"));
            }
        }
    }
    assert!(failures.is_empty(), "import and export by role:\n{}", failures.join("\n"));
}
