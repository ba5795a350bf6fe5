"""The outbox: email delivery after commit, and the development mailbox."""
