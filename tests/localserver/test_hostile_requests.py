"""Requests a client should never send still get a 4xx with an OpenAI error body, cost
the server almost nothing, and cannot reach another request's video."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from studio.localserver.server import LocalProvider, key_for
from studio.localserver.store import Store
from tests.localserver.helpers import API_KEY, SIZE

AUTH = {"Authorization": f"Bearer {API_KEY}"}


async def _send(provider: LocalProvider, method: str, path: str, *,
                headers: dict[str, str] | None = None, **kw: Any) -> tuple[int, dict]:
    async with aiohttp.ClientSession(headers=AUTH) as http, \
            http.request(method, f"{provider.base_url}{path}", headers=headers, **kw) as resp:
        body = await resp.json(content_type=None)
        assert "access-control-allow-origin" not in {k.lower() for k in resp.headers}
        return resp.status, body


def _refusal(status: int, body: dict, expected: int = 400) -> str:
    assert status == expected, body
    assert set(body["error"]) == {"message", "type", "param", "code"}
    return body["error"]["message"]


def _form(*fields: tuple[str, str], boundary: str = "b0undary") -> tuple[bytes, dict]:
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{n}"\r\n\r\n{v}\r\n'
             for n, v in fields]
    data = ("".join(parts) + f"--{boundary}--\r\n").encode()
    return data, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


async def test_a_huge_bracket_index_is_refused_without_growing_a_list(
        provider: LocalProvider) -> None:
    data, headers = _form(("prompt", "x"), ("model", "sora-2"),
                          ("characters[3000000][id]", "char_1"))
    assert len(data) < 1024
    status, body = await _send(provider, "POST", "/videos", data=data, headers=headers)
    assert "from 0 to 63" in _refusal(status, body)


@pytest.mark.parametrize("name", ["characters[x][y][z]", "characters[0]]", "a[b]c",
                                  "characters[٣][id]", "characters[-1][id]"])
async def test_odd_field_names_are_refused(provider: LocalProvider, name: str) -> None:
    data, headers = _form(("prompt", "x"), (name, "v"))
    _refusal(*await _send(provider, "POST", "/videos", data=data, headers=headers))


async def test_too_many_list_items_by_empty_brackets(provider: LocalProvider) -> None:
    data, headers = _form(("prompt", "x"), *[("characters[][id]", f"c{i}") for i in range(70)])
    assert "too many items" in _refusal(
        *await _send(provider, "POST", "/videos", data=data, headers=headers))


@pytest.mark.parametrize("seconds", ["²", "٤", "4" * 5000, "+4", " 4", "4.0", True])
async def test_seconds_must_be_plain_ascii_digits(provider: LocalProvider, seconds: Any) -> None:
    body = {"prompt": "A heron", "model": "animatic", "size": SIZE, "seconds": seconds}
    message = _refusal(*await _send(provider, "POST", "/videos", json=body))
    assert "Invalid seconds" in message and len(message) < 400


async def test_a_5000_digit_number_in_json_is_a_400(provider: LocalProvider) -> None:
    raw = '{"prompt": "x", "model": "animatic", "seconds": ' + "4" * 5000 + "}"
    _refusal(*await _send(provider, "POST", "/videos", data=raw,
                          headers={"Content-Type": "application/json"}))


async def test_100k_deep_json_is_a_400(provider: LocalProvider) -> None:
    raw = '{"prompt": ' + "[" * 100_000 + "]" * 100_000 + "}"
    message = _refusal(*await _send(provider, "POST", "/videos", data=raw,
                                    headers={"Content-Type": "application/json"}))
    assert "nested too deeply" in message


@pytest.mark.parametrize("limit", ["²", "٣", "-1", "101", "1" * 5000, ""])
async def test_list_limit_must_be_plain_digits(provider: LocalProvider, limit: str) -> None:
    _refusal(*await _send(provider, "GET", "/videos", params={"limit": limit}))


@pytest.mark.parametrize("data", [
    b"--b0undary\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nx",  # no end
    b"garbage with no boundary at all",
    b"--b0undary\r\nno headers end",
    b"--wrong\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nx\r\n--wrong--\r\n",
])
async def test_a_broken_multipart_body_is_a_400(provider: LocalProvider, data: bytes) -> None:
    headers = {"Content-Type": "multipart/form-data; boundary=b0undary"}
    status, body = await _send(provider, "POST", "/videos", data=data, headers=headers)
    assert 400 <= status < 500, body
    assert set(body["error"]) == {"message", "type", "param", "code"}


async def test_a_declared_length_over_the_limit_is_refused_before_reading(
        provider: LocalProvider) -> None:
    headers = {"Content-Type": "application/json", "Content-Length": str(200 * 2**20)}
    # only the headers and a few bytes are sent: the answer cannot wait for the body
    async with aiohttp.ClientSession(headers=AUTH) as http, \
            http.post(f"{provider.base_url}/videos", data=b"{" * 10, headers=headers) as resp:
        assert resp.status == 413
        assert (await resp.json())["error"]["code"] == "request_too_large"


async def test_a_list_walk_survives_deleting_its_cursor(provider: LocalProvider,
                                                        sample_mp4: Path) -> None:
    ids = [provider.add_completed_video(sample_mp4, prompt=f"p{i}", size=SIZE, seconds=4)
           for i in range(5)]
    for order, expected in (("asc", ids), ("desc", ids[::-1])):
        status, page = await _send(provider, "GET", "/videos",
                                   params={"limit": "2", "order": order})
        assert status == 200 and [v["id"] for v in page["data"]] == expected[:2]
        await _send(provider, "DELETE", f"/videos/{page['last_id']}")
        status, rest = await _send(provider, "GET", "/videos",
                                   params={"limit": "10", "order": order,
                                           "after": page["last_id"]})
        assert status == 200, rest
        left = [i for i in expected[2:] if provider.store.get_video(i) is not None]
        assert [v["id"] for v in rest["data"]] == left and rest["has_more"] is False
    status, body = await _send(provider, "GET", "/videos", params={"after": "video_nope"})
    _refusal(status, body)


def _create(prompt: str) -> dict:
    return {"prompt": prompt, "model": "animatic", "size": SIZE, "seconds": "4"}


async def test_the_same_key_and_request_give_the_first_video(provider: LocalProvider) -> None:
    key = {"Idempotency-Key": "k-same"}
    s1, first = await _send(provider, "POST", "/videos", json=_create("A"), headers=key)
    data, form = _form(*_create("A").items())  # the same values, sent as multipart
    s2, again = await _send(provider, "POST", "/videos", data=data, headers={**key, **form})
    assert (s1, s2) == (200, 200) and again["id"] == first["id"]
    assert provider.job_count() == 1


async def test_the_same_key_with_another_body_is_a_422(provider: LocalProvider) -> None:
    key = {"Idempotency-Key": "k-body"}
    await _send(provider, "POST", "/videos", json=_create("A"), headers=key)
    status, body = await _send(provider, "POST", "/videos", json=_create("B"), headers=key)
    assert _refusal(status, body, 422) and body["error"]["code"] == "idempotency_key_reused"
    assert provider.job_count() == 1


async def test_the_same_key_on_another_endpoint_is_a_422(provider: LocalProvider,
                                                         completed_id: str) -> None:
    key = {"Idempotency-Key": "k-endpoint"}
    _, first = await _send(provider, "POST", "/videos", json=_create("A"), headers=key)
    status, body = await _send(provider, "POST", f"/videos/{completed_id}/remix",
                               json={"prompt": "A"}, headers=key)
    _refusal(status, body, 422)
    assert first["id"] != body.get("id")


async def test_a_browser_request_is_refused_even_with_no_preflight(
        provider: LocalProvider) -> None:
    data, headers = _form(*_create("from a web page").items())
    async with aiohttp.ClientSession() as http:  # no key, as a page would send it
        async with http.post(f"{provider.base_url}/videos", data=data,
                             headers={**headers, "Origin": "https://evil.example"}) as resp:
            assert resp.status == 403
            assert not any(k.lower().startswith("access-control") for k in resp.headers)
        async with http.options(f"{provider.base_url}/videos",
                                headers={"Origin": "https://evil.example",
                                         "Access-Control-Request-Method": "POST"}) as resp:
            assert resp.status == 403
            assert not any(k.lower().startswith("access-control") for k in resp.headers)
    assert provider.job_count() == 0


async def test_the_in_process_provider_has_a_random_key(tmp_path: Path) -> None:
    provider = LocalProvider(tmp_path / "data")
    url = await provider.start()
    try:
        assert provider.api_key and key_for(url) == provider.api_key
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{url}/videos") as resp:
                assert resp.status == 401
            async with http.get(f"{url}/videos",
                                headers={"Authorization": f"Bearer {provider.api_key}"}) as r:
                assert r.status == 200
    finally:
        await provider.stop()
    assert key_for(url) is None
    other = LocalProvider(tmp_path / "other")
    assert other.api_key and other.api_key != provider.api_key


@pytest.mark.parametrize("content", ["", "{", "[]", '{"id": 3}', '{"unknown": 1}'])
def test_a_damaged_job_record_is_moved_aside_and_loading_goes_on(
        tmp_path: Path, sample_mp4: Path, content: str) -> None:
    first = LocalProvider(tmp_path, open_access=True)
    good = first.add_completed_video(sample_mp4, prompt="kept", size=SIZE, seconds=4)
    bad = tmp_path / "videos" / f"video_{'0' * 32}.json"
    bad.write_text(content)
    store = Store(tmp_path)
    assert list(store.videos) == [good]
    assert not bad.exists() and len(store.set_aside) == 1
    moved, why = store.set_aside[0]
    assert moved.name.startswith(bad.name + ".corrupt-") and moved.read_text() == content
    assert why
    assert store.new_video(model="animatic", prompt="next", size=SIZE, seconds=4,
                           planned_seconds=0.0).seq == 1


async def test_uploads_spooled_by_a_request_are_removed_when_it_is_refused(
        provider: LocalProvider) -> None:
    data = aiohttp.FormData()
    data.add_field("prompt", "x")
    data.add_field("name", "")  # refused after the upload was spooled
    data.add_field("video", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 100_000,
                   filename="a.mp4", content_type="video/mp4")
    _refusal(*await _send(provider, "POST", "/videos/characters", data=data))
    assert list((provider.store.root / "uploads").iterdir()) == []
    assert json.dumps(provider.store.characters) == "{}"
