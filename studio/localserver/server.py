"""The embedded OpenAI-compatible Videos API server (``/v1/videos``) of the studio.

It is the newcomer's default backend (no key, no network) and the real server our tests
drive with the real SDK. Every job renders an animatic; faults can be injected.

Rendering never runs on the event loop: the GUI runs this server in-process on its qasync
loop, so a blocking render would freeze the window. Jobs go to ``run_in_executor`` on a
``ProcessPoolExecutor`` (``workers.render_pool``: spawned, niced, one core left to the
window, workers that die with this process) unless the caller passes an executor: a
process pool keeps the encoder's Python-level work (drawing, audio synthesis) off the
GUI process's GIL. A thread pool works too (tests may share one).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import os
import secrets
import signal
import sys
import time
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import hdrs, web

from studio.core.capabilities import CapabilityTable, ModelCaps
from studio.core.model import parse_size
from studio.localserver import chat, forms, idempotency, limits
from studio.localserver.content import send_file
from studio.localserver.errors import ApiError, from_http_exception, invalid, not_found
from studio.localserver.faults import (
    FaultConfig,
    Handler,
    fault_middleware,
    range_refused,
    scrambled,
)
from studio.localserver.gateway import spend_headers, unwrap_id, wrap_id
from studio.localserver.jobs import RenderJob, probe, run_preview, run_render
from studio.localserver.store import VARIANT_SUFFIX, Store, VideoRecord
from studio.localserver.workers import render_pool

log = logging.getLogger(__name__)

MAX_BODY = 128 * 1024 * 1024  # uploads: data: URLs up to 20 MB, source clips
CONTENT_TYPES = {"video": "video/mp4", "thumbnail": "image/webp", "spritesheet": "image/jpeg"}
QUEUED_SHARE = 0.1  # the first tenth of a job's time is shown as `queued`
FAIL_AT_SHARE = 0.5  # injected failures land halfway through
MODERATION_MESSAGE = (
    "Your request was blocked by our moderation system (the prompt mentions {word!r})."
)


@dataclass(frozen=True)
class _Source:
    """What a remix/edit/extension starts from: a stored video or an uploaded clip."""

    record: VideoRecord | None
    upload: str | None
    caps: ModelCaps
    size: str
    seconds: int


_RUNNING_KEYS: dict[str, str] = {}  # base URL -> key of the providers running here


def key_for(base_url: str) -> str | None:
    """The key of the provider running in this process at ``base_url`` (its in-process
    clients need it: that key is random, so no other program on the machine can use it)."""
    return _RUNNING_KEYS.get(base_url)


class LocalProvider:
    """An OpenAI Videos API server rendering animatics, with injectable faults."""

    def __init__(
        self,
        data_dir: Path,
        *,
        faults: FaultConfig | None = None,
        api_key: str | None = None,
        open_access: bool = False,
        table: CapabilityTable | None = None,
        executor: Executor | None = None,
    ) -> None:
        """``api_key=None`` means a random key (see :attr:`api_key`; the in-process
        provider's clients read it from here) unless ``open_access`` says no key at all
        (``serve`` on loopback, or ``--insecure-no-auth``)."""
        if table is None:
            from studio.storage.bundled import capability_table

            table = capability_table()
        self.faults = faults or FaultConfig()
        self.api_key = api_key if api_key or open_access else secrets.token_urlsafe(32)
        self.table = table
        self.store = Store(Path(data_dir))
        self._executor = executor
        self._owns_executor = executor is None
        self._tasks: set[asyncio.Task[None]] = set()
        self._runner: web.AppRunner | None = None
        self._base_url: str | None = None
        self._budget = limits.ByteBudget()
        self._in_flight = idempotency.InFlight()

    # -- lifecycle ---------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        if self._base_url is None:
            raise RuntimeError("the local provider is not started")
        return self._base_url

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Listen on host:port (0 = any free port); return the base URL ending in /v1."""
        app = web.Application(
            middlewares=[_error_middleware, limits.browser_middleware, self._auth_middleware,
                         fault_middleware(lambda: self.faults),
                         limits.spool_cleanup_middleware, self._in_flight.middleware],
            client_max_size=MAX_BODY,
        )
        app.add_routes(self._routes())
        app.add_routes(chat.routes())  # the assistant's template filler (chat.py)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound_host, bound_port = self._runner.addresses[0][:2]
        if ":" in bound_host:
            bound_host = f"[{bound_host}]"
        self._base_url = f"http://{bound_host}:{bound_port}/v1"
        if self.api_key is not None:
            _RUNNING_KEYS[self._base_url] = self.api_key
        for rec in self.store.live_videos():  # resume what a previous run left unfinished
            if rec.status in ("queued", "in_progress"):
                self._spawn(rec)
        return self._base_url

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._owns_executor and self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
        if self._base_url is not None:
            _RUNNING_KEYS.pop(self._base_url, None)
        self._base_url = None

    def job_count(self) -> int:
        """Every video ever created here, deleted ones included."""
        return len(self.store.videos)

    def add_completed_video(
        self, path: Path, *, prompt: str, size: str, seconds: int, model: str = "animatic"
    ) -> str:
        """Register an existing MP4 as a completed video (test and bench hook; blocking).

        The file is copied under our own name; previews are made on first download.
        """
        rec = self.store.new_video(
            model=model, prompt=prompt, size=size, seconds=seconds, planned_seconds=0.0,
            kind="import", status="completed",
        )
        final = self.store.media_path(rec, "video")
        part = self.store.partial_path(rec, "video")
        part.write_bytes(Path(path).read_bytes())
        os.replace(part, final)
        self._complete(rec, float(seconds))
        return rec.id

    def _pool(self) -> Executor:
        if self._executor is None:
            self._executor = render_pool()
        return self._executor

    # -- routing and middleware ----------------------------------------------------------

    def _routes(self) -> list[web.RouteDef]:
        return [
            web.post("/v1/videos", self._create),
            web.get("/v1/videos", self._list),
            web.post("/v1/videos/edits", self._edit),
            web.post("/v1/videos/extensions", self._extend),
            web.post("/v1/videos/characters", self._create_character),
            web.get("/v1/videos/characters/{character_id}", self._get_character),
            web.get("/v1/videos/{video_id}", self._retrieve),
            web.delete("/v1/videos/{video_id}", self._delete),
            web.get("/v1/videos/{video_id}/content", self._content),
            web.post("/v1/videos/{video_id}/remix", self._remix),
        ]

    @web.middleware
    async def _auth_middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if self.api_key is not None:
            given = request.headers.get("Authorization", "")
            scheme, _, token = given.partition(" ")
            if scheme.lower() != "bearer" or not token:
                raise ApiError(401, "You didn't provide an API key. Send it as "
                               "'Authorization: Bearer <key>'.", code="missing_api_key")
            if not hmac.compare_digest(token.strip().encode(), self.api_key.encode()):
                raise ApiError(401, "Incorrect API key provided.", code="invalid_api_key")
        return await handler(request)

    def _video_response(self, rec: VideoRecord) -> web.Response:
        headers = self._poll_header()
        if self.faults.spend_headers:
            headers.update(spend_headers(rec, self.store.live_videos(), self.table))
        return web.json_response(self._api(rec, time.time()), headers=headers)

    def _api(self, rec: VideoRecord, now: float) -> dict[str, Any]:
        """The Video object, with gateway-shaped ids under ``opaque_ids``."""
        body = rec.api(now)
        if self.faults.opaque_ids:
            body["id"] = wrap_id(rec.id)
            if body["remixed_from_video_id"]:
                body["remixed_from_video_id"] = wrap_id(body["remixed_from_video_id"])
        return body

    def _poll_header(self) -> dict[str, str]:
        ms = int(self.faults.generation_seconds * 1000 / 10)
        return {"openai-poll-after-ms": str(max(50, min(2000, ms)))}

    def _video(self, video_id: str, *, param: str | None = None) -> VideoRecord:
        rec = self.store.get_video(unwrap_id(video_id) or video_id)
        if rec is None:
            raise not_found("video", video_id, param=param)
        return rec

    @staticmethod
    def _require_completed(rec: VideoRecord, action: str) -> None:
        if rec.status != "completed":
            raise invalid(
                f"Video '{rec.id}' is {rec.status}; only completed videos can be {action}.",
                param="video_id",
                code="video_not_completed",
            )

    # -- read endpoints ----------------------------------------------------------------

    async def _retrieve(self, request: web.Request) -> web.Response:
        return self._video_response(self._video(request.match_info["video_id"]))

    async def _list(self, request: web.Request) -> web.Response:
        if self.faults.no_list:  # as LiteLLM's proxy answers a list that names no model
            raise ApiError(400, "litellm.BadRequestError: LLM Provider NOT provided. Pass "
                           "in the LLM provider you are trying to call.", code="400")
        q = request.query
        order = q.get("order", "desc")
        if order not in ("asc", "desc"):
            raise invalid("'order' must be 'asc' or 'desc'.", param="order")
        limit_raw = q.get("limit", "20")
        if not forms.ascii_int(limit_raw, 100):
            raise invalid("'limit' must be an integer from 0 to 100.", param="limit")
        limit = int(limit_raw)
        after = unwrap_id(q["after"]) or q["after"] if "after" in q else None
        try:  # a deleted video still marks its place: a walk survives deletions
            items, more = self.store.page(after=after, limit=limit, newest_first=order == "desc")
        except KeyError:
            raise invalid(f"No video found with id '{q['after'][:100]}' for 'after'.",
                          param="after") from None
        page = [self._api(v, time.time()) for v in items]
        body = {
            "object": "list",
            "data": page,
            "first_id": page[0]["id"] if page else None,
            "last_id": page[-1]["id"] if page else None,
            "has_more": more,
        }
        return web.json_response(body, headers=self._poll_header())

    async def _delete(self, request: web.Request) -> web.Response:
        rec = self._video(request.match_info["video_id"])
        if rec.status not in ("completed", "failed"):
            raise invalid(f"Video '{rec.id}' is {rec.status}; only completed or failed "
                          "videos can be deleted.", param="video_id")
        self.store.delete(rec)
        return web.json_response({"id": rec.id, "object": "video.deleted", "deleted": True})

    async def _content(self, request: web.Request) -> web.StreamResponse:
        rec = self._video(request.match_info["video_id"])
        variant = request.query.get("variant", "video")
        claimed = variant  # what the headers say; ignore_variant sends the MP4 under it
        if self.faults.ignore_variant and variant in CONTENT_TYPES:
            variant = "video"
        if variant not in CONTENT_TYPES:
            raise invalid(f"Invalid variant {variant!r}. Supported: video, thumbnail, "
                          "spritesheet.", param="variant")
        self._require_completed(rec, "downloaded")
        if rec.expires_at is not None and time.time() >= rec.expires_at:
            raise ApiError(410, f"The assets of video '{rec.id}' expired at {rec.expires_at}.",
                           code="video_expired")
        path = self.store.media_path(rec, variant)
        if not path.exists() and variant != "video":
            await asyncio.get_running_loop().run_in_executor(
                self._pool(), run_preview, variant, self.store.media_path(rec, "video"),
                self.store.partial_path(rec, variant), path)
        if not path.exists():
            raise ApiError(404, f"The {variant} of video '{rec.id}' is missing.",
                           code="not_found")
        return await self._send_content(request, rec, variant, path, CONTENT_TYPES[claimed])

    async def _send_content(self, request: web.Request, rec: VideoRecord, variant: str,
                            path: Path, ctype: str) -> web.StreamResponse:
        """Send the file, bent by the content faults (range ignored or refused, corrupt)."""
        if self.faults.ignore_range and hdrs.RANGE in request.headers:
            request = request.clone(headers={k: v for k, v in request.headers.items()
                                             if k.lower() != "range"})
        if hdrs.RANGE in request.headers and self.faults.take("unsatisfiable_range"):
            raise range_refused(path.stat().st_size)
        truncate = self.faults.take("truncate_content")
        if not self.faults.take("corrupt_content"):
            return await send_file(request, path, ctype, truncate=truncate)
        bad = self.store.partial_path(rec, variant)  # a fresh name; swept on restart
        await asyncio.to_thread(lambda: bad.write_bytes(scrambled(path.read_bytes())))
        try:
            return await send_file(request, bad, ctype, truncate=truncate)
        finally:
            bad.unlink(missing_ok=True)

    async def _get_character(self, request: web.Request) -> web.Response:
        cid = request.match_info["character_id"]
        char = self.store.characters.get(cid)
        if char is None:
            raise not_found("character", cid)
        return web.json_response(char.api())

    # -- creating endpoints --------------------------------------------------------------

    def _by_idempotency_key(self, request: web.Request) -> VideoRecord | None:
        """The video this key made for this same request (after the body is read)."""
        if self.faults.ignore_idempotency:  # as a gateway that does not forward the header
            return None
        return idempotency.replay(self.store, request)

    async def _read_body(self, request: web.Request) -> forms.Body:
        return await forms.read_body(request, self.store.root / "uploads", self._budget)

    async def _create(self, request: web.Request) -> web.StreamResponse:
        body = await self._read_body(request)
        if (done := self._by_idempotency_key(request)) is not None:
            return self._video_response(done)
        caps = forms.model_of(body.fields, self.table)
        prompt = forms.prompt_of(body.fields, caps.max_prompt_chars)
        size = forms.size_of(body.fields, caps)
        seconds = forms.seconds_of(body.fields, caps)
        w, h = parse_size(size)
        ref = await asyncio.to_thread(forms.reference_of, body, caps, w, h)  # reads a file
        characters = forms.characters_of(body.fields, caps, set(self.store.characters))
        reference = None
        if ref is not None:
            reference = self.store.new_upload_name(ref.suffix)
            await asyncio.to_thread(self.store.upload_path(reference).write_bytes, ref.data)
        return self._accept(request, model=caps.id, prompt=prompt, size=size,
                            seconds=seconds, reference=reference, characters=characters)

    async def _remix(self, request: web.Request) -> web.StreamResponse:
        body = await self._read_body(request)
        if (done := self._by_idempotency_key(request)) is not None:
            return self._video_response(done)
        src = self._video(request.match_info["video_id"])
        caps = self._caps_for(src.model, "remix")
        prompt = forms.prompt_of(body.fields, caps.max_prompt_chars)
        self._require_completed(src, "remixed")
        return self._accept(request, model=src.model, prompt=prompt, size=src.size,
                            seconds=src.seconds, kind="remix", source_id=src.id,
                            remixed_from_video_id=src.id, reference=src.reference,
                            characters=list(src.characters))

    async def _edit(self, request: web.Request) -> web.StreamResponse:
        body = await self._read_body(request)
        if (done := self._by_idempotency_key(request)) is not None:
            return self._video_response(done)
        src = await self._source(body, "edit", "edited")
        prompt = forms.prompt_of(body.fields, src.caps.max_prompt_chars)
        return self._accept(
            request, model=src.caps.id, prompt=prompt, size=src.size, seconds=src.seconds,
            kind="edit", source_id=src.record.id if src.record else None,
            source_upload=src.upload,
            reference=src.record.reference if src.record else None,
            characters=list(src.record.characters) if src.record else [],
        )

    async def _extend(self, request: web.Request) -> web.StreamResponse:
        body = await self._read_body(request)
        if (done := self._by_idempotency_key(request)) is not None:
            return self._video_response(done)
        for banned in ("characters", "input_reference"):
            if banned in body.fields or banned in body.files:
                raise invalid(f"Extensions do not accept '{banned}'.", param=banned)
        src = await self._source(body, "extend", "extended")
        prompt = forms.prompt_of(body.fields, src.caps.max_prompt_chars)
        added = forms.seconds_of(body.fields, src.caps, required=True)
        done_ext = src.record.extensions if src.record else 0
        if done_ext >= src.caps.max_extensions:
            raise invalid(f"A video can be extended at most {src.caps.max_extensions} times.",
                          param="video")
        if src.seconds + added > src.caps.max_total_seconds:
            raise invalid(
                f"The extended video would last {src.seconds + added} s; the maximum is "
                f"{src.caps.max_total_seconds} s.", param="seconds")
        return self._accept(
            request, model=src.caps.id, prompt=prompt, size=src.size,
            seconds=src.seconds + added, segment_seconds=added, kind="extend",
            source_id=src.record.id if src.record else None, source_upload=src.upload,
            extensions=done_ext + 1,
        )

    async def _create_character(self, request: web.Request) -> web.Response:
        body = await self._read_body(request)
        name = body.fields.get("name")
        if not isinstance(name, str) or not 1 <= len(name) <= 80:
            raise invalid("'name' is required, 1 to 80 characters.", param="name")
        spooled = await asyncio.to_thread(forms.mp4_upload, body)
        upload = self.store.new_upload_name(".mp4")
        await asyncio.to_thread(os.replace, spooled, self.store.upload_path(upload))
        return web.json_response(self.store.new_character(name, upload).api())

    def _caps_for(self, model: str, feature: str) -> ModelCaps:
        caps = self.table.get(model)
        if caps is None or not caps.supports(feature):
            raise invalid(f"Model '{model}' does not support {feature}.", param="model")
        return caps

    async def _source(self, body: forms.Body, feature: str, action: str) -> _Source:
        """The video an edit/extension works on: ``{"id"}`` of ours, or an uploaded MP4."""
        vid = forms.video_id_of(body)
        if vid is not None:
            rec = self._video(vid, param="video")
            self._require_completed(rec, action)
            caps = self._caps_for(rec.model, feature)
            return _Source(rec, None, caps, rec.size, rec.seconds)
        caps = forms.model_of(body.fields, self.table)
        self._caps_for(caps.id, feature)
        spooled = await asyncio.to_thread(forms.mp4_upload, body)
        upload = self.store.new_upload_name(".mp4")
        path = self.store.upload_path(upload)
        await asyncio.to_thread(os.replace, spooled, path)
        w, h, secs = await asyncio.get_running_loop().run_in_executor(self._pool(), probe, path)
        size = f"{w}x{h}"
        if size not in caps.sizes:
            path.unlink(missing_ok=True)
            raise invalid(f"The uploaded video is {size}; model '{caps.id}' supports "
                          f"{', '.join(caps.sizes)}.", param="video")
        return _Source(None, upload, caps, size, caps.snap_seconds(secs))

    def _accept(self, request: web.Request, **fields: Any) -> web.StreamResponse:
        """Store a new job and start it; honours Idempotency-Key and the reset fault."""
        if (done := self._by_idempotency_key(request)) is not None:
            return self._video_response(done)  # a same-key twin won the race
        word = self.faults.blocked_word(fields["prompt"])
        if word is not None and self.faults.moderate_at_submit:
            raise ApiError(400, MODERATION_MESSAGE.format(word=word), code="moderation_blocked")
        rec = self.store.new_video(
            planned_seconds=max(0.0, self.faults.generation_seconds),
            **idempotency.stamp(request),
            **fields,
        )
        self._spawn(rec)
        if self.faults.take("reset_after_create") and request.transport is not None:
            request.transport.abort()  # the job is stored; the client never hears of it
        return self._video_response(rec)

    # -- job lifecycle -----------------------------------------------------------------

    def _spawn(self, rec: VideoRecord) -> None:
        task = asyncio.get_running_loop().create_task(self._drive(rec))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        task.add_done_callback(_log_job_failure)

    def _injected_failure(self, rec: VideoRecord) -> dict[str, str] | None:
        word = self.faults.blocked_word(rec.prompt)
        if word is not None:
            return {"code": "moderation_blocked", "message": MODERATION_MESSAGE.format(word=word)}
        if self.faults.job_fails():
            return {"code": self.faults.failure_code,
                    "message": "Video generation failed (injected by the local provider)."}
        return None

    def _render_job(self, rec: VideoRecord) -> RenderJob:
        source = None  # what an extension continues, or what an edit starts from
        if rec.kind in ("extend", "edit"):
            src = self.store.videos.get(rec.source_id or "")
            source = (self.store.media_path(src, "video") if src
                      else self.store.upload_path(rec.source_upload or ""))
        names = tuple(c.name for cid in rec.characters
                      if (c := self.store.characters.get(cid)) is not None)
        return RenderJob(
            prompt=rec.prompt,
            width=rec.width,
            height=rec.height,
            seconds=rec.segment_seconds or rec.seconds,
            seed=int(rec.id[-8:], 16),
            reference=self.store.upload_path(rec.reference) if rec.reference else None,
            extend_from=source if rec.kind == "extend" else None,
            edit_from=source if rec.kind == "edit" else None,
            characters=names,
            parts={v: self.store.partial_path(rec, v) for v in VARIANT_SUFFIX},
            finals={v: self.store.media_path(rec, v) for v in VARIANT_SUFFIX},
        )

    async def _drive(self, rec: VideoRecord) -> None:
        """queued -> in_progress -> completed|failed, paced by the job's planned time."""
        loop = asyncio.get_running_loop()
        failure = self._injected_failure(rec)
        render = (None if failure else
                  loop.run_in_executor(self._pool(), run_render, self._render_job(rec)))
        try:
            await _sleep_until(rec.created_at + QUEUED_SHARE * rec.planned_seconds)
            rec.status = "in_progress"
            self.store.save(rec)
            if render is None:
                await _sleep_until(rec.created_at + FAIL_AT_SHARE * rec.planned_seconds)
                self._fail(rec, failure or {})
                return
            try:
                total = await render
            except Exception as exc:  # a broken render fails its job, not the server
                log.exception("render of %s failed", rec.id)
                self._fail(rec, {"code": "internal_error",
                                 "message": f"Rendering failed: {type(exc).__name__}."})
                return
            await _sleep_until(rec.created_at + rec.planned_seconds)
            self._complete(rec, total)
        finally:
            if render is not None and not render.done():
                render.cancel()

    def _complete(self, rec: VideoRecord, total: float) -> None:
        now = time.time()
        rec.status = "completed"
        rec.seconds = round(total)
        rec.completed_at = int(now)
        expiry = self.faults.expire_after_seconds
        rec.expires_at = None if expiry is None else int(now + expiry)  # never later than told
        self.store.save(rec)

    def _fail(self, rec: VideoRecord, error: dict[str, str]) -> None:
        rec.status = "failed"
        rec.error = error
        self.store.save(rec)


def _log_job_failure(task: asyncio.Task[None]) -> None:
    """A job that died (a full disk under its record): said once, never 'never retrieved'."""
    if not task.cancelled() and (exc := task.exception()) is not None:
        log.error("local provider: a job stopped: %s: %s", type(exc).__name__, exc)


async def _sleep_until(deadline: float) -> None:
    await asyncio.sleep(max(0.0, deadline - time.time()))


@web.middleware
async def _error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every refusal leaves as an OpenAI error body."""
    try:
        return await handler(request)
    except ApiError as exc:
        return exc.response()
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        return from_http_exception(exc).response()
    except ConnectionResetError:
        raise  # the client is gone: nothing to answer
    except Exception:
        log.exception("unexpected error on %s %s", request.method, request.path)
        return ApiError(500, "The local provider hit an unexpected error.",
                        type="server_error").response()


async def serve_forever(
    data_dir: Path, *, host: str, port: int, faults: FaultConfig, api_key: str | None
) -> None:
    """Run the provider until SIGINT/SIGTERM (``sora-studio serve``)."""
    provider = LocalProvider(data_dir, faults=faults, api_key=api_key,
                             open_access=api_key is None)
    for moved, why in provider.store.set_aside:
        print(f"warning: damaged job record moved aside to {moved} ({why})", file=sys.stderr)
    url = await provider.start(host, port)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # Windows: Ctrl+C still interrupts
            loop.add_signal_handler(sig, stopping.set)
    # Only now: a supervisor that stops us as soon as it reads the URL gets a clean stop.
    print(f"serving {url}", flush=True)
    try:
        await stopping.wait()
    finally:
        await provider.stop()
