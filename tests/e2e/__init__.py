"""End-to-end tests through the real Wechaty puppet-service protocol (Node peer on loopback)."""
