"""Work done outside the request: the registry of background jobs (each feature's jobs.py),
the worker process that runs them all, in-process loops for the embedded default, and
leased background jobs that any worker or web process may take over."""
