"""The job runner: drives ledger rows to a verified file on disk, and never bills twice.

Per job: ``intent`` (row durable) → ``unclear`` (written just *before* the POST leaves, so
a crash mid-POST is recognised) → ``submitted`` (video id known) → ``polling`` →
``downloading`` → ``done``; or ``failed`` (classified) / ``cancelled`` (local only). An
``unclear`` job is reconciled by listing the provider's videos created since its intent
row and adopting an unclaimed match; only when none exists is it re-sent, with the same
idempotency key. A definite refusal (4xx) is final — except 429, which created nothing
and is re-sent after the server's wait. Generation failures are never retried
automatically; :meth:`JobRunner.retry` makes a new, linked job when the user asks.

``cost_spent`` counts billable outcomes only: the price once the provider reports the video
completed (even if its download then fails), $0 for a job refused or failed before that.

No Qt: progress leaves as :class:`JobEvent` through callbacks or :meth:`JobRunner.events`.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import logging
import os
import sqlite3
import statistics
import time
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from studio.core.capabilities import CapabilityTable
from studio.core.model import parse_size
from studio.services.client import GenerationClient, VideoInfo
from studio.services.errors import (
    MESSAGES,
    Category,
    Failure,
    LocalStorageError,
    ProviderError,
    classify_job_error,
    failure,
    local_storage_failure,
)
from studio.services.gateway_errors import is_not_ready
from studio.services.ledger import JobKind, JobRecord, JobState, Ledger
from studio.services.probe import ProviderCaps, list_unsupported

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobEvent:
    job_id: str
    state: JobState
    progress: int  # 0-100
    eta_seconds: float | None
    elapsed: float
    cost_quoted: float | None
    cost_spent: float | None
    error_category: str | None = None
    error_message: str | None = None
    #: Set while the provider rate-limits this job: the seconds until the next try.
    retry_in: float | None = None
    #: A gateway's spend headers (LiteLLM), when it sends them: this job's cost as the
    #: gateway counts it, and the virtual key's total spend when last reported.
    gateway_cost: float | None = None
    key_spend: float | None = None
    #: The provider's id of the job's video once known (a gateway's may be ~300 chars).
    video_id: str | None = None


@dataclass(frozen=True)
class JobRequest:
    """What to generate. For edit/extend, ``size`` is the source's size (checked on download)."""

    prompt: str
    model: str
    size: str
    seconds: int
    kind: JobKind = JobKind.CREATE
    source_video_id: str | None = None  # remix / edit / extend
    input_reference: bytes | None = None
    characters: tuple[str, ...] = ()  # provider character ids
    project: str | None = None
    shot: str | None = None
    request_key: str | None = None
    take: str | None = None  # the project's take id this job fills
    label: str | None = None  # a human title ("3. Sunrise") for when the project is gone


@dataclass
class Provider:
    """One endpoint: the key the ledger stores, its client, and its concurrency limit."""

    key: str
    client: GenerationClient
    concurrency: int = 2
    caps: ProviderCaps = field(default_factory=ProviderCaps)  # probed or learned abilities
    remember: Callable[[ProviderCaps], Any] | None = None  # persists what is learned
    #: Models whose create costs nothing here (named by the caller, price 0 in the table).
    #: While ``caps.honours_key`` is unknown on a provider that cannot list, a create of
    #: one is sent twice with its own key: that is the key probe, and it leaves no video
    #: but the job's own (if honoured).
    free_models: frozenset[str] = frozenset()
    semaphore: asyncio.Semaphore = field(init=False)
    claim_lock: asyncio.Lock = field(init=False)  # serialises POST-record and list-adopt

    def __post_init__(self) -> None:
        self.semaphore = asyncio.Semaphore(self.concurrency)
        self.claim_lock = asyncio.Lock()

    async def learn(self, **changes: Any) -> None:
        """Record an ability a request just showed (e.g. a list refused as unroutable)."""
        from dataclasses import replace

        self.caps = replace(self.caps, **changes)
        if self.remember is not None:
            result = self.remember(self.caps)
            if asyncio.iscoroutine(result):
                await result


