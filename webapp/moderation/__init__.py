"""Moderation: invalidating fraudulent signatures in bulk, previewed and audited."""
