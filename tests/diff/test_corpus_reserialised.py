"""Every corpus document, re-serialised, compares equal to itself.

Written as JSON in its own key order, nothing a caller sees may change. Written as JSON
with every mapping's keys shuffled, nothing may change either: the builder walks
mappings by key (generator/builder/key_order.py), so names claimed first come, first
served (OpenAI's eleven `BucketWidthParam_N`, an inline schema two models share, two
properties whose names collide) and GitHub's pick between two equally preferred media
types do not follow the order keys are written in.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.loader.parse import load_file
from tests.diff.support import diff_paths
from tests.support.corpus import CORPUS, CorpusEntry, read_sources
from tests.support.reserialise import reserialise_tree

pytestmark = pytest.mark.corpus

ENTRIES = read_sources()


def _copy(entry_path: str, tmp_path: Path, *, shuffle: bool) -> Path:
    top = Path(entry_path).parts[0]
    reserialise_tree(CORPUS / top, tmp_path / top, seed=11 if shuffle else None)
    return tmp_path / entry_path


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.name for e in ENTRIES])
def test_json_in_the_same_order(tmp_path: Path, entry: CorpusEntry) -> None:
    new = _copy(entry.entry, tmp_path, shuffle=False)
    report = diff_paths(CORPUS / entry.entry, new, lenient=True)
    assert report.changes == (), report.changes[:5]


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.name for e in ENTRIES])
def test_json_with_keys_shuffled(tmp_path: Path, entry: CorpusEntry) -> None:
    new = _copy(entry.entry, tmp_path, shuffle=True)
    # The copy really is JSON, keys in another order, yet the same data.
    original = load_file(CORPUS / entry.entry, "original").data
    copied = load_file(new, "copy").data
    assert new.read_text("utf-8").lstrip().startswith("{")
    assert list(copied) != list(original) or len(original) < 3
    report = diff_paths(CORPUS / entry.entry, new, lenient=True)
    assert report.changes == (), report.changes[:5]
