"""``POST /v1/chat/completions`` for the storyboard assistant: a template filler, not a
language model.

It answers the requests :mod:`studio.services.assistant` sends (a JSON object in the last
user message: ``task`` = ``draft`` / ``improve`` / ``structure`` and its inputs) with a
deterministic storyboard in :data:`studio.core.prompts.schema.STORYBOARD_SCHEMA`'s shape,
so the assistant works offline with no key and tests go through the real ``openai`` SDK.
A message without that object is taken as the idea of a draft. Plain and streamed (SSE)
answers, ``response_format`` of type ``json_schema``, ``json_object`` or none.

Fault flags ride on the model name, so a test (or a user trying the UI) needs no server
switch: ``storyboard-template+malformed`` (not JSON), ``+truncated`` (cut off,
``finish_reason: length``), ``+schema`` (JSON that violates the schema), ``+slow`` (a
streamed chunk every 0.2 s, to cancel mid-stream), ``+error`` (a 500).
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from typing import Any

from aiohttp import web

from studio.core.model import Language
from studio.core.prompts.parse import detect_language, read_storyboard
from studio.core.prompts.values import SECONDS_MAX
from studio.localserver.errors import ApiError

MODEL = "storyboard-template"
FAULTS = ("malformed", "truncated", "schema", "slow", "error")
CHUNK_CHARS = 48
SLOW_SECONDS = 0.2

_CAMERAS = {
    Language.EN: ("wide establishing shot, slow push in", "medium shot, handheld follow",
                  "close-up, shallow depth of field", "low angle tracking shot",
                  "over-the-shoulder, static", "aerial, slow pull back"),
    Language.ZH: ("全景，缓慢推进", "中景，手持跟拍", "特写，浅景深", "低角度跟拍",
                  "过肩镜头，固定机位", "航拍，缓慢拉远"),
}
_BEATS = {
    Language.EN: ("Opening", "Arrival", "Turn", "Rising", "Climax", "Ending"),
    Language.ZH: ("开场", "进入", "转折", "推进", "高潮", "结尾"),
}
_ENRICH = {
    Language.EN: ", in soft directional light with a clear subject and steady motion",
    Language.ZH: "，光线柔和有方向感，主体清晰，动作连贯",
}
_SPLIT = re.compile(r"(?:shot|scene|镜头|分镜|场景)\s*+(\d{1,3})", re.I)


def routes() -> list[web.RouteDef]:
    return [web.post("/v1/chat/completions", completions)]


async def completions(request: web.Request) -> web.StreamResponse:
    try:
        body = await request.json()
    except ValueError:
        raise ApiError(400, "We could not parse the JSON body of your request.") from None
    if not isinstance(body, dict):
        raise ApiError(400, "The request body must be a JSON object.")
    model = body.get("model")
    messages = body.get("messages")
    if not isinstance(model, str) or not model:
        raise ApiError(400, "you must provide a model parameter", param="model")
    if not isinstance(messages, list) or not messages:
        raise ApiError(400, "messages must be a non-empty array", param="messages")
    base, _, flags = model.partition("+")
    faults = set(flags.split("+")) if flags else set()
    if base != MODEL or not faults <= set(FAULTS):
        raise ApiError(404, f"The model `{model}` does not exist; this server fills templates "
                       f"with `{MODEL}` (flags: {', '.join(FAULTS)}).",
                       type="invalid_request_error", param="model", code="model_not_found")
    if "error" in faults:
        raise ApiError(500, "The template filler failed (fault flag).", type="server_error")
    content, finish = _fault(fill(_last_user_text(messages)), faults)
    if body.get("stream"):
        return await _stream(request, model, content, finish, slow="slow" in faults)
    return web.json_response(_completion(model, content, finish))


def _last_user_text(messages: list[Any]) -> str:
    for message in reversed(messages):
        if isinstance(message, dict) and message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, list):  # content parts
                return "\n".join(p.get("text", "") for p in content if isinstance(p, dict))
            return str(content or "")
    raise ApiError(400, "messages must hold a user message", param="messages")


# --- the template filler ----------------------------------------------------------------


def fill(text: str) -> str:
    """The reply's JSON text for a request's last user message."""
    request = _request(text)
    task = request.get("task", "draft")
    if task == "improve":
        return json.dumps(_improve(request), ensure_ascii=False)
    if task == "structure":
        return json.dumps(_structure(str(request.get("text", ""))), ensure_ascii=False)
    return json.dumps(_draft(request), ensure_ascii=False)


def _request(text: str) -> dict[str, Any]:
    start, end = text.find("{"), text.rfind("}")
    if 0 <= start < end:
        try:
            data = json.loads(text[start : end + 1])
        except ValueError:
            data = None
        if isinstance(data, dict):
            return data
    return {"task": "draft", "idea": text.strip()}


def _language(request: dict[str, Any], sample: str) -> Language:
    value = request.get("language")
    return Language(value) if value in ("zh", "en") else detect_language(sample)


def _int(value: Any, default: int, low: int, high: int) -> int:
    try:
        return max(low, min(high, int(value)))
    except (TypeError, ValueError):
        return default


def _draft(request: dict[str, Any]) -> dict[str, Any]:
    idea = " ".join(str(request.get("idea", "")).split())[:500] or "A short film"
    lang = _language(request, idea)
    n = _int(request.get("shots"), 5, 1, 20)
    total = _int(request.get("seconds"), 4 * n, n, n * SECONDS_MAX)
    lengths = [total // n + (1 if i < total % n else 0) for i in range(n)]
    beats, cameras = _BEATS[lang], _CAMERAS[lang]
    sep = "：" if lang is Language.ZH else ": "
    shots = []
    for i, seconds in enumerate(lengths):
        beat = beats[min(len(beats) - 1, round(i * (len(beats) - 1) / max(1, n - 1)))]
        shots.append({
            "title": f"{beat}{sep}{idea[:24]}",
            "camera": cameras[i % len(cameras)],
            "description": f"{idea}{sep}{beat}{'（' if lang is Language.ZH else ' ('}"
                           f"{i + 1}/{n}{'）' if lang is Language.ZH else ')'}",
            "duration": seconds,
        })
    return {
        "title": idea[:60],
        "style": str(request.get("style", "")).strip()[:2_000],
        "aspect": str(request.get("aspect", "16:9")),
        "music": "",
        "atmosphere": "",
        "keywords": [],
        "shots": shots,
    }


def _improve(request: dict[str, Any]) -> dict[str, Any]:
    shot = request.get("shot") if isinstance(request.get("shot"), dict) else {}
    description = str(shot.get("description", "")).strip()
    lang = _language(request, description or str(shot.get("title", "")))
    camera = str(shot.get("camera", "")).strip() or _CAMERAS[lang][0]
    enrich = _ENRICH[lang]
    if not description.endswith(enrich):
        description = description.rstrip("。.") + enrich
    return {
        "title": str(shot.get("title", "")),
        "camera": camera,
        "description": description,
        "duration": _int(shot.get("duration"), 4, 1, SECONDS_MAX),
    }


def _structure(text: str) -> dict[str, Any]:
    """The parser's reading, with a shot for every "Shot n" the text names in passing."""
    project = read_storyboard(text).project if text.strip() else None
    pieces = _SPLIT.split(text)
    shots = [
        {"title": s.title, "camera": s.camera, "description": s.description or s.title,
         "duration": s.duration}
        for s in (project.shots if project else [])
    ]
    named = [(int(pieces[i]), pieces[i + 1].strip(" \t\n,.:：，。")) for i in
             range(1, len(pieces) - 1, 2)]
    if len(named) > len(shots):
        shots = [{"title": f"{n}", "camera": "", "description": body or str(n), "duration": 4}
                 for n, body in named]
    look = project.look if project else None
    return {
        "title": project.title if project else "",
        "style": look.style if look else "",
        "aspect": look.size if look else "",
        "music": look.music if look else "",
        "atmosphere": look.atmosphere if look else "",
        "keywords": list(look.keywords) if look else [],
        "shots": shots or [{"title": "", "camera": "", "description": text.strip()[:2_000]
                            or "-", "duration": 4}],
    }


