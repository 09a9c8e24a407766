"""The DBS Update Service status-check API: one GET per certificate, its XML answer read safely.

Request: ``GET {SAFECOMM_DBS_API_URL}{certificate}`` with ``dateOfBirth`` (DD/MM/YYYY),
``surname``, ``hasAgreedTermsAndConditions=true``, ``organisationName``, ``employeeSurname``
and ``employeeForename`` (the checker, on whose behalf the check is made).
Answer: ``<statusCheckResult>`` holding ``<statusCheckResultType>SUCCESS</…>``, ``<status>``
and, for a certificate found, ``<forename>``, ``<surname>`` and ``<printDate>`` (YYYY-MM-DD).

Rules:
- Every request has a timeout; the client holds at most ``concurrency`` connections.
- The XML is parsed with defusedxml, DTDs forbidden: an entity declaration or an external
  reference is refused, never expanded or fetched; a body over :data:`MAX_BODY` is refused.
- Outcomes (:class:`Answer`): ``result`` (a known status, with the print date if any);
  ``data_error`` for HTTP 400 (the DBS refused the details: stored, not retried until they
  change); ``retry`` for 5xx, 429, a timeout or a connection error (nothing stored, the
  person stays due); ``unreadable`` for a body that is not the expected XML or any other
  status (nothing stored, retried on a later run).
- The URL carries the date of birth, surname and certificate number: nothing here logs, no
  problem text includes the URL or an exception's message, and redirects are not followed.
  The forename and surname the DBS sends back are not kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple
from xml.etree.ElementTree import Element, ParseError

import httpx
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from models.update_service import DBS_STATUSES

REQUEST_TIMEOUT = 20.0  # seconds, for connecting, each read and each write
MAX_BODY = 64 * 1024
_WORD = re.compile(r"[A-Z_]{1,40}")


class Answer(NamedTuple):
    kind: str  # "result", "data_error", "retry" or "unreadable"
    status: str | None = None
    print_date: date | None = None
    problem: str = ""  # short, never personal: "HTTP 503", "timeout", "not XML"
    reached: bool = True  # an HTTP answer came back (False: timeout or connection error)


@dataclass(frozen=True)
class Checker:
    """The organisation and person on whose behalf checks are made."""

    organisation: str
    forename: str
    surname: str

    @classmethod
    def from_setting(cls, organisation: str, checker: str) -> Checker:
        """``checker`` is "Forename Surname": the last word is the surname."""
        forename, _, surname = " ".join(checker.split()).rpartition(" ")
        return cls(organisation, forename, surname)


class StatusCheckClient:
    """A thread-safe client: call :meth:`check` from up to ``concurrency`` threads."""

    def __init__(self, *, base_url: str, checker: Checker, concurrency: int,
                 timeout: float = REQUEST_TIMEOUT):
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.checker = checker
        self._http = httpx.Client(
            timeout=httpx.Timeout(timeout), follow_redirects=False,
            limits=httpx.Limits(max_connections=concurrency,
                                max_keepalive_connections=concurrency),
            headers={"Accept": "application/xml"})

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> StatusCheckClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def params(self, *, surname: str, date_of_birth: date) -> dict[str, str]:
        return {"dateOfBirth": f"{date_of_birth:%d/%m/%Y}", "surname": surname,
                "hasAgreedTermsAndConditions": "true",
                "organisationName": self.checker.organisation,
                "employeeSurname": self.checker.surname,
                "employeeForename": self.checker.forename}

    def check(self, *, certificate: str, surname: str, date_of_birth: date) -> Answer:
        """One status check; never raises for an HTTP, network or XML problem."""
        try:
            with self._http.stream("GET", self.base_url + certificate,
                                   params=self.params(surname=surname,
                                                      date_of_birth=date_of_birth)) as response:
                status = response.status_code
                body = _read_capped(response)
        except httpx.TimeoutException:
            return Answer("retry", problem="timeout", reached=False)
        except (httpx.TransportError, OSError) as error:
            return Answer("retry", problem=f"connection error ({type(error).__name__})",
                          reached=False)
        return interpret(status, body)


def _read_capped(response: httpx.Response) -> bytes | None:
    """The body, or None when it is longer than MAX_BODY."""
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def interpret(status: int, body: bytes | None) -> Answer:
    """The outcome of one HTTP answer (see the module's rules)."""
    if status == 400:
        return Answer("data_error", problem="HTTP 400: the DBS refused the details")
    if status == 429 or status >= 500:
        return Answer("retry", problem=f"HTTP {status}")
    if status != 200:
        return Answer("unreadable", problem=f"HTTP {status}")
    if body is None:
        return Answer("unreadable", problem=f"answer longer than {MAX_BODY} bytes")
    return parse_answer(body)


def parse_answer(body: bytes) -> Answer:
    """A 200 answer's XML read as a result, or ``unreadable`` with why."""
    try:
        root = fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        return Answer("unreadable", problem="XML with a DTD or entities (refused)")
    except (ParseError, ValueError, TypeError):
        return Answer("unreadable", problem="not XML")
    if _local(root.tag) != "statusCheckResult":
        return Answer("unreadable", problem="XML, but not a statusCheckResult")
    kind, status = _text(root, "statusCheckResultType"), _text(root, "status")
    if kind != "SUCCESS":
        shown = kind if kind and _WORD.fullmatch(kind) else "missing or unknown"
        return Answer("unreadable", problem=f"statusCheckResultType {shown}")
    if status not in DBS_STATUSES:
        return Answer("unreadable", problem="no known status in the answer")
    return Answer("result", status, _print_date(_text(root, "printDate")))


def _local(tag: object) -> str:
    return str(tag).rpartition("}")[2]


def _text(root: Element, name: str) -> str | None:
    for child in root:
        if _local(child.tag) == name:
            return (child.text or "").strip()
    return None


def _print_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None
