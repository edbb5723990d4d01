"""Request bodies: JSON or multipart read into one shape, then checked against the table.

The SDK sends multipart for create/edit/extend/characters and flattens nested values into
bracket names (``characters[][id]``, ``video[id]``); other clients send JSON. Both arrive
here as a :class:`Body` of plain values plus uploaded file parts, so handlers check one
shape. Validation names what is allowed, as OpenAI's 400s do.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import BodyPartReader, web
from aiohttp.http_exceptions import HttpProcessingError
from PIL import Image, UnidentifiedImageError

from studio.core.capabilities import CapabilityTable, ModelCaps
from studio.localserver import idempotency, limits
from studio.localserver.errors import ApiError, invalid

FILE_FIELDS = ("input_reference", "video")  # multipart parts read as bytes
DEFAULT_MODEL = "sora-2"  # the spec's defaults
DEFAULT_SIZE = "720x1280"
DEFAULT_SECONDS = 4
IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
_BRACKETS = re.compile(r"\[([^\[\]]*)\]")


@dataclass
class Body:
    """A request's values; ``files`` are uploads spooled to disk (see ``limits``), and
    ``digest`` identifies the request's content (for Idempotency-Key) whatever its
    encoding: JSON and multipart of the same values have the same digest."""

    fields: dict[str, Any] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)
    file_digests: dict[str, str] = field(default_factory=dict)

    @property
    def digest(self) -> str:
        doc = json.dumps([self.fields, sorted(self.file_digests.items())], sort_keys=True,
                         ensure_ascii=True, default=str)
        return hashlib.sha256(doc.encode()).hexdigest()


@dataclass(frozen=True)
class RefImage:
    """A checked reference image: its bytes and the file suffix of its real format."""

    data: bytes
    suffix: str


async def read_body(request: web.Request, spool_dir: Path, budget: limits.ByteBudget) -> Body:
    """Parse a JSON or multipart body within ``limits``; anything else is a 4xx."""
    ctype = request.content_type
    if ctype == "application/json":
        raw = await limits.read_capped(request, budget, limits.MAX_JSON_BODY)
        try:
            data = json.loads(raw)
        except RecursionError:
            raise invalid("The request body is nested too deeply.") from None
        except ValueError as exc:  # also a number too long to convert
            raise invalid(f"The request body is not valid JSON: {_short(str(exc))}") from None
        if not isinstance(data, dict):
            raise invalid("The request body must be a JSON object.")
        body = Body(fields=data)
        idempotency.remember_digest(request, body.digest)
        return body
    if ctype == "multipart/form-data":
        limits.declared_length(request, limits.MAX_MULTIPART_BODY, "request body")
        try:
            body = await _read_multipart(request, spool_dir)
            idempotency.remember_digest(request, body.digest)
            return body
        except ApiError:
            raise
        except (ValueError, AssertionError, LookupError, RuntimeError, HttpProcessingError,
                aiohttp.ClientPayloadError, UnicodeDecodeError) as exc:
            # aiohttp's reader signals a broken boundary or header in several ways
            raise invalid(f"The multipart body is malformed ({type(exc).__name__}).") from None
    raise invalid(
        f"Unsupported content type '{ctype}': send application/json or multipart/form-data."
    )


async def _read_multipart(request: web.Request, spool_dir: Path) -> Body:
    body = Body()
    reader = await request.multipart()
    parts = text_bytes = total = 0
    async for part in reader:
        parts += 1
        if parts > limits.MAX_PARTS:
            raise invalid(f"The request has more than {limits.MAX_PARTS} parts.")
        if not isinstance(part, BodyPartReader) or not part.name:
            continue
        if part.name in FILE_FIELDS:
            if part.name in body.files:
                raise invalid(f"'{part.name}' was sent twice.", param=part.name)
            limit = limits.MAX_FILE_PART[part.name]
            path = limits.spool_path(spool_dir, request)
            body.files[part.name] = path
            body.file_digests[part.name] = await limits.spool(part.read_chunk, path, limit,
                                                              f"'{part.name}' file")
            total += path.stat().st_size
        elif part.filename is None:  # other file parts are not ours to read
            raw = await _read_text_part(part)
            text_bytes += len(raw)
            if text_bytes > limits.MAX_TEXT_TOTAL:
                raise limits.too_large("form fields", limits.MAX_TEXT_TOTAL)
            _assign(body.fields, part.name, raw.decode(part.get_charset("utf-8")))
        else:
            while await part.read_chunk(limits.CHUNK):  # skipped, but counted
                pass
        if total > limits.MAX_MULTIPART_BODY:
            raise limits.too_large("request body", limits.MAX_MULTIPART_BODY)
    return body


async def _read_text_part(part: BodyPartReader) -> bytes:
    buf = bytearray()
    while chunk := await part.read_chunk(limits.CHUNK):
        buf += chunk
        if len(buf) > limits.MAX_TEXT_PART:
            raise limits.too_large(f"form field '{_short(part.name or '')}'",
                                   limits.MAX_TEXT_PART)
    return bytes(buf)


def _assign(fields: dict[str, Any], name: str, value: str) -> None:
    """Place a bracket-named form field: ``a[k]`` -> dict, ``a[][k]`` / ``a[0][k]`` -> list.

    Bounded: at most two bracket levels, indices of ASCII digits up to ``MAX_INDEX``
    (``characters[3000000][id]`` would otherwise grow a list of three million items).
    """
    head, _, rest = name.partition("[")
    keys = _BRACKETS.findall("[" + rest) if rest else []
    if rest and "[" + rest != "".join(f"[{k}]" for k in keys):
        raise invalid(f"Malformed field name '{_short(name)}'.", param=_short(name))
    if not keys:
        fields[name] = value
    elif len(keys) == 1:
        target = fields.setdefault(head, {})
        if not isinstance(target, dict):
            raise invalid(f"Field '{_short(head)}' mixes shapes.", param=_short(head))
        target[keys[0]] = value
    elif len(keys) == 2:
        items = fields.setdefault(head, [])
        if not isinstance(items, list):
            raise invalid(f"Field '{_short(head)}' mixes shapes.", param=_short(head))
        index, key = keys[0], keys[1]
        if index:
            if not ascii_int(index, limits.MAX_INDEX):
                raise invalid(f"Index '{_short(index)}' of '{_short(head)}' must be a number "
                              f"from 0 to {limits.MAX_INDEX}.", param=_short(head))
            while len(items) <= int(index):
                items.append({})
            items[int(index)][key] = value
        else:  # "[]": a new item whenever the last one already has this key
            if not items or key in items[-1]:
                if len(items) > limits.MAX_INDEX:
                    raise invalid(f"'{_short(head)}' has too many items.", param=_short(head))
                items.append({})
            items[-1][key] = value
    else:
        raise invalid(f"Field name '{_short(name)}' is nested too deeply.", param=_short(name))


def ascii_int(text: str, most: int) -> bool:
    """Plain ASCII digits (no '²', no '٤', no sign) for a value from 0 to ``most``."""
    return 0 < len(text) <= len(str(most)) and text.isascii() and text.isdigit() and \
        int(text) <= most


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
    value = None
    if isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    elif isinstance(raw, str) and ascii_int(raw, 9999):
        value = int(raw)
    if value not in caps.seconds:
        allowed = ", ".join(f"'{s}'" for s in caps.seconds)
        raise invalid(
            f"Invalid seconds {_short(repr(raw))} for model '{caps.id}'. "
            f"Supported values: {allowed}.",
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
    path = body.files.get("input_reference")
    obj = body.fields.get("input_reference")
    if path is None and obj is None:
        return None
    if not caps.supports("input_reference"):
        raise invalid(f"Model '{caps.id}' does not take input_reference.", param="input_reference")
    data = path.read_bytes() if path is not None else _image_from_object(obj)
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


def mp4_upload(body: Body) -> Path:
    """The spooled MP4 upload (blocking: reads its first bytes)."""
    path = body.files.get("video")
    head = b""
    if path is not None:
        with path.open("rb") as f:
            head = f.read(8)
    if path is None or head[4:8] != b"ftyp":
        raise invalid("'video' must be an MP4 file.", param="video")
    return path
