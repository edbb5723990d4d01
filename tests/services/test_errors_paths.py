"""The edges of classification: local write failures, nested gateway text, URL identity.

Each case is a string or an exception a real run produces (an ``OSError`` from a full or
read-only disk, a gateway's message with quotes and escapes in it, a URL typed with an
IPv6 host or a port that is not a number) and the category or key it must give.
"""

from __future__ import annotations

import errno
import json
import sqlite3

import pytest

from studio.services.errors import (
    Category,
    LocalStorageError,
    classify_http,
    classify_job_error,
    local_storage_failure,
)
from studio.services.gateway_errors import unwrap
from studio.services.identity import provider_identity


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS,
                                  errno.EIO])
def test_a_local_write_that_fails_for_lack_of_room_is_local_storage(code: int) -> None:
    exc = OSError(code, "No room", "/media/job.mp4.part")
    fail = local_storage_failure(exc)
    assert fail is not None and fail.category == Category.LOCAL_STORAGE
    assert fail.detail == "No room (/media/job.mp4.part)"  # the path the user must free
    assert not fail.retryable_automatically  # the same write would fail again


def test_a_ledger_error_is_local_storage_and_other_errors_are_not() -> None:
    fail = local_storage_failure(sqlite3.OperationalError("database or disk is full"))
    assert fail is not None and fail.detail == "the job ledger: database or disk is full"
    # a missing file or a refused permission is not "the disk is full": raised as it is
    assert local_storage_failure(OSError(errno.ENOENT, "No such file")) is None
    assert local_storage_failure(PermissionError(errno.EACCES, "Permission denied")) is None
    assert local_storage_failure(ValueError("not a write")) is None


def test_local_storage_error_is_one_line_with_the_failure_kept() -> None:
    fail = local_storage_failure(OSError(errno.ENOSPC, "No space left on device"))
    assert fail is not None
    err = LocalStorageError(fail)
    assert err.failure is fail
    assert str(err) == fail.text() and "\n" not in str(err)
    assert str(err).endswith("(No space left on device)")


@pytest.mark.parametrize(("status", "expected"), [
    (408, Category.SERVER),  # a timeout at the provider: passing
    (302, Category.UNKNOWN),  # not an error status at all
])
def test_statuses_outside_the_common_ones(status: int, expected: Category) -> None:
    assert classify_http(status).category == expected


@pytest.mark.parametrize(("code", "message", "expected"), [
    ("rate_limit_exceeded", None, Category.RATE_LIMIT),
    (None, "Your quota was used up", Category.RATE_LIMIT),
    (None, "Generation timeout", Category.SERVER),
    ("unsupported_size", None, Category.INVALID_INPUT),
])
def test_job_errors_named_by_their_message(code: str | None, message: str | None,
                                           expected: Category) -> None:
    fail = classify_job_error(code, message)
    assert fail.category == expected
    assert fail.detail == ": ".join(p for p in (code, message) if p)


def test_a_long_provider_message_is_shortened_to_one_line() -> None:
    fail = classify_http(500, None, "line one\n" + "x" * 1000)
    assert "\n" not in fail.detail and len(fail.detail) == 300 and fail.detail.endswith("…")


def test_quotes_and_escapes_inside_a_nested_error_are_read_through() -> None:
    inner = {"error": {"message": 'the "prompt} field" is {bad}\\', "code": "invalid_prompt"}}
    text = "Gateway said: " + json.dumps(inner) + " (no fallback)"
    found = unwrap(400, "400", text)
    assert found.code == "invalid_prompt"
    assert found.message == 'the "prompt} field" is {bad}\\'
    repr_text = "upstream: " + repr({"error": {"message": "it's {done}", "code": "x_y"}})
    assert unwrap(400, None, repr_text).message == "it's {done}"


def test_an_unbalanced_brace_leaves_the_outer_error() -> None:
    text = 'litellm.BadRequestError: {"error": {"message": "cut off mid-'
    found = unwrap(400, "bad_request", text)
    assert (found.status, found.code, found.message) == (400, "bad_request", text)
    assert classify_http(400, "bad_request", text).category == Category.INVALID_INPUT


def test_a_status_named_in_the_text_beside_the_nested_error_wins() -> None:
    text = "Error code: 503 - {'error': {'message': 'overloaded', 'type': 'server_error'}}"
    found = unwrap(400, None, text)
    assert (found.status, found.code, found.message) == (503, "server_error", "overloaded")


@pytest.mark.parametrize(("url", "key"), [
    ("http://[::1]:8000/v1", "http://127.0.0.1:8000/v1"),  # loopback in any spelling
    ("https://[2001:DB8::1]:443/v1/", "https://[2001:db8::1]/v1"),
    ("http://[2001:db8::1]:9000//v1", "http://[2001:db8::1]:9000/v1"),
    ("http://Example.COM:notaport/v1", "http://example.com/v1"),  # no number: no port
    ("http://api.localhost:8080/v1", "http://127.0.0.1:8080/v1"),
])
def test_provider_identity_of_unusual_spellings(url: str, key: str) -> None:
    assert provider_identity(url) == key
