"""Distribute: push the manager's targets and assigned tasks from the master into rep workbooks.

Only the rep's own rows are touched: a target the manager set for the rep is added, or
its Target value updated; an assigned task is added when the rep's workbook does not have
it yet (the rep's copy is never changed afterwards). Other cells, formulas and styles stay
as they are. Each workbook is backed up and written atomically; a workbook open in Excel,
changed while being prepared, or holding what the rewrite would lose (text boxes,
sparklines...) is left as it is and reported.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from salessheet.errors import ConfigError, ExitCode, SalessheetError, UnreadableFileError, WriteRefusedError
from salessheet.io.atomic import atomic_write
from salessheet.io.features import load_quietly, refuse_losses
from salessheet.schema import TEAM_OWNER, SheetSpec, WorkbookConfig, choice_labels, fold, sheet
from sync.frames import python_value
from sync.load import read_previous_master
from sync.team import Rep, _expand

__all__ = ["DistributionPlan", "RepPlan", "distribute"]

_HEADER_SCAN_ROWS = 10


@dataclass
class _Edit:
    sheet: str
    kind: str  # "add" or "update"
    key: str
    detail: str
    cells: dict[str, Any]
    row: int | None = None


@dataclass
class RepPlan:
    """What distribute does (or would do) to one rep workbook."""

    rep: str
    path: Path
    edits: list[_Edit] = field(default_factory=list)
    written: bool = False
    backup: Path | None = None
    problem: SalessheetError | None = None

    @property
    def error(self) -> str | None:
        """The problem, located, in English (None when there is none)."""
        return self.problem.message("en") if self.problem else None

    def lines(self, lang: str = "en") -> list[str]:
        """The diff, one line per edit."""
        zh = lang == "zh"
        if not self.edits:
            return ["无需更改" if zh else "up to date"]
        return [f"{e.sheet} {'+' if e.kind == 'add' else '~'} {e.key}: {e.detail}" for e in self.edits]


@dataclass
class DistributionPlan:
    """Every rep's plan; ``refused`` when some workbook could not be written.

    ``lang`` is the master's language (its sheets' names), for a summary of the plan.
    """

    reps: list[RepPlan]
    applied: bool
    lang: str = "en"

    @property
    def refused(self) -> bool:
        """True when at least one rep workbook was skipped because it could not be written."""
        return any(isinstance(r.problem, WriteRefusedError) for r in self.reps)

    @property
    def exit_code(self) -> ExitCode:
        """The most serious problem's exit code: 3 (a write refused) over 2 (a workbook unreadable)."""
        return max((r.problem.exit_code for r in self.reps if r.problem), default=ExitCode.OK)


def _find_sheet(book: Any, spec: SheetSpec) -> tuple[Any, str] | None:
    for lang, name in (("en", spec.name_en), ("zh", spec.name_zh)):
        if name in book.sheetnames:
            return book[name], lang
    return None


def _header(ws: Any, spec: SheetSpec) -> tuple[int, dict[str, int]]:
    labels = {fold(t): c.key for c in spec.columns for t in (c.key, c.label_en, c.label_zh)}
    for row in ws.iter_rows(min_row=1, max_row=_HEADER_SCAN_ROWS):
        found = {labels[fold(str(c.value))]: c.column for c in row
                 if c.value is not None and fold(str(c.value)) in labels}
        if len(found) >= 2:
            return row[0].row, found
    raise LookupError(spec.key)


def _key_text(values: dict[str, Any], spec: SheetSpec) -> str:
    return "|".join(fold(str(python_value(values.get(k)) or "")) for k in spec.key_columns)


