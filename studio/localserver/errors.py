"""OpenAI-format error bodies, so clients classify our failures as they would OpenAI's.

Every non-2xx JSON answer of the local provider is ``{"error": {message, type, param,
code}}``; handlers raise :class:`ApiError` and one middleware turns it into a response.
"""

from __future__ import annotations

from aiohttp import web


class ApiError(Exception):
    """A request the server refuses, with the HTTP status and the OpenAI error fields."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str = "invalid_request_error",
        param: str | None = None,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type
        self.param = param
        self.code = code
        self.headers = headers or {}

    def response(self) -> web.Response:
        body = {
            "error": {
                "message": self.message,
                "type": self.type,
                "param": self.param,
                "code": self.code,
            }
        }
        return web.json_response(body, status=self.status, headers=self.headers)


def invalid(message: str, *, param: str | None = None, code: str | None = None) -> ApiError:
    """A 400 ``invalid_request_error``: the client must change its request."""
    return ApiError(400, message, param=param, code=code)


def not_found(what: str, ident: str, *, param: str | None = None) -> ApiError:
    return ApiError(404, f"No {what} found with id '{ident}'.", param=param, code="not_found")


def from_http_exception(exc: web.HTTPException) -> ApiError:
    """aiohttp's own refusals (unknown route, body too large...) in OpenAI form."""
    kind = "server_error" if exc.status >= 500 else "invalid_request_error"
    return ApiError(exc.status, exc.reason, type=kind)
