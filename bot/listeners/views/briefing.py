"""Publishing a briefing from its modal: admins only; every wrong field goes back on the form
at once — the required fields read from the view (:func:`parse_briefing`) and the rest checked
against the register in the same pass (:func:`check_briefing_view`, models.briefing_fields)."""

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
from models.briefing_fields import BriefingError, check_briefing
from models.briefings import publish_briefing
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


def _read(read: Reader) -> tuple[str, str, str, str | None, str | None]:
    """Title, summary, link, kind and audience as typed (``providers:<names>`` for named
    providers); an unanswered required field is an error in ``read``."""
    title = read.text(ids.BRIEFING_TITLE, required=True)
    summary = read.text(ids.BRIEFING_SUMMARY, required=True)
    url = read.text(ids.BRIEFING_URL, required=True)
    kind, audience = read.choice(ids.BRIEFING_KIND), read.choice(ids.BRIEFING_AUDIENCE)
    if audience == "providers":
        names = read.text(ids.BRIEFING_PROVIDERS)
        if not names:
            read.errors[ids.BRIEFING_PROVIDERS] = "Name at least one provider (separated by ;)."
        audience = f"providers:{names}"
    return title, summary, url, kind, audience


def parse_briefing(view: dict[str, Any], today: date) -> tuple[BriefingForm | None, dict[str, str]]:
    read = Reader(view, today)
    title, summary, url, kind, audience = _read(read)
    if kind is None or audience is None or read.errors:
        return None, read.errors
    return BriefingForm(title, summary, url, kind, audience), {}


def field_errors(error: BriefingError, audience: str | None) -> dict[str, str]:
    """The problems of models.briefing_fields on the form's fields (the audience's on the
    providers' names when those were named)."""
    named = (audience or "").startswith("providers:")
    return {(ids.BRIEFING_PROVIDERS if named and field == "audience"
             else FIELD_BLOCKS.get(field, ids.BRIEFING_TITLE)): problem
            for field, problem in error.problems.items()}


def check_briefing_view(session: Session, view: dict[str, Any]) -> dict[str, str]:
    """Every problem the register finds with the form as typed: the link, the kind, the
    audience (unknown names, with "did you mean"; no provider reached)."""
    title, summary, url, kind, audience = _read(Reader(view, date.min))
    checked = check_briefing(session, title=title, summary=summary, url=url, kind=kind,
                             audience=audience)
    if not checked.problems:
        return {}
    return field_errors(BriefingError.naming(checked.problems), audience)


def save_briefing(session: Session, *, runtime: Runtime, entity_id: int, form: BriefingForm,
                  user: str, now: datetime) -> list[Notice]:
    """Publish (the briefings job posts it); refuse anyone who is not an admin."""
    if not is_admin(session, user):
        raise Refused(ids.BRIEFING_TITLE, "Only a BSCP admin can publish briefings.")
    try:
        briefing = publish_briefing(session, title=form.title, summary=form.summary,
                                    url=form.url, kind=form.kind, audience=form.audience,
                                    actor=f"slack:{user}", now=now)
    except BriefingError as error:  # the register changed since the form was checked
        block, message = next(iter(field_errors(error, form.audience).items()))
        raise Refused(block, message) from None
    count = session.scalar(select(func.count()).where(
        col(BriefingDelivery.briefing_id) == briefing.id))
    return [Notice(user, [section(f":mega: Published *{escape(briefing.title)}* to "
                                  f"{plural(count, 'provider')}. It is posted to their "
                                  "channels on the next briefings run (working days).")])]

