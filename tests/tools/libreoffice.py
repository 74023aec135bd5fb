"""Recalculate workbooks with LibreOffice Calc headless and read the computed values back."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from tests.tools.system import require_tool

_RECALC_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def _always_recalculate(profile: Path) -> None:
    """Profile setting: recalculate every formula on load (never trust cached values)."""
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(_RECALC_XCU, encoding="utf-8")


def recalculate(path: Path, outdir: Path, timeout: float = 180) -> Path:
    """Open ``path`` in LibreOffice, recalculate every formula and save it as xlsx in ``outdir``.

    A fresh user profile per call keeps runs independent; the conversion fails loudly.
    """
    soffice = require_tool("soffice")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        _always_recalculate(Path(profile))
        env = {**os.environ, "HOME": profile}
        result = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--calc",
                "--convert-to",
                "xlsx:Calc MS Excel 2007 XML",
                "--outdir",
                str(outdir),
                str(path),
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            check=False,
        )
    converted = outdir / (path.stem + ".xlsx")
    if result.returncode != 0 or not converted.exists():
        raise AssertionError(
            f"LibreOffice could not convert {path.name}: rc={result.returncode} "
            f"stdout={result.stdout!r} stderr={result.stderr!r}"
        )
    return converted
