"""Privacy: the privacy page, a supporter's own data (copy and erasure by emailed link),
the versioned consent text, hashed client addresses, and anonymisation after closing."""
