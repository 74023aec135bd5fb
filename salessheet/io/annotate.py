"""Write issues back into a copy of a workbook: an Issues sheet with links, highlighted cells, comments."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from salessheet.address import quote_sheet
from salessheet.io.atomic import atomic_write_bytes
from salessheet.io.features import Feature, load_quietly, lost_features, refuse_losses
from salessheet.issues import Issue, Report, Severity

__all__ = ["ISSUES_SHEET", "Annotation", "annotate_workbook"]

ISSUES_SHEET = {"en": "Issues", "zh": "问题"}
_MARKER = "salessheet issues"
_FILLS = {Severity.ERROR: "FFC7CE", Severity.WARNING: "FFEB9C", Severity.INFO: "DDEBF7"}
_HEADERS = {
    "en": ("Severity", "Sheet", "Cell", "Row", "Code", "Message", "Value"),
    "zh": ("级别", "工作表", "单元格", "行", "代码", "说明", "值"),
}


def _written_before(book: Any) -> list[str]:
    """The Issues sheets an earlier annotation wrote (replaced by this one)."""
    return [name for name in ISSUES_SHEET.values()
            if name in book.sheetnames and book[name].cell(1, 8).value == _MARKER]


def _issues_sheet(book: Any, lang: str) -> Any:
    for name in _written_before(book):  # replace only a sheet this function wrote earlier
        del book[name]
    title = ISSUES_SHEET[lang]
    while title in book.sheetnames:
        title += "_"
    return book.create_sheet(title)


def _fill_issues_sheet(ws: Any, issues: list[Issue], lang: str, sheetnames: list[str]) -> None:
    from openpyxl.styles import Font

    ws.append([*_HEADERS[lang], _MARKER])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.cell(1, 8).font = Font(color="FFFFFF")
    for issue in issues:
        ws.append([issue.severity.value, issue.sheet or "", issue.cell or "", issue.row or "",
                   issue.code, issue.message(lang), issue.raw or ""])
        if issue.sheet in sheetnames and issue.cell:
            link = ws.cell(ws.max_row, 3)
            link.hyperlink = f"#{quote_sheet(issue.sheet)}!{issue.cell}"
            link.style = "Hyperlink"
    for letter, width in zip("ABCDEFG", (9, 14, 9, 6, 38, 70, 20), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"


def _mark_cells(book: Any, issues: list[Issue], lang: str) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    by_cell: dict[tuple[str, str], list[Issue]] = {}
    for issue in issues:
        if issue.sheet and issue.sheet in book.sheetnames and issue.cell:
            by_cell.setdefault((issue.sheet, issue.cell), []).append(issue)
    for (sheet, address), found in by_cell.items():
        cell = book[sheet][address]
        worst = min(found, key=lambda i: list(Severity).index(i.severity)).severity
        cell.fill = PatternFill("solid", start_color=_FILLS[worst], end_color=_FILLS[worst])
        text = "\n".join(f"[{i.code}] {i.message(lang)}" for i in found)
        if cell.comment is not None:
            text = f"{cell.comment.text}\n{text}"
        cell.comment = Comment(text, "salessheet", width=320, height=110)


@dataclass(frozen=True)
class Annotation:
    """An annotated workbook written.

    Attributes:
        path: the file written.
        backup: the copy of the original made before annotating it in place.
        not_kept: what the source holds that the copy does not (a text box, sparklines...): a
            copy is still written, and the source keeps them.
    """

    path: Path
    backup: Path | None = None
    not_kept: list[Feature] = field(default_factory=list)


def annotate_workbook(source: Path, report: Report, target: Path, *, lang: str = "en") -> Annotation:
    """Copy ``source`` to ``target`` with the issues of ``report`` written into it.

    Values, formulas, tables, data validation, conditional formatting, defined names and
    protection are kept. When ``target`` is ``source`` the original is backed up to ``.bak``
    first, and refused (left as it is) if the rewrite would lose something it holds, such as a
    text box or sparklines; a copy is written and names what it lacks. The write is atomic
    either way.

    Raises:
        WriteRefusedError: the target is open in Excel or cannot be replaced, or annotating it
            in place would lose part of it.
    """
    source, target = Path(source), Path(target)
    original = source.read_bytes()
    book = load_quietly(io.BytesIO(original), keep_vba=source.suffix.lower() == ".xlsm",
                        keep_links=True, rich_text=True)
    issues = [i for i in report.sorted() if i.file in (None, str(source))]
    replaced = _written_before(book)
    _mark_cells(book, issues, lang)
    _fill_issues_sheet(_issues_sheet(book, lang), issues, lang, list(book.sheetnames))
    buffer = io.BytesIO()
    book.save(buffer)
    in_place = target.resolve() == source.resolve()
    if in_place:
        refuse_losses(original, buffer.getvalue(), source, replaced)
        not_kept = []
    else:
        not_kept = lost_features(original, buffer.getvalue(), replaced)
    backup = atomic_write_bytes(target, buffer.getvalue(), backup=in_place)
    return Annotation(target, backup, not_kept)
