"""吹哨 over HTTP: the WebhookSender port, on the standard library's urllib.

The sweep that calls it runs on the core's worker thread, outside any transaction, with a
short timeout; a blocking client keeps that code plain. Network trouble is reported, not
raised, so one dead endpoint cannot stop the other deliveries.
"""

from __future__ import annotations

import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Mapping

from bot.ports import WebhookResponse

MAX_ERROR = 300


# The whole exchange, not just each read, has a deadline: urllib's timeout is per socket
# read, so an endpoint dripping a header line inside it held the caller (the core's one
# worker thread: every resident's message) for as long as it liked.
WHOLE_EXCHANGE = 2.0  # times the timeout: connecting, sending and a full answer


class UrllibWebhookSender:
    def post(
        self, url: str, body: bytes, headers: Mapping[str, str], timeout: float
    ) -> WebhookResponse:
        answers: list[WebhookResponse] = []

        def exchange() -> None:
            answers.append(self._exchange(url, body, headers, timeout))

        # A daemon thread: one left behind on a tarpit ends with its next read's timeout or
        # the process, never holding the bot up or its exit.
        worker = threading.Thread(target=exchange, name="webhook-post", daemon=True)
        worker.start()
        worker.join(timeout * WHOLE_EXCHANGE)
        if not answers:
            return WebhookResponse(
                status=None, error=f"超时（{timeout * WHOLE_EXCHANGE:g} 秒内没有完整应答）"
            )
        return answers[0]

    def _exchange(
        self, url: str, body: bytes, headers: Mapping[str, str], timeout: float
    ) -> WebhookResponse:
        request = urllib.request.Request(url, data=body, headers=dict(headers), method="POST")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read(4096)
                return WebhookResponse(status=response.status)
        except urllib.error.HTTPError as exc:
            detail = exc.read(MAX_ERROR).decode("utf-8", "replace")
            exc.close()
            return WebhookResponse(status=exc.code, error=f"HTTP {exc.code} {detail}".strip())
        except TimeoutError:
            return WebhookResponse(status=None, error=f"超时（{timeout:g} 秒无应答）")
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError | socket.timeout):
                return WebhookResponse(status=None, error=f"超时（{timeout:g} 秒无应答）")
            return WebhookResponse(status=None, error=f"连接失败：{reason}"[:MAX_ERROR])
        except (OSError, ValueError) as exc:
            return WebhookResponse(status=None, error=f"发送失败：{exc}"[:MAX_ERROR])
