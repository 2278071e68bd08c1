"""The order the build walks a document's mappings in: by key, never as written.

Python names are handed out first come, first served (a second ``BucketWidthParam``
becomes ``BucketWidthParam_2``, an inline schema two models share is named after the
one met first). Walking every mapping by key makes that order a function of the
document's content, so a vendor that reorders its keys, or switches YAML for JSON,
gets the same names, the same chosen media type and the same credential.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def in_key_order(mapping: Mapping[Any, Any]) -> list[tuple[str, Any]]:
    """``mapping``'s entries sorted by their key's text (YAML keys may be numbers)."""
    return sorted(
        ((str(key), value) for key, value in mapping.items()),
        key=lambda entry: entry[0],
    )


def keys_in_order(mapping: Mapping[Any, Any]) -> list[str]:
    """``mapping``'s keys as text, sorted."""
    return sorted(str(key) for key in mapping)
