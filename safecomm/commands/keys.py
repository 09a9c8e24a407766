"""`safecomm keys new|rotate`: the certificate encryption key."""

from __future__ import annotations

from datetime import UTC, datetime

import typer

keys_app = typer.Typer(no_args_is_help=True, help="The key that encrypts certificate numbers.")


@keys_app.command("new")
def new_key() -> None:
    """Print a new Fernet key (put it first in SAFECOMM_ENCRYPTION_KEY to rotate)."""
    from models.crypto import CertificateCipher

    typer.echo(CertificateCipher.new_key())


@keys_app.command("rotate")
def rotate() -> None:
    """Re-encrypt every certificate number under the first key of SAFECOMM_ENCRYPTION_KEY
    (NEW,OLD: the old key still reads while this runs)."""
    from models.audit import record_audit
    from models.enums import AuditAction
    from models.keys import rotate_certificates
    from models.runtime import Runtime
    from safecomm.commands.briefings import cli_actor

    runtime = Runtime()
    try:
        count = rotate_certificates(runtime.engine, runtime.cipher)
        with runtime.session() as session:
            record_audit(session, actor=cli_actor(), action=AuditAction.UPDATE,
                         entity="encryption_key", entity_id="certificates",
                         at=datetime.now(UTC),
                         changes={"dbs_certificate_token": ["(encrypted)", "(re-encrypted)"]},
                         note=f"{count} certificate numbers re-encrypted under the first key")
    finally:
        runtime.close()
    typer.echo(f"re-encrypted {count} certificate numbers under the first key; "
               "you may now remove the old key from SAFECOMM_ENCRYPTION_KEY")


def register(app: typer.Typer) -> None:
    app.add_typer(keys_app, name="keys")
