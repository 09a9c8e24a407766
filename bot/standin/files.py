"""Slack's external file upload, as the stand-in plays it: ``files.getUploadURLExternal``
reserves a file ID and an upload URL on the stand-in itself, the client POSTs the bytes there,
and ``files.completeUploadExternal`` finishes the upload (sharing it in ``channel_id``, if
given, with its ``initial_comment``). The bytes are kept, so a test can read back exactly what
was uploaded.

Rules:
- ``filename`` and ``length`` are required (``invalid_arguments`` otherwise).
- The bytes go to the reserved URL once; a second POST, or one to an unknown ID, is refused
  (404).
- Completing an unknown file, or one whose bytes never arrived, is ``file_not_found``; a file
  whose bytes differ in length from the declared ``length`` is ``invalid_arguments``.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.standin.calls import JSON


@dataclass
class Upload:
    id: str
    filename: str
    length: int
    alt_txt: str | None = None
    title: str | None = None
    data: bytes | None = None
    channel: str | None = None
    comment: str | None = None  # what it was shared with: initial_comment, else its blocks' text
    completed: bool = False

    def shown(self) -> JSON:
        """The file object Slack returns."""
        return {"id": self.id, "name": self.filename, "title": self.title or self.filename,
                "size": len(self.data or b"")}


class Uploads:
    def __init__(self, upload_base: str):
        self.upload_base = upload_base
        self.by_id: dict[str, Upload] = {}

    def completed(self) -> list[Upload]:
        """The files completed so far, in the order they were reserved."""
        return [u for u in self.by_id.values() if u.completed]

    def reserve(self, params: JSON, serial: int) -> JSON:
        """``files.getUploadURLExternal``."""
        filename, length = params.get("filename"), str(params.get("length", ""))
        if not filename or not length.isdigit():
            return {"ok": False, "error": "invalid_arguments"}
        upload = Upload(f"F0{serial:08d}", filename, int(length), params.get("alt_txt"))
        self.by_id[upload.id] = upload
        return {"ok": True, "upload_url": f"{self.upload_base}{upload.id}",
                "file_id": upload.id}

    def receive(self, file_id: str, data: bytes) -> tuple[int, str]:
        """The POST of the bytes: (HTTP status, body)."""
        upload = self.by_id.get(file_id)
        if upload is None or upload.data is not None:
            return 404, "Not found"
        upload.data = data
        return 200, f"OK - {len(data)}"

    def complete(self, params: JSON) -> tuple[JSON, list[Upload]]:
        """``files.completeUploadExternal``: Slack's answer and the files it finished."""
        listed = params.get("files")
        if not isinstance(listed, list) or not listed:
            return {"ok": False, "error": "invalid_arguments"}, []
        found = [self.by_id.get(str(item.get("id"))) for item in listed]
        finished = [u for u in found if u is not None and u.data is not None]
        if len(finished) < len(listed):
            return {"ok": False, "error": "file_not_found"}, []
        if any(len(u.data or b"") != u.length for u in finished):
            return {"ok": False, "error": "invalid_arguments"}, []
        for upload, item in zip(finished, listed, strict=True):
            upload.title = item.get("title") or upload.title
            upload.channel, upload.completed = params.get("channel_id"), True
            upload.comment = params.get("initial_comment") or _text_of(params.get("blocks"))
        return {"ok": True, "files": [u.shown() for u in finished]}, finished


def _text_of(blocks: object) -> str | None:
    """The text of the section blocks a file was shared with (Slack shows them when there is
    no ``initial_comment``)."""
    if not isinstance(blocks, list):
        return None
    texts = [str((b.get("text") or {}).get("text", "")) for b in blocks
             if isinstance(b, dict) and b.get("type") == "section"]
    return "\n".join(texts) or None