@dataclass(frozen=True)
class RunnerConfig:
    poll_min: float = 1.0  # backoff when the server gives no poll hint
    poll_max: float = 10.0
    deadline: float = 2 * 3600.0  # a job not done by then fails as timed out
    download_attempts: int = 6
    default_eta: float = 120.0  # seconds, before anything was learned
    reconcile_slack: float = 120.0  # clock skew allowed when listing since the intent
    # Repeated 429s: waits grow from rate_limit_base (the server's Retry-After is a floor)
    # up to rate_limit_max; a create still refused after rate_limit_attempts stops, at $0.
    rate_limit_base: float = 1.0
    rate_limit_max: float = 60.0
    rate_limit_attempts: int = 8


class _Failed(Exception):
    def __init__(self, fail: Failure) -> None:
        super().__init__(fail.text())
        self.failure = fail


class JobRunner:
    """Runs generation jobs of one or more providers against one ledger."""

    def __init__(self, ledger: Ledger, providers: Iterable[Provider], media_dir: Path, *,
                 table: CapabilityTable | None = None, config: RunnerConfig | None = None,
                 on_event: Callable[[JobEvent], None] | None = None) -> None:
        self.ledger = ledger
        self.providers: dict[str, Provider] = {p.key: p for p in providers}
        self._retired: list[Provider] = []  # replaced, still serving jobs already started
        self.media_dir = Path(media_dir)
        self.table = table
        self.config = config or RunnerConfig()
        self._listeners: list[Callable[[JobEvent], None]] = [on_event] if on_event else []
        self._tasks: dict[str, asyncio.Task[JobRecord]] = {}
        self._locks: dict[str, asyncio.Lock] = {}  # held by the one driver of a job
        #: Set when a local write failed so badly that a job's row could not record it.
        self.storage_failure: LocalStorageError | None = None
        self._eta: dict[tuple[str, str, int], float] = {}

    # -- public API --------------------------------------------------------------------

    async def submit(self, provider: str, request: JobRequest, *,
                     retry_of: str | None = None) -> JobRecord:
        """Write the intent row (durable) and start the job."""
        if provider not in self.providers:
            raise KeyError(f"unknown provider {provider!r}")
        params: dict[str, Any] = {"prompt": request.prompt}
        if request.source_video_id:
            params["source_video_id"] = request.source_video_id
        if request.characters:
            params["characters"] = list(request.characters)
        if request.input_reference is not None:
            params["input_reference_b64"] = base64.b64encode(request.input_reference).decode()
        job = JobRecord(kind=request.kind, provider=provider, model=request.model,
                        size=request.size, seconds=request.seconds, params=params,
                        project=request.project, shot=request.shot, take=request.take,
                        label=request.label, request_key=request.request_key,
                        retry_of=retry_of,
                        cost_quoted=self.quote(request.model, request.size, request.seconds))
        await self.ledger.add(job)
        self.notify(job)
        self._start(job.id)
        return job

    async def resume(self, job_ids: Iterable[str] | None = None) -> list[str]:
        """Continue every unfinished job of a known provider (or just ``job_ids``)."""
        wanted = set(job_ids) if job_ids is not None else None
        started = []
        for job in await self.ledger.unfinished():
            if job.provider in self.providers and (wanted is None or job.id in wanted):
                self._start(job.id)
                started.append(job.id)
        return started

    async def wait(self, job_id: str) -> JobRecord:
        """The job's final row (or its current one, if nothing is running it)."""
        task = self._tasks.get(job_id)
        if task is not None:
            await asyncio.wait([task])
        return await self.ledger.get(job_id)

    async def cancel(self, job_id: str) -> JobRecord:
        """Stop working on a job here. The provider has no cancel endpoint."""
        task = self._tasks.pop(job_id, None)
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        job = await self.ledger.get(job_id)
        if job.state.finished:
            return job
        await self._remove_part(job)
        # never sent (or refused with a 429): nothing can be billed; once sent, it may be
        spent = 0.0 if job.state == JobState.INTENT else job.cost_spent
        return await self._set(job, state=JobState.CANCELLED, finished_at=time.time(),
                               cost_spent=spent, error_category=Category.CANCELLED.value,
                               error_message=MESSAGES[Category.CANCELLED])

    async def retry(self, job_id: str, *, prompt: str | None = None) -> JobRecord:
        """A user-requested new attempt of a failed/cancelled job: new row, new key, linked."""
        old = await self.ledger.get(job_id)
        if old.state not in (JobState.FAILED, JobState.CANCELLED):
            raise ValueError(f"job {job_id} is {old.state}; only failed or cancelled jobs retry")
        if prompt is None and old.state is JobState.FAILED and await self._still_completed(old):
            # The provider made (and billed) this video; only our copy failed (a full disk,
            # a broken download): fetch it again instead of paying for a new one.
            old = await self._set(old, state=JobState.SUBMITTED, finished_at=None,
                                  error_category=None, error_message=None)
            self._start(old.id)
            return old
        ref = old.params.get("input_reference_b64")
        request = JobRequest(
            prompt=prompt if prompt is not None else old.prompt, model=old.model,
            size=old.size, seconds=old.seconds, kind=old.kind,
            source_video_id=old.params.get("source_video_id"),
            input_reference=base64.b64decode(ref) if ref else None,
            characters=tuple(old.params.get("characters", ())), project=old.project,
            shot=old.shot, request_key=old.request_key, take=old.take, label=old.label)
        return await self.submit(old.provider, request, retry_of=old.id)

    async def _still_completed(self, job: JobRecord) -> bool:
        """Does the provider still hold this job's finished video? (Asked, not guessed.)"""
        prov = self.providers.get(job.provider)
        if job.video_id is None or prov is None:
            return False
        try:
            video = (await prov.client.retrieve(job.video_id)).video
        except ProviderError:
            return False
        return video.status == "completed"

    async def adopt(self, job_id: str, video_id: str) -> JobRecord:
        """Settle an unclear job with the provider's video the user names; then follow it.

        The id is the provider's string as given (gateway ids are long and opaque); it is
        checked by retrieving it before anything is recorded.
        """
        job = await self.ledger.get(job_id)
        if job.state != JobState.UNCLEAR:
            raise ValueError(f"job {job_id} is {job.state}; only an unclear job adopts a video")
        prov = self.providers[job.provider]
        video = (await prov.client.retrieve(video_id.strip())).video
        if video.id in await self.ledger.claimed_video_ids(job.provider):
            raise ValueError("another job already holds this video")
        job = await self._set(job, state=JobState.SUBMITTED, video_id=video.id,
                              submitted_at=time.time(), error_category=None, error_message=None)
        self._start(job.id)
        return job

    async def send_again(self, job_id: str) -> JobRecord:
        """Re-send an unclear job because the user chose to (it may be billed twice)."""
        job = await self.ledger.get(job_id)
        if job.state != JobState.UNCLEAR:
            raise ValueError(f"job {job_id} is {job.state}; only an unclear job is sent again")
        job = await self._set(job, state=JobState.INTENT, error_category=None,
                              error_message=None)
        self._start(job.id)
        return job

    def set_providers(self, providers: Iterable[Provider]) -> None:
        """Use these providers for jobs started from now on (edited settings).

        A job already running keeps the provider object it started with; replaced clients
        are closed with the runner.
        """
        fresh = {p.key: p for p in providers}
        self._retired.extend(p for k, p in self.providers.items() if fresh.get(k) is not p)
        self.providers = fresh

    def subscribe(self, callback: Callable[[JobEvent], None]) -> Callable[[], None]:
        """Call ``callback`` with every event; returns the unsubscribe function."""
        self._listeners.append(callback)
        return lambda: self._listeners.remove(callback)

    async def events(self) -> AsyncIterator[JobEvent]:
        """Every event from now on, as an async iterator."""
        queue: asyncio.Queue[JobEvent] = asyncio.Queue()
        unsubscribe = self.subscribe(queue.put_nowait)
        try:
            while True:
                yield await queue.get()
        finally:
            unsubscribe()

    def quote(self, model: str, size: str, seconds: int) -> float | None:
        caps = self.table.get(model) if self.table is not None else None
        return caps.cost(size, seconds) if caps is not None else None

    async def close(self) -> None:
        """Stop driving jobs (they stay resumable in the ledger) and close the clients."""
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._tasks.clear()
        for prov in [*self.providers.values(), *self._retired]:
            await prov.client.close()
        self._retired.clear()

    # -- the drive ---------------------------------------------------------------------

    def _start(self, job_id: str) -> None:
        """Drive ``job_id`` unless a driver already does: one driver per job, always.

        A driver that was cancelled may still be finishing (a rename in a worker thread),
        so a new one first waits for it; every task's exception is retrieved and reported.
        """
        old = self._tasks.get(job_id)
        if old is not None and not old.done() and not old.cancelling():
            return
        task = asyncio.get_running_loop().create_task(self._drive_after(job_id, old),
                                                      name=f"job-{job_id}")
        self._tasks[job_id] = task
        task.add_done_callback(lambda t: self._finished(job_id, t))

    def _finished(self, job_id: str, task: asyncio.Task[JobRecord]) -> None:
        if self._tasks.get(job_id) is task:
            self._tasks.pop(job_id, None)
        if task.cancelled():
            return
        exc = task.exception()  # retrieved: never "Task exception was never retrieved"
        if isinstance(exc, LocalStorageError):  # expected: the caller says it in one line
            log.info("job %s stopped: %s", job_id, exc)
            for listener in list(self._listeners):
                listener(JobEvent(job_id, JobState.FAILED, 0, None, 0.0, None, None,
                                  Category.LOCAL_STORAGE.value, str(exc)))
        elif exc is not None:
            log.error("job %s stopped: %s", job_id, exc, exc_info=exc)
            for listener in list(self._listeners):
                listener(JobEvent(job_id, JobState.FAILED, 0, None, 0.0, None, None,
                                  Category.UNKNOWN.value, f"{type(exc).__name__}: {exc}"))

    async def _drive_after(self, job_id: str, before: asyncio.Task[JobRecord] | None
                           ) -> JobRecord:
        if before is not None and not before.done():
            await asyncio.wait([before])
        lock = self._locks.setdefault(job_id, asyncio.Lock())
        async with lock:
            return await self._drive(job_id)

    async def _drive(self, job_id: str) -> JobRecord:
        job = await self.ledger.get(job_id)
        if job.state.finished:
            return job
        prov = self.providers[job.provider]
        await self._learn_eta(job)
        try:
            if job.state in (JobState.INTENT, JobState.UNCLEAR, JobState.SUBMITTED,
                             JobState.POLLING):
                async with prov.semaphore:
                    if job.state in (JobState.INTENT, JobState.UNCLEAR):
                        job = await self._submit(job, prov)
                        if await self._held(job):
                            return job
                    job = await self._poll(job, prov)
            if job.state == JobState.DOWNLOADING:
                job = await self._download(job, prov)
        except _Failed as exc:
            await self._remove_part(job)
            job = await self.ledger.get(job.id)  # the row as the failing step left it
            # billed only if the provider completed the video (cost_spent was set then)
            spent = job.cost_spent if job.cost_spent is not None else 0.0
            fail = self._sunset_reason(job, exc.failure)
            job = await self._set(job, state=JobState.FAILED, finished_at=time.time(),
                                  cost_spent=spent, error_category=fail.category.value,
                                  error_message=fail.text())
        except (OSError, sqlite3.Error) as exc:  # a local write: the disk, the ledger
            storage = local_storage_failure(exc)
            if storage is None:
                raise
            job = await self._failed_locally(job, storage)
        return job

    async def _failed_locally(self, job: JobRecord, fail: Failure) -> JobRecord:
        """Record a local-storage failure on the job's row, or, when the ledger cannot be
        written either, raise it as one line (the runner keeps it in storage_failure)."""
        try:
            await self._remove_part(job)
            job = await self.ledger.get(job.id)
            spent = job.cost_spent if job.cost_spent is not None else 0.0
            return await self._set(job, state=JobState.FAILED, finished_at=time.time(),
                                   cost_spent=spent, error_category=fail.category.value,
                                   error_message=fail.text())
        except (OSError, sqlite3.Error):
            self.storage_failure = LocalStorageError(fail)
            raise self.storage_failure from None

    def _sunset_reason(self, job: JobRecord, fail: Failure) -> Failure:
        """A refusal of a model past its sunset says so (the gateway's words are vaguer)."""
        caps = self.table.get(job.model) if self.table is not None else None
        if (caps is None or not caps.sunset or fail.category != Category.INVALID_INPUT
                or dt.date.fromisoformat(caps.sunset) > dt.date.today()):
            return fail
        return Failure(fail.category, f"{caps.label}'s service ended on {caps.sunset}; the "
                       "provider refused it. Choose another model in the Look.", fail.detail)

    async def _submit(self, job: JobRecord, prov: Provider) -> JobRecord:
        waits = limited = 0
        began = time.time()  # not the intent's age: a job queued for hours was never tried
        while True:
            self._check_deadline(began, "accepting the job")
            if job.state == JobState.UNCLEAR and prov.caps.can_list is not False:
                try:
                    async with prov.claim_lock:
                        found = await self._reconcile(job, prov)
                        if found is not None:
                            return await self._accepted(job, found)
                except ProviderError as err:
                    if list_unsupported(err):  # a gateway that cannot route a list
                        await prov.learn(can_list=False)
                    elif not err.failure.retryable_automatically:
                        raise _Failed(err.failure) from err
                    else:
                        waits += 1
                        await asyncio.sleep(self._pause(err.retry_after, waits))
                        continue
            if (job.state == JobState.UNCLEAR and not prov.caps.can_reconcile
                    and not _probes_key(job, prov)):
                # May have been created and billed; nothing can tell: the user decides.
                return await self._set(job, error_category=Category.UNCLEAR.value,
                                        error_message=MESSAGES[Category.UNCLEAR])
            try:
                await prov.client.ready()  # a crash while importing the SDK sent nothing
                async with prov.claim_lock:
                    # Durable "maybe sent" marker first: a crash mid-POST is reconciled.
                    job = await self._set(job, state=JobState.UNCLEAR, attempts=job.attempts + 1)
                    video = await self._send(job, prov.client)
                    if _probes_key(job, prov):
                        await self._probe_key(job, prov, video)
                    return await self._accepted(job, video)
            except ProviderError as err:
                if err.status == 429:  # nothing created: the same key later, after a wait
                    job = await self._set(job, state=JobState.INTENT)
                    limited += 1
                    await self._rate_limited(job, err, limited, give_up=True)
                    continue
                if _never_sent(err):  # nothing created: same key later
                    job = await self._set(job, state=JobState.INTENT)
                elif err.status is not None and 400 <= err.status < 500 and err.status not in (
                        408, 409):
                    raise _Failed(err.failure) from err
                waits += 1
                await asyncio.sleep(self._pause(err.retry_after, waits))

    async def _probe_key(self, job: JobRecord, prov: Provider, first: VideoInfo) -> None:
        """Send a free job's create once more with its key: the same video back = honoured.

        Costs nothing (a free model) and, where the key is honoured, makes nothing; a
        passing failure of the second send leaves the ability unknown (asked next time).
        """
        try:
            again = await self._send(job, prov.client)
        except ProviderError as err:
            log.info("key probe on %s inconclusive: %s", prov.key, err)
            return
        await prov.learn(honours_key=again.id == first.id)

    async def _rate_limited(self, job: JobRecord, err: ProviderError, attempt: int, *,
                            give_up: bool) -> None:
        """Wait out the ``attempt``-th 429 in a row: growing waits (the server's wait is a
        floor), announced in an event (``retry_in``). With ``give_up`` (a create, which a
        429 never created) the job fails past the bound; a poll keeps waiting."""
        cfg = self.config
        if give_up and attempt > cfg.rate_limit_attempts:
            raise _Failed(failure(
                Category.RATE_LIMIT, f"HTTP 429 on {attempt} tries in a row",
                f"The provider kept refusing with a rate limit; stopped after {attempt} "
                "refused tries (nothing was created or charged). Try again later."))
        grown = min(cfg.rate_limit_max, cfg.rate_limit_base * 2 ** min(attempt - 1, 30))
        wait = max(min(err.retry_after or 0.0, 120.0), grown)  # never sooner than asked
        self.notify(job, retry_in=wait)
        await asyncio.sleep(wait)

    async def _accepted(self, job: JobRecord, video: VideoInfo) -> JobRecord:
        return await self._set(job, state=JobState.SUBMITTED, video_id=video.id,
                               submitted_at=time.time(), progress=video.progress,
                               **_spent(job, video))

    async def _reconcile(self, job: JobRecord, prov: Provider) -> VideoInfo | None:
        """The provider's video this unclear job created, if it exists and is unclaimed."""
        videos = await prov.client.list(created_after=job.created_at - self.config.reconcile_slack)
        claimed = await self.ledger.claimed_video_ids(job.provider)
        source = None
        if job.kind != JobKind.CREATE:
            source = await self._source_of(job, prov, videos)
        matches = [v for v in videos if v.id not in claimed and _matches(job, v, source)]
        return min(matches, key=lambda v: v.created_at) if matches else None

    async def _source_of(self, job: JobRecord, prov: Provider,
                         listed: list[VideoInfo]) -> VideoInfo | None:
        """The video a remix/edit/extend job works on, as the provider reports it now.

        None when the provider no longer has it (a definite refusal); a passing failure
        raises, so the reconcile is tried again later rather than matched loosely.
        """
        source_id = str(job.params.get("source_video_id") or "")
        found = next((v for v in listed if v.id == source_id), None)
        if found is not None or not source_id:
            return found
        try:
            return (await prov.client.retrieve(source_id)).video
        except ProviderError as err:
            if err.failure.retryable_automatically:
                raise
            return None

    async def _send(self, job: JobRecord, client: GenerationClient) -> VideoInfo:
        p, key = job.params, job.idempotency_key
        if job.kind == JobKind.CREATE:
            ref = p.get("input_reference_b64")
            caps = self.table.get(job.model) if self.table is not None else None
            return await client.create(
                prompt=job.prompt, model=job.model, size=job.size, seconds=job.seconds,
                idempotency_key=key, input_reference=base64.b64decode(ref) if ref else None,
                characters=p.get("characters"),
                wire_seconds=caps.wire_seconds(job.seconds) if caps is not None else None)
        source = str(p["source_video_id"])
        if job.kind == JobKind.REMIX:
            return await client.remix(source, prompt=job.prompt, idempotency_key=key)
        if job.kind == JobKind.EDIT:
            return await client.edit(source, prompt=job.prompt, idempotency_key=key)
        return await client.extend(source, prompt=job.prompt, seconds=job.seconds,
                                   idempotency_key=key)

    async def _held(self, job: JobRecord) -> bool:
        return job.state == JobState.UNCLEAR and job.error_category == Category.UNCLEAR.value

    async def _poll(self, job: JobRecord, prov: Provider) -> JobRecord:
        if job.state != JobState.POLLING:
            job = await self._set(job, state=JobState.POLLING)
        delay = self.config.poll_min
        waits = limited = 0
        assert job.video_id is not None
        while True:
            try:
                res = await prov.client.retrieve(job.video_id)
                limited = 0
            except ProviderError as err:
                if not err.failure.retryable_automatically:
                    raise _Failed(err.failure) from err
                self._check_deadline(job.submitted_at or job.created_at, "the video")
                if err.status == 429:
                    limited += 1
                    await self._rate_limited(job, err, limited, give_up=False)
                    continue
                waits += 1
                await asyncio.sleep(self._pause(err.retry_after, waits))
                continue
            video = res.video
            if spend := _spent(job, video):
                job = await self._set(job, **spend)
            if video.status == "completed":
                if video.expires_at is not None and video.expires_at <= time.time():
                    await self._set(job, progress=100, cost_spent=job.cost_quoted)  # billed
                    raise _Failed(failure(Category.EXPIRED, f"expired at {video.expires_at}"))
                return await self._set(job, state=JobState.DOWNLOADING, progress=100,
                                       cost_spent=job.cost_quoted)
            if video.status == "failed":
                raise _Failed(classify_job_error(video.error_code, video.error_message))
            self._check_deadline(job.submitted_at or job.created_at, "the video")
            if video.progress != job.progress:
                job = await self._set(job, progress=video.progress)
            else:
                self.notify(job)
            if res.poll_after is not None:
                wait = min(max(res.poll_after, 0.05), 60.0)
            else:
                wait, delay = delay, min(delay * 1.6, self.config.poll_max)
            await asyncio.sleep(wait)

    async def _download(self, job: JobRecord, prov: Provider) -> JobRecord:
        """To ``<job>.mp4.part``, resumed by Range, verified by decoding, then renamed."""
        from studio.media.probe import MediaError, verify_video

        final, part = self._paths(job)
        loop = asyncio.get_running_loop()
        if await loop.run_in_executor(None, final.exists):  # renamed only after verifying
            return await self._done(job, final)
        await loop.run_in_executor(None, lambda: final.parent.mkdir(parents=True, exist_ok=True))
        width, height = parse_size(job.size)
        failures = 0
        restarted = False
        assert job.video_id is not None
        while True:
            start = await loop.run_in_executor(None, _file_size, part)
            try:
                await prov.client.download(job.video_id, part, start=start)
            except ProviderError as err:
                if is_not_ready(None, err.failure.detail):  # completed was reported early
                    job = await self._poll(await self._set(job, state=JobState.POLLING), prov)
                    continue
                failures += 1
                if (not err.failure.retryable_automatically
                        or failures >= self.config.download_attempts):
                    raise _Failed(err.failure) from err
                await asyncio.sleep(self._pause(err.retry_after, failures))
                continue
            try:
                await loop.run_in_executor(
                    None, lambda: verify_video(part, width=width, height=height))
            except MediaError as exc:
                await loop.run_in_executor(None, part.unlink, True)
                if restarted:
                    raise _Failed(failure(Category.SERVER, str(exc),
                                          "The downloaded video does not decode.")) from exc
                restarted = True
                continue
            await loop.run_in_executor(None, _replace_durably, part, final)
            return await self._done(job, final)

    async def _done(self, job: JobRecord, final: Path) -> JobRecord:
        job = await self._set(job, state=JobState.DONE, progress=100, media_path=str(final),
                              finished_at=time.time())
        if job.submitted_at is not None:
            self._eta.pop((job.model, job.size, job.seconds), None)
        return job

    # -- helpers -----------------------------------------------------------------------

    async def _set(self, job: JobRecord, **changes: Any) -> JobRecord:
        job = await self.ledger.update(job.id, **changes)
        self.notify(job)
        return job

    def notify(self, job: JobRecord, *, retry_in: float | None = None) -> None:
        """Tell every listener the current state of ``job`` (and a rate-limit wait)."""
        event = self.event_for(job)
        if retry_in is not None:
            event = replace(event, retry_in=retry_in)
        for listener in list(self._listeners):
            listener(event)

    def event_for(self, job: JobRecord) -> JobEvent:
        now = time.time()
        start = job.submitted_at or job.created_at
        elapsed = (job.finished_at or now) - start
        return JobEvent(job.id, job.state, job.progress, self._eta_left(job, elapsed), elapsed,
                        job.cost_quoted, job.cost_spent, job.error_category, job.error_message,
                        gateway_cost=job.gateway_cost, key_spend=job.key_spend,
                        video_id=job.video_id)

    def _eta_left(self, job: JobRecord, elapsed: float) -> float | None:
        if job.state.finished:
            return None if job.state != JobState.DONE else 0.0
        learned = self._eta.get((job.model, job.size, job.seconds))
        if learned is None and job.progress >= 5:
            return max(1.0, elapsed * (100 - job.progress) / job.progress)
        total = learned if learned is not None else self.config.default_eta
        if job.submitted_at is None:
            return total
        return max(1.0, total - elapsed)

    async def _learn_eta(self, job: JobRecord) -> None:
        key = (job.model, job.size, job.seconds)
        if key not in self._eta:
            past = await self.ledger.durations(*key)
            if past:
                self._eta[key] = statistics.median(past)

    def _check_deadline(self, since: float, what: str) -> None:
        if time.time() - since > self.config.deadline:
            minutes = round(self.config.deadline / 60)
            raise _Failed(failure(Category.SERVER, f"timed out after {minutes} min",
                                  f"Timed out: the provider did not finish {what} in time."))

    def _pause(self, retry_after: float | None, attempt: int) -> float:
        if retry_after is not None:
            return min(max(retry_after, 0.05), 120.0)
        return min(self.config.poll_min * 2 ** (attempt - 1), self.config.poll_max)

    def _paths(self, job: JobRecord) -> tuple[Path, Path]:
        final = self.media_dir / f"{job.id}.mp4"  # our id, never a server string
        return final, final.with_name(f"{job.id}.mp4.part")

    async def _remove_part(self, job: JobRecord) -> None:
        await asyncio.get_running_loop().run_in_executor(None, self._paths(job)[1].unlink, True)


