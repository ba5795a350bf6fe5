"""Petition delivery: the PDF pack handed to the authority a petition is addressed to."""
