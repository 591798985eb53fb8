//! The database: one binary, two backends. SQLite (bundled) is the default;
//! a `postgres://` URL selects PostgreSQL. Queries are written once against
//! the `DbConn` enum; backend-specific SQL sits beside its portable twin.

pub mod schema;

use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::query_dsl::LoadQuery;
use diesel::r2d2::{ManageConnection, Pool, PooledConnection, R2D2Connection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};
use tokio::sync::Semaphore;

use crate::config::{Backend, Config};
use crate::http::ApiError;

#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Postgres(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

impl DbConn {
    /// Which database this connection talks to, for the few queries written
    /// differently for each planner.
    pub fn backend(&self) -> Backend {
        match self {
            DbConn::Postgres(_) => Backend::Postgres,
            DbConn::Sqlite(_) => Backend::Sqlite,
        }
    }

    /// Loads a statically typed query on the backend's own connection.
    ///
    /// Through `DbConn` every execution writes the statement's SQL out anew
    /// (that is how the multi-backend connection collects the binds) and
    /// reads every value through one more layer; for the few hundred
    /// candidate rows of ranked matches that was 5 % of the request's
    /// instructions. Boxed queries are built for `DbBackend` and go through
    /// `load`.
    pub fn load_direct<'q, Q, U>(&mut self, query: Q) -> QueryResult<Vec<U>>
    where
        Q: LoadQuery<'q, diesel::PgConnection, U> + LoadQuery<'q, diesel::SqliteConnection, U>,
    {
        match self {
            DbConn::Postgres(conn) => query.load(conn),
            DbConn::Sqlite(conn) => query.load(conn),
        }
    }
}

/// The backend type of `DbConn`, for boxed queries.
pub type DbBackend = <DbConn as Connection>::Backend;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Only one instance migrates at a time when several start together on one PostgreSQL.
const MIGRATION_LOCK_KEY: i64 = 0x6772_6964_6c6e; // "gridln"

/// Picks the backend by URL scheme so a failed connection reports its real
/// cause (diesel's stock manager tries each backend in turn and hides it),
/// and sets the SQLite pragmas on every new connection.
#[derive(Debug, Clone)]
pub struct ConnectionManager {
    url: String,
    backend: Backend,
}

/// `sqlite://data/x.db`, `sqlite:data/x.db` and `sqlite:///abs/x.db` all name a file.
pub fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url)
}

impl ConnectionManager {
    pub fn new(url: &str, backend: Backend) -> Self {
        ConnectionManager { url: url.to_string(), backend }
    }
}

/// PostgreSQL plans our prepared statements once per connection instead of
/// on every execution. By default it plans each execution anew whenever a
/// plan's estimated cost depends on the parameters, which every subtree
/// filter (`path >= $1 AND path < $2`) does; planning then cost more than
/// running the query. One plan serves every subtree here because the area
/// tree is shallow and each list walks an index from the areas down. A
/// `plan_cache_mode` in the URL's `options` wins over this.
const GENERIC_PLANS: &str = "SET plan_cache_mode = force_generic_plan";

/// SQLite's threading mode and memory statistics, set once before the first
/// connection opens. The pool lends a connection to one thread at a time, so
/// the mutex SQLite takes on every column read of a connection (serialized
/// mode, its default) and the one it takes on every allocation to keep
/// memory statistics guard nothing here; the two were about 7 % of the
/// instructions of a list request or of ranked matches. Multi-thread mode is
/// SQLite's mode for exactly this use: many connections, each on one thread
/// at a time.
#[allow(unsafe_code)]
fn configure_sqlite() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: sqlite3_config is safe to call before SQLite initialises;
        // after that (a connection opened earlier in this process) it only
        // answers SQLITE_MISUSE and SQLite keeps its defaults.
        let (mode, stats) = unsafe {
            (
                libsqlite3_sys::sqlite3_config(libsqlite3_sys::SQLITE_CONFIG_MULTITHREAD),
                libsqlite3_sys::sqlite3_config(libsqlite3_sys::SQLITE_CONFIG_MEMSTATUS, 0 as std::ffi::c_int),
            )
        };
        if mode != libsqlite3_sys::SQLITE_OK || stats != libsqlite3_sys::SQLITE_OK {
            tracing::debug!(mode, stats, "SQLite was initialised before it could be configured; defaults kept");
        }
    });
}

