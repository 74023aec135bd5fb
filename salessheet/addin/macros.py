"""Workbook macros (``@script``): validate, refresh my numbers, decompose targets, assign leads.

Each macro reads the open workbook through the project's reader (``BookSource`` ->
``read_source``), calls the pure library, and writes back only what it owns: the Issues
and My Numbers sheets, highlight colours, new Targets rows (never over existing ones) and
the Owner cells of unassigned leads. With xlwings Server and xlwings Lite the book arrives
as JSON and every write goes back to Excel as an action.

Adding a macro (e.g. Consolidate or Distribute from ``sync``): define it here with
``@script(name=...)`` taking ``book: xw.Book`` and append it to ``MACROS``; the task pane
buttons of ``salessheet serve``, the script endpoint and the xlwings Lite bundle pick it
up from that list.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Any

import pandas as pd
import xlwings as xw

from salessheet.addin.book import BookSource, find, rows_of, sheet_or_new, write_table
from salessheet.addin.xl import script
from salessheet.compute.leads import AssignMethod, RepSlot, assign_leads
from salessheet.compute.metrics import GroupMetrics, team_metrics
from salessheet.compute.targets import decompose_by_rep, decompose_target
from salessheet.errors import SalessheetError
from salessheet.issues import Report, Severity
from salessheet.read.workbook import read_source
from salessheet.schema import TEAM_OWNER, StageState, choice_labels, fold, sheet
from salessheet.validate import validate_workbook
from salessheet.workbook import WorkbookData

__all__ = [
    "ISSUES_SHEET",
    "LEADS_SHEETS",
    "MACROS",
    "NUMBERS_SHEET",
    "assign_leads_macro",
    "decompose_targets",
    "refresh_my_numbers",
    "validate_this_workbook",
]

ISSUES_SHEET = {"en": "Issues", "zh": "问题"}
NUMBERS_SHEET = {"en": "My Numbers", "zh": "我的数据"}
LEADS_SHEETS = ("Unassigned Leads", "待分配线索", "Leads", "线索")
_OWNER_HEADERS = {fold(t) for t in ("Owner", "Assigned to", "Rep", "负责人", "分配给", "销售")}
_FILL = {Severity.ERROR: "#FFC7CE", Severity.WARNING: "#FFEB9C", Severity.INFO: "#DDEBF7"}
_MAX_HIGHLIGHTS = 500
_ISSUE_HEADER = ["Severity", "Where", "Message", "Code"]


def _read(book: xw.Book) -> WorkbookData:
    return read_source(BookSource(book))


def _cell_refs(issues_rows: list[list[Any]]) -> list[tuple[str, str]]:
    refs = []
    for row in issues_rows[1:]:
        where = row[1] if len(row) > 1 else None
        if isinstance(where, str) and "!" in where:
            name, cell = where.rsplit("!", 1)
            refs.append((name.strip("'"), cell))
    return refs


def _paint(book: xw.Book, refs: list[tuple[str, str]], colors: list[str | None]) -> None:
    names = {s.name for s in book.sheets}
    for (name, cell), color in zip(refs[:_MAX_HIGHLIGHTS], colors, strict=False):
        if name in names:
            book.sheets[name][cell].color = color


# --------------------------------------------------------------------------- validate


@script(name="Validate this workbook")
def validate_this_workbook(book: xw.Book) -> None:
    """Check every sheet; list the problems on the Issues sheet and colour the cells concerned.

    The colours of the previous run (the cells listed on the old Issues sheet) are
    cleared first. A workbook that cannot be read gives one Issues row saying why.
    """
    old = find(book, ISSUES_SHEET.values())
    if old is not None:
        previous = _cell_refs(rows_of(old))
        _paint(book, previous, [None] * len(previous))
    try:
        data = _read(book)
        report, lang = validate_workbook(data), data.lang
    except SalessheetError as exc:
        target = sheet_or_new(book, ISSUES_SHEET["en"])
        write_table(target, _ISSUE_HEADER, [["error", "", exc.message(), ""]])
        return
    _write_issues(book, report, lang)


def _write_issues(book: xw.Book, report: Report, lang: str) -> None:
    issues = report.sorted()
    rows = [[i.severity.value, i.location, i.message(lang), i.code] for i in issues]
    header = ["级别", "位置", "说明", "代码"] if lang == "zh" else _ISSUE_HEADER
    target = sheet_or_new(book, ISSUES_SHEET[lang])
    if not rows:
        rows = [["", "", "没有发现问题" if lang == "zh" else "No problems found", ""]]
    write_table(target, header, rows)
    located = [(i.sheet or "", i.cell or "") for i in issues if i.sheet and i.cell]
    _paint(book, located, [_FILL[i.severity] for i in issues if i.sheet and i.cell])
    target.activate()


# ---------------------------------------------------------------------- my numbers


def _current_quarter(today: dt.date) -> str:
    return f"{today.year}-Q{(today.month - 1) // 3 + 1}"


@script(name="Refresh my numbers")
def refresh_my_numbers(book: xw.Book, period: str = "") -> None:
    """Write this workbook's headline figures for a period (default: this quarter) to My Numbers."""
    data = _read(book)
    today = dt.date.today()
    result = team_metrics([data], period.strip() or _current_quarter(today), today=today)
    lang = data.lang
    target = sheet_or_new(book, NUMBERS_SHEET[lang])
    header = ["指标", "数值", "说明"] if lang == "zh" else ["Metric", "Value", "Meaning"]
    rows: list[list[Any]] = [
        ["period", result.period, f"{result.period_start} – {result.period_end}"],
        ["as_of", result.as_of, "Last day counted to date"],
    ]
    for name, value in result.team.model_dump().items():
        if name != "group":
            rows.append([name, value, GroupMetrics.model_fields[name].description or ""])
    write_table(target, header, rows)


