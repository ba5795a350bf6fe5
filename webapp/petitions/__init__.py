"""Petitions: signing, confirming by email, and the thank-you page."""
