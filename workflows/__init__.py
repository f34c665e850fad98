"""Durable workflows: they hold lifecycle state, wait, and call activities. Deterministic and thin."""
