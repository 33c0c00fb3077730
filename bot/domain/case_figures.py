"""A period's case figures as the database counts them, for the dashboard at district size:
three years of cases are never loaded into memory to count a quarter."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.domain.sla import STEPS, Step


@dataclass(frozen=True)
class CaseGroup:
    """Cases opened in a period with the same 小区, category and 楼栋 (for 十件实事)."""

    estate_id: int
    category: str
    building: str | None
    cases: int
    reporters: int


@dataclass(frozen=True)
class Share:
    hit: int = 0
    of: int = 0


@dataclass(frozen=True)
class PeriodTally:
    """The 12345 rates and 2341 compliance of the cases opened in a period (bot.services.reports
    explains each rate; this is the same arithmetic done by the database)."""

    opened: int = 0
    response: Share = Share()
    resolution: Share = Share()
    satisfaction: Share = Share()
    steps: dict[Step, Share] = field(default_factory=lambda: {s: Share() for s in STEPS})
