"""Generator figures: ours against openapi-python-client, document by document.

Both generators run as a user runs them, one process per run, on every document of
../shared/corpus and on the five vendor documents, median of five; runs alternate
between the two so drift in the machine's load hits both alike. Ours is measured cold
(an empty cache folder: nothing validated, formatted or compiled before), warm (the
validation cached, the templates changed so everything else is redone) and no-op
(run again over its own output, nothing changed).

openapi-python-client (the latest release) lives in its own venv, bench/.venv-opc, with
a config of ``literal_enums: true`` (without it, it crashes on some documents); its
default post-hooks (``ruff check --fix``, ``ruff format``) run as in normal use.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import venv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.measure import Run, run

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT.parent / "shared" / "corpus"
OPC_VENV = HERE / ".venv-opc"
OPC_CONFIG = "literal_enums: true\n"
# Five, as the figures are meant; fewer (and a subset of documents, by name) only to try
# the bench itself out quickly.
REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))
ONLY = {n for n in os.environ.get("BENCH_ONLY", "").split(",") if n}


@dataclass(frozen=True)
class Document:
    name: str
    path: Path
    size_bytes: int
    source: str  # "corpus" or "vendor"

    @property
    def size_mb(self) -> float:
        return self.size_bytes / 1_000_000


def documents() -> list[Document]:
    found: list[Document] = []
    with (CORPUS / "SOURCES.tsv").open(newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            found.append(Document(row["name"], CORPUS / row["entry"], int(row["bytes"]), "corpus"))
    for config in sorted((ROOT / "specs").glob("*/jobclient.yaml")):
        spec = config.parent / "openapi.yaml"
        found.append(Document(config.parent.name, spec, spec.stat().st_size, "vendor"))
    return [d for d in found if not ONLY or d.name in ONLY]


def ensure_opc() -> tuple[Path, str]:
    """The competitor's executable and version, installed into its own venv."""
    python = OPC_VENV / "bin" / "python"
    if not python.exists():
        venv.EnvBuilder(with_pip=True).create(OPC_VENV)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--upgrade", "openapi-python-client"],
        check=True,
    )
    version = subprocess.run(
        [str(python), "-m", "pip", "show", "openapi-python-client"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    number = next(
        (
            line.split(":", 1)[1].strip()
            for line in version.splitlines()
            if line.startswith("Version:")
        ),
        "?",
    )
    return OPC_VENV / "bin" / "openapi-python-client", number


def count_ours(out: Path) -> int:
    """Operations our client exposes: one ``_rt.Operation`` constant each, counted by its
    declaration (ruff wraps a long one as ``= (`` and the call on the next line)."""
    declaration = re.compile(r"^_\w+: _rt\.Operation\[", re.MULTILINE)
    return sum(len(declaration.findall(p.read_text("utf-8"))) for p in out.rglob("client.py"))


def count_opc(out: Path) -> int:
    """Operations openapi-python-client exposes: one endpoint module with sync_detailed each."""
    return sum(p.read_text("utf-8").count("def sync_detailed(") for p in out.rglob("*.py"))


@dataclass
class Series:
    """Repeated runs of one command on one document."""

    runs: list[Run] = field(default_factory=list)
    operations: int | None = None

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(r.returncode == 0 for r in self.runs)

    @property
    def wall_s(self) -> float:
        return statistics.median(r.wall_s for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return statistics.median(r.peak_tree_kb for r in self.runs) / 1024

    @property
    def peak_single_mb(self) -> float:
        return statistics.median(r.peak_single_kb for r in self.runs) / 1024

    @property
    def failure(self) -> str:
        bad = next((r for r in self.runs if r.returncode != 0), None)
        if bad is None:
            return ""
        lines = [ln for ln in (bad.stderr + bad.stdout).strip().splitlines() if ln.strip()]
        return f"exit {bad.returncode}: " + (lines[-1][:160] if lines else "no output")


@dataclass
class Figures:
    document: Document
    ours_cold: Series = field(default_factory=Series)
    ours_warm: Series = field(default_factory=Series)
    ours_noop: Series = field(default_factory=Series)
    opc: Series = field(default_factory=Series)


def _our_env(cache: Path) -> dict[str, str]:
    return {**os.environ, "JOBCLIENTS_CACHE_DIR": str(cache)}


def _ours(doc: Document, out: Path, cache: Path, templates: Path | None = None) -> Run:
    # --lenient: a third of the corpus breaks the letter of the OpenAPI schema; it is
    # generated as `make corpus` generates it, findings reported and everything built.
    command = [sys.executable, "-m", "generator", "generate", str(doc.path), "--out", str(out)]
    command.append("--lenient")
    if templates is not None:
        command += ["--templates", str(templates)]
    return run(command, cwd=ROOT, env=_our_env(cache))


def _opc(opc: Path, doc: Document, out: Path, config: Path) -> Run:
    env = {**os.environ, "PATH": f"{opc.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    command = [
        str(opc),
        "generate",
        "--path",
        str(doc.path),
        "--output-path",
        str(out),
        "--config",
        str(config),
        "--overwrite",
    ]
    return run(command, cwd=out.parent, env=env)


def _edited_templates(target: Path, edit: int) -> Path:
    """A copy of templates/ in which every Python template's output changes."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(ROOT / "templates", target)
    for template in target.rglob("*.py.jinja"):
        template.write_text(template.read_text("utf-8") + f"# bench edit {edit}\n", "utf-8")
    return target


def _forget_all_but_validation(cache: Path) -> None:
    for folder in cache.iterdir():
        if folder.is_dir() and not folder.name.startswith("validation"):
            shutil.rmtree(folder)


def measure_generators(
    docs: list[Document], opc: Path, progress: Callable[[str], None]
) -> list[Figures]:
    figures = [Figures(d) for d in docs]
    with tempfile.TemporaryDirectory(prefix="jobclients-bench-") as scratch_name:
        scratch = Path(scratch_name)
        config = scratch / "opc-config.yaml"
        config.write_text(OPC_CONFIG)
        for round_ in range(REPEATS):
            for fig in figures:
                work = scratch / fig.document.name
                if work.exists():
                    shutil.rmtree(work)
                work.mkdir()
                # Cold: a cache folder nobody has used, an output folder that is not there.
                fig.ours_cold.runs.append(_ours(fig.document, work / "ours", work / "cache"))
                fig.opc.runs.append(_opc(opc, fig.document, work / "opc", config))
                if round_ == 0:
                    if fig.ours_cold.runs[-1].returncode == 0:
                        fig.ours_cold.operations = count_ours(work / "ours")
                    # Counted even when it then fails (its ruff post-hook rejecting the
                    # code it wrote): what it generated is there, if not importable.
                    if (work / "opc").is_dir():
                        fig.opc.operations = count_opc(work / "opc")
                progress(
                    f"round {round_ + 1}/{REPEATS} {fig.document.name}: ours cold "
                    f"{fig.ours_cold.runs[-1].wall_s:.2f} s, opc {fig.opc.runs[-1].wall_s:.2f} s"
                )
        # The last cold round left each document's cache and output in place.
        for fig in figures:
            work = scratch / fig.document.name
            if not fig.ours_cold.ok:
                continue
            for edit in range(REPEATS):
                fig.ours_noop.runs.append(_ours(fig.document, work / "ours", work / "cache"))
                _forget_all_but_validation(work / "cache")
                templates = _edited_templates(work / "templates", edit)
                fig.ours_warm.runs.append(
                    _ours(fig.document, work / "ours", work / "cache", templates)
                )
                # Back to the committed templates (not timed), so the next no-op run
                # really finds nothing to do.
                _ours(fig.document, work / "ours", work / "cache")
            progress(
                f"{fig.document.name}: warm {fig.ours_warm.wall_s:.2f} s, "
                f"no-op {fig.ours_noop.wall_s:.2f} s"
            )
    return figures


@dataclass
class VendorFigures:
    make_noop: Series
    check_cached: Series
    check_uncached: Series


def measure_vendors(progress: Callable[[str], None]) -> VendorFigures:
    """`make generate` with nothing changed, and `--check`, on the project's five vendors."""
    figures = VendorFigures(Series(), Series(), Series())
    with tempfile.TemporaryDirectory(prefix="jobclients-bench-cache-") as cache_name:
        env = _our_env(Path(cache_name))
        generate = [sys.executable, "-m", "generator", "generate"]
        # Fills the cache, as any earlier run had, and brings make's venv stamp up to date.
        first = run(["make", "--no-print-directory", "generate"], cwd=ROOT, env=env)
        if first.returncode != 0:
            progress(f"make generate failed: {first.stderr.strip()[-300:]}")
        for _ in range(REPEATS):
            figures.make_noop.runs.append(
                run(["make", "--no-print-directory", "generate"], cwd=ROOT, env=env)
            )
            figures.check_cached.runs.append(run([*generate, "--check"], cwd=ROOT, env=env))
            figures.check_uncached.runs.append(
                run([*generate, "--check", "--no-cache"], cwd=ROOT, env=env)
            )
    progress(
        f"vendors: make generate no-op {figures.make_noop.wall_s:.2f} s, --check "
        f"{figures.check_cached.wall_s:.2f} s cached, {figures.check_uncached.wall_s:.2f} s not"
    )
    return figures
