"""Benchmarks: scripts that print figures against a running system (never timed tests)."""
