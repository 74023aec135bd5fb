"""Problems found in a workbook, as data: Issue types, Issues and the Report that collects them."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

__all__ = ["Issue", "IssueType", "Report", "Severity"]


class Severity(StrEnum):
    """How bad an issue is. Errors block consolidation of the row; the rest inform."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def label(self, lang: str = "en") -> str:
        """The word for a reader of ``lang`` (the value stays the stable one in files and JSON)."""
        if lang != "zh":
            return self.value
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


@dataclass(frozen=True)
class IssueType:
    """A kind of problem: stable dotted code, severity and message templates.

    Templates use ``str.format`` fields such as ``{raw}``, ``{label}``, ``{expected}``.
    """

    code: str
    severity: Severity
    en: str
    zh: str

    def __call__(self, **where: Any) -> Issue:
        """An Issue of this type; ``where`` holds location fields and template parameters."""
        location = {k: where.pop(k) for k in _LOCATION_FIELDS if k in where}
        params = {**location, **where}
        params.setdefault("label", location.get("column_label") or location.get("column") or "")
        params.setdefault("raw", location.get("raw", ""))
        return Issue(
            code=self.code,
            severity=self.severity,
            message_en=self.en.format(**params),
            message_zh=self.zh.format(**params),
            **location,
        )


_LOCATION_FIELDS = ("file", "sheet", "cell", "row", "column", "column_label", "raw")


@dataclass(frozen=True)
class Issue:
    """One located problem.

    Attributes:
        code: stable machine code, e.g. ``pipeline.amount.not_a_number``.
        severity: error, warning or info.
        message_en / message_zh: the message in each language.
        file: path of the workbook.
        sheet: sheet name as found in the workbook.
        cell: A1 address in the original file (``E12``), or None for sheet-level issues.
        row: 1-based row number in the sheet.
        column: canonical column key.
        column_label: the header as found in the workbook.
        raw: the cell's text as typed.
    """

    code: str
    severity: Severity
    message_en: str
    message_zh: str
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    row: int | None = None
    column: str | None = None
    column_label: str | None = None
    raw: str | None = None

    @property
    def location(self) -> str:
        """``Pipeline!E12``, ``Pipeline`` or the file name: as precise as is known."""
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or self.file or ""

    def message(self, lang: str = "en") -> str:
        """Message in ``lang``."""
        return self.message_zh if lang == "zh" else self.message_en

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict with stable field names."""
        data = asdict(self)
        data["severity"] = self.severity.value
        data["location"] = self.location
        return data


_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass
class Report:
    """Issues of one or more files, in a deterministic order."""

    issues: list[Issue] = field(default_factory=list)

    def add(self, issue: Issue) -> None:
        """Append one issue."""
        self.issues.append(issue)

    def extend(self, issues: Iterable[Issue]) -> None:
        """Append several issues."""
        self.issues.extend(issues)

    def __iter__(self) -> Iterator[Issue]:
        return iter(self.issues)

    def __len__(self) -> int:
        return len(self.issues)

    @property
    def errors(self) -> list[Issue]:
        """Issues of severity error."""
        return [i for i in self.issues if i.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Issue]:
        """Issues of severity warning."""
        return [i for i in self.issues if i.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings and infos allowed)."""
        return not self.errors

    def sorted(self) -> list[Issue]:
        """Issues ordered by file, sheet, row, column, then severity and code."""
        return sorted(
            self.issues,
            key=lambda i: (
                i.file or "", i.sheet or "", i.row or 0, i.cell or "", _ORDER[i.severity], i.code
            ),
        )

    def flatten(self) -> list[list[Any]]:
        """``[[sheet, cell, code], ...]`` rows: compact form for tests and write-back."""
        return [[i.sheet, i.cell, i.code] for i in self.sorted()]

    def counts(self) -> dict[str, int]:
        """Number of issues per severity."""
        return {s.value: sum(1 for i in self.issues if i.severity is s) for s in Severity}

    def to_json(self) -> str:
        """The documented JSON form: ``{"summary": {...}, "issues": [...]}``."""
        return json.dumps(
            {"summary": self.counts(), "issues": [i.to_dict() for i in self.sorted()]},
            ensure_ascii=False,
            indent=2,
        )
