"""The generation client: the only module of the studio that touches the ``openai`` SDK.

Why a wrapper and not the SDK directly:

* the ``videos`` resource is deprecated upstream; keeping every SDK call here means a later
  SDK can be absorbed in one file;
* billable POSTs (create, remix, edit, extend) must never be retried blindly — the SDK's
  own retry has no idempotency key and would start a second paid job. They go out with
  ``max_retries=0`` and an ``Idempotency-Key``; the job runner reconciles unclear outcomes;
* the SDK's types lag the protocol (``characters``, 16/20 s, object forms of
  ``input_reference`` / ``video``), so those requests go as JSON through ``client.post``;
* ``import openai`` costs ~0.9 s and the first ``AsyncOpenAI()`` ~100 ms: both happen in a
  worker thread on first use, never on the event loop and never at studio import time.

Non-billable requests (retrieve, list, delete, characters get, download) get a small
retry budget of our own for 429 / 5xx / network errors, honouring ``retry-after-ms`` and
``Retry-After``. Every failure leaves here as a classified :class:`ProviderError`.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import os
import random
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, TypeVar

from studio.services.errors import Category, ProviderError, classify_http, failure

T = TypeVar("T")

WRITE_BATCH = 4 << 20  # bytes handed to the writer thread at once
MAX_RETRY_WAIT = 60.0  # a server asking for longer than this is not waited for


@dataclass(frozen=True)
class VideoInfo:
    """The fields of a Video object the studio uses (server strings stay data, not names)."""

    id: str
    status: str  # queued | in_progress | completed | failed
    progress: int
    model: str
    prompt: str | None
    size: str
    seconds: int
    created_at: int
    completed_at: int | None = None
    expires_at: int | None = None
    remixed_from_video_id: str | None = None
    error_code: str | None = None
    error_message: str | None = None
    #: What a gateway reported in this answer's headers (LiteLLM: this request's cost,
    #: and what the virtual key has spent in all); None when it sent no such header.
    gateway_cost: float | None = None
    key_spend: float | None = None


#: Response headers a LiteLLM proxy reports spend in (its get_custom_headers).
COST_HEADER = "x-litellm-response-cost"
SPEND_HEADER = "x-litellm-key-spend"
RAW = {"X-Stainless-Raw-Response": "true"}  # the SDK answers with headers + body


@dataclass(frozen=True)
class PollResult:
    video: VideoInfo
    poll_after: float | None  # seconds, from ``openai-poll-after-ms``


@dataclass(frozen=True)
class CharacterInfo:
    id: str | None
    name: str | None
    created_at: int


class GenerationClient:
    """An async Videos-API client for one provider (base URL + key)."""

    def __init__(self, base_url: str, api_key: str | None, *, timeout: float = 60.0,
                 connect_timeout: float = 5.0, retries: int = 3) -> None:
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key or "no-key"  # the SDK insists on one; local needs none
        self._timeout = timeout
        self._connect_timeout = connect_timeout
        self._retries = retries
        self._sdk: Any = None
        self._lock = asyncio.Lock()
        self.requests = 0  # requests sent (attempts), for benchmarks and tests

    # -- lifecycle ---------------------------------------------------------------------

    async def _client(self) -> Any:
        if self._sdk is None:
            async with self._lock:
                if self._sdk is None:
                    loop = asyncio.get_running_loop()
                    self._sdk = await loop.run_in_executor(None, self._build)
        return self._sdk

    async def ready(self) -> None:
        """Import and build the SDK now (seconds on a busy machine), so a billable POST
        leaves the moment its "maybe sent" marker is written, not seconds after it."""
        await self._client()

    def _build(self) -> Any:
        import httpx2
        import openai

        return openai.AsyncOpenAI(
            base_url=self.base_url,
            api_key=self._api_key,
            max_retries=0,  # retries are ours, and never for billable POSTs
            timeout=httpx2.Timeout(self._timeout, connect=self._connect_timeout),
        )

    async def close(self) -> None:
        if self._sdk is not None:
            await self._sdk.close()
            self._sdk = None

    # -- billable POSTs: sent once, with an idempotency key ----------------------------

    async def create(self, *, prompt: str, model: str, size: str, seconds: int,
                     idempotency_key: str, input_reference: bytes | None = None,
                     characters: Sequence[str] | None = None,
                     wire_seconds: str | int | None = None) -> VideoInfo:
        """``POST /videos``. Multipart through the SDK, or JSON when ``characters`` are set.

        ``wire_seconds`` is ``seconds`` in the type the model's provider expects (the
        capability table's ``seconds_type``); the spec's string by default.
        """
        sdk = await self._client()
        sent_seconds = wire_seconds if wire_seconds is not None else str(seconds)
        headers = {"Idempotency-Key": idempotency_key}
        if characters:
            body: dict[str, Any] = {"prompt": prompt, "model": model, "size": size,
                                    "seconds": sent_seconds,
                                    "characters": [{"id": c} for c in characters]}
            if input_reference is not None:
                body["input_reference"] = {"image_url": _data_url(input_reference)}
            return await self._post_json("/videos", body, headers)
        kwargs: dict[str, Any] = {"prompt": prompt, "model": model, "size": size,
                                  "seconds": sent_seconds, "extra_headers": headers}
        if input_reference is not None:
            kwargs["input_reference"] = ("reference" + _image_suffix(input_reference),
                                         input_reference, _image_mime(input_reference))
        raw = await self._once(lambda: sdk.videos.with_raw_response.create(**kwargs))
        return _video(raw.parse(), raw.headers)

    async def remix(self, video_id: str, *, prompt: str, idempotency_key: str) -> VideoInfo:
        sdk = await self._client()
        raw = await self._once(lambda: sdk.videos.with_raw_response.remix(
            video_id, prompt=prompt, extra_headers={"Idempotency-Key": idempotency_key}))
        return _video(raw.parse(), raw.headers)

    async def edit(self, video_id: str, *, prompt: str, idempotency_key: str) -> VideoInfo:
        """JSON: the SDK's ``video={"id": ...}`` form raises before sending."""
        return await self._post_json("/videos/edits", {"prompt": prompt, "video": {"id": video_id}},
                                     {"Idempotency-Key": idempotency_key})

    async def extend(self, video_id: str, *, prompt: str, seconds: int,
                     idempotency_key: str) -> VideoInfo:
        body = {"prompt": prompt, "seconds": str(seconds), "video": {"id": video_id}}
        return await self._post_json("/videos/extensions", body,
                                     {"Idempotency-Key": idempotency_key})

    async def create_character(self, *, name: str, video: bytes) -> CharacterInfo:
        """Not billed per call, but not idempotent either: sent once."""
        sdk = await self._client()
        res = await self._once(lambda: sdk.videos.create_character(
            name=name, video=("character.mp4", video, "video/mp4")))
        return CharacterInfo(res.id, res.name, res.created_at)

    async def _post_json(self, path: str, body: dict[str, Any],
                         headers: dict[str, str]) -> VideoInfo:
        sdk = await self._client()
        from openai.types import Video

        raw = await self._once(lambda: sdk.post(path, cast_to=Video, body=body,
                                                options={"headers": {**headers, **RAW}}))
        return _video(raw.parse(), raw.headers)

    # -- safe requests: a small retry budget -------------------------------------------

    async def retrieve(self, video_id: str) -> PollResult:
        """``GET /videos/{id}`` with the server's poll hint (``openai-poll-after-ms``)."""
        sdk = await self._client()
        raw = await self._retrying(lambda: sdk.videos.with_raw_response.retrieve(video_id))
        hint = raw.headers.get("openai-poll-after-ms")
        poll_after = _float(hint) / 1000 if _float(hint) is not None else None
        return PollResult(_video(raw.parse(), raw.headers), poll_after)

    async def list(self, *, created_after: float | None = None) -> list[VideoInfo]:
        """Every video (newest first), or those created at/after ``created_after`` (unix s)."""
        sdk = await self._client()
        out: list[VideoInfo] = []
        after: str | None = None
        while True:
            kwargs: dict[str, Any] = {"order": "desc", "limit": 100}
            if after:
                kwargs["after"] = after
            page = await self._retrying(lambda kw=kwargs: sdk.videos.list(**kw))
            batch = [_video(v) for v in page.data]
            for v in batch:
                if created_after is not None and v.created_at < int(created_after):
                    return out
                out.append(v)
            if not page.has_more or not batch:
                return out
            after = batch[-1].id

    async def delete(self, video_id: str) -> bool:
        sdk = await self._client()
        res = await self._retrying(lambda: sdk.videos.delete(video_id))
        return bool(res.deleted)

    async def get_character(self, character_id: str) -> CharacterInfo:
        sdk = await self._client()
        res = await self._retrying(lambda: sdk.videos.get_character(character_id))
        return CharacterInfo(res.id, res.name, res.created_at)

    async def download(self, video_id: str, dest: Path, *, start: int = 0,
                       variant: str = "video") -> int:
        """Stream the asset into ``dest``, appending from byte ``start`` with ``Range``.

        Returns the file's size. Disk writes run in a worker thread. A connection cut
        mid-body raises a NETWORK :class:`ProviderError` after the bytes received so far are
        written, so the caller can resume from the file's size. A server that ignores
        ``Range`` restarts the file. A 416 means the file is already whole only when the
        server's size (``Content-Range: bytes */N``) equals ``start``; a different size
        restarts the file, and an unknown one is left to the caller's decode check.
        """
        sdk = await self._client()
        headers = {"Range": f"bytes={start}-"} if start > 0 else {}
        loop = asyncio.get_running_loop()
        self.requests += 1
        try:
            async with sdk.videos.with_streaming_response.download_content(
                    video_id, variant=variant, extra_headers=headers) as resp:
                if start > 0 and resp.status_code != 206:
                    start = 0  # Range ignored: the body is the whole file
                total = _content_total(resp.headers, start)
                fh = await loop.run_in_executor(None, _open_for_write, dest, start)
                written = start
                try:
                    buf = bytearray()
                    try:
                        async for chunk in resp.iter_bytes():
                            buf += chunk
                            if len(buf) >= WRITE_BATCH:
                                await loop.run_in_executor(None, fh.write, bytes(buf))
                                written += len(buf)
                                buf.clear()
                    finally:
                        if buf:
                            await loop.run_in_executor(None, fh.write, bytes(buf))
                            written += len(buf)
                finally:
                    await loop.run_in_executor(None, _close_synced, fh)
        except ProviderError:
            raise
        except Exception as exc:
            if start == 0 or not _is_range_unsatisfiable(exc):  # 416 only answers a Range
                raise _convert(exc) from exc
            size = _unsatisfied_size(exc)
            if size is None or size == start:
                return start  # the .part already holds all of it
            return await self.download(video_id, dest, start=0, variant=variant)
        if total is not None and written < total:
            raise ProviderError(failure(Category.NETWORK, f"download cut short at {written} "
                                        f"of {total} bytes"))
        return written

    # -- plumbing ----------------------------------------------------------------------

    async def _once(self, call: Callable[[], Awaitable[T]]) -> T:
        self.requests += 1
        try:
            return await call()
        except Exception as exc:
            raise _convert(exc) from exc

    async def _retrying(self, call: Callable[[], Awaitable[T]]) -> T:
        attempt = 0
        while True:
            try:
                return await self._once(call)
            except ProviderError as err:
                if attempt >= self._retries or not err.failure.retryable_automatically:
                    raise
                wait = err.retry_after if err.retry_after is not None else _backoff(attempt)
                if wait > MAX_RETRY_WAIT:
                    raise
                attempt += 1
                await asyncio.sleep(wait)


