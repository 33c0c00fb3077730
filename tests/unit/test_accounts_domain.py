"""The accounts' rules (issue 15): states, staleness, labels, the logout notice."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.domain.accounts import (
    STALE_AFTER,
    STALE_LABEL,
    AccountStatus,
    LinkState,
    logout_notice,
    state_of,
)

NOW = datetime.fromisoformat("2026-12-01T09:00:00+08:00")


def test_the_transport_says_why_it_is_offline_or_we_call_it_offline() -> None:
    assert state_of(True, None) is LinkState.ONLINE
    assert state_of(True, LinkState.LOGGED_OUT) is LinkState.ONLINE  # online wins
    assert state_of(False, None) is LinkState.OFFLINE
    assert state_of(False, LinkState.ONLINE) is LinkState.OFFLINE  # a contradiction
    assert state_of(False, LinkState.LOGGED_OUT) is LinkState.LOGGED_OUT
    assert state_of(False, LinkState.WAITING_SCAN) is LinkState.WAITING_SCAN


def test_a_silent_process_is_offline_whatever_it_said_last() -> None:
    fresh = AccountStatus("a", LinkState.ONLINE, heartbeat_at=NOW - timedelta(seconds=30))
    assert fresh.reachable(NOW) and fresh.label(NOW) == "在线"
    silent = AccountStatus("a", LinkState.ONLINE, heartbeat_at=NOW - STALE_AFTER * 2)
    assert not silent.reachable(NOW) and silent.label(NOW) == STALE_LABEL
    never = AccountStatus("a", LinkState.ONLINE)
    assert not never.reachable(NOW)
    scanning = AccountStatus("a", LinkState.WAITING_SCAN, heartbeat_at=NOW)
    assert not scanning.reachable(NOW) and scanning.label(NOW) == "等待扫码"
    logged_out = AccountStatus("a", LinkState.LOGGED_OUT, heartbeat_at=NOW)
    assert logged_out.label(NOW) == "已登出"


def test_the_logout_notice_names_the_account_and_a_few_groups() -> None:
    text = logout_notice("jd03", "手机上退出", ["兰亭3号楼邻里群", "兰亭小区业主群"])
    assert "「jd03」已登出（手机上退出）" in text and "2 个群" in text
    assert "兰亭3号楼邻里群、兰亭小区业主群" in text and "改给同在群里的其他账号" in text
    many = logout_notice("jd03", "", [f"群{n}" for n in range(25)])
    assert "25 个群" in many and "群9 等 25 个" in many and "群10" not in many
    assert "未说明原因" in many
    assert "：无。" in logout_notice("jd03", "x", [])
