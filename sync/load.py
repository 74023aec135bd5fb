"""Load: write the team master workbook atomically, carrying over what the manager owns.

The master holds the data sheets (Pipeline, Tasks, Risks, Targets) as Excel tables, then
Issues, Quarantine, Changes, a Dashboard of native charts, the Roster and the Config.
Targets and tasks the manager typed into the master, and every sheet not generated here
(a Notes sheet, ...), are read from the previous master and written again.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter  # type: ignore[import-untyped]
from pydantic import ValidationError

from salessheet import __version__
from salessheet.errors import ConfigError, TooLargeError, UnreadableFileError
from salessheet.io.atomic import atomic_write
from salessheet.schema import ColumnKind, SheetSpec, WorkbookConfig, label_to_key, schema_hash, sheet
from salessheet.templates.config_sheet import config_rows, parse_config_rows
from sync.dashboard import DashboardData
from sync.extract import cache_dir_for, load_cache_file, store_cache_file
from sync.frames import (
    DUPLICATE_COLUMN,
    MANAGER,
    PROVENANCE,
    REP_COLUMN,
    ROW_COLUMN,
    SOURCE_COLUMN,
    plain_column,
    python_value,
)
from sync.merge import MergeResult
from sync.rowcache import RowCache
from sync.team import Rep
from sync.xlsxfast import RowKeys, SplicedSheet, write_package

__all__ = [
    "GENERATED_SHEETS",
    "MASTER_DATA_ORDER",
    "CarriedSheet",
    "Comparison",
    "MasterContent",
    "PreviousMaster",
    "read_master_roster",
    "read_previous_master",
    "write_master",
]

FIXED_CREATED = dt.datetime(2020, 1, 1)
"""Document timestamp of every master: equal inputs give equal files."""

MASTER_DATA_ORDER: tuple[str, ...] = ("pipeline", "tasks", "risks", "targets")
"""Data sheets in the order they appear in the master."""

GENERATED_SHEETS: dict[str, tuple[str, str]] = {
    "dashboard": ("Dashboard", "看板"),
    **{k: (sheet(k).name_en, sheet(k).name_zh) for k in MASTER_DATA_ORDER},
    "issues": ("Issues", "问题"),
    "quarantine": ("Quarantine", "隔离区"),
    "changes": ("Changes", "变更"),
    "roster": (sheet("roster").name_en, sheet("roster").name_zh),
    "config": ("Config", "配置"),
}
_EXTRA_LABELS: dict[str, tuple[str, str]] = {
    "_source": ("Source file", "来源文件"),
    "_rep": ("Rep", "销售"),
    "_row": ("Source row", "原始行号"),
    DUPLICATE_COLUMN: ("Possible duplicate of", "疑似重复"),
}
_NUMBER_FORMATS = {
    ColumnKind.MONEY: "#,##0.00",
    ColumnKind.NUMBER: "#,##0.##",
    ColumnKind.PERCENT: "0%",
    ColumnKind.INTEGER: "0",
    ColumnKind.DATE: "yyyy-mm-dd",
}
_CHANGE_HEADERS = {
    "kind": ("Change", "变更"), "sheet": ("Sheet", "工作表"), "key": ("Key", "编号"), "rep": ("Rep", "销售"),
    "field": ("Field", "字段"), "old": ("Before", "变更前"), "new": ("After", "变更后"),
    "message": ("Description", "说明"),
}


def _label(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "zh" else pair[0]


def _generated_names() -> set[str]:
    return {name for pair in GENERATED_SHEETS.values() for name in pair}


@dataclass
class CarriedSheet:
    """A sheet the manager owns, as values and formulas (text starting with "=")."""

    name: str
    rows: list[list[Any]]
    widths: dict[int, float] = field(default_factory=dict)


@dataclass
class PreviousMaster:
    """What a re-run takes over from the previous master."""

    manager_rows: dict[str, pd.DataFrame] = field(default_factory=dict)
    carried: list[CarriedSheet] = field(default_factory=list)
    config: WorkbookConfig | None = None
    roster: tuple[Rep, ...] = ()
    lang: str = "en"
    sheet_names: tuple[str, ...] = ()

    @property
    def is_master(self) -> bool:
        """True when the workbook is a team master (it has the Dashboard consolidate writes)."""
        return any(name in self.sheet_names for name in GENERATED_SHEETS["dashboard"])


@dataclass(frozen=True)
class Comparison:
    """What the master shows of the comparison with the previous run: the Changes sheet's rows
    and note, and the Dashboard's waterfall."""

    changes: pd.DataFrame
    note: str
    waterfall: pd.DataFrame


