"""The national NPL ratio: headline, quarterly change, balance, coverage, history, bank types."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Console, ConsoleOptions
from rich.console import RenderResult as RichRenderResult
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult, RenderResult
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Sparkline, Static

from ..core.snapshot import Snapshot
from ..core.state import Market
from ..core.views import RatioSummary, ratio_summary
from ..core.vocab import word
from ..messages import RowsSeen
from ..render import (
    BANK_TYPE_SHORT,
    change_symbol,
    derived_mark,
    fmt_change_bp,
    fmt_figure_amount,
    fmt_figure_pct,
    fmt_span,
    pick,
    sparkline_segments,
    waiting_label,
)
from .pane import Pane

__all__ = ["BREAK_MARK", "BrokenSparkline", "RatioPane"]

#: Bank types per line: three fit a 34-column pane, so 80x24 shows all six.
BY_TYPE_PER_ROW = 3

#: Drawn in the sparkline where the series moves to a revised basis: the bars either
#: side are levels on different bases, not a move from one to the other.
BREAK_MARK = "┊"


class _Segments:
    """The sparkline's bars, drawn apart at each break, coloured min to max."""

    def __init__(self, segments: list[list[float]], low: Color, high: Color, mark: Style) -> None:
        self.segments, self.low, self.high, self.mark = segments, low, high, mark

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RichRenderResult:
        text = Text(no_wrap=True, overflow="crop", end="")
        for i, bars in enumerate(sparkline_segments(self.segments, options.max_width)):
            if i:
                text.append(BREAK_MARK, self.mark)
            for bar in bars:
                level = (ord(bar) - ord("▁")) / 7
                text.append(bar, Style(color=self.low.blend(self.high, level).rich_color))
        yield text


class _FirstThatFits:
    """The first of several texts that fits the width it is given (else the last, cut):
    a long and a short way of saying the same thing, chosen at the pane's width."""

    def __init__(self, *texts: Text) -> None:
        self.texts = texts

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RichRenderResult:
        chosen = next((t for t in self.texts if t.cell_len <= options.max_width), self.texts[-1])
        chosen = chosen.copy()
        chosen.no_wrap, chosen.overflow = True, "ellipsis"
        chosen.end = "\n"  # Textual counts a renderable's lines by its newlines
        yield chosen


class BrokenSparkline(Sparkline):
    """Textual's sparkline (its colours, its CSS), drawn apart where the series changes
    basis: ``segments`` holds the values of each side of every break, oldest first."""

    segments: reactive[tuple[tuple[float, ...], ...]] = reactive((), layout=False)

    def render(self) -> RenderResult:
        _, base = self.background_colors
        low = base + self.get_component_styles("sparkline--min-color").color
        high = base + self.get_component_styles("sparkline--max-color").color
        return _Segments([list(s) for s in self.segments], low, high, Style(color=self.styles.color.rich_color, dim=True))


