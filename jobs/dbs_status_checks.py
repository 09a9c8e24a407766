"""DBS Update Service status checks: ``safecomm run dbs-status-checks`` (daily in the worker).

Rules:
- Nothing is sent to the DBS unless ``SAFECOMM_DBS_TERMS_AGREED=yes`` and
  ``SAFECOMM_DBS_ORGANISATION`` and ``SAFECOMM_DBS_CHECKER`` are set: otherwise one line
  (:class:`StatusCheckSettingError`) before anything is read or sent.
- Who is due, and what a result means: models.update_service. Each due person is checked
  once (jobs.dbs_api), at most ``SAFECOMM_DBS_CONCURRENCY`` at once (jobs.status_check_pool);
  results are stored and audited as they come, in batches (jobs.status_check_store), so a
  run stopped or killed half-way loses at most the answers of its last batch, whose people
  stay due and are checked by the next run.
- Then the alerts of every stored result, and the weekly "cannot be status-checked" lists,
  go through the send-once ledger (jobs.status_check_alerts): each exactly once.
- A dry run asks the DBS too (its answers are what would be posted) but stores nothing and
  posts nothing: it prints the messages.
- When no request reached the DBS at all (every one a timeout or connection error), the run
  says so in one line (:class:`DbsUnreachable`); every check stays due.
- The printed and logged lines hold counts only: no name, surname, date of birth or number.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlsplit

from jobs import status_check_alerts as alerts
from jobs import status_check_store as store
from jobs.context import JobContext, RunSummary
from jobs.dbs_api import REQUEST_TIMEOUT, Answer, Checker, StatusCheckClient
from jobs.delivery import dispatch
from jobs.recipients import Resolver
from jobs.status_check_pool import run_checks
from models.crypto import CertificateCipher, CertificateKeyError
from models.runtime import Runtime
from models.settings import MissingSettingError, Settings
from models.update_service import DATA_ERROR, NEW_INFO, NO_MATCH_RESULTS, day_start

logger = logging.getLogger(__name__)
JOB = "dbs-status-checks"
ACTOR = f"job:{JOB}"
LABELS = {"BLANK_NO_NEW_INFO": "current", "NON_BLANK_NO_NEW_INFO": "current",
          NEW_INFO: "new information", "NO_MATCH_FOUND": "no match", DATA_ERROR: "data error"}


class StatusCheckSettingError(MissingSettingError):
    """A setting status checks need is missing; the message is one line naming it."""


class DbsUnreachable(RuntimeError):
    """No status check reached the DBS at all; the message is one line."""


def checker_from(settings: Settings) -> Checker:
    """Who checks, once every setting needed is there (see the module's rules)."""
    if (settings.dbs_terms_agreed or "").strip().lower() != "yes":
        raise StatusCheckSettingError(
            "SAFECOMM_DBS_TERMS_AGREED is not yes: set it once the DBS terms and conditions "
            "for status checks are accepted; no status check was sent")
    for name, what in (("dbs_organisation", "the organisation name sent with each check"),
                       ("dbs_checker", '"Forename Surname" of the person checking')):
        if not getattr(settings, name):
            alias = type(settings).model_fields[name].alias
            raise StatusCheckSettingError(f"{alias} is not set ({what}); no status check was "
                                          "sent")
    return Checker.from_setting(settings.dbs_organisation or "", settings.dbs_checker or "")


@dataclass
class Tally:
    """What the checks came to, for the run's one line."""

    results: Counter[str] = field(default_factory=Counter)
    retry: Counter[str] = field(default_factory=Counter)
    unreadable: Counter[str] = field(default_factory=Counter)
    reached: bool = False
    # a dry run's answers, as if stored: results to alert on, and the people now without one
    fresh: dict[int, tuple[str, datetime]] = field(default_factory=dict)
    cleared: set[int] = field(default_factory=set)

    @property
    def attempted(self) -> int:
        return sum(self.results.values()) + self.retry.total() + self.unreadable.total()

    def add(self, answer: Answer) -> None:
        self.reached = self.reached or answer.reached
        if answer.kind in store.STORED_KINDS:
            self.results[LABELS[answer.status or DATA_ERROR]] += 1
        else:
            (self.retry if answer.kind == "retry" else self.unreadable)[answer.problem] += 1

    def line(self, *, dry_run: bool) -> str:
        checked = ", ".join(f"{n} {what}" for what, n in sorted(self.results.items()))
        text = f"status checks: {self.attempted} made" + (f" ({checked})" if checked else "")
        for what, counter in (("to retry on a later run", self.retry),
                              ("answers not understood, retried later", self.unreadable)):
            if counter:
                reasons = ", ".join(f"{why}: {n}" for why, n in sorted(counter.items()))
                text += f"; {what}: {counter.total()} ({reasons})"
        return text + ("; dry run: no result stored" if dry_run else "")


def run_once(ctx: JobContext, *, timeout: float = REQUEST_TIMEOUT) -> RunSummary:
    """Check everyone due, store the results, send the alerts (see the module's rules)."""
    engine, today, settings = ctx.engine, ctx.today, ctx.settings
    checker = checker_from(settings)
    cipher = Runtime(settings=settings).cipher
    with StatusCheckClient(base_url=settings.dbs_api_url, checker=checker,
                           concurrency=settings.dbs_concurrency, timeout=timeout) as api:
        tally = check_everyone(ctx, api, cipher)
    flagged = store.flagged_results(engine, today=today, fresh=tally.fresh,
                                    cleared=tally.cleared)
    missing = alerts.missing_items(store.cannot_check(engine, today=today), today)
    items = alerts.alerts_from(flagged)
    resolver = Resolver(ctx)
    resolver.prepare({a.contract.manager for a in items} | {m.contract.manager for m in missing})
    summary = dispatch(ctx, alerts.plan(ctx, items, missing, resolver))
    ctx.echo(tally.line(dry_run=ctx.dry_run))
    if tally.attempted and not tally.reached:
        host = urlsplit(settings.dbs_api_url).hostname
        why = ", ".join(sorted(tally.retry))
        raise DbsUnreachable(f"the DBS Update Service at {host} cannot be reached ({why}); "
                             "nothing was checked: every check stays due for the next run")
    return summary


def check_everyone(ctx: JobContext, api: StatusCheckClient, cipher: CertificateCipher) -> Tally:
    """Every due person checked once, results stored (not in a dry run) batch by batch."""
    settings, tally = ctx.settings, Tally()
    probe = 2 * settings.dbs_concurrency  # this many without reaching the DBS: give up

    def should_stop() -> bool:
        return ctx.stopping() or (tally.attempted >= probe and not tally.reached)

    def on_answers(answers: Sequence[tuple[store.DuePerson, Answer]]) -> None:
        now = ctx.clock()
        for person, answer in answers:
            tally.add(answer)
            result = answer.status if answer.kind == "result" else DATA_ERROR
            if not ctx.dry_run or answer.kind not in store.STORED_KINDS:
                continue
            if result == NEW_INFO or result in NO_MATCH_RESULTS:
                tally.fresh[person.staff_id] = (result or DATA_ERROR, day_start(ctx.today))
            else:
                tally.cleared.add(person.staff_id)
        if not ctx.dry_run:
            store.store_answers(ctx.engine, answers, now=now, actor=ACTOR)

    people = store.due_people(ctx.engine, today=ctx.today,
                              every_days=settings.dbs_check_every_days)
    stopped = run_checks(people, lambda person: check_one(person, api, cipher),
                         concurrency=settings.dbs_concurrency, should_stop=should_stop,
                         on_answers=on_answers)
    ctx.summary.stopped = ctx.summary.stopped or (stopped and ctx.stopping())
    return tally


def check_one(person: store.DuePerson, api: StatusCheckClient,
              cipher: CertificateCipher) -> Answer:
    """One person's check; a key that cannot read their tokens stops the run."""
    try:
        born = date.fromisoformat(cipher.decrypt(person.birth_token))
    except ValueError as error:
        if isinstance(error, CertificateKeyError):
            raise
        return Answer("unreadable", problem="stored date of birth unreadable", reached=True)
    return api.check(certificate=cipher.decrypt(person.certificate_token),
                     surname=person.surname, date_of_birth=born)
