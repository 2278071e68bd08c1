"""Small shared types: the "not given" sentinel and timeout defaults."""

from __future__ import annotations

from typing import Final, TypeAlias

import httpx


class NotGiven:
    """Marks a per-call option the caller did not pass (``None`` can be a real value)."""

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()
TimeoutTypes: TypeAlias = float | httpx.Timeout | None
# 60 s to read, 5 s to connect: a request never hangs forever by default.
DEFAULT_TIMEOUT: Final = httpx.Timeout(60.0, connect=5.0)
# Bodies over this are refused (counted after decompression, so a gzip bomb is too).
DEFAULT_MAX_RESPONSE_BYTES: Final = 64 * 1024 * 1024
