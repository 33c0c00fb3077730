"""The running bot, in parts: the loop that wires them (loop), the core's thread (core),
the paced outbox sender (sending), in-flight recovery (recovery), connection status (status).
"""

from bot.runtime.loop import Runtime
from bot.runtime.sending import SendPacing
from bot.runtime.status import ConnectionState

__all__ = ["ConnectionState", "Runtime", "SendPacing"]
