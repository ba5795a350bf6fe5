"""The public, read-only JSON API (version 1)."""
