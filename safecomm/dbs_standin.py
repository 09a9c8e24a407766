"""A stand-in for the DBS Update Service status-check API: a real HTTP server on 127.0.0.1.

Used by the tests, ``safecomm demo`` and the benchmark; never by a real deployment. Point
``SAFECOMM_DBS_API_URL`` at :attr:`DbsStandIn.api_url`. It checks each request as the real
API would (12 digits, every parameter, ``DD/MM/YYYY``, terms agreed: else 400) and answers
each certificate by its behaviour (:meth:`DbsStandIn.answer`, else ``default``):

- a status — ``BLANK_NO_NEW_INFO``, ``NON_BLANK_NO_NEW_INFO``, ``NEW_INFO``,
  ``NO_MATCH_FOUND`` — as the XML the DBS sends;
- ``400`` or ``500`` (or any other 3-digit status) with a plain-text body;
- ``slow``: the status answer after :attr:`slow_seconds` (for client timeouts);
- ``malformed`` (broken XML), ``not-xml`` (an HTML page), ``wrong-xml`` (well-formed, another
  root), ``hostile-entities`` (a "billion laughs" entity bomb), ``hostile-external`` (an
  external entity naming a local file).
Every answer waits ``delay`` seconds first. It counts requests per certificate and the most
in flight at once; with ``record`` it keeps each request's parameters too.

``python -m safecomm.dbs_standin [--delay S] [--port N] [--default STATUS] [--answers FILE]``
runs one until interrupted (FILE: lines of ``certificate behaviour``) and prints its URL.
"""

from __future__ import annotations

import argparse
import re
import socket
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from bot.standin.serving import ServingThread

PATH = "/crsc/api/status/"
REQUIRED = ("dateOfBirth", "surname", "hasAgreedTermsAndConditions", "organisationName",
            "employeeSurname", "employeeForename")
_DATE = re.compile(r"(\d{2})/(\d{2})/(\d{4})")
HOSTILE_ENTITIES = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
                    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
                    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n'
                    b"<statusCheckResult><statusCheckResultType>SUCCESS</statusCheckResultType>"
                    b"<status>&lol3;</status></statusCheckResult>")
HOSTILE_EXTERNAL = (b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM '
                    b'"file:///etc/passwd">]>\n<statusCheckResult><statusCheckResultType>'
                    b"SUCCESS</statusCheckResultType><status>&x;</status></statusCheckResult>")
BODIES = {"malformed": b"<statusCheckResult><status>NEW_INFO</statu",
          "not-xml": b"<html><body>Service unavailable</body></html>",
          "wrong-xml": b"<error><message>try later</message></error>",
          "hostile-entities": HOSTILE_ENTITIES, "hostile-external": HOSTILE_EXTERNAL}


