"""Roles granted to Slack users, and who may see and record what (need to know).

Roles: ``admin`` (the BSCP business team), ``commissioner``, and ``provider`` (always for one
provider). A user may hold several. Granting twice changes nothing; every grant and revoke
is audited. Being recorded as a contract's manager or a provider's safeguarding lead counts
too, for that contract or provider. A manager or lead stored as an e-mail address is that
person once the address resolved to their Slack ID (the ``slack_identities`` cache).

The matrix (Slack; the ``safecomm`` command line is for operators with database access):
- ``help``, ``status`` (counts and colours, never personal data): anyone, with no role;
- DBS details — ``dbs``, the "Record renewal" button and form, the reminder digest (names,
  masked numbers): an admin, the contract's manager, the provider's safeguarding lead, or a
  user holding the ``provider`` role for that provider (:func:`may_see_dbs`);
- ``meeting`` and ``check`` (a contract's monitoring meeting, thematic check): an admin, a
  commissioner, or the contract's manager (:func:`may_record_monitoring`);
- ``assessment`` (a provider's self-assessment): an admin, a commissioner, the manager of one
  of its contracts, or the provider's lead or a user holding the provider role for it
  (:func:`may_record_assessment`);
- ``briefing`` (publish): an admin; "Acknowledge" on a briefing: an admin, or the lead or a
  provider-role user of the provider it went to (models.briefings);
- App Home: the viewer's own contracts and providers; partnership totals for admins only.
Each ``WHO_MAY_*`` text says who can, for refusals.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Select, func, or_, select
from sqlmodel import Session, col

from models.audit import changed_fields, record_audit
from models.base import get_stored
from models.core import Contract, Provider
from models.enums import AuditAction, Role
from models.ops import SlackIdentity, UserRole

SLACK_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,39}$")


class RoleError(ValueError):
    """A grant or revoke that cannot be done; the message says what is wrong."""


def parse_role(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        raise RoleError(f"ROLE: {text!r} is not one of "
                        f"{', '.join(r.value for r in Role)}") from None


def check_user_id(user: str) -> str:
    if not SLACK_USER_ID.match(user or ""):
        raise RoleError(f"USER: {user!r} is not a Slack user ID (like U012AB3CD)")
    return user


def _matching(user: str, role: Role, provider: Provider | None) -> Select[UserRole]:
    if role is Role.PROVIDER and provider is None:
        raise RoleError("the provider role needs --provider NAME")
    if role is not Role.PROVIDER and provider is not None:
        raise RoleError(f"--provider is only for the provider role, not {role}")
    provider_id = col(UserRole.provider_id)
    return select(UserRole).where(
        col(UserRole.slack_user_id) == check_user_id(user), col(UserRole.role) == role,
        provider_id == provider.id if provider else provider_id.is_(None))


def grant_role(session: Session, *, user: str, role: Role, provider: Provider | None = None,
               actor: str, now: datetime) -> tuple[UserRole, bool]:
    """Give ``user`` the role (for ``provider``); returns the row and whether it is new."""
    existing = session.scalars(_matching(user, role, provider)).first()
    if existing is not None:
        return existing, False
    row = UserRole(slack_user_id=user, role=role, provider_id=provider.id if provider else None)
    session.add(row)
    session.flush()
    record_audit(session, actor=actor, action=AuditAction.CREATE, entity="user_role",
                 entity_id=row.id, at=now, changes=changed_fields(None, _fields(row)))
    return row, True


def revoke_role(session: Session, *, user: str, role: Role, provider: Provider | None = None,
                actor: str, now: datetime) -> bool:
    """Take the role away; False when ``user`` did not hold it."""
    row = session.scalars(_matching(user, role, provider)).first()
    if row is None:
        return False
    record_audit(session, actor=actor, action=AuditAction.DELETE, entity="user_role",
                 entity_id=row.id, at=now, changes=changed_fields(_fields(row), None))
    session.delete(row)
    session.flush()
    return True


def _fields(row: UserRole) -> dict[str, Any]:
    return {"slack_user_id": row.slack_user_id, "role": row.role, "provider_id": row.provider_id}


class RoleHolder(NamedTuple):
    user: str  # Slack user ID
    role: Role
    provider: str | None  # the provider's name, for the provider role
    emails: tuple[str, ...]  # addresses known to be this user (slack_identities)


def role_holders(session: Session) -> list[RoleHolder]:
    """Every role granted, by role, then provider, then user."""
    rows = session.execute(
        select(col(UserRole.slack_user_id), col(UserRole.role), col(Provider.name))
        .outerjoin(Provider, col(Provider.id) == col(UserRole.provider_id))
        .order_by(col(UserRole.role), col(Provider.name), col(UserRole.slack_user_id))).all()
    emails: dict[str, list[str]] = {}
    for email, user in session.execute(
            select(col(SlackIdentity.email), col(SlackIdentity.slack_user_id))
            .where(col(SlackIdentity.slack_user_id).is_not(None))
            .order_by(col(SlackIdentity.email))):
        emails.setdefault(user, []).append(email)
    return [RoleHolder(user, Role(role), name, tuple(emails.get(user, ())))
            for user, role, name in rows]


WHO_MAY_SEE_DBS = ("a BSCP admin, the contract's manager, the provider's safeguarding lead, "
                   "or someone with the provider role for that provider")
WHO_MAY_RECORD_MONITORING = "a BSCP admin, a commissioner, or the contract's manager"
WHO_MAY_RECORD_ASSESSMENT = ("a BSCP admin, a commissioner, the manager of one of its "
                             "contracts, the provider's safeguarding lead, or someone with the "
                             "provider role for it")
WHO_MAY_PUBLISH = "a BSCP admin"
WHO_MAY_ASK_EVIDENCE = "a BSCP admin"  # a provider's evidence pack names its staff


def has_role(session: Session, user: str, *roles: Role) -> bool:
    """Whether ``user`` holds any of ``roles`` (the provider role: for any provider)."""
    return session.scalar(select(col(UserRole.id)).where(
        col(UserRole.slack_user_id) == user, col(UserRole.role).in_(roles)).limit(1)) is not None


def is_admin(session: Session, user: str) -> bool:
    return has_role(session, user, Role.ADMIN)


def emails_of(session: Session, user: str) -> list[str]:
    """The e-mail addresses known (resolved) to belong to Slack user ``user``, lower-case."""
    return [e.lower() for e in session.scalars(
        select(col(SlackIdentity.email)).where(col(SlackIdentity.slack_user_id) == user))]


def is_person(session: Session, stored: str | None, user: str) -> bool:
    """Whether a stored manager or lead (Slack ID or e-mail) is Slack user ``user``."""
    if not stored or not user:
        return False
    if "@" not in stored:
        return stored == user
    return stored.strip().lower() in emails_of(session, user)


def is_provider_member(session: Session, user: str, provider: Provider) -> bool:
    """The provider's lead, or a user with the provider role for it."""
    if is_person(session, provider.safeguarding_lead, user):
        return True
    return session.scalar(select(col(UserRole.id)).where(
        col(UserRole.slack_user_id) == user, col(UserRole.role) == Role.PROVIDER,
        col(UserRole.provider_id) == provider.id).limit(1)) is not None


