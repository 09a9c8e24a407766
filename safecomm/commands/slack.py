"""`safecomm` commands: serve, socket, manifest, chat (issues 5, 8)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
