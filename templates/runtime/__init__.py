"""The runtime every generated vendor module shares: requests, retries, errors, lifecycle.

Layout, from the bottom up:

- ``_types``: the NOT_GIVEN sentinel, timeout and size defaults.
- ``_errors``: the exception hierarchy.
- ``_retry``: RetryPolicy and the retry decisions.
- ``_auth``: security schemes, Secret, redaction, credential and base-URL resolution.
- ``_operation``: what generated code declares per operation; per-call RequestOptions.
- ``_encoding``: path, query and body encoding.
- ``_response``: RawResponse, the capped body read, parsing and error mapping.
- ``_client``: the sync-agnostic core of a call; ``_sync`` and ``_async`` only send and
  sleep.
- ``_lifecycle``: JobStatus, StatusMapper and the waits.
- ``_pagination``: Paging, and the Page and AsyncPage a list operation returns.
"""

from ._async import AsyncAPIClient
from ._auth import (
    ApiKeyAuth,
    AuthScheme,
    BasicAuth,
    BearerAuth,
    SafeRequest,
    Secret,
    redact,
    resolve_base_url,
    resolve_credential,
)
from ._client import RequestParts
from ._errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    JobClientsError,
    JobTimeoutError,
    MissingCredentialError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseTooLargeError,
    ResponseValidationError,
    UnprocessableEntityError,
    error_for_status,
)
from ._lifecycle import (
    JobStatus,
    PollEvent,
    StatusMapper,
    wait_async,
    wait_many,
    wait_sync,
)
from ._operation import BodyType, Operation, RequestOptions, ResponseSpec
from ._pagination import AsyncPage, Page, PaginationError, Paging
from ._response import RawResponse
from ._retry import RetryPolicy
from ._streams import ServerSentEvent
from ._sync import SyncAPIClient
from ._types import (
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_TIMEOUT,
    NOT_GIVEN,
    NotGiven,
    QueryValue,
    TimeoutTypes,
)

__all__ = [
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "ApiKeyAuth",
    "AsyncAPIClient",
    "AsyncPage",
    "AuthScheme",
    "AuthenticationError",
    "BadRequestError",
    "BasicAuth",
    "BearerAuth",
    "BodyType",
    "ConflictError",
    "InternalServerError",
    "JobClientsError",
    "JobStatus",
    "JobTimeoutError",
    "MissingCredentialError",
    "NotFoundError",
    "NotGiven",
    "Operation",
    "Page",
    "PaginationError",
    "Paging",
    "PermissionDeniedError",
    "PollEvent",
    "QueryValue",
    "RateLimitError",
    "RawResponse",
    "RequestOptions",
    "RequestParts",
    "ResponseSpec",
    "ResponseTooLargeError",
    "ResponseValidationError",
    "RetryPolicy",
    "SafeRequest",
    "Secret",
    "ServerSentEvent",
    "StatusMapper",
    "SyncAPIClient",
    "TimeoutTypes",
    "UnprocessableEntityError",
    "error_for_status",
    "redact",
    "resolve_base_url",
    "resolve_credential",
    "wait_async",
    "wait_many",
    "wait_sync",
]
