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
