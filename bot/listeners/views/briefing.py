"""Publishing a briefing from its modal: admins only; field errors go back on the form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlmodel import Session

from bot.builders import briefing_modal as bm
from bot.builders.common import escape, plural, section
from bot.listeners.views.delivery import Message
from bot.listeners.views.forms import Reader
from bot.listeners.views.records import Refused
from models.activity import BriefingDelivery
from models.briefings import BriefingError, publish_briefing
from models.roles import is_admin

FIELD_BLOCKS = {"title": bm.TITLE, "summary": bm.SUMMARY, "url": bm.URL, "kind": bm.KIND,
                "audience": bm.AUDIENCE}


@dataclass(frozen=True)
class BriefingForm:
    title: str
    summary: str
    url: str
    kind: str
    audience: str


def parse_briefing(view: dict, today: date) -> tuple[BriefingForm | None, dict[str, str]]:
    read = Reader(view, today)
    title, summary = read.text(bm.TITLE, required=True), read.text(bm.SUMMARY, required=True)
    url, kind, audience = read.text(bm.URL, required=True), read.choice(bm.KIND), \
        read.choice(bm.AUDIENCE)
    names = read.text(bm.PROVIDERS)
    if audience == "providers":
        if not names:
            read.errors[bm.PROVIDERS] = "Name at least one provider (separated by ;)."
        audience = f"providers:{names}"
    return read.result(lambda: BriefingForm(title, summary, url, kind, audience))


def save_briefing(session: Session, *, runtime, entity_id: int, form: BriefingForm, user: str,
                  now: datetime) -> list[Message]:
    """Publish (the briefings job posts it); refuse anyone who is not an admin."""
    if not is_admin(session, user):
        raise Refused(bm.TITLE, "Only a BSCP admin can publish briefings.")
    try:
        briefing = publish_briefing(session, title=form.title, summary=form.summary,
                                    url=form.url, kind=form.kind, audience=form.audience,
                                    actor=f"slack:{user}", now=now)
    except BriefingError as error:
        block = bm.PROVIDERS if form.audience.startswith("providers:") and \
            error.field == "audience" else FIELD_BLOCKS.get(error.field, bm.TITLE)
        raise Refused(block, str(error).split(": ", 1)[-1]) from None
    count = session.scalar(select(func.count()).where(
        BriefingDelivery.briefing_id == briefing.id))
    return [Message(user, [section(f":mega: Published *{escape(briefing.title)}* to "
                                   f"{plural(count, 'provider')}. It is posted to their "
                                   "channels on the next briefings run (working days).")])]

