"""The media folder: evidence files kept by sha256 under data/media/ab/cdef…"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from bot.domain.evidence import blob_path


class FileBlobStore:
    """Content-addressed files. The name is the hash (checked, so no path can escape the
    folder) and a write goes to a temporary file first: a crash never leaves half a photo."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        return self.root / blob_path(sha256)

    def put(self, sha256: str, data: bytes) -> None:
        target = self.path(sha256)
        if target.exists():
            return  # the same content is already there
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def get(self, sha256: str) -> bytes | None:
        try:
            return self.path(sha256).read_bytes()
        except FileNotFoundError:
            return None

    def delete(self, sha256: str) -> None:
        self.path(sha256).unlink(missing_ok=True)
