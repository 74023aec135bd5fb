"""Native formulas of every computed column: the spreadsheet twins of ``compute.columns``."""

# Formulas use plain A1 references of their own row plus defined names pointing at the Config
# sheet (cfg_*), the Lists sheet (list_*, keys_*) and Pipeline columns (pipe_*). Only functions
# that Excel 2016+, LibreOffice Calc and Google Sheets all evaluate are used. Every formula
# returns "" when the row's key cell is empty.

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from salessheet.schema import CHOICE_LISTS, fold
from salessheet.templates.period_formulas import period_end, period_start

__all__ = ["PIPELINE_RANGE_NAMES", "RowRefs", "computed_formula", "has_formula", "text"]

PIPELINE_RANGE_NAMES: dict[str, str] = {
    "pipe_stage": "stage",
    "pipe_close": "actual_close_date",
    "pipe_amount": "amount",
    "pipe_owner": "owner",
    "pipe_product": "product",
    "pipe_region": "region",
}
"""Defined names over Pipeline columns that target formulas sum, and the column of each."""


@dataclass(frozen=True)
class RowRefs:
    """Cell addresses of one table row: ``refs["stage"]`` -> ``"F5"``."""

    letters: Mapping[str, str]
    row: int

    def __getitem__(self, key: str) -> str:
        return f"{self.letters[key]}{self.row}"


def text(value: str) -> str:
    """A formula string literal; inner double quotes are doubled.

    >>> text("Won"), len(text('a"b'))
    ('"Won"', 6)
    """
    return '"' + value.replace('"', '""') + '"'


def is_choice(cell: str, list_name: str, keys: tuple[str, ...]) -> str:
    """Condition: ``cell`` holds one of ``keys`` of a fixed list, as key or label in any language.

    Comparisons with ``=`` ignore case in every spreadsheet, so folded duplicates are dropped.
    """
    options: dict[str, str] = {}
    for choice in CHOICE_LISTS[list_name]:
        if choice.key in keys:
            for value in (choice.key, choice.en, choice.zh):
                options.setdefault(fold(value), value)
    tests = [f"{cell}={text(v)}" for v in options.values()]
    return tests[0] if len(tests) == 1 else f"OR({','.join(tests)})"


def _label(list_name: str, key: str, lang: str) -> str:
    return next(c.label(lang) for c in CHOICE_LISTS[list_name] if c.key == key)


def _blank_guard(key_cell: str, body: str) -> str:
    return f'=IF({key_cell}="","",{body})'


# --- Pipeline ---------------------------------------------------------------------------

def _stage_index(r: RowRefs) -> str:
    return f"MATCH({r['stage']},cfg_stage_label,0)"


def _is_open(r: RowRefs) -> str:
    return f'IFERROR(INDEX(cfg_stage_state,{_stage_index(r)})="open",FALSE)'


def _win_probability(r: RowRefs, lang: str) -> str:
    default = f'IFERROR(INDEX(cfg_stage_prob,{_stage_index(r)}),"")'
    return f"IF(ISNUMBER({r['probability']}),{r['probability']},{default})"


def _weighted_amount(r: RowRefs, lang: str) -> str:
    a, p = r["amount"], r["win_probability"]
    return f'IF(AND(ISNUMBER({a}),ISNUMBER({p})),{a}*{p},"")'


def _forecast(r: RowRefs, lang: str) -> str:
    default_key = f"INDEX(cfg_stage_forecast,{_stage_index(r)})"
    default = (
        f"IFERROR(INDEX(list_forecast_categories,MATCH({default_key},keys_forecast_categories,0)),\"\")"
    )
    chosen = r["forecast_category"]
    return f'IF({chosen}<>"",{chosen},{default})'


def _days_to_close(r: RowRefs, lang: str) -> str:
    close = r["expected_close_date"]
    return f'IF(AND({_is_open(r)},ISNUMBER({close})),{close}-TODAY(),"")'


def _days_since_activity(r: RowRefs, lang: str) -> str:
    last, created = r["last_activity_date"], r["created_date"]
    since = f'IF(ISNUMBER({last}),TODAY()-{last},IF(ISNUMBER({created}),TODAY()-{created},""))'
    return f'IF({_is_open(r)},{since},"")'


def _is_stale(r: RowRefs, lang: str) -> str:
    since = r["days_since_activity"]
    return f"IF(ISNUMBER({since}),{since}>cfg_stale_days,FALSE)"


# --- Tasks ------------------------------------------------------------------------------

