"""ProvinceChart: a :class:`~npl_tui.core.province_view.Chart` drawn with plotext.

Horizontal bars, one plot row per bar, however many there are: the plot is as tall as
its bars (the section scrolls), its y range puts each bar on a row of its own and
each row carries its tick label (label, series name when there are several, value),
so no bar is merged into another, dropped or left without its label (a plot of a
fixed height drew nine months in room for seven: 19.47亿 as long as 52.7亿, two
lost). The x range is set so that a bar is its value in whole cells, rounded, all on
one scale from zero; a positive value under half a cell is drawn as ▏ (the value in
its label says how much). A chart of several series (a province against the nation)
gives each label one row per series. Amounts are in one unit, chosen from the largest
(亿 or 万; RMB bn or m with ``u``), named in the caption (plotext measures text with
``len()``, so the caption, which may be Chinese, is drawn outside the plot and the
values in the plot have no unit suffix). Bounds are drawn as bounds: a lower bound
▓, an upper bound ░, their values keep the sign.

Drawn without colour (plotext's "clear" theme, its escape codes dropped): the plot is
plain text in a ``Text``, never parsed as markup or ANSI. Imports plotext
(textual-plotext's ``Plot``, one figure per drawing, no module-global state): only
the province screen imports this module, and only when it shows a chart; the app
preloads it after the first data.
"""

from __future__ import annotations

import math

from rich.cells import cell_len
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget
from textual_plotext.plot import Plot

from ..core.province_view import BOUND_QUALIFIERS, Chart
from ..core.vocab import word
from ..render import (
    AMOUNT_SCALES,
    amount_scale,
    fmt_bound,
    fmt_int,
    fmt_scaled,
    literal,
    scale_name,
    trim_zeros,
)
from ..state import Shared
from ..textual_workarounds import plot_unlimited

__all__ = ["ProvinceChart", "chart_lines", "chart_text", "chart_values", "value_texts", "y_label"]

#: Cells for a label at most (longer labels are cut with an ellipsis).
LABEL_MAX = 18
#: The narrowest plot area worth drawing, and the widest (the value stays near its bar).
BAR_MIN = 8
BAR_MAX = 60
#: Rows of the plot that are not bars: its top and bottom frame, the x tick labels.
FRAME_ROWS = 3
#: plotext markers: a bar, a bound (lower, upper), a bar under half a cell.
BAR, LOWER, UPPER, SLIVER = "█", "▓", "░", "▏"


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


def _plain(text: str) -> str:
    """*text* as plotext can place it: printable, one cell a character (plotext
    counts characters, so anything wider is dropped)."""
    return "".join(ch for ch in literal(text).plain if ch.isprintable() and cell_len(ch) == 1)


def _unitless(text: str, suffix: str) -> str:
    return text[: -len(suffix)] if suffix and text.endswith(suffix) else text


