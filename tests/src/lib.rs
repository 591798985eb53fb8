//! Black-box tests of the Gridlink server live in `tests/api/`: one test
//! binary that starts the real server per test, on SQLite and on PostgreSQL,
//! and drives it over HTTP.
