"""The master's Dashboard sheet: tables with native Excel charts beside them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from salessheet.compute.waterfall import WATERFALL_SIGN, waterfall_bars, waterfall_floor
from sync.frames import python_value

if TYPE_CHECKING:
    from sync.load import MasterContent, _Writer

__all__ = ["write_dashboard"]

_TEXT = {
    "title": ("{team}: team dashboard", "{team}：团队看板"),
    "generated": ("Generated at", "生成时间"),
    "as_of": ("As of", "数据日期"),
    "period": ("Period", "周期"),
    "leaderboard": ("Leaderboard ({period})", "排行榜（{period}）"),
    "attainment": ("Attainment by rep ({period})", "各销售目标达成（{period}）"),
    "monthly": ("Weighted pipeline vs target by month", "按月加权商机与目标"),
    "funnel": ("Funnel (deals that reached each stage)", "销售漏斗（到达各阶段的商机）"),
    "waterfall": ("Pipeline waterfall ({period})", "商机变动瀑布（{period}）"),
    "heatmap": ("Risk heat map (open risks: likelihood × impact)", "风险热力图（未关闭风险：可能性 × 影响）"),
    "overdue": ("Overdue tasks", "逾期任务"),
}
_HEADERS = {
    "rank": ("Rank", "名次"), "rep": ("Rep", "销售"), "name": ("Name", "姓名"), "won": ("Won", "赢单金额"),
    "won_deals": ("Won deals", "赢单数"), "weighted_pipeline": ("Weighted pipeline", "加权商机"),
    "overdue_tasks": ("Overdue tasks", "逾期任务"), "target": ("Target", "目标"),
    "attainment": ("Attainment", "达成率"), "month": ("Month", "月份"), "stage": ("Stage", "阶段"),
    "deals": ("Deals", "商机数"), "conversion": ("Conversion", "转化率"), "amount": ("Amount", "金额"),
    "step": ("Step", "项目"),
    "owner": ("Owner", "负责人"), "task_id": ("Task ID", "任务编号"), "title": ("Task", "任务"),
    "due_date": ("Due", "截止日期"), "days_overdue": ("Days overdue", "逾期天数"),
}
_MONEY = ("won", "weighted_pipeline", "target", "amount")

_BARS_COLUMN = 26
"""Column AA: where each waterfall bar's bottom and height go (hidden), for the chart to stack."""
_TOTAL, _UP, _DOWN = "#1B2A49", "#2E6B3A", "#9B2C2C"


def _t(key: str, lang: str, **params: Any) -> str:
    en, zh = _TEXT[key]
    return (zh if lang == "zh" else en).format(**params)


class _Layout:
    def __init__(self, writer: _Writer, ws: Any, name: str) -> None:
        self.writer, self.ws, self.name = writer, ws, name
        self.lang = writer.lang
        self.row = 6

    def table(self, title: str, table: str, frame: pd.DataFrame, width_cols: int = 0) -> tuple[int, int]:
        """Write ``frame`` as a table under a title; returns (first data row, last data row)."""
        ws, fmt = self.ws, self.writer.fmt
        ws.write(self.row, 0, title, fmt("title"))
        top = self.row + 1
        count = max(len(frame), 1)
        headers = [_HEADERS[c][1] if self.lang == "zh" else _HEADERS[c][0] for c in frame.columns]
        ws.add_table(top, 0, top + count, len(headers) - 1, {
            "name": table, "style": "Table Style Light 1", "columns": [{"header": h} for h in headers],
        })
        for r, record in enumerate(frame.itertuples(index=False), start=top + 1):
            for c, (column, value) in enumerate(zip(frame.columns, record, strict=True)):
                value = python_value(value)
                if value is None:
                    continue
                if column in ("attainment", "conversion"):
                    ws.write_number(r, c, float(value), fmt("0%"))
                elif column in _MONEY:
                    ws.write_number(r, c, float(value), fmt("#,##0"))
                elif column == "due_date":
                    ws.write(r, c, str(value))
                else:
                    ws.write(r, c, value)
        self.row = top + count + 3
        return top + 1, top + count

    def chart(self, kind: str, anchor_row: int, series: list[dict[str, Any]], title: str,
              subtype: str | None = None) -> Any:
        options: dict[str, Any] = {"type": kind}
        if subtype:
            options["subtype"] = subtype
        chart = self.writer.book.add_chart(options)
        for item in series:
            chart.add_series(item)
        chart.set_title({"name": title, "name_font": {"size": 11}})
        chart.set_size({"width": 560, "height": 260})
        self.ws.insert_chart(anchor_row, 9, chart)
        self.row = max(self.row, anchor_row + 14)
        return chart

    def ref(self, first: int, last: int, col: int) -> list[Any]:
        return [self.name, first, col, last, col]


