"""One typed settings class, read from the environment or a `.env` file.

Nothing is read at import time: call :func:`load_settings` where a command starts.
Secrets are ``SecretStr`` so they never print; a command that needs one calls
:meth:`Settings.require`, which raises :class:`MissingSettingError` naming the variable.
"""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


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
    # The reminder engine: days before a DBS re-check date that trigger a reminder, and how
    # often (days) an overdue one is repeated.
    dbs_thresholds: str = Field("90,60,30,14,7,0", alias="SAFECOMM_DBS_THRESHOLDS")
    overdue_every_days: int = Field(7, ge=1, alias="SAFECOMM_OVERDUE_EVERY_DAYS")
    # Data protection: months a DBS record is kept after the person left or the contract
    # ended (models.retention); the logging level (models.logs; unset: INFO for serve,
    # socket and worker, WARNING for one-off commands).
    retention_months: int = Field(6, ge=1, le=120, alias="SAFECOMM_RETENTION_MONTHS")
    log_level: str | None = Field(None, alias="SAFECOMM_LOG_LEVEL")
    log_format: str | None = Field(None, alias="SAFECOMM_LOG_FORMAT")  # text (default), json

    def require(self, *names: str) -> None:
        """Raise MissingSettingError for the first of ``names`` (field names) left unset."""
        for name in names:
            value = getattr(self, name)
            if value is None or (isinstance(value, SecretStr) and not value.get_secret_value()):
                alias = type(self).model_fields[name].alias
                raise MissingSettingError(f"{alias} is not set (environment or .env)")


def load_settings(**overrides: object) -> Settings:
    """Read the settings now; ``overrides`` (by field name) win over the environment."""
    return Settings(**overrides)
