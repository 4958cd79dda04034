"""Top provinces for one metric and year, with inline bars; bounds drawn as bounds.

When the snapshot has the national figure (province_code 100000) for the metric and
year, a "China" (全国) line heads the ranking with it, and each province shows its share
of it. The nation is never ranked, nor drilled into like a province: Enter on its line
asks for the national figures (NationSelected).
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive

from ..core.schema import NATIONAL_CODE
from ..core.views import PROVINCE_METRIC_CYCLE, Ranking, province_ranking
from ..core.vocab import word
from ..messages import PinAsked, ProvinceSelected
from ..render import (
    amount_scale,
    bar,
    cell,
    derived_mark,
    fmt_metric,
    fmt_share,
    gapped_cell,
    metric_label,
    province_name,
    waiting_label,
)
from .pane import Pane
from .row_table import RowTable

__all__ = ["BAR_WIDTH", "NATIONAL_KEY", "ProvinceRanking"]

#: Row key of the national line.
NATIONAL_KEY = NATIONAL_CODE

#: Columns (key, cells with the gap after it, right-aligned). 36 cells: the pane is 37
#: wide at 120 columns, less a scrollbar when the ranking scrolls. No cell padding:
#: each cell carries its own gap (the last one none).
_COLUMNS: tuple[tuple[str, int, bool], ...] = (
    ("rank", 3, True),
    ("province", 10, False),
    ("bar", 7, False),
    ("value", 11, True),  # "> 51,888 d"
    ("share", 5, True),  # "% of China", where there is a national figure: ">9.2%"
)
BAR_WIDTH = 6
#: Cells of the border around a title: "╭─ " and " ─╮".
TITLE_FRAME = 6
_KEYS = tuple(c[0] for c in _COLUMNS)


class ProvinceRanking(Pane, RowTable):
    """Ranking of provinces by the selected metric. Enter drills into a province."""

    class NationSelected(Message):
        """Enter on the China line: the user asks for the national figures."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open province", id="provinces.open"),
        Binding("j", "cursor_down", "Cursor down", show=False, id="provinces.down"),
        Binding("k", "cursor_up", "Cursor up", show=False, id="provinces.up"),
        Binding("P", "pin", "Pin", show=False, tooltip="Pin or unpin the province on the watchlist", id="provinces.pin"),
    ]

    metric: reactive[str] = reactive(PROVINCE_METRIC_CYCLE[0], init=False)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(show_header=False, cell_padding=0, **kwargs)
        self.ranking: Ranking | None = None
        self._codes: list[str] = []  # row keys in order: NATIONAL_KEY first when shown

    def on_mount(self) -> None:
        for key, width, _right in _COLUMNS:
            self.add_column(Text(""), width=width, key=key)
        self.show_data()

    def watch_metric(self) -> None:
        self.show_data()

    def action_open(self) -> None:
        if self._codes and 0 <= self.cursor_row < len(self._codes):
            self._open(self._codes[self.cursor_row])

    def on_row_table_row_selected(self, event: RowTable.RowSelected) -> None:
        event.stop()
        self._open(event.key)

    def action_pin(self) -> None:
        if self._codes and 0 <= self.cursor_row < len(self._codes) and self._codes[self.cursor_row] != NATIONAL_KEY:
            self.post_message(PinAsked("province", self._codes[self.cursor_row]))

    def _open(self, code: str | None) -> None:
        # The national line is the whole country, the level this dashboard is: not a
        # province to drill into; its figures are shown where they are.
        if code == NATIONAL_KEY:
            self.post_message(self.NationSelected())
        elif code:
            self.post_message(ProvinceSelected(code))

    @property
    def title(self) -> str:
        """'First judicial auctions 2025': the metric and its year."""
        return self._title()

    def _title(self, short: bool = False) -> str:
        year = self.ranking.year if self.ranking is not None else None
        return f"{metric_label(self.metric, self.lang, short=short)} {year if year is not None else '–'}"

    def fitted_title(self, width: int | None = None) -> str:
        """The pane's border title in *width* cells (default: the pane's): "2 Provinces ·
        NPL deal volume 2025", else the metric's short name ("2 Provinces · Deal vol
        2025"), else the metric cut — the year always stays."""
        width = self.outer_size.width if width is None else width
        pane = f"2 {word('provinces_short', self.lang)} · "
        full = pane + self._title()
        room = width - TITLE_FRAME
        if width <= 0 or cell_len(full) <= room:
            return full
        short = pane + self._title(short=True)
        if cell_len(short) <= room:
            return short
        year = self._title(short=True).rsplit(" ", 1)[-1]
        name = Text(metric_label(self.metric, self.lang, short=True))
        name.truncate(max(1, room - cell_len(pane) - 1 - cell_len(year)), overflow="ellipsis")
        return f"{pane}{name.plain} {year}"

    def on_resize(self) -> None:
        if self.ranking is not None or self.snapshot is None:
            self.border_title = self.fitted_title()

    def _value(self, value: float, qualifier: str, scale: str | None = None) -> str:
        # "RMB " does not fit nine cells ("578.1bn"): the pane's title names the metric.
        return fmt_metric(value, self.metric, qualifier, self.unit, scale).replace("RMB ", "")

    def show_data(self) -> None:
        if not self.is_mounted or not self.columns:
            return
        ranking = self.ranking = province_ranking(self.snapshot, self.metric) if self.snapshot is not None else None
        entries = ranking.entries if ranking is not None else ()
        scale = ranking.scale if ranking is not None else 0.0
        width = {key: w for key, w, _right in _COLUMNS}
        rows: dict[str, list[Text]] = {}
        national = ranking.national if ranking is not None and entries else None
        # A derived value is marked "d"; the others make room for the mark, so the
        # figures still line up; the border says what the mark means.
        marked = any(e.derived for e in entries) or (national is not None and national.derived)
        # Amounts in one unit, from the largest (the China line's too): never 1.2亿 beside 4,500万.
        amounts_in = amount_scale([e.value for e in entries] + ([national.value] if national is not None else []), self.unit)
        if national is not None:
            rows[NATIONAL_KEY] = [
                gapped_cell("", width["rank"]),
                gapped_cell(word("china", self.lang), width["province"], style="bold"),
                gapped_cell("", width["bar"]),
                gapped_cell(
                    self._value(national.value, national.qualifier, amounts_in), width["value"], right=True, style="bold",
                    suffix=derived_mark(national.derived, marked),
                ),
                cell("100%" if ranking is not None and ranking.share(national) else "", right=True, style="dim", width=width["share"]),
            ]
        for i, e in enumerate(entries, 1):
            rows[e.code] = [
                gapped_cell(str(i), width["rank"], right=True),
                gapped_cell(province_name(e.code, self.lang), width["province"]),
                Text(bar(e.value, scale, BAR_WIDTH, e.qualifier) + " ", style="bold" if not e.qualifier else ""),
                gapped_cell(self._value(e.value, e.qualifier, amounts_in), width["value"], right=True, suffix=derived_mark(e.derived, marked)),
                cell(fmt_share(ranking.share(e) if ranking is not None else None), right=True, style="dim", width=width["share"]),
            ]
        codes = list(rows)
        if codes and codes == self._codes:
            # Same provinces in the same order (a language or unit toggle): update the
            # cells in place, so nothing is re-measured and the cursor stays put.
            for code, cells in rows.items():
                for key, text in zip(_KEYS, cells):
                    if self.get_cell(code, key) != text:
                        self.update_cell(code, key, text)
        else:
            keep = self._codes[self.cursor_row] if self._codes and 0 <= self.cursor_row < len(self._codes) else None
            self.clear()
            for code, cells in rows.items():
                self.add_row(*cells, key=code)
            self._codes = codes
            if keep in self._codes and keep != NATIONAL_KEY:
                self.move_cursor(row=self._codes.index(keep), animate=False)
            elif national is not None and len(codes) > 1:
                self.move_cursor(row=1, animate=False)  # on the top province: Enter drills down
        self.border_title = self.fitted_title()
        self.border_subtitle = (
            waiting_label(self.market.error, self.lang) if self.snapshot is None else word("derived_note", self.lang) if marked else ""
        )
        if self.snapshot is not None and not entries:
            self.add_row(Text(""), Text(word("no_data", self.lang)), Text(""), Text(""), Text(""), key="")
