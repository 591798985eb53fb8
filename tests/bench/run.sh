#!/usr/bin/env bash
# Gridlink load benchmark (`make bench`).
#
# Builds the release binary, seeds city-scale data (4 districts, 40 streets,
# 400 communities, 4,000 grids, 10,000 accounts, 5,000 units, 50,000
# resources, 200,000 needs, 300,000 services, 200,000 volunteers, 20,000
# projects, 100,000 shifts, 1,000,000 sign-ups and service records, 50,000
# households, 60,000 pairings, 500,000 visits) and loads
# a local server with oha, on SQLite and, when one answers, on PostgreSQL;
# races 500 concurrent accepts for one resource of 10; has 1,000 volunteers
# sign up for recruiting shifts at once and checks no shift is over-filled;
# walks keyset pages of sign-ups; loads a street's overdue list and a
# household's detail. Writes docs/performance.md.
#
# All traffic goes to 127.0.0.1. Every load run is bounded in time and
# connections; every wait loop is bounded in count.
#
# Settings (environment):
#   GRIDLINK_BENCH_POSTGRES_URL  PostgreSQL server to use (default
#                                postgres://postgres@127.0.0.1:5432/postgres);
#                                a database `gridlink_bench` is created on it
#                                and dropped at the end. Loopback hosts only.
#   GRIDLINK_BENCH_SKIP_POSTGRES=1  SQLite only.
#   GRIDLINK_BENCH_PORT          listen port (default 18181).
#   GRIDLINK_BENCH_DURATION      seconds per load run (default 10).
#   GRIDLINK_BENCH_SIGNUP_VOLUNTEERS  volunteer accounts that sign up in the
#                                sign-up race (default 1000, at most 1000).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BENCH_DIR=$ROOT/tests/bench
OUT=$BENCH_DIR/out
REPORT=$ROOT/docs/performance.md

