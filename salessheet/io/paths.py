"""Which files a path given by the user stands for: a workbook, or the workbooks of a folder."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from salessheet.errors import UnreadableFileError

__all__ = ["WORKBOOK_SUFFIXES", "expand_workbooks", "is_workbook_file", "workbook_paths"]

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def is_workbook_file(path: Path) -> bool:
    """True for an .xlsx/.xlsm name that is not Excel's ``~$`` lock file or a hidden file
    (such as the ``._alice.xlsx`` copies macOS leaves on shared drives)."""
    return path.suffix.lower() in WORKBOOK_SUFFIXES and not path.name.startswith(("~$", "."))


def _inside(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if is_workbook_file(p) and p.is_file())


def workbook_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given; a folder stands for its workbooks, sorted.

    A folder with no workbook stands for itself, and a missing file is kept, so that reading
    each reports it in its place while the other files are still read.
    """
    out: list[Path] = []
    for path in map(Path, paths):
        out += (_inside(path) or [path]) if path.is_dir() else [path]
    return out


def expand_workbooks(paths: Iterable[Path]) -> list[Path]:
    """``workbook_paths`` for a command that needs every input: a missing path or a folder with
    no workbook stops it.

    Raises:
        UnreadableFileError: a path does not exist, or a folder holds no workbook.
    """
    found = workbook_paths(paths)
    for path in found:
        if path.is_dir():
            raise UnreadableFileError(f"no .xlsx or .xlsm workbook in folder {path}",
                                      f"文件夹 {path} 中没有 .xlsx 或 .xlsm 工作簿", location=str(path))
        if not path.exists():
            raise UnreadableFileError("file not found", "文件不存在", location=str(path))
    return found
