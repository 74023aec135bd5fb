"""The issue table `validate` and `doctor` print: one located row per issue, in the run's language."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.table import Table
from rich.text import Text

from salessheet.issues import Issue, Report, Severity

__all__ = ["issue_table", "severity_label", "where"]

_STYLE = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "dim"}
_HEADERS = {"severity": ("severity", "级别"), "where": ("where", "位置"), "code": ("code", "代码"),
            "message": ("message", "说明"), "fix": ("upgrade fix", "升级修复")}


def severity_label(severity: Severity, lang: str = "en") -> Text:
    """The severity as the table shows it: its word in ``lang``, in its colour."""
    return Text(severity.label(lang), style=_STYLE[severity])


def where(issue: Issue, lang: str = "en") -> str:
    """``alice.xlsx: Pipeline!E12``, ``alice.xlsx: Pipeline row 12`` or the file's name alone."""
    name = Path(issue.file).name if issue.file else ""
    if not issue.sheet:
        return name
    place = f"{name}: {issue.location}" if name else issue.location
    if issue.row and not issue.cell:
        place += f" 第 {issue.row} 行" if lang == "zh" else f" row {issue.row}"
    return place


def issue_table(report: Report, lang: str, title: str,
                fix: Callable[[Issue, str], str] | None = None) -> Table:
    """The report's issues, sorted, with the upgrade fix of each when ``fix`` is given."""
    zh = lang == "zh"
    columns = ["severity", "where", "code", "message"] + (["fix"] if fix else [])
    table = Table(title=title)
    for key in columns:
        table.add_column(_HEADERS[key][1 if zh else 0], overflow="fold", no_wrap=key == "code")
    for issue in report.sorted():
        cells: list[str | Text] = [severity_label(issue.severity, lang), where(issue, lang), issue.code,
                                   issue.message(lang)]
        table.add_row(*cells, *([fix(issue, lang)] if fix else []))
    return table
