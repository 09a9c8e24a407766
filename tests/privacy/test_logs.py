"""No personal data in logs: every job (for real against the Slack stand-in, and in dry run),
every command, the worker and the Slack app's listeners run with logging at DEBUG, and no
invented certificate number or staff name appears in what is logged."""

from __future__ import annotations

import io
import logging
import os
import re
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot import ids
from bot.ids import ACKNOWLEDGE_BRIEFING_ACTION, RECORD_RENEWAL_ACTION
from bot.slack_client import make_web_client
from jobs.registry import all_jobs
from models import UserRole
from models.crypto import CertificateCipher
from models.enums import Role
from models.logs import configure_logging, redact
from safecomm.cli import app
from tests.bot.conftest import TODAY
from tests.bot.slackhttp import button_payload, date_value, text_value, view_submission, wait_for
from tests.privacy.helpers import (
    JOBS_TODAY,
    build_world,
    invented_number,
    run_main,
    unique,
    write_rows,
)
from tests.privacy.test_access import guarded

REPO = Path(__file__).resolve().parents[2]
TWELVE_DIGITS = re.compile(r"(?<!\d)\d{12}(?!\d)")

pytestmark = pytest.mark.usefixtures("restore_logging")


class Everything(logging.Handler):
    """Every record that reaches the root logger, before any filter of ours changes it."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(f"{record.name} {record.getMessage()}")
        if record.exc_info:
            self.lines.append(logging.Formatter().formatException(record.exc_info))

    def text(self) -> str:
        return "\n".join(self.lines)


def assert_clean(text: str, names, numbers) -> None:
    for name in names:
        assert name not in text, f"a staff name in the log: {name}"
    for number in numbers:
        assert number not in text and number[:8] not in text, "a certificate number in the log"
    assert not TWELVE_DIGITS.search(text)


def test_it_redacts_anything_shaped_like_a_certificate_number():
    assert redact("a 001234567890 b") == "a [redacted] b"
    assert redact("0012 3456 7890, 0012-3456-7890.") == "[redacted], [redacted]."
    kept = "ts 1700000000.000100, 12345678901, 1234567890123, 2026-11-25 09:00:00"
    assert redact(kept) == kept


def test_slack_sdk_logs_message_bodies_at_debug_and_the_setup_keeps_them_out(settings, slack):
    name, client = unique("Invented Bodyname"), make_web_client(settings)
    unsafe, handler = io.StringIO(), None
    sdk = logging.getLogger("slack_sdk")
    try:  # the hazard, without our setup: slack_sdk at DEBUG writes the request body
        handler = logging.StreamHandler(unsafe)
        sdk.addHandler(handler)
        sdk.setLevel(logging.DEBUG)
        client.chat_postMessage(channel="U0X", text=f"{name} is due")
    finally:
        sdk.removeHandler(handler)
    assert name in unsafe.getvalue()

    logged = io.StringIO()
    configure_logging("DEBUG", stream=logged)
    client.chat_postMessage(channel="U0X", text=f"{name} is due")
    logging.getLogger("slack_bolt.LaterLogger").setLevel(logging.DEBUG)  # as Bolt does
    logging.getLogger("slack_bolt.LaterLogger").debug("payload of %s", name)
    logging.getLogger("safecomm.test").debug("canary")

    assert "canary" in logged.getvalue() and name not in logged.getvalue()


def test_numbers_are_redacted_in_messages_and_tracebacks():
    logged = io.StringIO()
    configure_logging("DEBUG", stream=logged)
    log = logging.getLogger("safecomm.test")

    log.warning("saw %s", "001234567890")
    try:
        raise ValueError("bad 0012-3456-7890")
    except ValueError:
        log.exception("failed")

    text = logged.getvalue()
    assert "saw [redacted]" in text and "ValueError: bad [redacted]" in text
    assert "3456" not in text


def test_a_log_level_that_is_not_one_is_one_line(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SAFECOMM_LOG_LEVEL", "LOUD")

    code, out, err = run_main(monkeypatch, capsys, "keys", "new")

    assert (code, out) == (1, "")
    assert err == ("error: SAFECOMM_LOG_LEVEL: 'LOUD' is not one of DEBUG, INFO, WARNING, "
                   "ERROR, CRITICAL\n")


def import_files(folder: Path) -> tuple[list[Path], list[str], list[str]]:
    provider, reference = unique("Invented Imported"), "LOG-1"
    people = [(unique("Invented Importee"), invented_number()) for _ in range(2)]
    files = [
        write_rows(folder / "providers.csv", [{"name": provider, "self_assessment_completed":
                                               "2026-06-01"}]),
        write_rows(folder / "contracts.csv", [{"reference": reference, "provider": provider,
                                               "start_date": "2026-01-01"}]),
        write_rows(folder / "staff.csv", [
            {"contract": reference, "name": name, "contact_level": "regular",
             "dbs_certificate": number, "dbs_issue_date": "2024-04-01"}
            for name, number in people]),
        write_rows(folder / "meetings.csv", [{"contract": reference, "held_on": "2026-10-01",
                                              "safeguarding_discussed": "no"}]),
        write_rows(folder / "training.csv", [{"provider": provider, "course": "Invented",
                                              "date": "2026-09-01", "attendees": "3"}]),
    ]
    return files, [n for n, _ in people], [n for _, n in people]


def test_every_job_and_command_logs_no_name_and_no_number_at_debug(cli_env, session, slack,
                                                                  monkeypatch, tmp_path):
    logged, everything = io.StringIO(), Everything()
    configure_logging("DEBUG", stream=logged)
    logging.getLogger().handlers.insert(0, everything)
    world = build_world(session, CertificateCipher(cli_env["SAFECOMM_ENCRYPTION_KEY"]))
    files, names, numbers = import_files(tmp_path)
    names, numbers = names + world.names, numbers + world.numbers
    day = JOBS_TODAY.isoformat()
    commands = [["db", "upgrade"],
                *[["import", kind, str(path)] for kind, path in zip(
                    ("providers", "contracts", "staff", "meetings", "training"), files,
                    strict=True)],
                ["users", "grant", "U0LOGADMIN", "admin"], ["users", "revoke", "U0LOGADMIN",
                                                            "admin"],
                ["briefing", "publish", "--title", "Invented", "--summary", "Invented.",
                 "--url", "https://example.org/l"],
                *[["run", job, "--today", day, "--dry-run"] for job in all_jobs()],
                *[["run", job, "--today", day] for job in all_jobs()],
                *[["export", what] for what in ("status", "dbs", "audit", "briefings")],
                ["keys", "new"], ["manifest", "--socket"]]
    shown = []
    try:
        for args in commands:
            result = CliRunner().invoke(app, args)
            assert result.exit_code == 0, (args, result.output)
            shown.append(result.output)
        monkeypatch.setenv("SAFECOMM_ENCRYPTION_KEY", CertificateCipher.new_key() + "," +
                           cli_env["SAFECOMM_ENCRYPTION_KEY"])
        assert CliRunner().invoke(app, ["keys", "rotate"]).exit_code == 0
        logging.getLogger("safecomm.test").debug("canary")
    finally:
        logging.getLogger().removeHandler(everything)

    assert any(name in "".join(shown) for name in names)  # the dry runs showed them, as asked
    assert "canary" in logged.getvalue() and len(everything.lines) > 1
    assert_clean(logged.getvalue() + everything.text(), names, numbers)


def test_the_worker_logs_no_personal_data_at_debug(cli_env, session, tmp_path):
    world = build_world(session, CertificateCipher(cli_env["SAFECOMM_ENCRYPTION_KEY"]))
    env = {**os.environ, **cli_env, "SAFECOMM_LOG_LEVEL": "DEBUG", "PYTHONPATH": str(REPO),
           "PYTHONUNBUFFERED": "1"}
    log = tmp_path / "worker.log"
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "-m", "safecomm.cli", "worker"],
                                   cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_for(lambda: "worker: started" in log.read_text(), timeout=20, what="start")
            time.sleep(0.2)
        finally:
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=20) == 0

    text = log.read_text()
    assert "DEBUG apscheduler" in text and "worker: stopped" in text
    assert_clean(text, world.names, world.numbers)


def test_the_slack_app_logs_no_personal_data_at_debug(server, db):
    g = guarded(db, server.cipher)
    admin = f"U0LOGADM{g.manager[-6:]}"
    db.add(UserRole(slack_user_id=admin, role=Role.ADMIN))
    db.commit()
    new_number, ref, lead = invented_number(), g.contract.reference, \
        g.provider.safeguarding_lead

    for user, text in ((g.manager, f"dbs {ref}"), (g.manager, f"status {ref}"),
                       (admin, "help"), ("U0LOGSTRANGER", f"dbs {ref}"),
                       (g.manager, f"meeting {ref}")):
        tag = f"log-{user}-{text.split()[0]}"
        server.sender.command(text, user=user, trigger_id=f"T-{tag}",
                              response_url=server.slack.response_url(tag))
    [listed] = wait_for(lambda: server.slack.calls_to(f"response:log-{g.manager}-dbs"),
                        what="the dbs reply")
    assert g.staff.name in listed.text_everywhere()  # the name went where it may go
    trigger = f"T-log-renew-{g.manager}"
    server.sender.interact(button_payload(action_id=RECORD_RENEWAL_ACTION, value=str(g.staff.id),
                                          user=g.manager, trigger_id=trigger,
                                          response_url=server.slack.response_url(trigger)))
    [opened] = wait_for(lambda: [c for c in server.slack.calls_to("views.open")
                                 if c.params["trigger_id"] == trigger], what="renewal form")
    view = opened.params["view"]
    recheck = next(b["block_id"] for b in view["blocks"]
                   if b.get("block_id", "").startswith(ids.RECHECK_DUE))
    values = {ids.CERTIFICATE: text_value(new_number), ids.ISSUED_ON: date_value(TODAY),
              recheck: date_value(date(2029, 11, 25))}
    bad = server.sender.interact(view_submission(view, {**values, ids.CERTIFICATE: text_value(
        new_number[:-1])}, user=g.manager))
    assert bad.json()["response_action"] == "errors"
    assert server.sender.interact(view_submission(view, values, user=g.manager)).status == 200
    server.sender.interact(button_payload(action_id=ACKNOWLEDGE_BRIEFING_ACTION,
                                          value=str(g.delivery.id), user=lead,
                                          response_url=server.slack.response_url("log-ack")))
    server.sender.event({"type": "app_home_opened", "user": g.manager, "tab": "home"})
    wait_for(lambda: server.slack.calls_to("response:log-ack") or
             server.slack.calls_to("chat.update"), what="the acknowledgement")
    wait_for(lambda: [c for c in server.slack.calls_to("views.publish")
                      if c.params["user_id"] == g.manager], what="the home tab")
    wait_for(lambda: [c for c in server.slack.posts() if c.channel == g.manager
                      and "renewal" in c.text_everywhere().lower()], what="the confirmation")

    text = server.log_text()
    assert f"DEBUG bot.listeners.commands: /safeguarding dbs from {g.manager}" in text
    assert_clean(text, [g.staff.name], [new_number, new_number[:-1]])