def _convert(exc: BaseException) -> ProviderError:
    """An SDK / transport exception to a classified ProviderError."""
    import httpx2
    import openai

    if isinstance(exc, openai.APIStatusError):
        code, message = _error_fields(exc)
        return ProviderError(classify_http(exc.status_code, code, message),
                             status=exc.status_code, retry_after=_retry_after(exc.response))
    if isinstance(exc, openai.APITimeoutError | httpx2.TimeoutException):
        return ProviderError(failure(Category.NETWORK, "the request timed out"))
    if isinstance(exc, openai.APIConnectionError | httpx2.TransportError):
        return ProviderError(failure(Category.NETWORK, type(exc.__cause__ or exc).__name__))
    if isinstance(exc, openai.APIResponseValidationError):
        return ProviderError(failure(Category.SERVER, "the provider's answer is malformed"))
    raise exc


def _is_range_unsatisfiable(exc: BaseException) -> bool:
    import openai

    return isinstance(exc, openai.APIStatusError) and exc.status_code == 416


def _unsatisfied_size(exc: Any) -> int | None:
    """The file size a 416 names in ``Content-Range: bytes */N``, if it names one."""
    rng = exc.response.headers.get("content-range", "")
    total = rng.rsplit("/", 1)[1] if rng.startswith("bytes */") else ""
    return int(total) if total.isdigit() else None


