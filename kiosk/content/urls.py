"""Webhook addresses in the content file: which are usable, and which send alerts across the internet in clear.

Pure Python. An alert says only "a kiosk reached an urgent outcome", but even that should not cross
the internet unencrypted, so a plain ``http://`` address is a warning unless it points inside the clinic:
a loopback or private IP address, or a name that only a local network resolves (``localhost``, a name
without a dot, ``.local``, ``.lan``, ``.internal``, ``.home.arpa``). Nothing is looked up in DNS: checking
a file must work offline and take no time.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

LOCAL_SUFFIXES = (".local", ".lan", ".internal", ".home.arpa", ".localdomain", ".localhost")


def url_error(url: str) -> str | None:
    """Why *url* cannot be posted to (words that follow "it should be ..."), or None when it can."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "a web address like https://ntfy.example.org/front-desk"
    if parts.scheme.lower() not in ("http", "https"):
        return "an address starting with https:// (or http:// inside the clinic's network)"
    if not parts.hostname or any(c.isspace() for c in url):
        return "a whole web address with a server name, like https://ntfy.example.org/front-desk"
    return None


def is_local(host: str) -> bool:
    """True for a loopback or private address, or a name only a local network resolves."""
    host = host.strip("[]").lower().rstrip(".")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host == "localhost" or "." not in host or host.endswith(LOCAL_SUFFIXES)
    return address.is_private or address.is_loopback or address.is_link_local


def plain_http_warning(url: str) -> str | None:
    """The warning for an ``http://`` address outside the clinic's network, else None."""
    parts = urlsplit(url)
    if parts.scheme.lower() == "http" and parts.hostname and not is_local(parts.hostname):
        return (f"the alert to {parts.hostname} would cross the internet unencrypted (http://); "
                "use https://, or an address inside the clinic's network")
    return None
