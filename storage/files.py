"""The data folder holds the database, the cookie key and WeChat's session: nobody but the
bot's own user may read it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def private_dir(path: Path) -> Path:
    """Create `path` 0700, or tighten it to 0700 if it is ours and open to others.

    The current directory is never changed: a data folder of "." is the operator's choice.
    """
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    if path.resolve() == Path.cwd().resolve():
        return path
    info = path.stat()
    if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) & 0o077:
        path.chmod(PRIVATE_DIR)
    return path


def create_private(path: Path, data: bytes) -> bool:
    """Write a new file that is 0600 from its first byte; False when it already exists."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return False
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return True
