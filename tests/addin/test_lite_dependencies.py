"""Under xlwings Lite (Pyodide) the wheel asks only for packages that install there."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
PYODIDE = {"platform_system": "Emscripten", "sys_platform": "emscripten"}
COMPILED_OR_DESKTOP = {"xlwings", "python-calamine", "fastapi", "uvicorn", "psycopg"}


def _requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(text) for text in project["dependencies"]]


def test_desktop_only_packages_are_not_installed_under_pyodide():
    names = {r.name.lower() for r in _requirements() if r.marker is None or r.marker.evaluate(PYODIDE)}
    assert not names & COMPILED_OR_DESKTOP
    assert {"pandas", "pydantic", "openpyxl"} <= names


def test_they_are_installed_on_the_desktop():
    desktop = {"platform_system": "Linux", "sys_platform": "linux"}
    names = {r.name.lower() for r in _requirements() if r.marker is None or r.marker.evaluate(desktop)}
    assert {"xlwings", "python-calamine"} <= names


def test_addin_imports_without_the_desktop_only_packages():
    blocked = ["python_calamine", "fastapi", "uvicorn", "psycopg"]
    code = (
        "import sys\n"
        f"for name in {blocked!r}: sys.modules[name] = None\n"
        "import salessheet.addin.formulas, salessheet.addin.macros\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                            env={**os.environ, "XLWINGS_LICENSE_KEY": "noncommercial"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
