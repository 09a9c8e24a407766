from pathlib import Path

import pytest

from models.settings import MissingSettingError, load_settings

VARIABLES = ["DATABASE_URL", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN",
             "SLACK_API_URL", "SAFECOMM_BSCP_CHANNEL", "SAFECOMM_TIMEZONE",
             "SAFECOMM_ENCRYPTION_KEY", "SAFECOMM_COMMAND", "PORT"]


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
