"""Small hand-made frames shared by the computation tests (figures worked out in the tests)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

D = dt.date
TODAY = D(2026, 8, 15)
"""Day 46 of the 92 days of 2026-Q3."""


@pytest.fixture
def deals() -> pd.DataFrame:
    """Nine deals of two reps around 2026-Q3."""
    rows = [
        # id, owner, stage, amount, prob, forecast, created, expected, actual, last activity, product, region
        ("D1", "ann", "won", 10000.0, None, None, D(2026, 5, 1), None, D(2026, 7, 10), None, "CRM", None),
        ("D2", "ann", "won", 5000.0, None, None, D(2026, 6, 1), None, D(2026, 8, 20), None, "CRM", None),
        ("D3", "ann", "lost", 4000.0, None, None, D(2026, 6, 1), None, D(2026, 7, 20), None, "BI", None),
        ("D4", "ann", "negotiation", 8000.0, None, None, D(2026, 7, 1), D(2026, 9, 10), None,
         D(2026, 8, 10), "CRM", None),
        ("D5", "ann", "proposal", 6000.0, 0.5, "commit", D(2026, 7, 1), D(2026, 8, 1), None,
         D(2026, 7, 1), "BI", None),
        ("D6", "bob", "demo", 3000.0, None, None, D(2026, 8, 1), D(2026, 10, 5), None, None, "BI", None),
        ("D7", "bob", "won", 2000.0, None, None, D(2026, 7, 1), None, D(2026, 7, 31), None, "CRM", "West"),
        ("D8", "bob", "lost", 1000.0, None, None, D(2026, 5, 1), None, D(2026, 6, 30), None, "CRM", None),
        ("D9", "bob", "lead", 1000.0, None, None, D(2026, 1, 1), D(2026, 9, 30), None, None, "BI", None),
    ]
    columns = ["deal_id", "owner", "stage", "amount", "probability", "forecast_category", "created_date",
               "expected_close_date", "actual_close_date", "last_activity_date", "product", "region"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["customer"] = ["Acme", "Acme", "Beta", "Cora", "Dune", "Acme", "Beta", "Cora", "Dune"]
    return frame


@pytest.fixture
def tasks() -> pd.DataFrame:
    """Five tasks; today (2026-08-15) is a Saturday of ISO week 33 (Aug 10-16)."""
    return pd.DataFrame({
        "task_id": ["T1", "T2", "T3", "T4", "T5"],
        "deal_id": ["D4", "D4", "D4", "D6", None],
        "title": ["Demo", "Quote", "Contract", "Visit", "Admin"],
        "owner": ["ann", "ann", "ann", "bob", "bob"],
        "due_date": [D(2026, 8, 1), D(2026, 8, 12), D(2026, 8, 30), D(2026, 8, 16), D(2026, 8, 10)],
        "status": ["done", "in_progress", "not_started", "not_started", "cancelled"],
        "is_milestone": [True, True, True, False, False],
    })


@pytest.fixture
def risks() -> pd.DataFrame:
    """Four risks on deals D4, D5, D6."""
    return pd.DataFrame({
        "risk_id": ["R1", "R2", "R3", "R4"],
        "deal_id": ["D4", "D5", "D6", "D4"],
        "owner": ["ann", "ann", "bob", "ann"],
        "likelihood": [4, 3, 5, 5],
        "impact": [4, 3, 1, 5],
        "status": ["open", "mitigating", "open", "closed"],
        "due_date": [None, D(2026, 8, 1), None, None],
    })
