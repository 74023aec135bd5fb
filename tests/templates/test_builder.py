"""build_workbook: sheets, tables, dropdowns, formulas, protection, stamp and labels."""

from __future__ import annotations

import datetime as dt
import re

import openpyxl
import pandas as pd
import pytest
from openpyxl.workbook.workbook import Workbook

from salessheet.schema import (
    DATA_SHEETS,
    SHEETS,
    TEMPLATE_VERSION,
    ColumnKind,
    WorkbookConfig,
    schema_hash,
    sheet,
)
from salessheet.templates import build_workbook, save_workbook, workbook_bytes
from salessheet.templates.builder import CUSTOM_PROPERTY_PREFIX
from salessheet.templates.config_sheet import parse_config_rows
from salessheet.templates.layout import extra_sheet_name
from tests.templates.samples import ROSTER, sample_rows

FORBIDDEN = re.compile(r"XLOOKUP|\bLET\(|LAMBDA|\bIFS\(|\[@|FILTER\(|TEXTJOIN|MAXIFS|MINIFS|SWITCH\(")
PREFILLED = 4


@pytest.fixture(scope="module", params=["en", "zh"])
def lang(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def wb(lang: str) -> Workbook:
    rows = sample_rows(dt.date(2026, 11, 25))
    return build_workbook("rep", lang, roster=ROSTER, owner="alice", rows=rows, prefilled_rows=PREFILLED)


def _rows(spec_key: str) -> int:
    return len(sample_rows(dt.date(2026, 11, 25)).get(spec_key, ROSTER if spec_key == "roster" else []))


def test_sheet_order_and_hidden_lists(wb: Workbook, lang: str) -> None:
    names = [extra_sheet_name("instructions", lang), *(s.name(lang) for s in SHEETS),
             extra_sheet_name("config", lang), extra_sheet_name("lists", lang)]
    assert wb.sheetnames == names
    assert wb[extra_sheet_name("lists", lang)].sheet_state == "hidden"


def test_product_dropdown_only_with_a_catalogue() -> None:
    config = WorkbookConfig(products=("Widget", "Gadget"))
    wb = build_workbook("rep", "en", config=config, prefilled_rows=1)
    for key in ("pipeline", "targets"):
        found = _validations(wb, "en", key)["product"]
        assert found is not None and found[0].formula1 == "list_products"
    assert "list_products" not in build_workbook("rep", "en", prefilled_rows=1).defined_names


def test_without_roster_owners_are_typed_freely() -> None:
    wb = build_workbook("rep", "en", prefilled_rows=1)
    assert "list_owners" not in wb.defined_names and "list_target_owners" not in wb.defined_names
    for spec in DATA_SHEETS:
        ws = wb[spec.name("en")]
        lists = [dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"]
        assert not any("owners" in formula for formula in lists)


def test_master_has_dashboard_and_visible_source() -> None:
    master = build_workbook("master", "en", prefilled_rows=1)
    assert master.sheetnames[1] == "Dashboard"
    roster = master[sheet("roster").name("en")]
    assert not roster.column_dimensions["J"].hidden
    rep = build_workbook("rep", "en", prefilled_rows=1)
    assert rep[sheet("roster").name("en")].column_dimensions["J"].hidden


@pytest.mark.parametrize("spec", SHEETS, ids=lambda s: s.key)
def test_tables_cover_rows_with_headers_and_calculated_columns(wb: Workbook, lang: str, spec) -> None:
    ws = wb[spec.name(lang)]
    table = ws.tables[spec.table_name]
    spare = PREFILLED
    last_row = 1 + _rows(spec.key) + spare
    assert table.ref.endswith(str(last_row)) and table.ref.startswith("A1:")
    assert [c.name for c in table.tableColumns] == [c.label(lang) for c in spec.columns]
    assert [c.value for c in ws[1]] == [c.label(lang) for c in spec.columns]
    assert ws.freeze_panes == "B2"
    for index, column in enumerate(spec.columns, start=1):
        calculated = table.tableColumns[index - 1].calculatedColumnFormula
        if column.computed:
            assert calculated is not None and "=" + calculated.attr_text == ws.cell(2, index).value
        else:
            assert calculated is None
        assert ws.column_dimensions[ws.cell(1, index).column_letter].width == column.width + 2


def _nesting(formula: str) -> int:
    """Deepest parenthesis nesting outside string literals (Excel allows 64 levels)."""
    depth = deepest = 0
    quoted = False
    for char in formula:
        if char == '"':
            quoted = not quoted
        elif not quoted and char == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif not quoted and char == ")":
            depth -= 1
    assert depth == 0 and not quoted, formula
    return deepest


@pytest.mark.parametrize("spec", DATA_SHEETS, ids=lambda s: s.key)
def test_every_computed_cell_has_a_portable_formula(wb: Workbook, lang: str, spec) -> None:
    ws = wb[spec.name(lang)]
    letters = {c.key: ws.cell(1, i).column_letter for i, c in enumerate(spec.columns, start=1)}
    for row in range(2, 2 + _rows(spec.key) + PREFILLED):
        for column in spec.computed_columns:
            formula = ws[f"{letters[column.key]}{row}"].value
            assert isinstance(formula, str) and formula.startswith("=")
            assert f'{letters[spec.key_columns[0]]}{row}=""' in formula
            assert not FORBIDDEN.search(formula), formula
            assert len(formula) < 8192
            assert _nesting(formula) <= 64


@pytest.mark.parametrize("spec", DATA_SHEETS, ids=lambda s: s.key)
def test_protection_locks_only_computed_cells(wb: Workbook, lang: str, spec) -> None:
    ws = wb[spec.name(lang)]
    assert ws.protection.sheet and not ws.protection.password
    for index, column in enumerate(spec.columns, start=1):
        assert ws.cell(2, index).protection.locked is column.computed
        assert ws.cell(1 + _rows(spec.key) + PREFILLED, index).protection.locked is column.computed


def _validations(wb: Workbook, lang: str, spec_key: str) -> dict[str, object]:
    spec = sheet(spec_key)
    ws = wb[spec.name(lang)]
    by_letter = {}
    for dv in ws.data_validations.dataValidation:
        for cell_range in dv.sqref.ranges:
            by_letter[cell_range.coord.split(":")[0].rstrip("0123456789")] = (dv, cell_range.coord)
    return {c.key: by_letter.get(ws.cell(1, i).column_letter) for i, c in enumerate(spec.columns, 1)}


@pytest.mark.parametrize("spec", DATA_SHEETS, ids=lambda s: s.key)
def test_validations(wb: Workbook, lang: str, spec) -> None:
    found = _validations(wb, lang, spec.key)
    for column in spec.columns:
        entry = found[column.key]
        if column.computed:
            assert entry is None
            continue
        dv, coord = entry
        assert coord.endswith(str(1 + _rows(spec.key) + PREFILLED))
        assert dv.prompt == column.help(lang)[:255]
        if column.key == "product":
            assert dv.type is None
        elif column.choices == "owners":
            assert dv.type == "list"
            assert dv.formula1 == ("list_target_owners" if spec.key == "targets" else "list_owners")
        elif column.choices and column.choices != "scale_1_5":
            assert (dv.type, dv.formula1, dv.showErrorMessage) == ("list", f"list_{column.choices}", True)
        elif column.key in ("likelihood", "impact"):
            assert (dv.type, dv.formula1, dv.formula2) == ("whole", "1", "5")
        elif column.key == "probability":
            assert (dv.type, dv.formula1, dv.formula2) == ("decimal", "0", "1")
        elif column.kind is ColumnKind.DATE:
            assert dv.type == "date" and dv.showErrorMessage


def test_defined_names_point_at_config_lists_and_pipeline(wb: Workbook, lang: str) -> None:
    names = {name: dn.attr_text for name, dn in wb.defined_names.items()}
    config = extra_sheet_name("config", lang)
    for name in ("cfg_fiscal_start", "cfg_stale_days", "cfg_risk_amber", "cfg_risk_red", "cfg_stage_label"):
        assert names[name].split("!")[0].strip("'") == config
    lists = extra_sheet_name("lists", lang)
    for name in ("list_stages", "list_owners", "list_target_owners", "list_task_statuses", "keys_rag"):
        assert names[name].split("!")[0].strip("'") == lists
    assert names["pipe_amount"].split("!")[0].strip("'") == sheet("pipeline").name(lang)
    ws = wb[lists]
    owners = [c.value for c in ws[names["list_target_owners"].split("!")[1]] for c in c]
    assert owners == ["TEAM", "alice", "bob"]


def test_stamp_on_config_sheet_and_custom_properties(wb: Workbook, lang: str) -> None:
    rows = [[c.value for c in row] for row in wb[extra_sheet_name("config", lang)].iter_rows()]
    config, stamp = parse_config_rows(rows)
    assert config == WorkbookConfig()
    assert dict(stamp) == {"template_version": str(TEMPLATE_VERSION), "schema_hash": schema_hash(),
                           "workbook_kind": "rep", "language": lang, "owner": "alice"}
    props = {p.name: p.value for p in wb.custom_doc_props.props}
    assert props[CUSTOM_PROPERTY_PREFIX + "template_version"] == TEMPLATE_VERSION
    assert props[CUSTOM_PROPERTY_PREFIX + "schema_hash"] == schema_hash()


def test_choice_keys_are_written_as_labels_of_the_language(wb: Workbook, lang: str) -> None:
    pipeline = wb[sheet("pipeline").name(lang)]
    stages = {c.value for c in pipeline["F"][1:]}
    assert ("赢单" if lang == "zh" else "Won") in stages
    assert "won" not in stages
    tasks = wb[sheet("tasks").name(lang)]
    assert ("已完成" if lang == "zh" else "Done") in {c.value for c in tasks["F"][1:]}
    assert pipeline["K2"].value == dt.date(2026, 11, 25) - dt.timedelta(days=90)


def test_unknown_values_are_kept_and_unknown_columns_refused() -> None:
    wb = build_workbook("rep", "en", rows={"pipeline": [{"deal_id": "D1", "stage": "Negociation"}]},
                        prefilled_rows=0)
    assert wb["Pipeline"]["F2"].value == "Negociation"
    with pytest.raises(ValueError, match="colour"):
        build_workbook("rep", "en", rows={"pipeline": [{"deal_id": "D1", "colour": "red"}]})
    with pytest.raises(ValueError, match="sheet"):
        build_workbook("rep", "en", rows={"deals": []})
    with pytest.raises(ValueError, match="kind"):
        build_workbook("team", "en")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="lang"):
        build_workbook("rep", "fr")


def test_missing_values_from_data_frames_are_left_blank() -> None:
    row = {"deal_id": "D1", "amount": float("nan"), "expected_close_date": pd.NaT, "product": pd.NA,
           "created_date": pd.Timestamp("2026-03-05")}
    ws = build_workbook("rep", "en", rows={"pipeline": [row]}, prefilled_rows=0)["Pipeline"]
    assert [ws["G2"].value, ws["L2"].value, ws["Q2"].value] == [None, None, None]
    assert ws["K2"].value == dt.date(2026, 3, 5)


def test_text_that_looks_like_a_formula_stays_text(tmp_path) -> None:
    row = {"deal_id": "D1", "customer": '=HYPERLINK("http://evil")', "notes": "=1+1"}
    path = tmp_path / "t.xlsx"
    save_workbook(build_workbook("rep", "en", rows={"pipeline": [row]}, prefilled_rows=0), path)
    ws = openpyxl.load_workbook(path)["Pipeline"]
    assert (ws["C2"].value, ws["C2"].data_type) == ('=HYPERLINK("http://evil")', "s")
    assert ws["W2"].data_type == "s" and ws["X2"].data_type == "f"


def test_rebuilds_are_byte_identical() -> None:
    first = workbook_bytes(build_workbook("master", "zh", roster=ROSTER, prefilled_rows=3))
    second = workbook_bytes(build_workbook("master", "zh", roster=ROSTER, prefilled_rows=3))
    assert first == second


def test_conditional_formats_reference_config_thresholds(lang: str) -> None:
    wb = build_workbook("rep", lang, prefilled_rows=2)
    risks = wb[sheet("risks").name(lang)]
    formulas = [f for cf in risks.conditional_formatting for r in cf.rules for f in r.formula]
    assert any("cfg_risk_red" in f for f in formulas) and any("cfg_risk_amber" in f for f in formulas)
    tasks = wb[sheet("tasks").name(lang)]
    assert any("=TRUE" in f for cf in tasks.conditional_formatting for r in cf.rules for f in r.formula)
