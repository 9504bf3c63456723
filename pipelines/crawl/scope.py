"""Where a source's crawl may go: http(s) only, the source's own hosts, and hosts within its domain.

The domain of ``www.mee.gov.cn`` is ``mee.gov.cn`` (two-label public suffixes such as ``gov.cn`` keep
three labels); an IP literal is its own domain, whatever the port. Private, loopback and link-local
addresses are refused unless the source's own URL is one (the demo portal on 127.0.0.1). Host names are
not resolved, so a public name pointing at a private address is not caught here.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

#: Second-level labels under which registrations happen one level deeper (``mee.gov.cn``).
_TWO_LEVEL = {"gov", "com", "net", "org", "edu", "ac", "mil", "co"}


def registrable_domain(host: str) -> str:
    """``www.mee.gov.cn`` → ``mee.gov.cn``; ``a.b.example.com`` → ``example.com``; IPs unchanged."""
    host = host.lower().rstrip(".")
    if _ip(host) is not None:
        return host
    labels = host.split(".")
    if len(labels) >= 3 and labels[-2] in _TWO_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def hostname(netloc_or_url: str) -> str:
    """The host part (no port, no credentials) of a netloc or URL, lower-cased."""
    netloc = urlsplit(netloc_or_url).netloc if "//" in netloc_or_url else netloc_or_url
    return (urlsplit("//" + netloc).hostname or "").lower()


def is_private_host(host: str) -> bool:
    if host in ("localhost", "localhost.localdomain") or host.endswith(".localhost"):
        return True
    ip = _ip(host)
    return ip is not None and (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved)


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


class Scope:
    """Decides, per URL, whether a source's crawl may request it."""

    def __init__(self, start_urls: Iterable[str], allowed_domains: Iterable[str] = ()) -> None:
        hosts = [hostname(u) for u in start_urls]
        self.private_ok = any(is_private_host(h) for h in hosts)
        self.domains = {registrable_domain(h) for h in hosts if h}
        self.domains.update(d.lower().lstrip(".") for d in allowed_domains)

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return False
        host = (parts.hostname or "").lower()
        if not host:
            return False
        if is_private_host(host) and not self.private_ok:
            return False
        return any(host == d or host.endswith("." + d) for d in self.domains)
