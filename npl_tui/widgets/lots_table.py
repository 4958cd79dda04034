"""LotsTable: millions of auction lots, drawn a screenful at a time from their columns.

It is handed a :class:`LotsPage` — the lots (core/lots.py), the row numbers to show in
order (a filter and a sort, computed elsewhere, vectorised), and the settings — and
draws only the lines on screen: a line looks its lot up in the columns when it is
painted. Nothing is built per row, so a million rows cost what forty do. Every cell is
literal text (``render.literal``): lot data is never parsed as markup, and control
characters were stripped when the lots were read.

Columns are chosen for the width: the date, province, seller, starting price and
status always; city, round, asset type, appraisal, deal price and price/appraisal as
the width allows. Amounts are in 万 (亿 mode) or RMB m (RMB bn mode): one unit a column,
named in its header.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..core.state import Settings
from ..core.vocab import word
from ..render import asset_label, province_name
from .row_table import fit

if TYPE_CHECKING:
    from ..core.lots import Lots

__all__ = ["LOT_COLUMNS", "LotsPage", "LotsTable", "lot_cells", "money"]


@dataclass(frozen=True, eq=False)
class LotsPage:
    """What the table shows: *lots* (None: nothing yet) and *rows*, the row numbers in
    the order shown (None: every lot, in file order). *expected*: while the lots load,
    how many there will be (the manifest's count): the table is that long from the
    start and fills in, so that it is not laid out again for every block read."""

    lots: Lots | None = None
    rows: Any = None  # numpy array of row numbers, or None
    expected: int = 0

    def __len__(self) -> int:
        if self.lots is None:
            return 0
        return self.lots.n if self.rows is None else len(self.rows)

    @property
    def height(self) -> int:
        """Rows the table is long: the rows shown, or while loading in file order, all to come."""
        return max(len(self), self.expected) if self.rows is None else len(self)

    def row_at(self, index: int) -> int:
        return index if self.rows is None else int(self.rows[index])


#: key, width, right-aligned; in the order shown. The widths are the columns' content.
LOT_COLUMNS: tuple[tuple[str, int, bool], ...] = (
    ("date", 10, False),
    ("province", 9, False),
    ("city", 10, False),
    ("seller", 26, False),
    ("asset", 10, False),
    ("round", 8, False),
    ("status", 9, False),
    ("appraisal", 10, True),
    ("start", 10, True),
    ("deal", 10, True),
    ("pct", 6, True),
)
#: What stays when the width is short, most needed first.
_KEEP_ORDER = ("date", "province", "seller", "start", "status", "deal", "round", "city", "pct", "appraisal", "asset")
_SELLER_MIN = 12


def money(wan: float | None, unit: str) -> str:
    """An amount given in 万元, in the column's unit: 万 (亿 mode) or RMB m (bn mode)."""
    if wan is None:
        return ""
    return f"{wan:,.2f}" if unit == "yi" else f"{wan / 100:,.3f}"


def _columns(width: int) -> list[tuple[str, int, bool]]:
    """The columns that fit in *width* cells (1 cell of padding each side)."""
    chosen = list(_KEEP_ORDER)
    widths = {key: w for key, w, _ in LOT_COLUMNS}
    while len(chosen) > 4 and sum(widths[k] + 2 for k in chosen) > width:
        if widths["seller"] > _SELLER_MIN and sum(widths[k] + 2 for k in chosen) - (widths["seller"] - _SELLER_MIN) <= width:
            widths["seller"] = max(_SELLER_MIN, widths["seller"] - (sum(widths[k] + 2 for k in chosen) - width))
            break
        chosen.pop()
    spare = width - sum(widths[k] + 2 for k in chosen)
    if spare > 0:
        widths["seller"] += spare
    return [(key, widths[key], right) for key, _w, right in LOT_COLUMNS if key in chosen]


def lot_cells(lots: Lots, row: int, lang: str, unit: str, labels: dict[tuple[str, str, int], str] | None = None) -> dict[str, str]:
    """One lot's cells as text, by column key (the table's and the detail line's)."""
    cache = labels if labels is not None else {}

    def label(column: str, make: Any) -> str:
        code = int(lots.codes[column][row])
        key = (column, lang, code)
        found = cache.get(key)
        if found is None:
            found = cache[key] = make(lots.values[column][code]) if code else ""
        return found

    zh = lang == "zh"
    appraisal = lots.number("appraisal_wan", row)
    deal = lots.number("deal_price_wan", row)
    seller = label("seller_zh", str) if zh and lots.codes["seller_zh"][row] else label("seller", str)
    city = label("city_zh", str) if zh and lots.codes["city_zh"][row] else label("city", str)
    return {
        "date": label("as_of", str),
        "province": label("province_code", lambda v: province_name(v, lang)),
        "city": city,
        "seller": seller,
        "asset": label("asset_type", lambda v: asset_label(v, lang)),
        "round": label("round", lambda v: word(f"round.{v}", lang)),
        "status": label("status", lambda v: word(f"lot.{v}", lang)),
        "appraisal": money(appraisal, unit),
        "start": money(lots.number("start_price_wan", row), unit),
        "deal": money(deal, unit),
        "pct": f"{100 * deal / appraisal:.0f}%" if deal is not None and appraisal else "",
    }


class LotsTable(ScrollView, can_focus=True):
    """The lots of a :class:`LotsPage`, with a row cursor: Enter selects the lot."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Select", show=False),
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "edge(0)", "First", show=False),
        Binding("end", "edge(1)", "Last", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"lots-table--header", "lots-table--cursor", "lots-table--even-row"}

    DEFAULT_CSS = """
    LotsTable { height: 1fr; scrollbar-gutter: stable; }
    LotsTable > .lots-table--header { text-style: bold; background: $panel; color: $foreground; }
    LotsTable > .lots-table--cursor { background: $block-cursor-blurred-background; }
    LotsTable:focus > .lots-table--cursor { background: $block-cursor-background; color: $block-cursor-foreground; text-style: $block-cursor-text-style; }
    LotsTable > .lots-table--even-row { background: $surface-lighten-1 20%; }
    """

    page: reactive[LotsPage] = reactive(LotsPage, init=False, repaint=False)
    settings: reactive[Settings] = reactive(Settings(), init=False, repaint=False)
    cursor: reactive[int] = reactive(0, init=False, repaint=False)

    class Highlighted(Message):
        """The cursor rests on lot *row* (a row number of the lots; -1: none)."""

        def __init__(self, table: LotsTable, row: int) -> None:
            super().__init__()
            self.table = table
            self.row = row

    class Selected(Highlighted):
        """Enter (or a click) on lot *row*."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._labels: dict[tuple[str, str, int], str] = {}

    # ---------------------------------------------------------------- state

    def watch_page(self, old: LotsPage, new: LotsPage) -> None:
        same_lots = old.lots is not None and new.lots is not None and old.lots.sha256 == new.lots.sha256
        if not same_lots:
            self._labels.clear()
        if same_lots and old.rows is None and new.rows is None and old.height == new.height:
            # More of the same lots read: only lines that were waiting for them change.
            top = int(self.scroll_offset.y)
            if len(old) < top + self._body and len(new) > top:
                self.refresh()
            if len(old) <= self.cursor < len(new):
                self._announce()
            return
        if new.rows is not old.rows:
            self.cursor = 0
            self.scroll_to(y=0, animate=False, immediate=True)
        self._resize()
        self.refresh()
        self._announce()

    def watch_settings(self) -> None:
        self.refresh()

    def watch_cursor(self) -> None:
        self._keep_cursor_visible()
        self.refresh()
        self._announce()

    def _announce(self) -> None:
        page = self.page
        self.post_message(self.Highlighted(self, page.row_at(self.cursor) if self.cursor < len(page) else -1))

    def _resize(self) -> None:
        size = Size(self.size.width, self.page.height + 1)
        if size != self.virtual_size:  # (a new virtual size lays the screen out again)
            self.virtual_size = size

    def on_resize(self) -> None:
        self._resize()

    @property
    def _body(self) -> int:
        """Lines for rows (the header takes one)."""
        return max(1, self.scrollable_content_region.height - 1)

    def _keep_cursor_visible(self) -> None:
        top = int(self.scroll_offset.y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + self._body:
            self.scroll_to(y=self.cursor - self._body + 1, animate=False, immediate=True)

    # ---------------------------------------------------------------- keys

    def _move_to(self, index: int) -> None:
        count = len(self.page)
        self.cursor = max(0, min(index, count - 1)) if count else 0

    def action_cursor(self, step: int) -> None:
        self._move_to(self.cursor + step)

    def action_page(self, step: int) -> None:
        self._move_to(self.cursor + step * self._body)

    def action_edge(self, end: int) -> None:
        self._move_to(len(self.page) - 1 if end else 0)

    def action_select(self) -> None:
        if self.cursor < len(self.page):
            self.post_message(self.Selected(self, self.page.row_at(self.cursor)))

    def on_click(self, event: events.Click) -> None:
        if event.y < 1:
            return
        index = int(self.scroll_offset.y) + event.y - 1
        if index < len(self.page):
            self.cursor = index
            if event.chain > 1:
                self.action_select()

    # ---------------------------------------------------------------- drawing

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        columns = _columns(width)
        lang, unit = self.settings.lang, self.settings.unit
        if y == 0:
            style = self.get_component_rich_style("lots-table--header")
            heads = {key: word(f"lots.col.{key}", lang) for key, _w, _r in columns}
            for key in ("appraisal", "start", "deal"):  # each amount column names its one unit
                if key in heads:
                    heads[key] = f"{word(f'lots.col.{key}', lang, short=True)} {word('lots.wan' if unit == 'yi' else 'lots.rmb_m', lang, short=True)}"
            return self._strip({k: heads[k] for k, _w, _r in columns}, columns, style, width)
        index = int(self.scroll_offset.y) + y - 1
        page = self.page
        if page.lots is None or index >= len(page):
            if index < page.height:  # still to be read
                return self._strip({"date": "…"}, columns, Style(dim=True), width)
            return Strip.blank(width, self.rich_style)
        cells = lot_cells(page.lots, page.row_at(index), lang, unit, self._labels)
        if index == self.cursor:
            style = self.get_component_rich_style("lots-table--cursor")
        elif index % 2:
            style = self.get_component_rich_style("lots-table--even-row")
        else:
            style = Style.null()
        return self._strip(cells, columns, style, width)

    def _strip(self, cells: dict[str, str], columns: list[tuple[str, int, bool]], style: Style, width: int) -> Strip:
        segments: list[Segment] = []
        console = self.app.console
        for key, w, right in columns:
            text = Text(cells.get(key, ""), end="", justify="right" if right else "left", overflow="ellipsis")
            segments.append(Segment(" "))
            segments.extend(fit(text, w, console))
            segments.append(Segment(" "))
        return Strip(segments).adjust_cell_length(width).apply_style(self.rich_style + style)
