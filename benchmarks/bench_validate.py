"""Benchmark: read + validate a rep workbook (1,000 deals, 300 tasks, 50 risks) against pandas.read_excel.

Run: ``.venv/bin/python benchmarks/bench_validate.py [--runs N]``. Prints the median milliseconds of
each, rows per second and the ratio; the naive baseline is measured in the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from salessheet.io.reader import read_workbook
from salessheet.templates import build_workbook, save_workbook
from salessheet.validate import validate_workbook

DEALS, TASKS, RISKS = 1000, 300, 50
STAGES = ("lead", "qualified", "demo", "proposal", "negotiation", "won", "lost")


def make_workbook(path: Path) -> Path:
    """A template rep workbook of the benchmark size, some amounts typed as text and a few mistakes."""
    deals = []
    for i in range(DEALS):
        stage = STAGES[i % len(STAGES)]
        amount: object = 1000.0 * (i + 1)
        if i % 50 == 0:
            amount = f"¥{(i + 1) * 1000:,}"
        elif i % 77 == 0:
            amount = f"{i + 1}万"
        elif i % 97 == 0:
            amount = "12,5O0"  # a typo: reported
        row = {"deal_id": f"D-{i:04d}", "deal_name": f"Deal {i}", "customer": f"Customer {i % 400}",
               "owner": "zed" if i % 89 == 0 else "alice", "stage": stage, "amount": amount,
               "currency": "CNY",
               "created_date": dt.date(2026, 9, 1), "expected_close_date": dt.date(2026, 12, 31),
               "last_activity_date": dt.date(2026, 11, 20), "product": ("Widget", "Gadget", "Service")[i % 3],
               "source": "referral"}
        if stage in ("won", "lost"):
            row["actual_close_date"] = dt.date(2026, 10, 1)
        deals.append(row)
    tasks = [{"task_id": f"T-{i:04d}", "deal_id": f"D-{i % DEALS:04d}", "title": f"Call {i}",
              "owner": "alice", "due_date": dt.date(2026, 12, 1), "status": "in_progress", "priority": "high"}
             for i in range(TASKS)]
    risks = [{"risk_id": f"R-{i:03d}", "deal_id": f"D-{i * 7 % DEALS:04d}", "category": "delay",
              "description": "May slip", "likelihood": 3, "impact": 2, "owner": "alice", "status": "open"}
             for i in range(RISKS)]
    book = build_workbook("rep", "en", roster=[{"rep_id": "alice", "name": "Alice"}], owner="alice",
                          rows={"pipeline": deals, "tasks": tasks, "risks": risks}, prefilled_rows=200)
    return save_workbook(book, path)


def _timings(action: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """Median wall ms, best wall ms and median CPU ms of ``runs`` calls."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), min(wall), statistics.median(cpu)


def main() -> None:
    """Build the workbook, time both readers, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = make_workbook(Path(folder) / "rep.xlsx")

        def ours() -> object:
            return validate_workbook(read_workbook(path), today=dt.date(2026, 11, 25))

        def naive() -> object:
            return pd.read_excel(path, sheet_name=None, engine="openpyxl")

        report = validate_workbook(read_workbook(path), today=dt.date(2026, 11, 25))  # warm imports
        ours_ms, ours_best, ours_cpu = _timings(ours, args.runs)
        naive_ms, naive_best, naive_cpu = _timings(naive, max(3, args.runs // 3))
    rows = DEALS + TASKS + RISKS
    print(f"workbook: {DEALS} deals, {TASKS} tasks, {RISKS} risks (template, 200 prefilled rows); "
          f"{len(report)} issues; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"salessheet read+validate: median {ours_ms:.1f} ms (best {ours_best:.1f}, CPU {ours_cpu:.1f}) "
          f"over {args.runs} runs, {rows / ours_ms * 1000:,.0f} rows/s")
    print(f"baseline pandas.read_excel(openpyxl), read only: median {naive_ms:.1f} ms "
          f"(best {naive_best:.1f}, CPU {naive_cpu:.1f}), {rows / naive_ms * 1000:,.0f} rows/s")
    print(f"ratio baseline/salessheet (medians): {naive_ms / ours_ms:.1f}x; target median < 100 ms: "
          f"{'met' if ours_ms < 100 else 'NOT met'}")


if __name__ == "__main__":
    main()
