"""``safecomm demo``: build a demo database of invented data and show the partnership's
status as of a day, with no Slack and no network."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlmodel import Session, select

from models import Provider
from models.crypto import CertificateCipher
from models.db import make_engine
from models.migrate import upgrade
from models.queries import provider_status
from safecomm.demo_data import seed_demo

RAG_MARK = {"red": "RED  ", "amber": "AMBER", "green": "green"}


def demo_key(path: Path) -> str:
    """The demo's own encryption key, in a file only its owner can read (made on first use)."""
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(CertificateCipher.new_key())
    return path.read_text().strip()


def run_demo(*, database: str, today: date, echo: Callable[[str], None]) -> None:
    db_path = Path(database)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    key_path = db_path.with_suffix(".key")
    existed = key_path.exists()
    cipher = CertificateCipher(demo_key(key_path))
    if not existed:
        echo(f"made a demo encryption key in {key_path} (readable only by you)")
    engine = make_engine(f"sqlite:///{db_path}")
    upgrade(engine)
    with Session(engine) as session:
        seed_demo(session, today=today, cipher=cipher)
        session.commit()
        echo(f"built {db_path} with invented data; the six standards as of {today:%d %B %Y}:\n")
        for provider in session.scalars(select(Provider).order_by(Provider.name)):
            overall, _contracts = provider_status(session, provider=provider, today=today)
            echo(f"{provider.name} ({provider.risk} risk)")
            for s in overall:
                due = f" — next due {s.next_due:%d %b %Y}" if s.next_due else ""
                echo(f"  {s.number}. {RAG_MARK[s.rag]} {s.title}: {s.reason}{due}")
            echo("")
    engine.dispose()
