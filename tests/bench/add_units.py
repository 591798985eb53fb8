#!/usr/bin/env python3
"""Tops a seeded SQLite database up to N joint-building units, for the export
measurement of tests/bench/run.sh (the city seed has 5,000; the export target
is about 50,000).

    add_units.py DATABASE_FILE N

The added units are spread over the communities in round robin, each serving
one grid of its community, and carry every column the export writes. Their
credit codes are unique but their check characters are not computed: the
database does not check them, and nothing here reads them back in.
"""

import sqlite3
import sys
from datetime import datetime, timezone

KINDS = ["party_government_organ", "public_institution", "state_owned_enterprise",
         "private_enterprise", "social_organisation", "other"]


def main(path: str, wanted: int) -> None:
    db = sqlite3.connect(path)
    have = db.execute("SELECT count(*) FROM units").fetchone()[0]
    communities = db.execute(
        "SELECT c.id, c.name, min(g.id) FROM areas c JOIN areas g ON g.parent_id = c.id "
        "WHERE c.kind = 'community' GROUP BY c.id ORDER BY c.id").fetchall()
    if not communities:
        sys.exit("no communities with grids: seed the database first")
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
    with db:
        for i in range(have, wanted):
            community, name, grid = communities[i % len(communities)]
            cur = db.execute(
                "INSERT INTO units (name, kind, credit_code, contact_name, contact_phone, address, area_id, "
                "party_member_count, commitment, commitment_phone, status, version, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', 1, ?, ?)",
                (f"{name}驻区单位{i + 1}", KINDS[i % len(KINDS)], f"91BENCH{i:011d}", "联系人",
                 f"139{i:08d}", f"{name}建设路{i % 300 + 1}号", community, i % 40,
                 "认领网格服务岗位，每季度至少开展一次进社区共建活动", "0483-8123456", now, now))
            db.execute("INSERT INTO unit_grids (unit_id, area_id) VALUES (?, ?)", (cur.lastrowid, grid))
    print(db.execute("SELECT count(*) FROM units").fetchone()[0])


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: add_units.py DATABASE_FILE N")
    main(sys.argv[1], int(sys.argv[2]))
