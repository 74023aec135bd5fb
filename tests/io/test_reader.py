"""The reader on a corpus of messy workbooks generated here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from salessheet.io.reader import read_workbook
from salessheet.schema import sheet
from tests.io.workbooks import build, deal, risk, task


def _codes(data):
    return [[i.sheet, i.cell, i.code] for i in data.report.sorted()]


def test_clean_workbook_reads_typed_rows(tmp_path: Path):
    path = build(tmp_path / "rep.xlsx", rows={"pipeline": [deal(1), deal(2, stage="Won", probability=0.9)],
                                               "tasks": [task(1, is_milestone=True)], "risks": [risk(1)]})
    data = read_workbook(path)
    assert (data.lang, data.template_version, data.owner) == ("en", 3, "alice")
    assert _codes(data) == [[None, None, "workbook.template.version"]]
    deals = data.frame("pipeline")
    assert list(deals["deal_id"]) == ["D-0001", "D-0002"]
    assert list(deals["_row"]) == [2, 3]
    assert list(deals["stage"]) == ["proposal", "won"]
    assert deals["amount"].dtype == float and list(deals["amount"]) == [2000.0, 3000.0]
    assert deals.loc[0, "created_date"] == dt.date(2026, 9, 1)
    assert pd.isna(deals.loc[0, "probability"]) and deals.loc[1, "probability"] == 0.9
    assert deals["source"].tolist() == ["referral", "referral"]
    assert data.frame("tasks")["is_milestone"].tolist() == [True]
    assert data.frame("risks")["likelihood"].dtype == "Int64"
    assert data.sheets["pipeline"].cell("amount", 3) == "G3"
    assert len(data.frame("targets")) == 0  # only prefilled blank rows


def test_chinese_workbook_with_title_rows_and_text_values(tmp_path: Path):
    rows = {"pipeline": [deal(1, stage="赢单", amount="¥1,200,000", created_date="2026年3月5日",
                              actual_close_date="2026/3/20", probability="40%", source="转介绍"),
                         deal(2, stage="报价", amount="12万", created_date=46086, probability=40)]}
    path = build(tmp_path / "zh.xlsx", lang="zh", rows=rows, title_rows=2)
    data = read_workbook(path)
    assert data.lang == "zh"
    assert data.sheets["pipeline"].sheet_name == "商机"
    assert data.sheets["pipeline"].header_row == 3
    deals = data.frame("pipeline")
    assert deals["stage"].tolist() == ["won", "proposal"]
    assert deals["amount"].tolist() == [1_200_000.0, 120_000.0]
    assert deals["created_date"].tolist() == [dt.date(2026, 3, 5)] * 2
    assert deals["probability"].tolist() == [0.4, 0.4]
    assert deals["source"].tolist() == ["referral", "referral"]
    assert deals["_row"].tolist() == [4, 5]


def test_unparseable_cells_are_reported_with_raw_text(tmp_path: Path):
    path = build(tmp_path / "bad.xlsx", rows={"pipeline": [deal(1, amount="12,5O0", created_date="someday")],
                                              "tasks": [task(1, is_milestone="maybe")]})
    data = read_workbook(path)
    bad = {(i.sheet, i.cell): (i.code, i.raw) for i in data.report if i.row}
    assert bad == {
        ("Pipeline", "G2"): ("pipeline.amount.not_a_number", "12,5O0"),
        ("Pipeline", "K2"): ("pipeline.created_date.not_a_date", "someday"),
        ("Tasks", "H2"): ("tasks.is_milestone.not_a_boolean", "maybe"),
    }
    issue = next(i for i in data.report if i.cell == "G2")
    assert issue.message_en == 'Amount: "12,5O0" is not a number'
    assert issue.message_zh == "金额：“12,5O0” 不是数字"
    assert pd.isna(data.frame("pipeline").loc[0, "amount"])


def test_tolerant_headers_synonyms_units_and_extra_columns(tmp_path: Path):
    headers = {"pipeline": {"deal_id": "Opportunity ID", "amount": "Amount (¥)", "customer": "  CUSTOMER ",
                            "created_date": "创建日期", "expected_close_date": "Expected_Close",
                            "owner": "Ｏｗｎｅｒ"}}
    path = build(tmp_path / "h.xlsx", headers=headers,
                 rows={"pipeline": [deal(1, **{"My notes": "call back", "Region code": 7})]})
    data = read_workbook(path)
    rows = data.sheets["pipeline"]
    renamed = {"deal_id", "amount", "customer", "created_date", "expected_close_date", "owner"}
    assert renamed <= set(rows.frame)
    assert rows.extra_columns == ["My notes", "Region code"]
    assert rows.frame["My notes"].tolist() == ["call back"]
    assert rows.frame["Region code"].tolist() == [7.0]
    assert rows.column_letters["My notes"] == "AD"
    assert not data.report.errors


def test_missing_required_column_is_one_error(tmp_path: Path):
    path = build(tmp_path / "m.xlsx", headers={"pipeline": {"amount": ""}}, rows={"pipeline": [deal(1)]})
    data = read_workbook(path)
    missing = [i for i in data.report if i.code == "pipeline.amount.missing_column"]
    assert len(missing) == 1 and missing[0].message_en == "required column Amount is missing"


def test_missing_sheet_and_blank_rows(tmp_path: Path):
    path = build(tmp_path / "s.xlsx", skip_sheets=("risks",), rows={"pipeline": [deal(1), {}, {}, deal(4)]})
    data = read_workbook(path)
    assert data.frame("pipeline")["_row"].tolist() == [2, 5]
    assert data.sheets["risks"].sheet_name is None and data.frame("risks").empty
    assert [i.code for i in data.report if i.severity.value == "error"] == ["risks.sheet.missing"]


def _edit(path: Path, change) -> Path:
    book = load_workbook(path)
    change(book)
    book.save(path)
    return path


def test_merged_hidden_and_error_cells(tmp_path: Path):
    path = build(tmp_path / "x.xlsx", rows={"pipeline": [deal(1), deal(2), deal(3)]})

    def change(book):
        ws = book["Pipeline"]
        ws.merge_cells("C3:C4")  # customer of deals 2 and 3
        ws.row_dimensions[2].hidden = True
        ws["G2"] = "#REF!"
        ws["X3"] = "#DIV/0!"  # a computed column
        ws["I4"].value = "#N/A"

    data = read_workbook(_edit(path, change))
    assert _codes(data) == [
        [None, None, "workbook.template.version"],
        ["Pipeline", None, "pipeline.row.hidden"],
        ["Pipeline", "G2", "pipeline.amount.formula_error"],
        ["Pipeline", "C3", "pipeline.customer.merged"],
        ["Pipeline", "X3", "pipeline.win_probability.formula_error"],
        ["Pipeline", "I4", "pipeline.probability.formula_error"],
    ]
    deals = data.frame("pipeline")
    assert deals["customer"].tolist() == ["Customer 1", "Customer 2", "Customer 2"]
    assert next(i.raw for i in data.report if i.cell == "G2") == "#REF!"


def test_old_template_version_maps_renamed_columns_and_values(tmp_path: Path):
    old = {"pipeline": {"expected_close_date": "Close date", "forecast_category": ""},
           "risks": {"contingency": ""}}
    path = build(tmp_path / "v1.xlsx", version=1, headers=old,
                 rows={"pipeline": [deal(1, stage="Discovery"), deal(2, stage="需求挖掘")]})
    data = read_workbook(path)
    assert data.template_version == 1
    deals = data.frame("pipeline")
    assert deals["stage"].tolist() == ["qualified", "qualified"]
    assert deals["expected_close_date"].tolist() == [dt.date(2026, 12, 31)] * 2
    codes = [i.code for i in data.report]
    assert codes == ["workbook.template.version", "workbook.template.older"]
    assert "template version 1 found (current 3)" in data.report.issues[0].message_en


def test_unstamped_workbook_and_custom_properties(tmp_path: Path):
    path = build(tmp_path / "u.xlsx", version=None, rows={"pipeline": [deal(1)]})
    assert [i.code for i in read_workbook(path).report] == ["workbook.template.not_stamped"]

    def stamp(book):
        from openpyxl.packaging.custom import StringProperty

        book.custom_doc_props.append(StringProperty(name="salessheet_template_version", value="2"))

    data = read_workbook(_edit(path, stamp))
    assert data.template_version == 2
    assert [i.code for i in data.report] == ["workbook.template.version", "workbook.template.older"]


def test_sheet_found_by_tolerant_name_and_config_override(tmp_path: Path):
    from salessheet.schema import WorkbookConfig

    path = build(tmp_path / "n.xlsx", rows={"pipeline": [deal(1, created_date="3/5/2026")]})
    _edit(path, lambda book: setattr(book["Pipeline"], "title", " pipeline "))
    data = read_workbook(path, config_override=WorkbookConfig(date_order="DMY"))
    assert data.sheets["pipeline"].sheet_name == " pipeline "
    assert data.frame("pipeline")["created_date"].tolist() == [dt.date(2026, 5, 3)]


def test_header_not_found(tmp_path: Path):
    book = Workbook()
    book.active.title = "Pipeline"
    book.active.append(["nothing", "here"])
    book.active.append([1, 2])
    book.save(tmp_path / "nh.xlsx")
    data = read_workbook(tmp_path / "nh.xlsx")
    assert ["Pipeline", None, "pipeline.header.not_found"] in _codes(data)


def test_roster_argument_replaces_workbook_roster(tmp_path: Path):
    path = build(tmp_path / "r.xlsx", rows={"pipeline": [deal(1)]})
    data = read_workbook(path, roster=["carol"])
    assert data.frame("roster")["rep_id"].tolist() == ["carol"]


@pytest.mark.parametrize("kind", ["Pipeline", "Tasks"])
def test_every_column_label_is_recognised(kind, tmp_path: Path):
    spec = sheet(kind.lower())
    path = build(tmp_path / "all.xlsx", lang="zh")
    data = read_workbook(path)
    assert set(data.sheets[spec.key].column_letters) == {c.key for c in spec.columns}


def test_config_problems_and_stamp_mismatches(tmp_path: Path):
    path = build(tmp_path / "c.xlsx", rows={"pipeline": [deal(1)]})

    def break_config(book):
        ws = book["Config"]
        for row in ws.iter_rows(min_row=1):
            if row[0].value == "stale_deal_days":
                row[2].value = "soon"
            if row[0].value == "schema_hash":
                row[2].value = "000000000000"

    data = read_workbook(_edit(path, break_config))
    assert [i.code for i in data.report] == ["workbook.config.invalid", "workbook.template.version",
                                             "workbook.template.schema_mismatch"]
    assert data.config.stale_deal_days == 30  # defaults used
    newer = build(tmp_path / "n.xlsx", version=99)
    assert "workbook.template.newer" in [i.code for i in read_workbook(newer).report]


def test_blank_columns_and_rows_around_the_table(tmp_path: Path):
    path = build(tmp_path / "b.xlsx", title_rows=1, rows={"pipeline": [deal(1), deal(2)]})

    def shift(book):
        ws = book["Pipeline"]
        ws.insert_cols(1, 2)
        ws.insert_rows(1, 3)

    data = read_workbook(_edit(path, shift))
    rows = data.sheets["pipeline"]
    assert rows.header_row == 5
    assert rows.frame["_row"].tolist() == [6, 7]
    assert rows.cell("amount", 6) == "I6"
    assert rows.frame["amount"].tolist() == [2000.0, 3000.0]
    assert not data.report.errors


def test_xlsm_is_read(tmp_path: Path):
    path = build(tmp_path / "macro.xlsx", rows={"pipeline": [deal(1)]})
    macro = path.rename(tmp_path / "macro.xlsm")
    assert read_workbook(macro).frame("pipeline")["deal_id"].tolist() == ["D-0001"]


def test_extra_formula_column_does_not_keep_blank_rows(tmp_path: Path):
    path = build(tmp_path / "f.xlsx", rows={"pipeline": [deal(1)]}, prefilled=5)

    def add_column(book):
        ws = book["Pipeline"]
        ws.cell(1, 31, "Double")
        for r in range(2, 8):
            ws.cell(r, 31, 0)  # what Excel caches for =G2*2 on an empty row

    data = read_workbook(_edit(path, add_column))
    assert data.frame("pipeline")["Double"].tolist() == [0]
    assert not data.report.errors


def test_data_without_header_is_kept_by_letter(tmp_path: Path):
    path = build(tmp_path / "nh.xlsx", rows={"pipeline": [deal(1), deal(2)]}, prefilled=0)
    _edit(path, lambda book: book["Pipeline"].cell(3, 35, "orphan"))
    rows = read_workbook(path).sheets["pipeline"]
    assert rows.frame["(AI)"].tolist() == [None, "orphan"]
    assert rows.extra_columns == ["(AI)"] and rows.column_letters["(AI)"] == "AI"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_template_built_workbook(tmp_path: Path, lang: str):
    from salessheet.templates import build_workbook, save_workbook

    rows = {"pipeline": [{"deal_id": "D-1", "customer": "ACME", "owner": "alice", "stage": "won",
                          "amount": 1000.0, "created_date": dt.date(2026, 1, 1),
                          "actual_close_date": dt.date(2026, 2, 1), "source": "referral"}]}
    book = build_workbook("rep", lang, roster=[{"rep_id": "alice", "name": "Alice"}], owner="alice",
                          rows=rows, prefilled_rows=30)
    path = save_workbook(book, tmp_path / f"{lang}.xlsx")
    data = read_workbook(path)
    assert (data.lang, data.template_version, data.owner) == (lang, 3, "alice")
    deals = data.frame("pipeline")
    assert deals[["deal_id", "stage", "source"]].values.tolist() == [["D-1", "won", "referral"]]
    assert deals["_row"].tolist() == [2]
    assert data.frame("roster")["rep_id"].tolist() == ["alice"]
    assert not data.report.errors and not data.report.warnings

    def drop_config(book):
        del book[next(n for n in book.sheetnames if n in ("Config", "配置"))]

    stamped = read_workbook(_edit(path, drop_config))
    assert (stamped.template_version, stamped.owner) == (3, "alice")  # from document properties


def test_equal_dates_of_a_column_are_one_object(tmp_path: Path):
    """(So that a pickled workbook holds each date of a column once: the cache and the worker
    processes pickle every workbook.)"""
    path = build(tmp_path / "rep.xlsx", rows={"pipeline": [deal(n) for n in range(1, 5)]})
    created = read_workbook(path).frame("pipeline")["created_date"].tolist()
    assert created[0] == created[3] == dt.date(2026, 9, 1)
    assert all(value is created[0] for value in created)
