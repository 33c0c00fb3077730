"""Ways to WeChat. Only `wechaty_transport` imports wechaty, and only when it is chosen."""
