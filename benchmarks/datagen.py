"""Realistic invented data at any size, for benchmarks: as SPEC import files (CSV) or loaded
straight into a database in bulk.

    python -m benchmarks.datagen --providers 200 --contracts 2000 --staff 200000 --out /tmp/big

Every name and number is made up; certificate numbers start with 00. Among the people in
contact with children, a realistic share are awaiting a certificate, have no DBS record, or
left recently (the shares below).
"""

from __future__ import annotations

import argparse
import csv
import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, insert

from models import Contract, Provider, Staff
from models.crypto import CertificateCipher
from models.enums import CLAUSE_ELEMENTS, ContactLevel, Risk

FIRST = ["Amara", "Ben", "Chloe", "Dev", "Ella", "Femi", "Grace", "Hari", "Isla", "Jon", "Kemi",
         "Liam", "Maya", "Noah", "Orla", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Vik"]
LAST = ["Ashby", "Bramley", "Colne", "Dunmore", "Elwick", "Farrow", "Gale", "Hollins", "Ingram",
        "Jessop", "Kirkby", "Lowther", "Marsh", "Nettle", "Oakes", "Penrose", "Quarry", "Rook"]
WORDS = ["Brightwell", "Harbour", "Oakmere", "Kestrel", "Willow", "Northgate", "Riverside",
         "Copper", "Lantern", "Meadow", "Stone", "Fair", "Ash", "Bramble", "Cedar", "Elm"]
KINDS = ["Youth Trust", "Fostering", "Family Support", "Care", "Tutoring", "Play Association",
         "Mentoring", "Respite", "Holiday Clubs", "Transport", "Counselling", "Academy"]
LEVELS = [ContactLevel.REGULATED] * 5 + [ContactLevel.REGULAR] * 3 + \
    [ContactLevel.OCCASIONAL, ContactLevel.NONE]


def provider_rows(count: int, rng: random.Random) -> Iterator[dict]:
    for i in range(count):
        yield {"name": f"{rng.choice(WORDS)} {rng.choice(KINDS)} {i:05d}",
               "slack_channel": f"C0BENCH{i:05d}", "safeguarding_lead": f"U0LEAD{i:05d}",
               "risk": rng.choice(list(Risk)).value}


def contract_rows(count: int, providers: list[str], today: date,
                  rng: random.Random) -> Iterator[dict]:
    for i in range(count):
        start = today - timedelta(days=rng.randint(30, 1000))
        elements = [c for c in CLAUSE_ELEMENTS if rng.random() > 0.03]
        yield {"reference": f"BEN-{i:06d}", "provider": providers[i % len(providers)],
               "service": "Short breaks", "start_date": start,
               "end_date": start + timedelta(days=3 * 365),
               "contract_manager": f"U0CM{i % 500:04d}", "monitoring_every_months": 3,
               "clause_elements": ";".join(elements), "safeguarding_metrics": "yes"}


# Of the people in contact with children: awaiting a certificate (a check applied for in the
# last 60 days), with no DBS record at all, and who left in the last four weeks.
AWAITING_SHARE, NO_RECORD_SHARE, LEFT_SHARE = 0.03, 0.005, 0.04


def staff_rows(count: int, contracts: list[str], today: date,
               rng: random.Random) -> Iterator[dict]:
    for i in range(count):
        level = rng.choice(LEVELS)
        issued = today - timedelta(days=rng.randint(0, 1095 + 400))
        draw = rng.random()
        in_contact = level != ContactLevel.NONE
        awaiting = in_contact and draw < AWAITING_SHARE
        has_dbs = in_contact and draw >= AWAITING_SHARE + NO_RECORD_SHARE
        left = in_contact and rng.random() < LEFT_SHARE
        yield {"contract": contracts[i % len(contracts)], "staff_ref": f"P{i:07d}",
               "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "role": "Support worker",
               "contact_level": level.value,
               "dbs_certificate": "00" + f"{rng.randrange(10**10):010d}" if has_dbs else "",
               "dbs_level": "enhanced_barred" if has_dbs else "",
               "dbs_issue_date": issued if has_dbs else "",
               "update_service": rng.choice(["yes", "no"]),
               "dbs_applied_on": today - timedelta(days=rng.randint(0, 60)) if awaiting else "",
               "left_on": today - timedelta(days=rng.randint(0, 28)) if left else ""}


def write_csv(out: Path, *, providers: int, contracts: int, staff: int, today: date,
              seed: int = 1) -> dict[str, Path]:
    """Write providers.csv, contracts.csv and staff.csv (SPEC's columns) into ``out``."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    prows = list(provider_rows(providers, rng))
    crows = list(contract_rows(contracts, [p["name"] for p in prows], today, rng))
    tables = {"providers": iter(prows), "contracts": iter(crows),
              "staff": staff_rows(staff, [c["reference"] for c in crows], today, rng)}
    paths = {}
    for name, rows in tables.items():
        first = next(rows)
        paths[name] = out / f"{name}.csv"
        with paths[name].open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(first))
            writer.writeheader()
            writer.writerow(first)
            writer.writerows(rows)
    return paths


def load_into(engine: Engine, *, providers: int, contracts: int, staff: int, today: date,
              cipher: CertificateCipher, seed: int = 1, chunk: int = 20_000) -> None:
    """Bulk-insert invented providers, contracts and staff (Core inserts, in chunks)."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    stamp = {"created_at": now, "updated_at": now}
    with engine.begin() as connection:
        prows = [{**p, **stamp} for p in provider_rows(providers, rng)]
        connection.execute(insert(Provider), prows)
        ids = [r for (r,) in connection.exec_driver_sql("SELECT id FROM providers ORDER BY id")]
        crows = [{"reference": c["reference"], "provider_id": ids[i % len(ids)],
                  "service": c["service"], "start_date": c["start_date"],
                  "end_date": c["end_date"], "contract_manager": c["contract_manager"],
                  "monitoring_every_months": 3, "clause_elements": c["clause_elements"],
                  "safeguarding_metrics": True, "status": "active", **stamp}
                 for i, c in enumerate(contract_rows(contracts, [""], today, rng))]
        if crows:  # an empty list would insert one row of defaults
            connection.execute(insert(Contract), crows)
        cids = [r for (r,) in connection.exec_driver_sql("SELECT id FROM contracts ORDER BY id")]
        batch = []
        for i, s in enumerate(staff_rows(staff, cids, today, rng)):
            number = s["dbs_certificate"]
            batch.append({
                "contract_id": s["contract"], "staff_ref": s["staff_ref"], "name": s["name"],
                "role": s["role"], "contact_level": s["contact_level"],
                "dbs_level": s["dbs_level"] or None,
                "dbs_certificate_token": cipher.encrypt(number) if number else None,
                "dbs_certificate_last4": number[-4:] if number else None,
                "dbs_issue_date": s["dbs_issue_date"] or None,
                "dbs_recheck_due": (s["dbs_issue_date"] + timedelta(days=1095)) if number
                else None,
                "update_service": s["update_service"] == "yes",
                "dbs_applied_on": s["dbs_applied_on"] or None, "left_on": s["left_on"] or None,
                **stamp})
            if batch and (len(batch) == chunk or i == staff - 1):
                connection.execute(insert(Staff), batch)
                batch = []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--providers", type=int, default=200)
    parser.add_argument("--contracts", type=int, default=2000)
    parser.add_argument("--staff", type=int, default=200_000)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 25))
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    paths = write_csv(args.out, providers=args.providers, contracts=args.contracts,
                      staff=args.staff, today=args.today)
    for name, path in paths.items():
        print(f"{name}: {path}")


if __name__ == "__main__":
    main()
