"""Request bodies: JSON or multipart read into one shape, then checked against the table.

The SDK sends multipart for create/edit/extend/characters and flattens nested values into
bracket names (``characters[][id]``, ``video[id]``); other clients send JSON. Both arrive
here as a :class:`Body` of plain values plus uploaded file parts, so handlers check one
shape. Validation names what is allowed, as OpenAI's 400s do.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
from dataclasses import dataclass, field
from typing import Any

from aiohttp import BodyPartReader, web
from PIL import Image, UnidentifiedImageError

from studio.core.capabilities import CapabilityTable, ModelCaps
from studio.localserver.errors import invalid

FILE_FIELDS = ("input_reference", "video")  # multipart parts read as bytes
DEFAULT_MODEL = "sora-2"  # the spec's defaults
DEFAULT_SIZE = "720x1280"
DEFAULT_SECONDS = 4
IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
_BRACKETS = re.compile(r"\[([^\[\]]*)\]")


@dataclass
class Body:
    fields: dict[str, Any] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)


@dataclass(frozen=True)
class RefImage:
    """A checked reference image: its bytes and the file suffix of its real format."""

    data: bytes
    suffix: str


async def read_body(request: web.Request) -> Body:
    """Parse a JSON or multipart body; anything else is a 400."""
    ctype = request.content_type
    if ctype == "application/json":
        try:
            data = await request.json()
        except ValueError as exc:
            raise invalid(f"The request body is not valid JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise invalid("The request body must be a JSON object.")
        return Body(fields=data)
    if ctype == "multipart/form-data":
        body = Body()
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, BodyPartReader) or not part.name:
                continue
            if part.name in FILE_FIELDS:
                body.files[part.name] = bytes(await part.read())
            elif part.filename is None:  # other file parts are not ours to read
                _assign(body.fields, part.name, await part.text())
        return body
    raise invalid(
        f"Unsupported content type '{ctype}': send application/json or multipart/form-data."
    )


def _assign(fields: dict[str, Any], name: str, value: str) -> None:
    """Place a bracket-named form field: ``a[k]`` -> dict, ``a[][k]`` / ``a[0][k]`` -> list."""
    head, _, rest = name.partition("[")
    keys = _BRACKETS.findall("[" + rest) if rest else []
    if not keys:
        fields[name] = value
    elif len(keys) == 1:
        fields.setdefault(head, {})[keys[0]] = value
    else:
        items = fields.setdefault(head, [])
        index, key = keys[0], keys[1]
        if index.isdigit():
            while len(items) <= int(index):
                items.append({})
            items[int(index)][key] = value
        else:  # "[]": a new item whenever the last one already has this key
            if not items or key in items[-1]:
                items.append({})
            items[-1][key] = value


# -- field checks ------------------------------------------------------------------------


def prompt_of(fields: dict[str, Any], max_chars: int = 32_000) -> str:
    prompt = fields.get("prompt")
    if not isinstance(prompt, str) or not prompt.strip():
        raise invalid("'prompt' is required and must be a non-empty string.", param="prompt")
    if len(prompt) > max_chars:
        raise invalid(f"'prompt' is longer than {max_chars} characters.", param="prompt")
    return prompt


def model_of(fields: dict[str, Any], table: CapabilityTable) -> ModelCaps:
    name = fields.get("model", DEFAULT_MODEL)
    caps = table.get(name) if isinstance(name, str) else None
    if caps is None:
        raise invalid(
            f"Invalid model {name!r}. Supported models: {', '.join(table.ids())}.",
            param="model",
            code="invalid_value",
        )
    return caps


def size_of(fields: dict[str, Any], caps: ModelCaps) -> str:
    size = fields.get("size", DEFAULT_SIZE)
    if size not in caps.sizes:
        raise invalid(
            f"Invalid size {size!r} for model '{caps.id}'. "
            f"Supported sizes: {', '.join(caps.sizes)}.",
            param="size",
            code="invalid_value",
        )
    return str(size)


def seconds_of(
    fields: dict[str, Any], caps: ModelCaps, *, required: bool = False
) -> int:
    raw = fields.get("seconds")
    if raw is None and not required:
        raw = DEFAULT_SECONDS
    value = int(raw) if isinstance(raw, str | int) and str(raw).isdigit() else None
    if value not in caps.seconds:
        allowed = ", ".join(f"'{s}'" for s in caps.seconds)
        raise invalid(
            f"Invalid seconds {raw!r} for model '{caps.id}'. Supported values: {allowed}.",
            param="seconds",
            code="invalid_value",
        )
    return value


def characters_of(fields: dict[str, Any], caps: ModelCaps, known: set[str]) -> list[str]:
    raw = fields.get("characters")
    if raw is None:
        return []
    if not caps.supports("characters"):
        raise invalid(f"Model '{caps.id}' does not support characters.", param="characters")
    if not isinstance(raw, list) or not all(
        isinstance(c, dict) and isinstance(c.get("id"), str) for c in raw
    ):
        raise invalid("'characters' must be a list of {\"id\": ...} objects.", param="characters")
    if len(raw) > caps.max_characters:
        raise invalid(
            f"At most {caps.max_characters} characters can be used in one video.",
            param="characters",
        )
    ids = [c["id"] for c in raw]
    for cid in ids:
        if cid not in known:
            raise invalid(f"No character found with id '{cid}'.", param="characters")
    return ids


def reference_of(body: Body, caps: ModelCaps, width: int, height: int) -> RefImage | None:
    """The input_reference image from a file part or an ``image_url`` data: URL."""
    data = body.files.get("input_reference")
    obj = body.fields.get("input_reference")
    if data is None and obj is None:
        return None
    if not caps.supports("input_reference"):
        raise invalid(f"Model '{caps.id}' does not take input_reference.", param="input_reference")
    if data is None:
        data = _image_from_object(obj)
    try:
        with Image.open(io.BytesIO(data)) as img:
            fmt, size = img.format, img.size
    except (UnidentifiedImageError, OSError) as exc:
        raise invalid("input_reference is not a readable image.", param="input_reference") from exc
    if fmt not in IMAGE_FORMATS:
        raise invalid(
            f"input_reference must be JPEG, PNG or WebP, not {fmt}.", param="input_reference"
        )
    if size != (width, height):
        raise invalid(
            "Inpaint image must match the requested width and height "
            f"({width}x{height}; got {size[0]}x{size[1]}).",
            param="input_reference",
        )
    return RefImage(data, IMAGE_FORMATS[fmt])


def _image_from_object(obj: object) -> bytes:
    if not isinstance(obj, dict) or len(obj) != 1:
        raise invalid(
            "input_reference must have exactly one of 'image_url' or 'file_id'.",
            param="input_reference",
        )
    if "file_id" in obj:
        raise invalid(
            "input_reference.file_id is not supported by the local provider; "
            "send the image as a file or a data: URL.",
            param="input_reference.file_id",
        )
    url = obj.get("image_url")
    if not isinstance(url, str) or not url.startswith("data:") or ";base64," not in url:
        raise invalid(
            "input_reference.image_url must be a base64 data: URL "
            "(the local provider does not fetch remote URLs).",
            param="input_reference.image_url",
        )
    try:
        return base64.b64decode(url.split(";base64,", 1)[1], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise invalid(
            "input_reference.image_url is not valid base64.", param="input_reference.image_url"
        ) from exc


def video_id_of(body: Body) -> str | None:
    """The ``video: {"id": ...}`` reference, or None when an MP4 was uploaded instead."""
    if "video" in body.files:
        return None
    ref = body.fields.get("video")
    if not isinstance(ref, dict) or not isinstance(ref.get("id"), str):
        raise invalid(
            "'video' is required: an object {\"id\": \"video_...\"} or an uploaded MP4.",
            param="video",
        )
    return ref["id"]


def mp4_upload(body: Body) -> bytes:
    data = body.files.get("video", b"")
    if data[4:8] != b"ftyp":
        raise invalid("'video' must be an MP4 file.", param="video")
    return data