def may_see_dbs(session: Session, *, user: str, contract: Contract,
                provider: Provider | None = None) -> bool:
    """The need-to-know rule of this module's docstring, for one contract."""
    provider = provider or get_stored(session, Provider, contract.provider_id)
    return (is_admin(session, user) or is_person(session, contract.contract_manager, user)
            or is_provider_member(session, user, provider))


def may_record_monitoring(session: Session, *, user: str, contract: Contract) -> bool:
    """Meetings and thematic checks: an admin, a commissioner, or the contract's manager."""
    return (has_role(session, user, Role.ADMIN, Role.COMMISSIONER)
            or is_person(session, contract.contract_manager, user))


def may_record_assessment(session: Session, *, user: str, provider: Provider) -> bool:
    """Self-assessments: an admin, a commissioner, the manager of one of the provider's
    contracts, or a member of the provider."""
    return (has_role(session, user, Role.ADMIN, Role.COMMISSIONER)
            or is_provider_member(session, user, provider)
            or any(c.provider_id == provider.id for c in managed_contracts(session, user)))


def managed_contracts(session: Session, user: str) -> list[Contract]:
    """Contracts whose manager is ``user`` (by Slack ID or a resolved e-mail), by reference."""
    emails = emails_of(session, user)
    conditions = [col(Contract.contract_manager) == user]
    if emails:
        conditions.append(func.lower(col(Contract.contract_manager)).in_(emails))
    return list(session.scalars(select(Contract).where(or_(*conditions))
                                .order_by(col(Contract.reference))))


def providers_of_member(session: Session, user: str) -> list[Provider]:
    """Providers ``user`` leads or holds the provider role for, by name."""
    emails = emails_of(session, user)
    granted = select(col(UserRole.provider_id)).where(col(UserRole.slack_user_id) == user,
                                                 col(UserRole.role) == Role.PROVIDER)
    conditions = [col(Provider.safeguarding_lead) == user, col(Provider.id).in_(granted)]
    if emails:
        conditions.append(func.lower(col(Provider.safeguarding_lead)).in_(emails))
    return list(session.scalars(select(Provider).where(or_(*conditions))
                                .order_by(col(Provider.name))))
