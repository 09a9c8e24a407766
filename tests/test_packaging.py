"""What a buildpack platform and `pip install .` need: the files it detects, and a wheel that
carries the migrations (so `safecomm db upgrade` and the demo work from any folder)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_it_has_what_the_python_buildpack_detects_and_installs():
    requirements = (ROOT / "requirements.txt").read_text().splitlines()
    wanted = [line for line in requirements if line and not line.startswith("#")]
    version = (ROOT / ".python-version").read_text().strip()
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]

    assert wanted == ["-c constraints.txt", "."]
    assert requires == ">=3.11" and version.startswith("3.") and int(version.split(".")[1]) >= 11
    procfile = dict(line.split(": ", 1) for line in (ROOT / "Procfile").read_text().splitlines())
    assert procfile == {"web": "safecomm serve", "worker": "safecomm worker",
                        "release": "safecomm db upgrade"}


def test_the_wheel_carries_every_migration(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w",
                    str(tmp_path), str(ROOT)], check=True, timeout=300)
    [wheel] = tmp_path.glob("safecomm-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    versions = {f"models/migrations/versions/{p.name}"
                for p in (ROOT / "models/migrations/versions").glob("*.py")}

    assert versions and versions <= names
    assert {"models/migrations/env.py", "models/migrations/script.py.mako"} <= names