def _error_fields(exc: Any) -> tuple[str | None, str]:
    body = exc.body if isinstance(exc.body, dict) else {}
    err = body.get("error", body) if isinstance(body.get("error", body), dict) else {}
    code = err.get("code") or err.get("type")
    return (str(code) if code else None), str(err.get("message") or "")


def _retry_after(response: Any) -> float | None:
    """Seconds from ``retry-after-ms`` or ``Retry-After`` (seconds or an HTTP date)."""
    headers = getattr(response, "headers", None) or {}
    ms = _float(headers.get("retry-after-ms"))
    if ms is not None:
        return max(0.0, ms / 1000)
    value = headers.get("retry-after")
    secs = _float(value)
    if secs is not None:
        return max(0.0, secs)
    if value:
        with contextlib.suppress(TypeError, ValueError):
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    return None


def _backoff(attempt: int) -> float:
    return min(8.0, 0.5 * 2**attempt) * (1 - 0.25 * random.random())


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _content_total(headers: Any, start: int) -> int | None:
    """The full file size from Content-Range, else start + Content-Length."""
    rng = headers.get("content-range", "")
    if "/" in rng and rng.rsplit("/", 1)[1].isdigit():
        return int(rng.rsplit("/", 1)[1])
    length = headers.get("content-length")
    return start + int(length) if length and length.isdigit() else None


