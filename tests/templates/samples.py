"""Sample rows covering every branch of the computed-column formulas."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

ROSTER: list[dict[str, Any]] = [
    {"rep_id": "alice", "name": "Alice Wang", "region": "North"},
    {"rep_id": "bob", "name": "Bob Li", "region": "South"},
]

PERIODS = (
    "2026", "2026-H1", "2026-H2", "2026-Q1", "2026-Q4", "2026-02", "2026-7", " 2026-q3 ",
    "2026-W01", "2026-W7", "2026-W53", "2025-W53", "2020-W53", "2027-W01",
    "FY2026", "FY2026-Q1", "FY2026-H2", "fy2027-q4",
    "2026-13", "2026-00", "2026-Q5", "2026-H3", "FY2026-W05", "FY2026-07", "2026-W00", "2026-W054",
    "hello", "1899", "FY1901", "20261", "2026-", "",
)


def pipeline_rows(today: dt.date) -> list[dict[str, Any]]:
    """Deals in every stage, with and without overrides, past and future dates."""
    day = dt.timedelta(days=1)
    base = {"customer": "Acme", "owner": "alice", "amount": 1000.0, "created_date": today - 90 * day}
    rows = [
        {"stage": "proposal", "expected_close_date": today + 30 * day, "last_activity_date": today - 5 * day},
        {"stage": "negotiation", "probability": 0.55, "forecast_category": "best_case",
         "expected_close_date": today - 3 * day, "last_activity_date": today - 45 * day},
        {"stage": "lead", "created_date": today - 40 * day, "amount": 250.5},
        {"stage": "lead", "created_date": today - 10 * day},
        {"stage": "demo", "probability": 0, "forecast_category": "commit", "amount": 99.99},
        {"stage": "qualified", "amount": None, "last_activity_date": today - 31 * day},
        {"stage": "qualified", "last_activity_date": today - 30 * day, "expected_close_date": today},
        {"stage": "mystery", "expected_close_date": today + day},
        {"stage": "won", "amount": 5000.0, "actual_close_date": dt.date(2026, 2, 10), "product": "Widget",
         "region": "North"},
        {"stage": "won", "amount": 1234.56, "actual_close_date": dt.date(2025, 12, 30), "owner": "bob",
         "product": "Gadget", "region": "South"},
        {"stage": "won", "amount": 800.0, "actual_close_date": dt.date(2025, 5, 20), "product": "Widget"},
        {"stage": "won", "amount": 4200.0, "actual_close_date": dt.date(2026, 8, 1), "owner": "bob"},
        {"stage": "won", "amount": 50.0, "actual_close_date": dt.date(2026, 12, 31), "product": "Widget",
         "region": "North", "expected_close_date": today - 100 * day},
        {"stage": "won", "amount": 75.0},
        {"stage": "lost", "amount": 2000.0, "actual_close_date": dt.date(2026, 3, 3),
         "last_activity_date": today - 200 * day},
        {"stage": "negotiation", "probability": 1, "amount": 3000.0, "expected_close_date": today + 400 * day,
         "last_activity_date": today},
    ]
    return [{"deal_id": f"D-{i:03d}", **base, **row} for i, row in enumerate(rows, start=1)]


def task_rows(today: dt.date) -> list[dict[str, Any]]:
    """Open, done, cancelled and blank-status tasks due in the past, today and the future."""
    day = dt.timedelta(days=1)
    cases = [
        ("not_started", today - 5 * day), ("in_progress", today - day), ("blocked", today),
        ("done", today - 9 * day), ("cancelled", today - 3 * day), ("in_progress", today + 4 * day),
        (None, today - 2 * day), ("not_started", None), ("blocked", today - 400 * day),
    ]
    return [
        {"task_id": f"T-{i:03d}", "title": "Call back", "owner": "alice", "status": status,
         "due_date": due, "priority": "high", "is_milestone": i % 2 == 0}
        for i, (status, due) in enumerate(cases, start=1)
    ]


def risk_rows() -> list[dict[str, Any]]:
    """Scores on both sides of every RAG threshold, and incomplete ratings."""
    pairs = [(1, 1), (2, 3), (2, 4), (3, 3), (3, 4), (3, 5), (4, 4), (5, 5), (1, 5), (4, None), (None, None)]
    return [
        {"risk_id": f"R-{i:03d}", "deal_id": "D-001", "category": "competitor", "description": "Rival",
         "likelihood": lik, "impact": imp, "owner": "alice", "status": "open"}
        for i, (lik, imp) in enumerate(pairs, start=1)
    ]


def target_rows() -> list[dict[str, Any]]:
    """Every period form for TEAM and reps, each metric, with product and region filters."""
    owners = ("TEAM", "alice", "bob", "team", "")
    metrics = ("revenue", "won_deals", "new_customers")
    rows: list[dict[str, Any]] = []
    for i, period in enumerate(PERIODS):
        rows.append({"period": period, "owner": owners[i % len(owners)], "metric": metrics[i % len(metrics)],
                     "value": 10000.0})
    for owner in ("TEAM", "alice", "bob"):
        for metric in ("revenue", "won_deals"):
            rows.append({"period": "2026", "owner": owner, "metric": metric, "product": "Widget",
                         "value": 5.0})
            rows.append({"period": "2026", "owner": owner, "metric": metric, "product": "Widget",
                         "region": "North", "value": 0.0})
            rows.append({"period": "FY2026", "owner": owner, "metric": metric, "region": "South",
                         "value": 2.0})
    return rows


def sample_rows(today: dt.date) -> dict[str, list[dict[str, Any]]]:
    """All sample rows by sheet key."""
    return {
        "pipeline": pipeline_rows(today),
        "tasks": task_rows(today),
        "risks": risk_rows(),
        "targets": target_rows(),
    }


def random_periods(count: int, seed: int = 7) -> list[str]:
    """Period labels near and far from the valid forms: digits, letters, case, spaces, junk."""
    rng = random.Random(seed)
    labels = []
    for _ in range(count):
        year = str(rng.randint(1890, 2110)) if rng.random() < 0.85 else str(rng.randint(0, 99999))
        suffix = rng.choice([
            "",
            f"-Q{rng.randint(0, 6)}",
            f"-H{rng.randint(0, 3)}",
            f"-Q{rng.randint(1, 4)}",
            f"-W{str(rng.randint(0, 54)).zfill(rng.choice([1, 2, 2, 3]))}",
            f"-W{rng.choice([52, 53])}",
            f"-{str(rng.randint(0, 13)).zfill(rng.choice([1, 2, 2, 3]))}",
            rng.choice(["-", "-Q", "-W", "Q1", "-X1", "-1.5", "-Q1 ", "-W1e1", "--1"]),
        ])
        label = rng.choice(["", "", "", "FY", "FY", "fy", "F", "FY "]) + year + suffix
        if rng.random() < 0.2:
            label = label.lower()
        if rng.random() < 0.1:
            label = f"  {label} "
        labels.append(label)
    return labels


def period_rows(labels: list[str]) -> list[dict[str, Any]]:
    """Team revenue targets for each period label."""
    return [{"period": label or "?", "owner": "TEAM", "metric": "revenue", "value": 1.0} for label in labels]


def random_rows(today: dt.date, count: int = 60, seed: int = 11) -> dict[str, list[dict[str, Any]]]:
    """Random deals, tasks, risks and targets (seeded) to cross-check formulas beyond the hand cases."""
    rng = random.Random(seed)
    stages = ("lead", "qualified", "demo", "proposal", "negotiation", "won", "won", "lost", "unknown")

    def maybe_day(low: int, high: int) -> dt.date | None:
        return None if rng.random() < 0.2 else today + dt.timedelta(days=rng.randint(low, high))

    deals = []
    for i in range(count):
        deals.append({
            "deal_id": f"RD-{i:03d}", "customer": f"Customer {i}",
            "owner": rng.choice(["alice", "bob", "carol"]),
            "stage": rng.choice(stages), "amount": rng.choice([None, round(rng.uniform(0, 50000), 2)]),
            "probability": rng.choice([None, None, round(rng.random(), 2)]),
            "forecast_category": rng.choice([None, None, "commit", "omitted"]),
            "created_date": maybe_day(-400, -1), "expected_close_date": maybe_day(-60, 120),
            "actual_close_date": maybe_day(-400, 0), "last_activity_date": maybe_day(-90, 0),
            "product": rng.choice([None, "Widget", "Gadget"]), "region": rng.choice([None, "North", "South"]),
        })
    statuses = (None, "not_started", "in_progress", "blocked", "done", "cancelled")
    tasks = [{"task_id": f"RT-{i:03d}", "title": "Follow up", "owner": "alice",
              "status": rng.choice(statuses), "due_date": maybe_day(-30, 30)} for i in range(count)]
    risks = [{"risk_id": f"RR-{i:03d}", "deal_id": "RD-001", "category": "delay", "description": "Slip",
              "likelihood": rng.choice([None, 1, 2, 3, 4, 5]), "impact": rng.choice([1, 2, 3, 4, 5]),
              "owner": "bob", "status": "open"} for i in range(count)]
    periods = ("2025", "2026", "2025-H2", "2026-Q1", "2026-Q3", "FY2026", "FY2027-H1", "2026-W10", "2025-11")
    targets = [{"period": rng.choice(periods), "owner": rng.choice(["TEAM", "alice", "bob", "carol", ""]),
                "metric": rng.choice(["revenue", "won_deals", "new_customers"]),
                "product": rng.choice([None, "Widget", "Gadget"]),
                "region": rng.choice([None, "North", "South"]),
                "value": rng.choice([0.0, 1.0, 5.0, 100000.0])} for _ in range(count)]
    return {"pipeline": deals, "tasks": tasks, "risks": risks, "targets": targets}
