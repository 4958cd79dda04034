"""Announcements: a filterable, sortable table of NPL transfers, newest first.

Every cell is a literal ``Text`` (DataTable would parse a plain ``str`` as markup).
Rows are keyed by announcement id and updated in place, so the cursor and the scroll
position survive a refresh, a sort or a change of language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import DataTable, Input

from ..core.snapshot import Row, Snapshot
from ..core.views import filter_announcements, principal_of, sort_announcements
from ..messages import AnnouncementSelected
from ..render import asset_label, cell, fmt_amount, fmt_event_date, fmt_int, label, literal, party_name, province_name, status_label, waiting_label

__all__ = ["AnnouncementTable", "AnnouncementPane", "NEW_MARK", "COLUMNS"]

NEW_MARK = "●"

#: (key, label key, width, right-aligned). Most important first: narrow panes scroll.
COLUMNS: tuple[tuple[str, str, int, bool], ...] = (
    ("date", "date", 11, False),  # "●2025-12-18": the new-row mark rides in the date cell
    ("seller", "seller", 22, False),
    ("principal", "principal", 11, True),
    ("province", "province", 9, False),
    ("asset", "asset", 13, False),
    ("overdue", "overdue", 9, True),
    ("outcome", "status", 20, False),
)
SELLER_NARROW, SELLER_WIDE = 11, 22
#: Above this many changed cells one rebuild is cheaper than per-cell updates.
IN_PLACE_LIMIT = 200
_SORTABLE = {"date": "date", "principal": "principal", "overdue": "overdue"}


def row_cells(row: Row, *, lang: str, unit: str, new: bool) -> list[Text]:
    """The table cells for one announcement (pure, literal text only)."""
    buyer = party_name(row, "buyer", lang)
    outcome = f"→ {buyer}" if buyer else status_label(row.get("status"), lang)
    overdue = row.get("overdue_days")
    date = Text(NEW_MARK if new else " ", style="bold", no_wrap=True, end="")
    date.append(fmt_event_date(row))
    return [
        date,
        cell(party_name(row, "seller", lang)),
        cell(fmt_amount(principal_of(row), unit), right=True),
        cell(province_name(row.get("province_code"), lang) if row.get("province_code") else "–"),
        cell(asset_label(row.get("asset_type"), lang)),
        cell(fmt_int(overdue) if overdue is not None else "–", right=True),
        cell(outcome),
    ]


class AnnouncementTable(DataTable[Text]):
    """The announcements, keyed by id. Enter opens the full record."""

    BINDINGS = [
        Binding("enter", "open", "Open", show=False, id="announcements.open"),
        Binding("j", "cursor_down", "Cursor down", show=False, id="announcements.down"),
        Binding("k", "cursor_up", "Cursor up", show=False, id="announcements.up"),
        Binding("d", "sort('date')", "By date", tooltip="Sort by date (again: reverse)", id="announcements.sort_date"),
        Binding("p", "sort('principal')", "By principal", tooltip="Sort by principal (again: reverse)", id="announcements.sort_principal"),
        Binding("o", "sort('overdue')", "By overdue", tooltip="Sort by overdue (again: reverse)", id="announcements.sort_overdue"),
    ]

    snapshot: reactive[Snapshot | None] = reactive(None, init=False)
    lang: reactive[str] = reactive("en", init=False)
    unit: reactive[str] = reactive("yi", init=False)
    filter_text: reactive[str] = reactive("", init=False)
    sort_key: reactive[str] = reactive("date", init=False)
    sort_descending: reactive[bool] = reactive(True, init=False)
    new_ids: reactive[frozenset[str]] = reactive(frozenset(), init=False)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self._rows: dict[str, Row] = {}
        self._order: list[str] = []
        self._shown: dict[str, list[Text]] = {}
        self._cell_cache: dict[tuple[str, str, str, bool], list[Text]] = {}

    def on_mount(self) -> None:
        for key, _label, width, _right in COLUMNS:
            self.add_column(self._column_label(key), width=width, key=key)
        self._sync()

    def on_resize(self) -> None:
        # In a narrow pane, trim the seller so date, seller and principal stay in view.
        width = SELLER_NARROW if self.size.width < 64 else SELLER_WIDE
        column = self.columns.get("seller")  # type: ignore[call-overload]
        if column is not None and column.width != width:
            column.width = width
            self._clear_caches()
            self._require_update_dimensions = True
            self.refresh()

    # ---------------------------------------------------------------- watchers

    def watch_snapshot(self) -> None:
        self._cell_cache.clear()
        self._sync()

    def watch_lang(self) -> None:
        self._sync(relabel=True)

    def watch_unit(self) -> None:
        self._sync()

    def watch_filter_text(self) -> None:
        self._sync()

    def watch_sort_key(self) -> None:
        self._sync(relabel=True)

    def watch_sort_descending(self) -> None:
        self._sync(relabel=True)

    def watch_new_ids(self) -> None:
        self._sync()

    # ---------------------------------------------------------------- actions

    def action_sort(self, key: str) -> None:
        """Sort by *key*; pressing the same key again reverses the direction."""
        if key not in _SORTABLE:
            return
        if key == self.sort_key:
            self.sort_descending = not self.sort_descending
        else:
            self.sort_key, self.sort_descending = key, True

    def action_open(self) -> None:
        row = self.current_row
        if row is not None:
            self.post_message(AnnouncementSelected(row))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        # A mouse click or the built-in select: same intent as Enter.
        event.stop()
        if event.row_key.value in self._rows:
            self.post_message(AnnouncementSelected(self._rows[event.row_key.value]))

    # ---------------------------------------------------------------- helpers

    @property
    def current_row(self) -> Mapping[str, Any] | None:
        """The announcement under the cursor, or None when the table is empty."""
        if not self._order or self.cursor_row < 0 or self.cursor_row >= len(self._order):
            return None
        return self._rows.get(self._order[self.cursor_row])

    @property
    def visible_ids(self) -> list[str]:
        return list(self._order)

    def _column_label(self, key: str) -> Text:
        spec = next(c for c in COLUMNS if c[0] == key)
        text = (" " if key == "date" else "") + label(spec[1], self.lang)
        if key == "outcome":
            text = f"{label('status', self.lang)}/{label('buyer', self.lang)}"
        if _SORTABLE.get(key) == self.sort_key:
            text += " ▼" if self.sort_descending else " ▲"
        return cell(text, right=spec[3])

    def _sync(self, relabel: bool = False) -> None:
        """Bring the table in line with the snapshot, filter, sort and display settings."""
        if not self.is_mounted or not self.columns:
            return
        if relabel:
            for key, *_ in COLUMNS:
                self.columns[key].label = self._column_label(key)  # type: ignore[index]
            self._require_update_dimensions = True
            self.refresh()
        rows = list(self.snapshot.announcements.rows) if self.snapshot is not None else []
        rows = sort_announcements(filter_announcements(rows, self.filter_text), self.sort_key, self.sort_descending)
        order = [r["id"] for r in rows]
        self._rows = {r["id"]: r for r in rows}
        lang, unit, new = self.lang, self.unit, self.new_ids
        cells = {r["id"]: self._cells(r, lang, unit, r["id"] in new) for r in rows}
        if order == self._order:
            # Same rows in the same order: touch only the cells whose text changed
            # (a refresh that marks two new rows updates two cells, not thousands).
            changed = [
                (rid, key, text)
                for rid in order
                for (key, *_), text, before in zip(COLUMNS, cells[rid], self._shown.get(rid, ()))
                if text != before
            ]
            if len(changed) <= IN_PLACE_LIMIT:
                for rid, key, text in changed:
                    self.update_cell(rid, key, text)
                self._shown = cells
                return
        self._rebuild(order, cells)

    def _cells(self, row: Row, lang: str, unit: str, new: bool) -> list[Text]:
        """row_cells, memoised per snapshot: toggling `l` or `u` back reuses them."""
        key = (row["id"], lang, unit, new)
        cells = self._cell_cache.get(key)
        if cells is None:
            cells = self._cell_cache[key] = row_cells(row, lang=lang, unit=unit, new=new)
        return cells

    def _rebuild(self, order: list[str], cells: dict[str, list[Text]]) -> None:
        """Refill the table, keeping the cursor on the same announcement and the scroll
        position where it was (one refresh instead of one per cell)."""
        keep = self._order[self.cursor_row] if self._order and 0 <= self.cursor_row < len(self._order) else None
        scroll_y = self.scroll_y
        self.clear()
        for rid in order:
            self.add_row(*cells[rid], key=rid)
        self._order = order
        self._shown = cells
        if keep in self._rows:
            self.move_cursor(row=order.index(keep), animate=False, scroll=False)
            self.scroll_to(y=scroll_y, animate=False, immediate=True)
            self.call_after_refresh(self._scroll_cursor_into_view)
        elif order:
            self.move_cursor(row=0, animate=False)


class AnnouncementPane(Vertical):
    """The table plus its filter box (hidden until `/`)."""

    DEFAULT_CSS = """
    AnnouncementPane #announcement-filter { display: none; height: 1; border: none; padding: 0 1; }
    AnnouncementPane AnnouncementTable { height: 1fr; }
    """

    BINDINGS = [
        Binding("escape", "clear_filter", "Clear filter", id="announcements.clear_filter"),
    ]

    snapshot: reactive[Snapshot | None] = reactive(None, init=False)
    lang: reactive[str] = reactive("en", init=False)
    unit: reactive[str] = reactive("yi", init=False)
    new_ids: reactive[frozenset[str]] = reactive(frozenset(), init=False)
    #: The last load error: with no snapshot yet, the pane says there is no data.
    load_error: reactive[str | None] = reactive(None, init=False)
    #: The filter text; bound down into the table.
    filter_text: reactive[str] = reactive("", init=False)

    def compose(self) -> ComposeResult:
        yield Input(placeholder="filter: seller, buyer, title, province, asset…", id="announcement-filter")
        yield AnnouncementTable(id="announcement-table").data_bind(
            AnnouncementPane.snapshot,
            AnnouncementPane.lang,
            AnnouncementPane.unit,
            AnnouncementPane.new_ids,
            AnnouncementPane.filter_text,
        )

    def on_mount(self) -> None:
        self._retitle()

    def watch_snapshot(self) -> None:
        self._retitle()

    def watch_lang(self) -> None:
        self._retitle()

    def watch_filter_text(self) -> None:
        self._retitle()

    def watch_load_error(self) -> None:
        self._retitle()

    def _retitle(self) -> None:
        """"4 Announcements · 547" (or "· 4/547" while filtered); "loading…" until data,
        "no data — see status line" when the first load failed."""
        total = len(self.snapshot.announcements) if self.snapshot is not None else 0
        if self.snapshot is None:
            count = ""
        elif self.filter_text.strip():
            count = f" · {len(filter_announcements(self.snapshot.announcements.rows, self.filter_text))}/{total}"
        else:
            count = f" · {total}"
        self.border_title = f"4 {label('announcements', self.lang)}{count}"
        self.border_subtitle = waiting_label(self.load_error, self.lang) if self.snapshot is None else ""

    @property
    def table(self) -> AnnouncementTable:
        return self.query_one(AnnouncementTable)

    def open_filter(self, text: str | None = None) -> None:
        box = self.query_one("#announcement-filter", Input)
        if text is None and self.screen.focused is box:
            # `/` is a priority key, so it reaches us ahead of keys still queued for the
            # box: queue it behind them, as a plain key, to keep the typed order.
            box.post_message(events.Key("slash", "/"))
            return
        self.add_class("-filtering")
        box.display = True
        if text is not None:
            box.value = text
            self.filter_text = text
        # Focus now, not via focus()'s call_later: keys typed right after `/` are
        # already queued and must land in the box, however fast they arrive (SSH paste).
        self.screen.set_focus(box)

    def action_clear_filter(self) -> None:
        box = self.query_one("#announcement-filter", Input)
        box.value = ""
        self.filter_text = ""
        self._hide_filter()
        self.table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            return self.has_class("-filtering")
        return True

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.filter_text = event.value

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            self._hide_filter()
        self.table.focus()

    def _hide_filter(self) -> None:
        self.query_one("#announcement-filter", Input).display = False
        self.remove_class("-filtering")
