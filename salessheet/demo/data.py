"""Generate a plausible sales team's rows (pure and deterministic for a given seed)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from salessheet.compute.periods import parse_period
from salessheet.schema import TEAM_OWNER, WorkbookConfig

__all__ = ["DemoTeam", "RepData", "generate_team"]

_FIRST = ["Alice", "Bo", "Chen", "Dana", "Emil", "Fang", "Grace", "Hao", "Iris", "Jun", "Kai", "Lena",
          "Ming", "Nora", "Oscar", "Ping", "Quinn", "Rui", "Sara", "Tao", "Uma", "Victor", "Wei", "Xin"]
_LAST = ["Wang", "Li", "Zhang", "Liu", "Chen", "Smith", "Garcia", "Müller", "Huang", "Zhao", "Wu", "Zhou"]
_REGIONS = ["East", "North", "South", "West"]
_PREFIX = ["Blue", "Golden", "Silver", "Red", "Green", "Bright", "Grand", "Nova", "Apex", "Summit",
           "Pacific", "Eastern", "Harbor", "Lotus", "Jade", "Dragon", "Phoenix", "Crystal"]
_SUFFIX = ["Logistics", "Retail", "Foods", "Pharma", "Motors", "Textiles", "Energy", "Hotels",
           "Electronics", "Bank", "Insurance", "Media", "Steel", "Tech", "Airlines", "Health"]
_CN_CUSTOMERS = ["华东物流", "金山零售", "长城制药", "星辰科技", "海川能源", "瑞丰食品", "恒达汽车",
                 "东方纺织"]
_PRODUCTS = ["CRM Suite", "Analytics", "Cloud Storage", "Support Plan", "Training"]
_PRICE = {"CRM Suite": 180_000, "Analytics": 90_000, "Cloud Storage": 60_000, "Support Plan": 30_000,
          "Training": 15_000}
_SOURCES = ["inbound", "outbound", "referral", "partner", "event", "existing_customer"]
_NEXT = ["Send proposal", "Schedule demo", "Call procurement", "Follow up on pricing", "Site visit",
         "Technical workshop", "Reference call", "Draft contract"]
_TASKS = ["Prepare quote", "Customer visit", "Send case study", "Internal pricing review",
          "Demo rehearsal", "Contract review with legal", "Kick-off meeting", "Collect payment"]
_RISKS = {
    "decision_change": "New CFO may re-open vendor selection",
    "competitor": "Competitor offered 20% discount",
    "budget_overrun": "Customer budget lower than quote",
    "delay": "Procurement process takes longer than planned",
    "churn": "Customer unhappy with support response times",
    "other": "Key sponsor on long leave",
}
_STAGE_WEIGHTS = {"lead": 14, "qualified": 14, "demo": 12, "proposal": 12, "negotiation": 8, "won": 22,
                  "lost": 18}


@dataclass
class RepData:
    """One rep's roster entry and the rows of their workbook (canonical keys and choice keys)."""

    roster: dict[str, Any]
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def rep_id(self) -> str:
        """The rep's id."""
        return str(self.roster["rep_id"])


@dataclass
class DemoTeam:
    """A generated team: its reps and their rows."""

    reps: list[RepData]
    today: dt.date
    config: WorkbookConfig

    @property
    def roster(self) -> list[dict[str, Any]]:
        """Roster rows of all reps (the manager first)."""
        return [rep.roster for rep in self.reps]


def _rep(rng: random.Random, index: int, used: set[str]) -> dict[str, Any]:
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    rep_id = first.lower()
    suffix = 2
    while rep_id in used:
        rep_id = f"{first.lower()}{suffix}"
        suffix += 1
    used.add(rep_id)
    return {
        "rep_id": rep_id,
        "name": f"{first} {last}",
        "email": f"{rep_id}@example.com",
        "manager": "mgr",
        "region": _REGIONS[index % len(_REGIONS)],
        "active": True,
        "available": True,
        "lead_weight": 1.0,
    }


def _customer(rng: random.Random) -> str:
    if rng.random() < 0.25:
        return rng.choice(_CN_CUSTOMERS)
    return f"{rng.choice(_PREFIX)} {rng.choice(_SUFFIX)}"


