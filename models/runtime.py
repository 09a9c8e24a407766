"""What a running command needs, built from settings on first use (never at import): the
engine, the certificate cipher, units of work, and today's date in SAFECOMM_TIMEZONE."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property

from sqlalchemy import Engine
from sqlmodel import Session

from models.crypto import CertificateCipher
from models.db import session_scope
from models.readiness import open_ready_engine
from models.settings import Settings, load_settings


@dataclass
class Runtime:
    settings: Settings = field(default_factory=load_settings)

    @cached_property
    def engine(self) -> Engine:
        """The database, checked ready (models.readiness): DatabaseNotReady says why not."""
        return open_ready_engine(self.settings.database_url)

    @cached_property
    def cipher(self) -> CertificateCipher:
        """The certificate cipher; MissingSettingError names SAFECOMM_ENCRYPTION_KEY if unset."""
        return CertificateCipher(self.settings.secret("encryption_key"))

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed on success, rolled back on any error."""
        with session_scope(self.engine) as session:
            yield session

    def today(self) -> date:
        """Today's date in SAFECOMM_TIMEZONE (the one place "today" is worked out)."""
        return datetime.now(self.settings.zone).date()

    def clock_on(self, day: date) -> Callable[[], datetime]:
        """"Now" for a run as of ``day`` (``--today``): that day at the real time of day in
        SAFECOMM_TIMEZONE, in UTC — so everything such a run stamps is on that day."""
        zone = self.settings.zone

        def now() -> datetime:
            return datetime.combine(day, datetime.now(zone).time(), zone).astimezone(UTC)

        return now

    def close(self) -> None:
        if "engine" in self.__dict__:
            self.engine.dispose()
