"""One typed settings class, read from the environment or a `.env` file.

Nothing is read at import time: call :func:`load_settings` where a command starts.
Secrets are ``SecretStr`` so they never print; a command that needs one calls
:meth:`Settings.require`, which raises :class:`MissingSettingError` naming the variable.
A value that cannot be used (a threshold list that is not numbers, a time zone that does not
exist) fails validation when the settings are read: pydantic's error names the variable.
"""

from __future__ import annotations

import ipaddress
from typing import Annotated
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from models.dbs_states import DBS_AWAITING_DAYS
from models.thresholds import DBS_THRESHOLDS, OVERDUE_EVERY_DAYS, Schedule, parse_thresholds

DBS_API_URL = "https://secure.crbonline.gov.uk/crsc/api/status/"


class MissingSettingError(RuntimeError):
    """A setting a command needs is not set; the message is one line naming it."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    database_url: str = Field("sqlite:///safecomm.db", alias="DATABASE_URL")
    slack_bot_token: SecretStr | None = Field(None, alias="SLACK_BOT_TOKEN")
    slack_signing_secret: SecretStr | None = Field(None, alias="SLACK_SIGNING_SECRET")
    slack_app_token: SecretStr | None = Field(None, alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field("https://slack.com/api/", alias="SLACK_API_URL")
    bscp_channel: str | None = Field(None, alias="SAFECOMM_BSCP_CHANNEL")
    timezone: str = Field("Europe/London", alias="SAFECOMM_TIMEZONE")
    encryption_key: SecretStr | None = Field(None, alias="SAFECOMM_ENCRYPTION_KEY")
    command: str = Field("/safeguarding", alias="SAFECOMM_COMMAND")
    port: int = Field(3000, alias="PORT")
    # The reminder engine: days before a DBS re-check date that trigger a reminder (largest
    # first), and how often (days) an overdue one is repeated.
    dbs_thresholds: Annotated[tuple[int, ...], NoDecode] = Field(
        DBS_THRESHOLDS, alias="SAFECOMM_DBS_THRESHOLDS")
    overdue_every_days: int = Field(OVERDUE_EVERY_DAYS, ge=1, alias="SAFECOMM_OVERDUE_EVERY_DAYS")
    # Days a person may be awaiting a DBS certificate (amber) before it is red (models.dbs_states).
    dbs_awaiting_days: int = Field(DBS_AWAITING_DAYS, ge=1, le=365,
                                   alias="SAFECOMM_DBS_AWAITING_DAYS")
    # Data protection: months a DBS record is kept after the person left or the contract
    # ended (models.retention); the logging level (models.logs; unset: INFO for serve,
    # socket and worker, WARNING for one-off commands).
    retention_months: int = Field(6, ge=1, le=120, alias="SAFECOMM_RETENTION_MONTHS")
    log_level: str | None = Field(None, alias="SAFECOMM_LOG_LEVEL")
    log_format: str | None = Field(None, alias="SAFECOMM_LOG_FORMAT")  # text (default), json
    # The send-once ledger: a claim older than this (a run that crashed or met a transient
    # error) may be taken over by another run (models.ledger).
    stale_claim_seconds: int = Field(300, ge=0, alias="SAFECOMM_STALE_CLAIM_SECONDS")

    # DBS Update Service status checks (jobs.dbs_status_checks): where, on whose behalf, and
    # how often; ``run dbs-status-checks`` refuses to send anything until the terms are agreed.
    dbs_api_url: str = Field(DBS_API_URL, alias="SAFECOMM_DBS_API_URL")
    dbs_organisation: str | None = Field(None, max_length=200, alias="SAFECOMM_DBS_ORGANISATION")
    dbs_checker: str | None = Field(None, max_length=200, alias="SAFECOMM_DBS_CHECKER")
    dbs_terms_agreed: str | None = Field(None, alias="SAFECOMM_DBS_TERMS_AGREED")
    dbs_check_every_days: int = Field(30, ge=1, le=366, alias="SAFECOMM_DBS_CHECK_EVERY_DAYS")
    dbs_concurrency: int = Field(4, ge=1, le=32, alias="SAFECOMM_DBS_CONCURRENCY")


    @field_validator("dbs_api_url")
    @classmethod
    def _dbs_api_url_is_https(cls, value: str) -> str:
        return dbs_api_url(value)

    @field_validator("dbs_checker")
    @classmethod
    def _dbs_checker_has_two_names(cls, value: str | None) -> str | None:
        if value is not None and len(value.split()) < 2:
            raise ValueError('must be "Forename Surname" (the person on whose behalf status '
                             "checks are made)")
        return " ".join(value.split()) if value is not None else None

    @field_validator("dbs_thresholds", mode="before")
    @classmethod
    def _parse_thresholds(cls, value: object) -> tuple[int, ...]:
        if not isinstance(value, str | tuple | list):
            raise ValueError(f"{value!r} is not a comma-separated list of days")
        return parse_thresholds(value)

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not a time zone, like Europe/London") from None
        return value

    @property
    def zone(self) -> ZoneInfo:
        """SAFECOMM_TIMEZONE: when jobs run, what "today" is, how times are shown."""
        return ZoneInfo(self.timezone)

    @property
    def dbs_schedule(self) -> Schedule:
        """When DBS re-checks are reminded; its horizon is also the window ``dbs NAME`` lists."""
        return Schedule(self.dbs_thresholds, self.overdue_every_days)

    def require(self, *names: str) -> None:
        """Raise MissingSettingError for the first of ``names`` (field names) left unset."""
        for name in names:
            value = getattr(self, name)
            if value is None or (isinstance(value, SecretStr) and not value.get_secret_value()):
                alias = type(self).model_fields[name].alias
                raise MissingSettingError(f"{alias} is not set (environment or .env)")

    def secret(self, name: str) -> str:
        """The value of the secret ``name`` (a field name); MissingSettingError when unset."""
        self.require(name)
        value = getattr(self, name)
        return value.get_secret_value() if isinstance(value, SecretStr) else str(value)


def load_settings(**overrides: object) -> Settings:
    """Read the settings now; ``overrides`` (by field name) win over the environment."""
    return Settings(**overrides)  # type: ignore[arg-type]


def dbs_api_url(value: str) -> str:
    """The status-check API's base URL, ending in ``/``. Rules: ``https://`` only — date of
    birth, surname and certificate number travel in it — except plain ``http://`` to this
    machine (a loopback address or ``localhost``: a local stand-in for tests and the demo)."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError("must be an https:// URL")
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise ValueError("must be https:// (plain http:// only to this machine: 127.0.0.1, "
                         "::1 or localhost)")
    url = value.strip()
    return url if url.endswith("/") else url + "/"


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
