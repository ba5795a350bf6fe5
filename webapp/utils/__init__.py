"""Domain-free tools: country and language names, Markdown. Know neither HTTP nor the
database."""
