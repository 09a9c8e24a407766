"""Logging with no personal data in it, set up the same way by every entry point.

``safecomm`` calls :func:`configure_logging` before any command runs (``serve``, ``socket``
and ``worker`` again, with INFO as their default level). Rules:

- One handler on the root logger (standard error) at ``SAFECOMM_LOG_LEVEL`` (DEBUG, INFO,
  WARNING, ERROR; unset: WARNING for one-off commands, INFO for the long-running ones).
- Libraries that log what they send and receive are capped whatever the level, because at
  DEBUG they write request and response bodies — a manager's DBS digest holds staff names:
  ``slack_sdk`` (Web API, response_url and Socket Mode traffic), ``slack_bolt`` and the app's
  Bolt logger ``safecomm.bot`` (payloads and acknowledgements), ``urllib3`` and ``websocket``
  at INFO; ``sqlalchemy`` (statements with their parameters) at WARNING; ``httpx`` and
  ``httpcore`` (the DBS status-check client: its INFO line is the request URL, which holds a
  date of birth, surname and certificate number) at WARNING. Engines also keep parameters
  out of error messages (``hide_parameters``, models.db).
- The handler's :class:`PersonalDataFilter` is the safety net: it drops any record below its
  library's cap (Bolt gives the loggers it creates later the root's level), and replaces
  anything shaped like a certificate number (12 digits, spaces or dashes allowed between
  them) with ``[redacted]`` in the message, an exception's traceback and a stack, and so the
  value of any status-check URL parameter naming a person (``dateOfBirth=…``, ``surname=…``).
- The app's own log lines name people by Slack ID and records by database id only.
- One format for every process, gunicorn's own lines included (bot.server routes them here):
  ``SAFECOMM_LOG_FORMAT`` ``text`` (time, level, logger, message) or ``json`` (one JSON
  object a line: ``time``, ``level``, ``logger``, ``message``, and ``exception`` if any).
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import TextIO

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
CAPS = {"slack_sdk": logging.INFO, "slack_bolt": logging.INFO, "safecomm.bot": logging.INFO,
        "urllib3": logging.INFO, "websocket": logging.INFO, "sqlalchemy": logging.WARNING,
        "httpx": logging.WARNING, "httpcore": logging.WARNING}
CERTIFICATE_LIKE = re.compile(r"(?<!\d)\d(?:[ -]?\d){11}(?!\d)")
PERSONAL_PARAMETER = re.compile(r"\b(dateOfBirth|surname|employeeSurname|employeeForename)="
                                r"[^&\s'\"]*", re.IGNORECASE)
REDACTED = "[redacted]"
_OURS = "_safecomm_handler"


FORMATS = ("text", "json")


class LogLevelError(ValueError):
    """SAFECOMM_LOG_LEVEL (or SAFECOMM_LOG_FORMAT) is not one of its values; the message
    says which are."""


class JsonFormatter(logging.Formatter):
    """One JSON object a line (the filter has already redacted the message and traceback)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": datetime.fromtimestamp(record.created, UTC).isoformat(),
                 "level": record.levelname, "logger": record.name,
                 "message": record.getMessage()}
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False)


def make_formatter(log_format: str | None) -> logging.Formatter:
    name = (log_format or "text").strip().lower()
    if name not in FORMATS:
        raise LogLevelError(f"SAFECOMM_LOG_FORMAT: {log_format!r} is not one of "
                            f"{', '.join(FORMATS)}")
    return JsonFormatter() if name == "json" else logging.Formatter(FORMAT)


def redact(text: str) -> str:
    """``text`` with every certificate-like number, and every personal URL parameter's value,
    replaced by ``[redacted]``."""
    return PERSONAL_PARAMETER.sub(rf"\1={REDACTED}", CERTIFICATE_LIKE.sub(REDACTED, text))


def cap_of(name: str) -> int:
    """The lowest level a record of logger ``name`` may have to be written."""
    for prefix, cap in CAPS.items():
        if name == prefix or name.startswith(prefix + "."):
            return cap
    return logging.NOTSET


class PersonalDataFilter(logging.Filter):
    """Drops records below their library's cap; redacts certificate-like numbers."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < cap_of(record.name):
            return False
        record.msg, record.args = redact(record.getMessage()), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def parse_level(text: str | int | None, default: str = "WARNING") -> int:
    if isinstance(text, int):
        return text
    name = (text or default).strip().upper()
    if name not in LEVELS:
        raise LogLevelError(f"SAFECOMM_LOG_LEVEL: {text!r} is not one of {', '.join(LEVELS)}")
    level: int = logging.getLevelNamesMapping()[name]
    return level


def configure_logging(level: str | int | None = None, *, default: str = "WARNING",
                      stream: TextIO | None = None,
                      log_format: str | None = None) -> logging.Handler:
    """Log to ``stream`` (standard error) at ``level`` (else ``default``) in ``log_format``
    under this module's rules; replaces the handler an earlier call made. Returns it."""
    number = parse_level(level, default)
    formatter = make_formatter(log_format)
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, _OURS, False)]:
        root.removeHandler(handler)
    handler = logging.StreamHandler(stream or sys.stderr)
    setattr(handler, _OURS, True)
    handler.setFormatter(formatter)
    handler.addFilter(PersonalDataFilter())
    root.addHandler(handler)
    root.setLevel(number)
    for name, cap in CAPS.items():
        logging.getLogger(name).setLevel(max(cap, number))
    for name, logger in list(logging.root.manager.loggerDict.items()):
        cap = cap_of(name)
        if isinstance(logger, logging.Logger) and logger.level and logger.level < cap:
            logger.setLevel(cap)  # e.g. a Bolt logger that copied a DEBUG root level
    return handler
