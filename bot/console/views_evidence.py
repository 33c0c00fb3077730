"""Evidence files on the console: a case's photos, voice notes and videos, and a 帮办's proof
photos, for staff who may see the case or request (a secretary only their 小区), with the type
recorded when the file was sniffed."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from aiohttp import web

from bot.console.base import in_uow, int_param, linli, not_found, user
from bot.domain.evidence import Evidence, EvidenceKind
from bot.ports import UnitOfWork
from bot.services import console_cases
from bot.services.evidence.files import thumbnail

MISSING = "没有这个文件，或不在您负责的小区。"


def register(app: web.Application) -> None:
    app.router.add_get("/cases/{case_id}/evidence/{evidence_id}", evidence_file)
    app.router.add_get("/cases/{case_id}/evidence/{evidence_id}/thumb", evidence_thumb)
    app.router.add_get("/helpdesk/{help_id}/evidence/{evidence_id}", help_evidence_file)
    app.router.add_get("/helpdesk/{help_id}/evidence/{evidence_id}/thumb", help_evidence_thumb)


def _case_file(request: web.Request) -> Callable[[UnitOfWork], Evidence | None]:
    case_id = int_param(request, "case_id")
    evidence_id = int_param(request, "evidence_id")
    staff = user(request)

    def load(uow: UnitOfWork) -> Evidence | None:
        if console_cases.visible_case(uow, staff, case_id) is None:
            return None
        found = uow.evidence.get(evidence_id)
        return found if found is not None and found.case_id == case_id else None

    return load


def _help_file(request: web.Request) -> Callable[[UnitOfWork], Evidence | None]:
    help_id = int_param(request, "help_id")
    evidence_id = int_param(request, "evidence_id")
    staff = user(request)

    def load(uow: UnitOfWork) -> Evidence | None:
        help_request = uow.helpdesk.get(help_id)
        if help_request is None or not staff.may_see_estate(help_request.estate_id):
            return None
        found = uow.evidence.get(evidence_id)
        return found if found is not None and found.help_id == help_id else None

    return load


async def _visible(
    request: web.Request, load: Callable[[UnitOfWork], Evidence | None]
) -> tuple[Evidence, bytes]:
    evidence = await in_uow(request, load)
    if evidence is None:
        raise not_found(MISSING)
    # The name on disk is the hash from the database (checked to be one): nothing from the
    # request reaches the path. Read on a thread of its own, like the drawing below: a file
    # is up to 20 MB, and the core's one thread answers the residents.
    data = await asyncio.to_thread(linli(request).media.get, evidence.sha256)
    if data is None:
        raise not_found(MISSING)
    return evidence, data


def _headers() -> dict[str, str]:
    return {
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, max-age=3600",
        "Content-Security-Policy": "default-src 'none'; sandbox",
    }


async def evidence_file(request: web.Request) -> web.Response:
    return _file(*await _visible(request, _case_file(request)))


async def evidence_thumb(request: web.Request) -> web.Response:
    return await _thumb(request, *await _visible(request, _case_file(request)))


async def help_evidence_file(request: web.Request) -> web.Response:
    return _file(*await _visible(request, _help_file(request)))


async def help_evidence_thumb(request: web.Request) -> web.Response:
    return await _thumb(request, *await _visible(request, _help_file(request)))


def _file(evidence: Evidence, data: bytes) -> web.Response:
    headers = _headers()
    headers["Content-Disposition"] = "inline"
    return web.Response(body=data, content_type=evidence.mime, headers=headers)


async def _thumb(request: web.Request, evidence: Evidence, data: bytes) -> web.Response:
    if evidence.kind is not EvidenceKind.PHOTO:
        raise not_found(MISSING)
    # Decoding a photo of up to 64 megapixels takes a while: not on the core's thread.
    small = await asyncio.to_thread(thumbnail, data)
    if small is None:
        raise not_found(MISSING)
    return web.Response(body=small, content_type="image/jpeg", headers=_headers())
