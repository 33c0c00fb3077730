"""吹哨 over HTTP: the WebhookSender port, on the standard library's urllib.

The sweep that calls it runs on the core's worker thread, outside any transaction, with a
short timeout; a blocking client keeps that code plain. Network trouble is reported, not
raised, so one dead endpoint cannot stop the other deliveries.
"""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from collections.abc import Mapping

from bot.ports import WebhookResponse

MAX_ERROR = 300


class UrllibWebhookSender:
    def post(
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
