"""Gateway-shaped video ids (``--opaque-ids``) and spend headers (``--spend-headers``) for
the local provider.

Why: gateways such as LiteLLM's proxy wrap the upstream id, with the route it took, in a
~300-character base64 string (``video_`` + standard base64 with ``+``, ``/`` and ``=``).
The studio must carry such ids everywhere (ledger, URLs, reconcile) and never make a file
name of one; the local provider can answer in that shape so fast tests meet it.
The wrapping is deterministic, so one video always has one opaque id.

LiteLLM's proxy reports what a request cost, and what the virtual key has spent so far, in
response headers (``x-litellm-response-cost``, ``x-litellm-key-spend``; set in its
``common_request_processing.get_custom_headers``); the local provider can send the same,
priced from the capability table, so the studio's reading of them has a fast test.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studio.core.capabilities import CapabilityTable
    from studio.localserver.store import VideoRecord

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


COST_HEADER = "x-litellm-response-cost"
SPEND_HEADER = "x-litellm-key-spend"


def spend_headers(rec: VideoRecord, videos: Iterable[VideoRecord],
                  table: CapabilityTable) -> dict[str, str]:
    """What a LiteLLM proxy would report for ``rec``: its price, and the key's total."""

    def price(v: VideoRecord) -> float:
        caps = table.get(v.model)
        return (caps.cost(v.size, v.seconds) or 0.0) if caps is not None else 0.0

    total = sum(price(v) for v in videos)
    return {COST_HEADER: f"{price(rec):.4f}", SPEND_HEADER: f"{total:.4f}"}
