"""ProvinceChart: one plotext chart of a :class:`~npl_tui.core.province_view.Chart`.

Imports textual-plotext (and so plotext), which is slow to import: only the
province screen imports this module, and only when it composes a chart.
Each widget owns its own plotext figure (``PlotextPlot.plt``): no module-global
plotext state. Labels are ASCII (plotext measures text with ``len()``, so CJK
would misalign the axes); bounds are labelled, e.g. "Taizhou (>)".
"""

from __future__ import annotations

from textual.reactive import reactive
from textual_plotext import PlotextPlot

from ..core.province_view import BOUND_QUALIFIERS, Chart, ascii_label

__all__ = ["ProvinceChart", "chart_values", "y_label"]


def chart_values(chart: Chart, unit: str) -> list[list[float]]:
    """Each series' values in the display unit (亿元 or RMB bn for amounts)."""
    scale = 0.1 if chart.unit == "amount" and unit == "bn" else 1.0
    return [[v * scale for v in s.values] for s in chart.series]


def y_label(chart: Chart, unit: str) -> str:
    if chart.unit == "amount":
        return "RMB bn" if unit == "bn" else "100m yuan (yi)"
    if chart.unit == "pct":
        return "%"
    return "count"


class ProvinceChart(PlotextPlot):
    """A bar chart of one province series; re-plots when its chart or unit changes."""

    DEFAULT_CSS = """
    ProvinceChart {
        height: 14;
        width: 1fr;
    }
    """

    chart: reactive[Chart | None] = reactive(None)
    unit: reactive[str] = reactive("yi")

    def __init__(self, chart: Chart | None = None, *, unit: str = "yi", id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(ProvinceChart.chart, chart)
        self.set_reactive(ProvinceChart.unit, unit)

    def on_mount(self) -> None:
        self.replot()

    def watch_chart(self) -> None:
        self.replot()

    def watch_unit(self) -> None:
        self.replot()

    def replot(self) -> None:
        """Redraw into this widget's own figure."""
        plt = self.plt
        plt.clear_figure()
        chart = self.chart
        if chart is None or not chart.series:
            self.refresh()
            return
        values = chart_values(chart, self.unit)
        labels = [ascii_label(label, 20) or "?" for label in chart.labels]
        title = ascii_label(chart.title, 70)
        if chart.has_bounds:
            title += " - (>) lower bound, (<) upper bound"
        plt.title(title)
        plt.ylabel(y_label(chart, self.unit))
        if len(values) == 1:
            horizontal = len(labels) > 6
            plt.bar(labels, values[0], orientation="horizontal" if horizontal else "vertical", width=0.6)
        else:
            # plotext takes labels= (its figure's own stub says label=)
            plt.multiple_bar(labels, values, labels=[ascii_label(s.name, 20) or "?" for s in chart.series])  # type: ignore[call-arg]
        self.refresh()

    @property
    def bounded_points(self) -> int:
        """How many plotted points are bounds (for tests and the caption)."""
        chart = self.chart
        if chart is None:
            return 0
        return sum(1 for s in chart.series for q in s.bounds if q in BOUND_QUALIFIERS)
