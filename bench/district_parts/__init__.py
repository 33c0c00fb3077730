"""The parts of bench/district.py, the district under load and faults (one module a job)."""
