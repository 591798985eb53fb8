//! The harness: a real Gridlink server per test on port 0 with its own
//! database (a SQLite file, or a PostgreSQL database created for the test
//! and dropped after), seeded with the demo district and its accounts.

use std::sync::OnceLock;

use diesel::prelude::*;
use diesel::sql_types::BigInt;
use gridlink::config::Config;
use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::{json, Value};

pub use gridlink::seed::DEMO_PASSWORD;

pub const ADMIN_PASSWORD: &str = "Admin@Test-2026";
pub const JWT_SECRET: &str = "test-signing-key-0123456789-abcdefghijklmnopqrstuv";
/// Base64 of 32 bytes: the data key of test servers (PostgreSQL refuses to start without one).
pub const DATA_KEY: &str = "dGVzdC1kYXRhLWtleS0wMTIzNDU2Nzg5LWFiY2RlZmc=";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs a test function on one backend; the macro below makes one test per backend.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::common::Backend::Sqlite).await;
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name($crate::common::Backend::Postgres).await;
                }
            }
        )+
    };
}

fn postgres_url() -> Option<String> {
    static NOTICE: OnceLock<()> = OnceLock::new();
    match std::env::var("GRIDLINK_TEST_POSTGRES_URL").ok().filter(|u| !u.is_empty()) {
        Some(url) => Some(url),
        None => {
            NOTICE.get_or_init(|| {
                eprintln!("GRIDLINK_TEST_POSTGRES_URL is not set: PostgreSQL runs are skipped");
            });
            None
        }
    }
}

/// The demo password hashed once per test process (argon2 is slow on purpose).
fn demo_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| gridlink::auth::password::hash(DEMO_PASSWORD).expect("hash"))
}

enum Store {
    Sqlite(#[allow(dead_code)] tempdir::Dir),
    Postgres { server_url: String, name: String },
}

mod tempdir {
    /// A directory removed when dropped.
    pub struct Dir(pub std::path::PathBuf);
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        if let Store::Postgres { server_url, name } = self {
            if let Err(e) = gridlink::db::admin::drop_database(server_url, name) {
                eprintln!("could not drop test database {name}: {e}");
            }
        }
    }
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub state: actix_web::web::Data<gridlink::app::AppState>,
    handle: actix_web::dev::ServerHandle,
    _store: Store,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Sends the stop command now; the server task ends with the test's runtime.
        drop(self.handle.stop(false));
    }
}

/// A signed-in session.
#[derive(Debug, Clone)]
pub struct Session {
    pub access: String,
    pub refresh: String,
    pub body: Value,
}

pub fn test_config() -> Config {
    Config {
        bind: "127.0.0.1:0".parse().unwrap(),
        workers: 2,
        db_pool_size: 4,
        jwt_secret: Some(JWT_SECRET.into()),
        data_key: Some(DATA_KEY.into()),
        admin_password: Some(ADMIN_PASSWORD.into()),
        // High enough that only the rate-limit test meets it.
        auth_rate_limit_per_minute: 10_000,
        log_filter: "warn".into(),
        ..Config::default()
    }
}

impl TestApp {
    /// A server with the demo data, or `None` when the backend is not available here.
    pub async fn spawn(backend: Backend) -> Option<TestApp> {
        Self::spawn_with(backend, |_| {}).await
    }

