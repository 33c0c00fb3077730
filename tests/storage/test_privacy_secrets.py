"""A resident's export carries no credential or key (issue 15 §5): not a console account's
password hash or session epoch, not a secret ballot's seal, nothing shaped like a hash or a
token. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from pathlib import Path

from argon2 import PasswordHasher

from bot.config import CommunityConfig
from bot.domain.staff import StaffRole, StaffUser
from bot.ports import Classifier
from bot.services.deliberation import votes
from bot.services.privacy import rights
from tests.integration.votes_support import building_vote, linli_on, person

# Shapes of secrets: a PHC-format hash ($argon2id$…, $2b$…), a long hex digest (sha256, a
# seal), a long base64/url-safe run (a token, a session id, an API key).
SHAPES = {
    "phc hash": re.compile(r"\$(argon2|2[aby]|scrypt|pbkdf2)[^\s\"]*"),
    "hex digest": re.compile(r"\b[0-9a-fA-F]{32,}\b"),
    "token": re.compile(r"[A-Za-z0-9_\-+/]{40,}={0,2}"),
}
SECRET_KEYS = re.compile(r"password|hash|token|seal|session|api_?key|salt", re.IGNORECASE)


def _keys(value: object) -> set[str]:
    if isinstance(value, dict):
        return {str(k) for k in value} | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_the_export_leaves_out_hashes_seals_and_session_epochs(
    db_url: str, tmp_path: Path, demo_config: CommunityConfig, classifier: Classifier
) -> None:
    with linli_on(db_url, tmp_path, demo_config, classifier) as (linli, clock):
        vote = building_vote(linli, secret=True)
        zhang = person(linli, "张阿姨")
        with linli.uow_factory() as uow:
            votes.cast(
                uow, vote.code, "同意", zhang, now=clock.now(), ballot_key=linli.profile.ballot_key
            )
            uow.staff.add(
                StaffUser(
                    username="zhang",
                    name="张阿姨",
                    role=StaffRole.SECRETARY,
                    password_hash=PasswordHasher().hash("一个密码"),
                    person_id=zhang.id,
                    session_epoch=3,
                )
            )
            uow.commit()
        with linli.uow_factory() as uow:
            document = rights.export(uow, zhang.wechat_id, clock.now(), "admin")
            uow.commit()
        text = rights.export_json(document)
        content = json.loads(text)["内容"]
        # The rows are there (the export is complete) …
        assert [u["username"] for u in content["控制台账号"]] == ["zhang"]
        assert len(content["投票记录（不记名投票不含所投选项）"]) == 1
        # … without their secrets, by name or by shape.
        assert not {k for k in _keys(content) if SECRET_KEYS.search(k)}
        for shape, pattern in SHAPES.items():
            assert not pattern.findall(text), shape
        # The stored rows still have them (only the copy leaves them out).
        assert all(row for row in document.records)
        assert "password_hash" not in document.records["staff_users"][0]
        assert "seal" not in document.records["vote_participation"][0]


def test_a_credential_column_is_recognised_by_name_in_any_table() -> None:
    assert rights.is_secret("staff_users", "password_hash")
    assert rights.is_secret("vote_participation", "seal")
    assert rights.is_secret("webhooks", "api_key") and rights.is_secret("x", "session_id")
    assert rights.is_secret("x", "refresh_token")
    assert not rights.is_secret("outbox", "key") and not rights.is_secret("people", "name")