def _matches(job: JobRecord, video: VideoInfo, source: VideoInfo | None = None) -> bool:
    """Could ``video`` be the one this job's POST created? (prompt + kind-specific fields)

    Remix, edit and extend key on the source video: a remix names it
    (``remixed_from_video_id``); an edit or extension does not (the Video object has no such
    field), so the result must have the shape that source gives it — its model and size,
    its length (an edit) or its length plus the added seconds (an extension) — and be
    created after the source completed. ``source`` is the source as the provider reports
    it (None when it is gone: then only the size the job recorded is compared).
    """
    if (video.prompt or "") != job.prompt:
        return False
    if job.kind == JobKind.CREATE:
        return (video.model == job.model and video.size == job.size
                and video.seconds == job.seconds)
    source_id = job.params.get("source_video_id")
    if job.kind == JobKind.REMIX:
        return video.remixed_from_video_id == source_id
    if video.remixed_from_video_id is not None:
        return False  # a remix (of this source or another): never an edit's or extension's
    if source is None:
        return video.size == job.size
    if video.model != source.model or video.size != source.size:
        return False
    if video.created_at < (source.completed_at or source.created_at):
        return False
    if job.kind == JobKind.EDIT:
        return video.seconds == source.seconds
    return video.seconds == source.seconds + job.seconds  # EXTEND: the stitched total


