"""The config's ``pagination:``: how an operation pages, where the document's shape
cannot say (or says wrong), by operationId.

Only the entry's own shape is checked here; whether the operation has the parameters
and fields it names is the builder's finding (generator/builder/paging_declared.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.loader.config_reader import ConfigReader
from generator.model.findings import pointer_join

PAGING_STYLES = ("offset", "page", "cursor", "next_url", "link_header")
# The keys of one operation's `pagination:` entry whose values are response field paths.
PAGING_PATHS = ("items", "next", "from_item", "has_more", "total")


@dataclass(frozen=True, slots=True)
class PagingOverride:
    """What the config says of one operation's pagination (``pagination:`` by operationId).

    ``enabled`` false: the operation is never paginated, whatever its shape says. Else the
    style and its parameters (wire names) and response fields (paths of wire names, the
    builder checks them against the operation and turns them into Python names).
    """

    operation: str
    enabled: bool
    style: str = ""
    param: str | None = None
    size: str | None = None
    items: tuple[str, ...] = ()
    next: tuple[str, ...] | None = None
    from_item: tuple[str, ...] | None = None
    has_more: tuple[str, ...] | None = None
    total: tuple[str, ...] | None = None
    total_is_pages: bool = False
    # Where in the config the entry ("") and each of its keys sit, for findings.
    lines: dict[str, int | None] = field(default_factory=dict)

    @property
    def pointer(self) -> str:
        return pointer_join("/pagination", self.operation)


def read_pagination(reader: ConfigReader, raw: Any) -> dict[str, PagingOverride]:
    """``pagination: {<operationId>: false | {style, param, size, items, next, ...}}``.

    Only the entry's own shape is checked here; whether the operation has the parameter
    or the field it names is the builder's finding, which knows the operation.
    """
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        reader.fail(
            "/pagination",
            "`pagination` must map operationIds to `false` or to a mapping with style, "
            "param, size, items, next, from_item, has_more, total.",
        )
        return {}
    found: dict[str, PagingOverride] = {}
    for operation, entry in raw.items():
        override = _read_paging_entry(reader, str(operation), entry)
        if override is not None:
            found[str(operation)] = override
    return found


_PAGING_KEYS = ("style", "param", "size", *PAGING_PATHS, "total_is_pages")


def _read_paging_entry(reader: ConfigReader, operation: str, entry: Any) -> PagingOverride | None:
    where = pointer_join("/pagination", operation)
    lines = {"": reader.loaded.line_of(where)}
    if entry is False:
        return PagingOverride(operation, enabled=False, lines=lines)
    if not isinstance(entry, dict):
        reader.fail(
            where,
            f"`pagination.{operation}` must be `false` (never paginated) or a mapping "
            "with style and the parameters and fields it uses.",
        )
        return None
    before = len(reader.findings)
    for key in entry:
        lines[str(key)] = reader.loaded.line_of(pointer_join(where, str(key)))
        if key not in _PAGING_KEYS:
            reader.fail(
                pointer_join(where, str(key)),
                f"unknown key `{key}`; the known keys are {', '.join(_PAGING_KEYS)}.",
            )
    style = entry.get("style")
    if style not in PAGING_STYLES:
        reader.fail(
            pointer_join(where, "style"),
            f"`style` is {style!r}; it must be one of {', '.join(PAGING_STYLES)}.",
        )
        style = ""
    names: dict[str, str | None] = {}
    for key in ("param", "size"):
        value = entry.get(key)
        if value is not None and (not isinstance(value, str) or not value):
            reader.fail(pointer_join(where, key), f"`{key}` must name a query parameter.")
            value = None
        names[key] = value
    paths: dict[str, tuple[str, ...] | None] = {}
    for key in PAGING_PATHS:
        paths[key] = _paging_path(reader, pointer_join(where, key), key, entry.get(key))
    total_is_pages = entry.get("total_is_pages", False)
    if not isinstance(total_is_pages, bool):
        reader.fail(
            pointer_join(where, "total_is_pages"), "`total_is_pages` must be true or false."
        )
        total_is_pages = False
    if style in ("offset", "page", "cursor") and names["param"] is None:
        reader.fail(where, f"a {style} paging needs `param`: the query parameter it moves.")
    if style in ("next_url", "link_header") and names["param"] is not None:
        reader.fail(
            pointer_join(where, "param"),
            f"a {style} paging follows the address the server gives; it takes no `param`.",
        )
    if style == "cursor" and (paths["next"] is None) == (paths["from_item"] is None):
        reader.fail(
            where,
            "a cursor paging needs one of `next` (the field holding the next cursor) or "
            "`from_item` (the field of the last item sent back as the cursor).",
        )
    if style == "next_url" and paths["next"] is None:
        reader.fail(where, "a next_url paging needs `next`: the field holding the next URL.")
    if len(reader.findings) > before:
        return None
    return PagingOverride(
        operation=operation,
        enabled=True,
        style=str(style),
        param=names["param"],
        size=names["size"],
        items=paths["items"] or (),
        next=paths["next"],
        from_item=paths["from_item"],
        has_more=paths["has_more"],
        total=paths["total"],
        total_is_pages=total_is_pages,
        lines=lines,
    )


def _paging_path(reader: ConfigReader, where: str, key: str, value: Any) -> tuple[str, ...] | None:
    """A response field path: ``meta.next_cursor``, or a list of names for a name that
    holds a dot (``[meta, next.cursor]``)."""
    if value is None:
        return None
    if isinstance(value, str) and value and all(value.split(".")):
        return tuple(value.split("."))
    if isinstance(value, list) and value and all(isinstance(v, str) and v for v in value):
        return tuple(value)
    reader.fail(
        where,
        f"`{key}` must be a field path of the response as the document names it, like "
        "'meta.next_cursor' (or a list of names: [meta, next_cursor]).",
    )
    return None