class RatioPane(Pane, VerticalScroll, can_focus=True):
    """Latest national NPL ratio with the date of every figure shown beside it."""

    # Not scoped: the break note shows only on the wide screen, like app.tcss's y/y line.
    SCOPED_CSS = False
    DEFAULT_CSS = """
    RatioPane { height: 1fr; }
    RatioPane #ratio-top { height: 1; }
    RatioPane #ratio-headline { width: auto; text-style: bold; }
    RatioPane #ratio-change { width: 1fr; content-align: right top; }
    RatioPane Sparkline { height: 1; margin: 0 0; }
    RatioPane Static { height: auto; }
    RatioPane #ratio-yoy { display: none; color: $text-muted; }
    RatioPane #ratio-break { display: none; color: $text-muted; }
    Screen.-wide RatioPane #ratio-break.-shown { display: block; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Scroll down", show=False, id="ratio.down"),
        Binding("k", "scroll_up", "Scroll up", show=False, id="ratio.up"),
    ]

    #: Seconds the pane is focused before its figures count as seen (the user went to it).
    SEEN_AFTER = 1.0

    def compose(self) -> ComposeResult:
        with Horizontal(id="ratio-top"):
            yield Static(word("loading", self.lang), id="ratio-headline")
            yield Static("", id="ratio-change")
        yield Static("", id="ratio-yoy")
        yield Static("", id="ratio-figures")
        yield BrokenSparkline([], id="ratio-spark")
        yield Static("", id="ratio-spark-label")
        yield Static("", id="ratio-break")
        yield Static("", id="ratio-by-type")

    _summary: RatioSummary | None = None

    # ---------------------------------------------------------------- seen

    def on_focus(self) -> None:
        self.set_timer(self.SEEN_AFTER, self._seen, name="ratio-seen")

    def watch_market(self, old: Market, new: Market) -> None:
        super().watch_market(old, new)
        if self.is_mounted and self.screen.focused is self and new.changes is not old.changes:
            self.set_timer(self.SEEN_AFTER, self._seen, name="ratio-seen")

    def _seen(self) -> None:
        """Revised ratios count as seen once the pane that shows them has been in focus a moment."""
        changes = self.market.changes
        if self.screen.focused is self and self.screen.is_current and changes is not None and changes.ids("ratios"):
            self.post_message(RowsSeen("ratios"))

    def snapshot_changed(self, snapshot: Snapshot | None) -> None:
        self._summary = ratio_summary(snapshot) if snapshot is not None else None

    def show_data(self) -> None:
        if not self.is_mounted:
            return
        summary = self._summary
        headline = self.query_one("#ratio-headline", Static)
        change = self.query_one("#ratio-change", Static)
        lang, unit = self.lang, self.unit
        self.border_title = f"1 {word('npl_ratio', lang)}"
        # An empty Sparkline still draws a flat line: show none until there is a history.
        self.query_one("#ratio-spark", BrokenSparkline).display = summary is not None and bool(summary.history)
        if summary is None or summary.ratio is None:
            headline.update(waiting_label(self.market.error, lang) if summary is None else word("no_data", lang))
            return
        ratio = summary.ratio
        # What the "d" after a value means, where one is shown.
        shown = (ratio, summary.previous, summary.year_ago, summary.balance, summary.coverage, *(f for _, f in summary.by_type))
        self.border_subtitle = word("derived_note", lang) if any(f is not None and f.derived for f in shown) else ""
        headline.update(Text(f"{fmt_figure_pct(ratio)}  {ratio.period}"))
        change.remove_class("-up", "-down", "-flat")
        if summary.change_break:
            # The quarter is on a revised basis: the difference is not a market move.
            change.add_class("-flat")
            change.update(Text(f"{word('change_qoq', lang)} {word('na_new_basis', lang)}"))
        elif summary.change_pp is None:
            change.update(Text(f"{word('change_qoq', lang)} –"))
        else:
            symbol = change_symbol(round(summary.change_pp * 100))
            change.add_class({"▲": "-up", "▼": "-down"}.get(symbol, "-flat"))
            derived = derived_mark(summary.previous is not None and summary.previous.derived)
            change.update(Text(f"{fmt_change_bp(summary.change_pp)} {word('change_qoq', lang)}{derived}"))
        yoy = self.query_one("#ratio-yoy", Static)
        if summary.year_ago is not None:
            delta = word("na_new_basis", lang) if summary.yoy_break else fmt_change_bp(summary.yoy_pp)
            yoy.update(Text(f"{delta} {word('change_yoy', lang)}  ({summary.year_ago.period} {fmt_figure_pct(summary.year_ago)})"))
        else:
            yoy.update("")
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(no_wrap=True)
        grid.add_column(justify="right", no_wrap=True)
        grid.add_column(justify="right", no_wrap=True, style="dim")
        for key, figure, fmt in (
            ("balance_short", summary.balance, lambda f: fmt_figure_amount(f, unit)),
            ("coverage_short", summary.coverage, fmt_figure_pct),
        ):
            grid.add_row(Text(word(key, lang)), Text(fmt(figure) if figure else "–"), Text(figure.period if figure else ""))
        self.query_one("#ratio-figures", Static).update(grid)
        history = summary.history
        spark = self.query_one("#ratio-spark", BrokenSparkline)
        # Drawn apart at each revised basis: a jump there is not a market move.
        segments: list[list[float]] = [[]]
        for figure in history:
            if figure.period in summary.breaks:
                segments.append([])
            segments[-1].append(figure.value)
        spark.data = [f.value for f in history]
        spark.segments = tuple(tuple(s) for s in segments)
        if history:
            lo = min(f.value for f in history)
            hi = max(f.value for f in history)
            span = fmt_span(history[0].period, history[-1].period)
            line = Text(f"{span}  {lo:.2f}–{hi:.2f}%", style="dim", end="")
            breaks = "".join(f"  {BREAK_MARK}{period}" for period in summary.breaks)
            # Where the pane is narrow the mark and the quarter say it (help and `i`
            # explain); where there is room, the words too.
            self.query_one("#ratio-spark-label", Static).update(
                _FirstThatFits(line + Text(f"{breaks} {word('revised_basis', lang)}" if breaks else ""), line + Text(breaks))
            )
        # Where there is a line to spare (the wide screen), say what the mark means.
        note = self.query_one("#ratio-break", Static)
        note.set_class(bool(summary.breaks), "-shown")
        note.update(Text(" ".join(f"{BREAK_MARK} {p} {word('break_note', lang)}" for p in summary.breaks)))
        by_type = self.query_one("#ratio-by-type", Static)
        if summary.by_type:
            table = Table.grid(padding=(0, 1), expand=True)
            table.title = Text(f"{word('by_type', lang)} %, {summary.by_type_period}", style="dim")
            table.title_justify = "left"
            for _ in range(BY_TYPE_PER_ROW):
                table.add_column(no_wrap=True)
                table.add_column(justify="right", no_wrap=True)
            cells: list[str] = []
            for bank_type, figure in summary.by_type:
                cells += [pick(BANK_TYPE_SHORT, bank_type, lang), fmt_figure_pct(figure).replace("%", "")]
            per_row = 2 * BY_TYPE_PER_ROW
            for i in range(0, len(cells), per_row):
                row = cells[i : i + per_row]
                table.add_row(*(Text(c) for c in row + [""] * (per_row - len(row))))
            by_type.update(table)
        else:
            by_type.update("")
