"""A document rewritten as JSON with every mapping's keys in a shuffled order.

What a vendor does when it switches its published format, or a serialiser that does
not keep key order: nothing a caller of the client can notice.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path
from typing import Any

from generator.loader.parse import load_file

_DOCUMENT_SUFFIXES = (".yaml", ".yml", ".json")


def shuffled(value: Any, rng: random.Random | None) -> Any:
    """``value`` with every mapping's keys shuffled (kept in order with no ``rng``)."""
    if isinstance(value, dict):
        items = [(str(k), shuffled(v, rng)) for k, v in value.items()]
        if rng is not None:
            rng.shuffle(items)
        return dict(items)
    if isinstance(value, list):
        return [shuffled(v, rng) for v in value]
    return value


def reserialise_tree(source: Path, target: Path, seed: int | None = 0) -> None:
    """Copy ``source`` (a file or a folder) to ``target``, every document in it written
    as JSON under the same name (``$ref``s keep working), keys shuffled by ``seed``
    (None: in their order)."""
    rng = random.Random(seed) if seed is not None else None
    if source.is_file():
        _rewrite(source, target, rng)
        return
    shutil.copytree(source, target)
    for path in sorted(target.rglob("*")):
        if path.is_file() and path.suffix in _DOCUMENT_SUFFIXES:
            _rewrite(path, path, rng)


def _rewrite(source: Path, target: Path, rng: random.Random | None) -> None:
    data = load_file(source, str(source)).data
    target.write_text(json.dumps(shuffled(data, rng), ensure_ascii=False), encoding="utf-8")
