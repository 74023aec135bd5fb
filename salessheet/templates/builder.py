"""Build a rep or master workbook from the registry: every sheet, name, list, formula and stamp."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.packaging.custom import IntProperty, StringProperty
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from salessheet.schema import DATA_SHEETS, SHEETS, TEMPLATE_VERSION, WorkbookConfig, schema_hash, sheet
from salessheet.templates.formulas import PIPELINE_RANGE_NAMES
from salessheet.templates.instructions import write_instructions
from salessheet.templates.layout import ConfigLayout, TableLayout, extra_sheet_name
from salessheet.templates.lists import dropdown_lists, write_lists
from salessheet.templates.sheets import protect_sheet, write_table
from salessheet.templates.styles import HEADER_FONT, INPUT_HEADER_FILL, SECTION_FONT
from salessheet.templates.validation import add_conditional_formats, add_validations

__all__ = ["CUSTOM_PROPERTY_PREFIX", "FIXED_TIMESTAMP", "build_workbook"]

FIXED_TIMESTAMP = dt.datetime(2026, 1, 1)
"""Created/modified time written into every generated workbook, so rebuilds are identical."""

CUSTOM_PROPERTY_PREFIX = "salessheet_"
"""Custom document properties carry the stamp as ``salessheet_<stamp key>``."""

WorkbookKind = Literal["rep", "master"]
RowDict = Mapping[str, Any]


def _stamp(kind: str, lang: str, owner: str | None) -> dict[str, str]:
    return {
        "template_version": str(TEMPLATE_VERSION),
        "schema_hash": schema_hash(),
        "workbook_kind": kind,
        "language": lang,
        "owner": owner or "",
    }


def _write_config(ws: Worksheet, layout: ConfigLayout) -> None:
    first_stage, _ = layout.stage_rows
    for number, row in enumerate(layout.rows, start=1):
        for col, value in enumerate(row, start=1):
            cell = ws.cell(row=number, column=col, value=value)
            if number == 1 or number == first_stage - 1:
                cell.font = HEADER_FONT
                cell.fill = INPUT_HEADER_FILL
            if number >= first_stage and col == 5:
                cell.number_format = "0%"
    ws["A1"].font = SECTION_FONT
    for letter, width in zip("ABCDEFG", (24, 44, 16, 16, 18, 18, 20), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"


def _add_names(wb: Workbook, names: Mapping[str, str]) -> None:
    for name in sorted(names):
        wb.defined_names[name] = DefinedName(name, attr_text=names[name])


def _set_properties(wb: Workbook, stamp: Mapping[str, str], kind: str, lang: str) -> None:
    props = wb.properties
    props.creator = "salessheet"
    props.lastModifiedBy = "salessheet"
    props.title = f"salessheet {kind} workbook ({lang})"
    props.created = FIXED_TIMESTAMP
    props.modified = FIXED_TIMESTAMP
    for key, value in stamp.items():
        name = CUSTOM_PROPERTY_PREFIX + key
        if key == "template_version":
            wb.custom_doc_props.append(IntProperty(name=name, value=int(value)))
        else:
            wb.custom_doc_props.append(StringProperty(name=name, value=value))
    wb.calculation.fullCalcOnLoad = True


def build_workbook(
    kind: WorkbookKind,
    lang: str,
    *,
    config: WorkbookConfig | None = None,
    roster: Sequence[RowDict] = (),
    owner: str | None = None,
    rows: Mapping[str, Sequence[RowDict]] | None = None,
    prefilled_rows: int = 200,
) -> Workbook:
    """Build a rep or master workbook in ``lang`` with optional rows.

    Args:
        kind: "rep" (one rep's workbook) or "master" (team master skeleton with a Dashboard).
        lang: "en" or "zh": tab names, headers, labels, help and messages.
        config: team settings written to the Config sheet (stages, fiscal year, thresholds).
        roster: Roster rows (``rep_id``, ``name``, ...); their ids feed the owner dropdowns.
        owner: rep id stamped on a rep workbook.
        rows: sheet key -> row dicts with canonical column keys and choice keys (stage "won");
            written as labels of ``lang``. Values that are not keys are written as given.
        prefilled_rows: empty table rows (with formulas) after the given rows of each data sheet.

    Returns:
        The workbook; save it with ``save_workbook``.

    Raises:
        ValueError: unknown kind, language, sheet key or column key.

    >>> wb = build_workbook("rep", "zh", prefilled_rows=2)
    >>> wb.sheetnames[:3], wb["商机"].tables["Pipeline"].ref
    (['使用说明', '目标', '商机'], 'A1:AC3')
    """
    if kind not in ("rep", "master"):
        raise ValueError(f"kind must be 'rep' or 'master', not {kind!r}")
    if lang not in ("en", "zh"):
        raise ValueError(f"lang must be 'en' or 'zh', not {lang!r}")
    config = config or WorkbookConfig()
    given = dict(rows or {})
    unknown = set(given) - {s.key for s in SHEETS}
    if unknown:
        raise ValueError(f"unknown sheet key(s): {', '.join(sorted(unknown))}")
    given["roster"] = [*roster, *given.get("roster", [])]
    stamp = _stamp(kind, lang, owner)

    wb = Workbook()
    wb.remove(wb.active)
    write_instructions(wb.create_sheet(extra_sheet_name("instructions", lang)), kind, SHEETS, config, lang)
    if kind == "master":
        wb.create_sheet(extra_sheet_name("dashboard", lang))
    data_sheets = {spec.key: wb.create_sheet(spec.name(lang)) for spec in SHEETS}
    config_layout = ConfigLayout.build(config, stamp, lang)
    _write_config(wb.create_sheet(config_layout.sheet_name), config_layout)
    lists = dropdown_lists(config, lang, [str(r.get("rep_id") or "") for r in given["roster"]])
    names = write_lists(wb.create_sheet(extra_sheet_name("lists", lang)), lists)
    names.update(config_layout.defined_names())

    layouts: dict[str, TableLayout] = {}
    for spec in SHEETS:
        sheet_rows = list(given.get(spec.key, []))
        spare = prefilled_rows if spec in DATA_SHEETS else min(prefilled_rows, 50)
        layouts[spec.key] = TableLayout(spec, max(1, len(sheet_rows) + spare))
    pipeline = layouts["pipeline"]
    for name, key in PIPELINE_RANGE_NAMES.items():
        names[name] = pipeline.sum_range(key, sheet("pipeline").name(lang))
    _add_names(wb, names)

    for spec in SHEETS:
        ws, layout = data_sheets[spec.key], layouts[spec.key]
        write_table(ws, layout, lang, list(given.get(spec.key, [])), lists)
        add_validations(ws, layout, lang, set(names))
        add_conditional_formats(ws, layout, lang)
        if spec.computed_columns:
            protect_sheet(ws)
    if kind == "rep":
        roster_layout = layouts["roster"]
        data_sheets["roster"].column_dimensions[roster_layout.letters["source"]].hidden = True
    _set_properties(wb, stamp, kind, lang)
    return wb