def status_xml(status: str, surname: str, print_date: str = "2025-05-06") -> bytes:
    """The DBS's answer for ``status`` (a found certificate carries names and print date)."""
    found = "" if status == "NO_MATCH_FOUND" else (
        f"<forename>INVENTED</forename><surname>{surname.upper()}</surname>"
        f'<printDate class="sql-date">{print_date}</printDate>')
    return (f"<statusCheckResult><statusCheckResultType>SUCCESS</statusCheckResultType>"
            f"<status>{status}</status>{found}</statusCheckResult>").encode()


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: socket.socket | tuple[bytes, socket.socket],
                     client_address: Any) -> None:
        """A client that went away (killed, or timed out) is not an error of the stand-in."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):
            super().handle_error(request, client_address)


class DbsStandIn:
    def __init__(self, *, delay: float = 0.0, default: str = "BLANK_NO_NEW_INFO",
                 record: bool = True, port: int = 0):
        self.delay, self.default, self.record = delay, default, record
        self.slow_seconds = 5.0
        self.behaviours: dict[str, str] = {}
        self.counts: Counter[str] = Counter()
        self.requests: list[dict[str, str]] = []
        self.in_flight = self.max_in_flight = 0
        self.on_request = None  # called with the certificate before answering, if set
        self._lock = threading.Lock()
        self.server = _Server(("127.0.0.1", port), self._handler())
        self._serving = ServingThread(self.server, name="dbs-standin")  # stops at once

    def start(self) -> DbsStandIn:
        self._serving.start()
        return self

    def stop(self) -> None:
        self._serving.stop()

    def __enter__(self) -> DbsStandIn:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    @property
    def api_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}{PATH}"

    def answer(self, certificate: str, behaviour: str) -> None:
        self.behaviours[certificate] = behaviour

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def respond(self, certificate: str, query: dict[str, list[str]]) -> tuple[int, bytes]:
        """(HTTP status, body) for one request."""
        params = {name: values[0] for name, values in query.items() if values}
        with self._lock:
            self.counts[certificate] += 1
            if self.record:
                self.requests.append({"certificate": certificate, **params})
        problems = request_problems(certificate, params)
        if problems:
            return 400, ("Errors:\n- " + "\n- ".join(problems)).encode()
        behaviour = self.behaviours.get(certificate, self.default)
        if behaviour == "slow":
            time.sleep(self.slow_seconds)
            return 200, status_xml(self.default, params["surname"])
        if behaviour in BODIES:
            return 200, BODIES[behaviour]
        if behaviour.isdigit():
            return int(behaviour), f"HTTP {behaviour} from the stand-in".encode()
        return 200, status_xml(behaviour, params["surname"])

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out at once on keep-alive

            def do_GET(self) -> None:  # noqa: N802 - the http.server interface
                url = urlsplit(self.path)
                if not url.path.startswith(PATH):
                    self._send(404, b"not found")
                    return
                certificate = url.path[len(PATH):]
                with standin._lock:
                    standin.in_flight += 1
                    standin.max_in_flight = max(standin.max_in_flight, standin.in_flight)
                try:
                    if standin.on_request is not None:
                        standin.on_request(certificate)
                    if standin.delay:
                        time.sleep(standin.delay)
                    status, body = standin.respond(certificate, parse_qs(url.query))
                finally:
                    with standin._lock:
                        standin.in_flight -= 1
                self._send(status, body)

            def _send(self, status: int, body: bytes) -> None:
                xml = body.lstrip().startswith(b"<") and not body.startswith(b"<html")
                try:
                    self.send_response(status)
                    self.send_header("Content-Type",
                                     "application/xml" if xml else "text/plain")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True  # the client gave up (a timeout)

            def log_message(self, *_args: object) -> None:  # quiet: no request lines
                pass

        return Handler


def request_problems(certificate: str, params: dict[str, str]) -> list[str]:
    """Why the real API would answer 400 (never echoing the values)."""
    problems = [] if re.fullmatch(r"\d{12}", certificate) else [
        "the certificate number must be 12 digits"]
    problems += [f"{name} is missing" for name in REQUIRED if not params.get(name)]
    if params.get("hasAgreedTermsAndConditions", "true") != "true":
        problems.append("hasAgreedTermsAndConditions must be true")
    birth = params.get("dateOfBirth")
    match = _DATE.fullmatch(birth) if birth else None
    if birth and (match is None or not (1 <= int(match[1]) <= 31 and 1 <= int(match[2]) <= 12)):
        problems.append("dateOfBirth must be DD/MM/YYYY")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description="A local stand-in for the DBS status-check "
                                     "API (tests, demo, benchmark).")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--delay", type=float, default=0.0, help="seconds before each answer")
    parser.add_argument("--default", default="BLANK_NO_NEW_INFO", help="the usual answer")
    parser.add_argument("--answers", help="a file of 'certificate behaviour' lines")
    options = parser.parse_args()
    standin = DbsStandIn(delay=options.delay, default=options.default, record=False,
                         port=options.port)
    if options.answers:
        with open(options.answers, encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    standin.answer(*line.split()[:2])
    print(standin.api_url, flush=True)
    try:
        standin.server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        standin.server.server_close()
        print(f"answered {standin.total} requests (at most {standin.max_in_flight} at once)",
              flush=True)


if __name__ == "__main__":
    main()
