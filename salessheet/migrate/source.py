"""Read a foreign export (CSV or xlsx) into a frame of raw cells, headers as found."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from salessheet.errors import UnreadableFileError
from salessheet.io.safety import Limits, check_file, open_package

try:
    from python_calamine import CalamineError
except ImportError:  # pragma: no cover - a platform without calamine
    CalamineError = ValueError  # type: ignore[misc,assignment]

__all__ = ["read_source"]

_ENCODINGS = ("utf-8-sig", "gb18030", "latin-1")


def _csv(path: Path) -> pd.DataFrame:
    last: Exception | None = None
    for encoding in _ENCODINGS:
        try:
            return pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding)
        except UnicodeDecodeError as exc:
            last = exc
    raise UnreadableFileError(f"cannot decode the file ({last})", "无法识别文件编码", location=str(path))


def read_source(path: Path, sheet_name: str | None = None) -> tuple[pd.DataFrame, str | None]:
    """The rows of ``path`` with its header row as column names.

    CSV cells are read as text (blank = ""); xlsx cells keep their types (numbers, dates).

    Args:
        path: a .csv, .txt, .xlsx or .xlsm file.
        sheet_name: worksheet of an xlsx file; default the first one.

    Returns:
        The frame and the sheet name (None for CSV).

    Raises:
        UnreadableFileError: the file is missing, empty or not a table.
    """
    path = Path(path)
    if not path.is_file():
        raise UnreadableFileError("file not found", "找不到文件", location=str(path))
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            import python_calamine

            limits = Limits()  # the checks every workbook read gets: size, parts, compression ratios
            check_file(path, limits)
            open_package(path, limits).close()
            names = python_calamine.CalamineWorkbook.from_path(str(path)).sheet_names
            name = sheet_name or names[0]
            frame = pd.read_excel(path, sheet_name=name, dtype=object, engine="calamine")
            frame = frame.astype(object).where(frame.notna(), None)
        else:
            name = None
            frame = _csv(path)
    except UnreadableFileError:
        raise
    except (ValueError, OSError, KeyError, IndexError, pd.errors.ParserError, CalamineError) as exc:
        raise UnreadableFileError(
            f"not a readable table: {exc}", "不是可读取的表格文件", location=str(path)
        ) from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame, name