def write_dashboard(writer: _Writer, ws: Any, content: MasterContent, waterfall: pd.DataFrame) -> None:
    """Fill in the Dashboard sheet ``ws`` (the master's first tab); ``waterfall`` from the comparison."""
    lang, data = writer.lang, content.dashboard
    name = ws.get_name()
    fmt = writer.fmt
    ws.set_landscape()
    ws.fit_to_pages(1, 0)  # printed for the weekly meeting: one page wide, as many long as it takes
    ws.set_column(0, 0, 16)
    ws.set_column(1, 7, 14)
    ws.write(0, 0, _t("title", lang, team=content.team_name), fmt("title"))
    ws.write(2, 0, _t("generated", lang), fmt("bold"))
    ws.write(2, 1, content.generated_at.isoformat(timespec="seconds"))
    ws.write(3, 0, _t("as_of", lang), fmt("bold"))
    ws.write(3, 1, content.today.isoformat())
    ws.write(4, 0, _t("period", lang), fmt("bold"))
    ws.write(4, 1, data.period)
    lay = _Layout(writer, ws, name)

    title = _t("leaderboard", lang, period=data.period)
    first, last = lay.table(title, "Leaderboard", data.leaderboard)
    won_label = _HEADERS["won"][lang == "zh"]
    lay.chart("bar", first - 2, [{"name": won_label, "categories": lay.ref(first, last, 1),
                                  "values": lay.ref(first, last, 3)}], title)

    title = _t("attainment", lang, period=data.period)
    first, last = lay.table(title, "Attainment", data.attainment)
    chart = lay.chart("column", first - 2, [{"name": _HEADERS["attainment"][lang == "zh"],
                                             "categories": lay.ref(first, last, 0),
                                             "values": lay.ref(first, last, 4)}], title)
    chart.set_y_axis({"num_format": "0%"})

    title = _t("monthly", lang)
    first, last = lay.table(title, "MonthlyPipeline", data.monthly)
    chart = lay.chart("column", first - 2, [
        {"name": _HEADERS["weighted_pipeline"][lang == "zh"], "categories": lay.ref(first, last, 0),
         "values": lay.ref(first, last, 1)},
        {"name": _HEADERS["won"][lang == "zh"], "categories": lay.ref(first, last, 0),
         "values": lay.ref(first, last, 2)},
    ], title)
    line = writer.book.add_chart({"type": "line"})
    line.add_series({"name": _HEADERS["target"][lang == "zh"], "categories": lay.ref(first, last, 0),
                     "values": lay.ref(first, last, 3), "marker": {"type": "diamond"}})
    chart.combine(line)

    funnel = data.funnel.drop(columns=["stage_zh" if lang != "zh" else "stage"])
    funnel.columns = ["stage", "deals", "conversion"]
    title = _t("funnel", lang)
    first, last = lay.table(title, "Funnel", funnel)
    chart = lay.chart("bar", first - 2, [{"name": _HEADERS["deals"][lang == "zh"],
                                          "categories": lay.ref(first, last, 0),
                                          "values": lay.ref(first, last, 1)}], title)
    chart.set_y_axis({"reverse": True})

    steps = waterfall["step"].tolist()
    bars = waterfall_bars(dict(zip(steps, waterfall["amount"].astype(float), strict=True)))
    waterfall = waterfall[["step_zh" if lang == "zh" else "step_en", "amount"]].copy()
    waterfall.columns = ["step", "amount"]
    title = _t("waterfall", lang, period=data.period)
    first, last = lay.table(title, "Waterfall", waterfall)
    _waterfall_chart(lay, first, last, steps, bars, title)

    ws.write(lay.row, 0, _t("heatmap", lang), fmt("title"))
    top = lay.row + 1
    ws.write(top, 0, "L \\ I", fmt("bold"))
    for c, impact in enumerate(data.heatmap.columns, start=1):
        ws.write_number(top, c, int(impact), fmt("bold"))
    for r, likelihood in enumerate(data.heatmap.index, start=top + 1):
        ws.write_number(r, 0, int(likelihood), fmt("bold"))
        for c, impact in enumerate(data.heatmap.columns, start=1):
            ws.write_number(r, c, int(data.heatmap.loc[likelihood, impact]))
    ws.conditional_format(top + 1, 1, top + 5, 5, {
        "type": "3_color_scale", "min_color": "#63BE7B", "mid_color": "#FFEB84", "max_color": "#F8696B",
    })
    lay.row = top + 8

    title = _t("overdue", lang)
    lay.table(title, "OverdueTasks", data.overdue.head(50))


def _waterfall_chart(lay: _Layout, first: int, last: int, steps: list[str], bars: list[tuple[float, float]],
                     title: str) -> None:
    """Floating bars as Excel stacks them: an unfilled bottom under each visible bar."""
    ws = lay.ws
    for row, (bottom, height) in enumerate(bars, start=first):
        ws.write_number(row, _BARS_COLUMN, bottom)
        ws.write_number(row, _BARS_COLUMN + 1, height)
    ws.set_column(_BARS_COLUMN, _BARS_COLUMN + 1, None, None, {"hidden": True})
    colours = [_TOTAL if step not in WATERFALL_SIGN else _UP if WATERFALL_SIGN[step] > 0 else _DOWN
               for step in steps]
    categories = lay.ref(first, last, 0)
    chart = lay.chart("column", first - 2, [
        {"name": "bottom", "categories": categories, "values": lay.ref(first, last, _BARS_COLUMN),
         "fill": {"none": True}, "border": {"none": True}},
        {"name": _HEADERS["amount"][lay.lang == "zh"], "categories": categories,
         "values": lay.ref(first, last, _BARS_COLUMN + 1),
         "points": [{"fill": {"color": colour}, "border": {"none": True}} for colour in colours],
         "gap": 60},
    ], title, subtype="stacked")
    chart.show_hidden_data()
    chart.set_legend({"none": True})
    axis: dict[str, Any] = {"num_format": "#,##0"}
    floor = waterfall_floor(bars)
    if floor > 0:  # a week's moves on a pipeline of millions: start the axis where they show
        axis["min"] = floor
    chart.set_y_axis(axis)
