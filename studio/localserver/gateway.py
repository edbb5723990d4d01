"""Gateway-shaped video ids for the local provider (``--opaque-ids``).

Why: gateways such as LiteLLM's proxy wrap the upstream id, with the route it took, in a
~300-character base64 string (``video_`` + standard base64 with ``+``, ``/`` and ``=``).
The studio must carry such ids everywhere (ledger, URLs, reconcile) and never make a file
name of one; the local provider can answer in that shape so fast tests meet it.
The wrapping is deterministic, so one video always has one opaque id.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re

PREFIX = "video_"
_INNER = re.compile(r"(?:^|;)video_id:(video_[0-9a-f]{32})(?:;|$)")


def wrap_id(video_id: str) -> str:
    """The opaque form of one of our ``video_<hex>`` ids (about 300 characters)."""
    route = hashlib.sha256(video_id.encode()).hexdigest()
    payload = (f"gateway:custom_llm_provider:local;model_id:{route};video_id:{video_id};"
               f"served_model:local/animatic;deployment_id:{route[::-1]}")
    return PREFIX + base64.b64encode(payload.encode()).decode("ascii")


def unwrap_id(opaque: str) -> str | None:
    """Our id inside an opaque one, or None when ``opaque`` is not one of ours."""
    if not opaque.startswith(PREFIX):
        return None
    try:
        payload = base64.b64decode(opaque[len(PREFIX):], validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    match = _INNER.search(payload)
    return match[1] if match else None
