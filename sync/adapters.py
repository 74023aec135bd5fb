"""Adapters to the rest of salessheet: the workbook reader and the validator.

``sync`` calls the reader and validator only through this module, so their import
(and any change of their signatures) is handled in one place.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from salessheet.errors import SalessheetError, UnreadableFileError
from salessheet.issues import IssueType, Severity
from salessheet.workbook import WorkbookData

__all__ = ["UNREADABLE", "read_workbook_file", "validate"]

UNREADABLE = IssueType(
    "sync.source.unreadable",
    Severity.ERROR,
    "workbook could not be read: {reason}",
    "无法读取工作簿：{reason}",
)


def _function(module: str, name: str) -> Any:
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def validate(data: WorkbookData) -> WorkbookData:
    """Run ``salessheet.validate.validate_workbook`` and add its issues to ``data.report``.

    Issues already in the report (the reader's) are not added twice.
    """
    validate_workbook = _function("salessheet.validate", "validate_workbook")
    if validate_workbook is None:
        return data
    report = validate_workbook(data)
    if report is not data.report:
        seen = set(data.report.issues)
        data.report.extend(i for i in report if i not in seen)
    return data


def read_workbook_file(path: Path) -> WorkbookData:
    """Read and validate one workbook file.

    Raises:
        UnreadableFileError: the file is not a readable workbook, or no reader is installed.
    """
    read_workbook = _function("salessheet.io", "read_workbook")
    if read_workbook is None:
        raise UnreadableFileError(
            "the workbook reader (salessheet.io.read_workbook) is not available",
            "工作簿读取模块（salessheet.io.read_workbook）不可用",
            location=str(path),
        )
    try:
        data: WorkbookData = read_workbook(path)
    except SalessheetError:
        raise
    except Exception as exc:  # a reader bug must not stop the other reps' consolidation
        raise UnreadableFileError(
            f"{type(exc).__name__}: {exc}", f"{type(exc).__name__}：{exc}", location=str(path)
        ) from exc
    return validate(data)
