"""What one request may cost the local provider: bytes, fields, memory, origin.

Why here and not in aiohttp's ``client_max_size``: that limit is checked while the whole
body is buffered in memory, so six concurrent 120 MB bodies cost the server ~900 MB before
any of them was refused. Here every limit is checked from ``Content-Length`` first and then
again while streaming; uploaded files are spooled to disk as they arrive; and the only
bodies held in memory (JSON) draw on one :class:`ByteBudget`, which caps the bytes buffered
at once across all requests.

Browsers are refused outright (:func:`browser_middleware`): the server speaks to SDKs and
the studio, never to a web page, so a request carrying ``Origin`` (which every browser sends
on a cross-site POST, even a "simple" multipart one that needs no preflight) gets a 403 and
no response ever carries a CORS header.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

from aiohttp import hdrs, web

from studio.localserver.errors import ApiError

MAX_JSON_BODY = 32 * 1024 * 1024  # a JSON create with a 20 MB image as a data: URL fits
MAX_MULTIPART_BODY = 130 * 1024 * 1024  # one source clip plus its fields
MAX_FILE_PART = {"input_reference": 32 * 1024 * 1024, "video": 128 * 1024 * 1024}
MAX_TEXT_PART = 256 * 1024  # a 32k-character prompt in any script fits
MAX_TEXT_TOTAL = 1024 * 1024
MAX_PARTS = 200
MAX_INDEX = 63  # ``characters[63][id]``: far above any model's character limit
BUFFER_CAP = MAX_JSON_BODY  # bytes of request bodies held in memory at once, all requests
CHUNK = 64 * 1024
SPOOL_PREFIX = ".incoming-"  # spooled uploads; leftovers of a killed server are swept

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
_SPOOLED: web.RequestKey[list[Path]] = web.RequestKey("studio_spooled", list)


def too_large(what: str, limit: int) -> ApiError:
    return ApiError(413, f"The {what} is larger than the limit of {limit // (1024 * 1024)} MB.",
                    code="request_too_large")


def declared_length(request: web.Request, limit: int, what: str) -> int | None:
    """The ``Content-Length`` (None when chunked); 413 before reading when over ``limit``."""
    length = request.content_length
    if length is not None and length > limit:
        raise too_large(what, limit)
    return length


class ByteBudget:
    """A cap on request bytes held in memory at once, shared by every request.

    A reader reserves what it may hold (its declared length, or the whole per-body limit
    when the length is unknown) before reading, and waits while others hold the rest.
    """

    def __init__(self, cap: int = BUFFER_CAP) -> None:
        self.cap = cap
        self.used = 0
        self._changed = asyncio.Condition()

    @contextlib.asynccontextmanager
    async def reserve(self, n: int) -> AsyncIterator[None]:
        n = min(n, self.cap)
        async with self._changed:
            await self._changed.wait_for(lambda: self.used + n <= self.cap)
            self.used += n
        try:
            yield
        finally:
            async with self._changed:
                self.used -= n
                self._changed.notify_all()


async def read_capped(request: web.Request, budget: ByteBudget, limit: int,
                      what: str = "request body") -> bytes:
    """The whole body, refused (413) from its header or as soon as the stream passes
    ``limit``; held under ``budget`` while being read."""
    length = declared_length(request, limit, what)
    async with budget.reserve(limit if length is None else length):
        buf = bytearray()
        while chunk := await request.content.read(CHUNK):
            if len(buf) + len(chunk) > limit:
                raise too_large(what, limit)
            buf += chunk
        return bytes(buf)


def spool_path(directory: Path, request: web.Request) -> Path:
    """A fresh file for an upload; removed after the request unless a handler moved it."""
    path = directory / f"{SPOOL_PREFIX}{uuid.uuid4().hex}"
    spooled = request.get(_SPOOLED)
    if spooled is not None:
        spooled.append(path)
    return path


async def spool(read: Callable[[int], Awaitable[bytes]], path: Path, limit: int,
                what: str) -> str:
    """Stream chunks from ``read`` into ``path`` (413 past ``limit``); their sha256 hex."""
    digest = hashlib.sha256()
    size = 0
    f = await asyncio.to_thread(open, path, "xb")
    try:
        while chunk := await read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise too_large(what, limit)
            digest.update(chunk)
            await asyncio.to_thread(f.write, chunk)
    finally:
        await asyncio.to_thread(f.close)
    return digest.hexdigest()


@web.middleware
async def spool_cleanup_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Remove the uploads a request spooled and nobody adopted, however it ended."""
    spooled: list[Path] = []
    request[_SPOOLED] = spooled
    try:
        return await handler(request)
    finally:
        for path in spooled:
            with contextlib.suppress(OSError):
                os.unlink(path)


@web.middleware
async def browser_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """No browser may use this server: a request with ``Origin`` is refused."""
    if hdrs.ORIGIN in request.headers or request.method == hdrs.METH_OPTIONS:
        raise ApiError(403, "The local provider does not accept requests from web pages.",
                       code="cross_origin_refused")
    return await handler(request)


def sweep_spooled(directory: Path) -> None:
    """Uploads a killed server was still receiving."""
    for path in directory.glob(f"{SPOOL_PREFIX}*"):
        path.unlink(missing_ok=True)
