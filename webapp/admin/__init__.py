"""The organisation's side: dashboard, users and invitations, the audit log."""
