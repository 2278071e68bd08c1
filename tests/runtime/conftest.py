"""Fixtures of the runtime tests: every behaviour runs on the sync and the async client."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.runtime.helpers import Api, FakeTime, Mode, Reply, Script

Connect = Callable[..., Api]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> Mode:
    value: Mode = request.param
    return value


@pytest.fixture
def fake() -> FakeTime:
    return FakeTime()


@pytest.fixture
def connect(mode: Mode, fake: FakeTime) -> Connect:
    """``connect(reply, ..., **client_options)``: a client of the current mode whose
    transport answers with the given replies, in order (the last repeats)."""

    def make(*replies: Reply, **options: Any) -> Api:
        return Api(mode, Script(list(replies)), fake, **options)

    return make
