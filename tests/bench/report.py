#!/usr/bin/env python3
"""Turns the raw results of tests/bench/run.sh into docs/performance.md.

    report.py OUT_DIR            the Markdown report, on stdout
    report.py --summary OUT_DIR  a short plain-text table, on stdout

OUT_DIR holds oha's JSON output (<backend>-<endpoint>.json) and small files
with one figure each (seed and start-up seconds, RSS in kB).
"""

import json
import sys
from pathlib import Path

# Targets. The area-list throughput and latency and the seed time are
# SQLite targets; memory and start-up hold for both backends.
AREA_LIST_MIN_RPS = 5000
AREA_LIST_MAX_P99_MS = 20
UNIT_LIST_MIN_RPS = 3000
UNIT_LIST_MAX_P99_MS = 25
MAX_RSS_MB = 60
MAX_STARTUP_S = 1.0
MAX_SEED_S = 120
MAX_EXPORT_GROWTH_MB = 50
# Resources, needs and services: both backends.
MATCHES_MAX_P99_MS = 30
NEED_BOARD_MAX_P99_MS = 25
ACCEPT_ATTEMPTS = 500
ACCEPT_QUANTITY = 10
# Volunteers: sign-ups per second on SQLite; latencies on both backends.
SIGNUPS_MIN_PER_S = 1000
ME_ENROLLMENTS_MAX_P99_MS = 20
ROSTER_MAX_P99_MS = 20
# Assistance: both backends.
OVERDUE_LIST_MAX_P99_MS = 30
HOUSEHOLD_DETAIL_MAX_P99_MS = 20
# Keyset pages stay flat: the middle and last page within this factor (plus
# a few milliseconds of noise) of the first.
KEYSET_FLAT_FACTOR = 2.0
KEYSET_FLAT_SLACK_MS = 5.0

ENDPOINTS = [
    ("area-list", "`GET /api/v1/areas?page_size=20` (community admin)"),
    ("area-tree", "`GET /api/v1/areas/tree` (street admin)"),
    ("unit-list-community", "`GET /api/v1/units?q=共建&kind=public_institution` (community admin)"),
    ("unit-list-street", "`GET /api/v1/units?q=共建&kind=public_institution` (street admin)"),
    ("need-matches", "`GET /api/v1/needs/{id}/matches` (community admin, an open need of the community)"),
    ("need-matches-c4", "… the same at 4 connections"),
    ("need-board-community", "`GET /api/v1/needs?status=open&category=care` (community admin)"),
    ("need-board-street", "`GET /api/v1/needs?status=open&category=care` (street admin)"),
    ("me-enrollments", "`GET /api/v1/me/enrollments` (a volunteer, `vol000001`)"),
    ("shift-roster", "`GET /api/v1/shifts/{id}` (community admin, the organiser: a full shift with its roster)"),
    ("overdue-street", "`GET /api/v1/pairings?overdue=true&page_size=20` (street admin: the street's overdue list)"),
    ("household-detail", "`GET /api/v1/households/{id}` (community admin: a household with its pairings and visits)"),
    ("healthz", "`GET /healthz`"),
    ("login", "`POST /api/v1/auth/login` (argon2)"),
]
TITLES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
CONNECTIONS_RACE = 32


def read(out: Path, name: str, default=None):
    path = out / name
    return path.read_text().strip() if path.exists() else default


def machine(out: Path) -> dict:
    info = {}
    for line in (read(out, "machine", "") or "").splitlines():
        key, _, value = line.partition("=")
        info[key] = value
    return info