@dataclass
class MasterContent:
    """Everything written into the master.

    ``comparison`` is called once the sheets that do not show it are laid out: the comparison
    may still be under way in another process until then.
    """

    team_name: str
    lang: str
    config: WorkbookConfig
    merged: MergeResult
    dashboard: DashboardData
    comparison: Callable[[], Comparison]
    today: dt.date
    generated_at: dt.datetime
    carried: list[CarriedSheet] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    row_cache: Path | None = None


_CACHED_SHEETS = ("pipeline", "tasks", "risks")
"""Sheets whose rows depend only on their own workbook (target actuals count every rep's deals)."""


# ---------------------------------------------------------------- reading the previous master


def _calamine_rows(path: Path, skip: set[str],
                   previous: bool) -> tuple[list[str], dict[str, list[list[Any]]]]:
    """The master's tab names, and the rows of the sheets a re-run reads (but the ``skip`` ones);
    ``previous``: it is the master a consolidation replaces (which a bad one can be moved away for)."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        keys = [k for k in ("targets", "tasks", "roster", "config") if k not in skip]
        wanted = {name for key in keys for name in GENERATED_SHEETS[key]}
        names = list(book.sheet_names)
        return names, {name: book.get_sheet_by_name(name).to_python() for name in names if name in wanted}
    except Exception as exc:  # calamine raises its own error types for corrupt files
        if not previous:
            raise UnreadableFileError(f"the master cannot be read ({exc})", f"无法读取总表（{exc}）",
                                      location=str(path)) from exc
        raise UnreadableFileError(
            f"the previous master cannot be read ({exc}); move it away to start a new one",
            f"无法读取原有总表（{exc}）；请将其移走后重新生成",
            location=str(path),
        ) from exc


def _header_keys(spec: SheetSpec, header: Sequence[Any]) -> list[str]:
    known: dict[str, str] = {}
    for column in spec.columns:
        for text in (column.key, column.label_en, column.label_zh):
            known.setdefault(text.strip().casefold(), column.key)
    for key, pair in _EXTRA_LABELS.items():
        for text in pair:
            known.setdefault(text.casefold(), key)
    return [known.get(str(h or "").strip().casefold(), str(h or "")) for h in header]


def _typed(value: Any, kind: ColumnKind, choices: dict[str, str] | None) -> Any:
    value = python_value(value)
    if value is None or value == "":
        return None
    if kind is ColumnKind.DATE:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            return None
    if kind in (ColumnKind.MONEY, ColumnKind.NUMBER, ColumnKind.PERCENT, ColumnKind.INTEGER):
        try:
            number = float(str(value).replace(",", ""))
        except ValueError:
            return None
        return int(number) if kind is ColumnKind.INTEGER and number.is_integer() else number
    if kind is ColumnKind.BOOLEAN:
        return str(value).strip().casefold() in ("1", "true", "yes", "y", "是", "x")
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value).strip()
    if choices is not None:
        from salessheet.schema import fold

        return choices.get(fold(text), text)
    return text


def _frame_from_rows(spec: SheetSpec, rows: list[list[Any]], config: WorkbookConfig,
                     manager_only: bool = False) -> pd.DataFrame:
    if not rows:
        return pd.DataFrame()
    keys = _header_keys(spec, rows[0])
    if manager_only and SOURCE_COLUMN in keys:
        at = keys.index(SOURCE_COLUMN)
        mine = (None, "", MANAGER)
        rows = [rows[0]] + [r if (r[at] if at < len(r) else None) in mine else [] for r in rows[1:]]
    kinds = {c.key: c for c in spec.columns}
    maps = {
        c.key: label_to_key(c.choices, config)
        for c in spec.columns
        if c.choices and c.choices != "owners"
    }
    records = []
    for number, row in enumerate(rows[1:], start=2):
        if all(v is None or v == "" for v in row):
            continue
        record: dict[str, Any] = {"_row": number}
        for key, value in zip(keys, row, strict=False):
            if key in kinds:
                record[key] = _typed(value, kinds[key].kind, maps.get(key))
            elif key in _EXTRA_LABELS:
                record[key] = python_value(value)
        records.append(record)
    return pd.DataFrame(records)


def _manager_only(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return frame
    source = frame[SOURCE_COLUMN] if SOURCE_COLUMN in frame.columns else pd.Series("", index=frame.index)
    mine = source.map(lambda v: python_value(v) in (None, "", MANAGER))
    kept = frame[mine].drop(columns=[c for c in PROVENANCE if c in frame.columns and c != "_row"])
    return kept.reset_index(drop=True)


def _roster_from_rows(rows: list[list[Any]]) -> tuple[Rep, ...]:
    frame = _frame_from_rows(sheet("roster"), rows, WorkbookConfig())
    reps = []
    for record in frame.to_dict("records"):
        rep_id = python_value(record.get("rep_id"))
        if not rep_id:
            continue
        active = record.get("active")
        reps.append(Rep(
            rep_id=str(rep_id), name=str(python_value(record.get("name")) or rep_id),
            manager=python_value(record.get("manager")), region=python_value(record.get("region")),
            email=python_value(record.get("email")), active=True if active is None else bool(active),
            source=python_value(record.get("source")),
        ))
    return tuple(reps)


def _carried_sheets(path: Path, names: list[str]) -> list[CarriedSheet]:
    if not names:
        return []
    import openpyxl

    # Read-only: only the carried sheets are parsed, not the big generated ones.
    book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        return [CarriedSheet(name, [list(row) for row in book[name].iter_rows(values_only=True)])
                for name in names]
    finally:
        book.close()


_MARK = "master-mark.json"
"""Beside the row cache: the identity of the master the last run wrote, and how many rows the
manager owns in each of its sheets a re-run takes them from."""
_MANAGER_SHEETS = ("targets", "tasks")


def _identity(path: Path) -> list[int] | None:
    """Size, modification and change times, inode and device: any write or replacement of
    the file changes the change time, which no program can set."""
    try:
        found = path.stat()
    except OSError:
        return None
    return [found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino, found.st_dev]


def _manager_counts(tables: dict[str, pd.DataFrame]) -> dict[str, int]:
    """Rows a re-run's ``read_previous_master`` takes as the manager's, per sheet."""
    counts = {}
    for key in _MANAGER_SHEETS:
        frame = tables.get(key, pd.DataFrame())
        if SOURCE_COLUMN not in frame.columns:
            counts[key] = len(frame)
            continue
        source = frame[SOURCE_COLUMN]
        counts[key] = int((source.isna() | source.isin(["", MANAGER])).sum())  # as _manager_only reads
    return counts


def _mark_written(path: Path, content: MasterContent, written: tuple[int, int, int]) -> None:
    """Record that ``path`` is the master just written (``written``: the temp file's inode,
    size and modification time, checked so that nothing replaced it since the rename)."""
    if content.row_cache is None:
        return
    identity = _identity(path)
    if identity is None or (identity[3], identity[0], identity[1]) != written:
        return
    record = {"identity": identity, "manager_rows": _manager_counts(content.merged.tables)}
    store_cache_file(cache_dir_for(path) / _MARK, json.dumps(record, sort_keys=True).encode())


def _without_manager_rows(path: Path) -> set[str]:
    """Sheet keys of ``path`` known to hold no manager row: the master is, to the inode and
    the nanosecond, the one this user's last run wrote, and that run wrote none there. The
    record is sealed (``sync.sealed``), so a file planted beside a shared master is ignored."""
    stored = load_cache_file(cache_dir_for(path) / _MARK)
    try:
        record = json.loads(stored) if stored is not None else None
    except ValueError:
        return set()
    if not isinstance(record, dict) or record.get("identity") != _identity(path):
        return set()
    counts = record.get("manager_rows")
    return {k for k in _MANAGER_SHEETS if isinstance(counts, dict) and counts.get(k) == 0}


def read_previous_master(path: Path, *, previous: bool = True) -> PreviousMaster:
    """Manager-owned rows, manager sheets, Config and Roster of the master at ``path``.

    Returns an empty PreviousMaster when there is no master yet. ``previous``: the master is
    the one a consolidation replaces (else one that is only read, as distribute does).

    Raises:
        UnreadableFileError: a master exists but cannot be read (it is then left alone).
    """
    if not path.exists():
        return PreviousMaster()
    all_names, rows = _calamine_rows(path, _without_manager_rows(path), previous)
    lang = "zh" if GENERATED_SHEETS["dashboard"][1] in all_names else "en"
    config = None
    for name in GENERATED_SHEETS["config"]:
        if name in rows:
            try:
                config = parse_config_rows(rows[name])[0]
            except (ConfigError, ValidationError):
                config = None
    manager: dict[str, pd.DataFrame] = {}
    for key in ("targets", "tasks"):
        spec = sheet(key)
        found = rows.get(spec.name_en) or rows.get(spec.name_zh) or []
        frame = _manager_only(_frame_from_rows(spec, found, config or WorkbookConfig(), manager_only=True))
        if not frame.empty:
            manager[key] = frame
    roster_rows = rows.get(GENERATED_SHEETS["roster"][0]) or rows.get(GENERATED_SHEETS["roster"][1]) or []
    generated = _generated_names()
    carried = _carried_sheets(path, [n for n in all_names if n not in generated])
    return PreviousMaster(manager, carried, config, _roster_from_rows(roster_rows), lang, tuple(all_names))


def read_master_roster(path: Path) -> tuple[tuple[Rep, ...], str]:
    """The Roster of a master workbook (reps with a workbook source) and the master's language."""
    previous = read_previous_master(path, previous=False)
    return tuple(r for r in previous.roster if r.source), previous.lang


