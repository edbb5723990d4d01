"""Request bodies the form reader must refuse (or skip) over real HTTP: each refusal an
OpenAI error body naming what is wrong, no upload left behind, nothing stored."""

from __future__ import annotations

import base64
import io
import json

import aiohttp
import pytest
from PIL import Image

from studio.localserver import limits
from studio.localserver.server import LocalProvider
from tests.localserver.helpers import SIZE, png
from tests.localserver.test_hostile_requests import _form, _refusal, _send

pytestmark = pytest.mark.timeout(60)

MP4_HEAD = b"\x00\x00\x00\x18ftypmp42"


def _data_url(data: bytes, mime: str = "image/png") -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def _gif(width: int, height: int) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), "red").save(buf, "GIF")
    return buf.getvalue()


def _nothing_stored(provider: LocalProvider) -> None:
    assert provider.job_count() == 0 and provider.store.characters == {}
    assert list((provider.store.root / "uploads").iterdir()) == []


async def test_a_json_body_that_is_not_an_object_is_refused(provider: LocalProvider) -> None:
    message = _refusal(*await _send(provider, "POST", "/videos", json=["prompt", "x"]))
    assert message == "The request body must be a JSON object."
    _nothing_stored(provider)


async def test_more_parts_than_the_limit_are_refused(provider: LocalProvider) -> None:
    data, headers = _form(*[(f"f{i}", "v") for i in range(limits.MAX_PARTS + 1)])
    message = _refusal(*await _send(provider, "POST", "/videos", data=data, headers=headers))
    assert f"more than {limits.MAX_PARTS} parts" in message


async def test_nameless_and_foreign_file_parts_are_skipped(provider: LocalProvider) -> None:
    boundary = "b0undary"
    raw = (
        f"--{boundary}\r\nContent-Disposition: form-data\r\n\r\nno name\r\n"
        f'--{boundary}\r\nContent-Disposition: form-data; name="notes"; filename="n.txt"\r\n'
        f"Content-Type: text/plain\r\n\r\n{'x' * 200_000}\r\n"
        f'--{boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nMira\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="video"; filename="a.mp4"\r\n'
        f"Content-Type: video/mp4\r\n\r\n"
    ).encode() + MP4_HEAD + b"\x00" * 1000 + f"\r\n--{boundary}--\r\n".encode()
    status, body = await _send(provider, "POST", "/videos/characters", data=raw,
                               headers={"Content-Type": f"multipart/form-data; "
                                                        f"boundary={boundary}"})
    assert status == 200, body
    assert body["name"] == "Mira" and set(provider.store.characters) == {body["id"]}
    assert "notes" not in json.dumps(body)


async def test_a_file_field_sent_twice_is_refused(provider: LocalProvider) -> None:
    data = aiohttp.FormData()
    data.add_field("name", "Mira")
    for _ in range(2):
        data.add_field("video", MP4_HEAD + b"\x00" * 100, filename="a.mp4",
                       content_type="video/mp4")
    message = _refusal(*await _send(provider, "POST", "/videos/characters", data=data))
    assert message == "'video' was sent twice."
    _nothing_stored(provider)


async def test_an_upload_over_its_limit_is_a_413_and_is_not_kept(
        provider: LocalProvider) -> None:
    data = aiohttp.FormData()
    data.add_field("prompt", "x")
    big = io.BytesIO(b"\x89PNG" + b"\x00" * limits.MAX_FILE_PART["input_reference"])
    data.add_field("input_reference", big, filename="r.png", content_type="image/png")
    message = _refusal(*await _send(provider, "POST", "/videos", data=data), expected=413)
    assert message == "The 'input_reference' file is larger than the limit of 32 MB."
    _nothing_stored(provider)


async def test_one_text_field_over_its_limit_is_a_413(provider: LocalProvider) -> None:
    data, headers = _form(("prompt", "p" * (limits.MAX_TEXT_PART + 1)))
    message = _refusal(*await _send(provider, "POST", "/videos", data=data, headers=headers),
                       expected=413)
    assert message == "The form field 'prompt' is larger than the limit of 0 MB."


async def test_text_fields_over_their_total_are_a_413(provider: LocalProvider) -> None:
    n = limits.MAX_TEXT_TOTAL // limits.MAX_TEXT_PART + 1
    data, headers = _form(*[(f"f{i}", "t" * limits.MAX_TEXT_PART) for i in range(n)])
    message = _refusal(*await _send(provider, "POST", "/videos", data=io.BytesIO(data),
                                    headers=headers), expected=413)
    assert message == "The form fields is larger than the limit of 1 MB."


@pytest.mark.parametrize("fields", [
    (("size", "640x360"), ("size[w]", "640")),
    (("characters", "c"), ("characters[0][id]", "char_1")),
])
async def test_a_field_sent_in_two_shapes_is_refused(provider: LocalProvider,
                                                    fields: tuple[tuple[str, str], ...]) -> None:
    data, headers = _form(("prompt", "x"), *fields)
    status, body = await _send(provider, "POST", "/videos", data=data, headers=headers)
    assert _refusal(status, body) == f"Field '{fields[0][0]}' mixes shapes."
    assert body["error"]["param"] == fields[0][0]


def _create(**fields: object) -> dict[str, object]:
    return {"prompt": "A heron", "model": "animatic", "size": SIZE, **fields}


@pytest.mark.parametrize(("body", "fragment", "param"), [
    (_create(prompt="p" * 32_001), "'prompt' is longer than 32000 characters.", "prompt"),
    ({"prompt": "A heron", "model": "veo-3.1-generate-preview", "size": "1280x720",
      "characters": [{"id": "char_1"}]},
     "Model 'veo-3.1-generate-preview' does not support characters.", "characters"),
    (_create(characters=["char_1"]), "'characters' must be a list of", "characters"),
    (_create(characters=[{"id": "char_nope"}]), "No character found with id 'char_nope'.",
     "characters"),
    (_create(input_reference={"image_url": _data_url(b"not an image at all")}),
     "input_reference is not a readable image.", "input_reference"),
    (_create(input_reference={"image_url": _data_url(_gif(640, 360), "image/gif")}),
     "input_reference must be JPEG, PNG or WebP, not GIF.", "input_reference"),
    (_create(input_reference={"image_url": _data_url(png(640, 360)), "file_id": "file-1"}),
     "exactly one of 'image_url' or 'file_id'", "input_reference"),
    (_create(input_reference="data:image/png;base64,AAAA"),
     "exactly one of 'image_url' or 'file_id'", "input_reference"),
    (_create(input_reference={"image_url": "data:image/png;base64,not*base64!"}),
     "input_reference.image_url is not valid base64.", "input_reference.image_url"),
])
async def test_create_fields_are_checked(provider: LocalProvider, body: dict, fragment: str,
                                         param: str) -> None:
    status, answer = await _send(provider, "POST", "/videos", json=body)
    assert fragment in _refusal(status, answer)
    assert answer["error"]["param"] == param
    _nothing_stored(provider)


@pytest.mark.parametrize("path", ["/videos/edits", "/videos/extensions"])
@pytest.mark.parametrize("video", [None, "video_1", {"name": "x"}])
async def test_an_edit_or_extension_needs_its_video(provider: LocalProvider, path: str,
                                                   video: object) -> None:
    body = {"prompt": "x", "seconds": "4", **({} if video is None else {"video": video})}
    status, answer = await _send(provider, "POST", path, json=body)
    assert _refusal(status, answer).startswith("'video' is required")
    assert answer["error"]["param"] == "video"
    _nothing_stored(provider)