def _spent(job: JobRecord, video: VideoInfo) -> dict[str, float]:
    """The spend figures a gateway's answer brings that the row does not hold yet.

    The request's cost is the create's (a poll costs nothing, so a poll's 0 never
    replaces it); the key's spend is the newest reported.
    """
    out: dict[str, float] = {}
    if video.gateway_cost is not None and (job.gateway_cost is None or
                                           video.gateway_cost > job.gateway_cost):
        out["gateway_cost"] = video.gateway_cost
    if video.key_spend is not None and video.key_spend != job.key_spend:
        out["key_spend"] = video.key_spend
    return out


def _probes_key(job: JobRecord, prov: Provider) -> bool:
    """Is this job's create the key probe? Only where the key is what reconciling rests
    on (the provider cannot list) and unknown, for a plain create of a free model."""
    return (prov.caps.can_list is False and prov.caps.honours_key is None
            and job.kind == JobKind.CREATE and job.model in prov.free_models)


def _never_sent(err: ProviderError) -> bool:
    """A connection that was never made: the POST cannot have reached the provider."""
    return err.failure.category == Category.NETWORK and err.failure.detail == "ConnectError"


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _replace_durably(part: Path, final: Path) -> None:
    if not part.exists() and final.exists():
        return  # renamed already (a driver of an earlier life finished first)
    os.replace(part, final)
    fd = os.open(final.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
