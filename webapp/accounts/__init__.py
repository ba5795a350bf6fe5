"""Accounts: teachers sign up, confirm their email, log in and out, reset a password."""
