"""The local Slack stand-in, driven by slack_sdk's own WebClient over HTTP: what it remembers
(conversations.history with metadata, the external file upload), how it refuses (scripted
errors, rate limits) and how it records response-URL posts."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.standin.limits import RateLimits

METADATA = {"event_type": "briefing_posted", "event_payload": {"briefing": 7}}


def client(slack) -> WebClient:
    """No retries: every refusal reaches the test."""
    return WebClient(token="xoxb-test-invented", base_url=slack.api_url, retry_handlers=[])


def test_it_lists_a_channels_messages_newest_first_with_metadata_only_when_asked(slack):
    web = client(slack)
    first = web.chat_postMessage(channel="C0ONE", text="first", metadata=METADATA)
    web.chat_postMessage(channel="C0ONE", text="a reply", thread_ts=first["ts"])
    web.chat_postMessage(channel="C0TWO", text="elsewhere")
    last = web.chat_postMessage(channel="C0ONE", text="second")
    web.chat_update(channel="C0ONE", ts=first["ts"], text="first, edited")
    plain = web.conversations_history(channel="C0ONE")
    full = web.conversations_history(channel="C0ONE", include_all_metadata=True)
    assert [m["text"] for m in plain["messages"]] == ["second", "first, edited"]
    assert [m["ts"] for m in full["messages"]] == [last["ts"], first["ts"]]
    assert "metadata" not in plain["messages"][1]
    assert full["messages"][1]["metadata"] == METADATA and "metadata" not in full["messages"][0]


def test_it_pages_and_windows_the_history(slack):
    web = client(slack)
    stamps = [web.chat_postMessage(channel="C0ONE", text=f"m{n}")["ts"] for n in range(5)]
    page = web.conversations_history(channel="C0ONE", limit=2)
    rest = web.conversations_history(channel="C0ONE", limit=10,
                                     cursor=page["response_metadata"]["next_cursor"])
    window = web.conversations_history(channel="C0ONE", oldest=stamps[1], latest=stamps[3])
    inclusive = web.conversations_history(channel="C0ONE", oldest=stamps[1],
                                          latest=stamps[3], inclusive=True)
    assert [m["text"] for m in page["messages"]] == ["m4", "m3"] and page["has_more"]
    assert [m["text"] for m in rest["messages"]] == ["m2", "m1", "m0"] and not rest["has_more"]
    assert [m["text"] for m in window["messages"]] == ["m2"]
    assert [m["text"] for m in inclusive["messages"]] == ["m3", "m2", "m1"]


def test_it_keeps_the_bytes_of_an_external_upload_and_shares_it_in_the_channel(slack):
    content = b"Name,Due\nInvented Person,2027-01-04\n"
    answer = client(slack).files_upload_v2(channel="C0ONE", content=content,
                                           filename="due.csv", title="Due checks",
                                           initial_comment="This week's list")
    [shared] = answer["files"]
    upload = slack.file(shared["id"])
    assert (upload.data, upload.filename, upload.title, upload.channel) == \
        (content, "due.csv", "Due checks", "C0ONE")
    [message] = client(slack).conversations_history(channel="C0ONE")["messages"]
    assert message["text"] == "This week's list" and message["files"][0]["id"] == shared["id"]
    assert [c.method for c in slack.calls] == [
        "files.getUploadURLExternal", f"upload:{shared['id']}", "files.completeUploadExternal",
        "conversations.history"]


def test_it_lists_completed_uploads_and_can_fail_the_next_post_of_bytes(slack):
    web = client(slack)
    slack.fail_next("upload", status=500)
    with pytest.raises(urllib.error.HTTPError):  # slack_sdk posts the bytes with urllib
        web.files_upload_v2(channel="C0ONE", content=b"first", filename="a.txt")
    web.files_upload_v2(channel="D0ONE", content=b"second", filename="b.txt",
                        initial_comment="for you")
    [upload] = slack.uploads()
    assert (upload.filename, upload.data, upload.channel, upload.comment) == \
        ("b.txt", b"second", "D0ONE", "for you")
    assert [c.status for c in slack.calls if c.method.startswith("upload:")] == [500, 200]


def test_it_refuses_an_upload_that_never_arrived_or_arrives_twice(slack):
    web = client(slack)
    reserved = web.files_getUploadURLExternal(filename="a.txt", length=3)
    with pytest.raises(SlackApiError) as early:
        web.files_completeUploadExternal(files=[{"id": reserved["file_id"]}])
    post = urllib.request.Request(reserved["upload_url"], data=b"abc", method="POST")
    assert urllib.request.urlopen(post).status == 200
    with pytest.raises(urllib.error.HTTPError) as again:
        urllib.request.urlopen(post)
    assert early.value.response["error"] == "file_not_found" and again.value.code == 404
    assert web.files_completeUploadExternal(files=[{"id": reserved["file_id"]}])["ok"]
    assert slack.file(reserved["file_id"]).data == b"abc"


def test_it_refuses_an_upload_whose_length_differs_from_the_one_declared(slack):
    web = client(slack)
    reserved = web.files_getUploadURLExternal(filename="a.txt", length=10)
    urllib.request.urlopen(urllib.request.Request(reserved["upload_url"], data=b"abc"))
    with pytest.raises(SlackApiError) as refused:
        web.files_completeUploadExternal(files=[{"id": reserved["file_id"]}])
    assert refused.value.response["error"] == "invalid_arguments"
    assert not slack.file(reserved["file_id"]).completed


def test_it_answers_scripted_failures_in_order_then_succeeds(slack):
    slack.fail_next("chat.postMessage", status=429, retry_after=3)
    slack.fail_next("chat.postMessage", error="is_archived")
    web = client(slack)
    answers = []
    for _ in range(3):
        try:
            answers.append(web.chat_postMessage(channel="C0ONE", text="x")["ok"])
        except SlackApiError as refused:
            response = refused.response
            answers.append((response.status_code, response["error"],
                            response.headers.get("Retry-After")))
    assert answers == [(429, "ratelimited", "3"), (200, "is_archived", None), True]
    assert [c.status for c in slack.posts()] == [429, 200, 200]
    assert [m["text"] for m in slack.history("C0ONE")] == ["x"]


def test_it_limits_posts_per_channel_and_per_workspace():
    per_channel = RateLimits(channel_seconds=1.0)
    assert per_channel.retry_after("C1", 10.0) is None
    assert per_channel.retry_after("C1", 10.4) == 1  # 0.6 s left, in whole seconds
    assert per_channel.retry_after("C2", 10.4) is None
    assert per_channel.retry_after("C1", 11.0) is None
    workspace = RateLimits(workspace_per_second=2)
    assert [workspace.retry_after(f"C{n}", 5.0 + n / 10) for n in range(3)] == [None, None, 1]
    assert workspace.retry_after("C9", 6.0) is None  # the first post has left the window


def test_it_records_response_url_posts_by_name(slack):
    named, fresh, other = slack.response_url("mine"), slack.response_url(), slack.response_url()
    for url in (named, fresh):
        urllib.request.urlopen(urllib.request.Request(
            url, data=b'{"text": "hi"}', headers={"Content-Type": "application/json"}))
    [mine, unnamed] = slack.calls
    assert mine.method == "response:mine" and mine.is_response and mine.params == {"text": "hi"}
    assert unnamed.url == fresh and fresh != other
