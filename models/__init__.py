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
from models.ops import AuditEntry, Notification, UserRole

__all__ = [
    "AuditEntry",
    "Briefing",
    "BriefingDelivery",
    "Contract",
    "MonitoringMeeting",
    "Notification",
    "Provider",
    "SelfAssessment",
    "Staff",
    "ThematicCheck",
    "TrainingAttendance",
    "UserRole",
]
