"""How gateway failures are told apart: connection trouble (retry), a refused token (stop), and
a send that may succeed later or never. grpclib is imported lazily, like wechaty."""

from __future__ import annotations

from bot.ports import SendFailed, TransportRefused


class TransportAuthError(TransportRefused):
    """The Wechaty gateway refused our token. Retrying will not help; the operator must act."""


def connection_errors() -> tuple[type[BaseException], ...]:
    from grpclib.exceptions import GRPCError, StreamTerminatedError

    return (OSError, TimeoutError, StreamTerminatedError, GRPCError, ConnectionError)


def connection_lost(exc: BaseException) -> bool:
    """Whether a failed call means the connection is gone (the event is worth replaying after
    the next login), not an answer from the gateway (no payload for that id, …), which a
    replay would only get again."""
    from grpclib.const import Status
    from grpclib.exceptions import GRPCError

    if isinstance(exc, GRPCError):
        return exc.status in (Status.UNAVAILABLE, Status.CANCELLED, Status.DEADLINE_EXCEEDED)
    return True


def describe(exc: BaseException) -> str:
    status = getattr(exc, "status", None)
    if status is not None:
        return f"{getattr(status, 'name', status)}: {getattr(exc, 'message', '') or ''}".strip()
    return f"{type(exc).__name__}: {exc}".rstrip(": ")


def raise_if_auth(exc: BaseException) -> None:
    from grpclib.const import Status

    if getattr(exc, "status", None) is Status.UNAUTHENTICATED:
        raise TransportAuthError(
            "Wechaty 网关拒绝了 token（UNAUTHENTICATED）：请检查 WECHATY_PUPPET_SERVICE_TOKEN "
            f"是否与网关的 token 一致（{getattr(exc, 'message', '')}）"
        ) from exc


_PERMANENT_HINTS = ("not exist", "not found", "no payload", "invalid")


def send_failure(exc: BaseException) -> SendFailed:
    """What a failed message_send_text call means. A gateway's own error answer means it
    did not send; a lost connection or a timeout leaves it open (maybe_delivered)."""
    from grpclib.const import Status
    from grpclib.exceptions import GRPCError

    if isinstance(exc, GRPCError):
        if exc.status in (Status.NOT_FOUND, Status.INVALID_ARGUMENT, Status.PERMISSION_DENIED):
            return SendFailed(describe(exc), transient=False)
        message = (exc.message or "").lower()
        if exc.status in (Status.INTERNAL, Status.UNKNOWN) and any(
            hint in message for hint in _PERMANENT_HINTS
        ):
            return SendFailed(describe(exc), transient=False)
        # grpclib reports a connection lost mid-call as one of these, not as an answer.
        lost = exc.status in (Status.UNAVAILABLE, Status.CANCELLED, Status.DEADLINE_EXCEEDED)
        return SendFailed(describe(exc), transient=True, maybe_delivered=lost)
    # Connection trouble, timeouts: worth another try once we are back — but the request
    # had left, so the gateway may have sent it.
    return SendFailed(describe(exc), transient=True, maybe_delivered=True)