def _nice_ticks(top: float, cells: int) -> list[float]:
    """Round values up to *top* for the x axis, one every 12 cells or more."""
    if top <= 0:
        return []
    raw = top / max(1, min(5, cells // 12))
    mag = 10 ** math.floor(math.log10(raw))
    nice = [m * mag for m in (1, 2, 2.5, 5, 10)]
    step = next(n for n in nice if n >= raw)
    if step > top:  # room for one tick only: the largest that is on the axis
        step = max(n for n in nice if n <= top)
    return [k * step for k in range(1, int(top / step + 1e-9) + 1)]


def _tick_text(value: float) -> str:
    return trim_zeros(f"{value:,.4g}" if value < 1e4 else f"{value:,.0f}")


def chart_lines(chart: Chart, unit: str = "yi") -> int:
    """Rows the chart takes: the caption, one per bar, plotext's frame and x ticks."""
    if not chart.series or not chart.labels:
        return 0
    return 1 + len(chart.labels) * len(chart.series) + FRAME_ROWS


def chart_text(chart: Chart | None, unit: str = "yi", width: int = 80, lang: str = "en") -> Text:
    """The chart as lines of text *width* cells wide: a caption naming the unit, then the
    plotext plot, one row per bar (its tick label: label, series name when there are
    several, value), its frame and the x axis in the caption's unit."""
    out = Text(no_wrap=True, overflow="ellipsis", end="")
    if chart is None or not chart.series or not chart.labels:
        return out
    values = chart_values(chart, unit)
    suffix = AMOUNT_SCALES[amount_scale(_all_values(chart), unit)][1] if chart.unit == "amount" else ""
    texts = [[_plain(_unitless(t, suffix)) for t in series] for series in value_texts(chart, unit)]
    labels = [_plain(label) for label in chart.labels]
    names = [_plain(s.name) for s in chart.series]
    several = len(chart.series) > 1
    label_w = min(LABEL_MAX, max(len(label) for label in labels))
    name_w = max(len(name) for name in names) if several else 0
    value_w = max((len(t) for series in texts for t in series), default=1)

    caption = " " + word("chart.to_scale", lang)
    if chart.unit == "amount":
        caption += word("chart.in_unit", lang, unit=y_label(chart, unit))
    if chart.has_bounds:
        caption += word("chart.bounds", lang, lower=LOWER, upper=UPPER)
    out.append(caption, style="dim")

    # One bar per row, top to bottom in the chart's order: bar k at y = count - k.
    rows: list[tuple[str, float, str]] = []  # (tick label, value, qualifier)
    for i, label in enumerate(labels):
        for j, s in enumerate(chart.series):
            tick = _fit(label if j == 0 else "", label_w)
            if several:
                tick += "  " + _fit(names[j], name_w)
            value = values[j][i] if i < len(values[j]) else math.nan
            text = texts[j][i] if i < len(texts[j]) else "–"
            tick += "  " + _fit(text, value_w, right=True)
            rows.append((tick, value, s.bounds[i] if i < len(s.bounds) else ""))
    count = len(rows)
    tick_w = len(rows[0][0])
    cells = max(BAR_MIN, min(BAR_MAX, width - 1 - tick_w - 2))  # the plot area
    top = max((v for _, v, _ in rows if math.isfinite(v)), default=0.0)
    plt = Plot()
    plt.theme("clear")
    # plotext would cut a plot to the terminal's height: one taller than the screen
    # (the section scrolls) would lose rows and merge bars.
    plot_unlimited(plt)
    plt.plotsize(tick_w + 2 + cells, count + FRAME_ROWS)
    ys = [float(count - k) for k in range(count)]
    # Every row is in the plot, a bar or not (plotext draws no ticks for a plot of
    # nothing, and a row of nothing still has its label).
    plt.scatter([0.0] * count, ys, marker=" ")
    if top > 0:
        # plotext puts xlim's ends on the centres of the first and last cells: with the
        # first at one cell's worth the plot's left edge is 0 and a bar of value v
        # fills round(v / cell) cells, every bar on the one scale.
        cell = top / cells
        groups: dict[str, tuple[list[float], list[float]]] = {}
        for y, (_, value, qualifier) in zip(ys, rows):
            if not math.isfinite(value) or value <= 0:
                continue
            marker = LOWER if qualifier in (">", ">=") else UPPER if qualifier in ("<", "<=") else BAR
            if value < cell / 2 and marker == BAR:
                marker = SLIVER
            at, lengths = groups.setdefault(marker, ([], []))
            at.append(y)
            lengths.append(max(value, cell))
        for marker, (at, lengths) in groups.items():
            # plotext widens bars by the mean gap between a call's positions: undo it,
            # so every bar is a tenth of a row thick and stays on its own row.
            gap = (max(at) - min(at)) / (len(at) - 1) if len(at) > 1 else 1.0
            plt.bar(at, lengths, orientation="horizontal", width=0.1 / gap, minimum=0, marker=marker, reset_ticks=False)
        plt.xlim(cell, top)
        ticks = [t for t in _nice_ticks(top, cells) if t >= cell]
        plt.xticks(ticks, [_tick_text(t) for t in ticks])
    else:
        plt.xlim(0, 1)
        plt.xticks([0], ["0"])  # nothing above zero: the axis says so
    # Each bar on a row of its own: plotext puts ylim's ends on the first and last rows.
    plt.ylim(0.0, 2.0) if count == 1 else plt.ylim(1.0, float(count))
    plt.yticks(ys, [tick for tick, _, _ in rows])
    for line in plt.uncolorize(plt.build()).rstrip().split("\n"):
        out.append("\n")
        out.append(line.rstrip()[:width])
    return out


class ProvinceChart(Shared, Widget):
    """A plotext bar chart of one province chart, one row per bar, as tall as its bars;
    redrawn when its chart, its unit, its language or its width changes."""

    DEFAULT_CSS = """
    ProvinceChart {
        height: auto;
        width: 1fr;
    }
    """

    chart: reactive[Chart | None] = reactive(None, layout=True)

    def __init__(self, chart: Chart | None = None, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(ProvinceChart.chart, chart)
        self._drawn: tuple[object, Text] | None = None

    def watch_settings(self) -> None:
        self.refresh(layout=True)  # another unit may take another number of lines

    def render(self) -> Text:
        # plotext takes some milliseconds a drawing: draw once per chart, unit,
        # language and width.
        key = (self.chart, self.unit, self.lang, self.size.width)
        if self._drawn is None or self._drawn[0] != key:
            self._drawn = (key, chart_text(self.chart, self.unit, self.size.width or 80, self.lang))
        return self._drawn[1]

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        chart = self.chart
        return 0 if chart is None else chart_lines(chart, self.unit)

    def replot(self) -> None:
        """Draw again (the chart's data is the same object, changed in place)."""
        self._drawn = None
        self.refresh(layout=True)

    @property
    def bounded_points(self) -> int:
        """How many drawn points are bounds (for tests and the caption)."""
        chart = self.chart
        if chart is None:
            return 0
        return sum(1 for s in chart.series for q in s.bounds if q in BOUND_QUALIFIERS)
