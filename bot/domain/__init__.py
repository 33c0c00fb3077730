"""Pure rules: no storage, no transport, no clock of their own (time is passed in)."""
