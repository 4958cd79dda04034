"""Announcements: a filterable, sortable table of NPL transfers, newest first.

Every cell is a literal ``Text`` (npl_tui.render.literal/cell: never parsed as markup).
Rows are keyed by announcement id and updated in place, so the cursor and the scroll
position survive a refresh or a change of language; a new sort order is shown from its
first row.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Input

from ..core.snapshot import Row
from ..core.state import Market, Settings
from ..core.views import amount_of, filter_announcements, sort_announcements
from ..core.vocab import word
from ..messages import AlertLikeAsked, AnnouncementSelected, PinAsked, RowsSeen
from ..render import (
    amount_scale,
    asset_label,
    cell,
    fmt_event_date,
    fmt_int,
    fmt_marked_amount,
    literal,
    party_name,
    province_abbr,
    province_name,
    scale_name,
    short_party,
    status_label,
    waiting_label,
)
from ..state import Shared
from ..textual_workarounds import KeyFirstInput
from .row_table import RowTable

__all__ = ["NEW_MARK", "WIDE", "AnnouncementPane", "AnnouncementTable", "Layout", "narrow_layout", "row_cells"]

NEW_MARK = "●"

#: Column spec: (key, label key, width, right-aligned).
Column = tuple[str, str, int, bool]




@dataclass(frozen=True)
class Layout:
    """Which columns, how wide, and whether cells carry their own one-cell gap.

    A wide pane uses the table's cell padding (one cell each side). A narrow pane
    (80 columns) has none: every cell is cut one cell short of its column, so the
    gap is part of the cell and no width is spent twice."""

    columns: tuple[Column, ...]
    narrow: bool = False

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c[0] for c in self.columns)


#: 120 columns and up: everything, most important first.
WIDE = Layout(
    (
        ("date", "date", 11, False),  # "●2025-12-18": the new-row mark rides in the date cell
        ("seller", "seller", 22, False),
        ("principal", "principal", 14, True),  # "499.37亿 deal": room for the amount's kind
        ("province", "province", 9, False),
        ("asset", "asset", 13, False),
        ("overdue", "overdue", 9, True),
        ("outcome", "status", 20, False),
    )
)
#: Below this table width the narrow layout is used.
NARROW_BELOW = 64
#: Narrow widths besides the seller's, gap included; the seller takes what is left.
_NARROW_FIXED: tuple[Column, ...] = (
    ("date", "date", 12, False),
    ("principal", "principal_short", 9, True),
    ("province", "province_short", 3, False),
    ("outcome", "status_short", 6, False),
)
_SELLER_MIN = 9


def narrow_layout(width: int) -> Layout:
    """Date, seller, principal, province code and a short status in *width* cells
    (asset and overdue are in the record that Enter opens)."""
    fixed = {c[0]: c for c in _NARROW_FIXED}
    seller = max(_SELLER_MIN, width - sum(c[2] for c in _NARROW_FIXED))
    return Layout((fixed["date"], ("seller", "seller", seller, False), fixed["principal"], fixed["province"], fixed["outcome"]), narrow=True)


_SORTABLE = {"date": "date", "principal": "principal", "overdue": "overdue"}


def _gapped(value: str, width: int, right: bool) -> Text:
    """A narrow-layout cell: *width* cells whose last one is the gap to the next column
    (right-aligned text is padded by hand: Rich drops trailing spaces when it justifies)."""
    text = cell(value, width=width - 1)
    if right:
        text.pad_left(max(0, width - 1 - text.cell_len))
    text.append(" ")
    return text


#: The display settings each column's text depends on ("" for none, "+" between two).
#: A toggle rebuilds only the cells of the columns that depend on it.
DEPENDS_ON: dict[str, str] = {
    "date": "new",
    "seller": "lang",
    "principal": "scale+lang",  # the amount in the column's unit, and the mark of its kind ("P+I", "本息")
    "province": "lang",
    "asset": "lang",
    "overdue": "",
    "outcome": "lang",
}


def column_cell(row: Row, key: str, *, lang: str, unit: str, new: bool, layout: Layout = WIDE, scale: str | None = None) -> Text:
    """One announcement's cell in column *key* of *layout* (pure, literal text only).

    *scale* is the principal column's one unit (render.amount_scale; its header names
    it too); without one, each amount is in a unit of its own."""
    if key == "date":
        date = Text(NEW_MARK if new else " ", style="bold", no_wrap=True, end="")
        date.append(fmt_event_date(row))
        return date
    code = row.get("province_code")
    if key == "seller":
        value = party_name(row, "seller", lang)
    elif key == "principal":
        # Principal as it is; any other amount with the mark of its kind ("189亿 P+I",
        # one letter at 80 columns: "189亿C"), so a claim or a price never reads as
        # principal. Nine narrow cells hold no currency word: "5.14bn". One unit for
        # the column (0.45亿 beside 1.12亿, never 4,473.13万), named in the header.
        width = next(c[2] for c in layout.columns if c[0] == key)
        value = fmt_marked_amount(
            *amount_of(row), unit, lang, width=width - 1 if layout.narrow else width, tiny=layout.narrow, scale=scale
        )
    elif key == "province":
        value = (province_abbr(code, lang) if layout.narrow else province_name(code, lang)) if code else "–"
    elif key == "asset":
        value = asset_label(row.get("asset_type"), lang)
    elif key == "overdue":
        overdue = row.get("overdue_days")
        value = fmt_int(overdue) if overdue is not None else "–"
    elif key == "outcome":
        buyer = "" if layout.narrow else party_name(row, "buyer", lang)
        value = f"→ {buyer}" if buyer else status_label(row.get("status"), lang, tiny=layout.narrow)
    else:
        raise KeyError(key)
    _key, _label, width, right = next(c for c in layout.columns if c[0] == key)
    return _gapped(value, width, right) if layout.narrow else cell(value, right=right)


def row_cells(row: Row, *, lang: str, unit: str, new: bool, layout: Layout = WIDE) -> list[Text]:
    """The table cells for one announcement in *layout*'s column order."""
    return [column_cell(row, key, lang=lang, unit=unit, new=new, layout=layout) for key in layout.keys]


