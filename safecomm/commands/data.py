"""`safecomm` commands: import KIND FILE, export WHAT [--format csv|xlsx] [-o FILE], export
evidence PROVIDER [-o FILE] (safecomm.commands.evidence).

``import`` needs SAFECOMM_ENCRYPTION_KEY (certificate numbers are stored encrypted) and an
up-to-date database; a rejected file prints every problem to standard error, writes nothing
and exits 1. ``export`` writes CSV (with a byte-order mark, for Excel) to standard output or
to ``-o FILE``, or an ``.xlsx`` workbook to ``-o FILE`` (the format follows the file's
extension unless ``--format`` says); it needs no key (it never reads a certificate number,
only its last 4 digits).
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from enum import StrEnum
from pathlib import Path

import typer

from models.runtime import Runtime
from models.settings import load_settings
from models.words import plural
from safecomm.commands.evidence import export_evidence

KINDS = {
    "providers": "Providers: name (key), slack_channel, safeguarding_lead, risk, "
                 "self_assessment_completed, safeguarding_statement_received.",
    "contracts": "Contracts: reference (key), provider, service, start_date, end_date, "
                 "contract_manager, slack_channel, monitoring_every_months, clause_elements, "
                 "safeguarding_metrics, status (tender|active|decommissioning|ended).",
    "staff": "Staff DBS records: contract, name, role, contact_level, dbs_certificate, "
             "dbs_level, dbs_issue_date, dbs_recheck_due, update_service, staff_ref, left_on, "
             "dbs_applied_on, surname, date_of_birth, update_service_consent.",
    "meetings": "Monitoring meetings: contract, held_on, safeguarding_discussed, notes, "
                "actions (metrics, next_meeting optional).",
    "training": "BSCP training: provider, course, date, attendees.",
    "assessments": "Self-assessments (standard 1): provider, completed_on, "
                   "statement_received_on, notes.",
    "checks": "Thematic checks (standard 6): contract, theme, due_on, done_on, outcome "
              "(red/amber/green), findings.",
}


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


FORMAT = typer.Option(None, "--format", help="csv (default) or xlsx (needs -o FILE); "
                      "default: from -o FILE's extension.")
OUTPUT = typer.Option(None, "-o", "--output", help="Write to this file instead of standard "
                      "output.", dir_okay=False)
TODAY = typer.Option(None, "--today", help="As of this day (YYYY-MM-DD; default today).")
FILE = typer.Argument(..., help="A .csv (UTF-8; comma or semicolon) or .xlsx file.",
                      dir_okay=False)


def register(app: typer.Typer) -> None:
    """Add the ``import`` and ``export`` groups to ``app``."""
    import_app = typer.Typer(no_args_is_help=True, help="Import a .csv or .xlsx file: every "
                             "row, or nothing if any row is wrong.")
    for kind, help_text in KINDS.items():
        import_app.command(kind, help=help_text)(_import_command(kind))
    app.add_typer(import_app, name="import")
    export_app = typer.Typer(no_args_is_help=True, help="Export as CSV (standard output or "
                             "-o FILE) or an .xlsx workbook (-o FILE), or a provider's evidence "
                             "pack (.xlsx); certificate numbers masked to their last 4 digits.")
    for command in (export_status, export_dbs, export_audit, export_briefings, export_evidence):
        export_app.command(command.__name__.removeprefix("export_"))(command)
    app.add_typer(export_app, name="export")


def _import_command(kind: str) -> Callable[[Path], None]:
    def command(file: Path = FILE) -> None:
        run_import(kind, file)

    return command


def run_import(kind: str, file: Path) -> None:
    """Import ``file`` as ``kind`` in one transaction; print the summary or every problem."""
    from sqlalchemy.exc import IntegrityError

    from models.crypto import CertificateKeyError
    from models.keys import check_key
    from models.settings import MissingSettingError
    from safecomm.cli import fail
    from safecomm.dataio.importer import ImportRejected, import_file
    from safecomm.dataio.progress import terminal_progress
    from safecomm.dataio.readers import ImportFileError

    runtime = Runtime()
    try:
        cipher = runtime.cipher
        check_key(runtime.engine, cipher)
        with terminal_progress() as track, runtime.session() as session:
            summary = import_file(session, kind=kind, path=file, actor=cli_actor(),
                                  now=datetime.now(UTC), cipher=cipher, track=track)
    except ImportRejected as rejected:
        for line in [f"note: {note}" for note in rejected.notes] + rejected.problems.lines():
            typer.echo(line, err=True)
        count = rejected.problems.count
        fail(f"{file.name}: {plural(count, 'problem')}; nothing was imported")
    except (MissingSettingError, CertificateKeyError, ImportFileError) as error:
        fail(str(error))
    except IntegrityError:
        fail(f"{file.name}: the same rows were changed by someone else while importing; "
             "nothing was imported, run the import again")
    finally:
        runtime.close()
    for note in summary.notes:
        typer.echo(f"note: {note}", err=True)
    typer.echo(str(summary))


def export_status(format: ExportFormat | None = FORMAT, output: Path | None = OUTPUT,
                  today: str | None = TODAY) -> None:
    """Each contract's six standards: colour, why (in words) and next due date."""
    from safecomm.cli import parse_day
    from safecomm.dataio.exports import status_export

    day = parse_day(today)
    awaiting = load_settings().dbs_awaiting_days
    _export("status", format, output,
            lambda session: status_export(session, today=day, awaiting_days=awaiting))


