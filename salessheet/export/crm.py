"""CRM import files (HubSpot, Salesforce, Twenty) from the exported tables, with a pre-flight check.

``crm_rows`` turns the team's tables into the target's files (companies, contacts, deals,
tasks: the import order); ``preflight`` reports every row the CRM would reject and why;
``write_crm`` writes the files (split at the CRM's per-file row limit, formula-injection safe).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from salessheet.export.crm_targets import CrmTarget, target
from salessheet.export.preflight import preflight
from salessheet.export.prepare import TableRows, prepare_rows
from salessheet.export.source import TeamData
from salessheet.io.atomic import ensure_folder
from salessheet.issues import Report
from salessheet.schema import WorkbookConfig

__all__ = ["CrmFiles", "crm_rows", "export_crm", "person_name", "write_crm"]

_NAMESPACE = uuid.UUID("6f1c1d2e-5a7b-4c3d-9e8f-0a1b2c3d4e5f")


@dataclass
class CrmFiles:
    """Rows per object for one target, and what the pre-flight found."""

    target: CrmTarget
    rows: dict[str, list[dict[str, Any]]]
    report: Report = field(default_factory=Report)
    written: list[Path] = field(default_factory=list)


def person_name(name: str) -> tuple[str, str]:
    """(first, last) of a contact name; a Chinese name's first character is the family name.

    >>> person_name("Nora Zhou"), person_name("王小明"), person_name("Cher")
    (('Nora', 'Zhou'), ('小明', '王'), ('', 'Cher'))
    """
    name = " ".join(name.split())
    if " " in name:
        first, last = name.rsplit(" ", 1)
        return first, last
    if len(name) >= 2 and all("\u4e00" <= ch <= "\u9fff" for ch in name):
        return name[1:], name[0]
    return "", name


def _date(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else None


class _Ids:
    """Record ids in the target's form: salessheet keys, or UUIDs derived from them (Twenty)."""

    def __init__(self, as_uuid: bool):
        self.as_uuid = as_uuid

    def __call__(self, obj: str, key: Any) -> str | None:
        if key is None:
            return None
        return str(uuid.uuid5(_NAMESPACE, f"{obj}:{key}")) if self.as_uuid else f"{obj[:2]}:{key}"