# ---------------------------------------------------------------- writing


class _Writer:
    def __init__(self, content: MasterContent) -> None:
        self.content = content
        self.lang = content.lang
        self.buffer = io.BytesIO()
        self.book = xlsxwriter.Workbook(self.buffer, {
            "in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
            "strings_to_urls": False, "default_date_format": "yyyy-mm-dd",
        })
        self.book.set_properties({"title": f"{content.team_name} master", "created": FIXED_CREATED})
        self.book.set_custom_property("salessheet_kind", "master")
        self.formats: dict[str, Any] = {}
        self.spliced: list[SplicedSheet] = []
        self.sheet_count = 0
        # What every row's XML depends on besides its values: computed columns follow the date
        # and the settings, labels the language.
        self.layout = "\x1f".join([content.lang, content.today.isoformat(), content.config.model_dump_json(),
                                    schema_hash(), __version__])

    def fmt(self, name: str) -> Any:
        if name not in self.formats:
            props: dict[str, Any] = {"num_format": name} if name not in ("bold", "title", "note") else {}
            if name == "bold":
                props = {"bold": True}
            elif name == "title":
                props = {"bold": True, "font_size": 14}
            elif name == "note":
                props = {"italic": True, "font_color": "#666666"}
            self.formats[name] = self.book.add_format(props)
        return self.formats[name]

    def add_sheet(self, key: str) -> Any:
        self.sheet_count += 1
        return self.book.add_worksheet(_label(GENERATED_SHEETS[key], self.lang))

    def table_sheet(self, ws: Any, table: str, headers: list[str], columns: _Columns,
                    kinds: list[ColumnKind | None], widths: list[float],
                    keys: RowKeys | None = None) -> None:
        """One table from A1; rows 3.. are spliced in after XlsxWriter has finished."""
        headers = _unique_headers(headers)
        formats = [self.fmt(_NUMBER_FORMATS[k]) if k in _NUMBER_FORMATS else None for k in kinds]
        count = len(columns.frame)
        for index, width in enumerate(widths):
            ws.set_column(index, index, width)
        # The table is declared over header + one row; its full range is set when splicing
        # (XlsxWriter checks every cell of a table range, which costs seconds on big sheets).
        ws.add_table(0, 0, 1, len(headers) - 1, {
            "name": table, "style": "Table Style Light 9",
            "columns": [{"header": h} for h in headers],
        })
        ws.freeze_panes(1, 0)
        ws.set_landscape()
        ws.repeat_rows(0)  # every printed page starts with the column headers
        if count:
            for index in range(len(headers)):
                ws.write_blank(1, index, None, formats[index] or self.fmt("General"))
            layout = "\x1f".join([table, *headers, *(str(k) for k in kinds), self.layout]) if keys else ""
            self.spliced.append(SplicedSheet(self.sheet_count, columns.values, count, formats, table, keys,
                                             layout))

    def close(self) -> bytes:
        self.book.close()
        return self.buffer.getvalue()


