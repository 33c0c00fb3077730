"""The [sla], [[departments]] and [webhooks] sections: optional, with errors naming the field."""

from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path

import pytest

from bot.config import ConfigError, load_config
from bot.domain.escalation import Rung
from bot.services.sla import policy_from_config, sweep_settings
from tests.conftest import DEMO_CONFIG

DEPARTMENT = """
[[departments]]
key = "jiedao"
name = "街道城管科"
url = "https://example.org/hook"
secret = "0123456789abcdef0123"
callback_token = "abcdef0123456789abcd"
categories = ["{category}"]
"""


def write(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "community.toml"
    path.write_text(DEMO_CONFIG.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


def test_the_demo_config_gets_the_2341_defaults() -> None:
    config = load_config(DEMO_CONFIG)
    policy = policy_from_config(config)
    assert policy.normal.respond == timedelta(minutes=20)
    assert policy.normal.coordinate == timedelta(hours=4)
    assert policy.urgent.solution == timedelta(hours=4)
    assert (policy.quiet.start, policy.quiet.end) == (time(22, 0), time(7, 30))
    assert sweep_settings(config, "default").ladder == (
        Rung.LEADER,
        Rung.SECRETARY,
        Rung.STAFF,
        Rung.DEPARTMENT,
    )


def test_custom_sla_and_department(tmp_path: Path) -> None:
    extra = (
        '\n[sla]\nrespond_minutes = 15\nquiet_start = "21:30"\nextra_holidays = [2027-01-01]\n'
        'ladder = ["支部书记", "部门"]\n[sla.urgent]\nrespond_minutes = 3\n'
        + DEPARTMENT.format(category="elevator")
    )
    config = load_config(write(tmp_path, extra))
    settings = sweep_settings(config, "default")
    assert settings.policy.normal.respond == timedelta(minutes=15)
    assert settings.policy.urgent.respond == timedelta(minutes=3)
    assert settings.policy.quiet.start == time(21, 30)
    assert settings.ladder == (Rung.SECRETARY, Rung.DEPARTMENT)
    assert settings.departments[0].handles("elevator")


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (DEPARTMENT.format(category="spaceships"), "departments[0].categories"),
        ('\n[sla]\nquiet_start = "25:00"\n', "sla.quiet_start"),
        ("\n[sla]\nrespond_minutes = 0\n", "sla.respond_minutes"),
        ('\n[sla]\nladder = ["居委会"]\n', "sla.ladder"),
        (DEPARTMENT.format(category="elevator").replace("https://", "ftp://"), "url"),
        (DEPARTMENT.format(category="elevator").replace("0123456789abcdef0123", "short"), "secret"),
    ],
)
def test_bad_sections_name_the_field(tmp_path: Path, extra: str, needle: str) -> None:
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, extra))
    assert needle in str(error.value)