def crm_rows(tables: TableRows, config: WorkbookConfig, target: CrmTarget,
             stage_map: dict[str, str] | None = None) -> dict[str, list[dict[str, Any]]]:
    """The target's file rows (header -> value) per object, in import order."""
    ids = _Ids(target.key == "twenty")
    stages = {**target.stages, **(stage_map or {})}
    emails = {r["rep_id"]: r.get("email") for r in tables.get("reps", [])}
    deals = tables.get("deals", [])
    contacts: dict[tuple[str, str], dict[str, Any]] = {}
    for deal in deals:
        if deal.get("contact"):
            contacts.setdefault((deal["customer"], deal["contact"]), deal)
    cid = {key: ids("contacts", f"{key[0]}|{key[1]}") for key in contacts}
    h = {f.object: f.columns for f in target.files}

    def company(name: str) -> dict[str, Any]:
        return dict(zip(h["companies"], (ids("companies", name), name, None), strict=False))

    def contact(key: tuple[str, str]) -> dict[str, Any]:
        first, last = person_name(key[1])
        return dict(zip(h["contacts"], (cid[key], first, last, None, ids("companies", key[0])), strict=True))

    def deal_row(d: dict[str, Any]) -> dict[str, Any]:
        amount = d.get("amount")
        currency = (d.get("currency") or config.currency) if amount is not None else None
        stage = stages.get(d["stage"]) or d["stage"]  # unmapped: kept, so the pre-flight reports it
        company_id = ids("companies", d["customer"])
        contact_id = cid.get((d["customer"], d.get("contact") or ""))
        close = _date(d.get("actual_close_date") or d.get("expected_close_date"))
        name = d.get("deal_name") or f"{d['customer']} {d['deal_id']}"
        values: tuple[Any, ...]
        if target.key == "hubspot":
            values = (ids("deals", d["deal_id"]), name, "default", stage, amount, currency, close,
                      _date(d.get("created_date")), emails.get(d["owner"]), company_id, contact_id,
                      target.forecast.get(d.get("forecast_category") or ""))
        elif target.key == "salesforce":
            probability = d.get("probability")
            values = (ids("deals", d["deal_id"]), name, stage, close, amount, currency,
                      None if probability is None else round(probability * 100, 4),
                      target.forecast.get(d.get("forecast_category") or ""), d.get("next_step"),
                      d.get("notes"), company_id, emails.get(d["owner"]) or d["owner"])
        else:
            values = (ids("deals", d["deal_id"]), name, stage, amount, currency, close, company_id,
                      contact_id)
        return dict(zip(h["deals"], values, strict=True))

    def task_row(t: dict[str, Any]) -> dict[str, Any]:
        status = target.task_statuses.get(t["status"]) or t["status"]
        fallback = "Normal" if target.key == "salesforce" else None  # Salesforce requires a priority
        priority = target.priorities.get(t.get("priority") or "", fallback)
        deal = ids("deals", t.get("deal_id"))
        owner = emails.get(t["owner"]) or t["owner"]
        values: tuple[Any, ...]
        if target.key == "hubspot":
            values = (ids("tasks", t["task_id"]), t["title"], _date(t.get("due_date")), status, priority,
                      emails.get(t["owner"]), deal, t.get("notes"))
        elif target.key == "salesforce":
            values = (ids("tasks", t["task_id"]), t["title"], _date(t.get("due_date")), status, priority,
                      t.get("notes"), deal, owner)
        else:
            values = (ids("tasks", t["task_id"]), t["title"], t.get("notes"), _date(t.get("due_date")),
                      status)
        return dict(zip(h["tasks"], values, strict=True))

    return {
        "companies": [company(c["name"]) for c in tables.get("customers", [])],
        "contacts": [contact(key) for key in contacts],
        "deals": [deal_row(d) for d in deals],
        "tasks": [task_row(t) for t in tables.get("tasks", [])],
    }


def write_crm(files: CrmFiles, out_dir: Path, *, max_rows: int | None = None) -> list[Path]:
    """Write each object's file into ``out_dir``; files over the row limit are split into parts."""
    from salessheet.migrate.writer import write_csv

    limit = max_rows or files.target.max_rows
    out_dir = Path(out_dir)
    ensure_folder(out_dir)
    paths: list[Path] = []
    for spec in files.target.files:
        rows = files.rows.get(spec.object, [])
        parts = [rows[i:i + limit] for i in range(0, len(rows), limit)] or [[]]
        for number, part in enumerate(parts, start=1):
            stem, suffix = spec.name.rsplit(".", 1)
            path = out_dir / (spec.name if number == 1 else f"{stem}-part{number}.{suffix}")
            write_csv(path, spec.columns, ([row.get(c) for c in spec.columns] for row in part))
            paths.append(path)
    files.written = paths
    return paths


def export_crm(data: TeamData, to: str, out_dir: Path | None = None, *,
               stage_map: dict[str, str] | None = None, max_rows: int | None = None) -> CrmFiles:
    """Build ``to``'s import files (hubspot, salesforce, twenty), run the pre-flight and write them.

    Args:
        data: the team's rows.
        to: target key, with or without the ``-csv`` suffix.
        out_dir: folder for the files; None runs the pre-flight only.
        stage_map: stage key -> the target's stage value, overriding the defaults.
        max_rows: rows per file instead of the target's limit.

    Returns:
        The rows, the pre-flight report (rows left out before the export included) and the files.
    """
    crm = target(to)
    tables, report = prepare_rows(data)
    rows = crm_rows(tables, data.config, crm, stage_map)
    report.extend(preflight(crm, rows, max_rows=max_rows))
    files = CrmFiles(crm, rows, report)
    if out_dir is not None:
        write_crm(files, out_dir, max_rows=max_rows)
    return files
