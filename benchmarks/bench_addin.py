"""Benchmark: every =SALES_ formula over 10,000 deal rows, and a `salessheet serve` round trip.

Each formula runs through xlwings' custom-function machinery (``custom_functions_call``
with an Office.js-shaped payload), as Excel would call it. The baseline, measured in the
same run, is a plain-Python row loop over the same 10,000 rows (amount × probability
with the stage default), i.e. the least any formula has to do.

    XLWINGS_LICENSE_KEY=noncommercial .venv/bin/python benchmarks/bench_addin.py [--repeat 7]

Targets: each formula < 50 ms median; HTTP round trip < 30 ms median. The fastest run
("min ms") is printed too: on a shared machine it shows how much of a median is waiting.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import statistics
import time
import urllib.request
from collections.abc import Callable
from typing import Any

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # evaluation key of xlwings' server module
os.environ["XLWINGS_ON_SERVER"] = "true"

import xlwings as xw
from xlwings import server as xlserver

from salessheet.addin import formulas, server

ROWS = 10_000
EPOCH = dt.date(1899, 12, 30)
TODAY = dt.date(2026, 8, 15)
STAGES = ["Lead", "Qualified", "Demo", "Proposal", "Negotiation", "Won", "Lost"]
DEFAULT_P = {"Lead": 0.1, "Qualified": 0.2, "Demo": 0.4, "Proposal": 0.6, "Negotiation": 0.8, "Won": 1.0,
             "Lost": 0.0}


def serial(day: dt.date) -> float:
    return float((day - EPOCH).days)


def deals(rows: int, seed: int = 7) -> list[list[Any]]:
    rng = random.Random(seed)
    table: list[list[Any]] = [["Deal ID", "Owner", "Stage", "Amount", "Probability", "Created",
                               "Expected close", "Actual close"]]
    for i in range(rows):
        stage = rng.choice(STAGES)
        created = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(200))
        close = created + dt.timedelta(days=rng.randrange(10, 120))
        closed = stage in ("Won", "Lost")
        table.append([f"D{i:05d}", f"rep{i % 20}", stage, float(rng.randrange(1_000, 200_000)),
                      rng.choice([None, None, 0.5]), serial(created),
                      None if closed else serial(close), serial(close) if closed else None])
    return table


def payload(name: str, *args: Any) -> dict[str, Any]:
    return {"func_name": name, "args": list(args), "caller_address": "Sheet1!A1", "version": xw.__version__,
            "client": "Office.js", "culture_info_name": "en-US", "date_format": "M/d/yyyy", "runtime": "1.4"}


def timings_ms(run: Callable[[], object], repeat: int) -> list[float]:
    run()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return times


def median_ms(run: Callable[[], object], repeat: int) -> float:
    return statistics.median(timings_ms(run, repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    repeat = parser.parse_args().repeat
    table = deals(ROWS)
    body = table[1:]
    col = {name: [[row[i]] for row in body] for i, name in enumerate(table[0])}
    today = serial(TODAY)
    likelihood = [[(i % 5) + 1] for i in range(ROWS)]
    impact = [[(i * 3 % 5) + 1] for i in range(ROWS)]
    statuses = [["In progress" if i % 3 else "Done"] for i in range(ROWS)]
    periods = [[f"2026-Q{i % 4 + 1}"] for i in range(ROWS)]
    calls: dict[str, tuple[Any, ...]] = {
        "SALES_WIN_PROB": (col["Stage"], col["Probability"]),
        "SALES_WEIGHTED": (col["Amount"], [[0.5]] * ROWS),
        "SALES_RISK_SCORE": (likelihood, impact),
        "SALES_RISK_RAG": (likelihood, impact, None),
        "SALES_DAYS_OVERDUE": (col["Created"], statuses, today),
        "SALES_PERIOD_START": (periods, None),
        "SALES_PERIOD_END": (periods, None),
        "SALES_WORKING_DAYS": (serial(dt.date(2026, 1, 1)), serial(dt.date(2026, 12, 31)), col["Created"]),
        "SALES_ALLOCATE": (10_000_000, col["Amount"]),
        "SALES_TARGET_SPLIT": (12_000_000, 2026, "week", "working_days", None, None),
        "SALES_ATTAINMENT": (col["Amount"], col["Amount"]),
        "SALES_GAP": (col["Amount"], col["Amount"]),
        "SALES_PIPELINE": (table, today, "2026-Q3"),
        "SALES_CLOSED_WON": (table, "2026-Q3", today),
        "SALES_FORECAST": (table, "2026-Q3", None, today),
        "SALES_COVERAGE": (table, "2026-Q3", 50_000_000, today, None),
        "SALES_WIN_RATE": (table, "2026-Q3", today, None),
        "SALES_CYCLE": (table, today, None),
        "SALES_VELOCITY": (table, "2026-Q3", today),
        "SALES_METRICS": (table, "2026-Q3", today, None),
        "SALES_FUNNEL": (table, today),
    }
    assert set(calls) == {f.__name__ for f in formulas.FORMULAS}, "benchmark every formula"

    def baseline() -> float:
        total = 0.0
        for row in body:
            p = row[4] if row[4] is not None else DEFAULT_P[row[2]]
            total += row[3] * p
        return total

    base = median_ms(baseline, repeat)
    print(f"rows: {ROWS}, repeat: {repeat}, baseline (plain-Python row loop): {base:.2f} ms")
    print(f"{'formula':22} {'median ms':>10} {'min ms':>8} {'x baseline':>11}  target < 50 ms")
    slow = []
    for name, args in calls.items():
        data = payload(name, *args)
        times = timings_ms(lambda data=data: asyncio.run(xlserver.custom_functions_call(data, formulas)),
                           repeat)
        ms = statistics.median(times)
        flag = "ok" if ms < 50 else "SLOW"
        if ms >= 50:
            slow.append(name)
        print(f"{name:22} {ms:10.2f} {min(times):8.2f} {ms / base:11.1f}  {flag}")

    with server.running("127.0.0.1") as url:
        for name, args in (("SALES_ATTAINMENT", ([[75.0]], [[100.0]])),
                           ("SALES_WEIGHTED", ([[1000.0]], [[0.5]]))):
            body_bytes = json.dumps(payload(name, *args)).encode()

            def round_trip(body_bytes: bytes = body_bytes) -> object:
                request = urllib.request.Request(url + server.CALL_PATH, data=body_bytes, method="POST",
                                                 headers={"Content-Type": "application/json"})
                with urllib.request.urlopen(request, timeout=10) as response:
                    return response.read()

            data = payload(name, *args)
            direct = median_ms(lambda data=data: asyncio.run(xlserver.custom_functions_call(data, formulas)),
                               max(repeat, 50))
            http = median_ms(round_trip, max(repeat, 50))
            print(f"serve round trip ({name}, one cell, HTTP on 127.0.0.1): {http:.2f} ms median; "
                  f"in-process call {direct:.2f} ms, HTTP x{http / direct:.1f}; target < 30 ms "
                  f"{'ok' if http < 30 else 'SLOW'}")
    if slow:
        print("over 50 ms:", ", ".join(slow))


if __name__ == "__main__":
    main()
