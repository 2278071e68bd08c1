"""Golden outputs of the fixture specs: ``python -m tests.snapshots update`` rewrites them.

Each folder under tests/fixtures/ that has a jobclient.yaml is a small specs/ tree of
its own; its golden output lives in tests/golden/<fixture>/. tests/golden/pager is the
pager fixture's package, its list operations paginated on the model
(tests/support/pager.py). Updating is a deliberate act (``make snapshots``): review the
diff it makes before committing it.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from generator.emitter.emit import emit
from tests.support.pager import render_pager
from tests.support.project import project_files

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
GOLDEN = ROOT / "tests" / "golden"
TEMPLATES = ROOT / "templates"
# Fixtures that must fail generation; they have no golden output.
FAILING = frozenset({"status_drift"})
# Golden outputs made otherwise than from a fixture folder's specs, by how they are made.
MADE = {"pager": render_pager}


def fixture_names() -> list[str]:
    return sorted(
        p.name
        for p in FIXTURES.iterdir()
        if p.is_dir() and p.name not in FAILING and any(p.glob("*/jobclient.yaml"))
    )


def render_fixture(name: str, out: Path, *, check: bool = False) -> bool:
    """Generate one fixture into ``out``; True when ``out`` already matched."""
    files = project_files(FIXTURES / name, "tests/fixtures")
    return emit(files, out, check=check).unchanged


def update() -> None:
    for name in fixture_names():
        target = GOLDEN / name
        changed = not render_fixture(name, target)
        print(f"{'updated' if changed else 'unchanged'}: tests/golden/{name}")
    for name, render in MADE.items():
        changed = not render(GOLDEN / name)
        print(f"{'updated' if changed else 'unchanged'}: tests/golden/{name}")
    known = set(fixture_names()) | set(MADE)
    for stale in GOLDEN.iterdir():
        if stale.is_dir() and stale.name not in known:
            shutil.rmtree(stale)
            print(f"removed: tests/golden/{stale.name}")


def main(argv: list[str]) -> int:
    if argv[1:] != ["update"]:
        print("usage: python -m tests.snapshots update", file=sys.stderr)
        return 2
    update()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
