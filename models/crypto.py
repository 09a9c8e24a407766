"""Certificate numbers at rest: authenticated encryption (Fernet), with key rotation.

``SAFECOMM_ENCRYPTION_KEY`` holds one Fernet key, or several separated by commas: the first
encrypts, all of them decrypt (MultiFernet), so a new key can be put in front of the old one
and the data re-encrypted at leisure.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import Executor
from functools import partial

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class CertificateKeyError(ValueError):
    """The key is malformed, or cannot read a stored token (the message names no secret)."""


class CertificateCipher:
    def __init__(self, keys: str):
        try:
            fernets = [Fernet(k.strip()) for k in keys.split(",") if k.strip()]
            self._fernet = MultiFernet(fernets)
        except (ValueError, TypeError):
            raise CertificateKeyError(
                "SAFECOMM_ENCRYPTION_KEY is not a valid Fernet key "
                "(32 url-safe base64-encoded bytes; make one with `safecomm keys new`)"
            ) from None
        self._encrypting = fernets[0]  # what MultiFernet.encrypt uses

    @staticmethod
    def new_key() -> str:
        return Fernet.generate_key().decode()

    def encrypt(self, certificate: str) -> str:
        return self._fernet.encrypt(certificate.encode()).decode()

    def encrypt_many(self, texts: Sequence[str], workers: Executor | None = None,
                     per_task: int = 1000) -> Iterator[str]:
        """``encrypt`` of each text, in order. With ``workers`` (worker processes) the texts are
        encrypted there, ``per_task`` at a time, while this process goes on: each task carries
        the encrypting key (only that one) through the pool's pipe; nothing is logged."""
        if workers is None:
            return map(self.encrypt, texts)
        return workers.map(partial(_encrypt_text, self._encrypting), texts, chunksize=per_task)

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken:
            raise CertificateKeyError(
                "a stored certificate number cannot be read with SAFECOMM_ENCRYPTION_KEY "
                "(wrong key, or the old key was removed before rotation)") from None

    def rotate(self, token: str) -> str:
        """Re-encrypt ``token`` under the first key."""
        try:
            return self._fernet.rotate(token.encode()).decode()
        except InvalidToken:
            raise CertificateKeyError("a stored certificate number cannot be read with "
                                      "SAFECOMM_ENCRYPTION_KEY") from None


def _encrypt_text(fernet: Fernet, text: str) -> str:
    """``text``'s token (run in a worker process: the text and its token cross as ``str``)."""
    return fernet.encrypt(text.encode()).decode()
