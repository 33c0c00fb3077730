"""The staff console: server-rendered aiohttp pages over the same services the bot uses."""
