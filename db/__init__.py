"""The SQL store: the bases, the read models of workflows and the append-only audit log."""
