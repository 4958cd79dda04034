"""The watchlist: the pinned provinces, banks and AMCs, each with its latest figures
and newest announcement.

Opened with ``W`` from anywhere; ``P`` pins the province under the cursor (provinces
pane, province screen) or the seller of the highlighted announcement, and unpins here.
Enter goes there: a province's screen, or the dashboard's announcements filtered to
the bank or AMC. The screen is handed the watchlist when it opens and follows the
app's snapshot (:mod:`npl_tui.core.watch` makes the records).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ..core.config import Watchlist
from ..core.state import Market
from ..core.views import amount_of
from ..core.vocab import word
from ..core.watch import WatchItem, watch_items
from ..messages import PartyChosen, PinAsked, ProvinceSelected
from ..render import (
    cell,
    fmt_event_date,
    fmt_marked_amount,
    fmt_metric,
    literal,
    metric_label,
    party_name,
    province_name,
)
from ..state import Shared
from ..widgets.key_bar import KeyBar
from ..widgets.row_table import RowTable
from .base import FollowsApp, close

__all__ = ["WatchlistScreen"]

_NAME, _DEALS = 24, 6


class WatchlistScreen(FollowsApp, Screen[None]):
    """The pinned provinces and parties. Enter goes there; P unpins."""

    DEFAULT_CSS = """
    WatchlistScreen #watch-title { height: 1; padding: 0 1; text-style: bold; }
    WatchlistScreen #watch-table { height: 1fr; }
    WatchlistScreen #watch-empty { margin: 1 2; }
    WatchlistScreen #watch-detail-box { height: auto; max-height: 10; border-top: solid $foreground 30%; padding: 0 1; }
    WatchlistScreen #watch-detail { height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="watchlist.close"),
        Binding("enter", "open", "Go there", tooltip="Go to the province, or the bank's or AMC's deals", id="watchlist.open"),
        Binding("j", "cursor_down", "Down", show=False, id="watchlist.down"),
        Binding("k", "cursor_up", "Up", show=False, id="watchlist.up"),
        Binding("P,delete", "unpin", "Unpin", tooltip="Take it off the watchlist", id="watchlist.unpin"),
    ]

    AUTO_FOCUS = "#watch-table"

    def __init__(self, watchlist: Watchlist) -> None:
        super().__init__()
        self.watchlist = watchlist
        self.items: list[WatchItem] = []

    def compose(self) -> ComposeResult:
        yield Static(id="watch-title")
        yield RowTable(id="watch-table", show_header=True, cell_padding=1)
        yield Static(id="watch-empty")
        with VerticalScroll(id="watch-detail-box"):
            yield Static(id="watch-detail")
        yield KeyBar().data_bind(Shared.settings)

    def on_mount(self) -> None:
        self._fill()

    def watch_market(self, old: Market, new: Market) -> None:
        if self.is_mounted and new.snapshot is not old.snapshot:
            self._fill()

    def watch_settings(self) -> None:
        if self.is_mounted:
            self._fill()

    def on_resize(self) -> None:
        self._fill()

    # ------------------------------------------------------------------ drawing

    def label(self, item: WatchItem) -> str:
        if item.kind == "province":
            return province_name(item.key, self.lang)
        return (item.name_zh or item.name) if self.lang == "zh" else (item.name or item.key)

    def _newest(self, item: WatchItem) -> str:
        row = item.newest
        if row is None:
            return word("watch.not_found", self.lang) if not item.found else "–"
        parts = [fmt_event_date(row).strip(), party_name(row, "seller", self.lang), fmt_marked_amount(*amount_of(row), self.unit, self.lang)]
        return " · ".join(p for p in parts if p and p != "–")

    def _fill(self) -> None:
        lang = self.lang
        self.items = watch_items(self.snapshot, self.watchlist)
        self.query_one("#watch-title", Static).update(Text(f"{word('watch.title', lang)} · {len(self.items)}"))
        table = self.query_one("#watch-table", RowTable)
        empty = self.query_one("#watch-empty", Static)
        empty.update(Text(word("watch.none", lang)))
        empty.display = not self.items
        table.display = bool(self.items)
        self.query_one("#watch-detail-box").display = bool(self.items)
        keep = table.cursor_key
        table.clear(columns=True)
        heads = word("watch.heads", lang).split("|")
        rest = max(16, self.app.size.width - _NAME - _DEALS - 8)
        for key, head, width in zip(("name", "deals", "newest"), heads, (_NAME, _DEALS, rest)):
            table.add_column(Text(head), width=width, key=key)
        for i, item in enumerate(self.items):
            table.add_row(cell(self.label(item), style="bold" if item.found else "dim"),
                          cell(str(item.deals), right=True),
                          cell(self._newest(item)), key=str(i))
        if keep is None or not table.move_cursor_to(keep):
            table.move_cursor(row=0)
        self._show_detail(table.cursor_key)

    def _show_detail(self, key: str | None) -> None:
        detail = self.query_one("#watch-detail", Static)
        if key is None or not key.isdigit() or int(key) >= len(self.items):
            detail.update("")
            return
        item = self.items[int(key)]
        lang = self.lang
        out = Text(end="")
        out.append_text(literal(self.label(item), style="bold"))
        out.append(f"  {word('watch.deals', lang, n=str(item.deals))}")
        for figure in item.figures:
            value = fmt_metric(figure.value, figure.metric, figure.qualifier, self.unit) + (" d" if figure.derived else "")
            out.append("\n")
            out.append_text(literal(f"{metric_label(figure.metric, lang)} {figure.year or ''}: {value}"))
        out.append("\n")
        out.append_text(literal(f"{word('watch.newest', lang)}: {self._newest(item)}"))
        if item.newest is not None and item.newest.get("title"):
            out.append("\n")
            out.append_text(literal(str(item.newest.get("title")), style="dim"))
        out.append("\n")
        out.append(word("watch.hint", lang), style="dim")
        detail.update(out)

    def on_row_table_row_highlighted(self, event: RowTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail(event.key)

    def on_row_table_row_selected(self, event: RowTable.RowSelected) -> None:
        event.stop()
        self._go(event.key)

    # ------------------------------------------------------------------ actions

    def _current(self) -> WatchItem | None:
        key = self.query_one("#watch-table", RowTable).cursor_key
        return self.items[int(key)] if key is not None and key.isdigit() and int(key) < len(self.items) else None

    def action_close(self) -> None:
        close(self)

    def action_cursor_down(self) -> None:
        self.query_one("#watch-table", RowTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#watch-table", RowTable).action_cursor_up()

    def action_open(self) -> None:
        key = self.query_one("#watch-table", RowTable).cursor_key
        self._go(key)

    def _go(self, key: str | None) -> None:
        if key is None or not key.isdigit() or int(key) >= len(self.items):
            return
        item = self.items[int(key)]
        if item.kind == "province":
            self.post_message(ProvinceSelected(item.key))
        else:
            self.post_message(PartyChosen(item.name or item.key))

    def action_unpin(self) -> None:
        item = self._current()
        if item is None:
            return
        self.post_message(PinAsked(item.kind, item.key))
        if item.kind == "province":
            self.watchlist = Watchlist(tuple(c for c in self.watchlist.provinces if c != item.key), self.watchlist.parties)
        else:
            self.watchlist = Watchlist(self.watchlist.provinces, tuple(n for n in self.watchlist.parties if n != item.key))
        self._fill()