def _is_overdue(r: RowRefs, lang: str) -> str:
    closed = is_choice(r["status"], "task_statuses", ("done", "cancelled"))
    due = r["due_date"]
    return f"AND(NOT({closed}),ISNUMBER({due}),{due}<TODAY())"


def _days_overdue(r: RowRefs, lang: str) -> str:
    return f'IF({r["is_overdue"]}=TRUE,TODAY()-{r["due_date"]},"")'


# --- Risks ------------------------------------------------------------------------------

def _score(r: RowRefs, lang: str) -> str:
    li, im = r["likelihood"], r["impact"]
    return f'IF(AND(ISNUMBER({li}),ISNUMBER({im})),{li}*{im},"")'


def _rag(r: RowRefs, lang: str) -> str:
    score = r["score"]
    red, amber, green = (text(_label("rag", k, lang)) for k in ("red", "amber", "green"))
    bands = f"IF({score}>=cfg_risk_red,{red},IF({score}>=cfg_risk_amber,{amber},{green}))"
    return f'IF(ISNUMBER({score}),{bands},"")'


# --- Targets ----------------------------------------------------------------------------

def _period_start(r: RowRefs, lang: str) -> str:
    return period_start(r["period"])


def _period_end(r: RowRefs, lang: str) -> str:
    return period_end(r["period"], r["period_start"])


def _actual(r: RowRefs, lang: str) -> str:
    start, end = r["period_start"], r["period_end"]
    owner, product, region = r["owner"], r["product"], r["region"]
    won = 'INDEX(cfg_stage_label,MATCH("won",cfg_stage_state,0))'
    filters = ",".join(
        [
            f"--(pipe_stage={won})",
            f"--(pipe_close>={start})",
            f"--(pipe_close<={end})",
            f'--((pipe_owner={owner})+({owner}="")+(UPPER({owner})="TEAM")>0)',
            f'--((pipe_product={product})+({product}="")>0)',
            f'--((pipe_region={region})+({region}="")>0)',
        ]
    )
    metric = r["metric"]
    revenue = is_choice(metric, "target_metrics", ("revenue",))
    won_deals = is_choice(metric, "target_metrics", ("won_deals",))
    return (
        f'IF(ISNUMBER({start}),IF({revenue},SUMPRODUCT({filters},pipe_amount),'
        f'IF({won_deals},SUMPRODUCT({filters}),"")),"")'
    )


def _attainment(r: RowRefs, lang: str) -> str:
    actual, value = r["actual"], r["value"]
    return f'IF(AND(ISNUMBER({actual}),ISNUMBER({value})),IF({value}>0,{actual}/{value},""),"")'


_FORMULAS: dict[tuple[str, str], Callable[[RowRefs, str], str]] = {
    ("pipeline", "win_probability"): _win_probability,
    ("pipeline", "weighted_amount"): _weighted_amount,
    ("pipeline", "forecast"): _forecast,
    ("pipeline", "days_to_close"): _days_to_close,
    ("pipeline", "days_since_activity"): _days_since_activity,
    ("pipeline", "is_stale"): _is_stale,
    ("tasks", "is_overdue"): _is_overdue,
    ("tasks", "days_overdue"): _days_overdue,
    ("risks", "score"): _score,
    ("risks", "rag"): _rag,
    ("targets", "period_start"): _period_start,
    ("targets", "period_end"): _period_end,
    ("targets", "actual"): _actual,
    ("targets", "attainment"): _attainment,
}


def has_formula(sheet_key: str, column_key: str) -> bool:
    """True if a native formula is defined for this computed column."""
    return (sheet_key, column_key) in _FORMULAS


def computed_formula(sheet_key: str, column_key: str, refs: RowRefs, key_column: str, lang: str) -> str:
    """The formula (with leading ``=``) of a computed cell in row ``refs.row``.

    Args:
        sheet_key: registry key of the sheet ("pipeline").
        column_key: the computed column.
        refs: addresses of the row's cells.
        key_column: column whose blank cell marks a blank row.
        lang: workbook language (labels written by the formula).

    Raises:
        KeyError: no formula is defined for the column.

    >>> refs = RowRefs({"risk_id": "A", "likelihood": "E", "impact": "F"}, 7)
    >>> computed_formula("risks", "score", refs, "risk_id", "en")
    '=IF(A7="","",IF(AND(ISNUMBER(E7),ISNUMBER(F7)),E7*F7,""))'
    """
    body = _FORMULAS[(sheet_key, column_key)](refs, lang)
    return _blank_guard(refs[key_column], body)
