"""The Wechaty transport's file download: FileBox JSON to bytes, the size cap, and fetch()
handing the download to the transport's loop from the core's thread."""

from __future__ import annotations

import asyncio
import base64
import json
from pathlib import Path

import pytest

from bot.domain.messages import MessageType, Picture
from bot.ports import MediaTooLarge, MediaUnavailable
from bot.transports.wechaty.media import PuppetMedia, downloader, file_box_bytes, picture_box
from bot.transports.wechaty.shim import load_wechaty


def box(data: bytes) -> str:
    return json.dumps({"boxType": 1, "base64": base64.b64encode(data).decode(), "name": "a.jpg"})


def test_a_base64_file_box_gives_its_bytes_within_the_cap() -> None:
    assert file_box_bytes(box(b"\xff\xd8\xffhello"), limit=100) == b"\xff\xd8\xffhello"
    with pytest.raises(MediaTooLarge):
        file_box_bytes(box(bytes(1000)), limit=100)


def test_a_file_box_without_content_is_unavailable() -> None:
    with pytest.raises(MediaUnavailable):
        file_box_bytes(json.dumps({"boxType": 4, "qrCode": "fake-qrcode", "name": "q.png"}), 100)
    with pytest.raises(MediaUnavailable):
        file_box_bytes("not json", 100)


class FakePuppet:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.calls: list[tuple[str, object]] = []

    async def message_image(self, message_id: str, image_type: int) -> str:
        self.calls.append(("image", image_type))
        return box(self.data)

    async def message_file(self, message_id: str) -> str:
        self.calls.append(("file", message_id))
        return box(self.data)


async def test_fetch_runs_the_download_on_the_loop_from_another_thread() -> None:
    puppet = FakePuppet(b"#!SILK_V3 voice")
    loop = asyncio.get_running_loop()
    image = PuppetMedia(loop, downloader(puppet, "m1", MessageType.IMAGE))
    voice = PuppetMedia(loop, downloader(puppet, "m2", MessageType.VOICE))
    assert await asyncio.to_thread(image.fetch, 1000) == b"#!SILK_V3 voice"
    assert await asyncio.to_thread(voice.fetch, 1000) == b"#!SILK_V3 voice"
    assert puppet.calls == [("image", 3), ("file", "m2")]  # the original image, not a thumbnail
    with pytest.raises(MediaTooLarge):
        await asyncio.to_thread(voice.fetch, 3)
    # Called on the loop's own thread it would deadlock: it refuses instead.
    with pytest.raises(MediaUnavailable):
        image.fetch(1000)


async def test_a_failing_or_slow_gateway_means_unavailable() -> None:
    loop = asyncio.get_running_loop()

    async def broken() -> str:
        raise ConnectionError("gateway gone")

    async def slow() -> str:
        await asyncio.Event().wait()  # never answers
        return ""

    with pytest.raises(MediaUnavailable):
        await asyncio.to_thread(PuppetMedia(loop, broken).fetch, 100)
    with pytest.raises(MediaUnavailable):
        await asyncio.to_thread(PuppetMedia(loop, slow, timeout=0.05).fetch, 100)


def test_a_picture_goes_out_as_a_base64_file_box(tmp_path: Path) -> None:
    """media15: the FileBox JSON python-wechaty puts on the wire for a proof photo; the
    download side of this module reads the same bytes back from it."""
    load_wechaty(tmp_path / "wechaty-cache")
    data = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4
    sent = picture_box(Picture(name="H0001-1.jpg", mime="image/jpeg", data=data))
    fields = json.loads(sent.to_json_str())
    assert fields["boxType"] == 1  # FileBoxType.Base64, as the Node server's fromJSON reads it
    assert fields["name"] == "H0001-1.jpg" and fields["mediaType"] == "image/jpeg"
    assert base64.b64decode(fields["base64"]) == data
    assert file_box_bytes(sent.to_json_str(), limit=len(data)) == data
