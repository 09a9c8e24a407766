"""``safecomm export evidence PROVIDER [-o FILE] [--today DATE]``: a provider's evidence pack.

Writes an .xlsx workbook (bot.evidence_upload.evidence_workbook: a cover with each
standard's colour and reason, a sheet per kind of evidence, the provider's audit entries) to
FILE, by default ``evidence-<provider>-<day>.xlsx`` in the current folder, and prints its
path. PROVIDER is found by the one name rule (exact, else any case or spacing); an unknown
one is one line naming it, with "did you mean" the nearest names, and exit 1. FILE must end
``.xlsx`` (else exit 2). Needs no encryption key: no certificate number is read beyond its
stored last 4 digits.
"""

from __future__ import annotations

from pathlib import Path

import typer

PROVIDER = typer.Argument(..., help="The provider's name (any case or spacing).")
OUTPUT = typer.Option(None, "-o", "--output", help="The .xlsx file to write (default: "
                      "evidence-<provider>-<day>.xlsx here).", dir_okay=False)
TODAY = typer.Option(None, "--today", help="As of this day (YYYY-MM-DD; default today).")


def export_evidence(provider: str = PROVIDER, output: Path | None = OUTPUT,
                    today: str | None = TODAY) -> None:
    """A provider's evidence pack (.xlsx): each standard's colour and reason, the evidence
    for each, and the provider's audit entries; certificate numbers masked, no date of
    birth."""
    from bot.evidence_upload import evidence_filename, evidence_workbook
    from models.evidence import UnknownProvider, find_provider
    from models.runtime import Runtime
    from safecomm.cli import fail, parse_day

    if output is not None and output.suffix.lower() != ".xlsx":
        fail(f"-o: {output.name} does not end .xlsx (the evidence pack is a workbook)", code=2)
    if output is not None and not output.parent.is_dir():
        fail(f"-o: there is no folder {output.parent} to write {output.name} in")
    runtime = Runtime()
    try:
        day = parse_day(today, runtime)
        with runtime.session() as session:
            try:
                found = find_provider(session, provider)
            except UnknownProvider as error:
                fail(f"PROVIDER: {error}")
            content = evidence_workbook(session, provider=found, today=day,
                                        zone=runtime.settings.zone)
            path = output or Path(evidence_filename(found.name, day))
    finally:
        runtime.close()
    try:
        path.write_bytes(content)
    except OSError as error:
        fail(f"-o: cannot write {path}: {error.strerror or error}")
    typer.echo(f"wrote the evidence pack for {found.name} as of {day.isoformat()} to {path}")
