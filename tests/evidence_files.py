"""Files for the evidence tests, built in the test run (nothing binary is checked in)."""

from __future__ import annotations

import io
import struct

from PIL import Image

GPS_IFD = 0x8825


def jpeg_with_gps(color: tuple[int, int, int] = (200, 40, 40), size: int = 64) -> bytes:
    """A real JPEG whose EXIF carries a GPS position (as a phone camera writes it)."""
    image = Image.new("RGB", (size, size), color)
    exif = Image.Exif()
    exif[0x010F] = "TestPhone"  # Make
    exif[0x0112] = 1  # Orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (31.0, 14.0, 2.5)
    gps[3] = "E"
    gps[4] = (121.0, 28.0, 44.1)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def png(color: tuple[int, int, int] = (10, 120, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 32), color).save(out, format="PNG")
    return out.getvalue()


def fake_jpeg() -> bytes:
    """Starts like a JPEG, is not one (a renamed or broken file)."""
    return b"\xff\xd8\xff\xe0" + b"this is not really a picture" * 20


def silk_voice() -> bytes:
    return b"\x02#!SILK_V3" + bytes(range(256)) * 4


def mp4_with_location(location: bytes = b"+31.2341+121.4789/") -> bytes:
    """A minimal ISO-media file with a ©xyz location atom inside moov/udta."""
    ftyp = struct.pack(">I", 20) + b"ftypisom" + b"\x00\x00\x02\x00" + b"isom"
    payload = struct.pack(">HH", len(location), 0x15C7) + location
    xyz = struct.pack(">I", 8 + len(payload)) + b"\xa9xyz" + payload
    udta = struct.pack(">I", 8 + len(xyz)) + b"udta" + xyz
    moov = struct.pack(">I", 8 + len(udta)) + b"moov" + udta
    return ftyp + moov


def has_gps(data: bytes) -> bool:
    with Image.open(io.BytesIO(data)) as image:
        return bool(image.getexif().get_ifd(GPS_IFD))
