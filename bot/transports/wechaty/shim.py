"""Importing python-wechaty 0.10.7: the Python 3.11 shim, done lazily.

Loaded only when the wechaty transport starts (`WechatyTransport.start`), never at import time,
so importing `bot.transports` costs nothing and the simulator never pays for python-wechaty.
Python 3.11/3.12 only: python-wechaty imports `telnetlib`, which Python 3.13 removed.
"""

from __future__ import annotations

import logging
import os
import sys
import warnings
from pathlib import Path
from types import ModuleType


def load_wechaty(cache_dir: Path) -> ModuleType:
    """Import python-wechaty 0.10.7 so that it works on Python 3.11/3.12 and writes nothing in cwd.

    The shim, and why each part is needed (tests/unit/test_wechaty_shim.py checks every one):
    - `PuppetOptions.__hash__`: `wechaty.WechatyOptions` declares `puppet_options: PuppetOptions
      = PuppetOptions()`; since 3.11 dataclasses reject an unhashable default ("mutable default
      … use default_factory") and the import fails. Giving the class identity hashing passes
      the check; we never rely on that shared default (we always pass our own options).
    - `CACHE_DIR`: at import, `wechaty.schema` computes `{CACHE_DIR}/job.db` and creates the
      directory, `.wechaty/` in the working directory by default.
    - `WECHATY_LOG`: read when its loggers are created (import time); its level names are mapped
      oddly (`silent` logs everything), `warn` is the sane one.
    - telnetlib's DeprecationWarning (3.11+) is the library's, not ours; it is silenced for
      this import only.
    The pins `pyee<9` (AsyncIOEventEmitter) and `urllib3<2` (get_host) live in pyproject.toml.
    """
    if "wechaty" in sys.modules:
        return sys.modules["wechaty"]
    cache_dir.mkdir(parents=True, exist_ok=True)
    os.environ["CACHE_DIR"] = str(cache_dir)
    os.environ.setdefault("WECHATY_LOG", "warn")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*telnetlib.*", category=DeprecationWarning)
        from wechaty_puppet.schemas.puppet import PuppetOptions

        if PuppetOptions.__hash__ is None:
            PuppetOptions.__hash__ = object.__hash__
        import wechaty
        import wechaty_puppet_service  # noqa: F401  (its logger exists only once imported)
    # PuppetService logs the token at WARNING on every connect ("there are endpoint<…> and
    # token<…>"); keep secrets out of the logs.
    logging.getLogger("PuppetService").setLevel(logging.ERROR)
    # Wechaty.start()'s login listener starts the plugin manager, which warns at every login
    # that no plugin registered a web blueprint ("there is not registed blueprint…"); Linli
    # uses no plugins, so it is noise (the transport never calls start(); the bench's bare mode
    # does).
    logging.getLogger("wechaty.plugin").setLevel(logging.ERROR)
    # FileBox logs every photo sent at INFO and warns that `mimeType` is deprecated each time
    # a FileBox is serialized (its own property, read by its own serializer).
    logging.getLogger("FileBox").setLevel(logging.ERROR)
    module: ModuleType = wechaty  # wechaty ships no types: mypy sees Any
    return module
