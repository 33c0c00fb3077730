"""Evidence rules: what a file is, where it lives, which case it belongs to, EXIF removal."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
from PIL import Image

from bot.domain.evidence import EvidenceKind, Link, blob_path, pick_case, sniff
from bot.services.evidence.files import prepare
from tests.evidence_files import (
    GPS_IFD,
    fake_jpeg,
    has_gps,
    jpeg_with_gps,
    mp4_with_location,
    png,
    silk_voice,
)

NOW = datetime.fromisoformat("2026-11-23T09:10:00+08:00")
WINDOW = timedelta(minutes=5)


def test_types_are_sniffed_from_the_bytes() -> None:
    assert sniff(jpeg_with_gps()).mime == "image/jpeg"  # type: ignore[union-attr]
    assert sniff(png()).kind is EvidenceKind.PHOTO  # type: ignore[union-attr]
    assert sniff(silk_voice()).kind is EvidenceKind.VOICE  # type: ignore[union-attr]
    assert sniff(mp4_with_location()).kind is EvidenceKind.VIDEO  # type: ignore[union-attr]
    assert sniff(b"%PDF-1.7 not a photo") is None
    assert sniff(b"") is None


def test_blob_path_fans_out_and_refuses_anything_but_a_hash() -> None:
    digest = "ab" + "c" * 62
    assert blob_path(digest) == f"ab/{'c' * 62}"
    for bad in ("../../etc/passwd", "AB" + "c" * 62, "ab" * 31, digest + "/x"):
        with pytest.raises(ValueError):
            blob_path(bad)


def test_a_file_near_a_report_either_side_belongs_to_it() -> None:
    before = Link(7, NOW + timedelta(minutes=4))  # the photo came first; still near
    after = Link(7, NOW - timedelta(minutes=5))
    assert pick_case(NOW, WINDOW, reported=before) == 7
    assert pick_case(NOW, WINDOW, reported=after) == 7
    assert pick_case(NOW, WINDOW, reported=Link(7, NOW - timedelta(minutes=6))) is None
    assert pick_case(NOW, WINDOW) is None


def test_a_quote_wins_and_the_newest_step_wins_otherwise() -> None:
    reported = Link(3, NOW - timedelta(minutes=4))
    handled = Link(9, NOW - timedelta(minutes=1))
    assert pick_case(NOW, WINDOW, quoted=5, reported=reported, handled=handled) == 5
    assert pick_case(NOW, WINDOW, reported=reported, handled=handled) == 9
    assert pick_case(NOW, WINDOW, handled=Link(9, NOW - timedelta(hours=1))) is None


def test_gps_is_removed_from_a_photo_before_it_is_kept() -> None:
    original = jpeg_with_gps()
    assert has_gps(original)
    prepared = prepare(original)
    assert prepared is not None and prepared.mime == "image/jpeg"
    assert not has_gps(prepared.data)
    assert prepared.data != original


def test_an_upright_jpeg_loses_its_exif_without_being_re_encoded() -> None:
    original = jpeg_with_gps()
    prepared = prepare(original)
    assert prepared is not None
    # The compressed picture (from the start of scan on) is the very same bytes.
    assert (
        prepared.data[prepared.data.index(b"\xff\xda") :] == original[original.index(b"\xff\xda") :]
    )
    assert len(prepared.data) < len(original)
    with Image.open(io.BytesIO(prepared.data)) as image:
        assert image.getexif().get(0x010F) is None  # the camera make went with the GPS


def test_a_rotated_jpeg_is_turned_upright_before_its_exif_goes() -> None:
    image = Image.new("RGB", (40, 20), (0, 0, 255))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    exif.get_ifd(GPS_IFD)[1] = "N"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    prepared = prepare(out.getvalue())
    assert prepared is not None and not has_gps(prepared.data)
    with Image.open(io.BytesIO(prepared.data)) as upright:
        assert upright.size == (20, 40)


def test_a_photo_without_exif_is_kept_byte_for_byte() -> None:
    data = png()
    prepared = prepare(data)
    assert prepared is not None and prepared.data == data


def test_a_file_that_claims_to_be_a_jpeg_and_is_not_is_refused() -> None:
    assert prepare(fake_jpeg()) is None
    assert prepare(b"GIF89a" + b"\x00" * 10) is None  # truncated


def test_the_location_atom_of_a_video_is_blanked_in_place() -> None:
    video = mp4_with_location()
    prepared = prepare(video)
    assert prepared is not None and prepared.kind is EvidenceKind.VIDEO
    assert len(prepared.data) == len(video)
    assert b"+31.2341" not in prepared.data and b"+31.2341" in video
