"""The Sheets API requests that build a rep spreadsheet from the registry. Pure: no network.

Mirrors the .xlsx template (``salessheet.templates``): the same tabs, headers, Config rows,
Lists, defined names (as named ranges) and native formulas (``templates.formulas``), plus
Google's own dropdowns, protected computed columns, conditional formats and a frozen header.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from salessheet.address import a1_to_rowcol, column_letter
from salessheet.schema import (
    SHEETS,
    TEMPLATE_VERSION,
    ColumnKind,
    ColumnSpec,
    WorkbookConfig,
    schema_hash,
)
from salessheet.templates.formulas import PIPELINE_RANGE_NAMES, RowRefs, computed_formula, has_formula
from salessheet.templates.layout import (
    FIRST_DATA_ROW,
    SUM_RANGE_MIN_ROWS,
    ConfigLayout,
    TableLayout,
    extra_sheet_name,
)
from salessheet.templates.lists import dropdown_lists, list_name, owner_list
from salessheet.templates.styles import RAG_FILLS, ROW_FILLS, number_format

__all__ = ["RepPlan", "TabPlan", "grid_range", "plan_rep_spreadsheet"]

_INPUT_HEADER = "1F4E78"
_COMPUTED_HEADER = "595959"
_FIRST_SHEET_ID = 100
_FORMULA_BLOCK = 50
"""Formulas are sent in blocks of this many rows: the longest (period start/end) are ~5 kB each."""


def rgb(hex_colour: str) -> dict[str, float]:
    """A Sheets Color from "RRGGBB".

    >>> rgb("FF8000")
    {'red': 1.0, 'green': 0.502, 'blue': 0.0}
    """
    return {name: round(int(hex_colour[i:i + 2], 16) / 255, 3)
            for name, i in (("red", 0), ("green", 2), ("blue", 4))}


@dataclass(frozen=True)
class TabPlan:
    """One tab to create: its title, fixed sheet id and grid size."""

    key: str
    title: str
    sheet_id: int
    rows: int
    cols: int
    hidden: bool = False


@dataclass
class RepPlan:
    """Everything to send: tabs, one batchUpdate's requests, RAW values and formulas.

    Attributes:
        tabs: in order.
        requests: batchUpdate requests (add tabs, remove the default one, names, formats,
            validation, protection, conditional formats, widths).
        values: ValueRanges written with valueInputOption RAW (headers, Config, Lists, Roster).
        formulas: ValueRanges written USER_ENTERED (computed columns' native formulas).
    """

    tabs: list[TabPlan] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    values: list[dict[str, Any]] = field(default_factory=list)
    formulas: list[dict[str, Any]] = field(default_factory=list)


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def grid_range(reference: str, sheet_ids: Mapping[str, int]) -> dict[str, int]:
    """A GridRange from a defined-name reference ("'Config'!$C$5", "Lists!$B$2:$B$8").

    >>> grid_range("'My Tab'!$B$2:$C$9", {"My Tab": 7})
    {'sheetId': 7, 'startRowIndex': 1, 'endRowIndex': 9, 'startColumnIndex': 1, 'endColumnIndex': 3}
    """
    sheet_part, _, cells = reference.rpartition("!")
    title = sheet_part[1:-1].replace("''", "'") if sheet_part.startswith("'") else sheet_part
    first, _, last = cells.partition(":")
    r0, c0 = a1_to_rowcol(first)
    r1, c1 = a1_to_rowcol(last or first)
    return {"sheetId": sheet_ids[title], "startRowIndex": r0 - 1, "endRowIndex": r1,
            "startColumnIndex": c0 - 1, "endColumnIndex": c1}


def _column_box(tab: TabPlan, layout: TableLayout, col: int) -> dict[str, int]:
    return {"sheetId": tab.sheet_id, "startRowIndex": FIRST_DATA_ROW - 1, "endRowIndex": layout.last_row,
            "startColumnIndex": col, "endColumnIndex": col + 1}


def _number_format(column: ColumnSpec) -> dict[str, str] | None:
    pattern = number_format(column)
    if pattern == "General":
        return None
    if pattern == "@":
        return {"type": "TEXT"}
    kind = {ColumnKind.DATE: "DATE", ColumnKind.PERCENT: "PERCENT"}.get(column.kind, "NUMBER")
    return {"type": kind, "pattern": pattern}


def _validation(column: ColumnSpec, sheet_key: str, lang: str,
                lists: Mapping[str, list[tuple[str, str]]]) -> dict[str, Any] | None:
    rule: dict[str, Any] = {"inputMessage": column.help(lang)[:255], "strict": True}
    source = owner_list(sheet_key) if column.choices == "owners" else column.choices
    if column.choices and column.choices != "scale_1_5" and lists.get(source or ""):
        labels = [label for _, label in lists[source or ""]]
        rule["condition"] = {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": v} for v in labels]}
        rule["showCustomUi"] = True
    elif column.kind is ColumnKind.DATE:
        rule["condition"] = {"type": "DATE_IS_VALID"}
    elif column.minimum is not None and column.maximum is not None:
        rule["condition"] = {"type": "NUMBER_BETWEEN", "values": [
            {"userEnteredValue": f"{column.minimum:g}"}, {"userEnteredValue": f"{column.maximum:g}"}]}
    elif column.minimum is not None:
        rule["condition"] = {"type": "NUMBER_GREATER_THAN_EQ",
                             "values": [{"userEnteredValue": f"{column.minimum:g}"}]}
    else:
        # Help only: a condition that accepts anything, shown as the cell's input message.
        rule["condition"] = {"type": "CUSTOM_FORMULA", "values": [{"userEnteredValue": "=TRUE"}]}
        rule["strict"] = False
    return rule


def _fill(hex_colour: str, font: str | None = None) -> dict[str, Any]:
    fmt: dict[str, Any] = {"backgroundColor": rgb(hex_colour)}
    if font:
        fmt["textFormat"] = {"foregroundColor": rgb(font)}
    return fmt


def _conditional_formats(tab: TabPlan, layout: TableLayout, lang: str) -> list[dict[str, Any]]:
    from salessheet.schema import CHOICE_LISTS

    letters, first = layout.letters, FIRST_DATA_ROW
    rows = {"sheetId": tab.sheet_id, "startRowIndex": first - 1, "endRowIndex": layout.last_row,
            "startColumnIndex": 0, "endColumnIndex": len(layout.spec.columns)}
    rules: list[tuple[dict[str, Any], dict[str, Any], dict[str, Any]]] = []
    key = layout.spec.key
    if key == "pipeline":
        rules.append((rows, {"type": "CUSTOM_FORMULA",
                             "values": [{"userEnteredValue": f"=${letters['is_stale']}{first}=TRUE"}]},
                      _fill(ROW_FILLS["stale"])))
    elif key == "tasks":
        rules.append((rows, {"type": "CUSTOM_FORMULA",
                             "values": [{"userEnteredValue": f"=${letters['is_overdue']}{first}=TRUE"}]},
                      _fill(ROW_FILLS["overdue"])))
    elif key == "risks":
        rag_col = list(letters).index("rag")
        for choice in CHOICE_LISTS["rag"]:
            background, font = RAG_FILLS[choice.key]
            rules.append((_column_box(tab, layout, rag_col),
                          {"type": "TEXT_EQ", "values": [{"userEnteredValue": choice.label(lang)}]},
                          _fill(background, font)))
    return [{"addConditionalFormatRule": {"index": i, "rule": {
        "ranges": [box], "booleanRule": {"condition": condition, "format": fmt}}}}
        for i, (box, condition, fmt) in enumerate(rules)]


def _table_requests(tab: TabPlan, layout: TableLayout, lang: str,
                    lists: Mapping[str, list[tuple[str, str]]]) -> list[dict[str, Any]]:
    spec = layout.spec
    width = len(spec.columns)
    header = {"sheetId": tab.sheet_id, "startRowIndex": 0, "endRowIndex": 1, "startColumnIndex": 0,
              "endColumnIndex": width}
    bold_white = {"bold": True, "foregroundColor": rgb("FFFFFF")}
    out: list[dict[str, Any]] = [{"repeatCell": {
        "range": header,
        "cell": {"userEnteredFormat": {"backgroundColor": rgb(_INPUT_HEADER), "textFormat": bold_white,
                                       "wrapStrategy": "WRAP", "horizontalAlignment": "CENTER"}},
        "fields": "userEnteredFormat(backgroundColor,textFormat,wrapStrategy,horizontalAlignment)"}}]
    for col, column in enumerate(spec.columns):
        box = _column_box(tab, layout, col)
        if column.computed:
            out.append({"repeatCell": {
                "range": dict(header, startColumnIndex=col, endColumnIndex=col + 1),
                "cell": {"userEnteredFormat": {"backgroundColor": rgb(_COMPUTED_HEADER)}},
                "fields": "userEnteredFormat.backgroundColor"}})
            out.append({"addProtectedRange": {"protectedRange": {
                "range": box, "description": f"{spec.key}.{column.key}: computed by formula",
                "warningOnly": False, "editors": {"users": []}}}})
        else:
            rule = _validation(column, spec.key, lang, lists)
            if rule:
                out.append({"setDataValidation": {"range": box, "rule": rule}})
        fmt = _number_format(column)
        if fmt:
            out.append({"repeatCell": {"range": box, "cell": {"userEnteredFormat": {"numberFormat": fmt}},
                                       "fields": "userEnteredFormat.numberFormat"}})
        out.append({"updateDimensionProperties": {
            "range": {"sheetId": tab.sheet_id, "dimension": "COLUMNS", "startIndex": col,
                      "endIndex": col + 1},
            "properties": {"pixelSize": round(column.width * 7 + 5)}, "fields": "pixelSize"}})
    out.extend(_conditional_formats(tab, layout, lang))
    return out


def _formula_ranges(tab: TabPlan, layout: TableLayout, lang: str) -> list[dict[str, Any]]:
    spec = layout.spec
    out = []
    for column in spec.computed_columns:
        if not has_formula(spec.key, column.key):
            continue
        letter = layout.letters[column.key]
        for first in range(FIRST_DATA_ROW, layout.last_row + 1, _FORMULA_BLOCK):
            last = min(first + _FORMULA_BLOCK - 1, layout.last_row)
            key_column = spec.key_columns[0]
            column_values = [
                computed_formula(spec.key, column.key, RowRefs(layout.letters, row), key_column, lang)
                for row in range(first, last + 1)
            ]
            out.append({"range": f"{_quoted(tab.title)}!{letter}{first}:{letter}{last}",
                        "majorDimension": "COLUMNS", "values": [column_values]})
    return out


def _list_columns(
    lists: Mapping[str, list[tuple[str, str]]], title: str
) -> tuple[list[list[Any]], dict[str, str]]:
    """The Lists tab as rows, and defined name -> reference (same layout as the .xlsx template)."""
    height = 1 + max((len(items) for items in lists.values()), default=0)
    rows: list[list[Any]] = [[""] * (2 * len(lists)) for _ in range(height)]
    names: dict[str, str] = {}
    for index, (name, items) in enumerate(lists.items()):
        key_col, label_col = 2 * index, 2 * index + 1
        rows[0][key_col], rows[0][label_col] = f"{name}.key", name
        for row, (key, label) in enumerate(items, start=1):
            rows[row][key_col], rows[row][label_col] = key, label
        if items:
            for col, defined in ((key_col, list_name(name, keys=True)), (label_col, list_name(name))):
                letter = column_letter(col + 1)
                names[defined] = f"{_quoted(title)}!${letter}$2:${letter}${len(items) + 1}"
    return rows, names


def plan_rep_spreadsheet(
    lang: str,
    *,
    config: WorkbookConfig | None = None,
    roster: Sequence[Mapping[str, Any]] = (),
    owner: str | None = None,
    prefilled_rows: int = 200,
) -> RepPlan:
    """Plan a rep spreadsheet in ``lang`` ("en" or "zh") for ``owner``.

    >>> plan = plan_rep_spreadsheet("zh", prefilled_rows=3)
    >>> [t.title for t in plan.tabs]
    ['目标', '商机', '任务', '风险', '团队名单', '配置', '列表']
    """
    if lang not in ("en", "zh"):
        raise ValueError(f"lang must be 'en' or 'zh', not {lang!r}")
    config = config or WorkbookConfig()
    stamp = {"template_version": str(TEMPLATE_VERSION), "schema_hash": schema_hash(), "workbook_kind": "rep",
             "language": lang, "owner": owner or ""}
    config_layout = ConfigLayout.build(config, stamp, lang)
    lists = dropdown_lists(config, lang, [str(r.get("rep_id") or "") for r in roster])
    plan = RepPlan()
    layouts: dict[str, TableLayout] = {}
    for index, spec in enumerate(SHEETS):
        spare = prefilled_rows if spec.key != "roster" else min(prefilled_rows, 50)
        layout = TableLayout(spec, max(1, (len(roster) if spec.key == "roster" else 0) + spare))
        layouts[spec.key] = layout
        rows = max(layout.last_row, SUM_RANGE_MIN_ROWS if spec.key == "pipeline" else 0)
        plan.tabs.append(TabPlan(spec.key, spec.name(lang), _FIRST_SHEET_ID + index, rows, len(spec.columns)))
    _, stage_last = config_layout.stage_rows
    config_tab = TabPlan("config", config_layout.sheet_name, _FIRST_SHEET_ID + len(SHEETS),
                         max(stage_last, len(config_layout.rows)) + 5, 8)
    list_rows, names = _list_columns(lists, extra_sheet_name("lists", lang))
    lists_tab = TabPlan("lists", extra_sheet_name("lists", lang), config_tab.sheet_id + 1,
                        max(len(list_rows), 2), max(len(list_rows[0]), 1), hidden=True)
    plan.tabs += [config_tab, lists_tab]
    ids = {t.title: t.sheet_id for t in plan.tabs}
    names.update(config_layout.defined_names())
    pipeline_title = SHEETS[[s.key for s in SHEETS].index("pipeline")].name(lang)
    for name, key in PIPELINE_RANGE_NAMES.items():
        names[name] = layouts["pipeline"].sum_range(key, pipeline_title)

    for tab in plan.tabs:
        plan.requests.append({"addSheet": {"properties": {
            "sheetId": tab.sheet_id, "title": tab.title, "hidden": tab.hidden,
            "gridProperties": {"rowCount": tab.rows, "columnCount": tab.cols, "frozenRowCount": 1}}}})
    plan.requests.append({"deleteSheet": {"sheetId": 0}})
    for name in sorted(names):
        plan.requests.append({"addNamedRange": {"namedRange": {"name": name,
                                                               "range": grid_range(names[name], ids)}}})
    given_roster = [[r.get(c.key, "") for c in SHEETS[-1].columns] for r in roster]
    for tab in plan.tabs[:len(SHEETS)]:
        layout = layouts[tab.key]
        plan.requests.extend(_table_requests(tab, layout, lang, lists))
        header = [[c.label(lang) for c in layout.spec.columns]]
        body = given_roster if tab.key == "roster" else []
        plan.values.append({"range": f"{_quoted(tab.title)}!A1", "values": header + body})
        plan.formulas.extend(_formula_ranges(tab, layout, lang))
    plan.values.append({"range": f"{_quoted(config_tab.title)}!A1",
                        "values": [list(r) for r in config_layout.rows]})
    plan.values.append({"range": f"{_quoted(lists_tab.title)}!A1", "values": list_rows})
    for tab in (config_tab, lists_tab):
        plan.requests.append({"addProtectedRange": {"protectedRange": {
            "range": {"sheetId": tab.sheet_id}, "description": f"{tab.key}: managed by salessheet",
            "warningOnly": True}}})
    return plan

