"""The error hierarchy every client raises; all of it importable from ``jobclients``."""

from __future__ import annotations

from typing import Any

import httpx

_REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amzn-requestid", "cf-ray")


class JobClientsError(Exception):
    """Base of every error this package raises."""


class MissingCredentialError(JobClientsError):
    """The client needs a credential and neither the keyword nor the env var gave one."""


class APIError(JobClientsError):
    """A request failed; ``request`` is the (redacted-repr) request when there was one."""

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request


class APIConnectionError(APIError):
    """No HTTP answer: the connection failed or broke."""


class APITimeoutError(APIConnectionError):
    """No HTTP answer in time."""


class APIStatusError(APIError):
    """The server answered with a status outside 2xx."""

    def __init__(
        self,
        message: str,
        *,
        request: httpx.Request,
        response: httpx.Response,
        body: object,
    ) -> None:
        super().__init__(message, request=request)
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.body: Any = body
        self.request_id = next(
            (response.headers[h] for h in _REQUEST_ID_HEADERS if h in response.headers), None
        )


class BadRequestError(APIStatusError):
    """400"""


class AuthenticationError(APIStatusError):
    """401"""


class PermissionDeniedError(APIStatusError):
    """403"""


class NotFoundError(APIStatusError):
    """404"""


class ConflictError(APIStatusError):
    """409"""


class UnprocessableEntityError(APIStatusError):
    """422"""


class RateLimitError(APIStatusError):
    """429"""


class InternalServerError(APIStatusError):
    """Any status of 500 or above (520 and the like included)."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_class(status_code: int) -> type[APIStatusError]:
    """The class for any status code; never ``http.HTTPStatus(code)``, which rejects 499."""
    if status_code >= 500:
        return InternalServerError
    return _BY_STATUS.get(status_code, APIStatusError)


class ResponseValidationError(APIError):
    """A 2xx body that does not fit the operation's declared model."""

    def __init__(
        self,
        message: str,
        *,
        request: httpx.Request | None,
        response: httpx.Response,
        raw_body: bytes,
        errors: list[Any],
    ) -> None:
        super().__init__(message, request=request)
        self.response = response
        self.status_code = response.status_code
        self.raw_body = raw_body
        self.errors = errors


class ResponseTooLargeError(APIError):
    """The body is over the client's ``max_response_bytes`` (after decompression)."""


class JobTimeoutError(JobClientsError):
    """``wait_for_job`` ran out of time; ``last_job`` is the last job it saw."""

    def __init__(self, message: str, *, last_job: object | None, elapsed: float, polls: int):
        super().__init__(message)
        self.last_job = last_job
        self.elapsed = elapsed
        self.polls = polls
