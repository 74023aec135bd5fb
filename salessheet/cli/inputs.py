"""Turn the paths a user gives (files, folders) into the workbooks to read."""

from __future__ import annotations

from pathlib import Path

from salessheet.errors import UnreadableFileError

__all__ = ["WORKBOOK_SUFFIXES", "expand_inputs"]

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def expand_inputs(paths: list[Path]) -> list[Path]:
    """Files as given; a folder becomes its workbooks (sorted; Excel's ``~$`` lock files skipped).

    Raises:
        UnreadableFileError: a path does not exist, or a folder holds no workbook.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.iterdir()
                            if p.suffix.lower() in WORKBOOK_SUFFIXES and not p.name.startswith("~$"))
            if not inside:
                raise UnreadableFileError(f"no .xlsx or .xlsm workbook in folder {path}",
                                          f"文件夹 {path} 中没有 .xlsx 或 .xlsm 工作簿", location=str(path))
            found.extend(inside)
        elif path.exists():
            found.append(path)
        else:
            raise UnreadableFileError("file not found", "文件不存在", location=str(path))
    return found
