"""The closed vocabularies of the product (SPEC: "The six standards as data")."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Risk(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class ContractStatus(StrEnum):
    TENDER = "tender"  # not yet awarded: judged for readiness to engage
    ACTIVE = "active"
    DECOMMISSIONING = "decommissioning"
    ENDED = "ended"


class ContactLevel(StrEnum):
    REGULATED = "regulated"
    REGULAR = "regular"
    OCCASIONAL = "occasional"
    NONE = "none"


class DbsLevel(StrEnum):
    BASIC = "basic"
    STANDARD = "standard"
    ENHANCED = "enhanced"
    ENHANCED_BARRED = "enhanced_barred"


class Rag(StrEnum):
    """Red / amber / green, ordered so that ``max`` gives the worst."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"

    @property
    def rank(self) -> int:
        return _RAG_RANK[self]


_RAG_RANK = {Rag.GREEN: 0, Rag.AMBER: 1, Rag.RED: 2}


def worst(colours: Iterable[Rag]) -> Rag:
    """The worst colour among ``colours``; green when there are none."""
    return max(colours, key=lambda c: c.rank, default=Rag.GREEN)


class Role(StrEnum):
    ADMIN = "admin"
    COMMISSIONER = "commissioner"
    PROVIDER = "provider"


class BriefingKind(StrEnum):
    PRACTICE_REVIEW = "practice_review"
    TRAINING = "training"
    PROCEDURE_UPDATE = "procedure_update"
    NEWSLETTER = "newsletter"


class DeliveryStatus(StrEnum):
    """A notification ledger row: claimed before the send, then sent or failed."""

    CLAIMED = "claimed"
    SENT = "sent"
    FAILED = "failed"


class AuditAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


# Standard 2: the ten elements of the standard safeguarding clause, in SPEC order.
CLAUSE_ELEMENTS: tuple[str, ...] = (
    "safeguarding_reference",
    "legislation",
    "safer_recruitment",
    "safeguarding_policy",
    "whistleblowing",
    "training",
    "cascade",
    "signs_of_abuse",
    "reporting",
    "allegations_lado",
)
