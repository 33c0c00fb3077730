"""probe15: a department's endpoint that answers a byte at a time must not hold the bot.

The 吹哨 sweep posts on the core's one worker thread. urllib's timeout is per socket read, so
an endpoint (or a proxy in front of it) that drips a header line just inside it kept the
whole bot, every resident's message, waiting for as long as it liked."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from bot.transports.webhook_http import UrllibWebhookSender

TIMEOUT = 0.2


def _serve(server: socket.socket, drip: bool, done: threading.Event) -> None:
    conn, _ = server.accept()
    with conn:
        conn.recv(65536)
        conn.sendall(b"HTTP/1.1 200 OK\r\n")
        for _ in range(60 if drip else 0):  # a header line every half timeout: 3 s in all
            if done.wait(TIMEOUT / 2):
                return
            try:
                conn.sendall(b"X-Slow: 1\r\n")
            except OSError:
                return  # the client gave up: what it should do
        try:
            conn.sendall(b"Content-Length: 2\r\n\r\nok")
        except OSError:
            return


@pytest.fixture
def endpoint(request: pytest.FixtureRequest) -> Iterator[str]:
    server = socket.create_server(("127.0.0.1", 0))
    done = threading.Event()
    worker = threading.Thread(target=_serve, args=(server, request.param, done), daemon=True)
    worker.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/whistle"
    done.set()
    worker.join(5)
    server.close()


@pytest.mark.parametrize("endpoint", [True], indirect=True)
def test_an_endpoint_that_drips_its_answer_is_given_up_on_in_time(endpoint: str) -> None:
    started = time.monotonic()
    answer = UrllibWebhookSender().post(endpoint, b"{}", {}, TIMEOUT)
    assert time.monotonic() - started < 6 * TIMEOUT
    assert answer.status is None and "超时" in answer.error


@pytest.mark.parametrize("endpoint", [False], indirect=True)
def test_an_endpoint_that_answers_at_once_is_heard(endpoint: str) -> None:
    answer = UrllibWebhookSender().post(endpoint, b"{}", {}, TIMEOUT)
    assert answer.status == 200 and answer.error == ""
