"""Public pages: the home page, issue areas and cases."""
