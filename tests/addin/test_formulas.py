"""=SALES_ formulas called through xlwings' custom-function machinery, checked against salessheet.compute."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pandas as pd
import pytest
from xlwings import server

from salessheet.addin import formulas
from salessheet.compute import columns, funnel, periods, pipeline, targets
from salessheet.compute.metrics import TeamFrames, team_metrics
from salessheet.schema import WorkbookConfig

from .office import call_function, column, serial, values

CONFIG = WorkbookConfig()
TODAY = dt.date(2026, 8, 15)
D = dt.date

# deal_id, stage label as a rep types it, amount as typed, probability, created, expected, actual close
DEALS = [
    ("D1", "Won", 1000, None, D(2026, 6, 1), None, D(2026, 7, 20)),
    ("D2", "Proposal", "12万", None, D(2026, 6, 1), D(2026, 9, 10), None),
    ("D3", "输单", 500, None, D(2026, 5, 1), None, D(2026, 7, 25)),
    ("D4", "Negotiation", 30000, 0.9, D(2026, 7, 1), D(2026, 8, 30), None),
    ("D5", "Demo", "¥8,000", None, D(2026, 7, 15), D(2026, 10, 5), None),
    ("D6", "赢单", 2500, None, D(2026, 4, 1), None, D(2026, 8, 2)),
    ("D7", "Lead", 700, None, D(2026, 8, 1), D(2026, 9, 30), None),
]
HEADER = ["Deal ID", "Stage", "Amount", "Probability", "Created", "Expected close", "Actual close"]
STAGE_KEYS = {"Won": "won", "Proposal": "proposal", "输单": "lost", "Negotiation": "negotiation",
              "Demo": "demo", "赢单": "won", "Lead": "lead"}
AMOUNTS = {"12万": 120000.0, "¥8,000": 8000.0}


def _cell(value: object) -> object:
    return serial(value) if isinstance(value, dt.date) else value


def pipeline_range() -> list[list[object]]:
    """The Pipeline table as Office.js hands it to a custom function: dates as serial numbers."""
    return [HEADER, *[[_cell(v) for v in row] for row in DEALS]]


def deals_frame() -> pd.DataFrame:
    """The same deals as the canonical, typed frame the compute functions take."""
    return pd.DataFrame(
        {
            "deal_id": [r[0] for r in DEALS],
            "stage": [STAGE_KEYS[r[1]] for r in DEALS],
            "amount": [AMOUNTS.get(r[2], r[2]) for r in DEALS],  # type: ignore[call-overload]
            "probability": [r[3] for r in DEALS],
            "created_date": [r[4] for r in DEALS],
            "expected_close_date": [r[5] for r in DEALS],
            "actual_close_date": [r[6] for r in DEALS],
        }
    )


def scalar(result: list[list[object]]) -> object:
    assert len(result) == 1 and len(result[0]) == 1, result
    return column(result)[0]


def test_metadata_lists_every_formula_with_help():
    meta = server.custom_functions_meta(formulas)
    names = sorted(f["name"] for f in meta["functions"])
    assert names == sorted(f.__name__ for f in formulas.FORMULAS)
    assert all(n.startswith("SALES_") for n in names)
    split = next(f for f in meta["functions"] if f["name"] == "SALES_TARGET_SPLIT")
    assert split["description"].startswith("Decompose an annual target")
    assert [p["name"] for p in split["parameters"]] == [
        "total", "fiscal_year", "level", "method", "weights", "fiscal_start_month"
    ]
    assert split["parameters"][2]["description"] == '"quarter", "month" or "week".'
    assert [p.get("optional", False) for p in split["parameters"]] == [False, False, True, True, True, True]
    json.dumps(meta)  # what the endpoint sends must be JSON


def test_win_prob_and_weighted_match_pipeline_columns():
    stages = [[r[1]] for r in DEALS]
    overrides = [[r[3]] for r in DEALS]
    probs = column(call_function(formulas, "SALES_WIN_PROB", stages, overrides))
    expected = columns.pipeline_columns(deals_frame(), CONFIG, TODAY)
    assert probs == pytest.approx(expected["win_probability"].tolist())
    amounts = [[r[2]] for r in DEALS]
    weighted = column(call_function(formulas, "SALES_WEIGHTED", amounts, [[p] for p in probs]))
    assert weighted == pytest.approx(expected["weighted_amount"].tolist())


def test_win_prob_unknown_stage_is_blank_not_an_error():
    assert column(call_function(formulas, "SALES_WIN_PROB", [["Proposal"], ["??"]], None)) == [0.6, None]


def test_risk_score_and_rag():
    likelihood, impact = [[1], [3], [5], [None]], [[2], [3], [4], [2]]
    frame = pd.DataFrame({"likelihood": [1, 3, 5, None], "impact": [2, 3, 4, 2]})
    expected = columns.risk_columns(frame, CONFIG)
    scores = column(call_function(formulas, "SALES_RISK_SCORE", likelihood, impact))
    assert scores == [2, 9, 20, None]
    assert scores[:3] == expected["score"].tolist()[:3]
    rag = column(call_function(formulas, "SALES_RISK_RAG", likelihood, impact, "zh"))
    assert rag == ["绿", "黄", "红", None]


def test_days_overdue_uses_the_today_argument_as_a_date():
    due = [[serial(D(2026, 8, 1))], [serial(D(2026, 8, 1))], ["2026-09-01"], [None]]
    status = [["In progress"], ["已完成"], ["Not started"], ["Blocked"]]
    result = column(call_function(formulas, "SALES_DAYS_OVERDUE", due, status, serial(TODAY)))
    frame = pd.DataFrame({"due_date": [D(2026, 8, 1), D(2026, 8, 1), D(2026, 9, 1), None],
                          "status": ["in_progress", "done", "not_started", "blocked"]})
    expected = columns.task_columns(frame, TODAY)["days_overdue"]
    assert result == [14, None, None, None]
    assert result[0] == expected[0]


@pytest.mark.parametrize("label", ["2026-Q3", "2026-W27", "2026-07", "FY2026-H1"])
def test_period_start_and_end(label):
    start = scalar(call_function(formulas, "SALES_PERIOD_START", label, 4))
    end = scalar(call_function(formulas, "SALES_PERIOD_END", label, 4))
    period = periods.parse_period(label, 4)
    assert (start, end) == (period.start, period.end)


def test_period_start_of_a_column_spills():
    labels = [["2026-Q1"], ["2026-Q5"], ["2026-Q2"]]
    result = column(call_function(formulas, "SALES_PERIOD_START", labels, None))
    assert result == [D(2026, 1, 1), None, D(2026, 4, 1)]  # a bad label leaves its cell empty


def test_working_days_and_allocate():
    days = scalar(call_function(formulas, "SALES_WORKING_DAYS", serial(D(2026, 6, 1)), serial(D(2026, 6, 30)),
                                [[serial(D(2026, 6, 19))]]))
    assert days == targets.working_days(D(2026, 6, 1), D(2026, 6, 30), [D(2026, 6, 19)]) == 21
    parts = column(call_function(formulas, "SALES_ALLOCATE", 100, [[1], [1], [1]]))
    assert parts == [float(p) for p in targets.allocate(100, [1, 1, 1])]
    assert sum(Decimal(str(p)) for p in parts) == Decimal("100")


@pytest.mark.parametrize(
    ("level", "method", "weights"),
    [
        ("quarter", "equal", None),
        ("month", "seasonality", [[1], [1], [2], [4]]),
        ("week", "working_days", None),
    ],
)
def test_target_split_matches_decompose_target(level, method, weights):
    args = (1_000_000.01, 2026, level, method, weights, None)
    result = values(call_function(formulas, "SALES_TARGET_SPLIT", *args))
    assert result[0] == ["Period", "Start", "End", "Target"]
    plan = targets.decompose_target(
        1_000_000.01, 2026, method=method, weights=[1, 1, 2, 4] if weights else None, weeks=level == "week"
    )
    rows = plan[plan.level == level]
    assert result[1:] == [[r.period, r.period_start, r.period_end, r.value] for r in rows.itertuples()]
    assert round(sum(r[3] for r in result[1:]), 2) == 1_000_000.01


def test_target_split_bad_level_is_an_error_cell_not_a_crash():
    with pytest.raises(ValueError, match="unknown level"):
        call_function(formulas, "SALES_TARGET_SPLIT", 1000, 2026, "decade", None, None, None)


def test_attainment_and_gap():
    assert column(call_function(formulas, "SALES_ATTAINMENT", [[75], [10]], [[100], [0]])) == [0.75, None]
    assert column(call_function(formulas, "SALES_GAP", [[100], [100]], [[75], [120]])) == [25.0, 0.0]


def test_pipeline_table_formulas_match_compute():
    rng, deals, today = pipeline_range(), deals_frame(), serial(TODAY)
    assert scalar(call_function(formulas, "SALES_PIPELINE", rng, today, None)) == \
        pipeline.weighted_pipeline(deals, CONFIG, TODAY)
    assert scalar(call_function(formulas, "SALES_PIPELINE", rng, today, "2026-Q3")) == \
        pipeline.weighted_pipeline(deals, CONFIG, TODAY, "2026-Q3")
    assert scalar(call_function(formulas, "SALES_CLOSED_WON", rng, "2026-Q3", today)) == \
        pipeline.closed_won(deals, CONFIG, "2026-Q3", TODAY) == 3500.0
    rate = pipeline.win_rate(deals, CONFIG, "2026-Q3", TODAY)
    assert scalar(call_function(formulas, "SALES_WIN_RATE", rng, "2026-Q3", today, None)) == rate.by_count
    assert scalar(call_function(formulas, "SALES_WIN_RATE", rng, "2026-Q3", today, "value")) == rate.by_value
    gap = pipeline.gap_to_target(50_000, 3500.0)
    assert scalar(call_function(formulas, "SALES_COVERAGE", rng, "2026-Q3", 50_000, today, None)) == \
        pytest.approx(pipeline.coverage(deals, CONFIG, "2026-Q3", TODAY, gap))
    assert scalar(call_function(formulas, "SALES_COVERAGE", rng, "2026-Q3", 50_000, today, True)) == \
        pytest.approx(pipeline.coverage(deals, CONFIG, "2026-Q3", TODAY, gap, weighted=True))
    assert scalar(call_function(formulas, "SALES_CYCLE", rng, today, None)) == \
        funnel.average_sales_cycle(deals, CONFIG, TODAY)
    team = team_metrics(TeamFrames(pipeline=deals), "2026-Q3", today=TODAY).team
    assert scalar(call_function(formulas, "SALES_VELOCITY", rng, "2026-Q3", today)) == team.velocity


def test_forecast_by_category_and_as_a_table():
    rng, deals = pipeline_range(), deals_frame()
    expected = pipeline.forecast(deals, CONFIG, "2026-Q3", TODAY)
    commit = call_function(formulas, "SALES_FORECAST", rng, "2026-Q3", "commit total", serial(TODAY))
    assert scalar(commit) == expected.commit_total
    table = values(call_function(formulas, "SALES_FORECAST", rng, "2026-Q3", None, serial(TODAY)))
    assert dict(table)["best_case"] == expected.best_case
    assert dict(table)["pipeline_total"] == expected.pipeline_total


def test_metrics_table_with_targets():
    targets_range = [["Period", "Owner", "Metric", "Target"], ["2026-Q3", "TEAM", "Revenue", 10_000]]
    table = values(call_function(formulas, "SALES_METRICS", pipeline_range(), "2026-Q3", serial(TODAY),
                                 targets_range))
    assert table[0] == ["Metric", "Value"]
    got = dict(table[1:])
    frames = TeamFrames(pipeline=deals_frame(), targets=pd.DataFrame(
        {"period": ["2026-Q3"], "owner": ["TEAM"], "metric": ["revenue"], "value": [10_000.0]}))
    team = team_metrics(frames, "2026-Q3", today=TODAY).team
    assert got["target"] == team.target == 10_000.0
    assert got["attainment"] == team.attainment
    assert got["open_deals"] == team.open_deals


def test_funnel_table():
    table = values(call_function(formulas, "SALES_FUNNEL", pipeline_range(), serial(TODAY)))
    expected = funnel.stage_funnel(deals_frame(), CONFIG, TODAY)
    assert [row[1] for row in table[1:]] == expected["reached"].tolist()
    assert table[1][0] == "Lead"


def test_a_range_without_a_header_row_is_a_clear_error():
    with pytest.raises(ValueError, match="header row"):
        call_function(formulas, "SALES_PIPELINE", [[1, 2], [3, 4]], None, None)


def test_amounts_and_probabilities_typed_as_text_are_read_like_the_templates():
    weighted = column(call_function(formulas, "SALES_WEIGHTED", [["12万"], ["¥1,000"], ["x"]],
                                    [["60%"], [0.5], [50]]))
    assert weighted == [72000.0, 500.0, None]
