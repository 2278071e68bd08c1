"""``python bench/stages.py SPEC``: one cold generation of SPEC, stage by stage, as JSON.

The stages run one after the other here (in ``generate`` validation overlaps the build,
render and ruff in a worker), with no cache, so each figure is that stage's own cost:
import (the generator's modules), load, validate, build, render, ruff (the scratch tree
written, one ``ruff check --fix`` and one ``ruff format``) and write (compare with the
output folder and move the tree into place).
"""

from __future__ import annotations

import time

started = time.perf_counter()

import json  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.builder.client import ClientNames, build_client  # noqa: E402
from generator.emitter.emit import compare  # noqa: E402
from generator.emitter.formatting import run_ruff, write_tree  # noqa: E402
from generator.loader.document import SpecDocument  # noqa: E402
from generator.model.api import Package  # noqa: E402
from generator.renderer.render import render_package  # noqa: E402
from generator.validator.validate import validate_document  # noqa: E402


def main(spec: Path) -> dict[str, float]:
    times: dict[str, float] = {"import": time.perf_counter() - started}

    def lap(name: str, since: float) -> float:
        now = time.perf_counter()
        times[name] = now - since
        return now

    t = time.perf_counter()
    doc = SpecDocument.open(spec, str(spec))
    t = lap("load", t)
    validate_document(doc)
    t = lap("validate", t)
    names = ClientNames(
        module="api",
        client="Api",
        credential_parameter="api_key",
        credential_env="API_KEY",
        base_url_env="API_BASE_URL",
        spec_path=spec.name,
    )
    client, _findings = build_client(doc, names, (), None)
    t = lap("build", t)
    files = render_package(Package("api", "0.1.0", (client,)), ROOT / "templates", spec_root="")
    t = lap("render", t)
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        new, out = scratch / "new", scratch / "out"
        write_tree(files, new)
        run_ruff(new, sorted(f for f in files if f.endswith(".py")), files)
        t = lap("ruff", t)
        final = {relative: (new / relative).read_bytes() for relative in files}
        compare(final, out)
        new.rename(out)
        lap("write", t)
    return times


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]))))
