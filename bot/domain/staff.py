"""Console accounts and the audit trail of what staff did."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class StaffRole(enum.StrEnum):
    STAFF = "staff"  # 社区工作者 / 网格员: the whole community
    SECRETARY = "secretary"  # 支部书记: one 小区
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return {"staff": "社区工作人员", "secretary": "支部书记", "admin": "管理员"}[self.value]


@dataclass(eq=False)
class StaffUser:
    username: str
    name: str
    role: StaffRole
    password_hash: str
    estate_id: int | None = None  # a secretary sees one 小区
    person_id: int | None = None
    failed_logins: int = 0
    locked_until: datetime | None = None  # unused since issue 12: accounts are not locked
    session_epoch: int = 0  # a console session is valid only under the epoch it was issued in
    id: int | None = None

    def end_sessions(self) -> None:
        """Every session issued so far stops working (logout, new password)."""
        self.session_epoch += 1

    def set_password_hash(self, password_hash: str) -> None:
        if password_hash != self.password_hash:
            self.password_hash = password_hash
            self.end_sessions()

    def login_failed(self, now: datetime) -> None:
        # Counted for the record only: an account is never locked, since anyone could lock
        # it; the console throttles the attacking address instead (bot/console/throttle.py).
        self.failed_logins += 1

    def login_succeeded(self) -> None:
        self.failed_logins = 0
        self.locked_until = None

    @property
    def scope_estate(self) -> int | None:
        """The one 小区 a secretary is limited to; None for community-wide roles."""
        return self.estate_id if self.role is StaffRole.SECRETARY else None

    def may_see_estate(self, estate_id: int | None) -> bool:
        return self.scope_estate is None or estate_id == self.scope_estate


@dataclass(eq=False)
class AuditEntry:
    at: datetime
    actor: str
    action: str
    target: str = ""
    detail: str = ""
    id: int | None = None
