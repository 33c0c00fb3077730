"""Chat features, one module each; `build_router()` assembles them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.chat.router import Router

if TYPE_CHECKING:
    from bot.domain.helpdesk import Catalog
    from bot.services.points_policy import PointsPolicy


def build_router(
    points_policy: PointsPolicy | None = None, helpdesk_catalog: Catalog | None = None
) -> Router:
    from bot.domain.helpdesk import Catalog
    from bot.handlers import (
        activities,
        broadcasts,
        cancelling,
        cases,
        deliberation,
        help,
        helpdesk,
        market,
        points,
        publicity,
        review,
        stats,
        votes,
        wishes,
    )
    from bot.services.points_policy import default_policy

    desk = helpdesk.Desk(points_policy or default_policy(), helpdesk_catalog or Catalog())
    # Order matters only for intent kinds; commands are matched by name.
    return Router("linli").include(
        cases.build_router(desk),
        helpdesk.build_router(desk),
        help.build_router(),
        activities.build_router(points_policy),
        broadcasts.build_router(),
        cancelling.build_router(points_policy),
        wishes.build_router(points_policy, desk),
        points.build_router(points_policy),
        market.build_router(),
        publicity.build_router(points_policy),
        review.build_router(desk),
        votes.build_router(),
        deliberation.build_router(),
        stats.build_router(),
    )
