"""The national NPL ratio: headline, quarterly change, balance, coverage, history, bank types."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Sparkline, Static

from ..core.snapshot import Snapshot
from ..core.views import RatioSummary, ratio_summary
from ..render import (
    BANK_TYPE_SHORT,
    change_symbol,
    fmt_change_bp,
    fmt_figure_amount,
    fmt_figure_pct,
    fmt_span,
    label,
    pick,
    waiting_label,
)

__all__ = ["RatioPane"]

#: Bank types per line: three fit a 34-column pane, so 80x24 shows all six.
BY_TYPE_PER_ROW = 3


class RatioPane(VerticalScroll, can_focus=True):
    """Latest national NPL ratio with the date of every figure shown beside it."""

    DEFAULT_CSS = """
    RatioPane { height: 1fr; }
    RatioPane #ratio-top { height: 1; }
    RatioPane #ratio-headline { width: auto; text-style: bold; }
    RatioPane #ratio-change { width: 1fr; content-align: right top; }
    RatioPane Sparkline { height: 1; margin: 0 0; }
    RatioPane Static { height: auto; }
    RatioPane #ratio-yoy { display: none; color: $text-muted; }
    """

    BINDINGS = [
        Binding("j", "scroll_down", "Scroll down", show=False, id="ratio.down"),
        Binding("k", "scroll_up", "Scroll up", show=False, id="ratio.up"),
    ]

    snapshot: reactive[Snapshot | None] = reactive(None, init=False)
    lang: reactive[str] = reactive("en", init=False)
    unit: reactive[str] = reactive("yi", init=False)
    #: The last load error: with no snapshot yet, the pane says there is no data.
    load_error: reactive[str | None] = reactive(None, init=False)

    def compose(self) -> ComposeResult:
        with Horizontal(id="ratio-top"):
            yield Static(label("loading", self.lang), id="ratio-headline")
            yield Static("", id="ratio-change")
        yield Static("", id="ratio-yoy")
        yield Static("", id="ratio-figures")
        yield Sparkline([], id="ratio-spark")
        yield Static("", id="ratio-spark-label")
        yield Static("", id="ratio-by-type")

    def watch_snapshot(self) -> None:
        self._summary = ratio_summary(self.snapshot) if self.snapshot is not None else None
        self._show_data()

    def watch_lang(self) -> None:
        self._show_data()

    def watch_unit(self) -> None:
        self._show_data()

    def watch_load_error(self) -> None:
        if self.snapshot is None:
            self._show_data()

    def _show_data(self) -> None:
        if not self.is_mounted:
            return
        summary: RatioSummary | None = getattr(self, "_summary", None)
        headline = self.query_one("#ratio-headline", Static)
        change = self.query_one("#ratio-change", Static)
        lang, unit = self.lang, self.unit
        self.border_title = f"1 {label('npl_ratio', lang)}"
        # An empty Sparkline still draws a flat line: show none until there is a history.
        self.query_one("#ratio-spark", Sparkline).display = summary is not None and bool(summary.history)
        if summary is None or summary.ratio is None:
            headline.update(waiting_label(self.load_error, lang) if summary is None else label("no_data", lang))
            return
        ratio = summary.ratio
        headline.update(Text(f"{fmt_figure_pct(ratio)}  {ratio.period}"))
        change.remove_class("-up", "-down", "-flat")
        if summary.change_pp is None:
            change.update(Text(f"{label('change_qoq', lang)} –"))
        else:
            symbol = change_symbol(round(summary.change_pp * 100))
            change.add_class({"▲": "-up", "▼": "-down"}.get(symbol, "-flat"))
            derived = " d" if summary.previous is not None and summary.previous.derived else ""
            change.update(Text(f"{fmt_change_bp(summary.change_pp)} {label('change_qoq', lang)}{derived}"))
        yoy = self.query_one("#ratio-yoy", Static)
        if summary.year_ago is not None:
            delta = ratio.value - summary.year_ago.value
            yoy.update(Text(f"{fmt_change_bp(delta)} y/y  ({summary.year_ago.period} {fmt_figure_pct(summary.year_ago)})"))
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
            grid.add_row(Text(label(key, lang)), Text(fmt(figure) if figure else "–"), Text(figure.period if figure else ""))
        self.query_one("#ratio-figures", Static).update(grid)
        history = summary.history
        self.query_one("#ratio-spark", Sparkline).data = [f.value for f in history]
        if history:
            lo = min(f.value for f in history)
            hi = max(f.value for f in history)
            span = fmt_span(history[0].period, history[-1].period)
            self.query_one("#ratio-spark-label", Static).update(Text(f"{span}  {lo:.2f}–{hi:.2f}%", style="dim"))
        by_type = self.query_one("#ratio-by-type", Static)
        if summary.by_type:
            table = Table.grid(padding=(0, 1), expand=True)
            table.title = Text(f"{label('by_type', lang)} %, {summary.by_type_period}", style="dim")
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