    pub async fn spawn_with(backend: Backend, tweak: impl FnOnce(&mut Config)) -> Option<TestApp> {
        let mut config = test_config();
        let unique = uuid::Uuid::new_v4().simple().to_string();
        let store = match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join(format!("gridlink-test-{unique}"));
                std::fs::create_dir_all(&dir).expect("temp dir");
                config.database_url = format!("sqlite://{}", dir.join("gridlink.db").display());
                config.data_dir = dir.clone();
                Store::Sqlite(tempdir::Dir(dir))
            }
            Backend::Postgres => {
                let server_url = postgres_url()?;
                let name = format!("gridlink_test_{unique}");
                gridlink::db::admin::create_database(&server_url, &name).expect("create test database");
                config.database_url = gridlink::db::admin::with_database(&server_url, &name);
                Store::Postgres { server_url, name }
            }
        };
        tweak(&mut config);
        let running = gridlink::app::spawn(config).expect("server starts");
        {
            let mut conn = running.state.db.get().expect("connection");
            gridlink::seed::ensure_first_admin(&running.state.db, &running.state.config).expect("first admin");
            gridlink::db::write_tx(&mut conn, |c| gridlink::seed::demo(c, demo_hash())).expect("demo data");
        }
        Some(TestApp {
            base: format!("http://{}", running.addr),

            client: reqwest::Client::builder().build().expect("client"),
            state: running.state,
            handle: running.handle,
            _store: store,
        })
    }

    pub fn url(&self, path: &str) -> String {
        if path.starts_with("/api/") || path.starts_with("/healthz") || path.starts_with("/readyz") {
            format!("{}{path}", self.base)
        } else {
            format!("{}/api/v1{path}", self.base)
        }
    }

    pub fn request(&self, method: Method, path: &str, token: Option<&str>) -> RequestBuilder {
        let mut req = self.client.request(method, self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req
    }

    pub async fn login_raw(&self, username: &str, password: &str) -> reqwest::Response {
        self.request(Method::POST, "/auth/login", None)
            .json(&json!({"username": username, "password": password}))
            .send()
            .await
            .expect("login request")
    }

    /// Signs in a demo account (`admin` uses the admin password).
    pub async fn login(&self, username: &str) -> Session {
        let password = if username == "admin" { ADMIN_PASSWORD } else { DEMO_PASSWORD };
        self.login_with(username, password).await
    }

    pub async fn login_with(&self, username: &str, password: &str) -> Session {
        let res = self.login_raw(username, password).await;
        assert_eq!(res.status(), StatusCode::OK, "login of {username}");
        let body: Value = res.json().await.unwrap();
        Session {
            access: body["access_token"].as_str().unwrap().to_string(),
            refresh: body["refresh_token"].as_str().unwrap().to_string(),
            body,
        }
    }

    pub async fn token(&self, username: &str) -> String {
        self.login(username).await.access
    }

    pub async fn get(&self, path: &str, token: &str) -> (StatusCode, Value) {
        send(self.request(Method::GET, path, Some(token))).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        send(self.request(Method::POST, path, Some(token)).json(&body)).await
    }

    pub async fn patch(&self, path: &str, token: &str, etag: &str, body: Value) -> (StatusCode, Value) {
        send(self.request(Method::PATCH, path, Some(token)).header("If-Match", etag).json(&body)).await
    }

    pub async fn delete(&self, path: &str, token: &str, etag: &str) -> (StatusCode, Value) {
        send(self.request(Method::DELETE, path, Some(token)).header("If-Match", etag)).await
    }

    /// The ETag of an object as the admin sees it.
    pub async fn etag(&self, path: &str) -> String {
        let token = self.token("admin").await;
        let res = self.request(Method::GET, path, Some(&token)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "GET {path}");
        res.headers()["etag"].to_str().unwrap().to_string()
    }

    /// Runs a `SELECT count(*) AS n ...` straight on the database.
    pub fn count(&self, sql: &str) -> i64 {
        #[derive(QueryableByName)]
        struct N {
            #[diesel(sql_type = BigInt)]
            n: i64,
        }
        let mut conn = self.state.db.get().expect("connection");
        diesel::sql_query(sql).get_result::<N>(&mut **conn).expect(sql).n
    }

    /// The id of a demo area by its code.
    pub fn area(&self, code: &str) -> i64 {
        use gridlink::db::schema::areas;
        let mut conn = self.state.db.get().expect("connection");
        areas::table.filter(areas::code.eq(code)).select(areas::id).first(&mut **conn).expect(code)
    }

    pub fn user(&self, username: &str) -> i64 {
        use gridlink::db::schema::users;
        let mut conn = self.state.db.get().expect("connection");
        users::table.filter(users::username.eq(username)).select(users::id).first(&mut **conn).expect(username)
    }

    /// Drops the test's PostgreSQL database under the running server.
    pub fn break_database(&self) {
        if let Store::Postgres { server_url, name } = &self._store {
            gridlink::db::admin::drop_database(server_url, name).expect("drop");
        }
    }

    /// Ends every PostgreSQL session of the test database, as a restart of
    /// the database server would; the server's pooled connections go dead.
    pub fn end_database_sessions(&self) {
        if let Store::Postgres { server_url, name } = &self._store {
            let mut conn = diesel::PgConnection::establish(server_url).expect("connect");
            diesel::sql_query(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
            )
            .bind::<diesel::sql_types::Text, _>(name)
            .execute(&mut conn)
            .expect("terminate");
        }
    }

    pub fn audit_count(&self) -> i64 {
        self.count("SELECT count(*) AS n FROM audit_log")
    }
}

pub async fn send(req: RequestBuilder) -> (StatusCode, Value) {
    let res = req.send().await.expect("request");
    let status = res.status();
    let text = res.text().await.unwrap_or_default();
    let body = if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) };
    (status, body)
}

/// The items of a list answer.
pub fn items(page: &Value) -> &Vec<Value> {
    page["items"].as_array().expect("a list page")
}

/// A date-time of an answer.
pub fn at(value: &Value) -> chrono::DateTime<chrono::Utc> {
    value.as_str().expect("a date-time").parse().expect("RFC 3339")
}

/// The `total` of a list, asserting the list answered 200.
pub async fn total(app: &TestApp, path: &str, token: &str) -> i64 {
    let (status, page) = app.get(path, token).await;
    assert_eq!(status, StatusCode::OK, "{path}: {page}");
    page["total"].as_i64().unwrap()
}

/// The field names of a problem's `errors`.
pub fn error_fields(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|a| a.iter().map(|e| e["field"].as_str().unwrap_or("").to_string()).collect())
        .unwrap_or_default()
}

/// Demo area codes.
pub mod codes {
    pub const BANNER: &str = "152922000000";
    pub const TOWN_A: &str = "152922100000";
    pub const TOWN_B: &str = "152922101000";
    /// community_admin's home.
    pub const COMMUNITY_1: &str = "152922100001";
    pub const COMMUNITY_2: &str = "152922100002";
    pub const COMMUNITY_B: &str = "152922101001";
    /// grid_worker's home.
    pub const GRID_1: &str = "152922100001001";
    pub const GRID_2: &str = "152922100001002";
    pub const GRID_OTHER: &str = "152922100002001";
    pub const BUILDING_1: &str = "152922100001001001";
}
