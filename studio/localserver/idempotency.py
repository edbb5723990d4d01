"""Idempotency-Key as Stripe defines it: the same key and the same request give the first
result; the same key with a different request is an error, never someone else's video.

A request is its endpoint (method and path, so a remix of one video is not a remix of
another, nor a create) and the digest of its content (``forms.Body.digest``: the same
values give the same digest whether sent as JSON or multipart, with any boundary). A key
reused for a different request gets a 422; a key whose first request is still being read
gets a 409 (the client may try again a moment later).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import hdrs, web

from studio.localserver.errors import ApiError

if TYPE_CHECKING:
    from studio.localserver.limits import Handler
    from studio.localserver.store import Store, VideoRecord

HEADER = "Idempotency-Key"
MAX_KEY = 255
DIGEST: web.RequestKey[str] = web.RequestKey("studio_request_digest", str)


def key_of(request: web.Request) -> str | None:
    key = request.headers.get(HEADER) or None
    if key is not None and len(key) > MAX_KEY:
        raise ApiError(400, f"{HEADER} is longer than {MAX_KEY} characters.",
                       param=HEADER, code="invalid_idempotency_key")
    return key


def scope_of(request: web.Request) -> str:
    return f"{request.method} {request.path}"


def remember_digest(request: web.Request, digest: str) -> None:
    """Called once the body is read: what this request asks for."""
    request[DIGEST] = digest


def stamp(request: web.Request) -> dict[str, str | None]:
    """The record fields that let a later request with the same key be compared."""
    return {"idempotency_key": key_of(request), "request_scope": scope_of(request),
            "request_digest": request.get(DIGEST)}


def replay(store: Store, request: web.Request) -> VideoRecord | None:
    """The video this key already made for this same request; 422 if it made it for a
    different one; None if the key is new (or absent)."""
    key = key_of(request)
    vid = store.by_key.get(key) if key else None
    rec = store.videos.get(vid) if vid else None
    if rec is None:
        return None
    if rec.request_scope is None:  # stored before requests were compared: as it was
        return rec
    if rec.request_scope != scope_of(request) or rec.request_digest != request.get(DIGEST):
        raise ApiError(422, f"This {HEADER} was already used with a different request "
                       f"({rec.request_scope}); use a new key for a new request.",
                       param=HEADER, code="idempotency_key_reused")
    return rec


class InFlight:
    """Keys whose first request is still being handled: a twin gets a 409."""

    def __init__(self) -> None:
        self._keys: set[str] = set()

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        key = key_of(request) if request.method == hdrs.METH_POST else None
        if key is None:
            return await handler(request)
        if key in self._keys:
            raise ApiError(409, f"A request with this {HEADER} is still in progress; try "
                           "again once it has finished.", param=HEADER,
                           code="idempotency_key_in_use")
        self._keys.add(key)
        try:
            return await handler(request)
        finally:
            self._keys.discard(key)
