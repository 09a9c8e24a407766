"""Update Service status checks log no date of birth, surname or certificate number at DEBUG:
not the HTTP library's request lines, not a failed request's URL, not the job's lines — for
every answer the DBS can give, a timeout, and a DBS that cannot be reached."""

from __future__ import annotations

import io
import logging
from datetime import date, timedelta

import pytest
from typer.testing import CliRunner

from jobs.dbs_api import Checker, StatusCheckClient
from models.crypto import CertificateCipher
from models.logs import configure_logging, redact
from safecomm.cli import app
from tests.factories import make_contract, make_provider
from tests.jobs.helpers import client_for
from tests.jobs.status_check_helpers import dbs_settings, run_checks, subscribed
from tests.privacy.helpers import JOBS_TODAY, invented_number, unique
from tests.privacy.test_logs import TWELVE_DIGITS, Everything

pytestmark = pytest.mark.usefixtures("restore_logging")
ANSWERS = ["BLANK_NO_NEW_INFO", "NEW_INFO", "NO_MATCH_FOUND", "400", "500", "malformed",
           "hostile-entities", "slow"]


def birth_forms(born: date) -> list[str]:
    return [born.isoformat(), f"{born:%d/%m/%Y}", f"{born:%d%%2F%m%%2F%Y}"]


def assert_nothing_personal(text: str, people: list[tuple[str, date, str]]) -> None:
    for surname, born, number in people:
        assert surname not in text and surname.upper() not in text, "a surname in the log"
        for form in birth_forms(born):
            assert form not in text, "a date of birth in the log"
        assert number not in text and number[:8] not in text, "a certificate number in the log"
    assert not TWELVE_DIGITS.search(text)


def test_the_http_library_logs_the_url_and_the_setup_keeps_it_out(dbs):
    surname, born, number = unique("Invented").split()[1], date(1988, 7, 14), invented_number()
    api = StatusCheckClient(base_url=dbs.api_url, checker=Checker("Org", "Pat", "Checker"),
                            concurrency=1)
    unsafe, handler, httpx_logger = io.StringIO(), None, logging.getLogger("httpx")
    try:  # the hazard, without our setup: httpx at INFO writes the whole URL
        handler = logging.StreamHandler(unsafe)
        httpx_logger.addHandler(handler)
        httpx_logger.setLevel(logging.INFO)
        api.check(certificate=number, surname=surname, date_of_birth=born)
    finally:
        httpx_logger.removeHandler(handler)
    assert surname in unsafe.getvalue() and number in unsafe.getvalue()

    logged = io.StringIO()
    configure_logging("DEBUG", stream=logged)
    api.check(certificate=number, surname=surname, date_of_birth=born)
    logging.getLogger("safecomm.test").debug("canary")
    api.close()

    assert "canary" in logged.getvalue()
    assert_nothing_personal(logged.getvalue(), [(surname, born, number)])


def test_a_url_written_into_a_log_line_anyway_is_redacted():
    line = redact("GET https://x/crsc/api/status/001234567890?dateOfBirth=17%2F05%2F1990"
                  "&surname=Ashby&organisationName=Org")
    assert line == ("GET https://x/crsc/api/status/[redacted]?dateOfBirth=[redacted]"
                    "&surname=[redacted]&organisationName=Org")


def test_status_checks_log_nothing_personal_at_debug(cli_env, settings, session, slack, dbs,
                                                     monkeypatch):
    logged, everything = io.StringIO(), Everything()
    configure_logging("DEBUG", stream=logged)
    logging.getLogger().handlers.insert(0, everything)
    cipher = CertificateCipher(cli_env["SAFECOMM_ENCRYPTION_KEY"])
    contract = make_contract(session, make_provider(session), contract_manager="U0CMLOGS1")
    people = []
    for n, answer in enumerate(ANSWERS):
        surname, born = unique("Invented").split()[1], date(1970 + n, 1 + n, 10 + n)
        _, number = subscribed(session, contract, cipher, surname=surname, born=born,
                               name=f"Invented {surname}")
        dbs.answer(number, answer)
        people.append((surname, born, number))
    session.commit()
    dbs.slow_seconds = 0.6  # answered by the commands; twice the 0.3 s timeout of the third run
    day = JOBS_TODAY.isoformat()
    try:
        for args in (["--dry-run"], []):
            result = CliRunner().invoke(app, ["run", "dbs-status-checks", "--today", day, *args])
            assert result.exit_code == 0, result.output
        chosen = dbs_settings(settings, dbs)  # the timeout, sooner than the command's own
        run_checks(session.get_bind(), client_for(chosen), settings=chosen, timeout=0.3,
                 today=JOBS_TODAY + timedelta(days=1), echo=logging.getLogger("jobs").info)
        monkeypatch.setenv("SAFECOMM_DBS_API_URL", "http://127.0.0.1:9/crsc/api/status/")
        unreachable = CliRunner().invoke(app, ["run", "dbs-status-checks", "--today", day])
        logging.getLogger("safecomm.test").debug("canary")
    finally:
        logging.getLogger().removeHandler(everything)

    assert unreachable.exit_code == 1 and "cannot be reached" in unreachable.stderr
    assert dbs.total >= len(ANSWERS) * 2 and slack.posts()  # it did talk to both
    assert "canary" in logged.getvalue() and len(everything.lines) > 1
    assert_nothing_personal(logged.getvalue() + everything.text(), people)
