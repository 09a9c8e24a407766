"""The bot's own records: the notification ledger, the audit trail, and user roles."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

import models.core  # noqa: F401 - the providers and contracts referred to by key
from models.base import created_at_field
from models.enums import AuditAction, DeliveryStatus, Role
from models.types import UTCDateTime


class Notification(SQLModel, table=True):
    """One message for one subject, threshold and recipient — the exactly-once ledger.

    A row is claimed (inserted with status ``claimed``) before the send and marked ``sent``
    or ``failed`` after; the unique key makes a second claim fail, so nothing posts twice.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("kind", "subject", "threshold", "recipient"),
        Index("ix_notifications_status", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=40)  # e.g. "dbs", "meeting", "briefing"
    subject: str = Field(max_length=120)  # e.g. "staff:42"
    threshold: str = Field(max_length=40)  # e.g. "30", "overdue:2"
    recipient: str = Field(max_length=254)  # Slack user or channel ID
    status: DeliveryStatus = Field(default=DeliveryStatus.CLAIMED, sa_type=String(10))
    error: str | None = Field(default=None, max_length=400)
    attempts: int = 0
    claimed_at: datetime = Field(sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The message carrying this row (shared by its rows), also sent as the message's metadata,
    # so a later run can find in Slack whether a message in flight during a crash went out.
    message_key: str | None = Field(default=None, max_length=40)


class AuditEntry(SQLModel, table=True):
    """Who changed what, when: appended to, never updated."""

    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_at", "at"),
        Index("ix_audit_entries_entity_entity_id", "entity", "entity_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=UTCDateTime)
    actor: str = Field(max_length=120)  # "slack:U123", "cli:alice", "job:retention"
    action: AuditAction = Field(sa_type=String(10))
    entity: str = Field(max_length=40)
    entity_id: str = Field(max_length=120)
    changes: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    note: str = Field(default="", sa_type=Text)


class UserRole(SQLModel, table=True):
    """A Slack user's role; ``provider`` roles name their provider."""

    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("slack_user_id", "role", "provider_id"),)

    id: int | None = Field(default=None, primary_key=True)
    slack_user_id: str = Field(max_length=40, index=True)
    role: Role = Field(sa_type=String(15))
    provider_id: int | None = Field(default=None, foreign_key="providers.id", ondelete="CASCADE")
    created_at: datetime = created_at_field()


class SlackIdentity(SQLModel, table=True):
    """An e-mail address resolved to a Slack user ID once (users.lookupByEmail) and remembered;
    one that could not be resolved keeps the error, so it is reported, not retried blindly."""

    __tablename__ = "slack_identities"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True)
    slack_user_id: str | None = Field(default=None, max_length=40)
    error: str | None = Field(default=None, max_length=80)
    resolved_at: datetime = Field(sa_type=UTCDateTime)


class StatusSnapshot(SQLModel, table=True):
    """One contract's colour for one standard as of a day (what the weekly summary compares)."""

    __tablename__ = "status_snapshots"
    __table_args__ = (UniqueConstraint("taken_on", "contract_id", "standard"),)

    id: int | None = Field(default=None, primary_key=True)
    taken_on: date
    contract_id: int = Field(foreign_key="contracts.id", ondelete="CASCADE")
    standard: int
    rag: str = Field(max_length=5)
