"""XlsxSource: cell values of .xlsx/.xlsm files through python-calamine, after the safety checks."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Any

from salessheet.errors import UnreadableFileError
from salessheet.io.safety import Limits, check_file, check_size, open_package
from salessheet.io.xlsx_parts import PackageFacts, SheetFacts, read_package_facts
from salessheet.read.raw import RawSheet

__all__ = ["XlsxSource"]


def _damaged(path: Path, exc: BaseException) -> UnreadableFileError:
    detail = f"{type(exc).__name__}: {exc}".splitlines()[0][:160]
    return UnreadableFileError(f"the workbook cannot be read ({detail})", "无法读取该工作簿（文件已损坏）",
                               location=str(path))


def _guard(exc: BaseException) -> bool:
    """True for exceptions that mean 'bad file' (including Rust panics surfaced by pyo3)."""
    return not isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit | MemoryError)


class XlsxSource:
    """An opened .xlsx/.xlsm workbook; implements ``salessheet.read.raw.SheetSource``.

    Raises:
        UnreadableFileError: from the constructor or ``sheet`` when the file is not a readable
            workbook (wrong format, encrypted, damaged, over the limits).
    """

    def __init__(self, path: str | Path, limits: Limits | None = None):
        self.path = str(path)
        self._path = Path(path)
        self._limits = limits or Limits()
        check_file(self._path, self._limits)
        try:  # read once: the checks and calamine see the same bytes, even of a file being saved
            with self._path.open("rb") as handle:
                content = handle.read(self._limits.max_file_bytes + 1)
        except OSError as exc:
            raise UnreadableFileError(f"cannot open: {exc.strerror}", f"无法打开：{exc.strerror}",
                                      location=self.path) from exc
        check_size(self._path, len(content), self._limits)  # (it may have grown since it was checked)
        archive = open_package(self._path, self._limits, content)
        try:
            self._facts: PackageFacts = read_package_facts(archive, self._path, self._limits, content)
        finally:
            archive.close()
        try:
            from python_calamine import CalamineWorkbook

            self._book: Any = CalamineWorkbook.from_filelike(io.BytesIO(content))
            self._names: list[str] = list(self._book.sheet_names)
        except BaseException as exc:
            if not _guard(exc):
                raise
            raise _damaged(self._path, exc) from exc

    @property
    def sheet_names(self) -> list[str]:
        """Tab names in workbook order."""
        return self._names

    @property
    def properties(self) -> dict[str, str]:
        """Custom document properties."""
        return self._facts.properties

    def sheet(self, name: str) -> RawSheet:
        """Values of sheet ``name`` from A1, with merged ranges, hidden rows and error cells."""
        facts = self._facts.sheets.get(name, SheetFacts())
        try:
            sheet = self._book.get_sheet_by_name(name)
            end = sheet.end
            if end is not None and (end[0] + 1) * (end[1] + 1) > self._limits.max_cells:
                raise UnreadableFileError(
                    f"sheet {name} is too large ({end[0] + 1} rows x {end[1] + 1} columns); "
                    "delete stray cells far below or to the right",
                    f"工作表 {name} 过大（{end[0] + 1} 行 x {end[1] + 1} 列）；请删除远处的多余单元格",
                    location=self.path)
            rows = sheet.to_python(skip_empty_area=False)
            merged = [
                (top + 1, left + 1, bottom + 1, right + 1)
                for (top, left), (bottom, right) in (sheet.merged_cell_ranges or [])
            ]
        except UnreadableFileError:
            raise
        except BaseException as exc:
            if not _guard(exc):
                raise
            raise _damaged(self._path, exc) from exc
        if len(rows) > self._limits.max_rows:
            raise UnreadableFileError(f"sheet {name} has more than {self._limits.max_rows} rows",
                                      f"工作表 {name} 超过 {self._limits.max_rows} 行", location=self.path)
        return RawSheet(name=name, rows=rows, merged=merged, hidden_rows=facts.hidden_rows,
                        errors=facts.errors)

    def close(self) -> None:
        """Release the file."""
        with contextlib.suppress(Exception):  # already closed
            self._book.close()
