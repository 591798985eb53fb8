#!/usr/bin/env python3
"""Instructions per request, counted by callgrind (`make cost`).

Load figures move with whatever else the machine is doing; instruction
counts do not. This starts the release binary under valgrind's callgrind on
a seeded SQLite data directory, signs in, and for each endpoint zeroes the
counters, sends a fixed number of requests over one keep-alive connection
on 127.0.0.1 and dumps the counters: the dump's total divided by the
requests is what one request costs, sign-in (argon2) excluded.

    tests/bench/cost.py BINARY DATA_DIR [REQUESTS]

DATA_DIR must hold a city-scale database (`gridlink seed --scale city`).
The table is printed and written to DATA_DIR/cost.md, which the load
benchmark's report (docs/performance.md) takes in when it exists. The dumps
stay in DATA_DIR/callgrind.out.*; with a binary that keeps its symbols
(`cargo build --profile profiling`), `callgrind_annotate` shows where the
instructions go.
"""

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

PORT = 18191
PASSWORD = "Gridlink@2026"
BOARD = "status=open&category=care&sort=-created_at&page_size=20"
UNITS = "q=%E5%85%B1%E5%BB%BA&kind=public_institution&page_size=20"


def request(conn, method, path, token=None, body=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = conn.getresponse()
    data = response.read()
    if response.status != 200:
        sys.exit(f"{method} {path}: {response.status} {data[:300]!r}")
    return data


def login(conn, username):
    return json.loads(request(conn, "POST", "/api/v1/auth/login", body={"username": username, "password": PASSWORD}))[
        "access_token"
    ]


def callgrind(pid, *args):
    subprocess.run(
        ["callgrind_control", *args, str(pid)], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120
    )


def main(argv):
    if len(argv) not in (3, 4):
        sys.exit(__doc__)
    binary, data_dir = Path(argv[1]).resolve(), Path(argv[2]).resolve()
    requests = int(argv[3]) if len(argv) == 4 else 50
    for old in data_dir.glob("callgrind.out*"):
        old.unlink()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRIDLINK_")}
    env.update(
        GRIDLINK_DATA_DIR=str(data_dir),
        GRIDLINK_BIND=f"127.0.0.1:{PORT}",
        GRIDLINK_WORKERS="1",
        GRIDLINK_LOG="warn",
        GRIDLINK_AUTH_RATE_LIMIT_PER_MINUTE="0",
        GRIDLINK_JWT_SECRET="gridlink-bench-jwt-secret-0123456789abcdefghijkl",
        GRIDLINK_ADMIN_PASSWORD=PASSWORD,
    )
    out = data_dir / "callgrind.out"
    server = subprocess.Popen(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", str(binary), "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(240):  # at most 2 minutes under valgrind
            try:
                probe = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
                probe.request("GET", "/healthz")
                if probe.getresponse().status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        else:
            sys.exit("the server did not answer /healthz within 2 minutes")
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=300)
        community, street = login(conn, "d1s01c01_admin"), login(conn, "d1s01_admin")
        need = json.loads(request(conn, "GET", "/api/v1/needs?status=open&sort=-created_at&page_size=1", community))[
            "items"
        ][0]["id"]
        # The community's household with the most visits, as the load benchmark picks it.
        pairings = [
            p
            for query in ("sort=-last_visit_on&page_size=20", "overdue=true&page_size=20")
            for p in json.loads(request(conn, "GET", f"/api/v1/pairings?{query}", community))["items"]
        ]
        household = max(pairings, key=lambda p: p["visit_count"])["household"]["id"]
        endpoints = [
            ("area list, community", community, "/api/v1/areas?page_size=20"),
            ("unit list, community", community, f"/api/v1/units?{UNITS}"),
            ("unit list, street", street, f"/api/v1/units?{UNITS}"),
            ("need board, community", community, f"/api/v1/needs?{BOARD}"),
            ("need board, street", street, f"/api/v1/needs?{BOARD}"),
            ("ranked matches", community, f"/api/v1/needs/{need}/matches"),
            ("overdue list, street", street, "/api/v1/pairings?overdue=true&page_size=20"),
            ("household detail, community", community, f"/api/v1/households/{household}"),
        ]
        commit = subprocess.run(
            ["git", "describe", "--always", "--dirty=+"], capture_output=True, text=True, check=False
        ).stdout.strip()
        table = [
            f"Counted by `tests/bench/cost.py` (`make cost`) on commit `{commit or 'unknown'}`, "
            f"{time.strftime('%Y-%m-%d')}: {requests} requests per endpoint over one connection, one worker.",
            "",
            "| Endpoint | Instructions per request |",
            "|---|--:|",
        ]
        print("\n".join(table))
        for number, (name, token, path) in enumerate(endpoints, start=1):
            request(conn, "GET", path, token)  # warm: page cache, prepared statements
            callgrind(server.pid, "--zero")
            for _ in range(requests):
                request(conn, "GET", path, token)
            callgrind(server.pid, f"--dump={name}")
            dump = Path(f"{out}.{number}")
            total = int(re.search(r"^summary: (\d+)", dump.read_text(errors="replace"), re.M).group(1))
            table.append(f"| {name} | {total / requests / 1e6:.2f} M |")
            print(table[-1], flush=True)
        (data_dir / "cost.md").write_text("\n".join(table) + "\n")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main(sys.argv)