def oha(out: Path, backend: str, endpoint: str):
    path = out / f"{backend}-{endpoint}.json"
    if not path.exists():
        return None
    data = json.loads(path.read_text())
    summary = data.get("summary", {})
    pct = data.get("latencyPercentiles", {})
    codes = {str(k): int(v) for k, v in (data.get("statusCodeDistribution") or {}).items()}
    # oha cancels the requests still in flight when the run's time is up
    # ("aborted due to deadline"): those are not server failures.
    errors = {k: int(v) for k, v in (data.get("errorDistribution") or {}).items() if "deadline" not in k}
    total = sum(codes.values()) + sum(errors.values())
    ok = sum(v for k, v in codes.items() if k.startswith("2"))

    def ms(v):
        return None if v is None else float(v) * 1000.0

    return {
        "rps": float(summary.get("requestsPerSec") or 0.0),
        "p50": ms(pct.get("p50")),
        "p99": ms(pct.get("p99")),
        "total": total,
        "ok": ok,
        "codes": codes,
        "errors": errors,
    }


def cpu_per_request(out: Path, backend: str, endpoint: str, requests: int, hz: int):
    """CPU milliseconds a request cost the server and the database (none
    apart on SQLite) over a load run, from the ticks (`hz` a second) read
    around it."""
    ticks = read(out, f"{backend}-{endpoint}.cpu")
    if not ticks or not requests:
        return None
    s0, d0, s1, d1 = (int(v) for v in ticks.split())
    return ((s1 - s0) * 1000.0 / hz / requests, (d1 - d0) * 1000.0 / hz / requests)


def cpu_text(backend: str, cpu) -> str:
    if cpu is None:
        return "–"
    server, database = cpu
    return f"{server:.2f}" if backend == "sqlite" else f"{server:.2f} + {database:.2f}"


def verdict(met: bool) -> str:
    return "met" if met else "**missed**"


def fmt(v, digits=1):
    return "–" if v is None else f"{v:,.{digits}f}"


def connections(endpoint: str) -> int:
    return 4 if endpoint == "login" or endpoint.endswith("-c4") else 32


def measured(out: Path, backend: str, name: str):
    path = out / f"{backend}-{name}.json"
    if not path.exists():
        return None
    return json.loads(path.read_text())


def accept_race(out: Path, backend: str):
    return measured(out, backend, "accept-race")


def keyset_flat(k: dict) -> bool:
    bound = k["first_ms"] * KEYSET_FLAT_FACTOR + KEYSET_FLAT_SLACK_MS
    return k["complete"] and k["middle_ms"] <= bound and k["last_ms"] <= bound


