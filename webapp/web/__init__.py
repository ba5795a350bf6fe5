"""Request plumbing: sign-in, errors, security headers, the page cache, templating,
the interface language, rate limits, the proof of work and the form pieces every
feature shares. Knows HTTP; knows no feature."""
