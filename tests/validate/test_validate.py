"""validate_workbook on generated workbooks: each rule, asserted as flattened report rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from salessheet.io.reader import read_workbook
from salessheet.issues import Severity
from salessheet.schema import WorkbookConfig
from salessheet.validate import validate_workbook
from tests.io.workbooks import TODAY, build, deal, risk, target, task

VERSION = [None, None, "workbook.template.version"]


def _report(tmp_path: Path, config: WorkbookConfig | None = None, roster=None, **rows):
    path = build(tmp_path / "rep.xlsx", rows=rows, config=config)
    return validate_workbook(read_workbook(path), today=TODAY, roster=roster)


def test_clean_workbook_has_no_problems(tmp_path: Path):
    won = deal(2, stage="Won", actual_close_date=dt.date(2026, 11, 1))
    report = _report(tmp_path, pipeline=[deal(1), won],
                     tasks=[task(1, deal_id="D-0001")], risks=[risk(1, deal_id="D-0002")],
                     targets=[target(), target(owner="TEAM")])
    assert report.flatten() == [VERSION]
    assert report.ok


def test_required_choices_and_bounds(tmp_path: Path):
    report = _report(tmp_path,
                     pipeline=[deal(1, customer=None, stage="Dreaming", currency="BTC", probability=150)],
                     tasks=[task(1, status="Whenever", priority="Urgent")],
                     risks=[risk(1, likelihood=0, impact=6, category="Aliens")])
    assert report.flatten() == [
        VERSION,
        ["Pipeline", "C2", "pipeline.customer.required"],
        ["Pipeline", "F2", "pipeline.stage.not_configured"],
        ["Pipeline", "H2", "pipeline.currency.unknown_choice"],
        ["Pipeline", "I2", "pipeline.probability.above_maximum"],
        ["Risks", "C2", "risks.category.unknown_choice"],
        ["Risks", "E2", "risks.likelihood.below_minimum"],
        ["Risks", "F2", "risks.impact.above_maximum"],
        ["Tasks", "F2", "tasks.status.unknown_choice"],
        ["Tasks", "G2", "tasks.priority.unknown_choice"],
    ]
    by_cell = {i.cell: i for i in report if i.sheet == "Tasks"}
    assert by_cell["G2"].message_en.startswith('Priority: "Urgent" is not one of High/Medium/Low')
    assert by_cell["G2"].raw == "Urgent"


def test_unparseable_cell_is_not_also_reported_missing(tmp_path: Path):
    report = _report(tmp_path, pipeline=[deal(1, amount="lots")])
    assert report.flatten() == [VERSION, ["Pipeline", "G2", "pipeline.amount.not_a_number"]]


def test_ids_references_and_roster(tmp_path: Path):
    report = _report(tmp_path,
                     pipeline=[deal(1), deal(1, customer="Other"), deal(3, owner="zed")],
                     tasks=[task(1, deal_id="D-0099"), task(2, deal_id="d-0001", owner="BOB")],
                     risks=[risk(1, deal_id="D-0404")],
                     targets=[target(owner="TEAM"), target(owner="zed"), target(owner="TEAM")])
    assert report.flatten() == [
        VERSION,
        ["Pipeline", "A3", "pipeline.deal_id.duplicate"],
        ["Pipeline", "E4", "pipeline.owner.not_in_roster"],
        ["Risks", "B2", "risks.deal_id.unknown_deal"],
        ["Targets", "B3", "targets.owner.not_in_roster"],
        ["Targets", "A4", "targets.row.duplicate"],
        ["Tasks", "B2", "tasks.deal_id.unknown_deal"],
    ]
    duplicate = next(i for i in report if i.code == "pipeline.deal_id.duplicate")
    assert duplicate.message_en == 'Deal ID "D-0001" is used on more than one row (also row 2)'


def test_roster_argument_overrides_sheet(tmp_path: Path):
    report = _report(tmp_path, roster=["zed"], pipeline=[deal(1), deal(2, owner="zed")])
    assert report.flatten() == [VERSION, ["Pipeline", "E2", "pipeline.owner.not_in_roster"]]


def test_pipeline_rules(tmp_path: Path):
    deals = [
        deal(1, probability=0.95),                                        # proposal default 0.6
        deal(2, probability=0.7),                                         # within tolerance
        deal(3, expected_close_date=dt.date(2026, 11, 1)),                # open, in the past
        deal(4, stage="Won"),                                             # no actual close date
        deal(5, amount=0),                                                # amount <= 0
        deal(6, last_activity_date=dt.date(2026, 9, 1)),                  # stale (85 days)
        deal(7, customer="Customer 1"),                                   # same customer+product as 1
        deal(8, stage="Lost", expected_close_date=dt.date(2026, 1, 1),
             actual_close_date=dt.date(2026, 1, 5), last_activity_date=dt.date(2026, 1, 5)),
    ]
    report = _report(tmp_path, pipeline=deals)
    assert report.flatten() == [
        VERSION,
        ["Pipeline", "I2", "pipeline.probability.far_from_stage"],
        ["Pipeline", "L4", "pipeline.expected_close_date.in_past"],
        ["Pipeline", "M5", "pipeline.actual_close_date.missing_for_won"],
        ["Pipeline", "G6", "pipeline.amount.not_positive"],
        ["Pipeline", "N7", "pipeline.last_activity_date.stale"],
        ["Pipeline", "C8", "pipeline.customer.probable_duplicate"],
    ]
    severities = {i.code.rsplit(".", 1)[-1]: i.severity for i in report}
    assert severities["far_from_stage"] is Severity.WARNING
    assert severities["missing_for_won"] is Severity.ERROR
    stale = next(i for i in report if i.cell == "N7")
    assert stale.message_en == "Last activity: no activity for 85 days (open deal)"
    assert stale.message_zh == "最近跟进：已 85 天未跟进（未关闭商机）"


def test_closed_deals_are_not_probable_duplicates(tmp_path: Path):
    """A repeat order (same customer and product as a won or lost deal) is not a duplicate."""
    closed = {"expected_close_date": dt.date(2026, 6, 1), "actual_close_date": dt.date(2026, 6, 1),
              "last_activity_date": dt.date(2026, 6, 1)}
    deals = [deal(1, stage="Won", **closed), deal(2, stage="Lost", **closed), deal(3),
             deal(4, stage="Won", **closed), deal(5)]
    report = _report(tmp_path, pipeline=[{**d, "customer": "Acme"} for d in deals])
    assert report.flatten() == [VERSION, ["Pipeline", "C6", "pipeline.customer.probable_duplicate"]]
    assert "as row 4 " in next(iter(i for i in report if i.code.endswith("probable_duplicate"))).message_en


def test_product_catalogue_and_tolerance_from_config(tmp_path: Path):
    config = WorkbookConfig(products=("Widget", "Gadget"), probability_tolerance=0.1)
    report = _report(tmp_path, config=config,
                     pipeline=[deal(1, product="widget"), deal(2, product="Sprocket", probability=0.75)])
    assert report.flatten() == [
        VERSION,
        ["Pipeline", "I3", "pipeline.probability.far_from_stage"],
        ["Pipeline", "Q3", "pipeline.product.not_in_catalogue"],
    ]


def test_every_issue_is_located(tmp_path: Path):
    report = _report(tmp_path, pipeline=[deal(1, amount="x", stage="?"), deal(1)],
                     tasks=[task(1, deal_id="Q")])
    for issue in report:
        if issue.code.startswith("workbook."):
            continue
        assert issue.file and issue.sheet and issue.cell and issue.row and issue.column
        assert issue.column_label and issue.message_en and issue.message_zh


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_messages_in_both_languages(tmp_path: Path, lang: str):
    path = build(tmp_path / "l.xlsx", lang=lang, rows={"pipeline": [deal(1, amount=-5)]})
    report = validate_workbook(read_workbook(path), today=TODAY)
    issue = next(i for i in report if i.code == "pipeline.amount.not_positive")
    assert issue.message("en") == "Amount: -5 must be greater than 0"
    assert issue.message("zh") == "金额：-5 必须大于 0"
    assert issue.sheet == ("Pipeline" if lang == "en" else "商机")


def test_target_periods_and_percent_messages(tmp_path: Path):
    report = _report(tmp_path, targets=[target("2026-Q5"), target("FY2026-H1"), target("someday")],
                     pipeline=[deal(1, probability="95%"), deal(2, probability=150)])
    assert report.flatten() == [
        VERSION,
        ["Pipeline", "I2", "pipeline.probability.far_from_stage"],
        ["Pipeline", "I3", "pipeline.probability.above_maximum"],
        ["Targets", "A2", "targets.period.not_a_period"],
        ["Targets", "A4", "targets.period.not_a_period"],
    ]
    messages = {i.cell: i.message_en for i in report if i.sheet == "Pipeline"}
    assert messages["I2"] == "Probability override: 95% is far from the stage default 60%"
    assert messages["I3"] == "Probability override: 150% is above the maximum 100%"
