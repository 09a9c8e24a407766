"""Shared by the data-protection tests: invented people, numbers and files, and running
``safecomm`` through its real entry point."""

from __future__ import annotations

import csv
import sys
import uuid
from pathlib import Path

from safecomm.cli import main


def unique(prefix: str) -> str:
    """A name no other test uses: ``prefix`` and six letters (no digits to confuse checks)."""
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    return f"{prefix} " + "".join(letters[b % 24] for b in uuid.uuid4().bytes[:6])


def invented_number() -> str:
    """A 12-digit certificate number of our own (invented ones start with 00)."""
    return f"00{uuid.uuid4().int % 10**10:010d}"


def write_rows(path: Path, rows: list[dict]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def run_main(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    """``safecomm ARGS`` through safecomm.cli.main, as the installed command runs it:
    returns (exit status, standard output, standard error)."""
    monkeypatch.setattr(sys, "argv", ["safecomm", *args])
    try:
        main()
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    captured = capsys.readouterr()
    return code, captured.out, captured.err
