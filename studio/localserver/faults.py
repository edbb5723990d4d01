"""Fault injection: the failures a real provider shows, on demand and deterministic.

The client's retry, reconcile and resume logic can only be trusted if it meets these
failures in tests. Every fault is off by default. The count-style faults
(``server_error_burst``, ``reset_after_create``, ``truncate_content``, ``corrupt_content``,
``unsatisfiable_range``) are *countdowns*: the server consumes one per affected request, so
"the next N" is exact and a test can set them on a live server
(``provider.faults.server_error_burst = 3``).
"""

from __future__ import annotations

import asyncio
import math
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import hdrs, web

from studio.localserver.errors import ApiError

BURST_STATUSES = (500, 502, 503)


@dataclass
class FaultConfig:
    latency_ms: int = 0  # added to every request
    generation_seconds: float = 2.0  # how long a job takes from create to completed
    failure_rate: float = 0.0  # share of jobs that end `failed` with failure_code
    failure_code: str = "internal_error"
    seed: int = 0  # the failure draw is reproducible
    moderation_words: tuple[str, ...] = ()  # a prompt containing one fails moderation
    moderate_at_submit: bool = False  # such a prompt is refused at the POST (400), not later
    rate_limit_every: int = 0  # every Nth request gets a 429
    retry_after_ms: int = 200  # the wait the 429 asks for
    server_error_burst: int = 0  # countdown: the next N requests get 500/502/503
    reset_after_create: int = 0  # countdown: creates stored, then the connection dropped
    truncate_content: int = 0  # countdown: downloads cut short after full Content-Length
    corrupt_content: int = 0  # countdown: whole bodies, right length, that do not decode
    ignore_range: bool = False  # content requests always get 200 and the whole body
    unsatisfiable_range: int = 0  # countdown: ranged content requests get 416, any range
    expire_after_seconds: float | None = None  # assets lapse this long after completion
    # What gateways (LiteLLM's proxy) do to the protocol, so every path has a fast test:
    no_list: bool = False  # GET /videos is refused (400): a list with no model is unroutable
    ignore_idempotency: bool = False  # Idempotency-Key is dropped: a re-send creates again
    ignore_variant: bool = False  # ?variant= is dropped: every variant answers the MP4
    opaque_ids: bool = False  # ids are ~300-character base64 strings, as a gateway wraps them
    spend_headers: bool = False  # video answers carry LiteLLM's x-litellm-*-cost/spend headers
    _requests: int = field(default=0, init=False, repr=False)  # seen by rate_limit_every
    _burst_index: int = field(default=0, init=False, repr=False)
    _rng: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    def job_fails(self) -> bool:
        """Draw whether the next job fails (a seeded draw, so runs repeat exactly)."""
        return self.failure_rate > 0 and self._rng.random() < self.failure_rate

    def blocked_word(self, prompt: str) -> str | None:
        """The first moderation word found in ``prompt`` (case-insensitive), if any."""
        folded = prompt.casefold()
        return next((w for w in self.moderation_words if w and w.casefold() in folded), None)

    def take(self, name: str) -> bool:
        """Consume one unit of a countdown fault; True when this request is affected."""
        left = getattr(self, name)
        if left <= 0:
            return False
        setattr(self, name, left - 1)
        return True


def scrambled(data: bytes) -> bytes:
    """The same length, the MP4 box header kept, every later byte flipped: never decodes."""
    head = 8  # size + 'ftyp': still looks like an MP4 to a sniffer
    return data[:head] + data[head:].translate(_FLIP)


_FLIP = bytes(255 - i for i in range(256))


def range_refused(size: int) -> ApiError:
    """A 416 naming the real size, as a server that lost the ranges it promised sends it."""
    return ApiError(416, f"Requested range not satisfiable (injected; the file has {size} "
                    "bytes).", code="range_not_satisfiable",
                    headers={hdrs.CONTENT_RANGE: f"bytes */{size}"})


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def fault_middleware(get_faults: Callable[[], FaultConfig]) -> Callable[..., object]:
    """Per-request faults (latency, 429s, 5xx bursts), applied before the handler runs."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        faults = get_faults()
        if faults.latency_ms > 0:
            await asyncio.sleep(faults.latency_ms / 1000)
        faults._requests += 1
        if faults.rate_limit_every > 0 and faults._requests % faults.rate_limit_every == 0:
            ms = max(1, faults.retry_after_ms)
            raise ApiError(
                429,
                "Rate limit reached for requests (injected by the local provider).",
                type="requests",
                code="rate_limit_exceeded",
                headers={"Retry-After": str(math.ceil(ms / 1000)), "retry-after-ms": str(ms)},
            )
        if faults.take("server_error_burst"):
            status = BURST_STATUSES[faults._burst_index % len(BURST_STATUSES)]
            faults._burst_index += 1
            raise ApiError(
                status,
                "The server had an error while processing your request (injected).",
                type="server_error",
            )
        return await handler(request)

    return middleware