def backend_rows(out: Path, backend: str):
    """Endpoint rows and measure rows, each with target and verdict."""
    rows = []
    hz = int(machine(out).get("clk_tck") or 100)
    for key, label in ENDPOINTS:
        r = oha(out, backend, key)
        if r is None:
            continue
        target, result = "", ""
        if key == "area-list" and backend == "sqlite":
            target = f"≥ {AREA_LIST_MIN_RPS:,} req/s, p99 < {AREA_LIST_MAX_P99_MS} ms"
            ok = r["rps"] >= AREA_LIST_MIN_RPS and r["p99"] is not None and r["p99"] < AREA_LIST_MAX_P99_MS
            result = verdict(ok)
        elif key.startswith("unit-list") and backend == "sqlite":
            target = f"≥ {UNIT_LIST_MIN_RPS:,} req/s, p99 < {UNIT_LIST_MAX_P99_MS} ms"
            ok = r["rps"] >= UNIT_LIST_MIN_RPS and r["p99"] is not None and r["p99"] < UNIT_LIST_MAX_P99_MS
            result = verdict(ok)
        elif key == "need-matches":
            target = f"p99 < {MATCHES_MAX_P99_MS} ms"
            result = verdict(r["p99"] is not None and r["p99"] < MATCHES_MAX_P99_MS)
        elif key.startswith("need-board"):
            target = f"p99 < {NEED_BOARD_MAX_P99_MS} ms"
            result = verdict(r["p99"] is not None and r["p99"] < NEED_BOARD_MAX_P99_MS)
        elif key == "me-enrollments":
            target = f"p99 < {ME_ENROLLMENTS_MAX_P99_MS} ms"
            result = verdict(r["p99"] is not None and r["p99"] < ME_ENROLLMENTS_MAX_P99_MS)
        elif key == "shift-roster":
            target = f"p99 < {ROSTER_MAX_P99_MS} ms"
            result = verdict(r["p99"] is not None and r["p99"] < ROSTER_MAX_P99_MS)
            size = read(out, f"{backend}-shift-roster.size")
            if size:
                label = label.replace("a full shift", f"a full shift of {size}")
        elif key == "overdue-street":
            target = f"p99 < {OVERDUE_LIST_MAX_P99_MS} ms"
            result = verdict(r["p99"] is not None and r["p99"] < OVERDUE_LIST_MAX_P99_MS)
            total = read(out, f"{backend}-overdue-street.total")
            if total:
                label = label.replace("overdue list", f"overdue list of {int(total):,}")
        elif key == "household-detail":
            target = f"p99 < {HOUSEHOLD_DETAIL_MAX_P99_MS} ms"
            result = verdict(r["p99"] is not None and r["p99"] < HOUSEHOLD_DETAIL_MAX_P99_MS)
            visits = read(out, f"{backend}-household-detail.visits")
            if visits:
                label = label.replace("and visits", f"and {visits} visits")
        elif key == "login":
            target = "none (argon2 by design)"
        ok_share = 100.0 * r["ok"] / r["total"] if r["total"] else 0.0
        rows.append({
            "key": key, "label": label, "conns": connections(key), "rps": r["rps"], "p50": r["p50"],
            "p99": r["p99"], "ok_share": ok_share, "target": target, "result": result, "raw": r,
            "cpu": cpu_per_request(out, backend, key, r["total"], hz),
        })

    measures = []
    peak = read(out, f"{backend}-area-list.rss")
    if peak is not None:
        mb = int(peak) / 1024.0
        measures.append(("Peak RSS under the area-list load", f"{mb:.1f} MB", f"< {MAX_RSS_MB} MB", verdict(mb < MAX_RSS_MB)))
    ready_rss = read(out, f"{backend}-ready.rss")
    if ready_rss:
        measures.append(("RSS when ready (idle)", f"{int(ready_rss) / 1024.0:.1f} MB", "", ""))
    startup = read(out, f"{backend}-startup.seconds")
    if startup is not None:
        s = float(startup)
        measures.append(("Start-up to ready (`/readyz` 200, seeded database)", f"{s * 1000:.0f} ms", f"< {MAX_STARTUP_S:g} s", verdict(s < MAX_STARTUP_S)))
    seed = read(out, f"{backend}-seed.seconds")
    if seed is not None:
        s = float(seed)
        if backend == "sqlite":
            measures.append(("`gridlink seed --scale city`", f"{s:.1f} s", f"< {MAX_SEED_S // 60} min", verdict(s < MAX_SEED_S)))
        else:
            measures.append(("`gridlink seed --scale city`", f"{s:.1f} s", "none (SQLite target only)", ""))
    race = accept_race(out, backend)
    if race is not None:
        refused = {k: v for k, v in race["outcomes"].items() if not k.startswith("200")}
        refused_text = ", ".join(f"{v} × {k}" for k, v in sorted(refused.items())) or "none"
        ok = race["accepted"] == race["quantity"] and race["reserved"] == race["quantity"]
        measures.append((f"{race['attempts']} concurrent `POST /api/v1/services/{{id}}/accept` on distinct orders "
                         f"of one resource of {race['quantity']}",
                         f"{race['accepted']} accepted; reserved {race['reserved']} of {race['quantity']}",
                         f"exactly {race['quantity']} accepted", verdict(ok)))
        measures.append(("… the refused attempts", refused_text, "", ""))
        measures.append(("… the race's time and its answers' p50 / p99",
                         f"{race['seconds']:.2f} s, {fmt(race['p50_ms'], 0)} / {fmt(race['p99_ms'], 0)} ms", "", ""))
    signups = measured(out, backend, "signup-race")
    if signups is not None:
        rate = signups["per_second"]
        if backend == "sqlite":
            target, ok = f"≥ {SIGNUPS_MIN_PER_S:,} sign-ups/s", verdict(rate >= SIGNUPS_MIN_PER_S)
        else:
            target, ok = "", ""
        measures.append((f"{signups['created']:,} sign-ups (`POST /api/v1/shifts/{{id}}/enrollments`) by "
                         f"{signups['volunteers']:,} volunteers for {signups['shifts']:,} recruiting shifts, "
                         f"{CONNECTIONS_RACE} connections",
                         f"{rate:,.0f} sign-ups/s", target, ok))
        outcomes = ", ".join(f"{v:,} × {k}" for k, v in sorted(signups["outcomes"].items(), key=lambda kv: -kv[1]))
        measures.append(("… their answers", outcomes or "none", "", ""))
        measures.append(("… the race's time and its answers' p50 / p99",
                         f"{signups['seconds']:.2f} s, {fmt(signups['p50_ms'], 1)} / {fmt(signups['p99_ms'], 1)} ms",
                         "", ""))
    check = measured(out, backend, "signup-check")
    if check is not None:
        ok = not (check["overfilled"] or check["mismatched"] or check["duplicates"] or check["waiting_with_room"])
        measures.append((f"… then, over all {check['shifts']:,} shifts: over-filled; `taken` ≠ place-holding sign-ups; "
                         "a volunteer twice on a shift; waitlisted with a place free",
                         f"{check['overfilled']}; {check['mismatched']}; {check['duplicates']}; "
                         f"{check['waiting_with_room']}", "0; 0; 0; 0", verdict(ok)))
    keyset = measured(out, backend, "keyset-pages")
    if keyset is not None:
        label = "Keyset pages of `GET /api/v1/enrollments?page_size=100&cursor=…` (street admin)"
        if "skipped" in keyset:
            measures.append((label, f"skipped: {keyset['skipped']}", "", ""))
        else:
            walked = "" if keyset["complete"] else " (walk cut short by its bound)"
            measures.append((f"{label}: first / middle / last of {keyset['pages']:,} pages "
                             f"({keyset['rows']:,} sign-ups), median of {keyset['walks']} walks{walked}",
                             f"{keyset['first_ms']:.1f} / {keyset['middle_ms']:.1f} / {keyset['last_ms']:.1f} ms",
                             "flat", verdict(keyset_flat(keyset))))
            measures.append(("… any page, median and slowest", f"{keyset['p50_ms']:.1f} / {keyset['max_ms']:.1f} ms", "", ""))
    export_peak = read(out, f"{backend}-export-peak.rss")
    export_base = read(out, f"{backend}-export-base.rss")
    if export_peak is not None and export_base is not None:
        units = int(read(out, f"{backend}-export.units", "0") or 0)
        sheet_rows = int(read(out, f"{backend}-export.rows", "0") or 0)
        growth = (int(export_peak) - int(export_base)) / 1024.0
        seconds = float(read(out, f"{backend}-export.seconds", "0") or 0)
        size = int(read(out, f"{backend}-export.bytes", "0") or 0) / 1024.0 / 1024.0
        measures.append((f"Export of all {units:,} units (`GET /api/v1/units/export`): peak RSS growth",
                         f"{growth:.1f} MB", f"< {MAX_EXPORT_GROWTH_MB} MB", verdict(growth < MAX_EXPORT_GROWTH_MB)))
        measures.append(("… its RSS before and at peak", f"{int(export_base) / 1024.0:.1f} / {int(export_peak) / 1024.0:.1f} MB", "", ""))
        measures.append(("… its time, file size and sheet rows (with the header)",
                         f"{seconds:.1f} s, {size:.1f} MB, {sheet_rows:,}", "", ""))
    return rows, measures


