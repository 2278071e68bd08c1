"""``python bench/plot.py DATA.json OUT.png``: generation time against document size.

Runs in the bench venv (bench/.venv-bench), the only place matplotlib is installed.
DATA is a list of series: {"label": str, "points": [[size_mb, seconds], ...]}.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

MARKERS = ("o", "s", "^", "v", "D")


def main(data_path: Path, out: Path) -> None:
    series: list[dict[str, Any]] = json.loads(data_path.read_text())
    figure, axes = plt.subplots(figsize=(8, 5.5), dpi=120)
    for index, entry in enumerate(series):
        points = sorted(entry["points"])
        if not points:
            continue
        xs, ys = zip(*points, strict=True)
        axes.plot(xs, ys, marker=MARKERS[index % len(MARKERS)], label=entry["label"], alpha=0.85)
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("document size (MB, log scale)")
    axes.set_ylabel("wall time, median of 5 (s, log scale)")
    axes.set_title("Client generation time against OpenAPI document size")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend()
    figure.tight_layout()
    figure.savefig(out)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
