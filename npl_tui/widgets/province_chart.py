"""ProvinceChart: a :class:`~npl_tui.core.province_view.Chart` as horizontal text bars.

One line per bar, however many there are: its label, a bar to scale (eighths of a
cell, all bars on one scale from zero) and its value, so no bar is ever merged into
another, dropped or left without its label (a plotted chart had a fixed number of
rows: nine months in room for seven drew 19.47亿 as long as 52.7亿 and lost two).
A chart of several series (a province against the nation) gives each label one line
per series. Amounts are in one unit, chosen from the largest (亿 or 万; RMB bn or m
with ``u``), named in the caption. Bounds are drawn as bounds (render.bar: a lower
bound ends open ▶, an upper bound is light ░) and their values keep the sign.
"""

from __future__ import annotations

import math

from rich.cells import cell_len
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from ..core.province_view import BOUND_QUALIFIERS, Chart
from ..render import (
    AMOUNT_SCALES,
    amount_scale,
    bar,
    fmt_bound,
    fmt_int,
    fmt_scaled,
    literal,
    scale_name,
)

__all__ = ["ProvinceChart", "chart_text", "chart_values", "value_texts", "y_label"]

#: Cells for a label at most (longer labels are cut with an ellipsis).
LABEL_MAX = 18
#: The narrowest bar worth drawing, and the widest (the value stays near its bar).
BAR_MIN = 8
BAR_MAX = 60


def chart_values(chart: Chart, unit: str) -> list[list[float]]:
    """Each series' values in the chart's display unit (amount_scale for amounts)."""
    if chart.unit != "amount":
        return [list(s.values) for s in chart.series]
    per = AMOUNT_SCALES[amount_scale(_all_values(chart), unit)][0]
    return [[v / per for v in s.values] for s in chart.series]


def _all_values(chart: Chart) -> list[float]:
    return [v for s in chart.series for v in s.values]


def y_label(chart: Chart, unit: str) -> str:
    """The unit the chart's values are in: "亿", "万", "RMB bn", "RMB m", "%" or "count"."""
    if chart.unit == "amount":
        return scale_name(amount_scale(_all_values(chart), unit))
    if chart.unit == "pct":
        return "%"
    return "count"


def value_texts(chart: Chart, unit: str) -> list[list[str]]:
    """Each bar's value as shown, in one unit, bound sign kept: "1.47亿", "> 5,000",
    "1.52%"."""
    scale = amount_scale(_all_values(chart), unit) if chart.unit == "amount" else ""
    out: list[list[str]] = []
    for s in chart.series:
        texts = []
        for value, qualifier in zip(s.values, s.bounds):
            sign = fmt_bound(qualifier)
            sign = f"{sign} " if qualifier in BOUND_QUALIFIERS else sign
            if not math.isfinite(value):
                texts.append("–")
            elif chart.unit == "amount":
                texts.append(sign + fmt_scaled(value, scale) + AMOUNT_SCALES[scale][1])
            elif chart.unit == "pct":
                texts.append(f"{sign}{value:.2f}%")
            else:
                texts.append(sign + fmt_int(value))
        out.append(texts)
    return out


def _fit(text: str, width: int, right: bool = False) -> str:
    """*text* in exactly *width* cells: cut with an ellipsis, padded."""
    if cell_len(text) > width:
        cut = literal(text)
        cut.truncate(width, overflow="ellipsis")
        text = cut.plain
    pad = " " * max(0, width - cell_len(text))
    return pad + text if right else text + pad


def chart_text(chart: Chart | None, unit: str = "yi", width: int = 80, lang: str = "en") -> Text:
    """The chart as lines of text *width* cells wide: a caption naming the unit, then one
    line per bar (label, series name when there are several, bar, value)."""
    out = Text(no_wrap=True, overflow="ellipsis", end="")
    if chart is None or not chart.series or not chart.labels:
        return out
    values = [list(s.values) for s in chart.series]
    texts = value_texts(chart, unit)
    several = len(chart.series) > 1
    label_w = min(LABEL_MAX, max(cell_len(label) for label in chart.labels))
    name_w = max(cell_len(s.name) for s in chart.series) if several else 0
    value_w = max(cell_len(t) for series in texts for t in series)
    fixed = 1 + label_w + 2 + (name_w + 2 if several else 0) + 1 + value_w + 1
    bar_w = max(BAR_MIN, min(BAR_MAX, width - fixed))
    scale = max((v for series in values for v in series if math.isfinite(v)), default=0.0)

    zh = lang == "zh"
    caption = " 条形自0起按比例" if zh else " Bars to scale from 0"
    if chart.unit == "amount":
        caption += f"{'，单位' if zh else ', in'} {y_label(chart, unit)}"
    if chart.has_bounds:
        caption += " · (>) 下限 ▶，(<) 上限 ░" if zh else " · (>) lower bound ▶, (<) upper bound ░"
    out.append(caption, style="dim")
    for i, label in enumerate(chart.labels):
        for j, s in enumerate(chart.series):
            out.append("\n ")
            out.append(_fit(label if j == 0 else "", label_w), style="bold" if j == 0 else "")
            out.append("  ")
            if several:
                out.append(_fit(s.name, name_w), style="dim")
                out.append("  ")
            value = values[j][i] if i < len(values[j]) else math.nan
            qualifier = s.bounds[i] if i < len(s.bounds) else ""
            drawn = bar(value, scale, bar_w, qualifier) if math.isfinite(value) else ""
            out.append(_fit(drawn, bar_w))
            out.append(" ")
            out.append(_fit(texts[j][i] if i < len(texts[j]) else "–", value_w, right=True))
    return out


class ProvinceChart(Widget):
    """A bar chart of one province chart, one line per bar; redrawn when its chart, its
    unit or its width changes."""

    DEFAULT_CSS = """
    ProvinceChart {
        height: auto;
        width: 1fr;
    }
    """

    chart: reactive[Chart | None] = reactive(None, layout=True)
    unit: reactive[str] = reactive("yi")
    lang: reactive[str] = reactive("en")

    def __init__(
        self, chart: Chart | None = None, *, unit: str = "yi", lang: str = "en", id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(ProvinceChart.chart, chart)
        self.set_reactive(ProvinceChart.unit, unit)
        self.set_reactive(ProvinceChart.lang, lang)

    def render(self) -> Text:
        return chart_text(self.chart, self.unit, self.size.width or 80, self.lang)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        chart = self.chart
        if chart is None or not chart.series or not chart.labels:
            return 0
        return 1 + len(chart.labels) * len(chart.series)

    def replot(self) -> None:
        """Draw again (the chart's data is the same object, changed in place)."""
        self.refresh(layout=True)

    @property
    def bounded_points(self) -> int:
        """How many drawn points are bounds (for tests and the caption)."""
        chart = self.chart
        if chart is None:
            return 0
        return sum(1 for s in chart.series for q in s.bounds if q in BOUND_QUALIFIERS)
