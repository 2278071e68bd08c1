"""Suite-wide: the generator's cache lives in a folder of the test session's own."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.cache import ENV_DIR


@pytest.fixture(autouse=True, scope="session")
def _session_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Runs of ``python -m generator`` in tests never read or fill the user's cache."""
    folder = tmp_path_factory.mktemp("jobclients-cache")
    before = os.environ.get(ENV_DIR)
    os.environ[ENV_DIR] = str(folder)
    yield folder
    if before is None:
        os.environ.pop(ENV_DIR, None)
    else:
        os.environ[ENV_DIR] = before
