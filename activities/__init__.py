"""Activities: the I/O of workflows. Each is idempotent, keyed by (workflow id, event sequence)."""
