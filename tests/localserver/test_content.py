"""HTTP Range on the content endpoint, straight over aiohttp (the SDK cannot send Range)."""

from __future__ import annotations

import aiohttp
import pytest

from studio.localserver.content import parse_range
from studio.localserver.errors import ApiError
from studio.localserver.server import LocalProvider
from tests.localserver.helpers import API_KEY

AUTH = {"Authorization": f"Bearer {API_KEY}"}


async def _get(url: str, range_: str | None = None) -> tuple[int, dict[str, str], bytes]:
    headers = dict(AUTH, **({"Range": range_} if range_ else {}))
    async with aiohttp.ClientSession() as http, http.get(url, headers=headers) as resp:
        return resp.status, dict(resp.headers), await resp.read()


async def test_range_requests(provider: LocalProvider, completed_id: str) -> None:
    url = f"{provider.base_url}/videos/{completed_id}/content"
    status, headers, whole = await _get(url)
    size = len(whole)
    assert status == 200 and headers["Accept-Ranges"] == "bytes"

    status, headers, body = await _get(url, "bytes=0-99")
    assert (status, headers["Content-Range"], body) == (206, f"bytes 0-99/{size}", whole[:100])

    status, headers, body = await _get(url, "bytes=100-")
    assert (status, body) == (206, whole[100:])
    assert headers["Content-Range"] == f"bytes 100-{size - 1}/{size}"

    status, _, body = await _get(url, "bytes=-10")
    assert (status, body) == (206, whole[-10:])

    status, headers, body = await _get(url, f"bytes={size}-")
    assert (status, headers["Content-Range"]) == (416, f"bytes */{size}")
    assert "error" in __import__("json").loads(body)

    thumb = f"{provider.base_url}/videos/{completed_id}/content?variant=thumbnail"
    status, headers, body = await _get(thumb, "bytes=0-3")
    assert (status, headers["Content-Type"], body) == (206, "image/webp", b"RIFF")


@pytest.mark.parametrize(("header", "expected"), [
    (None, None), ("bytes=0-0", (0, 0)), ("bytes=5-500", (5, 9)), ("bytes=-3", (7, 9)),
    ("bytes=0-1,4-5", None), ("items=0-1", None), ("bytes=-", None),
])
def test_parse_range(header: str | None, expected: tuple[int, int] | None) -> None:
    assert parse_range(header, 10) == expected


@pytest.mark.parametrize("header", ["bytes=10-", "bytes=-0", "bytes=5-2"])
def test_parse_range_unsatisfiable(header: str) -> None:
    with pytest.raises(ApiError) as info:
        parse_range(header, 10)
    assert info.value.status == 416
