"""The chat layer: context handed to handlers, the router and the command parser."""
