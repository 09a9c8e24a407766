"""``help``, ``status NAME``, ``ready REFERENCE`` and ``dbs NAME``: read-only replies. A tender's
``status`` is its readiness to engage (it is not yet judged on the six standards)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from bot.builders.common import escape
from bot.builders.dbs_list import build_dbs_list_blocks, build_dbs_refusal_blocks
from bot.builders.engagement import build_readiness_blocks, readiness_text
from bot.builders.help import build_help_blocks, help_text
from bot.builders.status import build_contract_status_blocks, build_provider_status_blocks
from bot.listeners.commands.dbs_rows import dbs_entries, leavers_held
from bot.listeners.commands.picking import pick
from bot.listeners.commands.request import CommandRequest
from models.core import Contract, Provider
from models.engagement import contract_readiness
from models.enums import ContractStatus, Rag
from models.facts import StandardStatus
from models.lifecycle import stage
from models.lookup import CONTRACT, examples
from models.queries import contract_status, contracts_of, provider_status
from models.roles import is_admin, may_see_dbs


def handle_help(request: CommandRequest, unknown: str | None = None) -> None:
    """What each sub-command does, with examples from the register when it holds any."""
    with request.runtime.session() as session:
        found = examples(session)
    request.reply(build_help_blocks(request.command, unknown=unknown, examples=found),
                  text=help_text(request.command))


def summary_text(name: str, statuses: Sequence[StandardStatus]) -> str:
    counts = {rag: sum(s.rag == rag for s in statuses) for rag in Rag}
    return (f"{escape(name)}: {counts[Rag.RED]} red, {counts[Rag.AMBER]} amber, "
            f"{counts[Rag.GREEN]} green")


def handle_status(request: CommandRequest) -> None:
    """The six standards of a contract, or of a provider plus a line per contract."""
    awaiting_days = request.runtime.settings.dbs_awaiting_days
    with request.runtime.session() as session:
        found = pick(session, request)
        if found is None:
            return
        if found.kind == CONTRACT:
            contract = session.get_one(Contract, found.id)
            if stage(contract.status, contract.end_date, request.today) == ContractStatus.TENDER:
                _reply_readiness(request, session, contract, found.detail)
                return
            statuses = contract_status(session, contract=contract, today=request.today,
                                       awaiting_days=awaiting_days)
            blocks = build_contract_status_blocks(contract=contract, provider_name=found.detail,
                                                  statuses=statuses, today=request.today)
            text = summary_text(contract.reference, statuses)
        else:
            provider = session.get_one(Provider, found.id)
            overall, contracts = provider_status(session, provider=provider, today=request.today,
                                                 awaiting_days=awaiting_days)
            blocks = build_provider_status_blocks(provider=provider, overall=overall,
                                                  contracts=contracts, today=request.today)
            text = summary_text(provider.name, overall)
    request.reply(blocks, text=text)


def handle_ready(request: CommandRequest) -> None:
    """A contract's readiness to engage, to anyone: counts only."""
    with request.runtime.session() as session:
        found = pick(session, request, kinds=(CONTRACT,))
        if found is None:
            return
        _reply_readiness(request, session, session.get_one(Contract, found.id), found.detail)


def _reply_readiness(request: CommandRequest, session: Session, contract: Contract,
                     provider_name: str) -> None:
    readiness = contract_readiness(session, contract=contract, today=request.today)
    request.reply(build_readiness_blocks(contract=contract, provider_name=provider_name,
                                         readiness=readiness, today=request.today,
                                         command=request.command),
                  text=readiness_text(contract.reference, readiness))


def handle_dbs(request: CommandRequest) -> None:
    """Staff re-checks missing, overdue or coming due — only for those entitled to see them."""
    with request.runtime.session() as session:
        found = pick(session, request)
        if found is None:
            return
        if found.kind == CONTRACT:
            contracts = [session.get_one(Contract, found.id)]
            provider = session.get_one(Provider, contracts[0].provider_id)
        else:
            provider = session.get_one(Provider, found.id)
            contracts = [c for c in contracts_of(session, provider=provider)
                         if c.status != ContractStatus.ENDED]
        if not contracts:
            request.reply_text(f"{escape(found.label)} has no live contracts, so no staff "
                               "to list.")
            return
        allowed = [c for c in contracts
                   if may_see_dbs(session, user=request.user, contract=c, provider=provider)]
        if not allowed:
            _refuse(request, found.label, provider, contracts)
            return
        window = request.runtime.settings.dbs_schedule.horizon  # as the digests read
        contract_ids = [c.id for c in allowed if c.id is not None]
        rows = dbs_entries(session, contract_ids=contract_ids, today=request.today,
                           window_days=window,
                           awaiting_days=request.runtime.settings.dbs_awaiting_days)
        leavers = leavers_held(session, contract_ids=contract_ids, today=request.today)
        title = _title(found.label, allowed, contracts, found.kind == CONTRACT)
        admin = is_admin(session, request.user)
    blocks = build_dbs_list_blocks(title=title, entries=rows.entries, total=rows.total,
                                   today=request.today, window_days=window,
                                   command=request.command, per_contract=rows.per_contract,
                                   admin=admin, leavers=leavers)
    request.reply(blocks, text=f"DBS re-checks for {escape(title)}: {rows.total} to act on")


def _title(label: str, allowed: list[Contract], contracts: list[Contract],
           is_contract: bool) -> str:
    if is_contract or len(allowed) == len(contracts):
        return label
    return f"{label} (the {len(allowed)} of its {len(contracts)} contracts you manage)"


def _refuse(request: CommandRequest, subject: str, provider: Provider,
            contracts: list[Contract]) -> None:
    one = len(contracts) == 1
    blocks = build_dbs_refusal_blocks(
        subject=subject, manager=contracts[0].contract_manager if one else None,
        lead=provider.safeguarding_lead, several_managers=not one)
    request.reply(blocks, text=f"Sorry, DBS details for {escape(subject)} are not shown to "
                  "you.")
