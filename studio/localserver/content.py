"""Streaming media downloads with single-range ``Range`` support and the truncation fault.

Resumable downloads are how the studio survives a dropped connection, so ``Range`` is
honoured exactly (206 + Content-Range, 416 when unsatisfiable). File reads go to a
thread so a large download never blocks the loop; the body goes out in chunks.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from aiohttp import hdrs, web

from studio.localserver.errors import ApiError

CHUNK = 256 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """Inclusive (first, last) byte of a single ``bytes=`` range; None means "whole file".

    Malformed or multi-range headers are ignored (allowed by RFC 9110); a syntactically
    valid range outside the file is a 416.
    """
    m = _RANGE.match(header.strip()) if header else None
    if m is None or m.group(1) == m.group(2) == "":
        return None
    first, last = m.group(1), m.group(2)
    if first == "":  # suffix range: the last N bytes
        n = int(last)
        if n == 0 or size == 0:
            raise _unsatisfiable(size)
        return max(0, size - n), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or (last and int(last) < start):
        raise _unsatisfiable(size)
    return start, end


def _unsatisfiable(size: int) -> ApiError:
    return ApiError(
        416,
        f"Requested range not satisfiable (the file has {size} bytes).",
        code="range_not_satisfiable",
        headers={hdrs.CONTENT_RANGE: f"bytes */{size}"},
    )


async def send_file(
    request: web.Request, path: Path, content_type: str, *, truncate: bool = False
) -> web.StreamResponse:
    """Send ``path`` (or the requested range of it).

    With ``truncate`` the full Content-Length is announced but only half the body is
    sent before the connection is closed: the client sees a short read.
    """
    size = path.stat().st_size
    span = parse_range(request.headers.get(hdrs.RANGE), size)
    first, last = span if span else (0, size - 1)
    length = last - first + 1
    headers = {
        hdrs.CONTENT_TYPE: content_type,
        hdrs.CONTENT_LENGTH: str(length),
        hdrs.ACCEPT_RANGES: "bytes",
    }
    if span:
        headers[hdrs.CONTENT_RANGE] = f"bytes {first}-{last}/{size}"
    resp = web.StreamResponse(status=206 if span else 200, headers=headers)
    await resp.prepare(request)
    to_send = length // 2 if truncate else length
    with path.open("rb") as fh:
        fh.seek(first)
        while to_send > 0:
            chunk = await asyncio.to_thread(fh.read, min(CHUNK, to_send))
            if not chunk:
                break
            await resp.write(chunk)
            to_send -= len(chunk)
    if truncate and request.transport is not None:
        request.transport.close()  # flushes what was written, then drops the connection
        return resp
    await resp.write_eof()
    return resp
