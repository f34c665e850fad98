"""Command-line tools run from the repository root (launcher, demo)."""
