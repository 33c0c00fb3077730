"""Ways to WeChat. Only the `wechaty` package imports wechaty, and only when it is chosen."""
