"""Pure computations on sheet rows: computed columns, periods and metrics."""

from salessheet.compute.columns import pipeline_columns, risk_columns, target_columns, task_columns
from salessheet.compute.periods import Period, PeriodError, parse_period

__all__ = [
    "Period",
    "PeriodError",
    "parse_period",
    "pipeline_columns",
    "risk_columns",
    "target_columns",
    "task_columns",
]
