"""`safecomm export status|dbs|audit|briefings [--format csv|xlsx] [-o FILE]`."""

import csv
import io
import json
import re
from datetime import UTC, date, datetime

from openpyxl import load_workbook
from sqlmodel import select

from models import Briefing, BriefingDelivery, Provider
from safecomm.dataio.writers import BOM, csv_cell

TODAY = "2026-11-25"


def rows_of(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(BOM), "a byte-order mark, so Excel reads UTF-8"
    return list(csv.DictReader(io.StringIO(result.stdout.removeprefix(BOM))))


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


def test_the_status_export_says_why_each_colour_as_status_does(loaded, session):
    rows = rows_of(loaded("export", "status", "--today", TODAY))
    row = rows[0]
    reasons = [row[f"{key}_reason"] for key in ("self_assessment", "clause", "briefings_training",
                                                "dbs", "monitoring", "thematic_checks")]
    assert reasons == [
        "no self-assessment on record",
        "3 of 10 clause elements; missing: safeguarding_reference, safer_recruitment, "
        "safeguarding_policy, whistleblowing, signs_of_abuse, reporting, allegations_lado",
        "no BSCP training on record; 0/0 briefings acknowledged",
        "the 1 DBS re-check in date",
        "no safeguarding metrics in the contract",
        "next thematic check was due 1 Sep 2026 (overdue by 85 days)"]
    assert list(rows[0])[4:7] == ["self_assessment", "self_assessment_reason",
                                  "self_assessment_next_due"]


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


def test_it_writes_csv_to_a_file_that_excel_opens_as_utf8(loaded, tmp_path):
    target = tmp_path / "dbs.csv"
    result = loaded("export", "dbs", "--today", TODAY, "-o", target)

    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote dbs: 3 rows to {target} (csv)\n"
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert {row["dbs_certificate"] for row in rows} == {"••••••••7890", "••••••••3210", ""}


def test_it_writes_an_xlsx_workbook_with_real_dates_and_numbers(loaded, tmp_path):
    target = tmp_path / "dbs.xlsx"
    result = loaded("export", "dbs", "--format", "xlsx", "--today", TODAY, "-o", target)

    assert result.exit_code == 0, result.output
    sheet = load_workbook(target).active
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, (cell.value for cell in row), strict=True))
            for row in sheet.iter_rows(min_row=2)]
    amara = next(row for row in rows if row["name"] == "Amara Ashby")
    assert amara["dbs_recheck_due"] == datetime(2028, 4, 3)  # a date cell, not text
    assert amara["days_left"] == (date(2028, 4, 3) - date(2026, 11, 25)).days
    assert amara["dbs_certificate"] == "••••••••7890" and amara["update_service"] == "yes"
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    cell = next(c for c in sheet[2] if c.is_date)
    assert cell.number_format == "d mmm yyyy"


def test_the_format_follows_the_files_extension(loaded, tmp_path):
    target = tmp_path / "status.xlsx"
    result = loaded("export", "status", "--today", TODAY, "-o", target)

    assert result.exit_code == 0, result.output
    sheet = load_workbook(target)["status"]
    assert sheet["A1"].value == "reference" and sheet["A2"].value == "ELM-001"


def test_an_xlsx_cell_never_holds_a_formula(loaded, session, tmp_path):
    provider = session.scalars(select(Provider).where(Provider.name == "Oak Care")).one()
    provider.name = '=HYPERLINK("http://evil.example","x")'
    session.add(provider)
    session.commit()
    target = tmp_path / "status.xlsx"

    assert loaded("export", "status", "--today", TODAY, "-o", target).exit_code == 0
    [cell] = [c for c in load_workbook(target)["status"]["B"] if c.value == provider.name]
    assert cell.data_type == "s"


def test_an_audit_time_is_a_local_date_time_in_excel(loaded, tmp_path):
    target = tmp_path / "audit.xlsx"

    assert loaded("export", "audit", "-o", target).exit_code == 0
    first = load_workbook(target)["audit"]["A2"]
    assert isinstance(first.value, datetime) and first.value.tzinfo is None


def test_xlsx_needs_a_file(loaded):
    result = loaded("export", "dbs", "--format", "xlsx")

    assert result.exit_code == 2
    assert "--format xlsx writes a workbook: give the file with -o FILE" in result.output


def test_an_unwritable_file_is_one_line(loaded, tmp_path):
    result = loaded("export", "dbs", "-o", tmp_path / "no-such-folder" / "dbs.csv")

    assert result.exit_code == 1
    assert result.output.startswith("error: -o ") and "cannot write the file" in result.output
    assert "Traceback" not in result.output


def test_an_export_cut_short_by_its_reader_ends_quietly(database_url, key, session, tmp_path):
    """`safecomm export status | head`: the reader stops; no error line, nothing else."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from tests.factories import make_contract, make_provider

    provider = make_provider(session, name="Pipe Reader Trust")
    for n in range(600):  # well over a pipe's 64 KB of CSV
        make_contract(session, provider, reference=f"PIPE-{n:04d}")
    session.commit()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("SAFECOMM_", "SLACK_"))},
           "DATABASE_URL": database_url, "SAFECOMM_ENCRYPTION_KEY": key,
           "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    process = subprocess.Popen([sys.executable, "-m", "safecomm.cli", "export", "status",
                                "--today", TODAY], cwd=tmp_path, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().startswith(BOM.encode() + b"reference,")
    process.stdout.close()  # as `head -1` does
    error = process.stderr.read().decode()
    process.wait(timeout=60)

    assert error == ""
