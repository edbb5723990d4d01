"""The storyboard assistant: any OpenAI-compatible chat endpoint, through the ``openai`` SDK.

Besides ``services/client.py`` this is the only module that calls the SDK. It drafts a
storyboard from an idea, improves one shot, or structures a pasted text the parser could
not number, asking for structured output: a JSON schema where the endpoint takes one
(``response_format: json_schema``), JSON mode where it only knows that, else plain text
read by the storyboard parser. Replies stream; ``progress(chars)`` reports them, and
cancelling the awaiting task closes the stream. A reply that is not JSON, was cut off
(``finish_reason: length``) or violates the schema raises :class:`AssistantError` with a
code, and nothing is returned: the caller changes nothing.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from studio.core.model import Language, Project, Shot
from studio.core.prompts.parse import PromptParseError, read_storyboard
from studio.core.prompts.schema import SHOT_SCHEMA, STORYBOARD_SCHEMA, ShotReply, StoryboardReply

Progress = Callable[[int], None]
M = TypeVar("M", bound=BaseModel)
_FENCE = re.compile(r"^\s*```[a-zA-Z0-9]*\s*\n(.*?)\n\s*```\s*$", re.S)


class Structured(StrEnum):
    """How an endpoint is asked for structure."""

    SCHEMA = "schema"  # response_format json_schema (OpenAI, the local filler)
    JSON = "json"  # response_format json_object (DeepSeek and most compatible servers)
    TEXT = "text"  # nothing: the reply is read by the storyboard parser


@dataclass(frozen=True)
class ChatEndpoint:
    base_url: str
    api_key: str
    model: str
    structured: Structured = Structured.SCHEMA
    timeout: float = 180.0


@dataclass(frozen=True)
class DraftBrief:
    """What "Draft a storyboard from an idea" asks for."""

    idea: str
    seconds: int = 20
    style: str = ""
    language: Language = Language.EN
    shots: int = 5
    aspect: str = "16:9"


class AssistantError(Exception):
    """The assistant gave nothing usable. ``code``: ``invalid_json``, ``truncated``,
    ``schema``, ``refused`` (content filter), ``empty``, ``auth``, ``connection``,
    ``http`` (``status``), ``timeout``; ``detail`` is the first line of the cause."""

    def __init__(self, code: str, detail: str = "", *, status: int | None = None) -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code, self.detail, self.status = code, detail, status


_SYSTEM = (
    "You are a storyboard writer for short AI-generated videos. Answer with JSON only, "
    "matching the storyboard schema: title, style, aspect, music, atmosphere, keywords, "
    "shots (each: title, camera, description, duration in whole seconds). Camera holds shot "
    "size and movement; description holds what we see. Write in the language asked for."
)
_SYSTEM_SHOT = (
    "You improve one shot of a storyboard for an AI video model: make the description "
    "concrete and visual, the camera precise; keep its meaning, title and duration. Answer "
    "with JSON only: title, camera, description, duration."
)


class Assistant:
    """One chat endpoint; the SDK is imported and the client built off the loop."""

    def __init__(self, endpoint: ChatEndpoint) -> None:
        self.endpoint = endpoint
        self._client: Any = None
        self._openai: Any = None

    async def _sdk(self) -> Any:
        if self._client is None:
            loop = asyncio.get_running_loop()
            self._openai = await loop.run_in_executor(None, importlib.import_module, "openai")
            e = self.endpoint
            self._client = await loop.run_in_executor(None, lambda: self._openai.AsyncOpenAI(
                base_url=e.base_url, api_key=e.api_key or "no-key", max_retries=0,
                timeout=e.timeout))
        return self._client

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None

    # -- the three asks ---------------------------------------------------------------
    async def draft(self, brief: DraftBrief, progress: Progress | None = None) -> Project:
        request = {"task": "draft", "idea": brief.idea, "seconds": brief.seconds,
                   "style": brief.style, "language": brief.language.value,
                   "shots": brief.shots, "aspect": brief.aspect}
        text = (f"Draft a storyboard of {brief.shots} shots, about {brief.seconds} seconds in "
                f"all, from this request:\n{json.dumps(request, ensure_ascii=False)}")
        reply = await self._ask(_SYSTEM, text, STORYBOARD_SCHEMA, progress)
        return self._storyboard(reply, brief.language)

    async def structure(self, pasted: str, language: Language,
                        progress: Progress | None = None) -> Project:
        request = {"task": "structure", "language": language.value, "text": pasted}
        text = ("Turn this storyboard into the schema, one entry per shot it numbers, keeping "
                f"its wording:\n{json.dumps(request, ensure_ascii=False)}")
        reply = await self._ask(_SYSTEM, text, STORYBOARD_SCHEMA, progress)
        return self._storyboard(reply, language)

    async def improve(self, project: Project, shot: Shot,
                      progress: Progress | None = None) -> Shot:
        request = {"task": "improve", "language": project.language.value,
                   "style": project.look.style,
                   "shot": {"title": shot.title, "camera": shot.camera,
                            "description": shot.description, "duration": shot.duration}}
        text = f"Improve this shot:\n{json.dumps(request, ensure_ascii=False)}"
        reply = await self._ask(_SYSTEM_SHOT, text, SHOT_SCHEMA, progress)
        data = self._json(reply)
        return self._valid(ShotReply, data).to_shot(base=shot)

    # -- the exchange ------------------------------------------------------------------
    async def _ask(self, system: str, user: str, schema: dict[str, Any],
                   progress: Progress | None) -> str:
        client = await self._sdk()
        openai = self._openai
        kwargs: dict[str, Any] = {
            "model": self.endpoint.model, "stream": True,
            "messages": [{"role": "system", "content": system},
                         {"role": "user", "content": user}],
        }
        if self.endpoint.structured is Structured.SCHEMA:
            kwargs["response_format"] = {"type": "json_schema", "json_schema": schema}
        elif self.endpoint.structured is Structured.JSON:
            kwargs["response_format"] = {"type": "json_object"}
        try:
            stream = await client.chat.completions.create(**kwargs)
        except openai.AuthenticationError as exc:
            raise AssistantError("auth", _first_line(exc), status=401) from None
        except openai.APITimeoutError as exc:
            raise AssistantError("timeout", _first_line(exc)) from None
        except openai.APIConnectionError as exc:
            raise AssistantError("connection", _first_line(exc)) from None
        except openai.APIStatusError as exc:
            raise AssistantError("http", _first_line(exc), status=exc.status_code) from None
        parts: list[str] = []
        received, finish = 0, None
        try:
            async for chunk in stream:
                for choice in chunk.choices:
                    if choice.delta and choice.delta.content:
                        parts.append(choice.delta.content)
                        received += len(choice.delta.content)
                        if progress is not None:
                            progress(received)
                    finish = choice.finish_reason or finish
        except openai.APIError as exc:
            raise AssistantError("connection", _first_line(exc)) from None
        finally:
            await stream.close()
        text = "".join(parts)
        if finish == "length":
            raise AssistantError("truncated", f"{len(text)} characters, cut off")
        if finish == "content_filter":
            raise AssistantError("refused")
        if not text.strip():
            raise AssistantError("empty")
        return text

    # -- reading replies ---------------------------------------------------------------
    def _storyboard(self, reply: str, language: Language) -> Project:
        try:
            data = self._json(reply)
        except AssistantError:
            if self.endpoint.structured is not Structured.TEXT:
                raise
            try:  # an endpoint without JSON mode: the parser reads its prose
                return read_storyboard(reply, language=language).project
            except PromptParseError as exc:
                raise AssistantError("invalid_json", str(exc)) from None
        return self._valid(StoryboardReply, data).to_project(language)

    @staticmethod
    def _json(reply: str) -> Any:
        text = m.group(1) if (m := _FENCE.match(reply)) else reply
        try:
            return json.loads(text)
        except ValueError as exc:
            raise AssistantError("invalid_json", str(exc)) from None

    @staticmethod
    def _valid(model: type[M], data: Any) -> M:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err.get("loc", ()))
            raise AssistantError("schema", f"{where}: {err.get('msg', '')}") from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__
