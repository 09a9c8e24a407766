"""`safecomm export status|dbs|audit|briefings --format csv`."""

import csv
import io
import json
import re
from datetime import UTC, date, datetime

from sqlmodel import select

from models import Briefing, BriefingDelivery, Provider
from safecomm.dataio.exports import csv_cell

TODAY = "2026-11-25"


def rows_of(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_it_exports_each_contract_with_six_colours_and_next_due_dates(loaded):
    rows = rows_of(loaded("export", "status", "--format", "csv", "--today", TODAY))
    assert [row["reference"] for row in rows] == ["ELM-001", "OAK-001"]
    row = rows[1]
    assert row["provider"] == "Oak Care"
    colours = [row[key] for key in ("self_assessment", "clause", "briefings_training", "dbs",
                                    "monitoring", "thematic_checks")]
    # self-assessment due 31 Jan 2027 (67 days); all ten elements; no training on record;
    # the one re-check in 2028; no meeting and no thematic check since the start (1 Feb 2026,
    # due 1 May 2026 every 3 months)
    assert colours == ["green", "green", "red", "green", "red", "red"]
    assert row["dbs_next_due"] == "2028-04-03"
    assert row["clause"] == "green" and rows[0]["clause"] == "red"


def test_it_exports_dbs_records_with_certificates_masked_and_days_left(loaded):
    result = loaded("export", "dbs", "--today", TODAY)
    rows = rows_of(result)
    amara = next(row for row in rows if row["name"] == "Amara Ashby")
    assert amara["dbs_certificate"] == "••••••••7890"
    assert (amara["contract"], amara["provider"], amara["contact_level"]) == (
        "OAK-001", "Oak Care", "regulated")
    assert (amara["dbs_issue_date"], amara["dbs_recheck_due"]) == ("2025-04-03", "2028-04-03")
    assert amara["days_left"] == "495"  # 25 Nov 2026 to 3 Apr 2028
    ben = next(row for row in rows if row["name"] == "Ben Bramley")
    assert (ben["dbs_certificate"], ben["days_left"]) == ("", "")
    assert not re.search(r"\d{12}", result.stdout)
    assert "7890" in result.stdout and "3456" not in result.stdout


def test_it_exports_the_audit_trail_from_a_day(loaded):
    rows = rows_of(loaded("export", "audit"))
    assert len(rows) == 8
    assert {row["actor"] for row in rows} == {"cli:alice"}
    staff = {changes["name"][1]: changes for changes in
             (json.loads(row["changes"]) for row in rows if row["entity"] == "staff")}
    assert staff["Amara Ashby"]["dbs_certificate"] == [None, "••••••••7890"]
    assert "dbs_certificate" not in staff["Ben Bramley"]
    assert not re.search(r"\d{12}", "".join(row["changes"] for row in rows))
    assert rows_of(loaded("export", "audit", "--since", "2999-01-01")) == []


def test_it_exports_briefings_per_provider_delivered_and_acknowledged(loaded, session):
    assert rows_of(loaded("export", "briefings")) == []
    provider = session.scalars(select(Provider).where(Provider.name == "Oak Care")).one()
    briefing = Briefing(title="Lessons from a review", summary="s", url="https://e.org/b",
                        published_by="U0ADMIN", published_at=datetime(2026, 11, 2, tzinfo=UTC))
    session.add(briefing)
    session.flush()
    session.add(BriefingDelivery(briefing_id=briefing.id, provider_id=provider.id,
                                 channel="C0OAK0001",
                                 delivered_at=datetime(2026, 11, 2, 9, tzinfo=UTC)))
    session.commit()
    [row] = rows_of(loaded("export", "briefings", "--format", "csv"))
    assert (row["title"], row["provider"], row["delivered"], row["acknowledged"]) == (
        "Lessons from a review", "Oak Care", "yes", "no")
    assert row["delivered_at"] == "2026-11-02T09:00:00+00:00"


def test_it_refuses_a_format_it_does_not_know(loaded):
    result = loaded("export", "dbs", "--format", "xml")
    assert result.exit_code == 2


def test_it_keeps_spreadsheet_formulas_out_of_exports():
    assert csv_cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_cell("-12") == "-12" and csv_cell(-12) == -12
    assert csv_cell("Oak Care") == "Oak Care"
    assert csv_cell(True) == "yes" and csv_cell(None) == ""
    assert csv_cell(date(2027, 4, 3)) == "2027-04-03"