def _existing(ws: Any, spec: SheetSpec, header_row: int, columns: dict[str, int],
              to_key: dict[str, dict[str, str]]) -> tuple[dict[str, tuple[int, dict[str, Any]]], int | None]:
    """Rows by key, and the first row whose input cells are all empty."""
    found: dict[str, tuple[int, dict[str, Any]]] = {}
    first_empty: int | None = None
    inputs = [c.key for c in spec.input_columns if c.key in columns]
    for number in range(header_row + 1, ws.max_row + 1):
        values = {k: ws.cell(number, columns[k]).value for k in inputs}
        if all(v is None or v == "" for v in values.values()):
            if first_empty is None:
                first_empty = number
            continue
        for key, mapping in to_key.items():
            value = values.get(key)
            if isinstance(value, str):
                values[key] = mapping.get(fold(value), value)
        found.setdefault(_key_text(values, spec), (number, values))
    return found, first_empty


def _display(value: Any) -> str:
    value = python_value(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return "" if value is None else str(value)


def _plan_sheet(ws: Any, spec: SheetSpec, lang: str, rows: pd.DataFrame, config: WorkbookConfig,
                update: Callable[[dict[str, Any]], tuple[str, Any] | None]) -> list[_Edit]:
    header_row, columns = _header(ws, spec)
    to_key = {c.key: {fold(label): key for key, label in choice_labels(c.choices, config, lang)}
              | {fold(key): key for key, _ in choice_labels(c.choices, config, lang)}
              for c in spec.input_columns if c.choices and c.choices != "owners"}
    existing, _ = _existing(ws, spec, header_row, columns, to_key)
    labels = {c.key: dict(choice_labels(c.choices, config, lang)) for c in spec.input_columns
              if c.choices and c.choices != "owners"}
    edits = []
    for record in rows.to_dict("records"):
        values = {c.key: python_value(record.get(c.key)) for c in spec.input_columns}
        key = _key_text(values, spec)
        shown = " / ".join(_display(labels[k].get(v, v) if k in labels else v)
                           for k in spec.key_columns if (v := values.get(k)))
        if key in existing:
            change = update(existing[key][1] | {"__new__": values})
            if change is not None:
                column, new = change
                old = existing[key][1].get(column)
                edits.append(_Edit(spec.name(lang), "update", shown, f"{_display(old)} → {_display(new)}",
                                   {column: new}, existing[key][0]))
            continue
        cells = {k: labels[k].get(v, v) if k in labels and isinstance(v, str) else v
                 for k, v in values.items() if v is not None and k in columns}
        detail = _display(values.get("value")) if spec.key == "targets" else str(values.get("title") or "")
        edits.append(_Edit(spec.name(lang), "add", shown, detail, cells))
        existing[key] = (-1, values)
    return edits


def _target_update(found: dict[str, Any]) -> tuple[str, Any] | None:
    new = found["__new__"].get("value")
    old = python_value(found.get("value"))
    try:
        same = old is not None and abs(float(old) - float(new)) < 0.005
    except (TypeError, ValueError):
        same = False
    return None if same else ("value", new)


def _apply(ws: Any, spec: SheetSpec, edits: list[_Edit]) -> None:
    header_row, columns = _header(ws, spec)
    for edit in edits:
        if edit.kind == "update":
            for key, value in edit.cells.items():
                ws.cell(edit.row, columns[key]).value = value
            continue
        _, first_empty = _existing(ws, spec, header_row, columns, {})
        row = first_empty or ws.max_row + 1
        for key, value in edit.cells.items():
            ws.cell(row, columns[key]).value = value
        for table in ws.tables.values():
            start, end = table.ref.split(":")
            last = int("".join(ch for ch in end if ch.isdigit()))
            if int("".join(ch for ch in start if ch.isdigit())) == header_row and row > last:
                letters = "".join(ch for ch in end if ch.isalpha())
                table.ref = f"{start}:{letters}{row}"
                if table.autoFilter is not None:
                    table.autoFilter.ref = table.ref


def _plan_rep(rep: Rep, path: Path, targets: pd.DataFrame, tasks: pd.DataFrame,
              config: WorkbookConfig, apply: bool) -> RepPlan:
    from openpyxl.utils.exceptions import InvalidFileException

    plan = RepPlan(rep.rep_id, path)
    try:
        original = path.read_bytes()
        book = load_quietly(io.BytesIO(original), keep_vba=path.suffix.lower() == ".xlsm")
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, InvalidFileException) as exc:
        plan.problem = UnreadableFileError(f"cannot be opened as a workbook ({type(exc).__name__})",
                                           f"无法作为工作簿打开（{type(exc).__name__}）", location=str(path))
        return plan
    work: list[tuple[Any, SheetSpec, list[_Edit]]] = []
    for spec, rows, update in ((sheet("targets"), targets, _target_update), (sheet("tasks"), tasks, None)):
        owners = rows["owner"].map(lambda v: str(python_value(v) or ""))
        mine = rows[owners == rep.rep_id] if len(rows) else rows
        found = _find_sheet(book, spec)
        if mine.empty or found is None:
            continue
        ws, lang = found
        try:
            edits = _plan_sheet(ws, spec, lang, mine, config, update or (lambda _: None))
        except LookupError:
            plan.problem = UnreadableFileError(
                f"{ws.title}: no header row in the first {_HEADER_SCAN_ROWS} rows",
                f"{ws.title}：前 {_HEADER_SCAN_ROWS} 行中找不到表头", location=str(path))
            continue
        plan.edits += edits
        work.append((ws, spec, edits))
    if not plan.edits or plan.problem:
        return plan
    for ws, spec, edits in work:
        _apply(ws, spec, edits)
    buffer = io.BytesIO()
    book.save(buffer)
    saved = buffer.getvalue()

    def write(temp: Path) -> None:
        if path.read_bytes() != original:
            raise WriteRefusedError("changed while distributing; run again", "在分发过程中被修改；请重试",
                                    location=str(path))
        temp.write_bytes(saved)

    try:
        # A dry run too tells what the write would lose; a refused file gets no backup either.
        refuse_losses(original, saved, path)
        if apply:
            plan.backup = atomic_write(path, write, backup=True)
            plan.written = True
    except SalessheetError as exc:
        plan.problem = exc
    return plan


