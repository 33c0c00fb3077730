"""Chat features, one module each; `build_router()` assembles them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.chat.router import Router

if TYPE_CHECKING:
    from bot.services.points_policy import PointsPolicy


def build_router(points_policy: PointsPolicy | None = None) -> Router:
    from bot.handlers import (
        activities,
        broadcasts,
        cases,
        deliberation,
        help,
        market,
        points,
        publicity,
        review,
        votes,
        wishes,
    )

    # Order matters only for intent kinds; commands are matched by name.
    return Router("linli").include(
        cases.build_router(),
        help.build_router(),
        activities.build_router(),
        broadcasts.build_router(),
        wishes.build_router(points_policy),
        points.build_router(points_policy),
        market.build_router(),
        publicity.build_router(points_policy),
        review.build_router(),
        votes.build_router(),
        deliberation.build_router(),
    )
