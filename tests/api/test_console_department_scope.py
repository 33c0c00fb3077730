"""Issue 12: the department API answers the same for "no such case" and "not yours", so a
department cannot learn which case codes exist in the community."""

from __future__ import annotations

from pathlib import Path

from aiohttp.test_utils import TestClient, TestServer

from bot.config import CommunityConfig, DepartmentConfig
from bot.console.app import create_app
from bot.ports import Classifier
from tests.conftest import running_bot

TOKEN = "water-callback-0123456789abcdef"


async def test_missing_and_not_yours_look_the_same(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    water = DepartmentConfig(
        key="water",
        name="供水所",
        url="http://127.0.0.1:9/hook",
        secret="0123456789abcdef",
        callback_token=TOKEN,
        categories=["utilities"],
    )
    config = demo_config.model_copy(update={"departments": [water]})
    async with running_bot(db_url, tmp_path, config, classifier) as bot:
        await bot.say("3号楼电梯坏了")  # E0001 exists, never whistled to the water company
        auth = {"Authorization": f"Bearer {TOKEN}"}
        async with TestClient(TestServer(create_app(bot.linli))) as client:
            answers = []
            for code in ("E0001", "E0099"):
                for method in ("POST", "GET"):
                    # Callbacks carry an Idempotency-Key (issue 12 item 7); a fresh one each time.
                    key = {"Idempotency-Key": f"{code}-{method}"} if method == "POST" else {}
                    response = await client.request(
                        method,
                        f"/api/department/cases/{code}",
                        json={"kind": "progress", "text": "已到场"} if method == "POST" else None,
                        headers={**auth, **key},
                    )
                    answers.append((method, response.status, await response.json()))
        assert answers[0] == answers[2] and answers[1] == answers[3]
        assert answers[0][1] == 404
