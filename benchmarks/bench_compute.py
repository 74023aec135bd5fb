"""Time the sales computations over 10,000 deal rows against a naive row-by-row Python loop.

Run: ``.venv/bin/python benchmarks/bench_compute.py [--reps 50] [--deals 200] [--repeat 9]``

For each main function it prints the median wall time of the vectorised function on the
raw rows (including ``prepare_deals``, i.e. ``pipeline_columns``), on rows prepared once,
and of a naive loop over the rows as Python dicts computing the same figure, measured in
the same process, with the ratio naive ÷ vectorised (raw). The naive loops are checked to
give the same answer as the functions before timing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from salessheet.compute import (
    CommissionPlan,
    TeamFrames,
    abc_tiers,
    average_sales_cycle,
    commissions,
    coverage,
    customer_revenue,
    decompose_by_rep,
    early_warnings,
    forecast,
    leaderboard,
    milestone_status,
    overdue_tasks,
    parse_period,
    prepare_deals,
    risk_heatmap,
    stage_funnel,
    stale_deals,
    team_metrics,
    weighted_pipeline,
    win_rate,
)
from salessheet.demo import generate_team
from salessheet.schema import StageState, WorkbookConfig

TODAY = dt.date(2026, 11, 25)
PERIOD = parse_period("2026-Q4")
Row = dict[str, Any]


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


# ---- naive row-by-row versions -------------------------------------------------------------
def _blank(value: Any) -> bool:
    return value is None or value != value or value == ""


def naive_rows(records: list[Row], config: WorkbookConfig) -> list[Row]:
    stages = {s.key: s for s in config.stages}
    out = []
    for r in records:
        stage = stages.get(r["stage"])
        prob = r.get("probability")
        p = (stage.probability if stage else float("nan")) if _blank(prob) else prob
        fc = r.get("forecast_category")
        out.append({**r, "_p": p, "_w": round(r["amount"] * p, 2) if stage or not _blank(prob) else 0.0,
                    "_fc": (stage.forecast if stage else None) if _blank(fc) else fc,
                    "_state": stage.state.value if stage else None})
    return out


def _in(day: Any, first: dt.date, last: dt.date) -> bool:
    return not _blank(day) and first <= day <= last


def naive_weighted(records: list[Row], config: WorkbookConfig) -> float:
    return round(sum(r["_w"] for r in naive_rows(records, config)
                     if r["_state"] == "open" and _in(r["expected_close_date"], PERIOD.start, PERIOD.end)), 2)


def naive_forecast(records: list[Row], config: WorkbookConfig) -> dict[str, float]:
    out: dict[str, float] = defaultdict(float)
    last = min(TODAY, PERIOD.end)
    for r in naive_rows(records, config):
        if r["_state"] == "won" and _in(r["actual_close_date"], PERIOD.start, last):
            out["closed_won"] += r["amount"]
        elif r["_state"] == "open" and _in(r["expected_close_date"], PERIOD.start, PERIOD.end):
            out[r["_fc"] or "omitted"] += r["amount"]
    return {k: round(v, 2) for k, v in out.items()}


def naive_win_rate(records: list[Row], config: WorkbookConfig) -> tuple[float | None, float | None]:
    won = lost = 0
    won_v = lost_v = 0.0
    for r in naive_rows(records, config):
        closed = _in(r["actual_close_date"], PERIOD.start, min(TODAY, PERIOD.end))
        if r["_state"] in ("won", "lost") and closed:
            if r["_state"] == "won":
                won, won_v = won + 1, won_v + r["amount"]
            else:
                lost, lost_v = lost + 1, lost_v + r["amount"]
    return (won / (won + lost) if won + lost else None, won_v / (won_v + lost_v) if won_v + lost_v else None)


def naive_coverage(records: list[Row], config: WorkbookConfig, gap: float) -> float:
    first = max(TODAY, PERIOD.start)
    return sum(r["amount"] for r in naive_rows(records, config)
               if r["_state"] == "open" and _in(r["expected_close_date"], first, PERIOD.end)) / gap


def naive_cycle(records: list[Row], config: WorkbookConfig) -> float | None:
    days = [(r["actual_close_date"] - r["created_date"]).days for r in naive_rows(records, config)
            if r["_state"] == "won" and _in(r["actual_close_date"], PERIOD.start, min(TODAY, PERIOD.end))
            and not _blank(r["created_date"]) and r["actual_close_date"] >= r["created_date"]]
    return sum(days) / len(days) if days else None


def naive_funnel(records: list[Row], config: WorkbookConfig) -> list[int]:
    steps = [s.key for s in config.stages if s.state is StageState.OPEN] + [config.won_stage.key]
    reached = [0] * len(steps)
    for r in records:
        depth = 0 if r["stage"] == "lost" else steps.index(r["stage"]) if r["stage"] in steps else None
        if depth is None:
            continue
        for i in range(depth + 1):
            reached[i] += 1
    return reached


def naive_stale(records: list[Row], config: WorkbookConfig) -> int:
    count = 0
    for r in naive_rows(records, config):
        last = r["created_date"] if _blank(r.get("last_activity_date")) else r["last_activity_date"]
        if r["_state"] == "open" and not _blank(last) and (TODAY - last).days > config.stale_deal_days:
            count += 1
    return count


def naive_overdue(tasks: list[Row]) -> int:
    return sum(1 for t in tasks if t["status"] not in ("done", "cancelled") and t["due_date"] < TODAY)


def naive_milestones(tasks: list[Row]) -> int:
    per_deal: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for t in tasks:
        if t.get("is_milestone") and t.get("deal_id") and t["status"] != "cancelled":
            counts = per_deal[t["deal_id"]]
            counts[0] += 1
            counts[1] += t["status"] == "done"
            counts[2] += t["status"] != "done" and t["due_date"] < TODAY
    return len(per_deal)


def naive_heatmap(risks: list[Row]) -> Counter[tuple[int, int]]:
    return Counter((r["likelihood"], r["impact"]) for r in risks if r["status"] != "closed")


def naive_early_warnings(risks: list[Row], records: list[Row], config: WorkbookConfig) -> int:
    amounts = {d["deal_id"]: d["amount"] for d in records}
    open_amounts = sorted(d["amount"] for d in naive_rows(records, config) if d["_state"] == "open")
    threshold = float(pd.Series(open_amounts).quantile(0.8))
    listed = 0
    for r in risks:
        if r["status"] == "closed":
            continue
        score = r["likelihood"] * r["impact"]
        overdue = not _blank(r.get("due_date")) and r["due_date"] < TODAY
        high_value = amounts.get(r["deal_id"], 0) >= threshold and score >= config.risk_amber
        listed += score >= config.risk_red or overdue or high_value
    return listed


def naive_customers(records: list[Row]) -> dict[str, str]:
    revenue: dict[str, float] = defaultdict(float)
    for r in records:
        if r["stage"] == "won":
            revenue[r["customer"]] += r["amount"]
    total, before, tiers = sum(revenue.values()), 0.0, {}
    for name, value in sorted(revenue.items(), key=lambda kv: (-kv[1], kv[0])):
        tiers[name] = "A" if before / total < 0.8 else "B" if before / total < 0.95 else "C"
        before += value
    return tiers


def naive_leaderboard(records: list[Row]) -> list[tuple[int, str]]:
    won: dict[str, float] = defaultdict(float)
    for r in records:
        if r["stage"] == "won":
            won[r["owner"]] += r["amount"]
    ordered = sorted(won.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(1 + sum(1 for _, v in ordered if v > value), owner) for owner, value in ordered]


def naive_team(records: list[Row], config: WorkbookConfig) -> dict[str, float]:
    by_owner: dict[str, list[Row]] = defaultdict(list)
    for r in records:
        by_owner[r["owner"]].append(r)
    return {owner: naive_forecast(rows, config).get("closed_won", 0.0) + naive_weighted(rows, config)
            + (naive_win_rate(rows, config)[0] or 0) + (naive_cycle(rows, config) or 0)
            + naive_stale(rows, config) for owner, rows in by_owner.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--deals", type=int, default=200, help="deals per rep")
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    team = generate_team(args.reps, args.deals, today=TODAY)
    config = team.config

    def frame(key: str) -> pd.DataFrame:
        return pd.DataFrame([row for rep in team.reps for row in rep.rows.get(key, [])])

    deals, tasks, risks, targets = frame("pipeline"), frame("tasks"), frame("risks"), frame("targets")
    frames = TeamFrames(pipeline=deals, tasks=tasks, risks=risks, targets=targets,
                        roster=pd.DataFrame(team.roster), config=config)
    records = deals.astype(object).where(deals.notna(), None).to_dict("records")
    task_rows = tasks.astype(object).where(tasks.notna(), None).to_dict("records")
    risk_rows = risks.astype(object).where(risks.notna(), None).to_dict("records")
    prepared = prepare_deals(deals, config, TODAY)
    gap = 1_000_000.0
    per_rep = pd.DataFrame({"owner": [r.rep_id for r in team.reps]})
    per_rep["closed_won"] = per_rep["owner"].map(deals[deals.stage == "won"].groupby("owner")["amount"].sum())
    plan = CommissionPlan(tiers=((0, 0.05), (0.5, 0.08), (1.0, 0.1)), accelerator=1.5)

    # Sanity: the naive loops compute the same figures.
    assert naive_weighted(records, config) == weighted_pipeline(deals, config, TODAY, PERIOD)
    assert naive_forecast(records, config).get("commit", 0.0) == forecast(deals, config, PERIOD, TODAY).commit
    assert naive_win_rate(records, config)[0] == win_rate(deals, config, PERIOD, TODAY).by_count
    assert naive_cycle(records, config) == average_sales_cycle(deals, config, TODAY, PERIOD)
    assert naive_funnel(records, config) == stage_funnel(deals, config, TODAY)["reached"].tolist()
    assert naive_stale(records, config) == len(stale_deals(deals, config, TODAY))
    assert naive_overdue(task_rows) == len(overdue_tasks(tasks, TODAY))
    warnings = early_warnings(risks, deals, config, TODAY)
    assert naive_early_warnings(risk_rows, records, config) == len(warnings)

    cases: list[tuple[str, Callable[[pd.DataFrame], object] | None, Callable[[], object]]] = [
        ("prepare_deals", lambda d: prepare_deals(d, config, TODAY), lambda: naive_rows(records, config)),
        ("weighted_pipeline", lambda d: weighted_pipeline(d, config, TODAY, PERIOD),
         lambda: naive_weighted(records, config)),
        ("forecast", lambda d: forecast(d, config, PERIOD, TODAY), lambda: naive_forecast(records, config)),
        ("win_rate", lambda d: win_rate(d, config, PERIOD, TODAY), lambda: naive_win_rate(records, config)),
        ("coverage", lambda d: coverage(d, config, PERIOD, TODAY, gap),
         lambda: naive_coverage(records, config, gap)),
        ("average_sales_cycle", lambda d: average_sales_cycle(d, config, TODAY, PERIOD),
         lambda: naive_cycle(records, config)),
        ("stage_funnel", lambda d: stage_funnel(d, config, TODAY), lambda: naive_funnel(records, config)),
        ("stale_deals", lambda d: stale_deals(d, config, TODAY), lambda: naive_stale(records, config)),
        ("customer_revenue+abc_tiers",
         lambda d: abc_tiers(customer_revenue(d, config, TODAY).set_index("customer")["revenue"]),
         lambda: naive_customers(records)),
        ("early_warnings", lambda d: early_warnings(risks, d, config, TODAY),
         lambda: naive_early_warnings(risk_rows, records, config)),
        ("team_metrics --by owner", None, lambda: naive_team(records, config)),
        ("overdue_tasks (3k tasks)", None, lambda: naive_overdue(task_rows)),
        ("milestone_status (3k tasks)", None, lambda: naive_milestones(task_rows)),
        ("risk_heatmap (500 risks)", None, lambda: naive_heatmap(risk_rows)),
        ("leaderboard+commissions (50 reps)", None, lambda: naive_leaderboard(records)),
        ("decompose_by_rep (50 reps, weeks)", None, lambda: None),
    ]
    special: dict[str, Callable[[], object]] = {
        "team_metrics --by owner": lambda: team_metrics(frames, PERIOD.label, "owner", TODAY),
        "overdue_tasks (3k tasks)": lambda: overdue_tasks(tasks, TODAY),
        "milestone_status (3k tasks)": lambda: milestone_status(tasks, TODAY),
        "risk_heatmap (500 risks)": lambda: risk_heatmap(risks),
        "leaderboard+commissions (50 reps)": lambda: leaderboard(
            per_rep.assign(commission=commissions(
                per_rep["closed_won"], pd.Series(1e6, index=per_rep.index), plan)), "closed_won"),
        "decompose_by_rep (50 reps, weeks)": lambda: decompose_by_rep(
            6e7, {r.rep_id: 1.0 for r in team.reps}, 2026),
    }
    print(f"{len(deals):,} deals, {len(tasks):,} tasks, {len(risks):,} risks; median of {args.repeat} runs")
    print(f"{'function':38} {'raw ms':>9} {'prepared ms':>12} {'naive ms':>9} {'naive/raw':>10}  <50ms")
    for name, fn, naive in cases:
        if fn is None:
            raw = median_ms(special[name], args.repeat)
            ready = None
        else:
            raw = median_ms(lambda fn=fn: fn(deals), args.repeat)
            ready = None if name == "prepare_deals" else median_ms(lambda fn=fn: fn(prepared), args.repeat)
        has_naive = not name.startswith("decompose_by_rep")
        base = median_ms(naive, max(3, args.repeat // 3)) if has_naive else None
        ratio = f"{base / raw:9.1f}x" if base else "       n/a"
        print(f"{name:38} {raw:9.1f} {ready if ready is not None else float('nan'):12.1f} "
              f"{base if base else float('nan'):9.1f} {ratio}  {'yes' if raw < 50 else 'NO'}")


if __name__ == "__main__":
    main()
