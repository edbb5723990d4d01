"""What went wrong, in categories the UI can act on and words a user can read.

Why a closed set: the UI shows a badge and one sentence, and the runner decides what it
may retry from the category alone. Only the non-billable side (polling, listing,
downloading) is ever retried automatically; a failed or refused generation never is —
re-sending it could bill again, and a moderation block would only be blocked again.
This module knows no SDK: ``client.py`` turns SDK exceptions into :class:`ProviderError`.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from enum import StrEnum

from studio.services.gateway_errors import is_not_ready, unwrap


class Category(StrEnum):
    MODERATION = "moderation"
    INVALID_INPUT = "invalid_input"
    AUTH = "auth"
    RATE_LIMIT = "rate_limit"
    SERVER = "server"
    NETWORK = "network"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    UNCLEAR = "unclear"  # a create may have reached the provider: the user decides
    LOCAL_STORAGE = "local_storage"  # this computer could not write (disk full, ledger)
    UNKNOWN = "unknown"


MESSAGES: dict[Category, str] = {
    Category.LOCAL_STORAGE: "This computer could not save the job's files or records (the "
    "disk may be full or read-only). Free some space and run it again; jobs already sent "
    "are resumed, not paid for twice.",
    Category.MODERATION: "The provider's content rules blocked this request. Change the "
    "prompt or the reference image; retrying it unchanged will be blocked again.",
    Category.INVALID_INPUT: "The provider refused the request as invalid. Check the model, "
    "size, duration and reference image.",
    Category.AUTH: "The provider refused the API key or the account. Check the key and the "
    "account's access in Settings.",
    Category.RATE_LIMIT: "The provider is rate limiting requests. The studio waits and "
    "tries again where that is safe.",
    Category.SERVER: "The provider had an internal problem.",
    Category.NETWORK: "The provider could not be reached, or the connection dropped.",
    Category.EXPIRED: "The provider no longer keeps this video (its download link "
    "expired). Generate it again.",
    Category.CANCELLED: "Cancelled here. The provider has no cancel endpoint, so a job "
    "already sent may still finish (and be billed) there.",
    Category.UNCLEAR: "Unclear: the request may have reached the provider and been billed, "
    "but no answer came back, and this provider can neither list its videos nor recognise "
    "a repeated request. It is not sent again by itself: adopt the video's id if the "
    "provider shows one, or send it again knowing it may be billed twice.",
    Category.UNKNOWN: "The provider reported an unexpected problem.",
}

NOT_READY_MESSAGE = "The provider has not finished the video yet; the studio asks again."
_AUTO_RETRY = frozenset({Category.RATE_LIMIT, Category.SERVER, Category.NETWORK})
_MODERATION_HINTS = ("moderation", "content_policy", "safety", "blocked")
_EXPIRED_HINTS = ("expired", "expire")


@dataclass(frozen=True)
class Failure:
    """A classified failure: a category, the user's sentence, and the provider's words."""

    category: Category
    message: str
    detail: str = ""  # the provider's own message/code, shortened; never a stack trace

    @property
    def retryable_automatically(self) -> bool:
        """May a *non-billable* request (poll, list, download) be retried without asking?"""
        return self.category in _AUTO_RETRY

    def text(self) -> str:
        return f"{self.message} ({self.detail})" if self.detail else self.message


def failure(category: Category, detail: str = "", message: str | None = None) -> Failure:
    return Failure(category, message or MESSAGES[category], _short(detail))


class ProviderError(Exception):
    """A request that did not succeed, already classified.

    ``retry_after`` is the server's requested wait in seconds (429/503), when it sent one.
    """

    def __init__(self, fail: Failure, *, status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(fail.text())
        self.failure = fail
        self.status = status
        self.retry_after = retry_after

    @property
    def category(self) -> Category:
        return self.failure.category


# What a failed local write says: no space, over quota or a file size limit, read-only, I/O.
_STORAGE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EIO})


def local_storage_failure(exc: BaseException) -> Failure | None:
    """The Failure of a local write that failed (disk full, ledger unwritable), or None
    when ``exc`` is something else. SQLite reports a full disk as its own error."""
    import sqlite3

    if isinstance(exc, sqlite3.Error):
        return failure(Category.LOCAL_STORAGE, f"the job ledger: {exc}")
    if isinstance(exc, OSError) and exc.errno in _STORAGE_ERRNOS:
        where = f" ({exc.filename})" if exc.filename else ""
        return failure(Category.LOCAL_STORAGE, f"{exc.strerror or exc}{where}")
    return None


class LocalStorageError(Exception):
    """A local write failed so that not even the job's failure could be recorded;
    ``str()`` is one line."""

    def __init__(self, fail: Failure) -> None:
        super().__init__(fail.text())
        self.failure = fail


def classify_http(status: int, code: str | None = None, message: str = "") -> Failure:
    """A synchronous rejection (HTTP status + OpenAI error envelope) to a Failure.

    A gateway's envelope is looked into first (:mod:`gateway_errors`): the upstream's own
    status and code decide, so a wrapped 503 or "not completed yet" is passing.
    """
    inner = unwrap(status, code, message)
    status, code, message = inner.status or status, inner.code, inner.message
    hint = f"{code or ''} {message}".casefold()
    detail = f"HTTP {status}" + (f" {code}" if code else "") + (f": {message}" if message else "")
    if is_not_ready(code):
        return failure(Category.SERVER, detail, NOT_READY_MESSAGE)
    if any(h in hint for h in _MODERATION_HINTS) and status < 500:
        return failure(Category.MODERATION, detail)
    if status == 410 or (status == 404 and any(h in hint for h in _EXPIRED_HINTS)):
        return failure(Category.EXPIRED, detail)
    if status in (401, 403) or code == "insufficient_quota":
        return failure(Category.AUTH, detail)
    if status == 429:
        return failure(Category.RATE_LIMIT, detail)
    if status in (408, 409) or status >= 500:
        return failure(Category.SERVER, detail)
    if 400 <= status < 500:
        return failure(Category.INVALID_INPUT, detail)
    return failure(Category.UNKNOWN, detail)


def classify_job_error(code: str | None, message: str | None = None) -> Failure:
    """The ``error`` of a job that ended ``failed`` to a Failure (the spec lists no codes)."""
    hint = f"{code or ''} {message or ''}".casefold()
    detail = ": ".join(p for p in (code, message) if p)
    if any(h in hint for h in _MODERATION_HINTS):
        return failure(Category.MODERATION, detail)
    if any(h in hint for h in _EXPIRED_HINTS):
        return failure(Category.EXPIRED, detail)
    if "invalid" in hint or "unsupported" in hint:
        return failure(Category.INVALID_INPUT, detail)
    if "rate_limit" in hint or "quota" in hint:
        return failure(Category.RATE_LIMIT, detail)
    if "internal" in hint or "server" in hint or "timeout" in hint:
        return failure(Category.SERVER, detail)
    return failure(Category.UNKNOWN, detail)


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