/// How long a request's success vouches for its connection. Checking every
/// connection as it leaves the pool costs a round trip per request (on
/// PostgreSQL more than most of the request's own queries); one that has just
/// served a request is all but certainly alive. The same window as HikariCP's.
const TRUSTED_FOR: Duration = Duration::from_millis(500);

/// A pooled connection and the moment a request last succeeded on it.
pub struct Pooled {
    conn: DbConn,
    proven_at: Option<Instant>,
}

impl Pooled {
    fn proven_recently(&self) -> bool {
        self.proven_at.is_some_and(|at| at.elapsed() < TRUSTED_FOR)
    }
}

impl Deref for Pooled {
    type Target = DbConn;
    fn deref(&self) -> &DbConn {
        &self.conn
    }
}

impl DerefMut for Pooled {
    fn deref_mut(&mut self) -> &mut DbConn {
        &mut self.conn
    }
}

impl ManageConnection for ConnectionManager {
    type Connection = Pooled;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<Pooled, Self::Error> {
        let conn = match self.backend {
            Backend::Postgres => {
                let mut conn =
                    diesel::PgConnection::establish(&self.url).map_err(diesel::r2d2::Error::ConnectionError)?;
                if !self.url.contains("plan_cache_mode") {
                    conn.batch_execute(GENERIC_PLANS).map_err(diesel::r2d2::Error::QueryError)?;
                }
                DbConn::Postgres(conn)
            }
            Backend::Sqlite => {
                configure_sqlite();
                let mut conn = diesel::SqliteConnection::establish(sqlite_path(&self.url))
                    .map_err(diesel::r2d2::Error::ConnectionError)?;
                conn.batch_execute(
                    "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; \
                     PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
                )
                .map_err(diesel::r2d2::Error::QueryError)?;
                DbConn::Sqlite(conn)
            }
        };
        Ok(Pooled { conn, proven_at: None })
    }

    /// Asked on every checkout: a connection idle for a while (the database
    /// may have restarted meanwhile) or whose last request failed answers a
    /// `SELECT 1` first, and a dead one is replaced before a request sees it.
    fn is_valid(&self, conn: &mut Pooled) -> Result<(), Self::Error> {
        if conn.proven_recently() {
            return Ok(());
        }
        conn.conn.batch_execute("SELECT 1").map_err(diesel::r2d2::Error::QueryError)
    }

    /// A connection left inside a transaction, or with a broken one, is not reused.
    fn has_broken(&self, conn: &mut Pooled) -> bool {
        std::thread::panicking() || conn.conn.is_broken()
    }
}

pub type DbPool = Pool<ConnectionManager>;

/// The pool plus the way handlers use it: blocking work on the blocking
/// thread pool, never on an actix worker, with the request's tracing span.
#[derive(Clone)]
pub struct Db {
    pool: DbPool,
    backend: Backend,
    /// One permit per pooled connection, handed out first come, first served.
    /// Without it every waiting request parks a blocking thread on the pool,
    /// which gives a returned connection to whichever thread wakes first:
    /// often one that has just arrived, so under load a few requests waited
    /// many times as long as the rest (p99 three times the median).
    gate: Arc<Semaphore>,
    /// How long a request waits for a connection before it is answered 503.
    wait: Duration,
}

