"""Publishing a briefing from its modal: admins only; field errors go back on the form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from bot import ids
from bot.builders.common import escape, plural, section
from bot.listeners.views.forms import Reader
from bot.listeners.views.notices import Notice
from bot.listeners.views.records import Refused
from models.activity import BriefingDelivery
from models.briefings import BriefingError, publish_briefing
from models.roles import is_admin
from models.runtime import Runtime

FIELD_BLOCKS = {"title": ids.BRIEFING_TITLE, "summary": ids.BRIEFING_SUMMARY,
                "url": ids.BRIEFING_URL, "kind": ids.BRIEFING_KIND,
                "audience": ids.BRIEFING_AUDIENCE}


@dataclass(frozen=True)
class BriefingForm:
    title: str
    summary: str
    url: str
    kind: str
    audience: str


def parse_briefing(view: dict[str, Any], today: date) -> tuple[BriefingForm | None, dict[str, str]]:
    read = Reader(view, today)
    title = read.text(ids.BRIEFING_TITLE, required=True)
    summary = read.text(ids.BRIEFING_SUMMARY, required=True)
    url = read.text(ids.BRIEFING_URL, required=True)
    kind, audience = read.choice(ids.BRIEFING_KIND), read.choice(ids.BRIEFING_AUDIENCE)
    names = read.text(ids.BRIEFING_PROVIDERS)
    if audience == "providers":
        if not names:
            read.errors[ids.BRIEFING_PROVIDERS] = "Name at least one provider (separated by ;)."
        audience = f"providers:{names}"
    if kind is None or audience is None or read.errors:
        return None, read.errors
    return BriefingForm(title, summary, url, kind, audience), {}


def save_briefing(session: Session, *, runtime: Runtime, entity_id: int, form: BriefingForm,
                  user: str, now: datetime) -> list[Notice]:
    """Publish (the briefings job posts it); refuse anyone who is not an admin."""
    if not is_admin(session, user):
        raise Refused(ids.BRIEFING_TITLE, "Only a BSCP admin can publish briefings.")
    try:
        briefing = publish_briefing(session, title=form.title, summary=form.summary,
                                    url=form.url, kind=form.kind, audience=form.audience,
                                    actor=f"slack:{user}", now=now)
    except BriefingError as error:
        block = ids.BRIEFING_PROVIDERS if form.audience.startswith("providers:") and \
            error.field == "audience" else FIELD_BLOCKS.get(error.field, ids.BRIEFING_TITLE)
        raise Refused(block, str(error).split(": ", 1)[-1]) from None
    count = session.scalar(select(func.count()).where(
        col(BriefingDelivery.briefing_id) == briefing.id))
    return [Notice(user, [section(f":mega: Published *{escape(briefing.title)}* to "
                                  f"{plural(count, 'provider')}. It is posted to their "
                                  "channels on the next briefings run (working days).")])]

