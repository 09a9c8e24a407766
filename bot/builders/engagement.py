"""The reply to ``ready REFERENCE`` (and ``status`` of a tender): "ready to engage", or each
unmet item of the five named (models.engagement). Counts only: no staff names, no
certificate numbers. Every text supplied by a person or a file is escaped."""

from __future__ import annotations

from datetime import date

from bot.builders.common import code, context, day, escape, header, section
from models.core import Contract
from models.engagement import Readiness
from models.enums import ContractStatus
from models.lifecycle import stage
from models.words import due_words

MET, UNMET = ":white_check_mark:", ":x:"


def stage_words(contract: Contract, today: date) -> str:
    """``tender, starts 1 Apr 2027``, ``decommissioning, ends 30 Jun 2027``, ``ended 1 May
    2027`` (its end date passed), ``active``."""
    now = stage(contract.status, contract.end_date, today)
    if now is ContractStatus.TENDER:
        return f"tender, starts {day(contract.start_date)}"
    if now is ContractStatus.DECOMMISSIONING and contract.end_date:
        return f"decommissioning, ends {day(contract.end_date)}"
    if now is ContractStatus.ENDED and contract.end_date and contract.end_date < today:
        return f"ended {day(contract.end_date)}"
    return str(now)


def readiness_text(reference: str, readiness: Readiness) -> str:
    """The notification text: ``OAK-7: ready to engage`` / ``OAK-7: not ready: …``."""
    return f"{escape(reference)}: {readiness.line()}"


def build_readiness_blocks(*, contract: Contract, provider_name: str, readiness: Readiness,
                           today: date, command: str) -> list[dict]:
    """Each of the five items met or not, with what is missing."""
    verdict = ("*Ready to engage*: all 5 items met." if readiness.ready else
               f"*Not ready to engage*: {len(readiness.unmet)} of 5 items unmet.")
    starts = ""
    if stage(contract.status, contract.end_date, today) is ContractStatus.TENDER:
        starts = f" The contract is to start {due_words(contract.start_date, today)}."
    lines = [f"{MET if item.met else UNMET} *{item.number}. {item.title}* — "
             f"{escape(item.detail)}" for item in readiness.items]
    return [
        header(f"{escape(contract.reference)} — readiness to engage"),
        context(f"Contract with *{escape(provider_name)}* · {stage_words(contract, today)} · "
                f"as of {day(today)}"),
        section(verdict + starts),
        section("\n".join(lines)),
        context(f"Counts only. {code(command + ' status ' + contract.reference)} shows the "
                "six standards once engaged."),
    ]
