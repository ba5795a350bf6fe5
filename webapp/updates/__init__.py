"""Case updates: what happened since, told to everyone who acted (issue 18)."""
