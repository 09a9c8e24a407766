"""What the stand-in records of each request, and how it reads a request's parameters."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

RESPONSE_PREFIX = "response:"
UPLOAD_PREFIX = "upload:"
UPLOAD = "upload"  # fail_next's name for the POST of a file's bytes, whatever the file
JSON_FIELDS = ("blocks", "attachments", "view", "metadata", "files")
JSON = dict[str, Any]


@dataclass
class Call:
    """One request the app made, and what the stand-in answered.

    ``method`` is a Web API method (``chat.postMessage``), ``response:<name>`` for a post to a
    response URL (Bolt's ``respond()``), or ``upload:<file id>`` for the bytes of a file upload.
    ``at`` is ``time.monotonic()`` on arrival; ``url`` the full address the request went to.
    """

    method: str
    params: JSON
    headers: dict[str, str] = field(default_factory=dict)
    at: float = 0.0
    url: str = ""
    status: int = 200
    result: JSON = field(default_factory=dict)

    @property
    def channel(self) -> str | None:
        return self.params.get("channel")

    @property
    def is_response(self) -> bool:
        return self.method.startswith(RESPONSE_PREFIX)

    def text_everywhere(self) -> str:
        """Everything a reader could see in this call (text and blocks), as one string; not
        the message's metadata (the ledger's random message key, never shown)."""
        return json.dumps({k: v for k, v in self.params.items() if k != "metadata"},
                          ensure_ascii=False)


def method_of(path: str) -> str:
    """``/api/chat.postMessage`` → ``chat.postMessage``; ``/response/x`` → ``response:x``;
    ``/upload/F1`` → ``upload:F1``."""
    path = path.split("?", 1)[0]
    for folder, prefix in (("/response/", RESPONSE_PREFIX), ("/upload/", UPLOAD_PREFIX)):
        if path.startswith(folder):
            return prefix + path.removeprefix(folder)
    return path.removeprefix("/api/").strip("/")


def params_of(content_type: str, body: bytes, query: str = "") -> JSON:
    """A request's parameters: the query string, then a form or JSON body. Form fields that
    carry JSON (blocks, a view, metadata…) are decoded, as Slack does."""
    params: JSON = dict(parse_qsl(query))
    if not body:
        return params
    if "json" in content_type:
        params.update(json.loads(body))
        return params
    params.update(parse_qsl(body.decode()))
    for key in JSON_FIELDS:
        if isinstance(params.get(key), str) and params[key][:1] in "[{":
            params[key] = json.loads(params[key])
    return params
