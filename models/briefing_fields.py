"""A briefing's fields read and checked: its kind, its audience (who it goes to) and the
whole form in one pass, so every wrong field is named at once.

Rules:
- a title (at most 200 characters), a summary, and an http(s) link Slack can show
  (models.links: no spaces, ``|``, ``<`` or ``>``);
- a kind: ``practice_review``, ``training``, ``procedure_update`` or ``newsletter`` (default);
- an audience: ``all`` providers (default), one risk level (``risk:high``), or named providers
  (``providers:Name A;Name B``, names matched by models.names, every unknown one named with
  "did you mean"); it must reach at least one provider.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import select
from sqlmodel import Session, col

from models.core import Provider
from models.enums import BriefingKind, Risk
from models.links import link_problem
from models.names import match_name

KIND_ALIASES = {"practice-review": BriefingKind.PRACTICE_REVIEW,
                "practice review lesson": BriefingKind.PRACTICE_REVIEW,
                "procedure-update": BriefingKind.PROCEDURE_UPDATE}
T = TypeVar("T")


class BriefingError(ValueError):
    """A briefing that cannot be published: ``problems`` maps each wrong field (the first is
    ``field``) to what is wrong with it; the message names them all, in one line."""

    def __init__(self, field: str, problem: str, **more: str):
        self.problems = {field: problem, **more}
        self.field = field
        super().__init__("; ".join(f"{name}: {what}" for name, what in self.problems.items()))

    @classmethod
    def naming(cls, problems: dict[str, str]) -> BriefingError:
        """The error naming every one of ``problems`` (field → what is wrong; not empty)."""
        first, *_ = problems
        return cls(first, problems[first], **{k: v for k, v in problems.items() if k != first})


@dataclass(frozen=True)
class Audience:
    risk: Risk | None = None
    provider_ids: tuple[int, ...] = ()

    def stored(self) -> str:
        if self.risk:
            return f"risk:{self.risk}"
        if self.provider_ids:
            return "providers:" + ";".join(str(i) for i in self.provider_ids)
        return "all"


def parse_kind(text: str | None) -> BriefingKind:
    cleaned = (text or "newsletter").strip().lower()
    if cleaned in KIND_ALIASES:
        return KIND_ALIASES[cleaned]
    try:
        return BriefingKind(cleaned.replace("-", "_").replace(" ", "_"))
    except ValueError:
        choices = ", ".join(k.value for k in BriefingKind)
        raise BriefingError("kind", f"{text!r} is not one of {choices}") from None


def parse_audience(session: Session, text: str | None) -> Audience:
    """``all`` (default), ``risk:<low|medium|high>``, or ``providers:<name>;<name>…``."""
    cleaned = (text or "all").strip()
    head, _, rest = cleaned.partition(":")
    if head.lower() == "all" and not rest:
        return Audience()
    if head.lower() == "risk":
        try:
            return Audience(risk=Risk(rest.strip().lower()))
        except ValueError:
            raise BriefingError("audience", f"{rest!r} is not a risk level "
                                "(low, medium, high)") from None
    if head.lower() == "providers" and rest.strip():
        return Audience(provider_ids=named_providers(session, rest))
    raise BriefingError("audience", f"{cleaned!r} is not 'all', 'risk:<level>' or "
                        "'providers:<name>;<name>'")


def named_providers(session: Session, text: str) -> tuple[int, ...]:
    """The ids of the providers named in ``Name A;Name B`` (models.names: exact, else but for
    case and spacing); every name not found is named, with "did you mean" the nearest."""
    stored = [(name, (provider_id, name)) for provider_id, name in
              session.execute(select(col(Provider.id), col(Provider.name)))]
    found, problems = set(), []
    for name in (n.strip() for n in text.split(";")):
        if not name:
            continue
        matched = match_name(name, stored)
        if matched.found:
            found.add(matched.found[0])
            continue
        near = matched.several or matched.nearest
        hint = f" (did you mean {' or '.join(repr(n) for _, n in near)}?)" if near else ""
        problems.append(f"no provider {name!r}{hint}")
    if problems:
        raise BriefingError("audience", "; ".join(problems))
    return tuple(sorted(found))


def audience_providers(session: Session, audience: Audience) -> list[Provider]:
    query = select(Provider).order_by(col(Provider.name))
    if audience.risk:
        query = query.where(col(Provider.risk) == audience.risk)
    elif audience.provider_ids:
        query = query.where(col(Provider.id).in_(audience.provider_ids))
    return list(session.scalars(query))


@dataclass(frozen=True)
class CheckedBriefing:
    """A briefing's fields read and checked together: ``problems`` (field → what is wrong)
    is empty when it can be published to ``providers``."""

    title: str
    summary: str
    url: str
    kind: BriefingKind | None
    audience: Audience | None
    providers: tuple[Provider, ...]
    problems: dict[str, str]


def _parsed(problems: dict[str, str], field: str, parse: Callable[[], T]) -> T | None:
    try:
        return parse()
    except BriefingError as error:
        problems[field] = error.problems[error.field]
        return None


def check_briefing(session: Session, *, title: str | None, summary: str | None,
                   url: str | None, kind: str | None, audience: str | None) -> CheckedBriefing:
    """Every field checked in one pass (the rules of this module's docstring): a title of at
    most 200 characters, a summary, a link Slack can show, a known kind, an audience that
    names at least one provider."""
    title, summary, url = (title or "").strip(), (summary or "").strip(), (url or "").strip()
    problems: dict[str, str] = {}
    if not title or len(title) > 200:
        problems["title"] = "required, at most 200 characters"
    if not summary:
        problems["summary"] = "required"
    if (problem := link_problem(url)) is not None:
        problems["url"] = f"{url!r} is not a link Slack can show: {problem}"
    parsed_kind = _parsed(problems, "kind", lambda: parse_kind(kind))
    parsed = _parsed(problems, "audience", lambda: parse_audience(session, audience))
    providers = tuple(audience_providers(session, parsed)) if parsed is not None else ()
    if parsed is not None and not providers:
        problems["audience"] = f"{parsed.stored()!r} matches no provider"
    return CheckedBriefing(title, summary, url, parsed_kind, parsed, providers, problems)
