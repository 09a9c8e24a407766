"""Matching a typed name against stored ones: the one rule for slash commands, forms, command
line options and imports' references to providers and contracts.

Rules, in order:
1. exact: the text (trimmed) is a stored name;
2. the same once case and runs of white space are ignored (``oak  care`` is ``Oak Care``);
   two stored names alike this way are *several*, and nothing is picked;
3. otherwise nothing is picked, and the nearest stored names are offered as "did you mean":
   names that start with the text, then names with a word that starts with it, then names
   with a word starting with each word of the text (in any order), then close spellings
   (difflib, at least :data:`SUGGEST_FROM` alike, against the name's first words and the
   whole name), best first, at most :data:`MAX_SUGGESTIONS`.
Never a prefix or a close spelling picked silently: ``Harbor Lane`` is not ``Harbour Lane``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Generic, TypeVar

T = TypeVar("T")
MAX_SUGGESTIONS = 3
SUGGEST_FROM = 0.7


def normalise(text: str | None) -> str:
    """The form names are compared in: white space collapsed, case folded."""
    return " ".join((text or "").split()).casefold()


@dataclass(frozen=True)
class NameMatch(Generic[T]):
    """``found`` (one), else ``several`` (alike but for case or spacing), else ``nearest``."""

    text: str
    found: T | None = None
    several: tuple[T, ...] = ()
    nearest: tuple[T, ...] = field(default=())


def match_name(text: str, stored: Iterable[tuple[str, T]], *,
               limit: int = MAX_SUGGESTIONS) -> NameMatch[T]:
    """``stored``: (name, value) pairs; the values of the match (see the module's rules)."""
    pairs = list(stored)
    wanted, folded = (text or "").strip(), normalise(text)
    if not folded:
        return NameMatch(text)
    exact = [value for name, value in pairs if name == wanted]
    if len(exact) == 1:
        return NameMatch(text, found=exact[0])
    alike = [value for name, value in pairs if normalise(name) == folded]
    if len(alike) == 1:
        return NameMatch(text, found=alike[0])
    if alike:
        return NameMatch(text, several=tuple(alike))
    return NameMatch(text, nearest=tuple(nearest(text, pairs, limit=limit)))


def nearest(text: str, stored: Iterable[tuple[str, T]], *,
            limit: int = MAX_SUGGESTIONS) -> list[T]:
    """The values of the stored names nearest ``text``, best first (rule 3)."""
    query = normalise(text)
    scored = []
    for name, value in stored:
        score = _nearness(query, normalise(name))
        if score is not None:
            scored.append((score, normalise(name), value))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [value for _, _, value in scored[:limit]]


def _nearness(query: str, name: str) -> float | None:
    """3 for a name starting with the query, 2 for a word of it starting with it, 1.5 for
    every word of the query starting a word of it, else the difflib likeness (0..1) if at
    least SUGGEST_FROM; None when not near at all."""
    if not query or not name:
        return None
    if name.startswith(query):
        return 3.0
    if f" {query}" in f" {name}":
        return 2.0
    words = name.split()
    if all(any(word.startswith(part) for word in words) for part in query.split()):
        return 1.5
    head = " ".join(name.split()[:len(query.split())])
    best = 0.0
    for target in {head, name}:
        matcher = SequenceMatcher(None, query, target)
        if matcher.real_quick_ratio() >= SUGGEST_FROM and matcher.quick_ratio() >= SUGGEST_FROM:
            best = max(best, matcher.ratio())
    return best if best >= SUGGEST_FROM else None
