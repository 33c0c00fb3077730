"""A bot whose config carries API tokens: one community-wide, one for 锦绣家园's secretary."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import ApiTokenConfig, CommunityConfig, ConsoleConfig
from bot.ports import Classifier
from tests.conftest import Bot, running_bot

STAFF_TOKEN = "staff-token-0123456789abcdef"
JINXIU_TOKEN = "jinxiu-token-0123456789abcdef"


@pytest.fixture
async def api_bot(
    sqlite_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> AsyncIterator[Bot]:
    config = demo_config.model_copy(
        update={
            "console": ConsoleConfig(
                api_tokens=[
                    ApiTokenConfig(name="网格系统", token=STAFF_TOKEN),
                    ApiTokenConfig(
                        name="锦绣台账", token=JINXIU_TOKEN, role="secretary", estate="jinxiu"
                    ),
                ]
            )
        }
    )
    async with running_bot(sqlite_url, tmp_path, config, classifier) as bot:
        yield bot
