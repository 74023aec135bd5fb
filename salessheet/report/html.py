"""Render ReportData into one self-contained HTML page (inline CSS and SVG, no network)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from salessheet import __version__
from salessheet.format import cell_text, days, money, money_short, percent, ratio
from salessheet.report import charts
from salessheet.report.data import ReportData
from salessheet.report.labels import text

__all__ = ["kpi_tiles", "render_html"]

_NUMERIC = {"money", "percent", "number"}


def kpi_tiles(data: ReportData) -> list[dict[str, Any]]:
    """The six headline tiles: key, label, raw value (as in ``metrics --json``), shown text."""
    t, lang = data.team, data.lang

    def tile(key: str, label: str, raw: float | None, shown: str, sub: str = "") -> dict[str, Any]:
        return {"key": key, "label": text(label, lang), "raw": "" if raw is None else repr(raw),
                "text": shown, "sub": sub}

    return [
        tile("attainment", "attainment", t.attainment, percent(t.attainment),
             f"{money_short(t.closed_won, lang)} / {money_short(t.target, lang)}"),
        tile("weighted_pipeline", "weighted_pipeline", t.weighted_pipeline,
             money_short(t.weighted_pipeline, lang), money(t.weighted_pipeline)),
        tile("coverage", "coverage", t.coverage, ratio(t.coverage),
             f"{text('gap', lang)} {money_short(t.gap, lang)}"),
        tile("win_rate_count", "win_rate", t.win_rate_count, percent(t.win_rate_count)),
        tile("avg_cycle_days", "avg_cycle", t.avg_cycle_days, days(t.avg_cycle_days), text("days", lang)),
        tile("velocity", "velocity", t.velocity, money_short(t.velocity, lang)),
    ]


def _table(lang: str) -> Any:
    def render(rows: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str, str]]) -> Markup:
        if not rows:
            return Markup('<p class="empty">') + escape(text("none", lang)) + Markup("</p>")
        head = "".join(
            f'<th class="{"num" if kind in _NUMERIC else ""}">{escape(text(label, lang))}</th>'
            for _, label, kind in columns
        )
        body = []
        for row in rows:
            cells = "".join(
                f'<td class="{"num" if kind in _NUMERIC else ""}" data-key="{key}">'
                f"{escape(cell_text(row.get(key), kind))}</td>"
                for key, _, kind in columns
            )
            body.append(f"<tr>{cells}</tr>")
        return Markup(f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")

    return render


_DEALS = [("deal_id", "deal", "text"), ("customer", "customer", "text"), ("owner", "owner", "text"),
          ("stage", "stage", "text"), ("amount", "amount", "money"), ("weighted_amount", "weighted", "money"),
          ("expected_close_date", "expected_close", "text")]


def render_html(data: ReportData, *, generated_at: dt.datetime | None = None) -> str:
    """The report as an HTML string; identical inputs give identical output (pass no time)."""
    env = Environment(loader=PackageLoader("salessheet.report", "templates"),
                      autoescape=select_autoescape(["html", "j2"]))
    lang = data.lang
    groups = [{"owner": g.group, "attainment": g.attainment} for g in data.metrics.groups]
    rendered = {
        "monthly": charts.monthly_chart(data.monthly, lang),
        "funnel": charts.funnel_chart(data.funnel, lang),
        "attainment": charts.attainment_chart(groups, lang),
        "heatmap": charts.heatmap_chart(data.heatmap, lang),
        "waterfall": charts.waterfall_chart(data.waterfall, lang) if data.waterfall else "",
    }
    tables = [
        ("top_deals", data.top_deals, _DEALS),
        ("slipped", data.slipped, [*_DEALS, ("days_late", "days_late", "number")]),
        ("overdue_tasks", data.overdue, [("task_id", "task", "text"), ("title", "task", "text"),
                                          ("owner", "owner", "text"), ("due_date", "due", "text"),
                                          ("days_overdue", "days_overdue", "number")]),
        ("red_risks", data.red, [("risk_id", "risk", "text"), ("deal_id", "deal", "text"),
                                 ("category", "category", "text"), ("owner", "owner", "text"),
                                 ("score", "score", "number"), ("mitigation", "mitigation", "text")]),
        ("quality", data.quality, [("file", "file", "text"), ("error", "errors", "number"),
                                   ("warning", "warnings", "number"), ("info", "infos", "number")]),
    ]
    template = env.get_template("report.html.j2")
    return template.render(
        lang=lang, m=data.metrics, t=lambda key: text(key, lang), tiles=kpi_tiles(data), charts=rendered,
        tables=tables, leaders=data.leaders, table=_table(lang), version=__version__,
        generated_at=generated_at.strftime("%Y-%m-%d %H:%M") if generated_at else "",
    )
