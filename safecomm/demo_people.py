"""Who and what the demo partnership holds: its providers (risk, profile, lead, channel, how
their self-assessment and training stand), the contract managers, the BSCP admin and channel.
Every name, Slack ID and channel is invented (demo IDs start ``U0DEMO`` / ``C0DEMO``).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from models.enums import Risk

ADMIN = ("U0DEMOADMIN", "Sam Whitfield")  # the BSCP business team; holds the admin role
BSCP_CHANNEL = ("C0DEMOBSCP", "bscp-safe-commissioning")
# Contract managers: three by Slack ID, one by e-mail (looked up in Slack when run for real).
MANAGERS = [("U0DEMOCM01", "Priya Shah"), ("U0DEMOCM02", "Tom Okafor"),
            ("U0DEMOCM03", "Hannah Price"), ("commissioning.lead@example.org", "Gareth Lewis")]


class DemoProvider(NamedTuple):
    name: str
    risk: Risk
    profile: str  # strong | steady | struggling (see safecomm.demo_data)
    contracts: int
    lead: str
    lead_name: str
    channel: str
    assessment: str  # green | amber | overdue | no_statement | missing
    training: str  # green | amber | overdue | none

    @property
    def channel_name(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")


def _provider(n: int, name: str, risk: Risk, profile: str, lead_name: str, assessment: str,
              training: str) -> DemoProvider:
    contracts = 2 if profile == "strong" else 3
    return DemoProvider(name, risk, profile, contracts, f"U0DEMOPL{n:02d}", lead_name,
                        f"C0DEMOP{n:03d}", assessment, training)


PROVIDERS = [
    _provider(1, "Brightwell Youth Trust", Risk.HIGH, "steady", "Nadia Rahman", "amber", "green"),
    _provider(2, "Harbour Lane Fostering", Risk.HIGH, "strong", "Owen Pritchard", "green",
              "green"),
    _provider(3, "Oakmere Family Support", Risk.MEDIUM, "strong", "Leah Brennan", "green",
              "amber"),
    _provider(4, "Kestrel Sports Academy", Risk.MEDIUM, "struggling", "Dean Mottram", "missing",
              "none"),
    _provider(5, "Willowbank Residential Care", Risk.HIGH, "steady", "Fiona Gallagher",
              "green", "green"),
    _provider(6, "Northgate Tutoring", Risk.LOW, "strong", "Ravi Mistry", "green", "green"),
    _provider(7, "Riverside Play Association", Risk.LOW, "steady", "Carys Evans", "overdue",
              "green"),
    _provider(8, "Copperfield Mentoring", Risk.MEDIUM, "strong", "Imogen Hale", "green",
              "green"),
    _provider(9, "Lanternhouse Respite", Risk.HIGH, "struggling", "Marcus Doyle",
              "no_statement", "overdue"),
    _provider(10, "Meadowview Holiday Clubs", Risk.LOW, "strong", "Ffion Roberts", "amber",
              "green"),
    _provider(11, "Stonebridge Transport Services", Risk.MEDIUM, "steady", "Gary Holt", "green",
              "amber"),
    _provider(12, "Fairhaven Counselling", Risk.MEDIUM, "strong", "Alice Moreau", "green",
              "green"),
]


def directory() -> dict[str, tuple[str, str]]:
    """Every demo Slack ID → (what Slack shows for it: ``@Name`` or ``#channel``, who it is)."""
    people = {ADMIN[0]: (f"@{ADMIN[1]}", "BSCP business team, admin"),
              BSCP_CHANNEL[0]: (f"#{BSCP_CHANNEL[1]}", "the BSCP channel")}
    for user, name in MANAGERS:
        if user.startswith("U"):
            people[user] = (f"@{name}", "contract manager")
    for p in PROVIDERS:
        people[p.lead] = (f"@{p.lead_name}", f"safeguarding lead, {p.name}")
        people[p.channel] = (f"#{p.channel_name}", f"{p.name}'s channel")
    return people
