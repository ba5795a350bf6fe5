"""Exports for organisers: counts per petition per day and per country, and signatures."""
