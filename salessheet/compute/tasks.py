"""Task figures: overdue tasks, this week's tasks, completion rate per rep, deal milestones.

A task is *open* unless its status is ``done`` or ``cancelled``. Overdue is the
``task_columns`` rule: open and due before ``today``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from salessheet.compute.columns import task_columns
from salessheet.compute.periods import Period

__all__ = [
    "completion_rate",
    "due_this_week",
    "milestone_status",
    "overdue_tasks",
]

_CLOSED = ("done", "cancelled")


def _col(df: pd.DataFrame, key: str) -> pd.Series:
    return df[key] if key in df.columns else pd.Series(None, index=df.index, dtype="object")


def overdue_tasks(tasks: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Open tasks past their due date, with ``days_overdue``, most overdue first (then task id).

    >>> tasks = pd.DataFrame({"task_id": ["T1", "T2", "T3"], "status": ["in_progress", "done", "not_started"],
    ...     "due_date": [dt.date(2026, 3, 1), dt.date(2026, 3, 1), dt.date(2026, 3, 9)]})
    >>> overdue_tasks(tasks, dt.date(2026, 3, 5))[["task_id", "days_overdue"]].values.tolist()
    [['T1', 4]]
    """
    flags = task_columns(tasks, today)
    out = tasks[flags["is_overdue"]].copy()
    out["days_overdue"] = flags.loc[flags["is_overdue"], "days_overdue"]
    if "task_id" not in out.columns:
        out["task_id"] = None
    return out.sort_values(["days_overdue", "task_id"], ascending=[False, True], kind="stable")


def due_this_week(tasks: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Open tasks due in the ISO week (Monday to Sunday) of ``today``, by due date then task id.

    Tasks of this week that are already overdue (due before ``today``) are included.

    >>> tasks = pd.DataFrame({"task_id": ["T1", "T2", "T3"], "status": ["not_started"] * 3,
    ...     "due_date": [dt.date(2026, 11, 23), dt.date(2026, 11, 29), dt.date(2026, 11, 30)]})
    >>> due_this_week(tasks, dt.date(2026, 11, 25)).task_id.tolist()  # week 48: Nov 23-29
    ['T1', 'T2']
    """
    monday = today - dt.timedelta(days=today.weekday())
    due = pd.to_datetime(_col(tasks, "due_date"), errors="coerce")
    mask = (
        ~_col(tasks, "status").isin(_CLOSED)
        & due.notna()
        & (due >= pd.Timestamp(monday))
        & (due <= pd.Timestamp(monday + dt.timedelta(days=6)))
    )
    out = tasks[mask].copy()
    out["_due"] = due[mask]
    sort = ["_due", "task_id"] if "task_id" in out.columns else ["_due"]
    return out.sort_values(sort, kind="stable").drop(columns="_due")


def completion_rate(
    tasks: pd.DataFrame, period: Period | None = None, *, by: str = "owner"
) -> pd.DataFrame:
    """Done ÷ (all tasks − cancelled) per ``by`` value (the owner by default).

    With ``period``, only tasks due in the period count. Cancelled tasks are left out of
    both counts; a group with no countable task has rate NaN.

    Returns:
        Columns ``by``, ``total`` (non-cancelled tasks), ``done`` and ``rate``, sorted by ``by``.

    >>> tasks = pd.DataFrame({"owner": ["bob", "ann", "ann", "ann", "ann"],
    ...     "status": ["done", "done", "in_progress", "cancelled", "done"],
    ...     "due_date": [dt.date(2026, 7, 1)] * 5})
    >>> completion_rate(tasks).values.tolist()
    [['ann', 3, 2, 0.6666666666666666], ['bob', 1, 1, 1.0]]
    """
    status = _col(tasks, "status")
    mask = status != "cancelled"
    if period is not None:
        due = pd.to_datetime(_col(tasks, "due_date"), errors="coerce")
        mask &= due.notna() & (due >= pd.Timestamp(period.start)) & (due <= pd.Timestamp(period.end))
    counted = pd.DataFrame({by: _col(tasks, by)[mask], "done": (status[mask] == "done").astype(int)})
    grouped = counted.groupby(by, sort=True)["done"].agg(["size", "sum"]).reset_index()
    grouped.columns = [by, "total", "done"]
    grouped["rate"] = grouped["done"] / grouped["total"].where(grouped["total"] > 0)
    return grouped.astype({"total": int, "done": int})


def milestone_status(tasks: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Per deal: milestones done / total, the next milestone and how many are overdue.

    Only tasks with ``is_milestone`` true and a deal id count; cancelled milestones are
    left out. The next milestone is the open one due first (then by task id).

    Returns:
        Columns deal_id, total, done, overdue, next_milestone (title), next_due, sorted by deal.

    >>> tasks = pd.DataFrame({"task_id": ["T1", "T2", "T3", "T4"], "deal_id": ["D1"] * 4,
    ...     "title": ["Demo", "Quote", "Contract", "Kick-off"], "is_milestone": [True, True, True, False],
    ...     "status": ["done", "not_started", "not_started", "not_started"],
    ...     "due_date": [dt.date(2026, 3, 1), dt.date(2026, 3, 4), dt.date(2026, 4, 1), dt.date(2026, 3, 2)]})
    >>> milestone_status(tasks, dt.date(2026, 3, 10)).to_dict("records")
    [{'deal_id': 'D1', 'total': 3, 'done': 1, 'overdue': 1, 'next_milestone': 'Quote',
      'next_due': datetime.date(2026, 3, 4)}]
    """
    columns = ["deal_id", "total", "done", "overdue", "next_milestone", "next_due"]
    flag = _col(tasks, "is_milestone").astype("boolean").fillna(False).astype(bool)
    deal = _col(tasks, "deal_id")
    mask = flag & deal.notna() & (deal.astype("object") != "") & (_col(tasks, "status") != "cancelled")
    ms = tasks[mask].copy()
    if ms.empty:
        return pd.DataFrame(columns=columns)
    ms["_done"] = ms["status"] == "done"
    ms["_overdue"] = task_columns(ms, today)["is_overdue"]
    ms["_due"] = pd.to_datetime(_col(ms, "due_date"), errors="coerce")
    counts = ms.groupby("deal_id", sort=True).agg(
        total=("_done", "size"), done=("_done", "sum"), overdue=("_overdue", "sum")
    )
    open_ms = ms[~ms["_done"]]
    sort = ["deal_id", "_due", "task_id"] if "task_id" in ms.columns else ["deal_id", "_due"]
    nxt = open_ms.sort_values(sort, kind="stable", na_position="last").groupby("deal_id").head(1)
    nxt = nxt.set_index("deal_id")
    counts["next_milestone"] = _col(nxt, "title").reindex(counts.index)
    counts["next_due"] = nxt["_due"].dt.date.reindex(counts.index) if len(nxt) else None
    out = counts.reset_index()
    out[["total", "done", "overdue"]] = out[["total", "done", "overdue"]].astype(int)
    out["next_milestone"] = out["next_milestone"].astype("object").where(out["next_milestone"].notna(), None)
    out["next_due"] = out["next_due"].astype("object").where(out["next_due"].notna(), None)
    return out[columns]
