from pathlib import Path

import pytest
from pydantic import ValidationError

from models.settings import MissingSettingError, load_settings
from tests.privacy.helpers import run_main

VARIABLES = ["DATABASE_URL", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN",
             "SLACK_API_URL", "SAFECOMM_BSCP_CHANNEL", "SAFECOMM_TIMEZONE",
             "SAFECOMM_ENCRYPTION_KEY", "SAFECOMM_COMMAND", "PORT", "SAFECOMM_DBS_THRESHOLDS"]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def test_it_has_the_spec_defaults():
    settings = load_settings()
    assert settings.database_url == "sqlite:///safecomm.db"
    assert settings.slack_api_url == "https://slack.com/api/"
    assert (settings.timezone, settings.command, settings.port) == (
        "Europe/London", "/safeguarding", 3000)
    assert settings.slack_bot_token is None and settings.bscp_channel is None


def test_it_reads_the_environment(monkeypatch):
    monkeypatch.setenv("PORT", "8080")
    monkeypatch.setenv("SAFECOMM_BSCP_CHANNEL", "C0BSCP")
    settings = load_settings()
    assert (settings.port, settings.bscp_channel) == (8080, "C0BSCP")


def test_it_reads_a_dot_env_file():
    Path(".env").write_text("SAFECOMM_COMMAND=/safe\nSLACK_BOT_TOKEN=xoxb-invented\n")
    settings = load_settings()
    assert settings.command == "/safe"
    assert settings.slack_bot_token.get_secret_value() == "xoxb-invented"


def test_it_names_a_missing_setting_in_one_line():
    with pytest.raises(MissingSettingError) as raised:
        load_settings().require("database_url", "slack_signing_secret")
    assert str(raised.value) == "SLACK_SIGNING_SECRET is not set (environment or .env)"


def test_it_never_prints_a_secret(monkeypatch):
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-invented-secret")
    settings = load_settings()
    assert "xoxb-invented-secret" not in repr(settings) + str(settings)


def test_it_reads_the_dbs_thresholds_once_largest_first(monkeypatch):
    assert load_settings().dbs_thresholds == (90, 60, 30, 14, 7, 0)
    monkeypatch.setenv("SAFECOMM_DBS_THRESHOLDS", "30, 120,30")
    settings = load_settings()
    assert settings.dbs_thresholds == (120, 30)
    assert settings.dbs_schedule.horizon == 120


@pytest.mark.parametrize(("name", "value"), [
    ("SAFECOMM_DBS_THRESHOLDS", "90,soon"), ("SAFECOMM_DBS_THRESHOLDS", "30,-1"),
    ("SAFECOMM_DBS_THRESHOLDS", ""), ("SAFECOMM_TIMEZONE", "Mars/Olympus"),
    ("SAFECOMM_TIMEZONE", "../etc/passwd"),
])
def test_it_refuses_an_unusable_value_naming_the_variable(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError) as raised:
        load_settings()
    assert raised.value.errors()[0]["loc"] == (name,)


def test_today_is_the_date_in_the_configured_time_zone(monkeypatch):
    from models.runtime import Runtime

    days = []
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):  # UTC+14 and UTC-11
        monkeypatch.setenv("SAFECOMM_TIMEZONE", zone)
        days.append(Runtime().today())
    assert (days[0] - days[1]).days in (1, 2)  # 25 hours apart: never the same date


@pytest.mark.parametrize(("name", "value", "says"), [
    ("SAFECOMM_DBS_THRESHOLDS", "90,soon", "'90,soon' is not a comma-separated list of days"),
    ("SAFECOMM_TIMEZONE", "Mars/Olympus", "'Mars/Olympus' is not a time zone"),
])
def test_a_command_stops_at_start_with_one_line_naming_the_setting(tmp_path, name, value, says,
                                                                  monkeypatch, capsys,
                                                                  restore_logging):
    monkeypatch.setenv(name, value)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/unused.db")
    code, _out, err = run_main(monkeypatch, capsys, "run", "dbs-reminders", "--dry-run")

    [line] = err.splitlines()
    assert code == 1 and line.startswith(f"error: {name}: ") and says in line