PORT=${GRIDLINK_BENCH_PORT:-18181}
ADDR=127.0.0.1:$PORT
BASE=http://$ADDR
DURATION=${GRIDLINK_BENCH_DURATION:-10}
CONNS=32
LOGIN_CONNS=4
PASSWORD='Gridlink@2026'
# Fixed so that runs are comparable; 48 characters (PostgreSQL needs one set).
JWT_SECRET='gridlink-bench-jwt-secret-0123456789abcdefghijkl'
# Base64 of 32 bytes; PostgreSQL servers refuse to start without a data key.
DATA_KEY='YmVuY2gtZGF0YS1rZXktMDEyMzQ1Njc4OWFiY2RlZmc='
PG_URL=${GRIDLINK_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
PG_DB=gridlink_bench
LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
SIGNUP_VOLUNTEERS=${GRIDLINK_BENCH_SIGNUP_VOLUNTEERS:-1000}
SIGNUP_SHIFTS_EACH=8
[[ $SIGNUP_VOLUNTEERS =~ ^[0-9]+$ ]] && ((SIGNUP_VOLUNTEERS >= 1 && SIGNUP_VOLUNTEERS <= 1000)) \
  || { echo "GRIDLINK_BENCH_SIGNUP_VOLUNTEERS must be 1-1000" >&2; exit 2; }

CARGO=${CARGO:-cargo}
CARGO_BIN_DIR=${CARGO_HOME:-$HOME/.cargo}/bin
export PATH=$CARGO_BIN_DIR:$PATH

SERVER_PID=
LOAD_PID=
PG_CREATED=

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
now() { echo "$EPOCHREALTIME"; }                       # seconds, microsecond resolution
elapsed() { python3 -c 'import sys; print(f"{float(sys.argv[2]) - float(sys.argv[1]):.3f}")' "$1" "$2"; }

stop_server() {
  [[ -n $SERVER_PID ]] || return 0
  local pid=$SERVER_PID
  SERVER_PID=
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping the server (pid $pid, SIGTERM)"
    kill -TERM "$pid" 2>/dev/null || true
    local i
    for ((i = 0; i < 150; i++)); do              # at most 15 s
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "the server did not stop within 15 s; SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
}

drop_pg_db() {
  [[ -n $PG_CREATED ]] || return 0
  PG_CREATED=
  log "dropping database $PG_DB"
  PGCONNECT_TIMEOUT=5 timeout 30 psql "$PG_URL" -v ON_ERROR_STOP=1 -qAtc "DROP DATABASE IF EXISTS $PG_DB" >/dev/null \
    || log "could not drop database $PG_DB"
}

cleanup() {
  local rc=$?
  if [[ -n $LOAD_PID ]] && kill -0 "$LOAD_PID" 2>/dev/null; then
    kill -TERM "$LOAD_PID" 2>/dev/null || true
    wait "$LOAD_PID" 2>/dev/null || true
  fi
  stop_server
  drop_pg_db
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- tools -------------------------------------------------------------------

command -v python3 >/dev/null || die "python3 is needed to read oha's JSON output"
command -v curl >/dev/null || die "curl is needed"

if ! command -v oha >/dev/null; then
  log "oha not found; installing it with cargo (a few minutes)"
  "$CARGO" install oha --locked
fi
OHA=$(command -v oha) || die "oha is not on PATH after installing it"
OHA_VERSION=$("$OHA" --version | head -n1)
# Recent oha spells JSON output `--output-format json`; older releases `-j`.
if "$OHA" --help | grep -q -- '--output-format'; then
  OHA_JSON=(--output-format json)
else
  OHA_JSON=(-j)
fi
log "using $OHA_VERSION"

# --- build ---------------------------------------------------------------------

log "building the release binary"
(cd "$ROOT" && "$CARGO" build --release --locked -p gridlink)
TARGET_DIR=$(cd "$ROOT" && "$CARGO" metadata --format-version 1 --no-deps \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
rm -rf "$OUT"
mkdir -p "$OUT"
# A private copy: a rebuild elsewhere during the run cannot swap the binary.
BIN=$OUT/gridlink
cp "$TARGET_DIR/release/gridlink" "$BIN"

if curl -s -o /dev/null --max-time 1 "$BASE/healthz"; then
  die "something already answers on $ADDR; set GRIDLINK_BENCH_PORT to a free port"
fi

# --- helpers -------------------------------------------------------------------

# Every GRIDLINK_* setting the server reads, blank unless set below, so that
# neither the caller's environment nor a local .env changes the figures
# (a blank setting means its default).
server_env() { # $1 = database URL, $2 = data dir
  local names=(
    GRIDLINK_DATABASE_URL GRIDLINK_DATA_DIR GRIDLINK_BIND GRIDLINK_WORKERS GRIDLINK_DB_POOL_SIZE
    GRIDLINK_DB_TIMEOUT_MS GRIDLINK_JWT_SECRET GRIDLINK_JWT_ISSUER GRIDLINK_JWT_AUDIENCE
    GRIDLINK_ACCESS_TOKEN_TTL_SECONDS GRIDLINK_REFRESH_TOKEN_TTL_SECONDS GRIDLINK_ADMIN_USERNAME
    GRIDLINK_ADMIN_PASSWORD GRIDLINK_LOGIN_MAX_FAILURES GRIDLINK_LOCKOUT_SECONDS
    GRIDLINK_AUTH_RATE_LIMIT_PER_MINUTE GRIDLINK_TRUST_FORWARDED_FOR GRIDLINK_CORS_ORIGINS
    GRIDLINK_LOG_FORMAT GRIDLINK_LOG GRIDLINK_AUDIT_RETENTION_DAYS GRIDLINK_TIMEZONE
    GRIDLINK_SHUTDOWN_TIMEOUT_SECONDS GRIDLINK_MIGRATE_ON_START
  )
  # Settings added since this list was written, read from the source.
  local extra n
  mapfile -t extra < <(grep -ohE '"GRIDLINK_[A-Z0-9_]+"' "$ROOT/backend/src/config.rs" 2>/dev/null | tr -d '"' | sort -u)
  ENV=()
  for n in "${names[@]}" "${extra[@]}"; do ENV+=("$n="); done
  ENV+=(
    "GRIDLINK_DATABASE_URL=$1"
    "GRIDLINK_DATA_DIR=$2"
    "GRIDLINK_BIND=$ADDR"
    "GRIDLINK_LOG=warn"
    "GRIDLINK_LOG_FORMAT=text"
    "GRIDLINK_AUTH_RATE_LIMIT_PER_MINUTE=0"
    "GRIDLINK_JWT_SECRET=$JWT_SECRET"
    "GRIDLINK_DATA_KEY=$DATA_KEY"
    "GRIDLINK_ADMIN_PASSWORD=$PASSWORD"
    "GRIDLINK_SHUTDOWN_TIMEOUT_SECONDS=5"
  )
}

# GET as a signed-in user; prints one field of the JSON answer, by a Python
# expression on `d` (the parsed body).
api_field() { # $1 = token, $2 = path, $3 = expression
  curl -sS --fail --max-time 30 -H "Authorization: Bearer $1" "$BASE$2" \
    | python3 -c 'import json, sys; d = json.load(sys.stdin); print(eval(sys.argv[1]))' "$3"
}

# 500 accept attempts at once on 500 distinct orders of one resource of 10,
# all made through the API as a community admin (who acts for the units of
# the community): exactly 10 may be accepted. One request per attempt, each
# bounded by a 60 s timeout, the whole script by 300 s. Result JSON in
# $OUT/<backend>-accept-race.json.
ACCEPT_ATTEMPTS=500
ACCEPT_QUANTITY=10
accept_race() { # $1 = backend, $2 = token, $3 = area id (a community or grid of the admin)
  log "$1: $ACCEPT_ATTEMPTS concurrent accepts on a resource of $ACCEPT_QUANTITY"
  BENCH_BASE=$BASE BENCH_TOKEN=$2 BENCH_AREA=$3 BENCH_ATTEMPTS=$ACCEPT_ATTEMPTS BENCH_QUANTITY=$ACCEPT_QUANTITY \
    timeout 300 python3 - >"$OUT/$1-accept-race.json" <<'PY' || die "$1: the accept race failed"
import http.client, json, os, sys, threading, time, urllib.parse

base = urllib.parse.urlsplit(os.environ["BENCH_BASE"])
assert base.hostname == "127.0.0.1", "loopback only"
token, area = os.environ["BENCH_TOKEN"], int(os.environ["BENCH_AREA"])
attempts, quantity = int(os.environ["BENCH_ATTEMPTS"]), int(os.environ["BENCH_QUANTITY"])
auth = {"Authorization": "Bearer " + token}


def call(conn, method, path, body=None):
    headers = dict(auth)
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    conn.request(method, path, body=data, headers=headers)
    res = conn.getresponse()
    raw = res.read()
    return res.status, (json.loads(raw) if raw else None)


setup = http.client.HTTPConnection(base.hostname, base.port, timeout=30)
status, page = call(setup, "GET", "/api/v1/units?status=active&page_size=1")
assert status == 200 and page["items"], page
unit = page["items"][0]["id"]
status, resource = call(setup, "POST", "/api/v1/resources", {
    "unit_id": unit, "category": "goods", "title": "接单并发测试物资", "quantity": quantity,
    "measure": "份", "shelf": True, "area_ids": [area]})
assert status == 201, resource
ids = []
for _ in range(attempts):  # bounded: one order per attempt
    status, order = call(setup, "POST", "/api/v1/services", {"resource_id": resource["id"], "area_id": area})
    assert status == 201, order
    ids.append(order["id"])

threading.stack_size(256 * 1024)
barrier = threading.Barrier(attempts)
results = [None] * attempts


def accept(i):
    conn = http.client.HTTPConnection(base.hostname, base.port, timeout=60)
    try:
        conn.connect()
        barrier.wait(timeout=60)
        started = time.perf_counter()
        conn.request("POST", f"/api/v1/services/{ids[i]}/accept", headers=auth)
        res = conn.getresponse()
        body = res.read()
        code = None
        if res.status != 200:
            try:
                code = json.loads(body).get("code")
            except ValueError:
                pass
        results[i] = (res.status, code, time.perf_counter() - started)
    except Exception as e:  # a failed attempt is counted, not fatal
        barrier.abort()
        results[i] = (0, type(e).__name__, 0.0)
    finally:
        conn.close()


threads = [threading.Thread(target=accept, args=(i,)) for i in range(attempts)]
started = time.perf_counter()
for t in threads:
    t.start()
for t in threads:
    t.join(timeout=120)
wall = time.perf_counter() - started
status, after = call(setup, "GET", f"/api/v1/resources/{resource['id']}")
done = [r for r in results if r is not None]
outcomes = {}
for status_code, code, _ in done:
    key = str(status_code) if code is None else f"{status_code} {code}"
    outcomes[key] = outcomes.get(key, 0) + 1
latencies = sorted(r[2] for r in done if r[0])
pct = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else None
json.dump({
    "attempts": attempts, "quantity": quantity, "answered": len(done),
    "accepted": sum(1 for r in done if r[0] == 200), "outcomes": outcomes,
    "reserved": after.get("reserved"), "remaining": after.get("remaining"),
    "seconds": wall, "p50_ms": pct(0.50), "p99_ms": pct(0.99),
}, sys.stdout)
PY
}

# Volunteers sign themselves up for recruiting shifts, all at once. Signs in
# $SIGNUP_VOLUNTEERS volunteer accounts (vol000001 …; 4 at a time, argon2),
# reads as each of them the recruiting projects they see and the shifts to
# come, and plans for each up to $SIGNUP_SHIFTS_EACH shifts that do not
# overlap; then 32 threads (Python, one connection each), released together
# by a barrier, send the sign-ups (`POST /shifts/{id}/enrollments` with `{}`)
# in a shuffled order. Volunteers of one community compete for the same
# shifts, so some sign-ups are waitlisted. Bounded: at most 1,000 accounts ×
# 8 sign-ups, sign-in within 240 s, the race within 120 s, each request 60 s,
# the whole script 600 s. Result JSON in $OUT/<backend>-signup-race.json.
signup_race() { # $1 = backend
  log "$1: $SIGNUP_VOLUNTEERS volunteers signing up for recruiting shifts at once, $CONNS connections"
  BENCH_BASE=$BASE BENCH_ACCOUNTS=$SIGNUP_VOLUNTEERS BENCH_PER_VOLUNTEER=$SIGNUP_SHIFTS_EACH BENCH_CONNS=$CONNS \
    BENCH_PASSWORD=$PASSWORD timeout 600 python3 - >"$OUT/$1-signup-race.json" <<'PY' || die "$1: the sign-up race failed"
import http.client, json, os, random, sys, threading, time, urllib.parse
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone

base = urllib.parse.urlsplit(os.environ["BENCH_BASE"])
assert base.hostname == "127.0.0.1", "loopback only"
accounts, per = int(os.environ["BENCH_ACCOUNTS"]), int(os.environ["BENCH_PER_VOLUNTEER"])
conns, password = int(os.environ["BENCH_CONNS"]), os.environ["BENCH_PASSWORD"]
assert accounts <= 1000 and per <= 8 and conns <= 64
local = threading.local()


def connection():
    if getattr(local, "conn", None) is None:
        local.conn = http.client.HTTPConnection(base.hostname, base.port, timeout=60)
    return local.conn


def call(method, path, token=None, body=None):
    headers = {"Authorization": "Bearer " + token} if token else {}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    conn = connection()
    try:
        conn.request(method, path, body=data, headers=headers)
        res = conn.getresponse()
        raw = res.read()
    except (http.client.HTTPException, OSError):
        conn.close()
        local.conn = None
        raise
    return res.status, (json.loads(raw) if raw else None)


def when(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


# Sign-in: argon2 on purpose, so a few at a time and within a bound.
started = time.monotonic()
sign_in_until = started + 240


def sign_in(i):
    if time.monotonic() > sign_in_until:
        return None
    status, body = call("POST", "/api/v1/auth/login", body={"username": f"vol{i:06d}", "password": password})
    return body["access_token"] if status == 200 else None


with ThreadPoolExecutor(4) as pool:
    tokens = [t for t in pool.map(sign_in, range(1, accounts + 1)) if t]
sign_in_seconds = time.monotonic() - started
assert tokens, "no volunteer account signed in"

# What each sees: recruiting projects of their community, the shifts to come with places or a waitlist.
now = datetime.now(timezone.utc)
shifts_of, lock = {}, threading.Lock()


def plan(token):
    status, page = call("GET", "/api/v1/volunteer-projects?status=recruiting&page_size=100", token)
    if status != 200:
        return []
    seen = []
    for project in page["items"]:
        with lock:
            known = shifts_of.get(project["id"])
        if known is None:
            status, listed = call("GET", f"/api/v1/volunteer-projects/{project['id']}/shifts", token)
            known = listed["items"] if status == 200 else []
            with lock:
                shifts_of[project["id"]] = known
        seen.extend(known)
    chosen, busy_until = [], None
    for s in sorted((s for s in seen if when(s["starts_at"]) > now), key=lambda s: when(s["starts_at"])):
        if busy_until is None or when(s["starts_at"]) >= busy_until:
            chosen.append(s["id"])
            busy_until = max(busy_until or when(s["ends_at"]), when(s["ends_at"]))
        if len(chosen) == per:
            break
    return chosen


with ThreadPoolExecutor(8) as pool:
    plans = list(pool.map(plan, tokens))
jobs = [(token, shift) for token, chosen in zip(tokens, plans) for shift in chosen]
random.Random(2026).shuffle(jobs)
lanes = [jobs[k::conns] for k in range(conns)]
results = [[] for _ in range(conns)]
barrier = threading.Barrier(conns + 1)
race_until = [0.0]


def lane(k):
    conn = http.client.HTTPConnection(base.hostname, base.port, timeout=60)
    out = results[k]
    try:
        conn.connect()
        barrier.wait(timeout=60)
    except Exception as e:  # counted, not fatal
        barrier.abort()
        out.append((0, type(e).__name__, None, 0.0))
        return
    for token, shift in lanes[k]:
        if time.monotonic() > race_until[0]:
            break
        t0 = time.perf_counter()
        try:
            conn.request("POST", f"/api/v1/shifts/{shift}/enrollments", body=b"{}",
                         headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
            res = conn.getresponse()
            raw = res.read()
        except Exception as e:
            out.append((0, type(e).__name__, None, time.perf_counter() - t0))
            conn.close()
            conn = http.client.HTTPConnection(base.hostname, base.port, timeout=60)
            continue
        elapsed = time.perf_counter() - t0
        body = {}
        try:
            body = json.loads(raw) if raw else {}
        except ValueError:
            pass
        if res.status == 201:
            out.append((201, None, body.get("status"), elapsed))
        else:
            out.append((res.status, body.get("code"), None, elapsed))
    conn.close()


threading.stack_size(256 * 1024)
threads = [threading.Thread(target=lane, args=(k,)) for k in range(conns)]
for t in threads:
    t.start()
race_until[0] = time.monotonic() + 120
barrier.wait(timeout=60)
t0 = time.perf_counter()
for t in threads:
    t.join(timeout=180)
wall = time.perf_counter() - t0
done = [r for lane_results in results for r in lane_results]
outcomes = {}
for status, code, state, _ in done:
    key = f"{status} {state}" if status == 201 else (str(status) if code is None else f"{status} {code}")
    outcomes[key] = outcomes.get(key, 0) + 1
created = sum(1 for r in done if r[0] == 201)
latencies = sorted(r[3] for r in done if r[0])
pct = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else None
json.dump({
    "accounts": accounts, "signed_in": len(tokens), "sign_in_seconds": sign_in_seconds,
    "planned": len(jobs), "answered": len(done), "created": created, "outcomes": outcomes,
    "volunteers": sum(1 for p in plans if p), "shifts": len({s for p in plans for s in p}),
    "seconds": wall, "per_second": created / wall if wall else 0.0, "p50_ms": pct(0.50), "p99_ms": pct(0.99),
}, sys.stdout)
PY
}

# After the sign-up race: for every shift, the places its sign-ups hold
# (`holds_place`) must be its `taken`, and never more than its places; no
# volunteer twice live on a shift; nobody waitlisted while a place is free.
# Read straight from the database. Result JSON in $OUT/<backend>-signup-check.json.
SIGNUP_CHECK_SQL="SELECT
  (SELECT count(*) FROM volunteer_shifts) AS shifts,
  (SELECT count(*) FROM volunteer_shifts s LEFT JOIN (SELECT shift_id, count(*) AS n FROM enrollments
     WHERE holds_place GROUP BY shift_id) h ON h.shift_id = s.id WHERE s.taken <> COALESCE(h.n, 0)) AS mismatched,
  (SELECT count(*) FROM volunteer_shifts WHERE taken > places) AS overfilled,
  (SELECT count(*) FROM (SELECT shift_id, volunteer_id FROM enrollments WHERE status NOT IN ('withdrawn', 'rejected')
     GROUP BY shift_id, volunteer_id HAVING count(*) > 1) d) AS duplicates,
  (SELECT count(*) FROM volunteer_shifts s WHERE s.taken < s.places AND EXISTS (SELECT 1 FROM enrollments e
     WHERE e.shift_id = s.id AND e.status = 'waitlisted')) AS waiting_with_room"
signup_check() { # $1 = backend, $2 = database URL
  local row
  log "$1: checking every shift's places against its sign-ups"
  if [[ $1 == sqlite ]]; then
    row=$(timeout 300 python3 -c 'import sqlite3, sys
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True, timeout=30)
print("|".join(str(v) for v in db.execute(sys.argv[2]).fetchone()))' "${2#sqlite://}" "$SIGNUP_CHECK_SQL") \
      || die "$1: the over-fill check failed"
  else
    row=$(PGCONNECT_TIMEOUT=5 timeout 300 psql "$2" -v ON_ERROR_STOP=1 -qAtc "$SIGNUP_CHECK_SQL") \
      || die "$1: the over-fill check failed"
  fi
  python3 -c 'import json, sys
keys = ["shifts", "mismatched", "overfilled", "duplicates", "waiting_with_room"]
print(json.dumps(dict(zip(keys, (int(v) for v in sys.argv[1].split("|"))))))' "$row" >"$OUT/$1-signup-check.json"
}

# A shift of the community admin's community whose places are all taken,
# with the most sign-ups: prints its id and roster size.
full_shift() { # $1 = community admin token
  BENCH_BASE=$BASE BENCH_TOKEN=$1 timeout 120 python3 - <<'PY'
import http.client, json, os, urllib.parse

base = urllib.parse.urlsplit(os.environ["BENCH_BASE"])
assert base.hostname == "127.0.0.1", "loopback only"
conn = http.client.HTTPConnection(base.hostname, base.port, timeout=30)
auth = {"Authorization": "Bearer " + os.environ["BENCH_TOKEN"]}


def get(path):
    conn.request("GET", path, headers=auth)
    res = conn.getresponse()
    body = json.loads(res.read())
    assert res.status == 200, (path, body)
    return body


best = None
for project in get("/api/v1/volunteer-projects?status=completed&sort=-created_at&page_size=20")["items"]:
    for s in get(f"/api/v1/volunteer-projects/{project['id']}/shifts")["items"]:
        if s["places_left"] == 0 and (best is None or s["taken"] > best["taken"]):
            best = s
assert best, "no full shift among the community's latest completed projects"
print(best["id"], best["taken"])
PY
}

# Keyset pages of all sign-ups the street admin sees
# (`GET /api/v1/enrollments?page_size=100&cursor=`, then `cursor=<next_cursor>` until
# it is absent), walked three times; the median time of each page over the
# walks. Skipped with a note when the endpoint answers 404 (or does not page
# by cursor). Bounded: 5,000 pages a walk, 180 s in all. Result JSON in
# $OUT/<backend>-keyset-pages.json.
keyset_pages() { # $1 = backend, $2 = street admin token
  log "$1: walking keyset pages of sign-ups as the street admin"
  BENCH_BASE=$BASE BENCH_TOKEN=$2 timeout 300 python3 - >"$OUT/$1-keyset-pages.json" <<'PY' \
    || die "$1: the keyset walk failed"
import http.client, json, os, statistics, sys, time, urllib.parse

base = urllib.parse.urlsplit(os.environ["BENCH_BASE"])
assert base.hostname == "127.0.0.1", "loopback only"
conn = http.client.HTTPConnection(base.hostname, base.port, timeout=60)
auth = {"Authorization": "Bearer " + os.environ["BENCH_TOKEN"]}
# An empty cursor asks for the first keyset page.
FIRST = "/api/v1/enrollments?page_size=100&cursor="
MAX_PAGES, WALKS = 5000, 3
until = time.monotonic() + 180


def get(path):
    started = time.perf_counter()
    conn.request("GET", path, headers=auth)
    res = conn.getresponse()
    raw = res.read()
    elapsed = time.perf_counter() - started
    try:
        body = json.loads(raw) if raw else None
    except ValueError:
        body = None
    return res.status, body, elapsed


status, page, _ = get(FIRST)
if status != 200 or not isinstance(page, dict) or "items" not in page:
    why = "404: the endpoint is not in this build" if status == 404 else f"answered {status}"
    json.dump({"skipped": f"GET {FIRST} {why}"}, sys.stdout)
    sys.exit(0)
if "next_cursor" not in page and "page_size" in page and "total" in page:
    json.dump({"skipped": f"GET {FIRST} pages by offset, not by cursor"}, sys.stdout)
    sys.exit(0)
walks, rows, complete = [], 0, True
for _ in range(WALKS):
    times, cursor, rows = [], None, 0
    while len(times) < MAX_PAGES and time.monotonic() < until:
        path = FIRST + (urllib.parse.quote(cursor, safe='') if cursor else "")
        status, page, elapsed = get(path)
        assert status == 200, (path, status, page)
        times.append(elapsed)
        rows += len(page["items"])
        cursor = page.get("next_cursor")
        if not cursor:
            break
    else:
        complete = False
    walks.append(times)
pages = min(len(w) for w in walks)
median = [statistics.median(w[i] for w in walks) * 1000 for i in range(pages)]
json.dump({
    "walks": len(walks), "pages": pages, "rows": rows, "complete": complete,
    "first_ms": median[0], "middle_ms": median[pages // 2], "last_ms": median[-1],
    "p50_ms": statistics.median(median), "max_ms": max(median),
}, sys.stdout)
PY
}

# Among the community's households with an overdue pairing (first page) and
# those visited last (first page), the one whose detail holds the most
# visits: prints its id and that number.
household_with_most_visits() { # $1 = community admin token
  BENCH_BASE=$BASE BENCH_TOKEN=$1 timeout 120 python3 - <<'PY'
import http.client, json, os, urllib.parse

base = urllib.parse.urlsplit(os.environ["BENCH_BASE"])
assert base.hostname == "127.0.0.1", "loopback only"
conn = http.client.HTTPConnection(base.hostname, base.port, timeout=30)
auth = {"Authorization": "Bearer " + os.environ["BENCH_TOKEN"]}


def get(path):
    conn.request("GET", path, headers=auth)
    res = conn.getresponse()
    body = json.loads(res.read())
    assert res.status == 200, (path, body)
    return body


ids = {p["household"]["id"] for p in get("/api/v1/pairings?sort=-last_visit_on&page_size=20")["items"]}
ids |= {p["household"]["id"] for p in get("/api/v1/pairings?overdue=true&page_size=20")["items"]}
best = max(((len(get(f"/api/v1/households/{i}")["visits"]), i) for i in ids), default=None)
assert best and best[0] > 0, "no household of the community has visits"
print(best[1], best[0])
PY
}

login() { # $1 = username; prints the access token
  local body
  body=$(curl -sS --fail --max-time 30 -X POST "$BASE/api/v1/auth/login" \
    -H 'Content-Type: application/json' \
    --data "{\"username\":\"$1\",\"password\":\"$PASSWORD\"}") || die "login as $1 failed"
  printf '%s' "$body" | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])'
}

# oha against one endpoint; JSON result in $OUT/<backend>-<name>.json.
#   load <backend> <name> <connections> <seconds> [oha options...] <url>
load() {
  local backend=$1 name=$2 conns=$3 secs=$4
  shift 4
  local out=$OUT/$backend-$name.json before
  log "$backend: $name, $conns connections, ${secs}s"
  before=$(cpu_ticks)
  timeout $((secs + 60)) "$OHA" -z "${secs}s" -c "$conns" --no-tui "${OHA_JSON[@]}" "$@" >"$out"
  echo "$before $(cpu_ticks)" >"$OUT/$backend-$name.cpu"
}

# CPU time used so far (clock ticks) by the server and by PostgreSQL's
# processes (all named `postgres`; SQLite works inside the server): the CPU a
# request costs does not move with the rest of the machine the way latency
# does. Prints "server database".
cpu_ticks() {
  local server database f
  server=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat" 2>/dev/null || echo 0)
  database=$(for f in /proc/[0-9]*; do
    [[ $(cat "$f/comm" 2>/dev/null) == postgres ]] && awk '{print $14 + $15}' "$f/stat" 2>/dev/null
  done | awk '{s += $1} END {print s + 0}')
  echo "$server $database"
}

# Like load, but samples the server's VmRSS every 200 ms while it runs; peak
# (kB) in $OUT/<backend>-<name>.rss.
load_with_rss() {
  local backend=$1 name=$2 conns=$3 secs=$4
  shift 4
  local out=$OUT/$backend-$name.json peak=0 kb i before
  log "$backend: $name, $conns connections, ${secs}s (sampling RSS)"
  before=$(cpu_ticks)
  timeout $((secs + 60)) "$OHA" -z "${secs}s" -c "$conns" --no-tui "${OHA_JSON[@]}" "$@" >"$out" &
  LOAD_PID=$!
  for ((i = 0; i < (secs + 60) * 5; i++)); do      # bounded: 5 samples a second
    kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0)
    ((${kb:-0} > peak)) && peak=$kb
    kill -0 "$LOAD_PID" 2>/dev/null || break
    sleep 0.2
  done
  wait "$LOAD_PID" || die "oha failed on $name"
  LOAD_PID=
  echo "$before $(cpu_ticks)" >"$OUT/$backend-$name.cpu"
  echo "$peak" >"$OUT/$backend-$name.rss"
}

# --- one backend ---------------------------------------------------------------

bench_backend() { # $1 = sqlite|postgres, $2 = database URL
  local backend=$1 url=$2 data=$OUT/$1-data t0 t1 i code roster_size visits
  mkdir -p "$data"
  server_env "$url" "$data"

  log "$backend: seeding city scale"
  t0=$(now)
  env "${ENV[@]}" timeout 900 "$BIN" seed --scale city >"$OUT/$backend-seed.log" 2>&1 \
    || { cat "$OUT/$backend-seed.log" >&2; die "$backend: seed failed"; }
  t1=$(now)
  elapsed "$t0" "$t1" >"$OUT/$backend-seed.seconds"
  log "$backend: seeded in $(cat "$OUT/$backend-seed.seconds") s"
  # The seed leaves a gigabyte of written pages for the kernel to flush;
  # flushed now, the load runs measure the server and not the disk.
  timeout 300 sync || log "$backend: sync did not finish within 300 s"

  log "$backend: starting the server on the seeded database"
  t0=$(now)
  env "${ENV[@]}" "$BIN" serve >"$OUT/$backend-server.log" 2>&1 &
  SERVER_PID=$!
  code=000
  for ((i = 0; i < 3000; i++)); do                  # at most ~30 s
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$BASE/readyz" || true)
    [[ $code == 200 ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$OUT/$backend-server.log" >&2; die "$backend: the server exited"; }
    sleep 0.01
  done
  t1=$(now)
  [[ $code == 200 ]] || die "$backend: /readyz did not answer 200 within 30 s"
  elapsed "$t0" "$t1" >"$OUT/$backend-startup.seconds"
  awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status" >"$OUT/$backend-ready.rss"
  log "$backend: ready in $(cat "$OUT/$backend-startup.seconds") s"

  local community street
  community=$(login d1s01c01_admin)
  street=$(login d1s01_admin)

  # A short warm-up (page cache, connection pool), not reported.
  timeout 60 "$OHA" -z 2s -c "$CONNS" --no-tui "${OHA_JSON[@]}" \
    -H "Authorization: Bearer $community" "$BASE/api/v1/areas?page_size=20" >/dev/null

  load_with_rss "$backend" area-list "$CONNS" "$DURATION" \
    -H "Authorization: Bearer $community" "$BASE/api/v1/areas?page_size=20"
  load "$backend" area-tree "$CONNS" "$DURATION" \
    -H "Authorization: Bearer $street" "$BASE/api/v1/areas/tree"
  # Units: a name search and a kind filter, for a community and for a street.
  load "$backend" unit-list-community "$CONNS" "$DURATION" \
    -H "Authorization: Bearer $community" "$BASE/api/v1/units?q=%E5%85%B1%E5%BB%BA&kind=public_institution&page_size=20"
  load "$backend" unit-list-street "$CONNS" "$DURATION" \
    -H "Authorization: Bearer $street" "$BASE/api/v1/units?q=%E5%85%B1%E5%BB%BA&kind=public_institution&page_size=20"
  load "$backend" healthz "$CONNS" "$DURATION" "$BASE/healthz"
  # Sign-in is argon2-bound by design; a grid worker account, fewer connections.
  load "$backend" login "$LOGIN_CONNS" "$DURATION" -m POST -T application/json \
    -d "{\"username\":\"g230803001001001_w1\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/auth/login"

  # Resources, needs and services: ranked matches for an open need of the
  # community admin's community, and the need board filtered by status and
  # category, for a community and for a street.
  local need need_area board
  need=$(api_field "$community" "/api/v1/needs?status=open&sort=-created_at&page_size=1" 'd["items"][0]["id"]')
  need_area=$(api_field "$community" "/api/v1/needs/$need" 'd["area"]["id"]')
  board="status=open&category=care&sort=-created_at&page_size=20"
  load "$backend" need-matches "$CONNS" "$DURATION" \
    -H "Authorization: Bearer $community" "$BASE/api/v1/needs/$need/matches"
  load "$backend" need-matches-c4 "$LOGIN_CONNS" "$DURATION" \
    -H "Authorization: Bearer $community" "$BASE/api/v1/needs/$need/matches"
  load "$backend" need-board-community "$CONNS" "$DURATION" \
    -H "Authorization: Bearer $community" "$BASE/api/v1/needs?$board"
  load "$backend" need-board-street "$CONNS" "$DURATION" \
    -H "Authorization: Bearer $street" "$BASE/api/v1/needs?$board"
  accept_race "$backend" "$community" "$need_area"

  # Volunteers: a volunteer's own sign-ups, a full shift's roster as its
  # organiser, many volunteers signing up at once, keyset pages of sign-ups.
  local volunteer roster
  volunteer=$(login vol000001)
  load "$backend" me-enrollments "$CONNS" "$DURATION" \
    -H "Authorization: Bearer $volunteer" "$BASE/api/v1/me/enrollments"
  read -r roster roster_size < <(full_shift "$community") || die "$backend: no full shift found"
  echo "$roster_size" >"$OUT/$backend-shift-roster.size"
  load "$backend" shift-roster "$CONNS" "$DURATION" \
    -H "Authorization: Bearer $community" "$BASE/api/v1/shifts/$roster"
  signup_race "$backend"
  signup_check "$backend" "$url"
  keyset_pages "$backend" "$street"

  # Assistance: the street's overdue list, and the community household with
  # the most visits (its detail carries the latest 100).
  local household
  api_field "$street" "/api/v1/pairings?overdue=true&page_size=1" 'd["total"]' >"$OUT/$backend-overdue-street.total" \
    || die "$backend: the overdue list failed"
  read -r household visits < <(household_with_most_visits "$community") || die "$backend: no household with visits"
  echo "$visits" >"$OUT/$backend-household-detail.visits"
  load "$backend" overdue-street "$CONNS" "$DURATION" \
    -H "Authorization: Bearer $street" "$BASE/api/v1/pairings?overdue=true&page_size=20"
  load "$backend" household-detail "$CONNS" "$DURATION" \
    -H "Authorization: Bearer $community" "$BASE/api/v1/households/$household"

  stop_server
  echo "$backend" >>"$OUT/backends"
}

# --- export memory (SQLite) ----------------------------------------------------

# Tops the SQLite database up to EXPORT_UNITS units, restarts the server and
# downloads the whole unit list as .xlsx as the system admin, sampling the
# server's VmRSS every 100 ms. Writes the baseline and peak (kB), the seconds
# and the bytes.
EXPORT_UNITS=50000
bench_export() { # $1 = database file
  local db=$1 data=$OUT/sqlite-data base=0 peak=0 kb i t0 t1 token curl_pid
  log "sqlite: topping up to $EXPORT_UNITS units for the export"
  python3 "$BENCH_DIR/add_units.py" "$db" "$EXPORT_UNITS" >"$OUT/sqlite-export.units" \
    || die "could not add units for the export"
  server_env "sqlite://$db" "$data"
  env "${ENV[@]}" "$BIN" serve >"$OUT/sqlite-export-server.log" 2>&1 &
  SERVER_PID=$!
  for ((i = 0; i < 3000; i++)); do                  # at most ~30 s
    [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$BASE/readyz" || true) == 200 ]] && break
    sleep 0.01
  done
  token=$(login admin)
  # One small export first, so that the baseline holds what any export
  # loads once (the sheet writer, the pool's connections).
  curl -sS --fail --max-time 60 -o /dev/null -H "Authorization: Bearer $token" \
    "$BASE/api/v1/units/export?kind=other&area_id=1" || die "the warm-up export failed"
  base=$(awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status")
  peak=$base
  log "sqlite: exporting $(cat "$OUT/sqlite-export.units") units (RSS before: $base kB)"
  t0=$(now)
  curl -sS --fail --max-time 600 -o "$OUT/units-export.xlsx" -H "Authorization: Bearer $token" \
    "$BASE/api/v1/units/export" &
  curl_pid=$!
  for ((i = 0; i < 6000; i++)); do                  # bounded: 10 samples a second, 600 s
    kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0)
    ((${kb:-0} > peak)) && peak=$kb
    kill -0 "$curl_pid" 2>/dev/null || break
    sleep 0.1
  done
  wait "$curl_pid" || die "the export failed"
  t1=$(now)
  elapsed "$t0" "$t1" >"$OUT/sqlite-export.seconds"
  echo "$base" >"$OUT/sqlite-export-base.rss"
  echo "$peak" >"$OUT/sqlite-export-peak.rss"
  stat -c %s "$OUT/units-export.xlsx" >"$OUT/sqlite-export.bytes"
  python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); s = z.read("xl/worksheets/sheet1.xml"); print(s.count(b"<row "))' \
    "$OUT/units-export.xlsx" >"$OUT/sqlite-export.rows"
  stop_server
}

# --- machine -------------------------------------------------------------------

{
  echo "nproc=$(nproc)"
  echo "clk_tck=$(getconf CLK_TCK)"
  echo "mem_kb=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)"
  echo "cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
  echo "load_at_start=$LOAD_AT_START"
  echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "oha=$OHA_VERSION"
  echo "commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "dirty=$([[ -n $(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null) ]] && echo yes || echo no)"
  echo "duration=$DURATION"
  echo "oha_json=${OHA_JSON[*]}"
  echo "date=$(date -u +%Y-%m-%d)"
} >"$OUT/machine"
log "load average before the measurement: $(cut -d' ' -f1-3 /proc/loadavg)"

# --- SQLite --------------------------------------------------------------------

: >"$OUT/backends"
bench_backend sqlite "sqlite://$OUT/sqlite-data/gridlink.db"
bench_export "$OUT/sqlite-data/gridlink.db"

# --- PostgreSQL ----------------------------------------------------------------

pg_note=
if [[ ${GRIDLINK_BENCH_SKIP_POSTGRES:-} == 1 ]]; then
  pg_note="skipped (GRIDLINK_BENCH_SKIP_POSTGRES=1)"
elif ! command -v psql >/dev/null; then
  pg_note="skipped (psql not installed)"
else
  pg_host=$(python3 -c 'import sys, urllib.parse as u; print(u.urlsplit(sys.argv[1]).hostname or "")' "$PG_URL")
  case $pg_host in
    127.0.0.1 | localhost | ::1 | "") ;;
    *) pg_note="skipped (PostgreSQL at $pg_host is not on loopback)" ;;
  esac
  if [[ -z $pg_note ]] && ! PGCONNECT_TIMEOUT=3 timeout 10 psql "$PG_URL" -qAtc 'SELECT 1' >/dev/null 2>&1; then
    pg_note="skipped (no PostgreSQL answered)"
  fi
fi

if [[ -z $pg_note ]]; then
  PGCONNECT_TIMEOUT=5 timeout 60 psql "$PG_URL" -v ON_ERROR_STOP=1 -qAtc "DROP DATABASE IF EXISTS $PG_DB" >/dev/null
  PGCONNECT_TIMEOUT=5 timeout 60 psql "$PG_URL" -v ON_ERROR_STOP=1 -qAtc "CREATE DATABASE $PG_DB" >/dev/null
  PG_CREATED=1
  # The server reaches PostgreSQL over loopback, where TLS protects nothing
  # and costs both sides CPU on every round trip (a tenth of a ranked-matches
  # request): without it, as in docker-compose.yml, unless the URL asks.
  pg_bench_url=$(python3 -c '
import sys, urllib.parse as u
p = u.urlsplit(sys.argv[1])
query = p.query if "sslmode=" in p.query else "&".join(q for q in (p.query, "sslmode=disable") if q)
print(u.urlunsplit(p._replace(path="/" + sys.argv[2], query=query)))' "$PG_URL" "$PG_DB")
  [[ $pg_bench_url =~ [?\&]sslmode=([^\&]*) ]] && echo "${BASH_REMATCH[1]}" >"$OUT/postgres-sslmode"
  PGCONNECT_TIMEOUT=5 timeout 10 psql "$pg_bench_url" -qAtc 'SHOW server_version' >"$OUT/postgres-version" 2>/dev/null || true
  bench_backend postgres "$pg_bench_url"
  drop_pg_db
else
  log "PostgreSQL $pg_note"
fi
echo "$pg_note" >"$OUT/postgres-note"

# --- report --------------------------------------------------------------------

# Through a new file: the report carries the last instruction counts forward
# from the one it replaces, which a redirect would empty first.
python3 "$BENCH_DIR/report.py" "$OUT" >"$REPORT.new"
mv "$REPORT.new" "$REPORT"
log "wrote docs/performance.md"
python3 "$BENCH_DIR/report.py" --summary "$OUT" >&2
