"""Printing: the one place that calls WeasyPrint (pdf) and the one that joins stored
PDFs (merge)."""