def _deal(rng: random.Random, rep: dict[str, Any], number: int, today: dt.date,
          open_pairs: set[tuple[str, str]]) -> dict[str, Any]:
    """One deal; a rep keeps one open deal per customer and product (``open_pairs``), as
    real reps do, so that the only probable duplicates are the planted ones."""
    stage = rng.choices(list(_STAGE_WEIGHTS), weights=list(_STAGE_WEIGHTS.values()))[0]
    product = rng.choice(_PRODUCTS)
    amount = round(_PRICE[product] * rng.uniform(0.5, 2.5), -2)
    created = today - dt.timedelta(days=rng.randint(10, 300))
    customer = _customer(rng)
    if stage not in ("won", "lost"):
        for _ in range(20):
            if (customer, product) not in open_pairs:
                break
            customer = f"{rng.choice(_PREFIX)} {rng.choice(_SUFFIX)}"
        open_pairs.add((customer, product))
    deal: dict[str, Any] = {
        "deal_id": f"{rep['rep_id'].upper()}-{number:04d}",
        "deal_name": f"{product} for {customer}",
        "customer": customer,
        "contact": f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
        "owner": rep["rep_id"],
        "stage": stage,
        "amount": amount,
        "created_date": created,
        "product": product,
        "region": rep["region"],
        "source": rng.choice(_SOURCES),
        "budget": round(amount * rng.uniform(0.8, 1.3), -3),
        "cost": round(amount * rng.uniform(0.02, 0.08), -1),
    }
    cycle = rng.randint(20, 120)
    if stage in ("won", "lost"):
        closed = min(today, created + dt.timedelta(days=cycle))
        deal["actual_close_date"] = closed
        deal["expected_close_date"] = closed
        deal["last_activity_date"] = closed
        if stage == "lost":
            deal["lost_reason"] = rng.choice(["Price", "Competitor", "No decision", "Timing"])
    else:
        deal["expected_close_date"] = today + dt.timedelta(days=rng.randint(-10, 150))
        deal["last_activity_date"] = today - dt.timedelta(days=rng.choice([1, 2, 3, 5, 8, 13, 21, 45]))
        deal["next_step"] = rng.choice(_NEXT)
        deal["next_step_due"] = today + dt.timedelta(days=rng.randint(-5, 20))
        if rng.random() < 0.15:
            deal["probability"] = round(rng.uniform(0.1, 0.9), 1)
        if rng.random() < 0.15:
            deal["forecast_category"] = rng.choice(["commit", "best_case", "pipeline"])
    return deal


def _task(rng: random.Random, rep: dict[str, Any], number: int, deals: list[dict[str, Any]],
          today: dt.date) -> dict[str, Any]:
    due = today + dt.timedelta(days=rng.randint(-20, 30))
    status = rng.choices(["not_started", "in_progress", "done", "blocked"], weights=[3, 3, 5, 1])[0]
    task: dict[str, Any] = {
        "task_id": f"T-{rep['rep_id'].upper()}-{number:03d}",
        "deal_id": rng.choice(deals)["deal_id"] if deals and rng.random() < 0.85 else None,
        "title": rng.choice(_TASKS),
        "owner": rep["rep_id"],
        "due_date": due,
        "status": status,
        "priority": rng.choice(["high", "medium", "low"]),
        "is_milestone": rng.random() < 0.2,
    }
    if status == "done":
        task["done_date"] = min(today, due + dt.timedelta(days=rng.randint(-3, 3)))
    return task


def _risk(rng: random.Random, rep: dict[str, Any], number: int, deal: dict[str, Any],
          today: dt.date) -> dict[str, Any]:
    category = rng.choice(list(_RISKS))
    return {
        "risk_id": f"R-{rep['rep_id'].upper()}-{number:02d}",
        "deal_id": deal["deal_id"],
        "category": category,
        "description": _RISKS[category],
        "likelihood": rng.randint(1, 5),
        "impact": rng.randint(1, 5),
        "owner": rep["rep_id"],
        "status": rng.choice(["open", "open", "mitigating", "closed"]),
        "mitigation": "Escalate to sponsor and agree a joint plan",
        "due_date": today + dt.timedelta(days=rng.randint(-10, 30)),
        "identified_date": today - dt.timedelta(days=rng.randint(1, 60)),
    }


def _targets(rep_id: str, annual: float, today: dt.date) -> list[dict[str, Any]]:
    year = today.year
    rows = [{"period": str(year), "owner": rep_id, "metric": "revenue", "value": annual}]
    for quarter in range(1, 5):
        rows.append({"period": f"{year}-Q{quarter}", "owner": rep_id, "metric": "revenue",
                     "value": round(annual / 4, 2)})
    current = parse_period(f"{year}-{today.month:02d}")
    rows.append({"period": current.label, "owner": rep_id, "metric": "won_deals", "value": 2})
    return rows


def generate_team(reps: int = 8, deals: int = 40, *, today: dt.date | None = None,
                  seed: int = 7, tasks: int | None = None, risks: int | None = None) -> DemoTeam:
    """Generate ``reps`` reps with about ``deals`` deals each, plus tasks, risks and targets.

    >>> team = generate_team(reps=3, deals=5, today=dt.date(2026, 11, 25))
    >>> len(team.reps), len(team.reps[0].rows["pipeline"])
    (3, 5)
    """
    today = today or dt.date.today()
    rng = random.Random(seed)
    used: set[str] = set()
    team = DemoTeam(reps=[], today=today, config=WorkbookConfig())
    n_tasks = tasks if tasks is not None else max(1, round(deals * 0.3))
    n_risks = risks if risks is not None else max(1, round(deals * 0.05))
    for index in range(reps):
        roster = _rep(rng, index, used)
        rep = RepData(roster=roster)
        open_pairs: set[tuple[str, str]] = set()
        rep_deals = [_deal(rng, roster, n + 1, today, open_pairs) for n in range(deals)]
        open_deals = [d for d in rep_deals if d["stage"] not in ("won", "lost")] or rep_deals
        rep.rows = {
            "pipeline": rep_deals,
            "tasks": [_task(rng, roster, n + 1, rep_deals, today) for n in range(n_tasks)],
            "risks": [_risk(rng, roster, n + 1, rng.choice(open_deals), today) for n in range(n_risks)],
            "targets": _targets(roster["rep_id"], 1_200_000.0 * deals / 40, today),
        }
        team.reps.append(rep)
    team_target = sum(r.rows["targets"][0]["value"] for r in team.reps)
    team.reps[0].rows["targets"].append(
        {"period": str(today.year), "owner": TEAM_OWNER, "metric": "revenue", "value": team_target}
    )
    return team
