"""Recalculate several workbooks in one LibreOffice run and read computed columns back."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import openpyxl

from salessheet.schema import SheetSpec
from tests.tools.libreoffice import _always_recalculate
from tests.tools.system import require_tool


def recalculate_many(paths: list[Path], outdir: Path, timeout: float = 300) -> list[Path]:
    """Like ``tests.tools.libreoffice.recalculate`` but one soffice start for all ``paths``."""
    soffice = require_tool("soffice")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        _always_recalculate(Path(profile))
        result = subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--calc",
             "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(outdir), *map(str, paths)],
            capture_output=True, text=True, timeout=timeout, env={**os.environ, "HOME": profile},
            check=False,
        )
    converted = [outdir / (p.stem + ".xlsx") for p in paths]
    missing = [p.name for p in converted if not p.exists()]
    if result.returncode != 0 or missing:
        raise AssertionError(
            f"LibreOffice failed: rc={result.returncode} missing={missing} "
            f"stdout={result.stdout!r} stderr={result.stderr!r}"
        )
    return converted


def read_table(path: Path, spec: SheetSpec, lang: str) -> list[dict[str, Any]]:
    """Every data row of ``spec``'s sheet as column key -> value (computed values as cached)."""
    wb = openpyxl.load_workbook(path, data_only=True)
    ws = wb[spec.name(lang)]
    header = [c.value for c in ws[1]]
    by_label = {c.label(lang): c.key for c in spec.columns}
    keys = [by_label.get(str(h)) for h in header]
    rows = []
    for values in ws.iter_rows(min_row=2, values_only=True):
        rows.append({k: v for k, v in zip(keys, values, strict=False) if k})
    return rows


def as_date(value: Any) -> dt.date | None:
    """A cell value read back as a date (LibreOffice returns datetimes)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None
