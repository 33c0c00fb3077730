"""Login, sessions and CSRF for the console."""

from __future__ import annotations

import base64
import ipaddress
import secrets
from collections.abc import Awaitable, Callable, Container, Mapping
from pathlib import Path
from typing import Any

from aiohttp import web
from aiohttp_session import Session, get_session
from aiohttp_session.cookie_storage import EncryptedCookieStorage
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from storage.files import create_private, private_dir

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# The JSON API authenticates with bearer tokens (bot/console/api.py, api_department.py).
PUBLIC_PREFIXES = ("/login", "/static/", "/healthz", "/api/", "/favicon.ico")
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"


def load_secret(secret: str | None, data_dir: Path) -> bytes:
    """The cookie key: from settings, or made once and kept in the data folder."""
    if secret:
        return base64.urlsafe_b64decode(secret)
    path = private_dir(data_dir) / "console.key"
    # Created 0600 in one step (never briefly readable); if another process won the race,
    # its key is the one to use.
    create_private(path, base64.urlsafe_b64encode(secrets.token_bytes(32)))
    return base64.urlsafe_b64decode(path.read_bytes().strip())


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return PasswordHasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


DEMO_PASSWORD = "linli-demo"  # published in the README and the demo config


def is_loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may well resolve to a public address


def demo_password_accounts(password_hashes: dict[str, str]) -> list[str]:
    """The usernames whose password is still the published demo password."""
    return [name for name, h in password_hashes.items() if verify_password(h, DEMO_PASSWORD)]


def dummy_hash() -> str:
    """A hash no password matches: unknown usernames are verified against it, so a wrong
    username costs the same argon2 work as a wrong password."""
    return PasswordHasher().hash(secrets.token_urlsafe(32))


def client_address(request: web.Request, trusted: Container[str]) -> str:
    """The client's address; X-Forwarded-For counts only when a trusted proxy sent it."""
    peer = request.remote or "?"
    if peer not in trusted:
        return peer
    hops = [h.strip() for h in request.headers.get("X-Forwarded-For", "").split(",") if h.strip()]
    # The rightmost hop not ours is what our proxy saw; anything left of it the client wrote.
    for hop in reversed(hops):
        if hop not in trusted:
            return hop[:64]
    return peer


def came_over_https(request: web.Request, trusted: Container[str]) -> bool:
    if request.secure:
        return True
    if (request.remote or "") in trusted:
        proto = request.headers.get("X-Forwarded-Proto", "").split(",")[0].strip().lower()
        return proto == "https"
    return False


CLOCK_SLACK = 300.0  # seconds a session's times may run ahead of the clock (NTP steps)


def session_expired(
    session: Mapping[str, object], now: float, *, max_hours: float, idle_minutes: float
) -> bool:
    """A session ends after `max_hours` from login, or `idle_minutes` without a request.

    The cookie's own max-age is only a hint to the browser; this is checked on the server,
    against the bot's clock, so a copied cookie stops working too.
    """
    issued, seen = session.get("issued"), session.get("seen")
    if not isinstance(issued, (int, float)) or not isinstance(seen, (int, float)):
        return True
    if max(issued, seen) > now + CLOCK_SLACK:
        # Written while the clock was ahead (then set back): counted from that moment, the
        # session, and a copied cookie, would outlive its hours by the whole jump.
        return True
    return now - issued > max_hours * 3600 or now - seen > idle_minutes * 60


async def csrf_token(request: web.Request) -> str:
    session = await get_session(request)
    token = session.get(CSRF_FIELD)
    if not token:
        token = session[CSRF_FIELD] = secrets.token_urlsafe(24)
    return str(token)


FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
# Handlers that read their multipart body as a stream (a file past the evidence cap must
# reach the bot, not be refused by the console): their token comes in the header.
STREAMED = frozenset({"/simulator/media"})
NOT_TEXT = "提交的内容不是有效的文字（编码不对），请刷新页面后重新填写。"


@web.middleware
async def csrf_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every state-changing request carries the session's token, in the form or a header.

    A form is read here, once, for every handler after it (aiohttp keeps it): one whose
    bytes are not UTF-8 is a 400 before any handler runs (aiohttp raised UnicodeDecodeError,
    a 500 and a traceback, from whichever handler read it first)."""
    if request.method in {"POST", "PUT", "PATCH", "DELETE"} and not request.path.startswith(
        "/api/"
    ):
        session = await get_session(request)
        expected = session.get(CSRF_FIELD)
        sent: object = request.headers.get(CSRF_HEADER)  # a form field may be a file
        if request.content_type in FORM_TYPES and request.path not in STREAMED:
            try:
                form = await request.post()
            except UnicodeDecodeError:
                raise web.HTTPBadRequest(text=NOT_TEXT) from None
            if sent is None:
                sent = form.get(CSRF_FIELD)
        if not expected or not same_secret(sent, str(expected)):
            raise web.HTTPForbidden(text="页面已过期或请求来源不明，请刷新页面后重试。")
    return await handler(request)


def same_secret(sent: object, expected: str) -> bool:
    """`sent` (from a header or form: any text, even undecodable bytes) is `expected`, in
    constant time. compare_digest refuses str with non-ASCII characters (TypeError) and
    encode() refuses the surrogates aiohttp decodes stray header bytes to: as bytes, with
    those bytes given back, both are simply different."""
    if not isinstance(sent, str):
        return False
    return secrets.compare_digest(
        sent.encode("utf-8", "surrogateescape"), expected.encode("utf-8", "surrogateescape")
    )


# Everything the console loads is its own: no CDN, no inline script or style.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Server": "linli",  # no version for a scanner to match
}


async def add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """on_response_prepare: every answer (pages, API, static files, errors) gets them."""
    for name, value in SECURITY_HEADERS.items():
        response.headers[name] = value


class SessionStorage(EncryptedCookieStorage):
    """The encrypted cookie, marked Secure when the request came over HTTPS (or always)."""

    def __init__(
        self, secret: bytes, *, secure: str, trusted: Container[str], **kwargs: Any
    ) -> None:
        super().__init__(secret, **kwargs)
        self._secure, self._trusted = secure, trusted

    async def save_session(
        self, request: web.Request, response: web.StreamResponse, session: Session
    ) -> None:
        if self._secure == "auto":
            secure = came_over_https(request, self._trusted)
        else:
            secure = self._secure == "on"
        # No await between setting the flag and writing the cookie: requests cannot mix.
        self._cookie_params["secure"] = secure or None
        await super().save_session(request, response, session)

    def load_cookie(self, request: web.Request) -> str | None:
        """A cookie we wrote is base64 text: one with other characters (stray bytes, which
        the library's encode() raised on before any error page could be drawn) is no
        session at all, like one that does not decrypt."""
        cookie = super().load_cookie(request)
        return cookie if cookie is None or cookie.isascii() else None


def local_path(target: str) -> bool:
    r"""True when `target` is a path on this site and nothing else.

    Browsers drop tabs and newlines from a URL and read a backslash as a slash, so "/<tab>/x.com"
    or "/\x.com" would become "//x.com", another site: any of those characters disqualifies it.
    """
    if not target.startswith("/") or target.startswith("//"):
        return False
    return not any(c < " " or c in "\\\x7f" for c in target)
