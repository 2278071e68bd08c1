"""Small shared types: the "not given" sentinel, timeouts, size limits, query values."""

from __future__ import annotations

import datetime
import enum
import uuid
from collections.abc import Mapping, Sequence
from typing import ClassVar, Final, Literal, TypeAlias, final

import httpx


@final
class NotGiven:
    """The value of a per-call option the caller did not pass.

    ``None`` cannot play this part: for ``timeout`` and ``total_timeout`` it is a real
    value, meaning "no limit".
    """

    _instance: ClassVar[NotGiven | None] = None

    def __new__(cls) -> NotGiven:
        # One instance, so ``is NOT_GIVEN`` and ``isinstance`` agree even after a copy.
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        # Pickle and deepcopy hand back the module's singleton.
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()

TimeoutTypes: TypeAlias = float | httpx.Timeout | None
# 60 s for each read and write, 5 s to connect: no request hangs forever by default.
DEFAULT_TIMEOUT: Final = httpx.Timeout(60.0, connect=5.0)
# Bodies over this are refused, counted after decompression so a gzip bomb is refused too.
DEFAULT_MAX_RESPONSE_BYTES: Final = 64 * 1024 * 1024

QueryScalar: TypeAlias = (
    str
    | int
    | float
    | bool
    | enum.Enum
    | datetime.date
    | datetime.time
    | uuid.UUID
    | None
)
# What generated code passes for one query parameter; a list is an OpenAPI array, a
# mapping an object (form style: exploded into its own keys, else "k1,v1,k2,v2").
QueryValue: TypeAlias = QueryScalar | Sequence[QueryScalar] | Mapping[str, QueryScalar]
