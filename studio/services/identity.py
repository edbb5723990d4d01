"""Which provider a job belongs to, whatever way its URL was spelled.

Why: the ledger keys jobs (and the render's request keys) by provider. Keyed by the URL as
typed, a render resumed with ``localhost`` instead of ``127.0.0.1``, a trailing slash or
``:443`` saw none of its earlier jobs and paid for them again. A profile is its name; a bare
URL is normalised: scheme and host lower-cased, ``localhost`` and every loopback address
spelled ``127.0.0.1``, a default port dropped, the path without repeated or trailing
slashes, no query or fragment. The common spelling stays what it was, so older ledgers
keep matching.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}
_LOOPBACK = "127.0.0.1"


def provider_identity(url: str) -> str:
    """The ledger's key for the provider at ``url`` (see the module docstring)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if _is_loopback(host):
        host = _LOOPBACK
    elif ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port is None or port == _DEFAULT_PORTS.get(scheme) else f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path).rstrip("/")
    return f"{scheme}://{netloc}{path}"


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
