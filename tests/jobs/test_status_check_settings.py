"""``safecomm run dbs-status-checks`` refuses, in one line and before anything is sent, until
the DBS terms are agreed and the organisation and checker are set; a plain-http DBS URL
other than this machine is refused; a DBS that cannot be reached is one line too."""

from __future__ import annotations

import pytest

from models.crypto import CertificateCipher
from models.settings import load_settings
from tests.factories import make_contract, make_provider
from tests.jobs.helpers import TODAY
from tests.jobs.status_check_helpers import DBS_ENV, subscribed
from tests.privacy.helpers import run_main

RUN = ("run", "dbs-status-checks", "--today", TODAY.isoformat())


@pytest.fixture
def env(settings, dbs, session, monkeypatch):
    """The command line's environment, set up for status checks against the stand-in, with
    one person due a check."""
    values = {"DATABASE_URL": settings.database_url, "SLACK_API_URL": settings.slack_api_url,
              "SLACK_BOT_TOKEN": "xoxb-test-invented", "SAFECOMM_BSCP_CHANNEL": "C0BSCP",
              "SAFECOMM_ENCRYPTION_KEY": settings.encryption_key.get_secret_value(),
              "SAFECOMM_DBS_API_URL": dbs.api_url, **DBS_ENV}
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    cipher = CertificateCipher(values["SAFECOMM_ENCRYPTION_KEY"])
    subscribed(session, make_contract(session, make_provider(session)), cipher)
    session.commit()
    return values


@pytest.mark.parametrize(("name", "value", "says"), [
    ("SAFECOMM_DBS_TERMS_AGREED", None, "SAFECOMM_DBS_TERMS_AGREED is not yes"),
    ("SAFECOMM_DBS_TERMS_AGREED", "no", "SAFECOMM_DBS_TERMS_AGREED is not yes"),
    ("SAFECOMM_DBS_ORGANISATION", None, "SAFECOMM_DBS_ORGANISATION is not set"),
    ("SAFECOMM_DBS_CHECKER", None, "SAFECOMM_DBS_CHECKER is not set"),
    ("SAFECOMM_DBS_CHECKER", "Pat", 'SAFECOMM_DBS_CHECKER: must be "Forename '
                                    'Surname"'),
    ("SAFECOMM_DBS_API_URL", "http://dbs.example.org/crsc/api/status/",
     "SAFECOMM_DBS_API_URL: must be https://"),
    ("SAFECOMM_DBS_API_URL", "ftp://127.0.0.1/", "SAFECOMM_DBS_API_URL: must be "
                                                 "an https:// URL"),
    ("SAFECOMM_DBS_CONCURRENCY", "0", "SAFECOMM_DBS_CONCURRENCY: Input should be greater than"),
    ("SAFECOMM_DBS_CHECK_EVERY_DAYS", "0", "SAFECOMM_DBS_CHECK_EVERY_DAYS: Input should be"),
])
def test_it_refuses_in_one_line_and_sends_nothing(env, dbs, slack, monkeypatch, capsys, name,
                                                  value, says):
    if value is None:
        monkeypatch.delenv(name)
    else:
        monkeypatch.setenv(name, value)

    code, out, err = run_main(monkeypatch, capsys, *RUN)

    assert (code, out) == (1, "")
    assert len(err.splitlines()) == 1 and err.startswith(f"error: {says}"), err
    assert dbs.total == 0 and [c for c in slack.calls if c.method != "auth.test"] == []


def test_it_runs_once_everything_is_set(env, dbs, monkeypatch, capsys):
    code, out, err = run_main(monkeypatch, capsys, *RUN)

    assert (code, err) == (0, "")
    assert out.splitlines() == ["status checks: 1 made (1 current)",
                                "posted 0, already sent 0, failed 0"]
    assert dbs.total == 1


@pytest.mark.parametrize("url", ["https://secure.crbonline.gov.uk/crsc/api/status/",
                                 "http://127.0.0.1:8080/crsc/api/status",
                                 "http://127.3.4.5/s/", "http://localhost:9/s/",
                                 "http://[::1]:8080/s/"])
def test_it_accepts_https_and_plain_http_only_to_this_machine(url):
    assert load_settings(SAFECOMM_DBS_API_URL=url).dbs_api_url.rstrip("/") == url.rstrip("/")


def test_a_dbs_that_cannot_be_reached_is_one_line_and_everyone_stays_due(env, dbs, slack,
                                                                        monkeypatch, capsys,
                                                                        session):
    from sqlmodel import select

    from models import Staff

    monkeypatch.setenv("SAFECOMM_DBS_API_URL", "http://127.0.0.1:9/crsc/api/status/")

    code, out, err = run_main(monkeypatch, capsys, *RUN)

    assert code == 1
    assert err == ("error: the DBS Update Service at 127.0.0.1 cannot be reached (connection "
                   "error (ConnectError)); nothing was checked: every check stays due for "
                   "the next run\n")
    assert session.scalars(select(Staff.status_check_result)).all() == [None]


def test_the_worker_runs_the_status_checks_every_working_day_before_the_reminders():
    from zoneinfo import ZoneInfo

    from jobs.scheduler import build_scheduler

    scheduler = build_scheduler(ZoneInfo("Europe/London"), run=lambda name: None)
    jobs = {job.id: job for job in scheduler.get_jobs()}

    trigger = jobs["dbs-status-checks"].trigger
    assert not trigger.weekly
    assert (trigger.cron.fields[5].expressions[0].first, trigger.cron.fields[6].expressions[0]
            .first) == (7, 30)
