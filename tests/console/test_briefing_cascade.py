"""A briefing published in ``safecomm chat`` is posted by ``run briefings`` to the console's
Slack stand-in — the briefings job for real, as of the console's day — and acknowledged there
by pressing its button, as a provider's lead would in Slack."""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlmodel import select

from bot.app import fixed_day
from bot.console.console import Console
from bot.console.local_app import LocalApp
from models.activity import Briefing, BriefingDelivery
from models.settings import load_settings
from safecomm.commands.chat import local_job_runner
from tests.console.conftest import TODAY, assert_readable, chat

TITLE = "Exploitation screening tool"
PUBLISH = ("briefing", TITLE, "Use the new tool at every review.",
           "https://bscp.example.org/tool", "procedure", "2", "")  # audience 2: low risk


def converse(db, script: list[str | Callable[[str], str]], *, day=TODAY) -> str:
    """The console, with each line of ``script`` typed in turn; a callable gets the screen so
    far and answers from it (as a person reads before typing)."""
    screen: list[str] = []
    lines = iter(script)
    settings = load_settings(database_url=db.url, encryption_key=db.key,
                             bscp_channel="C0BSCPLOCAL")
    clock = fixed_day(day)
    app = LocalApp(settings, clock=clock)

    def read(prompt: str) -> str:
        line = next(lines, None)
        if line is None:
            raise EOFError
        typed = line("\n".join(screen)) if callable(line) else line
        screen.append(prompt + typed)
        return typed

    try:
        Console(app, user="U0DEMOADMIN", read=read, echo=screen.append,
                run_job=local_job_runner(app, clock)).run()
    finally:
        app.close()
    return "\n".join(screen)


def button_for(provider: str) -> Callable[[str], str]:
    """The number of the Acknowledge button on the briefing posted to ``provider``."""
    def find(screen: str) -> str:
        post = next(p for p in screen.split("── posted in channel ")
                    if f"BSCP briefing: {TITLE}" in p and f"· for {provider}\n" in p)
        return re.search(r"\[(\d+): Acknowledge — cascaded to our staff\]", post).group(1)

    return find


def delivery_to(db, provider: str) -> BriefingDelivery:
    from models.core import Provider

    with db.session() as session:
        return session.exec(select(BriefingDelivery).join(Briefing).join(Provider).where(
            Briefing.title == TITLE, Provider.name == provider)).one()


def test_a_briefing_published_here_is_posted_and_acknowledged_here(demo_db):
    out = converse(demo_db, [*PUBLISH, "run briefings", button_for("Northgate Tutoring"),
                             "run briefings"])

    assert "(Type `run briefings` to post it now to this console's stand-in Slack" in out
    ran = out.split("/safeguarding> run briefings\n")[1].split("/safeguarding> ")[0]
    assert ran.startswith("(briefings job, as of Wednesday 25 Nov 2026, into this console's "
                          "stand-in Slack: posted ")
    ours = [p for p in ran.split("── posted in channel ") if f"BSCP briefing: {TITLE}" in p]
    assert len(ours) == 3  # to the demo's three low-risk providers, each with its button
    assert all("[" in p and ": Acknowledge — cascaded to our staff]" in p for p in ours)
    assert "(pressing “Acknowledge — cascaded to our staff”)\n── message updated in " in out
    assert "Acknowledged by @U0DEMOADMIN" in out
    acknowledged = delivery_to(demo_db, "Northgate Tutoring")
    assert acknowledged.acknowledged_by == "U0DEMOADMIN" and acknowledged.delivered_at
    assert delivery_to(demo_db, "Riverside Play Association").acknowledged_at is None
    again = out.rsplit("/safeguarding> run briefings\n", 1)[1]
    assert again.startswith("(briefings job, as of Wednesday 25 Nov 2026, into this console's "
                            "stand-in Slack: posted 0, already sent ")  # each post goes once
    assert_readable(out)


def test_only_the_briefings_job_runs_here_and_nothing_on_a_weekend(demo_db):
    out = chat(demo_db, "run summary").output
    assert "Only `run briefings` runs in this console (`safecomm run summary` runs the job " \
           "against Slack)." in out
    weekend = converse(demo_db, ["run briefings"], day=TODAY.replace(day=28))
    assert "Saturday 28 Nov 2026 is not a working day: the briefings job posts nothing today." \
        in weekend
    with demo_db.session() as session:
        assert session.exec(select(BriefingDelivery).where(
            BriefingDelivery.delivered_at.is_(None))).first() is not None