def _open_for_write(dest: Path, start: int) -> Any:
    fh = open(dest, "r+b" if start > 0 and dest.exists() else "wb")  # noqa: SIM115
    fh.seek(start)
    fh.truncate()
    return fh


def _close_synced(fh: Any) -> None:
    fh.flush()
    os.fsync(fh.fileno())
    fh.close()


def _video(v: Any, headers: Any = None) -> VideoInfo:
    err = v.error
    headers = headers or {}
    return VideoInfo(
        id=v.id, status=v.status, progress=int(v.progress or 0), model=v.model,
        prompt=v.prompt, size=v.size, seconds=int(v.seconds), created_at=int(v.created_at),
        completed_at=v.completed_at, expires_at=v.expires_at,
        remixed_from_video_id=v.remixed_from_video_id,
        error_code=getattr(err, "code", None), error_message=getattr(err, "message", None),
        gateway_cost=_spend(headers.get(COST_HEADER)),
        key_spend=_spend(headers.get(SPEND_HEADER)),
    )


def _spend(value: str | None) -> float | None:
    """A spend header's dollars; None when absent or not a finite, non-negative number
    (LiteLLM writes "None" when it has no figure)."""
    amount = _float(value)
    return amount if amount is not None and 0 <= amount < float("inf") else None


def _image_mime(data: bytes) -> str:
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return "image/jpeg"


def _image_suffix(data: bytes) -> str:
    return {"image/png": ".png", "image/webp": ".webp"}.get(_image_mime(data), ".jpg")


def _data_url(data: bytes) -> str:
    return f"data:{_image_mime(data)};base64,{base64.b64encode(data).decode('ascii')}"
