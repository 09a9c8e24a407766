"""Tables, pure rules and queries. Imports nothing else of ours (bot and jobs import this)."""

from models.activity import (
    Briefing,
    BriefingDelivery,
    MonitoringMeeting,
    SelfAssessment,
    ThematicCheck,
    TrainingAttendance,
)
from models.core import Contract, Provider, Staff
from models.ops import AuditEntry, Notification, SlackIdentity, StatusSnapshot, UserRole

__all__ = [
    "AuditEntry",
    "Briefing",
    "BriefingDelivery",
    "Contract",
    "MonitoringMeeting",
    "Notification",
    "Provider",
    "SelfAssessment",
    "SlackIdentity",
    "Staff",
    "StatusSnapshot",
    "ThematicCheck",
    "TrainingAttendance",
    "UserRole",
]
