"""What is kept of a received file: its real type (from the bytes) and, for a photo, the
picture without its EXIF block (a phone puts the GPS position of the home there)."""

from __future__ import annotations

import hashlib
import io
import struct
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from bot.domain.evidence import EvidenceKind, Sniffed, sniff

# Formats Pillow re-encodes faithfully; anything else a photo claims to be is refused,
# since its location data could not be removed.
_SAVE_AS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/gif": "GIF", "image/webp": "WEBP"}


@dataclass(frozen=True)
class Prepared:
    data: bytes
    mime: str
    kind: EvidenceKind
    sha256: str


def prepare(data: bytes) -> Prepared | None:
    """The bytes to store, or None for a file that is not a photo, voice note or video
    (whatever its name or message type claimed) or that cannot be read."""
    sniffed = sniff(data)
    if sniffed is None:
        return None
    if sniffed.kind is EvidenceKind.PHOTO:
        cleaned = _photo(data, sniffed)
        if cleaned is None:
            return None
        data = cleaned
    elif sniffed.mime in ("video/mp4", "video/quicktime", "audio/mp4"):
        data = _scrub_iso_location(data)
    return Prepared(data, sniffed.mime, sniffed.kind, hashlib.sha256(data).hexdigest())


def _photo(data: bytes, sniffed: Sniffed) -> bytes | None:
    fmt = _SAVE_AS.get(sniffed.mime)
    if fmt is None:
        return None
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()  # a truncated or fake file fails here, not later on the console
            if "exif" not in image.info and not image.getexif():
                return data  # nothing to remove: keep the original bytes
            if fmt == "GIF":
                return None  # GIF has no EXIF in practice; one that claims it is odd
            # Turn the picture upright first: the orientation lives in the EXIF being dropped.
            upright = ImageOps.exif_transpose(image)
            out = io.BytesIO()
            options: dict[str, object] = {"quality": 90} if fmt in ("JPEG", "WEBP") else {}
            upright.save(out, format=fmt, **options)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None


def _scrub_iso_location(data: bytes) -> bytes:
    """Blank the "©xyz" location atom phones write into MP4/MOV files, keeping every size and
    offset as it was (the value is overwritten in place, so the file still plays)."""
    marker = b"\xa9xyz"
    buffer = bytearray(data)
    start = buffer.find(marker)
    while start >= 4:
        (size,) = struct.unpack(">I", buffer[start - 4 : start])
        end = start - 4 + size
        # payload: 2 bytes length, 2 bytes language, then text like "+37.3318-122.0312/"
        if size >= 8 + 4 and end <= len(buffer):
            buffer[start + 8 : end] = b"0" * (end - start - 8)
        start = buffer.find(marker, start + 4)
    return bytes(buffer)


def thumbnail(data: bytes, edge: int = 240) -> bytes | None:
    """A small JPEG of a stored photo for the console's lists; None when it cannot be drawn."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.thumbnail((edge, edge))
            out = io.BytesIO()
            image.convert("RGB").save(out, format="JPEG", quality=80)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
