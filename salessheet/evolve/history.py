"""Build a workbook as an earlier template version had it, from the recorded template history.

This is how tests get version 1 and 2 workbooks, and how a team can re-issue an old template
to a rep who cannot upgrade yet. Rows are given in the old version's terms (old column keys,
old stage keys such as ``discovery``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook

from salessheet.evolve.relayout import relayout_sheet
from salessheet.evolve.states import TemplateState, old_value, state_at
from salessheet.schema import CHOICE_LISTS, SHEETS, WorkbookConfig, sheet
from salessheet.templates import build_workbook
from salessheet.templates.builder import CUSTOM_PROPERTY_PREFIX, WorkbookKind
from salessheet.templates.layout import extra_sheet_name

__all__ = ["build_workbook_at", "stamp_workbook"]

RowDict = Mapping[str, Any]


def _current_rows(state: TemplateState, rows: Mapping[str, Sequence[RowDict]]) -> dict[str, list[RowDict]]:
    """Rows keyed by the version's column keys -> rows keyed by current keys."""
    converted: dict[str, list[RowDict]] = {}
    for sheet_key, sheet_rows in rows.items():
        columns = {c.key: c.current for c in state.columns[sheet_key]}
        out: list[RowDict] = []
        for row in sheet_rows:
            unknown = set(row) - set(columns)
            if unknown:
                raise ValueError(f"{sheet_key}: version {state.version} has no column(s) "
                                 f"{', '.join(sorted(unknown))}")
            out.append({columns[key]: value for key, value in row.items()})
        converted[sheet_key] = out
    return converted


def _rename_list_values(wb: Workbook, state: TemplateState, lang: str) -> None:
    """Fixed dropdown lists with old values (stages are renamed through the Config instead)."""
    ws = wb[extra_sheet_name("lists", lang)]
    for column in ws.iter_cols(min_row=1):
        header = column[0].value
        name = str(header).removesuffix(".key") if header else ""
        if not name or name in ("stages", "owners", "target_owners"):
            continue
        mapping = state.list_values(name)
        for cell in column[1:]:
            if mapping and isinstance(cell.value, str):
                cell.value = old_value(mapping, cell.value)


def stamp_workbook(wb: Workbook, version: int, schema_hash: str, lang: str) -> None:
    """Write ``version`` and ``schema_hash`` into the custom properties and the Config sheet."""
    for prop in wb.custom_doc_props.props:
        if prop.name == CUSTOM_PROPERTY_PREFIX + "template_version":
            prop.value = version
        elif prop.name == CUSTOM_PROPERTY_PREFIX + "schema_hash":
            prop.value = schema_hash
    ws = wb[extra_sheet_name("config", lang)]
    for row in ws.iter_rows(min_col=1, max_col=3):
        if row[0].value == "template_version":
            row[2].value = str(version)
        elif row[0].value == "schema_hash":
            row[2].value = schema_hash


def build_workbook_at(
    version: int,
    lang: str,
    *,
    kind: WorkbookKind = "rep",
    config: WorkbookConfig | None = None,
    roster: Sequence[RowDict] = (),
    owner: str | None = None,
    rows: Mapping[str, Sequence[RowDict]] | None = None,
    prefilled_rows: int = 200,
) -> Workbook:
    """A workbook of template ``version``, as ``build_workbook`` would have made it then.

    Args:
        version: a version in the history (1 .. TEMPLATE_VERSION).
        lang: "en" or "zh".
        kind: "rep" or "master".
        config: team settings with today's stage names; stages renamed since are written with
            their old names.
        roster: Roster rows.
        owner: rep id stamped on the workbook.
        rows: sheet key -> rows keyed by the columns of ``version`` with its choice keys
            (``{"close_date": ..., "stage": "discovery"}`` for version 1).
        prefilled_rows: empty rows after the given ones.

    Raises:
        ValueError: unknown version, or a row uses a column the version did not have.

    >>> wb = build_workbook_at(1, "en", prefilled_rows=1)
    >>> wb["Pipeline"]["K1"].value, wb["Pipeline"].tables["Pipeline"].ref
    ('Close date', 'A1:AA2')
    """
    state = state_at(version)
    given = _current_rows(state, rows or {})
    wb = build_workbook(kind, lang, config=state.config(config), roster=roster, owner=owner,
                        rows=given, prefilled_rows=prefilled_rows)
    for spec in SHEETS:
        columns = state.columns[spec.key]
        today = tuple((c.key, c.label_en, c.label_zh) for c in sheet(spec.key).columns)
        if tuple((c.current, c.label_en, c.label_zh) for c in columns) != today:
            relayout_sheet(wb, wb[spec.name(lang)], spec, columns, lang)
    if any(state.list_values(name) for name in CHOICE_LISTS):
        _rename_list_values(wb, state, lang)
    stamp_workbook(wb, version, state.schema_hash(), lang)
    return wb