# ---------------------------------------------------------------- target decomposition


def _weights(text: str) -> list[float] | None:
    parts = [p for p in str(text or "").replace("，", ",").replace(";", ",").split(",") if p.strip()]
    return [float(p) for p in parts] or None


def _first_free_row(rows: list[list[Any]], header_row: int, columns: list[int]) -> int:
    last = header_row
    for number, row in enumerate(rows, start=1):
        if number > header_row and any(c < len(row) and row[c] not in (None, "") for c in columns):
            last = number
    return last + 1


@script(name="Decompose targets")
def decompose_targets(
    book: xw.Book,
    annual_target: float = 0.0,
    fiscal_year: int = 0,
    method: str = "equal",
    level: str = "month",
    weights: str = "",
    by_rep: bool = False,
) -> None:
    """Fill Targets with an annual revenue target split over quarters, months or weeks (目标拆解).

    With ``by_rep`` the target is first shared equally between the active reps of the
    Roster, and a TEAM row per period holds their sum. Rows whose period, owner and
    metric are already on the sheet are left alone; new rows go below the last one.
    ``weights``: comma-separated month (or quarter) weights for seasonality, or last
    year's monthly actuals for history.
    """
    data = _read(book)
    if annual_target <= 0:
        raise ValueError("annual_target must be a positive amount")
    year = int(fiscal_year) or dt.date.today().year
    options: dict[str, Any] = {
        "method": method, "weights": _weights(weights),
        "fiscal_year_start_month": data.config.fiscal_year_start_month, "weeks": level == "week",
    }
    if by_rep:
        roster = data.frame("roster")
        active = roster[roster.get("active", pd.Series(True, index=roster.index)).fillna(True).astype(bool)]
        reps = [str(r) for r in active.get("rep_id", pd.Series(dtype=object)).dropna()]
        if not reps:
            raise ValueError("by_rep needs active reps on the Roster sheet")
        plan = decompose_by_rep(annual_target, dict.fromkeys(reps, 1.0), year, **options)
    else:
        plan = decompose_target(annual_target, year, **options).assign(owner=TEAM_OWNER)
    plan = plan[plan["level"] == level]
    if plan.empty:
        raise ValueError(f"unknown level {level!r}: use quarter, month or week")
    rows = data.sheets.get("targets")
    target_sheet = find(book, (sheet("targets").name_en, sheet("targets").name_zh, "Targets"))
    if rows is None or target_sheet is None or rows.header_row is None:
        raise ValueError("this workbook has no Targets sheet with a header row")
    existing = rows.frame
    taken = set()
    if not existing.empty:
        taken = {(str(p), fold(str(o))) for p, o, m in
                 zip(existing.get("period", []), existing.get("owner", []), existing.get("metric", []),
                     strict=False) if m in (None, "revenue")}
    revenue = dict(choice_labels("target_metrics", data.config, data.lang))["revenue"]
    new = [[r.period, r.owner, revenue, float(r.value)] for r in plan.itertuples()
           if (r.period, fold(str(r.owner))) not in taken]
    if not new:
        return
    letters = [rows.column_letters.get(k) for k in ("period", "owner", "metric", "value")]
    if None in letters:
        raise ValueError("the Targets sheet needs Period, Owner, Metric and Target columns")
    indexes = [target_sheet[f"{letter}1"].column - 1 for letter in letters]
    start = _first_free_row(rows_of(target_sheet), rows.header_row, indexes)
    for position, letter in enumerate(letters):
        target_sheet[f"{letter}{start}"].value = [[row[position]] for row in new]


