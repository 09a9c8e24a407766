"""``safecomm chat``: an admin asks for an evidence pack; it arrives as a file, saved here."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from tests.console.conftest import assert_readable, chat


def test_an_admin_gets_the_evidence_pack_saved_in_the_current_folder(demo_db):
    result = chat(demo_db, "evidence harbour lane fostering", "quit")

    assert result.exit_code == 0, result.output
    saved = Path.cwd() / "evidence-harbour-lane-fostering-2026-11-25.xlsx"
    assert f"── file sent to you by direct message (saved here as {saved}) ──" in result.output
    assert "Safeguarding evidence pack for Harbour Lane Fostering as of 25 Nov 2026" \
        in result.output
    assert "The evidence pack for Harbour Lane Fostering is in your direct messages" \
        in result.output
    assert load_workbook(saved).sheetnames[0] == "Cover"
    assert_readable(result.output)
