"""Caps on a document's size and shape, so a hostile one cannot take the machine with it.

:func:`check_limits` walks a parsed document once, without recursion (it may nest deeper
than Python recurses) and without expanding YAML aliases (an alias bomb is small on disk
and enormous expanded): each container is counted once per place it is reached, its
size memoised by identity. Each refusal names the place the limit was crossed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.model.findings import Finding, GenerationError, Severity, pointer_join


@dataclass(frozen=True, slots=True)
class LoadLimits:
    """Caps that keep a hostile document from taking the machine with it."""

    max_bytes: int = 32 * 1024 * 1024
    max_depth: int = 256
    # Nodes after YAML aliases are expanded: an alias bomb is small on disk and huge here.
    max_nodes: int = 5_000_000


DEFAULT_LIMITS = LoadLimits()

_CYCLE_MESSAGE = (
    "a YAML alias here refers to a mapping or list that contains it, so the document "
    "never ends; replace the alias with a $ref."
)


def raise_hint(name: str) -> str:
    """How a person lifts the limit ``name`` when the document is genuine."""
    flag = name.replace("_", "-")
    return (
        f"if the document is genuine, raise `limits.{name}` in its jobclient.yaml "
        f"(or pass --{flag} for a single SPEC)."
    )


@dataclass
class _Frame:
    """A container on the current path of the walk."""

    node: Any
    key: str  # its key (or index) in its parent
    children: Iterator[tuple[str, Any]]
    total: int = field(default=1)  # nodes in it so far, itself included


def check_limits(
    data: Any, display: str, line_of: Callable[[str], int | None], limits: LoadLimits
) -> None:
    """Refuse a document too deep, containing itself, or too large once expanded."""
    if not isinstance(data, dict | list) or _plainly_within(data, limits):
        return
    sizes: dict[int, int] = {}
    frames = [_Frame(data, "", _children(data))]
    on_path = {id(data)}

    def refuse(keys: list[str], code: str, message: str) -> GenerationError:
        pointer = pointer_join("", *keys)
        return GenerationError(
            [Finding(Severity.ERROR, code, display, line_of(pointer), pointer, message)]
        )

    while frames:
        frame = frames[-1]
        child_frame: _Frame | None = None
        for key, child in frame.children:
            if not isinstance(child, dict | list):
                frame.total += 1
                continue
            known = sizes.get(id(child))
            if known is not None:
                frame.total += known
                continue
            keys = [f.key for f in frames[1:]] + [key]
            if id(child) in on_path:
                raise refuse(keys, "alias-cycle", _CYCLE_MESSAGE)
            if len(frames) >= limits.max_depth:
                message = (
                    f"the document nests deeper than {limits.max_depth} levels here; "
                    + raise_hint("max_depth")
                )
                raise refuse(keys, "too-deep", message)
            child_frame = _Frame(child, key, _children(child))
            break
        if child_frame is not None:
            frames.append(child_frame)
            on_path.add(id(child_frame.node))
            continue
        frames.pop()
        on_path.discard(id(frame.node))
        sizes[id(frame.node)] = frame.total
        if frame.total > limits.max_nodes:
            # The first container to cross the limit: the alias bomb's fuse, not the root.
            keys = [f.key for f in frames[1:]] + ([frame.key] if frames else [])
            message = (
                f"the document expands to more than {limits.max_nodes} nodes here (YAML "
                "aliases counted where used); remove the aliases, or " + raise_hint("max_nodes")
            )
            raise refuse(keys, "too-large", message)
        if frames:
            frames[-1].total += frame.total


def _plainly_within(data: dict[Any, Any] | list[Any], limits: LoadLimits) -> bool:
    """True when the document is a plain tree within the limits: then the full walk
    (which tracks paths, to name where a limit is crossed) would find nothing.

    This is the common case and about three times faster. Any doubt (a container reached
    twice, as a YAML alias makes; a limit reached) answers False and the full walk
    decides, so every refusal and its message come from it alone.
    """
    seen: set[int] = set()
    stack: list[tuple[dict[Any, Any] | list[Any], int]] = [(data, 1)]
    count = 0
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            return False
        seen.add(id(node))
        count += 1
        for child in node.values() if isinstance(node, dict) else node:
            if isinstance(child, dict | list):
                if depth >= limits.max_depth:
                    return False
                stack.append((child, depth + 1))
            else:
                count += 1
        if count > limits.max_nodes:
            return False
    return True


def _children(node: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        return ((str(k), v) for k, v in node.items())
    return ((str(i), v) for i, v in enumerate(node))
