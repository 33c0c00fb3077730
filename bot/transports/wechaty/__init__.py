"""Real WeChat through python-wechaty and a Wechaty puppet service (gRPC).

This is the only package in Linli that imports `wechaty` / `wechaty_puppet*`, and it does so
lazily (in `shim.load_wechaty`, called from `WechatyTransport.start`), so importing it costs
nothing and the simulator never pays for python-wechaty.

What we take from python-wechaty 0.10.7 and what we do ourselves:

- We use its gRPC client (`PuppetService`) and its user classes (`Message`, `Contact`, `Room`)
  to read what arrives, bound to one connection at a time.
- We do not call `Wechaty.start()`: it blocks for the life of the event stream, prints and
  swallows a wrong token, retries a lost gateway every 60 s forever, and on login starts a
  plugin web server on port 5000 and an APScheduler with a job store. We connect, listen and
  reconnect (exponential backoff) here instead.
- We do not send with `room.say()`: it renders "@name" with the contact's own name instead of
  the group nickname members know each other by, and after sending it loads the sent message,
  so a failure there would look like a failed send and the outbox would send it twice.

Modules: `shim` (importing python-wechaty on 3.11), `mapping` (payloads to the core's messages,
pure), `errors` (which failures to retry), `connection` (connect, health check, reconnect),
`events` (what arrives), `rooms` (topics and member names), `transport` (the public class).

Python 3.11/3.12 only: python-wechaty imports `telnetlib`, which Python 3.13 removed.
"""

from bot.transports.wechaty.connection import Backoff
from bot.transports.wechaty.errors import TransportAuthError
from bot.transports.wechaty.mapping import map_message_type, parse_quote, render_mentions
from bot.transports.wechaty.shim import load_wechaty
from bot.transports.wechaty.transport import WechatyTransport

__all__ = [
    "Backoff",
    "TransportAuthError",
    "WechatyTransport",
    "load_wechaty",
    "map_message_type",
    "parse_quote",
    "render_mentions",
]