class AnnouncementTable(Shared, RowTable):
    """The announcements, keyed by id. Enter opens the full record."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", show=False, id="announcements.open"),
        Binding("j", "cursor_down", "Cursor down", show=False, id="announcements.down"),
        Binding("k", "cursor_up", "Cursor up", show=False, id="announcements.up"),
        Binding("d", "sort('date')", "By date", tooltip="Sort by date (again: reverse)", id="announcements.sort_date"),
        Binding("p", "sort('principal')", "By principal", tooltip="Sort by principal (again: reverse)", id="announcements.sort_principal"),
        Binding("o", "sort('overdue')", "By overdue", tooltip="Sort by overdue (again: reverse)", id="announcements.sort_overdue"),
        Binding("x,space", "mark_read", "Read", show=False, tooltip="Mark the row read (no longer new)", id="announcements.mark_read"),
        Binding("a", "alert_like", "Alert like", show=False, tooltip="Alert me on rows like this one (a rule in the config)",
                id="announcements.alert_like"),
        Binding("P", "pin_seller", "Pin seller", show=False, tooltip="Pin or unpin the seller on the watchlist",
                id="announcements.pin"),
    ]

    #: Seconds the cursor rests on a row in the focused table before the row counts as
    #: seen (a row flown past with a held j does not).
    SEEN_AFTER = 1.0

    filter_text: reactive[str] = reactive("", init=False)
    sort_key: reactive[str] = reactive("date", init=False)
    sort_descending: reactive[bool] = reactive(True, init=False)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(zebra_stripes=False, **kwargs)
        self.layout_spec: Layout = WIDE
        self._rows: dict[str, Row] = {}
        self._cell_cache: dict[tuple[str, str, object], Text] = {}
        self._now: dict[str, str] = {"lang": "en", "unit": "yi", "scale": "yi"}
        self._header_scale = "yi"
        self._new: frozenset[str] = frozenset()
        # Rows count as seen only once the user is at the table: after a key or a click
        # in it, or a focus after the first (which is the screen's own choice at start).
        self._attended = False
        self._focused_before = False
        self._seen_timer: Timer | None = None

    def on_mount(self) -> None:
        self._set_columns()
        self._sync()

    def on_resize(self) -> None:
        # Below NARROW_BELOW cells (an 80-column terminal) switch to the narrow layout
        # so date, seller, principal, province and status all stay in view.
        # Leave room for the vertical scrollbar even before there are rows to scroll,
        # so the layout does not change (or scroll sideways) once they arrive.
        width = self.size.width - self.styles.scrollbar_size_vertical
        layout = narrow_layout(width) if width < NARROW_BELOW else WIDE
        if layout != self.layout_spec:
            keep = self._keep()
            self.layout_spec = layout
            self._cell_cache.clear()
            self._set_columns()
            self._sync()
            self._restore(*keep)

    def _set_columns(self) -> None:
        """(Re)create the columns for the current layout; rows are refilled by _sync."""
        self.clear(columns=True)  # no rows: the next _sync adds every row
        self.cell_padding = 0 if self.layout_spec.narrow else 1
        for key, _label, width, _right in self.layout_spec.columns:
            self.add_column(self._column_label(key), width=width, key=key)

    # ---------------------------------------------------------------- watchers

    def watch_market(self, old: Market, new: Market) -> None:
        if new.snapshot is not old.snapshot:
            self._cell_cache.clear()
            self._sync()
        elif new.unseen_ids != old.unseen_ids:
            self._sync()
            self._arm_seen()

    def watch_settings(self, old: Settings, new: Settings) -> None:
        self._sync(relabel=new.lang != old.lang)

    def watch_filter_text(self) -> None:
        self._sync()

    def watch_sort_key(self) -> None:
        self._sync(relabel=True)
        self._show_first()

    def watch_sort_descending(self) -> None:
        self._sync(relabel=True)
        self._show_first()

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

    def action_mark_read(self) -> None:
        row = self.current_row
        if row is not None:
            self.post_message(RowsSeen("announcements", frozenset({str(row["id"])})))

    def action_alert_like(self) -> None:
        row = self.current_row
        if row is not None:
            self.post_message(AlertLikeAsked(row))

    def action_pin_seller(self) -> None:
        from ..core.parties_match import split_names

        row = self.current_row
        if row is None:
            return
        names = split_names(str(row.get("seller") or row.get("seller_zh") or ""))
        if names:
            self.post_message(PinAsked("party", names[0].shown))

    # ---------------------------------------------------------------- seen

    def on_key(self) -> None:
        self._attend()

    def on_click(self) -> None:
        self._attend()

    def _attend(self) -> None:
        if not self._attended:
            self._attended = True
            self._arm_seen()

    def on_focus(self) -> None:
        if self._focused_before:
            self._attended = True
        self._focused_before = True
        self._arm_seen()

    def on_row_table_row_highlighted(self, event: RowTable.RowHighlighted) -> None:
        # (not stopped: the pane shows the highlighted deal's parties)
        self._arm_seen()

    def _arm_seen(self) -> None:
        """Start the clock on the row under the cursor, if it is new and the user is here."""
        if self._seen_timer is not None:
            self._seen_timer.stop()
            self._seen_timer = None
        key = self.cursor_key
        if self._attended and self.screen.focused is self and key is not None and key in self._new:
            self._seen_timer = self.set_timer(self.SEEN_AFTER, lambda: self._seen(key), name="row-seen")

    def _seen(self, key: str) -> None:
        self._seen_timer = None
        if self.screen.focused is self and self.screen.is_current and self.cursor_key == key and key in self._new:
            self.post_message(RowsSeen("announcements", frozenset({key})))

    def on_row_table_row_selected(self, event: RowTable.RowSelected) -> None:
        # A mouse click or the built-in select: same intent as Enter.
        event.stop()
        if event.key in self._rows:
            self.post_message(AnnouncementSelected(self._rows[event.key]))

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

    @property
    def visible_rows(self) -> list[Row]:
        """The announcements shown, in their order (filtered and sorted)."""
        return [self._rows[k] for k in self._order if k in self._rows]

    def _column_label(self, key: str) -> Text:
        spec = next(c for c in self.layout_spec.columns if c[0] == key)
        text = (" " if key == "date" else "") + word(spec[1], self.lang)
        if key == "outcome" and not self.layout_spec.narrow:
            text = f"{word('status', self.lang)}/{word('buyer', self.lang)}"
        arrow = (" ▼" if self.sort_descending else " ▲") if _SORTABLE.get(key) == self.sort_key else ""
        if key == "principal":
            # The column's one unit: "Principal 亿 ▼", "Princ.亿", "Principal bn ▲".
            room = spec[2] - 1 if self.layout_spec.narrow else spec[2]
            scale = self._header_scale
            candidates = [f"{text} {scale_name(scale)}{arrow}", f"{text} {scale_name(scale, short=True)}{arrow}",
                          f"{text}{scale_name(scale, short=True)}{arrow}", f"{text}{scale_name(scale, short=True)}{arrow.strip()}",
                          f"{text[:2]}.{scale_name(scale, short=True)}{arrow}", f"{scale_name(scale, short=True)}{arrow}"]
            text = next((c for c in candidates if cell_len(c) <= room), candidates[-1])
        else:
            text += arrow
        if self.layout_spec.narrow:
            return _gapped(text, spec[2], spec[3])
        return cell(text, right=spec[3])

    def _sync(self, relabel: bool = False) -> None:
        """Bring the table in line with the snapshot, filter, sort and display settings.

        A new snapshot or filter puts in the new set of rows; a sort only reorders them;
        a toggle (l, u, new marks) has the rows rebuilt as they are next painted. Rows
        are built lazily, so any of these costs a screenful of rows, not 547. The cursor
        stays on its announcement."""
        if not self.is_mounted or not self.columns:
            return
        rows = list(self.snapshot.announcements.rows) if self.snapshot is not None else []
        rows = sort_announcements(filter_announcements(rows, self.filter_text), self.sort_key, self.sort_descending)
        # The settings, read once (a reactive read per cell would cost more than the cell);
        # the amounts shown are in one unit, chosen from the largest of them.
        scale = amount_scale((amount_of(r)[0] for r in rows), self.unit)
        settings = {"lang": self.lang, "unit": self.unit, "scale": scale}
        if relabel or scale != self._header_scale:
            self._header_scale = scale  # the principal header names the unit
            for key in self.layout_spec.keys if relabel else ("principal",):
                self.relabel(key, self._column_label(key))
        order = [r["id"] for r in rows]
        self._rows = {r["id"]: r for r in rows}
        unseen = self.market.unseen_ids
        if len(order) != len(self._order) or set(order) != set(self._order):
            self._now, self._new = settings, unseen
            self._rebuild(order)
            return
        if settings != self._now or unseen != self._new:
            if settings == self._now:
                # only the marks changed: the date cells of those rows, nothing else
                changed, self._new = unseen ^ self._new, unseen
                for rid in changed:
                    if rid in self._rows:
                        self.update_cell(rid, "date", self._cell(self._rows[rid], "date"))
            else:
                self._now, self._new = settings, unseen
                self.remake_rows()
        if order != self._order:
            self._reorder(order)

    def _cell(self, row: Row, key: str) -> Text:
        """column_cell, memoised per snapshot and layout by what the column depends on:
        `u` rebuilds only the amount cells, toggling back reuses them."""
        rid = row["id"]
        depends = DEPENDS_ON[key]
        setting = (rid in self._new) if depends == "new" else tuple(self._now.get(d) for d in depends.split("+"))
        cache_key = (rid, key, setting)
        text = self._cell_cache.get(cache_key)
        if text is None:
            lang, unit = self._now["lang"], self._now["unit"]
            text = self._cell_cache[cache_key] = column_cell(
                row, key, lang=lang, unit=unit, new=rid in self._new, layout=self.layout_spec, scale=self._now["scale"]
            )
        return text

    def _row_cells(self, row: Row) -> list[Text]:
        return [self._cell(row, key) for key in self.layout_spec.keys]

    @property
    def _order(self) -> list[str]:
        """The ids shown, in order: the table's own row keys."""
        return self._keys

    def _keep(self) -> tuple[str | None, float]:
        keep = self._order[self.cursor_row] if self._order and 0 <= self.cursor_row < len(self._order) else None
        return keep, self.scroll_y

    def _restore(self, keep: str | None, scroll_y: float) -> None:
        """Cursor back on the announcement it was on, scroll where it was, cursor in view."""
        if keep in self._rows:
            self.move_cursor(row=self._order.index(keep), animate=False, scroll=False)
            self.scroll_to(y=scroll_y, animate=False, immediate=True)
            self.call_after_refresh(self.scroll_cursor_visible)
        elif self._order:
            self.move_cursor(row=0, animate=False)

    def _show_first(self) -> None:
        """A new order is read from its top: the first row in view, the cursor on it
        (not mid-list on the announcement the cursor happened to be on)."""
        if not self.is_mounted or not self._order:
            return
        self.move_cursor(row=0, animate=False, scroll=False)
        self.scroll_to(x=self.scroll_x, y=0, animate=False, immediate=True)

    def _reorder(self, order: list[str]) -> None:
        """Same rows, new order: the laid-out rows are kept, only their order changes."""
        keep, scroll_y = self._keep()
        self.set_order(order)
        self._restore(keep, scroll_y)

    def _rebuild(self, order: list[str]) -> None:
        """Refill the table (new rows or a new filter), keeping the cursor on the same
        announcement and the scroll position where it was."""
        keep, scroll_y = self._keep()
        self.clear()
        self.add_lazy_rows(order, self._make_row)
        self._restore(keep, scroll_y)

    def _make_row(self, rid: str) -> list[Text]:
        return self._row_cells(self._rows[rid])


