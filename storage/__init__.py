"""Persistence: tables, the mapping onto domain objects, repositories and the unit of work."""
