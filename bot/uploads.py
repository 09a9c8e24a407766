"""Sending a file instead of a message: Slack's external upload flow, and a dry run's copy.

Rules:
- A file is uploaded with ``WebClient.files_upload_v2``, which makes Slack's three calls:
  ``files.getUploadURLExternal`` (name and length), a POST of the bytes to the ``upload_url``
  it returns, then ``files.completeUploadExternal`` with the channel ID and the message's text
  as the ``initial_comment``. It needs the ``files:write`` scope.
- ``channel`` must be a channel ID: a direct message is sent to the ID that
  ``conversations.open`` returns for the person (a user ID is not accepted here; ``im:write``).
- A shared file's message cannot carry Slack message metadata; given a ``block_id``, the
  comment is sent as one section block with that ID (Slack ignores blocks when there is an
  ``initial_comment``), so the message can be recognised in the conversation's history.
- A dry run writes the file into the current folder (the temporary folder when that cannot
  be written) and says where; nothing is uploaded.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from slack_sdk import WebClient

from bot.builders.common import FileUpload, section


def upload_file(client: WebClient, *, channel: str, upload: FileUpload, comment: str,
                block_id: str | None = None) -> dict[str, Any]:
    """Upload ``upload`` to ``channel`` with ``comment`` (mrkdwn); Slack's answer to the last
    call. Raises SlackApiError (a refusal), SlackClientError or OSError (the upload itself)."""
    said: dict[str, Any] = {"initial_comment": comment} if block_id is None else {
        "blocks": json.dumps([section(comment, block_id=block_id)])}
    response = client.files_upload_v2(
        channel=channel, file=upload.content, filename=upload.filename, title=upload.title,
        alt_txt=upload.alt_text or None, **said)
    return dict(response.data) if isinstance(response.data, dict) else {}


def open_direct_message(client: WebClient, user: str) -> str:
    """The ID of the app's direct-message channel with ``user``."""
    return str(client.conversations_open(users=user)["channel"]["id"])


def write_for_dry_run(upload: FileUpload, folder: Path | None = None) -> Path:
    """Write ``upload`` as ``folder/filename`` (default: the current folder, else the
    temporary folder) and return the path."""
    for place in ([folder] if folder is not None else [Path.cwd(), Path(tempfile.gettempdir())]):
        path = place / Path(upload.filename).name
        try:
            path.write_bytes(upload.content)
        except OSError:
            continue
        return path
    raise OSError(f"cannot write {upload.filename} in {folder}")
