"""Plain YAML read from the parser's events is read exactly as the node-based loader
reads it: the same values, the same lines; anything unusual goes to that loader."""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.loader.parse import LoadedFile, _Loader, _parse_yaml, _parse_yaml_nodes
from generator.loader.yaml_events import load_plain
from generator.model.findings import GenerationError

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
DOCUMENTS = sorted(
    [*CORPUS.rglob("*.yaml"), *ROOT.glob("specs/*/*.yaml"), *ROOT.glob("tests/fixtures/**/*.yaml")]
)


def _entries(loaded: LoadedFile) -> Iterator[tuple[str, int, dict[Hashable, int]]]:
    """Every container's pointer, line and entry lines, in document order."""
    assert loaded._lines is not None
    table = loaded._lines.table
    stack: list[tuple[str, Any]] = [("", loaded.data)]
    while stack:
        pointer, node = stack.pop()
        if not isinstance(node, dict | list):
            continue
        line, entries = table[id(node)]
        yield pointer, line, dict(entries)
        items = node.items() if isinstance(node, dict) else enumerate(node)
        stack.extend((f"{pointer}/{key}", value) for key, value in items)


def _plain(text: str) -> bool:
    loader = _Loader(text)
    try:
        return load_plain(loader, {}, [])[0]
    finally:
        loader.dispose()


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(p.parents[1])))
def test_a_real_document_reads_the_same_both_ways(path: Path) -> None:
    text = path.read_text("utf-8-sig")
    events = _parse_yaml(path, "doc.yaml", text)
    nodes = _parse_yaml_nodes(path, "doc.yaml", text)
    assert events.data == nodes.data
    assert list(_entries(events)) == list(_entries(nodes))


def test_real_documents_take_the_quick_path() -> None:
    assert len(DOCUMENTS) > 20
    assert all(_plain(p.read_text("utf-8-sig")) for p in DOCUMENTS)


SCALARS = """\
a: 1
b: 1.5
c: true
d: off
e: 2020-09-17
f: null
g:
h: ~
i: "1"
j: '2'
k: |
  block
l: 0x1F
m: .inf
200: ok
true: yes
null: nothing
n: [1, "x", {p: q}]
"""


def test_scalars_and_keys_read_the_same_both_ways() -> None:
    events = _parse_yaml(Path("s.yaml"), "s.yaml", SCALARS)
    nodes = _parse_yaml_nodes(Path("s.yaml"), "s.yaml", SCALARS)
    assert _plain(SCALARS)
    assert events.data == nodes.data
    assert list(_entries(events)) == list(_entries(nodes))
    assert events.data["d"] == "off" and events.data["e"] == "2020-09-17"
    assert events.data["200"] == "ok" and events.data["true"] == "yes"


@pytest.mark.parametrize(
    "text",
    [
        "a: &x {b: 1}\nc: *x\n",  # anchor and alias
        "base: &b {x: 1}\nthing:\n  <<: *b\n  y: 2\n",  # merge key
        "a: !!str 1\n",  # explicit tag
        "a: 1\na: 2\n",  # duplicate key
        "a: 1\n---\nb: 2\n",  # two documents
        "a: [1\n",  # a syntax error
        "? [a, b]\n: c\n",  # a key that is a list
    ],
)
def test_anything_unusual_goes_to_the_node_based_loader(text: str) -> None:
    assert not _plain(text)
    try:
        expected: Any = _parse_yaml_nodes(Path("u.yaml"), "u.yaml", text).data
    except GenerationError as exc:
        with pytest.raises(GenerationError) as raised:
            _parse_yaml(Path("u.yaml"), "u.yaml", text)
        assert [f.render() for f in raised.value.findings] == [f.render() for f in exc.findings]
    else:
        assert _parse_yaml(Path("u.yaml"), "u.yaml", text).data == expected


def test_an_empty_document_is_none_both_ways() -> None:
    assert _parse_yaml(Path("e.yaml"), "e.yaml", "").data is None
    assert _parse_yaml_nodes(Path("e.yaml"), "e.yaml", "").data is None
