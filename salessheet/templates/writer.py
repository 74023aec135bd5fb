"""Save generated workbooks atomically and reproducibly (fixed zip timestamps and member order)."""

from __future__ import annotations

import io
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from salessheet.io.atomic import atomic_write_bytes

__all__ = ["save_workbook", "workbook_bytes"]

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def workbook_bytes(wb: Workbook) -> bytes:
    """The xlsx file of ``wb``; the same workbook content always gives the same bytes."""
    raw = io.BytesIO()
    ExcelWriter(wb, ZipFile(raw, "w", ZIP_DEFLATED)).save()
    out = io.BytesIO()
    with ZipFile(raw) as source, ZipFile(out, "w", ZIP_DEFLATED) as target:
        for member in source.infolist():
            info = ZipInfo(member.filename, date_time=_ZIP_TIME)
            info.compress_type = ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(member.filename))
    return out.getvalue()


def save_workbook(wb: Workbook, path: Path | str) -> Path:
    """Write ``wb`` to ``path`` atomically (temp file, fsync, rename) and return the path.

    Raises:
        WriteRefusedError: the file is open in Excel or cannot be replaced.
    """
    target = Path(path)
    atomic_write_bytes(target, workbook_bytes(wb))
    return target
