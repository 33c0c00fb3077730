"""Which lines of the shared real-text files are held out for testing.

One rule, used by training, tuning and evaluation alike: line n (1-based) of file f is test
material iff crc32("f:n") % 5 == 0. A fixed hash, not a random draw, so every tool agrees on
the split without storing it, and adding lines to a file never moves an existing line.
"""

from __future__ import annotations

import zlib


def is_real_test(file_name: str, line_no: int) -> bool:
    """`file_name` is the bare file name (complaints_….jsonl); `line_no` counts from 1."""
    return zlib.crc32(f"{file_name}:{line_no}".encode()) % 5 == 0


def is_holdout(text: str, share: int = 3) -> bool:
    """A team training file's own validation lines (about share/10 of them), by crc32 of the
    text, so the packaged model never trains on them and every tool agrees on which they are."""
    return zlib.crc32(text.encode()) % 10 < share


def fold_of(text: str, folds: int = 2) -> int:
    """Which cross-validation fold a training line belongs to (crc32 of its text)."""
    return zlib.crc32(f"fold:{text}".encode()) % folds
