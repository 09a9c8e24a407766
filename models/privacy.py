"""Masking personal data for display: a DBS certificate number shows its last 4 digits only."""

from __future__ import annotations

import re

CERTIFICATE_DIGITS = 12
_SEPARATORS = re.compile(r"[\s-]")
_NON_DIGITS = re.compile(r"\D")
_HIDDEN = "•" * (CERTIFICATE_DIGITS - 4)  # the digits a masked number does not show


def normalise_certificate(raw: str) -> str | None:
    """The 12 digits of a certificate number written with any spaces or dashes; None if the
    text is not exactly 12 digits once those are removed."""
    if len(raw or "") == CERTIFICATE_DIGITS and raw.isascii() and raw.isdigit():
        return raw  # already the 12 digits: nothing to remove
    digits = _SEPARATORS.sub("", raw or "")
    return digits if len(digits) == CERTIFICATE_DIGITS and digits.isascii() and digits.isdigit() \
        else None


def mask_last4(last4: str | None) -> str:
    """``••••••••1234``: the display form of a certificate number, from its last 4 digits."""
    return _HIDDEN + last4 if last4 else "none recorded"


def mask_certificate(number: str | None) -> str:
    """Mask a full certificate number (or anything that might be one) to its last 4 digits."""
    if number and number.isascii() and number.isdigit():  # digits only: nothing to remove
        return mask_last4(number[-4:])
    digits = _NON_DIGITS.sub("", number or "")
    return mask_last4(digits[-4:]) if digits else "none recorded"
