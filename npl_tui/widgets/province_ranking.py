"""Top provinces for one metric and year, with inline bars; bounds drawn as bounds."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.reactive import reactive

from ..core.snapshot import Snapshot
from ..core.views import PROVINCE_METRIC_CYCLE, Ranking, province_ranking
from ..messages import ProvinceSelected
from ..render import bar, cell, fmt_metric, label, literal, metric_label, province_name, waiting_label
from .row_table import RowTable

__all__ = ["ProvinceRanking", "BAR_WIDTH"]

BAR_WIDTH = 7
_KEYS = ("rank", "province", "bar", "value")


class ProvinceRanking(RowTable):
    """Ranking of provinces by the selected metric. Enter drills into a province."""

    BINDINGS = [
        Binding("enter", "open", "Open province", id="provinces.open"),
        Binding("j", "cursor_down", "Cursor down", show=False, id="provinces.down"),
        Binding("k", "cursor_up", "Cursor up", show=False, id="provinces.up"),
    ]

    snapshot: reactive[Snapshot | None] = reactive(None, init=False)
    lang: reactive[str] = reactive("en", init=False)
    unit: reactive[str] = reactive("yi", init=False)
    metric: reactive[str] = reactive(PROVINCE_METRIC_CYCLE[0], init=False)
    #: The last load error: with no snapshot yet, the pane says there is no data.
    load_error: reactive[str | None] = reactive(None, init=False)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", show_header=False, **kwargs)
        self.ranking: Ranking | None = None
        self._codes: list[str] = []

    def on_mount(self) -> None:
        self.add_column(Text(""), width=2, key="rank")
        self.add_column(Text(""), width=10, key="province")
        self.add_column(Text(""), width=BAR_WIDTH, key="bar")
        self.add_column(Text(""), width=10, key="value")
        self._sync()

    def watch_snapshot(self) -> None:
        self._sync()

    def watch_lang(self) -> None:
        self._sync()

    def watch_unit(self) -> None:
        self._sync()

    def watch_metric(self) -> None:
        self._sync()

    def watch_load_error(self) -> None:
        self.border_subtitle = waiting_label(self.load_error, self.lang) if self.snapshot is None else ""

    def action_open(self) -> None:
        if self._codes and 0 <= self.cursor_row < len(self._codes):
            self.post_message(ProvinceSelected(self._codes[self.cursor_row]))

    def on_row_table_row_selected(self, event: RowTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value:
            self.post_message(ProvinceSelected(event.row_key.value))

    @property
    def title(self) -> str:
        """'Judicial 1st auctions 2025', for the pane border."""
        year = self.ranking.year if self.ranking is not None else None
        return f"{metric_label(self.metric, self.lang)} {year if year is not None else '–'}"

    def _sync(self) -> None:
        if not self.is_mounted or not self.columns:
            return
        self.ranking = province_ranking(self.snapshot, self.metric) if self.snapshot is not None else None
        entries = self.ranking.entries if self.ranking is not None else ()
        scale = self.ranking.scale if self.ranking is not None else 0.0
        rows = {
            e.code: [
                cell(str(i), right=True),
                cell(province_name(e.code, self.lang)),
                Text(bar(e.value, scale, BAR_WIDTH, e.qualifier), style="bold" if not e.qualifier else ""),
                cell(fmt_metric(e.value, self.metric, e.qualifier, self.unit) + (" d" if e.derived else ""), right=True),
            ]
            for i, e in enumerate(entries, 1)
        }
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
            if keep in self._codes:
                self.move_cursor(row=self._codes.index(keep), animate=False)
        self.border_title = f"2 {label('provinces_short', self.lang)} · {self.title}"
        self.border_subtitle = waiting_label(self.load_error, self.lang) if self.snapshot is None else ""
        if self.snapshot is not None and not entries:
            self.add_row(cell(""), cell(label("no_data", self.lang)), Text(""), Text(""), key="")