def export_dbs(format: ExportFormat | None = FORMAT, output: Path | None = OUTPUT,
               today: str | None = TODAY) -> None:
    """Staff DBS records, certificate numbers masked, with days left to each re-check."""
    from safecomm.cli import parse_day
    from safecomm.dataio.exports import dbs_export

    day = parse_day(today)
    awaiting = load_settings().dbs_awaiting_days
    _export("dbs", format, output,
            lambda session: dbs_export(session, today=day, awaiting_days=awaiting))


def export_audit(format: ExportFormat | None = FORMAT, output: Path | None = OUTPUT,
                 since: str | None = typer.Option(None, help="From this day (YYYY-MM-DD).")
                 ) -> None:
    """The audit trail: who changed what, when."""
    from safecomm.cli import parse_day
    from safecomm.dataio.exports import audit_export

    start = None if since is None else _local_midnight(parse_day(since))
    _export("audit", format, output, lambda session: audit_export(session, since=start))


def export_briefings(format: ExportFormat | None = FORMAT, output: Path | None = OUTPUT) -> None:
    """Per briefing and provider: delivered and acknowledged."""
    from safecomm.dataio.exports import briefings_export

    _export("briefings", format, output, briefings_export)


def export_format(format: ExportFormat | None, output: Path | None) -> ExportFormat:
    """--format, else -o FILE's extension (``.xlsx``), else CSV; xlsx needs a file."""
    from safecomm.cli import fail

    chosen = format or (ExportFormat.XLSX if output and output.suffix.lower() == ".xlsx"
                        else ExportFormat.CSV)
    if chosen is ExportFormat.XLSX and output is None:
        fail("--format xlsx writes a workbook: give the file with -o FILE (e.g. -o "
             "status.xlsx)", code=2)
    return chosen


def _export(name: str, format: ExportFormat | None, output: Path | None, build) -> None:
    from safecomm.cli import fail
    from safecomm.dataio.writers import write_csv, write_csv_file, write_xlsx_file

    chosen = export_format(format, output)
    runtime = Runtime()
    try:
        with runtime.session() as session:
            header, rows = build(session)
            if output is None:
                write_csv(sys.stdout, header, rows)
                return
            if chosen is ExportFormat.XLSX:
                count = write_xlsx_file(output, header, rows, sheet=name,
                                        zone=runtime.settings.zone)
            else:
                count = write_csv_file(output, header, rows)
    except BrokenPipeError:
        raise  # the reader stopped reading (`| head`): the command line ends quietly
    except OSError as error:
        fail(f"-o {output}: cannot write the file ({error.strerror or error})")
    finally:
        runtime.close()
    typer.echo(f"wrote {name}: {plural(count, 'row')} to {output} ({chosen})")


def _local_midnight(day: date) -> datetime:
    """The start of ``day`` in SAFECOMM_TIMEZONE, in UTC."""

    return datetime.combine(day, time(), tzinfo=load_settings().zone).astimezone(UTC)


def cli_actor() -> str:
    """``cli:<os user>``: who ran the command, for the audit trail."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli:unknown"
