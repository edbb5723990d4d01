"""A LiteLLM proxy callback that passes the client's ``Idempotency-Key`` to the upstream.

Why: LiteLLM's proxy forwards no such header (only ``x-`` headers, and only when told), and
it cannot route ``GET /v1/videos`` with no model, so a studio behind it can neither list
nor have a re-sent create recognised: an unclear create then waits for the user. With this
callback loaded (``litellm_settings: callbacks: studio_idempotency.hook`` in the proxy's
config, this file beside it), a create re-sent with the same key is answered by the
upstream with the video it already made, and the studio's probe sees the key honoured.
Runs inside the proxy's own virtualenv; imports only LiteLLM.
"""

from __future__ import annotations

from typing import Any

from litellm.integrations.custom_logger import CustomLogger

HEADER = "idempotency-key"
CALLS = frozenset({"avideo_generation", "avideo_remix", "avideo_edit", "avideo_extension",
                   "video_generation", "video_remix", "video_edit", "video_extension"})


class IdempotencyKeyForwarder(CustomLogger):
    async def async_pre_call_hook(self, user_api_key_dict: Any, cache: Any, data: dict,
                                  call_type: Any) -> dict:
        if str(call_type) not in CALLS and getattr(call_type, "value", None) not in CALLS:
            return data
        request = data.get("proxy_server_request") or {}
        headers = request.get("headers") or {}
        key = next((v for k, v in headers.items() if k.lower() == HEADER), None)
        if key:
            data["extra_headers"] = {**(data.get("extra_headers") or {}), "Idempotency-Key": key}
        return data


hook = IdempotencyKeyForwarder()
