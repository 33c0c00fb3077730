"""A picture with more pixels than any camera makes is refused before it is decoded (probe8):
a PNG of one grey, 9,000 × 8,000, is about 100 KB on the wire and 72 MB to 288 MB once
opened, and Pillow itself only warns past 89 megapixels and refuses past 179."""

from __future__ import annotations

import io
import struct
import time
import zlib

from PIL import Image

from bot.services.evidence.files import MAX_PIXELS, prepare, thumbnail


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def grey_png(width: int, height: int) -> bytes:
    """A genuine 8-bit greyscale PNG, compressed row by row (never held whole in memory)."""
    packer = zlib.compressobj(9)
    row = b"\x00" + b"\x80" * width  # filter byte, then the pixels
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", idat)
        + _chunk(b"IEND", b"")
    )


def test_a_seventy_megapixel_bomb_is_refused_without_decoding() -> None:
    """Under Pillow's own 89-megapixel warning, over ours: decoded it would take 72 MB (288 MB
    once turned to RGBA for a thumbnail)."""
    bomb = grey_png(9_000, 8_000)
    assert len(bomb) < 1_000_000 and MAX_PIXELS < 9_000 * 8_000 < Image.MAX_IMAGE_PIXELS
    started = time.perf_counter()
    assert prepare(bomb) is None
    assert thumbnail(bomb) is None
    assert time.perf_counter() - started < 0.5


def test_an_ordinary_picture_is_kept_and_drawn() -> None:
    honest = grey_png(640, 480)
    with Image.open(io.BytesIO(honest)) as image:
        assert image.size == (640, 480)
    kept = prepare(honest)
    assert kept is not None and kept.mime == "image/png"
    assert thumbnail(honest) is not None
