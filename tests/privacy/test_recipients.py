"""Jobs: DBS details (names, masked numbers) reach only the manager of each person's contract;
every other message of every job — channels, the BSCP channel, leads, briefings — holds none."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from jobs.registry import all_jobs
from models.crypto import CertificateCipher
from safecomm.cli import app
from tests.privacy.helpers import JOBS_TODAY, build_world

TWELVE_DIGITS = re.compile(r"(?<!\d)\d{12}(?!\d)")


def test_every_job_sends_names_only_to_the_manager_of_their_contract(cli_env, session, slack):
    world = build_world(session, CertificateCipher(cli_env["SAFECOMM_ENCRYPTION_KEY"]))

    for name in all_jobs():
        result = CliRunner().invoke(app, ["run", name, "--today", JOBS_TODAY.isoformat()])
        assert result.exit_code == 0, result.output

    calls = [c for c in slack.calls if c.method != "users.lookupByEmail"]
    got = {}
    for call in calls:
        text = call.text_everywhere()
        assert not TWELVE_DIGITS.search(text)
        for person in world.names:
            if person in text:
                assert call.method == "chat.postMessage", (person, call.method)
                got.setdefault(person, set()).add(call.channel)
    assert got == {person: {manager} for person, manager in world.managers.items()}
    assert {c.channel for c in calls if c.method == "chat.postMessage"} > set(
        world.managers.values())  # channels, leads and the BSCP channel were posted to, too
