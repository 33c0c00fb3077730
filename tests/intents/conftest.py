from __future__ import annotations

import pytest

from intents.engine import IntentEngine


@pytest.fixture(scope="session")
def engine() -> IntentEngine:
    # One engine for the session: building it loads jieba's dictionary (~0.6 s).
    return IntentEngine.from_files()
