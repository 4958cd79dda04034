"""Every auction lot: filter, sort, and from a lot to its province (``L``).

The screen follows the app's lots (``Shared.lots``): while they load, it shows the rows
read so far and how far the read is; once whole, all of them. It holds only what the
user chose — the filter text and the sort — and hands the table a :class:`LotsPage`
(the lots and the row numbers to show, in order). Filtering and sorting are numpy over
the columns (core/lot_views.py), run in a worker thread so that typing never waits
for them; a newer query replaces an older one still running.

Enter on a lot drills down to its province (nation › province), where the figures
computed from the lots stand beside the published ones.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input, Static

from ..core.state import LotsLoad
from ..core.vocab import word
from ..messages import ProvinceSelected
from ..render import literal
from ..state import Shared
from ..textual_workarounds import KeyFirstInput
from ..widgets.key_bar import KeyBar
from ..widgets.lots_table import LotsPage, LotsTable, lot_cells
from .base import FollowsApp, close

if TYPE_CHECKING:
    from ..core.lots import Lots

__all__ = ["LotsScreen", "count_text"]


def count_text(shown: int, total: int, lang: str, filtered: bool) -> str:
    """"1,000,000 lots", or "12,345 of 1,000,000 lots" once filtered."""
    if filtered:
        return word("lots.of", lang, shown=f"{shown:,}", total=f"{total:,}")
    return word("lots.count", lang, n=f"{total:,}")


class LotsFilter(KeyFirstInput):
    """The filter box. Over SSH "/zhejiang⏎p" can arrive in one packet: each key is
    queued for the widget focused when it is read, so the box handles Enter and Esc
    itself, as they come out of its queue (focus goes to the table there and then),
    and a key still queued for it once it has lost focus bubbles on to the bindings
    of the new focus, in the order typed."""

    def key_first(self, event: events.Key) -> None:
        if self.screen.focused is not self:
            event.prevent_default()
            return
        screen = self.screen
        if event.key in ("enter", "escape") and isinstance(screen, LotsScreen):
            event.prevent_default()
            event.stop()
            if event.key == "escape":
                screen.action_back()
            else:
                screen.filter_done()


@dataclasses.dataclass(frozen=True)
class Choice:
    """What the user chose: the filter text and the sort (key, descending)."""

    query: str = ""
    sort: tuple[str, bool] | None = None


class LotsScreen(FollowsApp, Screen[None]):
    """The lots table, its filter and its sorts."""

    DEFAULT_CSS = """
    LotsScreen #lots-title { height: 1; padding: 0 1; }
    LotsScreen #lots-filter { height: 1; border: none; padding: 0 1; display: none; }
    LotsScreen #lots-detail { height: 2; padding: 0 1; color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="lots.back"),
        # priority: handled as it is read, so the letters typed behind it reach the box
        Binding("slash", "filter", "Filter", id="lots.filter", priority=True),
        Binding("d", "sort('date')", "By date", tooltip="Sort by date (again: reverse)", id="lots.sort_date"),
        Binding("p", "sort('price')", "By price", tooltip="Sort by starting price (again: reverse)", id="lots.sort_price"),
        Binding("v", "sort('appraisal')", "By appraisal", tooltip="Sort by appraised value (again: reverse)", id="lots.sort_appraisal"),
    ]

    AUTO_FOCUS = "#lots-table"

    page: reactive[LotsPage] = reactive(LotsPage, init=False, repaint=False)
    choice: reactive[Choice] = reactive(Choice, init=False, repaint=False)

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self._query = query  # the filter to start with (a province's, a city's)
        self._generation = 0
        self._computing = False
        self._order: tuple[Any, str, bool, Any] | None = None  # (lots, key, descending, order): the last sort

    def compose(self) -> ComposeResult:
        yield Static(id="lots-title")
        yield LotsFilter(id="lots-filter", placeholder=word("lots.filter_hint", self.lang))
        yield LotsTable(id="lots-table").data_bind(LotsScreen.page, Shared.settings)
        yield Static(id="lots-detail")
        yield KeyBar().data_bind(Shared.settings)

    def on_mount(self) -> None:
        if self._query:
            box = self.query_one("#lots-filter", Input)
            box.value = self._query  # (Input.Changed sets the choice)
            box.display = True
        self.call_later(self._recompute)  # (is_mounted is set after on_mount)

    def help_notes(self, lang: str) -> list[tuple[str, str]]:
        return [(word("lots.help_title", lang), word("lots.help", lang)), (word("lots.filter_title", lang), word("lots.filter_help", lang))]

    # ---------------------------------------------------------------- state

    def watch_lots(self, old: LotsLoad, new: LotsLoad) -> None:
        if new.lots is not old.lots:
            self._recompute()
        else:
            self._draw_title()

    def watch_choice(self) -> None:
        self._recompute()

    def watch_settings(self) -> None:
        self._draw_title()

    def watch_page(self) -> None:
        self._draw_title()

    def _recompute(self) -> None:
        """The rows to show for the lots and the choice: at once when there is nothing
        to compute, else in a worker (the newest query wins)."""
        lots, choice = self.lots.lots, self.choice
        self._generation += 1
        if lots is None or (not choice.query.strip() and choice.sort is None):
            self.page = LotsPage(lots, None, self.lots.total if self.lots.loading else 0)
            return
        self._compute(lots, choice, self._generation)

    @work(thread=True, exclusive=True, group="lots-view", exit_on_error=False, description="Filter and sort the lots")
    def _compute(self, lots: Lots, choice: Choice, generation: int) -> None:
        import numpy as np

        from ..core.lot_views import lot_mask, sort_lots

        mask = lot_mask(lots, choice.query)
        if generation != self._generation:
            return
        if mask is not None and mask.all():  # ("z", "zh": every lot matches) the rows as they are, no copy
            mask = None
        if choice.sort is None:
            rows = np.flatnonzero(mask) if mask is not None else None
        else:
            key, descending = choice.sort
            cached = self._order
            if cached is not None and cached[0] is lots and cached[1:3] == (key, descending):
                order = cached[3]
            else:
                order = sort_lots(lots, np.arange(lots.n, dtype=np.int64), key, descending)
                self._order = (lots, key, descending, order)
            rows = order if mask is None else order[mask[order]]
        if generation == self._generation:
            self.app.call_from_thread(self._computed, LotsPage(lots, rows), generation)

    def _computed(self, page: LotsPage, generation: int) -> None:
        if generation == self._generation:
            self.page = page

    # ---------------------------------------------------------------- drawing

    def _draw_title(self) -> None:
        if not self.is_mounted:
            return
        lang, load, page = self.lang, self.lots, self.page
        text = Text(end="")
        text.append(word("lots.title", lang), style="bold")
        if load.synthetic:
            text.append(" ")
            text.append(word("lots.synthetic", lang), style="bold reverse")
        parts: list[str] = []
        if not load.present:
            parts.append(word("lots.none", lang))
        else:
            if load.loading and load.figures is None:  # the rows read so far: no count that reads as whole
                parts.append(word("lots.loading", lang, pct=str(load.percent), read=f"{load.read:,}", total=f"{load.total:,}"))
                if self.choice.query.strip():
                    parts.append(word("lots.matching", lang, n=f"{len(page):,}"))
            else:
                parts.append(count_text(len(page), len(page.lots) if page.lots is not None else load.total, lang,
                                        bool(self.choice.query.strip())))
                if load.loading:
                    parts.append(word("lots.loading", lang, pct=str(load.percent), read=f"{load.read:,}", total=f"{load.total:,}"))
        if self.choice.sort is not None:
            key, descending = self.choice.sort
            parts.append(word(f"lots.by_{key}", lang) + (" ↓" if descending else " ↑"))
        for part in parts:
            text.append(" · ")
            text.append_text(literal(part))
        if load.error:
            text.append(" · ")
            text.append(f"{word('error', lang)}: ", style="bold")
            text.append_text(literal(load.error))
        self.query_one("#lots-title", Static).update(text)

    def on_lots_table_highlighted(self, event: LotsTable.Highlighted) -> None:
        lots = self.page.lots
        detail = self.query_one("#lots-detail", Static)
        if lots is None or event.row < 0 or event.row >= lots.n:
            detail.update("")
            return
        cells = lot_cells(lots, event.row, self.lang, self.unit)
        platform = word(f"platform.{lots.value('platform', event.row)}", self.lang)
        line = Text(end="")
        line.append(f"{lots.text('id', event.row)} ", style="bold")
        line.append_text(literal(" · ".join(p for p in (platform, cells["round"], cells["status"], cells["city"], cells["seller"]) if p)))
        line.append("\n")
        line.append(f"{word('source', self.lang)}: ", style="bold")
        line.append_text(literal(lots.text("source", event.row) or "–"))
        line.append(f"  {word('as_of_head', self.lang)} {lots.value('as_of', event.row)}", style="dim")
        detail.update(line)

    def on_lots_table_selected(self, event: LotsTable.Selected) -> None:
        lots = self.page.lots
        if lots is not None and 0 <= event.row < lots.n:
            code = lots.value("province_code", event.row)
            if code:
                self.post_message(ProvinceSelected(code))

    # ---------------------------------------------------------------- keys

    def action_back(self) -> None:
        box = self.query_one("#lots-filter", Input)
        if box.has_focus:
            box.value = ""
            box.display = False
            self.set_focus(self.query_one(LotsTable))
            return
        close(self)

    def action_filter(self) -> None:
        box = self.query_one("#lots-filter", Input)
        if self.focused is box:
            # `/` is a priority key: it overtook the keys still queued for the box; queue
            # it behind them, as text
            box.post_message(events.Key("slash", "/"))
            return
        box.display = True  # (a style set now: a class would apply at the next refresh)
        # set_focus now, not focus() (deferred): "/zhejiang" arriving in one packet must
        # put its letters in the box, not run them as keys on the table
        self.set_focus(box)

    def action_sort(self, key: str) -> None:
        from ..core.lot_views import LOT_SORTS

        current = self.choice.sort
        descending = LOT_SORTS[key][1]
        if current is not None and current[0] == key:
            descending = not current[1]
        self.choice = dataclasses.replace(self.choice, sort=(key, descending))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.choice = dataclasses.replace(self.choice, query=event.value)

    def filter_done(self) -> None:
        """Enter in the box: the table gets the keys that follow (the box stays while it filters)."""
        box = self.query_one("#lots-filter", Input)
        if not box.value.strip():
            box.display = False
        self.set_focus(self.query_one(LotsTable))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Letters typed into the filter are text, not sorts.
        return not (action == "sort" and self.query_one("#lots-filter", Input).has_focus)