impl Db {
    pub fn connect(config: &Config) -> anyhow::Result<Db> {
        let backend = config.backend().ok_or_else(|| anyhow::anyhow!("unsupported database URL"))?;
        if backend == Backend::Sqlite {
            if let Some(parent) = std::path::Path::new(sqlite_path(&config.database_url)).parent() {
                if !parent.as_os_str().is_empty() {
                    std::fs::create_dir_all(parent)?;
                }
            }
        }
        let size = config.db_pool_size.max(1);
        let wait = Duration::from_millis(config.db_timeout_ms.max(100));
        let pool = Pool::builder()
            .max_size(size)
            .min_idle(Some(1))
            .connection_timeout(wait)
            .build(ConnectionManager::new(&config.database_url, backend))
            .map_err(|e| anyhow::anyhow!("cannot open the database: {e}"))?;
        Ok(Db { pool, backend, gate: Arc::new(Semaphore::new(size as usize)), wait })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn get(&self) -> Result<PooledConnection<ConnectionManager>, ApiError> {
        self.pool.get().map_err(|_| ApiError::Unavailable)
    }

    /// Runs `f` with a connection on the blocking pool, once its turn for
    /// one has come.
    pub async fn read<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let permit = tokio::time::timeout(self.wait, self.gate.clone().acquire_owned())
            .await
            .map_err(|_| ApiError::Unavailable)?
            .map_err(ApiError::internal)?;
        let db = self.clone();
        let span = tracing::Span::current();
        actix_web::web::block(move || {
            let _permit = permit;
            let _entered = span.enter();
            let mut conn = db.get()?;
            let result = f(&mut conn);
            // A failure may have been the connection's own: check it next time.
            conn.proven_at = result.is_ok().then(Instant::now);
            result
        })
        .await
        .map_err(ApiError::internal)?
    }

    /// Runs `f` inside one write transaction: all of it lands, or none.
    pub async fn write<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        self.read(move |conn| write_tx(conn, f)).await
    }

    /// Runs `f` in one read-only transaction over a single snapshot, so an
    /// export that pages through many batches neither skips nor repeats rows
    /// that change meanwhile.
    pub async fn read_snapshot<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        self.read(move |conn| snapshot_tx(conn, f)).await
    }

    /// Applies pending migrations; returns how many ran.
    pub fn migrate(&self) -> anyhow::Result<usize> {
        let mut conn = self.pool.get()?;
        migrate(&mut conn)
    }
}

/// A write transaction. On SQLite it begins IMMEDIATE, taking the write lock
/// up front: a deferred transaction that reads and then writes can fail with
/// SQLITE_BUSY at the upgrade, which busy_timeout does not cover.
pub fn write_tx<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    type Manager = <DbConn as Connection>::TransactionManager;
    match conn {
        DbConn::Sqlite(inner) => AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")?,
        DbConn::Postgres(_) => Manager::begin_transaction(conn)?,
    }
    finish_tx(conn, f)
}

/// A read transaction on one snapshot: REPEATABLE READ on PostgreSQL (its
/// default, READ COMMITTED, takes a new snapshot per statement); on SQLite
/// in WAL mode every read transaction already keeps the snapshot of its first read.
pub fn snapshot_tx<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    match conn {
        DbConn::Sqlite(inner) => AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN DEFERRED")?,
        DbConn::Postgres(inner) => AnsiTransactionManager::begin_transaction_sql(
            inner,
            "BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY",
        )?,
    }
    finish_tx(conn, f)
}

/// Commits a transaction begun by the caller when `f` succeeds, rolls it back when not.
fn finish_tx<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    type Manager = <DbConn as Connection>::TransactionManager;
    match f(conn) {
        Ok(value) => match Manager::commit_transaction(conn) {
            Ok(()) => Ok(value),
            Err(e) => {
                let _ = Manager::rollback_transaction(conn);
                Err(e.into())
            }
        },
        Err(e) => {
            let _ = Manager::rollback_transaction(conn);
            Err(e)
        }
    }
}

pub fn migrate(conn: &mut DbConn) -> anyhow::Result<usize> {
    let applied = match conn {
        DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map_err(|e| anyhow::anyhow!("{e}"))?.len(),
        DbConn::Postgres(c) => {
            diesel::sql_query(format!("SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})")).execute(c)?;
            let result = c.run_pending_migrations(POSTGRES_MIGRATIONS).map(|v| v.len());
            diesel::sql_query(format!("SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})")).execute(c)?;
            result.map_err(|e| anyhow::anyhow!("{e}"))?
        }
    };
    Ok(applied)
}

