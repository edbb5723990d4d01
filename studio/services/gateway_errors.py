"""Errors that a gateway wrapped: find the upstream's own status and code inside them.

Why: a gateway such as LiteLLM's proxy answers an upstream refusal with its own envelope,
often a 400 whose ``code`` is just the status as a string and whose message carries the
upstream body as text (``litellm.BadRequestError: OpenAIException - {"error": {...}}``, or
a Python repr of it). Classified by the outer status alone, an upstream "not ready yet"
(``video_not_completed``) or a passing 503 would look like a permanent invalid request and
fail a paid take. This module knows no SDK and no HTTP client: plain strings in and out.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass

#: Codes meaning "the video is not finished yet": poll again, never fail the take.
NOT_READY_CODES = frozenset({"video_not_completed", "video_not_ready"})

_STATUS_IN_TEXT = re.compile(r"\b(?:Error code|status(?:_code)?)[:= ]+([1-5]\d\d)\b", re.I)


@dataclass(frozen=True)
class Upstream:
    """What the innermost error says: its status (when named), code and message."""

    status: int | None
    code: str | None
    message: str


def unwrap(status: int, code: str | None, message: str) -> Upstream:
    """The innermost error found in ``message`` (the outer one when nothing is nested).

    A numeric ``code`` ("400") is the gateway repeating a status, not an error code.
    """
    found = Upstream(status, _real_code(code), message)
    text = message
    for _ in range(4):  # gateways in front of gateways: a few levels at most
        inner = _embedded_error(text)
        if inner is None:
            break
        inner_code, inner_message, inner_status = inner
        status_hint = inner_status or _status_in(text)
        found = Upstream(status_hint or found.status, inner_code or found.code,
                         inner_message or found.message)
        text = inner_message
    return found


def is_not_ready(code: str | None, detail: str = "") -> bool:
    """Does this error say the video is not finished yet?"""
    return (code or "") in NOT_READY_CODES or any(c in detail for c in NOT_READY_CODES)


def _real_code(code: object) -> str | None:
    """An error code, or None for a bare status repeated as a code ("400")."""
    text = str(code) if code is not None else ""
    return text if text and not text.isdigit() else None


def _status_in(text: str) -> int | None:
    match = _STATUS_IN_TEXT.search(text)
    return int(match[1]) if match else None


def _embedded_error(text: str) -> tuple[str | None, str, int | None] | None:
    """The first ``{"error": {...}}`` (JSON or a Python repr) inside ``text``."""
    start = text.find("{")
    while start != -1:
        obj = _parse_from(text, start)
        if isinstance(obj, dict):
            err = obj.get("error", obj)
            if isinstance(err, dict) and ("message" in err or "code" in err):
                raw = err.get("code")
                status = err.get("status")
                if not isinstance(status, int):
                    status = int(raw) if str(raw or "").isdigit() else None
                code = _real_code(raw) or _real_code(err.get("type"))
                return code, str(err.get("message") or ""), status
        start = text.find("{", start + 1)
    return None


def _parse_from(text: str, start: int) -> object:
    """The balanced ``{...}`` starting at ``start``, parsed, or None."""
    depth, quote, escape = 0, "", False
    for i in range(start, len(text)):
        ch = text[i]
        if quote:
            if escape:
                escape = False
            elif ch == "\\":
                escape = True
            elif ch == quote:
                quote = ""
            continue
        if ch in "\"'":
            quote = ch
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                chunk = text[start:i + 1]
                for parse in (json.loads, ast.literal_eval):
                    try:
                        return parse(chunk)
                    except (ValueError, SyntaxError, RecursionError, MemoryError):
                        continue
                return None
    return None