def distribute(master: Path, apply: bool = False) -> DistributionPlan:
    """Push targets and assigned tasks the manager typed into ``master`` to each rep's workbook.

    Args:
        master: the team master (its Roster gives each rep's workbook).
        apply: write the workbooks; otherwise only plan (dry run).

    Returns:
        One RepPlan per rep workbook, with the edits (the diff) and any error.

    Raises:
        UnreadableFileError: no master at ``master``, or one that cannot be read.
        ConfigError: a workbook that is not a team master (a rep's workbook, say).
    """
    if not master.is_file():
        raise UnreadableFileError("no such master workbook", "找不到该总表", location=str(master))
    previous = read_previous_master(master, previous=False)
    if not previous.is_master:
        raise ConfigError("not a team master (it has no Dashboard sheet); distribute reads the master "
                          "that consolidate writes", "不是团队总表（没有看板工作表）；distribute 读取的是 "
                          "consolidate 生成的总表", location=str(master))
    config = previous.config or WorkbookConfig()
    empty = pd.DataFrame(columns=["owner"])
    targets = previous.manager_rows.get("targets", empty)
    targets = targets[targets["owner"].map(lambda v: str(python_value(v) or "")) != TEAM_OWNER]
    tasks = previous.manager_rows.get("tasks", empty)
    plans = []
    for rep in sorted(previous.roster, key=lambda r: r.rep_id):
        if not rep.source:
            continue
        for path in _expand(rep.source, master.parent):
            if path.exists():
                plans.append(_plan_rep(rep, path, targets, tasks, config, apply))
            else:
                plans.append(RepPlan(rep.rep_id, path, problem=UnreadableFileError(
                    "workbook not found", "找不到工作簿", location=str(path))))
    return DistributionPlan(plans, apply, previous.lang)