/// Whether the database answers: `/readyz`.
pub fn ping(conn: &mut DbConn) -> bool {
    conn.batch_execute("SELECT 1").is_ok()
}

/// Creating and dropping PostgreSQL databases, for test runs and operations
/// scripts that need a database of their own.
pub mod admin {
    use diesel::prelude::*;

    fn quote_ident(name: &str) -> anyhow::Result<String> {
        anyhow::ensure!(
            !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'),
            "database names here are plain identifiers"
        );
        Ok(format!("\"{name}\""))
    }

    /// `server_url` names any database on the server (e.g. `postgres://postgres@127.0.0.1/postgres`).
    pub fn create_database(server_url: &str, name: &str) -> anyhow::Result<()> {
        let mut conn = diesel::PgConnection::establish(server_url)?;
        diesel::sql_query(format!("CREATE DATABASE {}", quote_ident(name)?)).execute(&mut conn)?;
        Ok(())
    }

    pub fn drop_database(server_url: &str, name: &str) -> anyhow::Result<()> {
        let mut conn = diesel::PgConnection::establish(server_url)?;
        diesel::sql_query(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", quote_ident(name)?)).execute(&mut conn)?;
        Ok(())
    }

    /// The same server URL with another database name.
    pub fn with_database(server_url: &str, name: &str) -> String {
        let (base, query) = match server_url.split_once('?') {
            Some((b, q)) => (b, format!("?{q}")),
            None => (server_url, String::new()),
        };
        let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
        let base = match base[scheme_end..].find('/') {
            Some(i) => &base[..scheme_end + i],
            None => base,
        };
        format!("{base}/{name}{query}")
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    fn sqlite_db(pool_size: u32, timeout_ms: u64) -> (tempfile::TempDir, Db) {
        let dir = tempfile::tempdir().expect("temporary directory");
        let config = Config {
            database_url: format!("sqlite://{}", dir.path().join("gate.db").display()),
            db_pool_size: pool_size,
            db_timeout_ms: timeout_ms,
            ..Config::default()
        };
        let db = Db::connect(&config).expect("database");
        (dir, db)
    }

    /// Keeps the only connection busy for `ms`.
    fn hold(db: &Db, ms: u64) -> actix_web::rt::task::JoinHandle<Result<(), ApiError>> {
        let db = db.clone();
        actix_web::rt::spawn(async move {
            db.read(move |_| {
                std::thread::sleep(Duration::from_millis(ms));
                Ok(())
            })
            .await
        })
    }

    #[actix_web::test]
    async fn requests_get_connections_in_the_order_they_asked() {
        let (_dir, db) = sqlite_db(1, 5_000);
        let holder = hold(&db, 300);
        tokio::time::sleep(Duration::from_millis(50)).await;
        let served = Arc::new(Mutex::new(Vec::new()));
        let mut waiting = Vec::new();
        for i in 0..8 {
            let (db, served) = (db.clone(), served.clone());
            waiting.push(actix_web::rt::spawn(async move {
                db.read(move |_| {
                    served.lock().expect("lock").push(i);
                    Ok(())
                })
                .await
            }));
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        holder.await.expect("holder").expect("holder read");
        for w in waiting {
            w.await.expect("task").expect("read");
        }
        assert_eq!(*served.lock().expect("lock"), (0..8).collect::<Vec<_>>());
    }

    #[actix_web::test]
    async fn a_request_that_waits_past_the_timeout_is_unavailable() {
        let (_dir, db) = sqlite_db(1, 200);
        let holder = hold(&db, 1_000);
        tokio::time::sleep(Duration::from_millis(50)).await;
        let asked = Instant::now();
        let result = db.read(|_| Ok(())).await;
        assert!(matches!(result, Err(ApiError::Unavailable)), "{result:?}");
        assert!(asked.elapsed() < Duration::from_millis(900), "waited {:?}", asked.elapsed());
        holder.await.expect("holder").expect("holder read");
    }
}
