"""The errors every client raises; all of them importable from ``jobclients``.

Messages are built from redacted text only (see ``_auth.redact``): an error can be logged
or shown to a user as it is.
"""

from __future__ import annotations

from typing import Any

import httpx

# The first of these present on a response is its request id; vendors differ.
REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amzn-requestid", "cf-ray")


def request_id_of(headers: httpx.Headers) -> str | None:
    return next((headers[name] for name in REQUEST_ID_HEADERS if name in headers), None)


class JobClientsError(Exception):
    """Base of every error this package raises."""


class MissingCredentialError(JobClientsError):
    """The API needs a credential and neither the keyword nor the env var gave one."""


class JobTimeoutError(JobClientsError):
    """Waiting for a job ran out of time; ``last_job`` is the last state seen."""

    def __init__(
        self, message: str, *, last_job: object | None, elapsed: float, polls: int
    ):
        super().__init__(message)
        self.last_job = last_job
        self.elapsed = elapsed
        self.polls = polls


class APIError(JobClientsError):
    """A call failed; ``request`` is the request (its repr hides the credential)."""

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request


class APIConnectionError(APIError):
    """No HTTP answer: the connection could not be made or broke."""


class APITimeoutError(APIConnectionError):
    """No HTTP answer in time (or the call's ``total_timeout`` ran out)."""


class ResponseTooLargeError(APIError):
    """The body passed the client's ``max_response_bytes`` (counted after decompression)."""

    def __init__(
        self, message: str, *, request: httpx.Request | None, limit: int
    ) -> None:
        super().__init__(message, request=request)
        self.limit = limit


class ResponseValidationError(APIError):
    """A 2xx body that does not fit the operation's declared type."""

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
        # pydantic's error dicts (without the offending input values).
        self.errors = errors


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
        self.request_id = request_id_of(response.headers)
        # The operation's declared error model for this status when there is one, else
        # the JSON value, else the text (None for an empty body). Typed Any so callers can
        # reach into the model they know they declared.
        self.body: Any = body


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
    """Any status from 500 up, including unofficial ones such as Cloudflare's 520."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_for_status(status_code: int) -> type[APIStatusError]:
    """The class for any status code, including ones no RFC names (418, 499, 520).

    A plain table rather than ``http.HTTPStatus(code)``, which raises on unknown codes.
    """
    if status_code >= 500:
        return InternalServerError
    return _BY_STATUS.get(status_code, APIStatusError)
