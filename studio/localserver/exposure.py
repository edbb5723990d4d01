"""Who may reach ``sora-studio serve``, and where its key comes from.

Why: a server on ``0.0.0.0`` with no key lets anyone on the network render (and fill the
disk); and a key given on the command line is readable by every local user in
``/proc/PID/cmdline``. So a host other than loopback needs a key unless the user says
``--insecure-no-auth`` in so many words, and the key can come from a file or an
environment variable instead of the command line.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from pathlib import Path

KEY_ENV = "SORA_STUDIO_SERVE_KEY"


class ServeRefused(Exception):
    """``serve`` must not start as asked; ``str()`` is one line saying what to do."""


def is_loopback(host: str) -> bool:
    if host.strip("[]").casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name we do not resolve here: assume it reaches the network


def read_key_file(path: Path) -> str:
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ServeRefused(f"cannot read the API key file {path}: "
                           f"{getattr(exc, 'strerror', None) or type(exc).__name__}") from None
    key = text.strip().splitlines()[0].strip() if text.strip() else ""
    if not key:
        raise ServeRefused(f"the API key file {path} is empty")
    return key


def serve_key(*, host: str, api_key: str | None, api_key_file: Path | None,
              insecure_no_auth: bool, environ: Mapping[str, str] = os.environ,
              ) -> tuple[str | None, list[str]]:
    """The key ``serve`` requires (None: none) and warnings to print; ServeRefused when
    it must not start."""
    if api_key and api_key_file:
        raise ServeRefused("give the key once: --api-key-file or --api-key, not both")
    warnings = []
    key = None
    if api_key_file is not None:
        key = read_key_file(api_key_file)
    elif api_key:
        key = api_key
        warnings.append("warning: a key given with --api-key is visible to other users of "
                        f"this machine; prefer --api-key-file or {KEY_ENV}")
    elif environ.get(KEY_ENV, "").strip():
        key = environ[KEY_ENV].strip()
    if key is None and not is_loopback(host):
        if not insecure_no_auth:
            raise ServeRefused(
                f"--host {host} lets other machines use this server; give it a key "
                f"(--api-key-file FILE or {KEY_ENV}) or pass --insecure-no-auth")
        warnings.append(f"warning: serving on {host} with no API key (--insecure-no-auth): "
                        "anyone who can reach this port can use it")
    return key, warnings
