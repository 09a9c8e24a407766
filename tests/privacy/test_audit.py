"""The audit trail: every change — import, command line, job, form, button — appends an entry
with actor, time, entity and the fields changed (certificate numbers masked); nothing ever
updates or deletes an entry; ``safecomm export audit [--since DATE] --format csv``."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, event, select
from typer.testing import CliRunner

from bot import ids
from bot.ids import ACKNOWLEDGE_BRIEFING_ACTION, RECORD_RENEWAL_ACTION
from models import AuditEntry, UserRole
from models.crypto import CertificateCipher
from models.enums import Role
from safecomm.cli import app
from tests.bot.conftest import TODAY
from tests.bot.slackhttp import (
    button_payload,
    choice_value,
    date_value,
    text_value,
    view_submission,
    wait_for,
)
from tests.factories import make_contract, make_provider, make_staff
from tests.privacy.helpers import unique, write_rows
from tests.privacy.test_access import guarded

REPO = Path(__file__).resolve().parents[2]
TWELVE_DIGITS = re.compile(r"(?<!\d)\d{12}(?!\d)")
WRITES_TO_THE_TRAIL = [
    re.compile(r"\b(update|delete)\(\s*AuditEntry\b"),
    re.compile(r"AuditEntry\.__table__\s*\.\s*(update|delete)\b"),
    re.compile(r"(?i)\bupdate\s+\"?audit_entries\b"),
    re.compile(r"(?i)\bdelete\s+from\s+\"?audit_entries\b"),
    re.compile(r"(?i)\btruncate\s+(table\s+)?\"?audit_entries\b"),
]


class Trail:
    """The entries appended since the last look, and every SQL statement run meanwhile."""

    def __init__(self, session):
        self.session, self.seen, self.statements = session, 0, []

    def watch(self, conn, cursor, statement, parameters, context, executemany):
        self.statements.append(statement)

    def new(self) -> list[AuditEntry]:
        self.session.expire_all()
        entries = list(self.session.scalars(select(AuditEntry).where(AuditEntry.id > self.seen)
                                            .order_by(AuditEntry.id)))
        self.seen = max([self.seen, *(e.id for e in entries)])
        return entries


@pytest.fixture
def trail(session):
    watcher = Trail(session)
    event.listen(Engine, "before_cursor_execute", watcher.watch)
    yield watcher
    event.remove(Engine, "before_cursor_execute", watcher.watch)


def check(entries: list[AuditEntry], *, actor: str, entity: str, since: datetime) -> None:
    assert entries, f"no audit entry for {entity}"
    for entry in entries:
        assert (entry.actor, entry.entity) == (actor, entity)
        assert since <= entry.at <= datetime.now(UTC)
        assert entry.changes or entry.note
        assert not TWELVE_DIGITS.search(json.dumps(entry.changes) + entry.note)


def cli(*args) -> str:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def test_every_command_line_change_and_the_retention_job_are_audited_and_only_appended(
        cli_env, session, trail, monkeypatch, tmp_path):
    monkeypatch.setenv("USER", "oliver")
    monkeypatch.setenv("LOGNAME", "oliver")
    actor, start = "cli:oliver", datetime.now(UTC) - timedelta(seconds=1)
    provider, reference, number = unique("Audited Provider"), "AUD-1", "005812346027"
    files = {
        "providers": [{"name": provider, "risk": "high", "self_assessment_completed":
                       "2026-01-31", "safeguarding_statement_received": "2026-01-31"}],
        "contracts": [{"reference": reference, "provider": provider,
                       "start_date": "2026-01-01"}],
        "staff": [{"contract": reference, "name": unique("Invented Audited"),
                   "contact_level": "regulated", "dbs_certificate": number,
                   "dbs_issue_date": "2025-01-01"}],
        "meetings": [{"contract": reference, "held_on": "2026-10-01",
                      "safeguarding_discussed": "yes"}],
        "training": [{"provider": provider, "course": "Invented course", "date": "2026-09-01",
                      "attendees": "4"}],
    }
    entities = {"providers": {"provider", "self_assessment"}, "contracts": {"contract"},
                "staff": {"staff"}, "meetings": {"monitoring_meeting"},
                "training": {"training_attendance"}}
    for kind, rows in files.items():
        cli("import", kind, write_rows(tmp_path / f"{kind}.csv", rows))
        entries = trail.new()
        assert {e.entity for e in entries} == entities[kind]
        for entity in entities[kind]:
            check([e for e in entries if e.entity == entity], actor=actor, entity=entity,
                  since=start)
    staff_entry = next(e for e in session.scalars(select(AuditEntry).where(
        AuditEntry.entity == "staff")))
    assert staff_entry.changes["dbs_certificate"] == [None, "••••••••6027"]

    cli("users", "grant", "U0AUDITED", "provider", "--provider", provider)
    cli("users", "revoke", "U0AUDITED", "provider", "--provider", provider)
    granted, revoked = trail.new()
    check([granted], actor=actor, entity="user_role", since=start)
    assert (granted.action, revoked.action) == ("create", "delete")
    assert granted.changes["slack_user_id"] == [None, "U0AUDITED"]

    cli("briefing", "publish", "--title", "Invented", "--summary", "Invented.", "--url",
        "https://example.org/b")
    check(trail.new(), actor=actor, entity="briefing", since=start)

    new_key = CertificateCipher.new_key()
    monkeypatch.setenv("SAFECOMM_ENCRYPTION_KEY", f"{new_key},{cli_env['SAFECOMM_ENCRYPTION_KEY']}")
    cli("keys", "rotate")
    check(trail.new(), actor=actor, entity="encryption_key", since=start)

    leaver = make_staff(session, make_contract(session, make_provider(session)),
                        left_on=date(2020, 1, 1), name=unique("Invented Leaver"))
    session.commit()
    leaver_id, leaver_name = leaver.id, leaver.name
    cli("run", "retention", "--today", "2026-11-25")
    [deleted] = trail.new()
    # a run as of a day stamps that day (at the time of day it ran)
    check([deleted], actor="job:retention", entity="staff",
          since=datetime.combine(date(2026, 11, 25), time.min, UTC))
    assert deleted.at.date() == date(2026, 11, 25)
    assert (deleted.action, deleted.entity_id) == ("delete", str(leaver_id))
    assert leaver_name not in json.dumps(deleted.changes) + deleted.note

    changed = [s for s in trail.statements if re.search(
        r"(?i)^\s*(update|delete\s+from)\s+\"?audit_entries", s)]
    assert any(re.search(r"(?i)insert into \"?audit_entries", s) for s in trail.statements)
    assert changed == []


def test_every_slack_change_is_audited_with_the_person_and_fields(server, db):
    g = guarded(db, server.cipher)
    admin = f"U0AUDADM{g.manager[-6:]}"
    db.add(UserRole(slack_user_id=admin, role=Role.ADMIN))
    db.commit()
    london = ZoneInfo("Europe/London")  # the app stamps its day, TODAY, at the time of day
    start = datetime.combine(TODAY, datetime.now(london).time(), london).astimezone(UTC) \
        - timedelta(seconds=1)
    ref, number = g.contract.reference, "007341950618"

    def form(user: str, text: str, values) -> None:
        trigger = f"T-audit-{user}-{text}"
        server.sender.command(text, user=user, trigger_id=trigger,
                              response_url=server.slack.response_url(trigger))
        [call] = wait_for(lambda: [c for c in server.slack.calls_to("views.open")
                                   if c.params["trigger_id"] == trigger], what=text)
        view = call.params["view"]
        answer = server.sender.interact(view_submission(view, values(view), user=user))
        assert (answer.status, answer.body) == (200, ""), answer.body

    form(g.manager, f"meeting {ref}", lambda v: {ids.HELD_ON: date_value(TODAY),
                                                 ids.DISCUSSED: choice_value("yes")})
    form(g.manager, f"check {ref}", lambda v: {
        ids.THEME: text_value("Invented theme"), ids.DONE_ON: date_value(TODAY),
        ids.OUTCOME: choice_value("green")})
    form(g.provider.safeguarding_lead, f"assessment {g.provider.name}",
         lambda v: {ids.COMPLETED_ON: date_value(TODAY)})
    form(admin, "briefing", lambda v: {
        ids.BRIEFING_TITLE: text_value("Invented"), ids.BRIEFING_SUMMARY: text_value("Invented."),
        ids.BRIEFING_URL: text_value("https://example.org/a"),
        ids.BRIEFING_KIND: choice_value("newsletter"), ids.BRIEFING_AUDIENCE: choice_value("all")})
    trigger = f"T-audit-renew-{g.manager}"
    server.sender.interact(button_payload(action_id=RECORD_RENEWAL_ACTION, value=str(g.staff.id),
                                          user=g.manager, trigger_id=trigger,
                                          response_url=server.slack.response_url(trigger)))
    [call] = wait_for(lambda: [c for c in server.slack.calls_to("views.open")
                               if c.params["trigger_id"] == trigger], what="renewal")
    recheck = next(b["block_id"] for b in call.params["view"]["blocks"]
                   if b.get("block_id", "").startswith(ids.RECHECK_DUE))
    server.sender.interact(view_submission(call.params["view"], {
        ids.CERTIFICATE: text_value(number), ids.ISSUED_ON: date_value(TODAY),
        recheck: date_value(date(2029, 11, 25))}, user=g.manager))
    server.sender.interact(button_payload(
        action_id=ACKNOWLEDGE_BRIEFING_ACTION, value=str(g.delivery.id),
        user=g.provider.safeguarding_lead, response_url=server.slack.response_url("ack-aud")))

    def entries():
        db.expire_all()
        return list(db.scalars(select(AuditEntry).where(AuditEntry.at >= start, AuditEntry.actor
                                                       .in_([f"slack:{u}" for u in (
                                                           g.manager, admin,
                                                           g.provider.safeguarding_lead)]))))

    found = wait_for(lambda: (lambda e: e if len(e) >= 6 else None)(entries()), what="entries")
    by_entity = {e.entity: e for e in found}
    assert set(by_entity) == {"monitoring_meeting", "thematic_check", "self_assessment",
                              "briefing", "staff", "briefing_delivery"}
    for entity, entry in by_entity.items():
        check([entry], actor=entry.actor, entity=entity, since=start)
    assert by_entity["staff"].changes["dbs_certificate"][1] == "••••••••0618"
    assert by_entity["briefing_delivery"].actor == f"slack:{g.provider.safeguarding_lead}"


def sources() -> list[Path]:
    return [p for folder in ("models", "bot", "jobs", "safecomm")
            for p in (REPO / folder).rglob("*.py") if "migrations" not in p.parts]


def test_no_code_updates_or_deletes_an_audit_entry():
    bad = ['session.execute(update(AuditEntry).values(note=""))',
           "connection.execute(AuditEntry.__table__.delete())",
           'text("DELETE FROM audit_entries WHERE id = 1")', 'text("UPDATE audit_entries SET")']
    assert all(any(p.search(line) for p in WRITES_TO_THE_TRAIL) for line in bad)

    found = [f"{path.relative_to(REPO)}: {line.strip()}" for path in sources()
             for line in path.read_text().splitlines()
             if any(p.search(line) for p in WRITES_TO_THE_TRAIL)]

    assert len(sources()) > 50 and found == []


def export(*args) -> list[dict]:
    output = CliRunner().invoke(app, ["export", "audit", *args, "--format", "csv"])
    assert output.exit_code == 0, output.output
    return list(csv.DictReader(io.StringIO(output.stdout.removeprefix("\ufeff"))))


def test_it_exports_the_trail_from_local_midnight_of_a_day_oldest_first(cli_env, session):
    def entry(at: datetime, note: str) -> None:
        session.add(AuditEntry(at=at, actor="cli:test", action="update", entity="staff",
                               entity_id="7", note=note,
                               changes={"dbs_certificate": ["••••••••1111", "••••••••2222"]}))

    entry(datetime(2026, 7, 2, 9, tzinfo=UTC), "later")
    entry(datetime(2026, 6, 30, 23, 30, tzinfo=UTC), "00:30 on 1 July in London")
    entry(datetime(2026, 6, 30, 22, 30, tzinfo=UTC), "23:30 on 30 June in London")
    session.commit()

    everything, since = export(), export("--since", "2026-07-01")

    assert [row["note"] for row in everything] == [
        "23:30 on 30 June in London", "00:30 on 1 July in London", "later"]
    assert [row["note"] for row in since] == ["00:30 on 1 July in London", "later"]
    assert list(since[0]) == ["at", "actor", "action", "entity", "entity_id", "changes", "note"]
    assert json.loads(since[0]["changes"]) == {"dbs_certificate": ["••••••••1111",
                                                                   "••••••••2222"]}
    assert since[0]["at"].startswith("2026-06-30T23:30")
