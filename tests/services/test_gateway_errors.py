"""Gateway-wrapped errors are classified by the upstream's own status and code."""

from __future__ import annotations

import json

from studio.services.errors import Category, classify_http
from studio.services.gateway_errors import is_not_ready, unwrap

# What LiteLLM's proxy answered (1.106) for a content download of an unfinished video.
LITELLM_NOT_COMPLETED = (
    "litellm.BadRequestError: OpenAIException - " + json.dumps({"error": {
        "message": "Video 'video_b7' is in_progress; only completed videos can be downloaded.",
        "type": "invalid_request_error", "param": "video_id", "code": "video_not_completed"}})
    + "\n\nLiteLLM: model group 'sora-2' failed with the error above. No fallback was attempted.")


def test_video_not_completed_through_a_gateway_polls_again() -> None:
    fail = classify_http(400, "400", LITELLM_NOT_COMPLETED)
    assert fail.category == Category.SERVER and fail.retryable_automatically
    assert "video_not_completed" in fail.detail and is_not_ready(None, fail.detail)
    assert classify_http(400, "video_not_completed", "not yet").retryable_automatically


def test_wrapped_upstream_503_and_429_are_passing() -> None:
    wrapped = ("litellm.ServiceUnavailableError: Error code: 503 - "
               "{'error': {'message': 'overloaded', 'type': 'server_error', 'code': None}}")
    assert classify_http(400, "400", wrapped).category == Category.SERVER
    rate = 'Upstream said {"error": {"message": "slow down", "code": "429"}}'
    assert classify_http(400, None, rate).category == Category.RATE_LIMIT


def test_wrapped_moderation_and_plain_invalid_stay_final() -> None:
    mod = 'x - {"error": {"message": "blocked", "code": "moderation_blocked"}}'
    assert classify_http(400, "400", mod).category == Category.MODERATION
    plain = "litellm.BadRequestError: LLM Provider NOT provided."
    fail = classify_http(400, "400", plain)
    assert fail.category == Category.INVALID_INPUT and not fail.retryable_automatically


def test_unwrap_keeps_the_outer_error_when_nothing_is_nested() -> None:
    assert unwrap(404, "not_found", "No video") == unwrap(404, "not_found", "No video")
    found = unwrap(400, "400", "no json here {not json}")
    assert (found.status, found.code, found.message) == (400, None, "no json here {not json}")
