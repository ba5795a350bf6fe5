"""Email addresses as one person's mailbox: the form that spots the same person twice."""

from __future__ import annotations

# Providers known to ignore dots in the local part (jane.doe@ = janedoe@).
DOTLESS_DOMAINS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}


def canonical_email(address: str) -> str:
    """The form of an address used to spot one person signing twice.

    Case is ignored everywhere, as mail providers do. "+tag" sub-addresses are dropped
    (RFC 5233; Gmail, Outlook, iCloud, Fastmail and Proton deliver them to the same
    mailbox), and so are dots where the provider ignores them.
    """
    local, _at, domain = address.strip().rpartition("@")
    domain = domain.lower().rstrip(".")
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        pass  # keep the domain as typed; the form validated it already
    local = local.lower()
    base = local.split("+", 1)[0]
    if base:
        local = base
    if domain in DOTLESS_DOMAINS:
        domain = DOTLESS_DOMAINS[domain]
        local = local.replace(".", "")
    return f"{local}@{domain}"
