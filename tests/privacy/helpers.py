"""Shared by the data-protection tests: invented people, numbers and files, and running
``safecomm`` through its real entry point."""

from __future__ import annotations

import csv
import sys
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlmodel import Session

from models.briefings import publish_briefing
from models.crypto import CertificateCipher
from safecomm.cli import main
from tests.factories import make_assessment, make_contract, make_meeting, make_provider, make_staff


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


JOBS_TODAY = date(2027, 3, 3)  # a Wednesday


@dataclass
class World:
    """Invented providers, contracts and staff for running every job: who manages what, and
    the names and numbers that must reach only the manager of each person's contract."""

    managers: dict[str, str] = field(default_factory=dict)  # staff name → manager's Slack ID
    numbers: list[str] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)  # names whose manager has no Slack
    leaver: str = ""

    @property
    def names(self) -> list[str]:
        return [*self.managers, *self.unreachable, self.leaver]


def build_world(session: Session, cipher: CertificateCipher, today: date = JOBS_TODAY) -> World:
    """Two providers; three contracts (one managed by an e-mail no Slack user has); staff due
    at several thresholds; a leaver past retention; an old self-assessment, a meeting coming
    due and a published briefing, so that every job has something to say."""
    world = World()
    for tag, offsets in (("A", (-3, 7, 30)), ("B", (14,))):
        provider = make_provider(session, name=unique(f"Invented Provider {tag}"),
                                 safeguarding_lead=f"U0LD{tag}{uuid.uuid4().hex[:6].upper()}")
        make_assessment(session, provider, completed_on=today - timedelta(days=350))
        manager = f"U0CM{tag}{uuid.uuid4().hex[:6].upper()}"
        contract = make_contract(session, provider, contract_manager=manager,
                                 start_date=today - timedelta(days=200))
        make_meeting(session, contract, held_on=today - timedelta(days=80),
                     next_meeting_on=today + timedelta(days=5))
        for offset in offsets:
            name = _person(session, world, cipher, contract, today + timedelta(days=offset))
            world.managers[name] = manager
    nobody = make_contract(session, provider, contract_manager="nobody@invented.example.org")
    world.unreachable.append(_person(session, world, cipher, nobody, today))
    world.leaver = _person(session, world, cipher, contract, today + timedelta(days=400),
                           left_on=today - timedelta(days=200))
    publish_briefing(session, title="Invented lessons", summary="Invented.",
                     url="https://example.org/l", kind="practice_review", audience="all",
                     actor="test", now=datetime.combine(today, datetime.min.time(), UTC))
    session.commit()
    return world


def _person(session, world: World, cipher, contract, due: date, **fields) -> str:
    name, number = unique("Invented Staffname"), invented_number()
    world.numbers.append(number)
    make_staff(session, contract, name=name, dbs_recheck_due=due,
               dbs_certificate_token=cipher.encrypt(number), dbs_certificate_last4=number[-4:],
               **fields)
    return name