COST_HEADING = "## Instructions per request"
READING_HEADING = "## Reading the figures"
REPORT = Path(__file__).resolve().parents[2] / "docs" / "performance.md"


def previous_cost_section() -> list:
    """The instruction counts of the report being replaced, heading included."""
    if not REPORT.exists():
        return []
    text = REPORT.read_text().split("\n")
    if COST_HEADING not in text:
        return []
    start = text.index(COST_HEADING)
    end = next((i for i in range(start + 1, len(text)) if text[i].startswith("## ")), len(text))
    return text[start:end]


def markdown(out: Path) -> str:
    m = machine(out)
    mem_gib = int(m.get("mem_kb", "0") or 0) / 1024.0 / 1024.0
    backends = [b for b in (read(out, "backends", "") or "").split() if b]
    pg_note = read(out, "postgres-note", "")
    pg_version = read(out, "postgres-version")
    dirty = " with uncommitted changes" if m.get("dirty") == "yes" else ""
    lines = []
    w = lines.append
    w("# Performance")
    w("")
    w("The load benchmark seeds city-scale data (4 districts, 40 streets, 400 communities,")
    w("4,000 grids, 10,000 accounts, 5,000 units, 8,000 agreements, 50,000 resources, 200,000")
    w("needs, 300,000 services with their timelines, 200,000 volunteers of whom 1,000 with accounts,")
    w("20,000 volunteer projects with 100,000 shifts, 1,000,000 sign-ups and 1,000,000 service records,")
    w("50,000 households in difficulty with 60,000 pairings and 500,000 visits),")
    w("starts the release binary on it and loads it over")
    w(f"loopback with [oha](https://github.com/hatoo/oha) ({m.get('oha', 'oha')}) for "
      f"{m.get('duration', '10')} s per endpoint.")
    w("This file is written by the benchmark: edit `tests/bench/report.py`, not this file.")
    w("")
    w("## Machine")
    w("")
    w(f"- {m.get('nproc', '?')} cores ({m.get('cpu', 'unknown CPU')}), {mem_gib:.1f} GiB memory.")
    w("- The load tool and the server run on the same machine and share these cores, so the")
    w("  figures are a floor: on a dedicated server the API has all cores to itself.")
    w(f"- Load average (1, 5, 15 min) when the benchmark started: {m.get('load_at_start', '?')}; just")
    w(f"  before the measurement, after the release build: {m.get('load_before', '?')}.")
    w(f"- Measured {m.get('date', '')} on commit `{m.get('commit', '?')}`{dirty}.")
    if pg_version:
        sslmode = read(out, "postgres-sslmode", "")
        tls = " The server connects without TLS (`sslmode=disable`), as in docker-compose.yml." \
            if sslmode == "disable" else (f" The server connects with `sslmode={sslmode}`." if sslmode else "")
        w(f"- PostgreSQL {pg_version}, on the same machine.{tls}")
    w("")
    w("## How to reproduce")
    w("")
    w("```sh")
    w("make bench            # runs tests/bench/run.sh")
    w("```")
    w("")
    w("The script installs oha when it is missing (`cargo install oha --locked`), builds")
    w("`cargo build --release --locked -p gridlink`, and for each backend: times")
    w("`gridlink seed --scale city` on a fresh database, starts `gridlink serve` on")
    w("127.0.0.1:18181 (`GRIDLINK_LOG=warn`, `GRIDLINK_AUTH_RATE_LIMIT_PER_MINUTE=0`, a fixed")
    w("`GRIDLINK_JWT_SECRET`, every other setting at its default), times start-up until")
    w("`/readyz` answers 200 (polled every 10 ms), signs in as `d1s01c01_admin` and `d1s01_admin`,")
    w("warms up for 2 s and runs")
    w("")
    w("```sh")
    w(f"oha -z {m.get('duration', '10')}s -c 32 --no-tui {m.get('oha_json', '--output-format json')} "
      "-H 'Authorization: Bearer …' <url>")
    w("```")
    w("")
    w("per endpoint (sign-in with `-c 4`, as a grid worker account), sampling the server's VmRSS")
    w("every 200 ms during the area-list run. SQLite uses a fresh file under `tests/bench/out/`;")
    w("PostgreSQL runs when `GRIDLINK_BENCH_POSTGRES_URL` (default")
    w("`postgres://postgres@127.0.0.1:5432/postgres`) answers, in a database `gridlink_bench`")
    w("created for the run and dropped after it; the server's URL adds `sslmode=disable` unless")
    w("it names an `sslmode` (on loopback TLS protects nothing and costs CPU on both sides).")
    w("Raw oha output stays in `tests/bench/out/`.")
    w("")
    w("After the SQLite run, `tests/bench/add_units.py` tops the database up to 50,000 units,")
    w("the server is restarted, one small export warms it up, and the whole unit list is")
    w("downloaded as `.xlsx` by the system admin while VmRSS is sampled every 100 ms; the")
    w("growth is the peak minus the RSS just before the download.")
    w("")
    w("Resources, needs and services: the community admin's ranked matches")
    w("(`GET /api/v1/needs/{id}/matches`) for the newest open need of their community, at 32")
    w("and at 4 connections, and the need board filtered by status and category")
    w("(`GET /api/v1/needs?status=open&category=care&sort=-created_at&page_size=20`) as the")
    w("community admin and as the street admin. Last, through the API as the community admin: a")
    w(f"shelf resource of quantity {ACCEPT_QUANTITY} for a unit of the community, {ACCEPT_ATTEMPTS} orders of it,")
    w(f"then {ACCEPT_ATTEMPTS} threads (Python, one connection each) released at once by a barrier, each")
    w("accepting its own order once; the resource's `reserved` is read after them.")
    w("")
    w("Volunteers: `GET /api/v1/me/enrollments` signed in as the volunteer `vol000001`, and the")
    w("roster of a full shift of the community (`GET /api/v1/shifts/{id}` as the community admin, who")
    w("organises it), each under oha as above. Then the sign-up race: 1,000 volunteer accounts sign")
    w("in (4 at a time: argon2), each reads the recruiting projects it sees and their shifts, and")
    w("plans up to 8 shifts to come that do not overlap; volunteers of one community plan the same")
    w(f"shifts, so they compete for places. {CONNECTIONS_RACE} threads (Python, one connection each), released")
    w("together, send these sign-ups (`POST /api/v1/shifts/{id}/enrollments` with `{}`, each as its")
    w("own volunteer) in a shuffled order; sign-ups/s is the number answered 201 (enrolled or")
    w("waitlisted) over the race's time. After it, straight from the database: for every shift, the")
    w("sign-ups holding a place must number its `taken`, never more than its places. Last, the")
    w("street admin walks all pages of `GET /api/v1/enrollments?page_size=100` by `next_cursor`, three")
    w("times, and the median time of the first, middle and last page is reported (skipped with a")
    w("note when the endpoint is not in the build).")
    w("")
    w("Assistance: the street admin's overdue list (`GET /api/v1/pairings?overdue=true&page_size=20`,")
    w("most overdue first, over every active pairing of the street's households), and the detail of")
    w("the community's household with the most visits (`GET /api/v1/households/{id}`: the household,")
    w("its pairings and its latest 100 visits) as the community admin, each under oha as above.")
    w("")
    w("Targets: area list ≥ 5,000 req/s with p99 < 20 ms at 32 connections (SQLite);")
    w("unit list (name search and kind filter) ≥ 3,000 req/s with p99 < 25 ms (SQLite);")
    w("peak RSS < 60 MB; start-up < 1 s; city seed < 2 min (SQLite); export of 50,000 units")
    w("grows the server's memory by < 50 MB. Both backends: ranked matches p99 < 30 ms; need")
    w("board p99 < 25 ms at 32 connections; of 500 concurrent accepts on a resource of 10,")
    w("exactly 10 succeed. Volunteers: ≥ 1,000 sign-ups/s (SQLite) with no shift over-filled (both);")
    w("`/me/enrollments` and a full shift's roster p99 < 20 ms; keyset pages as fast at the end as at")
    w(f"the start. Assistance (both): a street's overdue list p99 < {OVERDUE_LIST_MAX_P99_MS} ms; household")
    w(f"detail with its visits p99 < {HOUSEHOLD_DETAIL_MAX_P99_MS} ms.")

    for backend in ("sqlite", "postgres"):
        w("")
        w(f"## {TITLES[backend]}")
        w("")
        if backend not in backends:
            w(f"Not measured in this run: {pg_note or 'no result'}.")
            continue
        rows, measures = backend_rows(out, backend)
        w("| Endpoint | Connections | Requests/s | p50 ms | p99 ms | 2xx | CPU ms/request | Target | Result |")
        w("|---|--:|--:|--:|--:|--:|--:|---|---|")
        for r in rows:
            w(f"| {r['label']} | {r['conns']} | {fmt(r['rps'], 0)} | {fmt(r['p50'], 2)} | {fmt(r['p99'], 2)} "
              f"| {r['ok_share']:.1f} % | {cpu_text(backend, r['cpu'])} | {r['target']} | {r['result']} |")
        w("")
        w("| Measure | Value | Target | Result |")
        w("|---|--:|---|---|")
        for label, value, target, result in measures:
            w(f"| {label} | {value} | {target} | {result} |")
        bad = [r for r in rows if r["ok_share"] < 100.0]
        for r in bad:
            w("")
            w(f"Not every {r['key']} response was 2xx: status codes {r['raw']['codes']}, "
              f"errors {r['raw']['errors'] or 'none'}.")

    w("")
    cost = Path(__file__).resolve().parent / "out-cost" / "cost.md"
    if cost.exists():
        w(COST_HEADING)
        w("")
        w("Timings move with whatever else the machine runs; instruction counts under callgrind")
        w("do not, so changes are compared by these. Sign-in (argon2) is not counted.")
        w("")
        lines.extend(cost.read_text().rstrip("\n").split("\n"))
        w("")
    else:
        # `make cost` is run apart from the load benchmark: its last counts,
        # dated by their own commit, stay until it is run again.
        lines.extend(previous_cost_section())
    w(READING_HEADING)
    w("")
    w("- Requests/s counts every response oha received in the run; the 2xx column is the share")
    w("  of requests that succeeded (the few oha cancels when the time is up are not counted).")
    w("- `/healthz` touches no database: it is the ceiling of the HTTP stack on this machine.")
    w("- Sign-in verifies an argon2 hash on every call, by design (it makes password guessing")
    w("  expensive), so its rate is bounded by CPU and is reported separately, without a target.")
    w("- With 2 cores shared between oha and the server, oha's own CPU use is a large part of")
    w("  the budget; compare runs on the same machine only.")
    w("- CPU ms/request is the CPU time the server used during the run (on PostgreSQL: the server")
    w("  + PostgreSQL's processes), read from `/proc` before and after it, over the requests")
    w("  answered. Latency at 32 connections moves with whatever else the machine runs; this")
    w("  moves much less, so it is what to compare between runs and commits.")
    w("")
    return "\n".join(lines)


def summary(out: Path) -> str:
    lines = []
    backends = [b for b in (read(out, "backends", "") or "").split() if b]
    for backend in backends:
        rows, measures = backend_rows(out, backend)
        lines.append(f"{TITLES[backend]}:")
        for r in rows:
            lines.append(f"  {r['key']:<20} c={r['conns']:<3} {r['rps']:>9.0f} req/s  p50 {fmt(r['p50'], 2):>7} ms  "
                         f"p99 {fmt(r['p99'], 2):>7} ms  2xx {r['ok_share']:.1f}%  {r['result'].replace('*', '')}")
        for label, value, target, result in measures:
            lines.append(f"  {label}: {value} {('(target ' + target + ')') if target else ''} {result.replace('*', '')}")
    return "\n".join(lines)


def main(argv):
    if len(argv) == 3 and argv[1] == "--summary":
        print(summary(Path(argv[2])))
    elif len(argv) == 2:
        print(markdown(Path(argv[1])))
    else:
        sys.exit("usage: report.py [--summary] OUT_DIR")


if __name__ == "__main__":
    main(sys.argv)
