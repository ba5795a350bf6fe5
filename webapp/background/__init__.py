"""Work done outside the request: in-process loops for the embedded default, and
leased background jobs that any worker or web process may take over."""
