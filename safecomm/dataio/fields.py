"""Parsing one cell of an import file into a typed value.

A parser takes a non-empty cell — text from a CSV, or a str / int / float / bool / datetime
from Excel — and returns the value, or raises :class:`FieldError` with a message saying what
is wrong. A certificate number is never echoed in a message.

Dates (SPEC "Import files"): ISO first (``2027-04-03``, dateutil's isoparse), otherwise UK
day-first: ``03/04/2027``, ``3/4/27``, ``3.4.2027``, ``3 April 2027``, ``3rd Apr 2027``,
``3-Apr-27`` are all 3 April 2027. A two-digit year is 20YY below 70 and 19YY from 70.
A date that does not exist (``31/02/2027``) is refused, never rolled over. An ISO date may
carry a time, which never moves the day written (``2027-04-03T24:00`` is 3 April); a year and
month without a day (``2027-04``) is refused.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache

from dateutil.parser import isoparse

from models.core import Contract
from models.enums import CLAUSE_ELEMENTS
from models.privacy import CERTIFICATE_DIGITS, normalise_certificate

DATE_HINT = "expected a date like 2027-04-03, 03/04/2027 or 3 April 2027"
_ISO = re.compile(r"\d{4}-\d")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATE_PART = re.compile(r"(\d{4}-\d{2}-\d{2}|\d{4}-\d{3})(?=$|[T ])")
_NUMERIC_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})")
_WORDY_DMY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[\s/-]+([a-z]+)\.?,?[\s/-]+(\d{4}|\d{2})", re.I)
_MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name} | {
    name.lower(): n for n, name in enumerate(calendar.month_abbr) if name} | {"sept": 9}
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}
_SLACK_USER = re.compile(r"[UW][A-Z0-9]{2,}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_SLACK_CHANNEL_ID = re.compile(r"[CG][A-Z0-9]{2,}")
_CHANNEL_NAME = re.compile(r"#?([a-z0-9][a-z0-9._-]{0,79})")
_CODE_SEPARATORS = re.compile(r"[;,\s]+")


class FieldError(ValueError):
    """A cell that cannot be read; the message says what is wrong with it."""


def is_empty(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def parse_date(cell: object) -> date:
    """A date from an Excel date cell or from text (see the module's rules)."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, int | float):
        raise FieldError(f"{cell!r} is a number, not a date ({DATE_HINT})")
    return _date_from_text(str(cell).strip())


@lru_cache(maxsize=8192)
def _date_from_text(text: str) -> date:
    if _ISO.match(text):
        date_part = _ISO_DATE_PART.match(text)
        try:
            isoparse(text)  # the whole text is ISO 8601; the day is read from its date part
            if date_part is None:
                raise ValueError("no day")
            return isoparse(date_part.group(1)).date()
        except (ValueError, OverflowError):
            if _ISO_DAY.fullmatch(text):
                raise FieldError(f"{text!r} is not a real date") from None
            raise FieldError(f"{text!r} is not a date ({DATE_HINT})") from None
    if match := _NUMERIC_DMY.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _WORDY_DMY.fullmatch(text):
        named = _MONTHS.get(match.group(2).lower())
        if named is None:
            raise FieldError(f"{text!r}: {match.group(2)!r} is not a month")
        day, month, year = int(match.group(1)), named, int(match.group(3))
    else:
        raise FieldError(f"{text!r} is not a date ({DATE_HINT})")
    if len(match.groups()[-1]) == 2:
        year += 2000 if year < 70 else 1900
    try:
        return date(year, month, day)
    except ValueError:
        raise FieldError(f"{text!r} is not a real date (dates are day first: "
                         "DD/MM/YYYY)") from None


def parse_bool(cell: object) -> bool:
    """yes/no (also y/n, true/false, 1/0, and Excel's TRUE/FALSE)."""
    if isinstance(cell, bool):
        return cell
    text = str(cell).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise FieldError(f"{str(cell).strip()!r} is not yes or no")


def whole_number(minimum: int = 0) -> Callable[[object], int]:
    """A parser of whole numbers of at least ``minimum`` (``3``, ``3.0`` from Excel)."""

    def parse(cell: object) -> int:
        if isinstance(cell, bool):
            raise FieldError(f"{cell!r} is not a whole number")
        if isinstance(cell, float) and cell.is_integer():
            cell = int(cell)
        text = str(cell).strip()
        if not re.fullmatch(r"[+-]?\d+", text):
            raise FieldError(f"{text!r} is not a whole number")
        if int(text) < minimum:
            raise FieldError(f"{text} is less than {minimum}")
        return int(text)

    return parse


def choice(enum: type[StrEnum]) -> Callable[[object], str]:
    """A parser of one of ``enum``'s values, case-insensitive, spaces or dashes for ``_``."""
    allowed = {member.value: member.value for member in enum}

    def parse(cell: object) -> str:
        text = str(cell).strip()
        value = allowed.get(text) or allowed.get(re.sub(r"[\s-]+", "_", text.lower()))
        if value is None:
            raise FieldError(f"{text!r} is not one of {', '.join(allowed)}")
        return value

    return parse


def text(max_length: int, *, one_line: bool = False) -> Callable[[object], str]:
    """A parser of text of at most ``max_length`` characters; ``one_line`` collapses runs of
    white space (for names and keys)."""

    def parse(cell: object) -> str:
        if cell.__class__ is float and cell.is_integer():
            cell = int(cell)
        value = " ".join(str(cell).split()) if one_line else str(cell).strip()
        if len(value) > max_length:
            raise FieldError(f"longer than {max_length} characters ({len(value)})")
        return value

    return parse


def slack_user(cell: object) -> str:
    """A Slack user ID (``U0123ABCD``) or an e-mail address (kept in lower case)."""
    value = str(cell).strip()
    if _SLACK_USER.fullmatch(value):
        return value
    if _EMAIL.fullmatch(value) and len(value) <= 254:
        return value.lower()
    raise FieldError(f"{value!r} is not a Slack user ID (like U0123ABCD) or an e-mail address")


def slack_channel(cell: object) -> str:
    """A Slack channel ID (``C0123ABCD``), or a channel name, kept as ``#name``."""
    value = str(cell).strip()
    if _SLACK_CHANNEL_ID.fullmatch(value):
        return value
    if match := _CHANNEL_NAME.fullmatch(value):
        return f"#{match.group(1)}"
    raise FieldError(f"{value!r} is not a Slack channel ID (like C0123ABCD) or a channel "
                     "name (like #oak-care)")


def certificate(cell: object) -> str:
    """A DBS certificate number: exactly 12 digits once spaces and dashes are removed."""
    from_number = isinstance(cell, int | float) and not isinstance(cell, bool)
    raw = str(int(cell)) if isinstance(cell, int | float) and from_number else str(cell)
    number = normalise_certificate(raw)
    if number is not None:
        return number
    digits = re.sub(r"[\s-]", "", raw)
    if not (digits.isascii() and digits.isdigit()):
        raise FieldError(f"must be {CERTIFICATE_DIGITS} digits (spaces and dashes allowed); "
                         "it has other characters")
    hint = ("; a spreadsheet may have dropped leading zeros: format the column as text"
            if from_number and len(digits) < CERTIFICATE_DIGITS else "")
    raise FieldError(f"has {len(digits)} digits, not {CERTIFICATE_DIGITS}{hint}")


def date_of_birth(cell: object) -> date:
    """A date of birth, read as any date; a message about it never shows the value."""
    try:
        return parse_date(cell)
    except FieldError:
        raise FieldError(f"not a date ({DATE_HINT}; the value is not shown)") from None


def clause_elements(cell: object) -> str:
    """Clause element codes separated by ``;`` (or commas/spaces), or ``all``; the stored
    form is the codes in SPEC order, ``;``-joined."""
    value = str(cell).strip().lower()
    if value == "all":
        return Contract.join_clause_elements(CLAUSE_ELEMENTS)
    codes = [code for code in _CODE_SEPARATORS.split(value) if code]
    unknown = [code for code in codes if code not in CLAUSE_ELEMENTS]
    if unknown:
        raise FieldError(f"unknown clause element {', '.join(map(repr, unknown))} "
                         f"(codes: {', '.join(CLAUSE_ELEMENTS)}, or all)")
    return Contract.join_clause_elements(codes)
