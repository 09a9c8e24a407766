"""Certificate numbers at rest: no start without a usable key (one line, exit 1, through the
real entry point), a wrong key, a rotation, the database file itself, the demo's key file."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlmodel import Session
from typer.testing import CliRunner

from jobs.registry import all_jobs
from models import AuditEntry, Staff
from models.crypto import CertificateCipher, CertificateKeyError
from models.db import make_engine
from models.keys import check_key
from models.migrate import upgrade
from safecomm.cli import app
from tests.factories import make_contract, make_provider, make_staff
from tests.privacy.helpers import invented_number, run_main, unique, write_rows

pytestmark = pytest.mark.usefixtures("restore_logging")

NO_KEY = "error: SAFECOMM_ENCRYPTION_KEY is not set (environment or .env)"
WRONG_KEY = ("error: a stored certificate number cannot be read with SAFECOMM_ENCRYPTION_KEY "
             "(wrong key, or the old key was removed before rotation)")
STARTS = [["serve"], ["socket"], ["worker"], *[["run", name] for name in all_jobs()],
          ["import", "staff", "staff.csv"]]


def staff_file(folder: Path, contract: str, people: list[tuple[str, str]]) -> Path:
    return write_rows(folder / "staff.csv", [
        {"contract": contract, "name": name, "contact_level": "regulated",
         "dbs_certificate": number, "dbs_issue_date": "2025-04-03"} for name, number in people])


def setup_files(folder: Path, people: list[tuple[str, str]]) -> list[Path]:
    """Providers, contracts and staff files for one provider with one contract."""
    provider, reference = unique("Keyholder Care"), "KEY-" + unique("X").split()[1]
    return [write_rows(folder / "providers.csv", [{"name": provider}]),
            write_rows(folder / "contracts.csv", [{"reference": reference, "provider": provider,
                                                   "start_date": "2026-01-01"}]),
            staff_file(folder, reference, people)]


def cli(*args: str):
    return CliRunner().invoke(app, list(args))


def import_all(files: list[Path]) -> list[str]:
    outputs = []
    for kind, path in zip(("providers", "contracts", "staff"), files, strict=True):
        result = cli("import", kind, str(path))
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout.strip())
    return outputs


@pytest.mark.parametrize("args", STARTS, ids=lambda args: " ".join(args))
def test_it_refuses_to_start_without_a_key_in_one_line(args, cli_env, monkeypatch, capsys,
                                                       tmp_path):
    monkeypatch.delenv("SAFECOMM_ENCRYPTION_KEY")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-invented")
    staff_file(tmp_path, "ANY-1", [("Invented Person", invented_number())])

    code, out, err = run_main(monkeypatch, capsys, *args)

    assert (code, out, err.splitlines()) == (1, "", [NO_KEY])


@pytest.mark.parametrize("args", STARTS, ids=lambda args: " ".join(args))
def test_it_refuses_a_malformed_key_in_one_line_without_printing_it(args, cli_env,
                                                                   monkeypatch, capsys,
                                                                   tmp_path):
    monkeypatch.setenv("SAFECOMM_ENCRYPTION_KEY", "not-a-fernet-key-but-secret")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-invented")
    staff_file(tmp_path, "ANY-1", [("Invented Person", invented_number())])

    code, out, err = run_main(monkeypatch, capsys, *args)

    assert code == 1 and out == ""
    [line] = err.splitlines()
    assert line.startswith("error: SAFECOMM_ENCRYPTION_KEY is not a valid Fernet key")
    assert "not-a-fernet-key-but-secret" not in err


@pytest.mark.parametrize("args", [["serve"], ["socket"], ["import", "staff", "staff.csv"]],
                         ids=lambda args: " ".join(args))
def test_it_refuses_a_key_that_cannot_read_what_is_stored(args, cli_env, session, monkeypatch,
                                                          capsys, tmp_path):
    stored_with = CertificateCipher(CertificateCipher.new_key())
    contract = make_contract(session, make_provider(session), reference="WRONG-1")
    make_staff(session, contract, dbs_certificate_token=stored_with.encrypt(invented_number()))
    session.commit()
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-invented")
    staff_file(tmp_path, "WRONG-1", [("Invented Newcomer", invented_number())])

    code, out, err = run_main(monkeypatch, capsys, *args)

    assert (code, out, err.splitlines()) == (1, "", [WRONG_KEY])
    assert cli_env["SAFECOMM_ENCRYPTION_KEY"] not in err
    assert session.scalar(select(func.count()).select_from(Staff)) == 1


def tokens(session: Session) -> list[str]:
    session.expire_all()
    return list(session.scalars(select(Staff.dbs_certificate_token).order_by(Staff.id)))


def test_a_rotation_reads_old_numbers_meanwhile_and_needs_only_the_new_key_after(
        cli_env, session, monkeypatch, capsys, tmp_path):
    old, new = CertificateCipher.new_key(), CertificateCipher.new_key()
    people = [("Invented Rota One", invented_number()), ("Invented Rota Two", invented_number())]
    files = setup_files(tmp_path, people)
    monkeypatch.setenv("SAFECOMM_ENCRYPTION_KEY", old)
    import_all(files)
    before = tokens(session)

    monkeypatch.setenv("SAFECOMM_ENCRYPTION_KEY", new)  # too early: the old key is needed
    assert run_main(monkeypatch, capsys, "import", "staff", str(files[2]))[2] == WRONG_KEY + "\n"
    monkeypatch.setenv("SAFECOMM_ENCRYPTION_KEY", f"{new},{old}")
    assert import_all(files)[2] == "staff: 0 created, 0 updated, 2 unchanged"
    assert tokens(session) == before  # compared by reading, never re-encrypted
    rotated = cli("keys", "rotate")
    assert rotated.exit_code == 0 and "re-encrypted 2 certificate numbers" in rotated.output

    monkeypatch.setenv("SAFECOMM_ENCRYPTION_KEY", new)
    assert import_all(files)[2] == "staff: 0 created, 0 updated, 2 unchanged"
    assert [CertificateCipher(new).decrypt(t) for t in tokens(session)] == [n for _, n in people]
    with pytest.raises(CertificateKeyError):
        check_key(session.get_bind(), CertificateCipher(old))
    [entry] = session.scalars(select(AuditEntry).where(AuditEntry.entity == "encryption_key"))
    assert entry.note == "2 certificate numbers re-encrypted under the first key"
    assert old not in str(entry.changes) + entry.note and new not in str(entry.changes)


def test_the_database_file_holds_no_certificate_number_in_clear(monkeypatch, tmp_path):
    path = tmp_path / "plain.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.setenv("SAFECOMM_ENCRYPTION_KEY", CertificateCipher.new_key())
    written = [invented_number() for _ in range(3)]
    as_typed = [written[0], f"{written[1][:4]} {written[1][4:8]} {written[1][8:]}",
                f"{written[2][:4]}-{written[2][4:8]}-{written[2][8:]}"]
    people = [(unique("Invented Clearcheck"), number) for number in as_typed]
    import_all(setup_files(tmp_path, people))

    raw = b"".join(Path(f"{path}{suffix}").read_bytes() for suffix in ("", "-wal", "-shm")
                   if Path(f"{path}{suffix}").exists())

    assert all(name.encode() in raw for name, _ in people)  # the data is there, in clear…
    for number, typed in zip(written, as_typed, strict=True):  # …but not the numbers
        assert number.encode() not in raw and typed.encode() not in raw
        assert number.encode("utf-16-le") not in raw


def test_the_demo_makes_a_key_file_only_its_owner_can_read(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SAFECOMM_ENCRYPTION_KEY", raising=False)

    result = cli("demo", "--database", str(tmp_path / "demo.db"), "--today", "2026-11-25")

    assert result.exit_code == 0, result.output
    key = tmp_path / "demo.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert "demo.key" in result.output and "only" in result.output
    CertificateCipher(key.read_text().strip())  # a real key
    assert key.read_text().strip() not in result.output
