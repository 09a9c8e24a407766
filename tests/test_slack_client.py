"""The WebClient retries 429 (after Retry-After) and 5xx, and not permanent errors."""

import pytest
from slack_sdk.errors import SlackApiError

from bot.slack_client import is_permanent, make_web_client
from models.settings import MissingSettingError, load_settings

TIME_SCALE = 0.05  # a second of Retry-After or back-off takes 50 ms here


def client_for(settings):
    return make_web_client(settings, time_scale=TIME_SCALE)


def test_it_posts_to_the_configured_api_url_with_the_bot_token(settings, slack):
    client_for(settings).chat_postMessage(channel="C0ONE", text="hello")
    [call] = slack.posts()
    assert call.params["channel"] == "C0ONE"
    assert call.headers["Authorization"] == "Bearer xoxb-test-invented"


def test_it_waits_out_a_429_and_then_succeeds(settings, slack):
    slack.fail_next("chat.postMessage", status=429, retry_after=1)
    response = client_for(settings).chat_postMessage(channel="C0ONE", text="hello")
    first, second = slack.posts()
    waited = second.at - first.at  # Retry-After, scaled: far less than the unscaled second
    assert response["ok"] and 1.0 * TIME_SCALE <= waited < 0.9


def test_it_retries_a_500(settings, slack):
    slack.fail_next("chat.postMessage", status=500, times=2)
    assert client_for(settings).chat_postMessage(channel="C0ONE", text="x")["ok"]
    assert len(slack.posts()) == 3


def test_it_does_not_retry_a_permanent_error(settings, slack):
    slack.channel_errors["C0GONE"] = "channel_not_found"
    with pytest.raises(SlackApiError) as raised:
        client_for(settings).chat_postMessage(channel="C0GONE", text="x")
    assert is_permanent(raised.value.response["error"])
    assert len(slack.posts()) == 1


def test_it_needs_a_bot_token(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    with pytest.raises(MissingSettingError, match="SLACK_BOT_TOKEN"):
        make_web_client(load_settings())