def _unique_headers(headers: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for header in headers:
        text = str(header).strip() or "Column"
        candidate, n = text, 2
        while candidate.casefold() in seen:
            candidate, n = f"{text} ({n})", n + 1
        seen.add(candidate.casefold())
        out.append(candidate)
    return out


@dataclass
class _Columns:
    """A frame's columns as plain cell values, made only for the rows that are rendered (a
    re-run copies the rows of unchanged workbooks compressed)."""

    frame: pd.DataFrame
    labels: list[dict[str, str] | None]
    """Per column: stored value -> the label the sheet shows (choice columns), else None."""

    def values(self, rows: Sequence[int] | None) -> list[list[Any]]:
        part = self.frame if rows is None else self.frame.iloc[list(rows)]
        out = []
        for index, labels in enumerate(self.labels):
            values = plain_column(part.iloc[:, index])
            out.append(values if labels is None else [labels.get(v, v) if isinstance(v, str) else v
                                                      for v in values])
        return out


def _data_sheet(writer: _Writer, spec: SheetSpec, frame: pd.DataFrame) -> None:
    lang, config = writer.lang, writer.content.config
    ws = writer.add_sheet(spec.key)
    headers: list[str] = []
    labels: list[dict[str, str] | None] = []
    kinds: list[ColumnKind | None] = []
    widths: list[float] = []
    specs = {c.key: c for c in spec.columns}
    for key in frame.columns:
        column = specs.get(key)
        shown: dict[str, str] | None = None
        if column is not None:
            headers.append(column.label(lang))
            kinds.append(column.kind)
            widths.append(column.width)
            choices = column.choices or ("forecast_categories" if key == "forecast" else None)
            if choices and choices != "owners":
                from salessheet.schema import choice_labels

                shown = dict(choice_labels(choices, config, lang))
        else:
            headers.append(_label(_EXTRA_LABELS[key], lang) if key in _EXTRA_LABELS else str(key))
            kinds.append(ColumnKind.INTEGER if key == "_row" else None)
            widths.append(28 if key == "_source" else 12)
        labels.append(shown)
    writer.table_sheet(ws, spec.table_name, headers, _Columns(frame, labels), kinds, widths,
                       _row_keys(writer, spec, frame))


def _row_keys(writer: _Writer, spec: SheetSpec, frame: pd.DataFrame) -> RowKeys | None:
    """Each row's key in the row cache: its workbook, that workbook's content hash and the row
    (with the rep and the duplicate marker, the row's only values from outside the workbook)."""
    if writer.content.row_cache is None or spec.key not in _CACHED_SHEETS or not len(frame):
        return None
    marks = ([str(m or "") for m in frame[DUPLICATE_COLUMN].tolist()] if DUPLICATE_COLUMN in frame.columns
             else [""] * len(frame))
    rows = frame[ROW_COLUMN].astype(int).tolist()
    sources = frame[SOURCE_COLUMN].astype(str).tolist()
    return RowKeys(sources, writer.content.sources, (rows, frame[REP_COLUMN].astype(str).tolist(), marks))


def _simple_sheet(writer: _Writer, key: str, table: str, frame: pd.DataFrame,
                  headers: list[str], widths: list[float], note: str | None = None,
                  keys: RowKeys | None = None) -> None:
    ws = writer.add_sheet(key)
    columns = _Columns(frame, [None] * len(frame.columns))
    kinds: list[ColumnKind | None] = [ColumnKind.INTEGER if pd.api.types.is_integer_dtype(frame[c]) else None
                                      for c in frame.columns]
    if note is not None:
        ws.write_comment(0, 0, note)
    writer.table_sheet(ws, table, headers, columns, kinds, widths, keys)


def _issue_keys(writer: _Writer, frame: pd.DataFrame) -> RowKeys | None:
    """Each Issues row's key in the row cache: its workbook, that workbook's content hash and
    the whole row (a workbook's issues also come from the merge, which looks at other
    workbooks). The rows are ordered by rep and workbook, so each workbook's are one run."""
    if writer.content.row_cache is None or not len(frame):
        return None
    # (repr: a row of 0 and one of 0.0 or False are equal tuples but are written differently)
    rows = [repr(row) for row in zip(*(frame[c].tolist() for c in frame.columns), strict=True)]
    return RowKeys(frame["source"].astype(str).tolist(), writer.content.sources, (rows,))


def _issues_frame(merged: MergeResult, lang: str) -> pd.DataFrame:
    rows = [
        [t.rep, t.source, t.issue.severity.value, t.issue.code, t.issue.location if t.issue.cell or
         t.issue.sheet else "", t.issue.message(lang)]
        for t in merged.issues
    ]
    return pd.DataFrame(rows, columns=["rep", "source", "severity", "code", "location", "message"])


EXCEL_ROWS = 1_048_576
"""Rows in an Excel worksheet, the header row included."""


def _check_fits(rows: dict[str, int]) -> None:
    """Refuse a master with a sheet longer than Excel opens (Excel would drop the rest)."""
    for key, count in rows.items():
        if count + 1 > EXCEL_ROWS:
            en, zh = GENERATED_SHEETS[key]
            raise TooLargeError(
                f"the master's {en} sheet would have {count:,} rows, more than the {EXCEL_ROWS - 1:,} "
                "an Excel sheet holds: consolidate the team in parts, or keep it in a database "
                "(salessheet export)",
                f"总表的“{zh}”工作表将有 {count:,} 行，超过 Excel 工作表可容纳的 {EXCEL_ROWS - 1:,} 行："
                "请分组汇总，或导出到数据库（salessheet export）")


def write_master(path: Path, content: MasterContent) -> None:
    """Write the master to ``path`` atomically.

    Raises:
        WriteRefusedError: the master is open in Excel (``~$`` lock file) or not writable;
            the previous master is left as it was.
        TooLargeError: a sheet would be longer than Excel opens; nothing is written.
    """
    merged = content.merged
    _check_fits({key: len(merged.tables[key]) for key in MASTER_DATA_ORDER}
                | {"issues": len(merged.issues), "quarantine": len(merged.quarantine)})
    from sync.dashboard_sheet import write_dashboard

    lang = content.lang
    zh = lang == "zh"
    writer = _Writer(content)
    dashboard = writer.add_sheet("dashboard")  # the first tab, filled in once the comparison is in
    for key in MASTER_DATA_ORDER:
        _data_sheet(writer, sheet(key), content.merged.tables[key])
    issues = _issues_frame(content.merged, lang)
    _simple_sheet(writer, "issues", "Issues", issues,
                  ["销售", "来源文件", "级别", "代码", "位置", "说明"] if zh else
                  ["Rep", "Source file", "Severity", "Code", "Location", "Message"], [12, 30, 9, 30, 16, 70],
                  keys=_issue_keys(writer, issues))
    quarantine = content.merged.quarantine.drop(columns=["message_zh" if not zh else "message_en"])
    _simple_sheet(writer, "quarantine", "Quarantine", quarantine,
                  ["工作表", "销售", "来源文件", "原始行号", "编号", "问题代码", "说明", "数据"] if zh else
                  ["Sheet", "Rep", "Source file", "Source row", "Key", "Issue codes", "Message", "Values"],
                  [10, 12, 30, 9, 14, 30, 60, 60])
    comparison = content.comparison()
    changes = comparison.changes
    _check_fits({"changes": len(changes)})
    write_dashboard(writer, dashboard, content, comparison.waterfall)
    _simple_sheet(writer, "changes", "Changes", changes,
                  [_label(_CHANGE_HEADERS[c], lang) for c in changes.columns],
                  [16, 10, 14, 12, 16, 14, 14, 60],
                  note=comparison.note)
    roster = pd.DataFrame([r.roster_row() for r in content.merged.roster],
                          columns=[c.key for c in sheet("roster").columns])
    _data_sheet(writer, sheet("roster"), roster)
    ws = writer.add_sheet("config")
    stamp = {"workbook_kind": "master", "language": lang}
    from salessheet.schema import TEMPLATE_VERSION, schema_hash

    stamp.update({"template_version": str(TEMPLATE_VERSION), "schema_hash": schema_hash()})
    for r, row in enumerate(config_rows(content.config, stamp, lang)):
        for c, value in enumerate(row):
            if value is not None and value != "":
                ws.write(r, c, value)
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 40)
    ws.set_column(2, 3, 18)
    for carried in content.carried:
        writer.sheet_count += 1
        ws = writer.book.add_worksheet(carried.name)
        for c, width in carried.widths.items():
            ws.set_column(c, c, width)
        for r, row in enumerate(carried.rows):
            for c, value in enumerate(row):
                value = python_value(value)
                if value is None:
                    continue
                if isinstance(value, str) and value.startswith("=") and len(value) > 1:
                    ws.write_formula(r, c, value)
                elif isinstance(value, dt.datetime | dt.date):
                    ws.write_datetime(r, c, value if isinstance(value, dt.datetime) else
                                      dt.datetime.combine(value, dt.time()), writer.fmt("yyyy-mm-dd"))
                else:
                    ws.write(r, c, value)
    package = writer.close()
    store = RowCache(content.row_cache) if content.row_cache is not None else None
    written: list[tuple[int, int, int]] = []

    def write(temp: Path) -> None:
        write_package(package, temp, writer.spliced, store=store)
        found = temp.stat()
        written.append((found.st_ino, found.st_size, found.st_mtime_ns))

    atomic_write(path, write)
    _mark_written(path, content, written[0])
    if store is not None:
        store.save()
