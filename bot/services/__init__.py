"""Use cases: each one a function of (unit of work, inputs, time), one transaction each."""
