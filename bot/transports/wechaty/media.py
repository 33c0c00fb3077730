"""Downloading a message's file (photo, voice note, video) through the puppet, on demand.

The core asks for the bytes from its worker thread (`MediaSource.fetch`) only when it will
keep them; the download itself is a gRPC call on the transport's event loop, so `fetch`
hands it to that loop and waits. Python-wechaty's FileBox comes back as JSON: base64 (what
puppet-service servers send for files they hold) or a URL (some gateways)."""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import threading
import urllib.request
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from bot.domain.messages import MessageType, Picture
from bot.ports import MediaTooLarge, MediaUnavailable

DOWNLOAD_TIMEOUT = 60.0  # seconds; a slow gateway answers "not received", never hangs the bot
_ARTWORK = 3  # ImageType.IMAGE_TYPE_ARTWORK: the original, not WeChat's thumbnail


@dataclass(frozen=True)
class PuppetMedia:
    """A MediaSource over one message's file on the Wechaty gateway."""

    loop: asyncio.AbstractEventLoop
    download: Callable[[], Awaitable[Any]]  # returns the puppet's FileBox
    timeout: float = DOWNLOAD_TIMEOUT

    def fetch(self, limit: int) -> bytes:
        if self._on_loop_thread():
            # Waiting here would deadlock the loop that has to do the download.
            raise MediaUnavailable("fetch() called on the transport's own event loop")
        future = asyncio.run_coroutine_threadsafe(_call(self.download), self.loop)
        try:
            box = future.result(self.timeout)
        except TimeoutError:
            future.cancel()
            raise MediaUnavailable("download timed out") from None
        except Exception as exc:  # the gateway's errors are many; all mean "not received"
            raise MediaUnavailable(f"download failed: {exc!r}") from exc
        return file_box_bytes(box, limit, self.timeout)

    def _on_loop_thread(self) -> bool:
        thread_id = getattr(self.loop, "_thread_id", None)
        return thread_id is not None and thread_id == threading.get_ident()


async def _call(download: Callable[[], Awaitable[Any]]) -> Any:
    return await download()


def downloader(puppet: Any, message_id: str, kind: MessageType) -> Callable[[], Awaitable[Any]]:
    """How to ask the puppet for this message's file: images by message_image (the original
    size), voice notes and videos by message_file (what Message.to_file_box() does)."""
    if kind is MessageType.IMAGE:
        return lambda: puppet.message_image(message_id, _ARTWORK)
    return lambda: puppet.message_file(message_id)


def file_box_bytes(box: Any, limit: int, timeout: float = DOWNLOAD_TIMEOUT) -> bytes:
    """The bytes of a FileBox (python-wechaty's object, or its JSON form), at most `limit`."""
    fields = _fields(box)
    encoded = fields.get("base64")
    if encoded:
        if isinstance(encoded, bytes):
            encoded = encoded.decode("ascii", "replace")
        # Decoded size is 3/4 of the text: refuse a huge file without decoding it.
        if len(encoded) * 3 // 4 > limit + 3:
            raise MediaTooLarge(f"about {len(encoded) * 3 // 4} bytes")
        try:
            data = base64.b64decode(encoded, validate=False)
        except (binascii.Error, ValueError) as exc:
            raise MediaUnavailable(f"bad base64: {exc}") from exc
        if len(data) > limit:
            raise MediaTooLarge(f"{len(data)} bytes")
        return data
    url = fields.get("remoteUrl")
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        return _download_url(url, limit, timeout)
    raise MediaUnavailable(f"file box without content (type {fields.get('boxType')})")


def _fields(box: Any) -> dict[str, Any]:
    if isinstance(box, (str, bytes)):
        try:
            parsed = json.loads(box)
        except ValueError as exc:
            raise MediaUnavailable("file box is not JSON") from exc
        return parsed if isinstance(parsed, dict) else {}
    return {k: getattr(box, k) for k in ("base64", "remoteUrl", "boxType") if hasattr(box, k)}


def _download_url(url: str, limit: int, timeout: float) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > limit:
                raise MediaTooLarge(f"{length} bytes")
            data: bytes = response.read(limit + 1)
    except OSError as exc:
        raise MediaUnavailable(f"download failed: {exc}") from exc
    if len(data) > limit:
        raise MediaTooLarge(f"more than {limit} bytes")
    return data


@dataclass(frozen=True)
class SerializedBox:
    """A FileBox already in the JSON the puppet-service protocol carries: python-wechaty's
    `message_send_file` only calls `to_json_str()` on what it is given."""

    name: str
    json: str

    def to_json_str(self) -> str:
        return self.json


def picture_box(picture: Picture) -> SerializedBox:
    """The FileBox a photo goes out as (media15): its bytes as base64 (`FileBox.from_base64`),
    named so WeChat shows a picture ("H0001-1.jpg"). Serialized here, at once: python-wechaty
    0.10.7 reads its deprecated `mimeType` property while serializing, which calls the
    deprecated `Logger.warn`; the warnings are silenced for this synchronous call only (not
    around an await, where other tasks would run with the filter changed)."""
    from wechaty_puppet import FileBox

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        box = FileBox.from_base64(base64.b64encode(picture.data), name=picture.name)
        box.mediaType = picture.mime
        return SerializedBox(picture.name, box.to_json_str())
