"""Spreadsheet formulas ``=SALES_...``: thin xlwings wrappers around ``salessheet.compute``.

Each formula types its arguments (ranges -> lists or canonical rows, Excel dates ->
``datetime.date``), calls one pure compute function and shapes the answer as a cell or a
dynamic array; the figures themselves are computed only in ``salessheet.compute``. The
docstrings are the help Excel shows and the formula reference in ``docs/xlwings.md``:
the first paragraph describes the formula, the ``Args:`` lines describe its arguments.

Formulas use the team's default Config (stages, probabilities, thresholds); periods take
an optional fiscal-year start month. Pass ``TODAY()`` as ``today`` so that Excel
recalculates when the date changes; left out, the current date is used.

The module imports under desktop xlwings, xlwings Server and xlwings Lite (Pyodide):
pure Python, no file, thread or process use at import.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import re
from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd

from salessheet.addin import ranges
from salessheet.addin.xl import OfficeCells, arg, func
from salessheet.compute.columns import pipeline_columns, risk_columns, task_columns
from salessheet.compute.funnel import average_sales_cycle, stage_funnel
from salessheet.compute.metrics import GroupMetrics, TeamFrames, team_metrics
from salessheet.compute.periods import PeriodError, parse_period
from salessheet.compute.pipeline import (
    attainment,
    closed_won,
    coverage,
    forecast,
    gap_to_target,
    prepare_deals,
    weighted_pipeline,
    win_rate,
)
from salessheet.compute.targets import allocate, decompose_target, working_days
from salessheet.schema import WorkbookConfig, choice_labels

__all__ = [
    "FORMULAS",
    "SALES_ALLOCATE",
    "SALES_ATTAINMENT",
    "SALES_CLOSED_WON",
    "SALES_COVERAGE",
    "SALES_CYCLE",
    "SALES_DAYS_OVERDUE",
    "SALES_FORECAST",
    "SALES_FUNNEL",
    "SALES_GAP",
    "SALES_METRICS",
    "SALES_PERIOD_END",
    "SALES_PERIOD_START",
    "SALES_PIPELINE",
    "SALES_RISK_RAG",
    "SALES_RISK_SCORE",
    "SALES_TARGET_SPLIT",
    "SALES_VELOCITY",
    "SALES_WEIGHTED",
    "SALES_WIN_PROB",
    "SALES_WIN_RATE",
    "SALES_WORKING_DAYS",
    "formula_help",
]

_F = TypeVar("_F", bound=Callable[..., Any])
_ARG_LINE = re.compile(r"^\s{4}(\w+):\s*(.*)$")
_CONFIG = WorkbookConfig()

FORMULAS: list[Callable[..., Any]] = []
"""Every formula of this module, in reference order."""

Cells = list[list[Any]]


def formula_help(f: Callable[..., Any]) -> tuple[str, dict[str, str]]:
    """A formula's description (the docstring's first paragraph) and its argument descriptions."""
    doc = inspect.cleandoc(f.__doc__ or "")
    summary = " ".join(doc.split("\n\n", 1)[0].split())
    args: dict[str, str] = {}
    current = None
    in_args = False
    for line in doc.splitlines():
        if line.strip() == "Args:":
            in_args = True
            continue
        if in_args and line and not line.startswith(" "):
            break
        match = _ARG_LINE.match(line) if in_args else None
        if match:
            current = match[1]
            args[current] = match[2].strip()
        elif in_args and current and line.strip():
            args[current] += " " + line.strip()
    return summary, args


def _formula(*, dates: tuple[str, ...] = (), returns_dates: bool = False) -> Callable[[_F], _F]:
    """Register ``f`` as a custom function: argument docs and converters from its docstring.

    Results are shaped by ``ranges.result`` and handed to Excel as they are ("raw"), which
    is much faster than xlwings' cell-by-cell conversion; formulas returning dates
    (``returns_dates``) keep xlwings' conversion, which turns dates into Excel date numbers
    (on the Office.js protocol through ``xl.OfficeCells``, the same cells in fewer steps).
    """

    def register(function: _F) -> _F:
        if returns_dates:
            f = function
        else:
            @functools.wraps(function)
            def f(*args: Any) -> Any:
                return ranges.result(function(*args))
        summary, docs = formula_help(f)
        for name in inspect.signature(f).parameters:
            # Dates go through xlwings' date converter; everything else arrives raw (a scalar or
            # a list of rows) and is typed by ``ranges``, which is faster than cleaning cell by cell.
            converter = dt.date if name in dates else "raw"
            arg(name, convert=converter, doc=docs.get(name, name))(f)  # records metadata on f itself
        func(f)
        meta = getattr(f, "__xlfunc__", None)
        if isinstance(meta, dict) and isinstance(meta.get("ret"), dict):
            meta["ret"]["doc"] = summary  # Excel shows one line, not the Args section
            # Not by the annotation: xlwings has no converter for "float | None" and the like.
            meta["ret"].setdefault("options", {})["convert"] = (
                (OfficeCells or Any) if returns_dates else "raw"
            )
        FORMULAS.append(f)
        return f  # type: ignore[return-value]

    return register


def _day(today: dt.date | None) -> dt.date:
    return today if isinstance(today, dt.date) else dt.date.today()


def _fiscal(month: Any) -> int:
    value = ranges.scalar(month)
    return int(value) if isinstance(value, int | float) and 1 <= value <= 12 else 1


def _period_text(period: Any) -> str:
    text = ranges.texts(period)
    if not text or text[0] is None:
        raise ValueError("a period is needed, e.g. 2026-Q3")
    return text[0]


# The Pipeline columns the team-level figures read (salessheet.compute.pipeline and .funnel).
_DEAL_FIGURES = frozenset({"stage", "amount", "probability", "forecast_category", "created_date",
                           "expected_close_date", "actual_close_date", "last_activity_date"})


def _deals(pipeline: Any, today: dt.date | None) -> pd.DataFrame:
    """The deals, prepared once (compute functions given a prepared frame use it as it is).

    Dates are read as datetime64 columns, which ``prepare_deals`` would convert them to.
    """
    deals = ranges.table("pipeline", pipeline, _CONFIG, _DEAL_FIGURES, datetimes=True)
    return prepare_deals(deals, _CONFIG, _day(today))


def _none_if_missing(value: float | None) -> float | None:
    return None if value is None or value != value else value


# ---------------------------------------------------------------------------- row-level


@_formula()
def SALES_WIN_PROB(stages: Any, overrides: Any = None) -> ranges.Column:
    """Win probability of each deal: the rep's override where given, else the stage's default.

    Args:
        stages: the Stage column (English or Chinese stage names).
        overrides: the Probability column (optional; blank cells use the stage default).
    """
    frame = pd.DataFrame({"stage": ranges.choice_keys(stages, "stages", _CONFIG)})
    if overrides is not None:
        frame["probability"] = pd.Series(ranges.percents(overrides), dtype="float64")
    return ranges.Column(pipeline_columns(frame, _CONFIG, dt.date.today())["win_probability"])


@_formula()
def SALES_WEIGHTED(amounts: Any, probabilities: Any) -> ranges.Column:
    """Weighted amount of each deal: amount × win probability, to the cent.

    Args:
        amounts: the Amount column.
        probabilities: the win probabilities (e.g. from SALES_WIN_PROB).
    """
    frame = pd.DataFrame({
        "amount": pd.Series(ranges.numbers(amounts), dtype="float64"),
        "probability": pd.Series(ranges.percents(probabilities), dtype="float64"),
    })
    return ranges.Column(pipeline_columns(frame, _CONFIG, dt.date.today())["weighted_amount"])


def _risks(likelihoods: Any, impacts: Any) -> pd.DataFrame:
    frame = pd.DataFrame({
        "likelihood": pd.Series(ranges.numbers(likelihoods), dtype="float64"),
        "impact": pd.Series(ranges.numbers(impacts), dtype="float64"),
    })
    return risk_columns(frame, _CONFIG)


@_formula()
def SALES_RISK_SCORE(likelihoods: Any, impacts: Any) -> ranges.Column:
    """Risk score of each risk: likelihood × impact (1-25).

    Args:
        likelihoods: the Likelihood column (1-5).
        impacts: the Impact column (1-5).
    """
    return ranges.Column(_risks(likelihoods, impacts)["score"])


@_formula()
def SALES_RISK_RAG(likelihoods: Any, impacts: Any, lang: str = "en") -> ranges.Column:
    """Red, Amber or Green of each risk, by the score thresholds of the Config.

    Args:
        likelihoods: the Likelihood column (1-5).
        impacts: the Impact column (1-5).
        lang: "en" for Red/Amber/Green, "zh" for 红/黄/绿.
    """
    labels = dict(choice_labels("rag", _CONFIG, "zh" if str(lang).lower().startswith("zh") else "en"))
    return ranges.Column(_risks(likelihoods, impacts)["rag"].map(labels))


@_formula(dates=("today",))
def SALES_DAYS_OVERDUE(due_dates: Any, statuses: Any, today: dt.date | None = None) -> ranges.Column:
    """Days each open task is past its due date; blank when done, cancelled or not yet due.

    Args:
        due_dates: the Due date column.
        statuses: the Status column (English or Chinese).
        today: the day to count from, e.g. TODAY().
    """
    frame = pd.DataFrame({
        "due_date": ranges.dates(due_dates, _CONFIG.date_order),
        "status": ranges.choice_keys(statuses, "task_statuses", _CONFIG),
    })
    return ranges.Column(task_columns(frame, _day(today))["days_overdue"])


def _period_bounds(periods: Any, fiscal_start_month: Any, end: bool) -> Cells:
    month = _fiscal(fiscal_start_month)
    parsed: dict[str | None, dt.date | None] = {None: None}  # a column repeats few labels
    out: list[dt.date | None] = []
    for label in ranges.texts(periods):
        if label not in parsed:
            try:
                period = parse_period(label, month)  # type: ignore[arg-type]
            except PeriodError:  # a bad label gives an empty cell, not an error for the whole column
                parsed[label] = None
            else:
                parsed[label] = period.end if end else period.start
        out.append(parsed[label])
    return ranges.column(out)


@_formula(returns_dates=True)
def SALES_PERIOD_START(periods: Any, fiscal_start_month: Any = 1) -> Cells:
    """First day of each period label (2026, 2026-H1, 2026-Q3, 2026-07, 2026-W27, FY2026-Q1).

    Args:
        periods: one period label or a column of them.
        fiscal_start_month: month the fiscal year starts, for FY labels (1 = January).
    """
    return _period_bounds(periods, fiscal_start_month, end=False)


@_formula(returns_dates=True)
def SALES_PERIOD_END(periods: Any, fiscal_start_month: Any = 1) -> Cells:
    """Last day of each period label (2026, 2026-H1, 2026-Q3, 2026-07, 2026-W27, FY2026-Q1).

    Args:
        periods: one period label or a column of them.
        fiscal_start_month: month the fiscal year starts, for FY labels (1 = January).
    """
    return _period_bounds(periods, fiscal_start_month, end=True)


@_formula(dates=("start", "end"))
def SALES_WORKING_DAYS(start: dt.date, end: dt.date, holidays: Any = None) -> int:
    """Monday-to-Friday days from start to end inclusive, minus the holidays.

    Args:
        start: first day.
        end: last day.
        holidays: a range of holiday dates (optional).
    """
    days = [d for d in ranges.dates(holidays, _CONFIG.date_order) if d is not None]
    return working_days(start, end, days)


@_formula()
def SALES_ALLOCATE(total: Any, weights: Any) -> ranges.Column:
    """Split a total in proportion to weights, to the cent; the parts add up exactly to the total.

    Args:
        total: the amount to split.
        weights: one weight per part (non-negative, not all zero).
    """
    amount = ranges.numbers(total)[0]
    parts = allocate(amount or 0.0, [w or 0.0 for w in ranges.numbers(weights)])
    return ranges.Column([float(p) for p in parts])


@_formula(returns_dates=True)
def SALES_TARGET_SPLIT(
    total: Any,
    fiscal_year: Any,
    level: str = "month",
    method: str = "equal",
    weights: Any = None,
    fiscal_start_month: Any = 1,
) -> Cells:
    """Decompose an annual target into quarters, months or ISO weeks: Period, Start, End, Target.

    Args:
        total: the annual target.
        fiscal_year: the (fiscal) year, named by the calendar year it ends in.
        level: "quarter", "month" or "week".
        method: "equal", "seasonality", "history" or "working_days".
        weights: 12 month (or 4 quarter) weights for seasonality, 12 monthly actuals for history.
        fiscal_start_month: month the fiscal year starts (1 = January).
    """
    year = int(ranges.numbers(fiscal_year)[0] or 0)
    wanted = str(level).strip().lower() or "month"
    chosen = str(method).strip().lower() or "equal"
    given = [w or 0.0 for w in ranges.numbers(weights)] if weights is not None else None
    plan = decompose_target(
        ranges.numbers(total)[0] or 0.0, year, method=chosen,  # type: ignore[arg-type]
        weights=given, fiscal_year_start_month=_fiscal(fiscal_start_month), weeks=wanted == "week",
    )
    rows = plan[plan["level"] == wanted]
    if rows.empty:
        raise ValueError(f"unknown level {level!r}: use quarter, month or week")
    body = [[r.period, r.period_start, r.period_end, float(r.value)] for r in rows.itertuples()]
    return [["Period", "Start", "End", "Target"], *body]


@_formula()
def SALES_ATTAINMENT(actual: Any, target: Any) -> ranges.Column:
    """Attainment: actual ÷ target as a fraction (1 = 100%); blank without a positive target.

    Args:
        actual: actual amount(s).
        target: target amount(s), one per actual.
    """
    pairs = zip(ranges.numbers(actual), ranges.numbers(target), strict=False)
    return ranges.Column([attainment(a or 0.0, t) for a, t in pairs])


@_formula()
def SALES_GAP(target: Any, actual: Any) -> ranges.Column:
    """Gap to target: max(target − actual, 0); blank without a target.

    Args:
        target: target amount(s).
        actual: actual amount(s), one per target.
    """
    pairs = zip(ranges.numbers(target), ranges.numbers(actual), strict=False)
    return ranges.Column([gap_to_target(t, a or 0.0) for t, a in pairs])


# -------------------------------------------------------------------- pipeline tables


@_formula(dates=("today",))
def SALES_PIPELINE(pipeline: Any, today: dt.date | None = None, period: Any = None) -> float:
    """Weighted pipeline: Σ amount × win probability of the open deals (closing in period, if given).

    Args:
        pipeline: the Pipeline table with its header row (e.g. Pipeline[#All]).
        today: the day figures are computed for, e.g. TODAY().
        period: only deals expected to close in this period, e.g. 2026-Q3 (optional).
    """
    label = ranges.texts(period)[0] if period is not None else None
    return weighted_pipeline(_deals(pipeline, today), _CONFIG, _day(today), label)


@_formula(dates=("today",))
def SALES_CLOSED_WON(pipeline: Any, period: Any, today: dt.date | None = None) -> float:
    """Won amount of the deals closed in the period, up to today.

    Args:
        pipeline: the Pipeline table with its header row (e.g. Pipeline[#All]).
        period: the period, e.g. 2026-Q3.
        today: the day figures are computed for, e.g. TODAY().
    """
    return closed_won(_deals(pipeline, today), _CONFIG, _period_text(period), _day(today))


_FORECAST_PARTS = ("closed_won", "commit", "best_case", "pipeline", "omitted",
                   "commit_total", "best_case_total", "pipeline_total")


@_formula(dates=("today",))
def SALES_FORECAST(pipeline: Any, period: Any, category: str = "", today: dt.date | None = None) -> Any:
    """Forecast of the period by category; without a category, a two-column table of every part.

    Args:
        pipeline: the Pipeline table with its header row (e.g. Pipeline[#All]).
        period: the period, e.g. 2026-Q3.
        category: closed_won, commit, best_case, pipeline, omitted, commit_total, best_case_total
            or pipeline_total (blank = all).
        today: the day figures are computed for, e.g. TODAY().
    """
    result = forecast(_deals(pipeline, today), _CONFIG, _period_text(period), _day(today))
    wanted = str(category or "").strip().lower().replace(" ", "_")
    if wanted:
        if wanted not in _FORECAST_PARTS:
            raise ValueError(f"unknown forecast category {category!r}")
        return getattr(result, wanted)
    return [[part, getattr(result, part)] for part in _FORECAST_PARTS]


@_formula(dates=("today",))
def SALES_COVERAGE(
    pipeline: Any, period: Any, target: Any, today: dt.date | None = None, weighted: bool = False
) -> float | None:
    """Pipeline coverage: open amount closing in the rest of the period ÷ the gap to target.

    Args:
        pipeline: the Pipeline table with its header row (e.g. Pipeline[#All]).
        period: the period, e.g. 2026-Q3.
        target: the period's target.
        today: the day figures are computed for, e.g. TODAY().
        weighted: TRUE to count weighted amounts instead of amounts.
    """
    deals, label, day = _deals(pipeline, today), _period_text(period), _day(today)
    gap = gap_to_target(ranges.numbers(target)[0], closed_won(deals, _CONFIG, label, day))
    return coverage(deals, _CONFIG, label, day, gap, weighted=bool(weighted))


@_formula(dates=("today",))
def SALES_WIN_RATE(
    pipeline: Any, period: Any, today: dt.date | None = None, by: str = "count"
) -> float | None:
    """Win rate: won ÷ (won + lost) among the deals closed in the period to date.

    Args:
        pipeline: the Pipeline table with its header row (e.g. Pipeline[#All]).
        period: the period, e.g. 2026-Q3.
        today: the day figures are computed for, e.g. TODAY().
        by: "count" (deals) or "value" (amounts).
    """
    rate = win_rate(_deals(pipeline, today), _CONFIG, _period_text(period), _day(today))
    return rate.by_value if str(by).strip().lower() == "value" else rate.by_count


@_formula(dates=("today",))
def SALES_CYCLE(pipeline: Any, today: dt.date | None = None, period: Any = None) -> float | None:
    """Average sales cycle: mean days from created to won (deals won in the period, if given).

    Args:
        pipeline: the Pipeline table with its header row (e.g. Pipeline[#All]).
        today: the day figures are computed for, e.g. TODAY().
        period: only deals won in this period to date (optional).
    """
    label = ranges.texts(period)[0] if period is not None else None
    return average_sales_cycle(_deals(pipeline, today), _CONFIG, _day(today), label)


def _metrics(pipeline: Any, targets: Any, period: Any, today: dt.date | None) -> GroupMetrics:
    frames = TeamFrames(pipeline=_deals(pipeline, today), config=_CONFIG)
    if targets is not None:
        frames.targets = ranges.table("targets", targets, _CONFIG)
    return team_metrics(frames, _period_text(period), today=_day(today)).team


@_formula(dates=("today",))
def SALES_VELOCITY(pipeline: Any, period: Any, today: dt.date | None = None) -> float | None:
    """Sales velocity per day: open deals × win rate × average won amount ÷ average cycle days.

    Args:
        pipeline: the Pipeline table with its header row (e.g. Pipeline[#All]).
        period: the period whose win rate, won amounts and cycle are used, e.g. 2026-Q3.
        today: the day figures are computed for, e.g. TODAY().
    """
    return _metrics(pipeline, None, period, today).velocity


@_formula(dates=("today",))
def SALES_METRICS(pipeline: Any, period: Any, today: dt.date | None = None, targets: Any = None) -> Cells:
    """Every headline figure of the period (target, closed won, attainment, forecast, ...) as a table.

    Args:
        pipeline: the Pipeline table with its header row (e.g. Pipeline[#All]).
        period: the period, e.g. 2026-Q3.
        today: the day figures are computed for, e.g. TODAY().
        targets: the Targets table with its header row, for target, attainment and coverage (optional).
    """
    figures = _metrics(pipeline, targets, period, today).model_dump()
    figures.pop("group", None)
    return [["Metric", "Value"], *([name, value] for name, value in figures.items())]


@_formula(dates=("today",))
def SALES_FUNNEL(pipeline: Any, today: dt.date | None = None) -> Cells:
    """Stage funnel: per stage, deals that reached it, advanced, conversion and share of the first stage.

    Args:
        pipeline: the Pipeline table with its header row (e.g. Pipeline[#All]).
        today: the day figures are computed for, e.g. TODAY().
    """
    funnel = stage_funnel(_deals(pipeline, today), _CONFIG, _day(today))
    names = {s.key: s.en for s in _CONFIG.stages}
    body = [[names.get(r.stage, r.stage), int(r.reached), int(r.advanced), _none_if_missing(r.conversion),
             _none_if_missing(r.from_first)] for r in funnel.itertuples()]
    return [["Stage", "Reached", "Advanced", "Conversion", "Of first stage"], *body]
