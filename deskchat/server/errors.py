"""Errors in OpenAI's shape, so the official clients raise their usual exceptions
(``BadRequestError`` for 400, ``AuthenticationError`` for 401, ``NotFoundError`` for 404...)
with our sentence as the message."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """A request the server refuses: an HTTP status and one sentence for the caller."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        param: str | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.param = param
        self.code = code

    @property
    def type(self) -> str:
        if self.status == 401:
            return "authentication_error"
        if self.status == 403:
            return "permission_error"
        if self.status >= 500:
            return "server_error"
        return "invalid_request_error"

    def body(self) -> dict[str, Any]:
        return error_body(self.message, self.type, param=self.param, code=self.code)


def error_body(
    message: str, type_: str, *, param: str | None = None, code: str | None = None
) -> dict[str, Any]:
    """``{"error": {...}}``: the body of an error response, or an event in a stream."""
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}


def bad_request(message: str, param: str | None = None) -> ApiError:
    return ApiError(400, message, param=param)