# ---------------------------------------------------------------------- lead assignment


def _rep_slots(data: WorkbookData) -> list[RepSlot]:
    roster = data.frame("roster")
    if roster.empty or "rep_id" not in roster.columns:
        raise ValueError("lead assignment needs the reps on a Roster sheet")
    states = {s.key: s.state for s in data.config.stages}
    deals = data.frame("pipeline")
    open_by_owner: Counter[str] = Counter()
    if not deals.empty and "owner" in deals.columns:
        is_open = deals.get("stage", pd.Series(dtype=object)).map(states) == StageState.OPEN
        open_by_owner = Counter(fold(str(o)) for o in deals.loc[is_open, "owner"].dropna())

    def value(row: Any, key: str, default: Any) -> Any:
        got = getattr(row, key, default)
        return default if got is None or (not isinstance(got, str) and pd.isna(got)) else got

    slots = []
    for row in roster.itertuples():
        rep = value(row, "rep_id", None)
        if rep is None:
            continue
        capacity = value(row, "capacity", None)
        slots.append(RepSlot(
            rep_id=str(rep),
            available=bool(value(row, "active", True)) and bool(value(row, "available", True)),
            weight=float(value(row, "lead_weight", 1.0)),
            capacity=None if capacity is None else int(capacity),
            open_deals=open_by_owner[fold(str(rep))],
        ))
    return slots


@script(name="Assign leads")
def assign_leads_macro(book: xw.Book, method: str = "round_robin") -> None:
    """Give each lead without an owner on the Unassigned Leads sheet to a rep of the Roster.

    ``method``: round_robin, weighted (by the Roster's Lead weight) or capacity (by the
    room left under the Roster's Capacity, counting open Pipeline deals). Reps not
    available are skipped; leads no rep can take stay blank. Owners already filled in
    are kept; an Owner column is added when the sheet has none.
    """
    leads = find(book, LEADS_SHEETS)
    if leads is None:
        raise ValueError("no 'Unassigned Leads' sheet in this workbook")
    rows = rows_of(leads)
    if not rows:
        return
    header = rows[0]
    owner_col = next((i for i, t in enumerate(header) if t is not None and fold(str(t)) in _OWNER_HEADERS),
                     None)
    data = _read(book)
    if owner_col is None:
        owner_col = len(header)
        leads.range((1, owner_col + 1)).value = "负责人" if data.lang == "zh" else "Owner"
    body = rows[1:]
    while body and all(c in (None, "") for i, c in enumerate(body[-1]) if i != owner_col):
        body.pop()
    owners = [row[owner_col] if owner_col < len(row) and row[owner_col] != "" else None for row in body]
    blank = [i for i, row in enumerate(body)
             if owners[i] is None and any(c not in (None, "") for j, c in enumerate(row) if j != owner_col)]
    if not blank:
        return
    last = next((str(o) for o in reversed(owners) if o is not None), None)
    chosen: AssignMethod = method if method in ("weighted", "capacity") else "round_robin"  # type: ignore[assignment]
    picks = assign_leads(len(blank), _rep_slots(data), chosen, last_rep=last)
    for index, rep in zip(blank, picks, strict=True):
        owners[index] = rep
    leads.range((2, owner_col + 1)).value = [[o] for o in owners]


MACROS: tuple[Callable[..., Any], ...] = (
    validate_this_workbook,
    refresh_my_numbers,
    decompose_targets,
    assign_leads_macro,
)
"""Every macro, in task-pane order (the hook for Consolidate / Distribute)."""
