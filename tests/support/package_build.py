"""Build a generated package into a wheel and an sdist, install each, import it.

Each distribution is installed without dependencies into a folder of its own and
imported from there in a fresh interpreter (this environment provides httpx and
pydantic), so what is imported is what was built, not the editable install.
"""

from __future__ import annotations

import email
import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Built:
    version: str
    sdist_changelog: str
    sdist_names: list[str]


def _run(*args: str, cwd: Path | None = None) -> str:
    result = subprocess.run(
        list(args), capture_output=True, text=True, timeout=600, check=False, cwd=cwd
    )
    assert result.returncode == 0, f"{args}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def build_and_install(package: Path, tmp: Path) -> Built:
    """Build ``package`` (a copy of it: the tree itself is left alone) and check both."""
    source = tmp / "source"
    shutil.copytree(package, source)
    dist = tmp / "dist"
    _run(sys.executable, "-m", "build", "--outdir", str(dist), str(source))
    wheels, sdists = sorted(dist.glob("*.whl")), sorted(dist.glob("*.tar.gz"))
    assert len(wheels) == 1 and len(sdists) == 1, sorted(p.name for p in dist.iterdir())
    with zipfile.ZipFile(wheels[0]) as wheel:
        [metadata] = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
        wheel_version = email.message_from_bytes(wheel.read(metadata))["Version"]
    with tarfile.open(sdists[0]) as sdist:
        names = sdist.getnames()
        top = names[0].split("/")[0]
        info = sdist.extractfile(f"{top}/PKG-INFO")
        changelog = sdist.extractfile(f"{top}/CHANGELOG.md")
        assert info is not None and changelog is not None
        sdist_version = email.message_from_bytes(info.read())["Version"]
        changelog_text = changelog.read().decode("utf-8")
    assert wheel_version == sdist_version, (wheel_version, sdist_version)
    for artifact in (wheels[0], sdists[0]):
        target = tmp / f"site-{artifact.name}"
        _run(
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(artifact),
        )
        probe = (
            "import jobclients, jobclients.finch, importlib.metadata as m, pathlib, sys; "
            f"assert pathlib.Path(jobclients.__file__).is_relative_to({str(target)!r}), "
            "jobclients.__file__; "
            "print(jobclients.__version__, m.version('jobclients'), "
            "jobclients.finch.FinchClient.__name__)"
        )
        printed = _run(
            sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(target)!r}); " + probe
        )
        assert printed.split() == [wheel_version, wheel_version, "FinchClient"], printed
    return Built(wheel_version, changelog_text, names)
