"""Data files shipped with the package (points rules)."""