class FilterInput(KeyFirstInput):
    """The filter box. Keys typed right behind Enter go on to the table.

    Over SSH "/bohai⏎jj" can arrive in one packet. The app forwards each key to the
    focused widget as it reads it, so the ``j``s are queued for the box before the box
    has handled Enter. So the box handles Enter (and Esc) itself, as it comes out of
    its queue: it moves focus to the table there and then (Input's Enter and the
    pane's Esc are bindings, resolved later, after the ``j``s). A key still queued for the box once it has
    lost focus is not typed in: it bubbles on to the app, which resolves it against
    the new focus (the table's ``j`` binding), in the order typed.
    """

    def key_first(self, event: events.Key) -> None:
        if self.screen.focused is not self:  # (has_focus follows later, with the Blur event)
            event.prevent_default()  # not Input's handler: bubble on to the app's bindings
            return
        pane = self.parent
        if event.key in ("enter", "escape") and isinstance(pane, AnnouncementPane):
            event.prevent_default()
            event.stop()
            if event.key == "escape":
                pane.action_clear_filter()
            else:
                self.post_message(self.Submitted(self, self.value))
                self.screen.set_focus(pane.table)


class AnnouncementPane(Shared, Vertical):
    """The table plus its filter box (hidden until `/`)."""

    DEFAULT_CSS = """
    AnnouncementPane #announcement-filter { display: none; height: 1; border: none; padding: 0 1; }
    AnnouncementPane AnnouncementTable { height: 1fr; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_filter", "Clear filter", id="announcements.clear_filter"),
    ]

    #: The filter text; bound down into the table.
    filter_text: reactive[str] = reactive("", init=False)

    def compose(self) -> ComposeResult:
        yield FilterInput(placeholder="filter: seller, buyer, title, province, asset…", id="announcement-filter")
        yield AnnouncementTable(id="announcement-table").data_bind(
            Shared.market, Shared.settings, AnnouncementPane.filter_text
        )

    def on_mount(self) -> None:
        self._retitle()

    def watch_market(self, old: Market, new: Market) -> None:
        if new.snapshot is not old.snapshot or new.error != old.error:
            self._retitle()

    def watch_settings(self) -> None:
        self._retitle()

    def watch_filter_text(self) -> None:
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
        self.border_title = f"4 {word('announcements', self.lang)}{count}"
        self.caption()

    def caption(self) -> None:
        """The bottom border: "loading…" until data; at 80 columns, where the seller is
        cut to a few letters and the buyer has no column, the highlighted deal's seller
        and buyer in full ("Xunxian RCB → Zhongyuan AMC")."""
        if self.snapshot is None:
            self.border_subtitle = waiting_label(self.market.error, self.lang)
            return
        table = self.query_one(AnnouncementTable)
        row = table.current_row if table.layout_spec.narrow else None
        if row is None:
            self.border_subtitle = ""
            return
        seller, buyer = (short_party(party_name(row, role, self.lang)) for role in ("seller", "buyer"))
        self.border_subtitle = literal(f"{seller} → {buyer}" if buyer else seller)  # feed text: never markup

    def on_row_table_row_highlighted(self, event: RowTable.RowHighlighted) -> None:
        self.caption()

    def on_resize(self) -> None:
        self.call_after_refresh(self.caption)  # the table picks its layout for the new width

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
        self.screen.set_focus(self.table)  # at once: keys queued behind Esc go to the table

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
        self.screen.set_focus(self.table)

    def _hide_filter(self) -> None:
        self.query_one("#announcement-filter", Input).display = False
        self.remove_class("-filtering")
