"""What happens under a contract: assessments, meetings, checks, briefings, training."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

import models.core  # noqa: F401 - the providers and contracts referred to by key
from models.base import created_at_field
from models.enums import BriefingKind, Rag
from models.types import RagText, UTCDateTime


class SelfAssessment(SQLModel, table=True):
    """Standard 1: a provider's safeguarding self-assessment and Child Safeguarding Statement."""

    __tablename__ = "self_assessments"
    __table_args__ = (Index("ix_self_assessments_provider_id_completed_on",
                            "provider_id", "completed_on"),)

    id: int | None = Field(default=None, primary_key=True)
    provider_id: int = Field(foreign_key="providers.id", ondelete="CASCADE")
    completed_on: date
    statement_received_on: date | None = None
    notes: str = Field(default="", sa_type=Text)
    recorded_by: str = Field(max_length=120)
    created_at: datetime = created_at_field()


class MonitoringMeeting(SQLModel, table=True):
    """Standard 5: a contract monitoring meeting and whether safeguarding was discussed."""

    __tablename__ = "monitoring_meetings"
    # One meeting per contract and day: a form sent twice, or an import, updates it.
    __table_args__ = (Index("ix_monitoring_meetings_contract_id_held_on",
                            "contract_id", "held_on", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contracts.id", ondelete="CASCADE")
    held_on: date
    safeguarding_discussed: bool
    metrics: str = Field(default="", sa_type=Text)
    notes: str = Field(default="", sa_type=Text)
    actions: str = Field(default="", sa_type=Text)
    next_meeting_on: date | None = None
    recorded_by: str = Field(max_length=120)
    created_at: datetime = created_at_field()


class ThematicCheck(SQLModel, table=True):
    """Standard 6: a risk-based thematic check, planned (due) and/or done with an outcome."""

    __tablename__ = "thematic_checks"
    # One check done per contract, theme and day (a planned one has no done_on yet).
    __table_args__ = (Index("ix_thematic_checks_contract_id_done_on", "contract_id", "done_on"),
                      Index("ix_thematic_checks_contract_id_theme_done_on",
                            "contract_id", "theme", "done_on", unique=True))

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contracts.id", ondelete="CASCADE")
    theme: str = Field(max_length=200)
    due_on: date | None = None
    done_on: date | None = None
    outcome: Rag | None = Field(default=None, sa_type=RagText)
    findings: str = Field(default="", sa_type=Text)
    recorded_by: str = Field(max_length=120)
    created_at: datetime = created_at_field()


class Briefing(SQLModel, table=True):
    """Standard 3: a BSCP briefing to cascade to providers."""

    __tablename__ = "briefings"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    summary: str = Field(sa_type=Text)
    url: str = Field(max_length=500)
    kind: BriefingKind = Field(default=BriefingKind.NEWSLETTER, sa_type=String(20))
    # "all", "risk:<level>", or "providers:<id>;<id>…"
    audience: str = Field(default="all", max_length=400)
    published_by: str = Field(max_length=120)
    published_at: datetime = Field(sa_type=UTCDateTime)


class BriefingDelivery(SQLModel, table=True):
    """One briefing posted to one provider, and who acknowledged it for the provider."""

    __tablename__ = "briefing_deliveries"
    __table_args__ = (UniqueConstraint("briefing_id", "provider_id"),
                      Index("ix_briefing_deliveries_provider_id", "provider_id"))

    id: int | None = Field(default=None, primary_key=True)
    briefing_id: int = Field(foreign_key="briefings.id", ondelete="CASCADE")
    provider_id: int = Field(foreign_key="providers.id", ondelete="CASCADE")
    channel: str | None = Field(default=None, max_length=80)
    message_ts: str | None = Field(default=None, max_length=40)
    delivered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    acknowledged_by: str | None = Field(default=None, max_length=40)
    acknowledged_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class TrainingAttendance(SQLModel, table=True):
    """Standard 3: a provider's staff attending a BSCP course."""

    __tablename__ = "training_attendance"
    __table_args__ = (UniqueConstraint("provider_id", "course", "attended_on"),)

    id: int | None = Field(default=None, primary_key=True)
    provider_id: int = Field(foreign_key="providers.id", ondelete="CASCADE")
    course: str = Field(max_length=200)
    attended_on: date
    attendees: int = Field(default=1)
    created_at: datetime = created_at_field()
