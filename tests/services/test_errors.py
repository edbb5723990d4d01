"""Classification: every failure lands in a category with a plain sentence."""

from __future__ import annotations

import pytest

from studio.services.errors import Category, Failure, classify_http, classify_job_error


@pytest.mark.parametrize(("status", "code", "message", "expected"), [
    (400, "moderation_blocked", "blocked by our moderation system", Category.MODERATION),
    (400, None, "Inpaint image must match the requested width and height", Category.INVALID_INPUT),
    (401, "invalid_api_key", "Incorrect API key", Category.AUTH),
    (403, None, "", Category.AUTH),
    (429, "insufficient_quota", "You exceeded your quota", Category.AUTH),
    (429, "rate_limit_exceeded", "Too many running tasks", Category.RATE_LIMIT),
    (410, "video_expired", "expired", Category.EXPIRED),
    (404, "not_found", "No video found", Category.INVALID_INPUT),
    (500, None, "boom", Category.SERVER),
    (503, None, "", Category.SERVER),
    (409, None, "conflict", Category.SERVER),
])
def test_http_statuses(status: int, code: str | None, message: str, expected: Category) -> None:
    fail = classify_http(status, code, message)
    assert fail.category == expected
    assert fail.message and "Traceback" not in fail.text()


@pytest.mark.parametrize(("code", "expected"), [
    ("moderation_blocked", Category.MODERATION),
    ("internal_error", Category.SERVER),
    ("invalid_prompt", Category.INVALID_INPUT),
    ("video_expired", Category.EXPIRED),
    ("something_new", Category.UNKNOWN),
    (None, Category.UNKNOWN),
])
def test_job_error_codes(code: str | None, expected: Category) -> None:
    assert classify_job_error(code, None).category == expected


def test_only_transient_categories_retry_automatically() -> None:
    auto = {c for c in Category if Failure(c, "m").retryable_automatically}
    assert auto == {Category.RATE_LIMIT, Category.SERVER, Category.NETWORK}
