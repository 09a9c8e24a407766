"""Tables, pure rules and queries. Imports nothing else of ours (bot and jobs import this).

The tables are imported when first named (``from models import Staff``) or by the module
that needs them, not whenever a module of the package is: a process that needs only the key
or the logs (the import's sealing in a fresh process) starts without SQLAlchemy, and the
command line imports the activity and audit tables only for a command that uses them.
:func:`import_tables` registers every table on ``SQLModel.metadata``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

TABLE_MODULES = ("models.core", "models.activity", "models.ops")
_HOME = {
    "Briefing": "models.activity",
    "BriefingDelivery": "models.activity",
    "MonitoringMeeting": "models.activity",
    "SelfAssessment": "models.activity",
    "ThematicCheck": "models.activity",
    "TrainingAttendance": "models.activity",
    "Contract": "models.core",
    "Provider": "models.core",
    "Staff": "models.core",
    "AuditEntry": "models.ops",
    "Notification": "models.ops",
    "SlackIdentity": "models.ops",
    "StatusSnapshot": "models.ops",
    "UserRole": "models.ops",
}
__all__ = [
    "AuditEntry", "Briefing", "BriefingDelivery", "Contract", "MonitoringMeeting", "Notification",
    "Provider", "SelfAssessment", "SlackIdentity", "Staff", "StatusSnapshot", "ThematicCheck",
    "TrainingAttendance", "UserRole",
]


def import_tables() -> None:
    """Import every table module: each table is then on ``SQLModel.metadata``."""
    for name in TABLE_MODULES:
        import_module(name)


def __getattr__(name: str) -> Any:
    """A table named from the package (``models.Staff``): every table module is imported
    then, as if the package had imported them all."""
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'models' has no attribute {name!r}")
    import_tables()
    return getattr(import_module(home), name)
