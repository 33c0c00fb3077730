"""Chat features, one module each; `build_router()` assembles them."""

from __future__ import annotations

from bot.chat.router import Router


def build_router() -> Router:
    from bot.handlers import cases, help

    # Order matters only for intent kinds; commands are matched by name.
    return Router("linli").include(cases.build_router(), help.build_router())
