"""Process settings, read from the environment (prefix LINLI_) and .env, never at import time."""

from __future__ import annotations

import base64
import binascii
import ipaddress
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="LINLI_", env_file=".env", extra="ignore", populate_by_name=True
    )

    data_dir: Path = Path("data")
    config: Path = Path("deploy/demo/community.toml")
    db_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default: SQLite file in data_dir"
    )
    db_lock_timeout: float = Field(
        default=10.0,
        ge=0,
        le=600,
        description="PostgreSQL: seconds a statement waits for a lock held elsewhere before "
        "the message is held and retried (0: no limit); migrations wait as long as needed",
    )
    sqlite_busy_timeout: float = Field(
        default=5.0,
        gt=0,
        le=600,
        description="SQLite: seconds a statement waits for a lock another connection holds "
        "before the message is held and retried",
    )
    console_host: str = "127.0.0.1"
    console_port: int = Field(default=8080, ge=0, le=65535)  # 0: any free port
    console_enabled: bool = True
    secret_key: str | None = Field(
        default=None, description="cookie key (32 url-safe base64 bytes); default: kept in data_dir"
    )
    trusted_proxies: str = Field(
        default="",
        description="comma-separated IP addresses or networks (CIDR) of reverse proxies whose "
        "X-Forwarded-For and X-Forwarded-Proto headers are believed; empty: none",
    )
    cookie_secure: Literal["auto", "on", "off"] = Field(
        default="auto",
        description="Secure flag on the session cookie; auto: when the request came over HTTPS",
    )
    account: str = Field(default="default", description="which WeChat account this process runs")
    rate_limit: Literal["auto", "on", "off"] = Field(
        default="auto",
        description="pace sends by the config's [sending] limits; auto: on for WeChat only",
    )
    simulator_record: Path | None = Field(
        default=None, description="simulator: append every delivered message to this file"
    )
    simulator_delay: float = Field(
        default=0.0, ge=0, le=10, description="simulator: seconds each send takes"
    )
    simulator_inbound_port: int | None = Field(
        default=None,
        ge=1,
        le=65535,
        description="simulator: accept members' messages as JSON on 127.0.0.1:PORT (load "
        "benchmarks); off by default, never with WeChat",
    )
    tick_seconds: float = Field(
        default=30.0,
        ge=0.5,
        le=3600,
        description="seconds between runs of the periodic jobs (SLA sweep, scheduled posts)",
    )

    # Wechaty puppet service: a token switches `linli run` from the simulator to WeChat.
    wechaty_token: str | None = Field(default=None, validation_alias="WECHATY_PUPPET_SERVICE_TOKEN")
    wechaty_endpoint: str | None = Field(
        default=None, validation_alias="WECHATY_PUPPET_SERVICE_ENDPOINT"
    )

    @field_validator("secret_key")
    @classmethod
    def _secret_key_shape(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            key = base64.urlsafe_b64decode(value.strip().encode("ascii"))
        except (binascii.Error, ValueError, UnicodeEncodeError):
            key = b""
        if len(key) != 32:
            raise ValueError(
                "应为 32 字节的 URL 安全 base64 文本（44 个字符），例如用 "
                'python3 -c "import base64,secrets;'
                'print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())" 生成'
            )
        return value.strip()

    @field_validator("trusted_proxies")
    @classmethod
    def _trusted_proxies_shape(cls, value: str) -> str:
        # A host name or a typo here used to be kept as a string no peer ever equals: the
        # proxy's X-Forwarded-For was then ignored, and every login seemed to come from it.
        wrong = [p for p in _entries(value) if _network(p) is None]
        if wrong:
            shown = "、".join(repr(p[:60]) for p in wrong[:5])
            raise ValueError(
                f"{shown} 不是 IP 地址或网段；应是逗号分隔的 IP 地址（如 127.0.0.1、::1）"
                "或 CIDR 网段（如 172.18.0.0/16），不能写主机名 (not an IP address or network)"
            )
        return value

    def trusted_proxy_set(self) -> TrustedProxies:
        return TrustedProxies(n for p in _entries(self.trusted_proxies) if (n := _network(p)))

    def database_url(self) -> str:
        if self.db_url:
            return self.db_url
        return f"sqlite:///{(self.data_dir / 'linli.db').as_posix()}"


def _entries(value: str) -> list[str]:
    return [p.strip() for p in value.split(",") if p.strip()]


def _network(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    """An address (a one-address network) or a network; host bits set are forgiven."""
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        return None


class TrustedProxies:
    """The proxies' addresses, asked `peer in trusted` with the peer as aiohttp gives it."""

    def __init__(self, networks: Iterable[ipaddress.IPv4Network | ipaddress.IPv6Network]) -> None:
        self._networks = tuple(networks)

    def __contains__(self, address: object) -> bool:
        if not isinstance(address, str) or not self._networks:
            return False
        try:
            ip = ipaddress.ip_address(address.strip().split("%")[0])  # fe80::1%eth0
        except ValueError:
            return False
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped  # a dual-stack socket names an IPv4 proxy ::ffff:10.0.0.2
        return any(ip.version == n.version and ip in n for n in self._networks)

    def __bool__(self) -> bool:
        return bool(self._networks)


def settings_problems(exc: ValidationError) -> str:
    """A Settings error as the operator sets it: by environment variable, without a trace."""
    lines = []
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else ""
        name = f"LINLI_{field.upper()}" if field else "(设置)"
        lines.append(f"  {name}: {error['msg'].removeprefix('Value error, ')}")
    return "设置有误：\n" + "\n".join(lines)
