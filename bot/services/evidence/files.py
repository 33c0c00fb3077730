"""What is kept of a received file: its real type (from the bytes) and, for a photo, the
picture without its EXIF block (a phone puts the GPS position of the home there)."""

from __future__ import annotations

import hashlib
import io
import struct
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from bot.domain.evidence import EvidenceKind, Sniffed, sniff

# Formats Pillow re-encodes faithfully; anything else a photo claims to be is refused,
# since its location data could not be removed.
_SAVE_AS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/gif": "GIF", "image/webp": "WEBP"}

# A 50-megapixel camera's original is under this; a 20,000 × 20,000 PNG of one colour is a
# few hundred kilobytes on the wire and 1.6 GB once decoded (Pillow itself only refuses past
# 179 megapixels). Refused before decoding (probe8).
MAX_PIXELS = 64_000_000


class _TooManyPixels(ValueError):
    pass


_UNREADABLE = (
    UnidentifiedImageError,
    OSError,
    ValueError,  # _TooManyPixels among them
    SyntaxError,
    Image.DecompressionBombError,
    Image.DecompressionBombWarning,
)


def _open(data: bytes) -> Image.Image:
    with warnings.catch_warnings():
        # Past 89 megapixels Pillow only warns at open: a refusal here like any other.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = Image.open(io.BytesIO(data))
    width, height = image.size
    if width * height > MAX_PIXELS:
        image.close()
        raise _TooManyPixels(f"{width}x{height}")
    return image


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
        with _open(data) as image:
            image.load()  # a truncated or fake file fails here, not later on the console
            if not _has_metadata(image):
                return data  # nothing to remove: keep the original bytes
            if fmt == "GIF":
                return None  # GIF has no EXIF in practice; one that claims it is odd
            if fmt == "JPEG" and image.getexif().get(_ORIENTATION, 1) == 1:
                # Upright already: cut the metadata segments out, no re-encoding (no quality
                # lost, no bigger file). None when the stream is not as expected.
                stripped = _strip_jpeg_metadata(data)
                if stripped is not None:
                    return stripped
            # Turn the picture upright first: the orientation lives in the EXIF being dropped.
            upright = ImageOps.exif_transpose(image)
            out = io.BytesIO()
            options: dict[str, object] = {"quality": 90} if fmt in ("JPEG", "WEBP") else {}
            upright.save(out, format=fmt, **options)
            return out.getvalue()
    except _UNREADABLE:
        return None


_ORIENTATION = 0x0112
_XMP_KEYS = ("xmp", "XML:com.adobe.xmp")


def _has_metadata(image: Image.Image) -> bool:
    return "exif" in image.info or bool(image.getexif()) or any(k in image.info for k in _XMP_KEYS)


# APP1 segments carrying EXIF or XMP (both can hold the GPS position).
_METADATA_PREFIXES = (b"Exif\x00\x00", b"http://ns.adobe.com/xap/1.0/")


def _strip_jpeg_metadata(data: bytes) -> bytes | None:
    """The JPEG without its EXIF/XMP APP1 segments; everything else byte for byte."""
    if data[:2] != b"\xff\xd8":
        return None
    out = bytearray(data[:2])
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xDA:  # start of scan: the picture itself follows, copied as is
            out += data[pos:]
            return bytes(out)
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        end = pos + 2 + length
        if length < 2 or end > len(data):
            return None
        payload = data[pos + 4 : end]
        if not (marker == 0xE1 and payload.startswith(_METADATA_PREFIXES)):
            out += data[pos:end]
        pos = end
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
        with _open(data) as image:
            image.thumbnail((edge, edge))
            out = io.BytesIO()
            image.convert("RGB").save(out, format="JPEG", quality=80)
            return out.getvalue()
    except _UNREADABLE:
        return None
