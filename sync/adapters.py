"""Adapters to the rest of salessheet: the workbook reader and the validator.

``sync`` calls the reader and validator only through this module, so their import
(and any change of their signatures) is handled in one place.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from salessheet.errors import SalessheetError, UnreadableFileError
from salessheet.issues import Issue, IssueType, Severity
from salessheet.workbook import WorkbookData

__all__ = ["UNREADABLE", "read_workbook_file", "unreadable_issue", "validate"]

UNREADABLE = IssueType(
    "sync.source.unreadable",
    Severity.ERROR,
    "workbook could not be read: {reason}",
    "无法读取工作簿：{reason}",
)


def unreadable_issue(source_id: str, exc: SalessheetError) -> Issue:
    """The issue of a source that could not be read, its reason in each language."""
    issue = UNREADABLE(file=source_id, reason=exc.message_en)
    return dataclasses.replace(issue, message_zh=UNREADABLE.zh.format(reason=exc.message_zh))


def _function(module: str, name: str) -> Any:
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def validate(data: WorkbookData, today: dt.date | None = None,
             roster: Sequence[str] | None = None) -> WorkbookData:
    """Run ``salessheet.validate.validate_workbook`` and put its report on ``data``.

    Args:
        data: a workbook as read.
        today: the date rules about the past compare with.
        roster: the team's rep ids (owners are checked against them); None = the workbook's.
    """
    validate_workbook = _function("salessheet.validate", "validate_workbook")
    if validate_workbook is None:
        return data
    report = validate_workbook(data, today=today, roster=list(roster) if roster else None)
    seen = set(data.report.issues)
    data.report.extend(i for i in report if i not in seen)
    return data


def read_workbook_file(path: Path) -> WorkbookData:
    """Read one workbook file (validation is a separate step: ``validate``).

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
    return data
