"""Content management: issue areas, cases and their targets and photos, petitions and
letter texts, written, previewed and published by organisers."""