def _fault(content: str, faults: set[str]) -> tuple[str, str]:
    if "malformed" in faults:
        return "Sure! Here is the storyboard:\n" + content[: len(content) // 2] + "\n...", "stop"
    if "truncated" in faults:
        return content[: len(content) // 2], "length"
    if "schema" in faults:
        data = json.loads(content)
        data["shots"] = [{"title": "x", "duration": "long"}] if "shots" in data else "none"
        data.pop("description", None)
        if "shots" not in data or not isinstance(data.get("shots"), list):
            data["duration"] = -1
        return json.dumps(data, ensure_ascii=False), "stop"
    return content, "stop"


# --- responses ----------------------------------------------------------------------------


def _completion(model: str, content: str, finish: str) -> dict[str, Any]:
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex[:24]}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "finish_reason": finish,
                     "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": 0, "completion_tokens": len(content) // 4,
                  "total_tokens": len(content) // 4},
    }


async def _stream(request: web.Request, model: str, content: str, finish: str,
                  *, slow: bool) -> web.StreamResponse:
    response = web.StreamResponse(headers={"Content-Type": "text/event-stream",
                                           "Cache-Control": "no-cache"})
    await response.prepare(request)
    ident, created = f"chatcmpl-{uuid.uuid4().hex[:24]}", int(time.time())

    def chunk(delta: dict[str, str], reason: str | None = None) -> bytes:
        data = {"id": ident, "object": "chat.completion.chunk", "created": created,
                "model": model, "choices": [{"index": 0, "delta": delta,
                                             "finish_reason": reason}]}
        return f"data: {json.dumps(data, ensure_ascii=False)}\n\n".encode()

    await response.write(chunk({"role": "assistant", "content": ""}))
    for at in range(0, len(content), CHUNK_CHARS):
        if slow:
            await asyncio.sleep(SLOW_SECONDS)
        await response.write(chunk({"content": content[at : at + CHUNK_CHARS]}))
    await response.write(chunk({}, finish))
    await response.write(b"data: [DONE]\n\n")
    await response.write_eof()
    return response
