"""ProvinceScreen: everything the snapshot says about one province.

Sections, top to bottom: figures (by year and metric, with as-of, bound, rank and a
"d" after a figure we derived), cities, announcements (newest first), discount series
and a chart (``widgets.province_sections``: each renders what it is handed). A detail
line at the bottom shows where the highlighted number came from. Enter on a city
narrows to it; Enter on an announcement opens it; Escape goes back one level (city
first, then the screen).

The screen keeps only what the user chose — the province, the city, the chart — as
one value, ``shown`` (with the view of the snapshot it needs), and binds it and the
settings into the sections; a drill-down draws them all in one frame.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, getters, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import Static

from ..core.province_view import ProvinceView, province_view
from ..core.state import Market
from ..core.vocab import word
from ..messages import AnnouncementSelected, LotsAsked, PinAsked
from ..render import literal
from ..state import Shared
from ..textual_workarounds import app_is_closing
from ..widgets.breadcrumb import Breadcrumb
from ..widgets.key_bar import KeyBar
from ..widgets.province_sections import (
    AnnouncementsSection,
    ChartSection,
    CitiesSection,
    DiscountsSection,
    FiguresSection,
    LotCitiesSection,
    LotsSection,
    Section,
    Shown,
    detail_text,
    update_if_changed,
)
from ..widgets.row_table import RowTable
from .base import KeptScreen, close

if TYPE_CHECKING:
    from ..widgets.province_chart import ProvinceChart

__all__ = ["ProvinceScreen"]

_EMPTY = ProvinceView(code="", province=None)

#: Seconds until a drill-down's second frame (what lies below the first screenful).
NEXT_FRAME = 1 / 60


class ProvinceScreen(KeptScreen):
    """One province: figures, cities, announcements, discounts and a chart."""

    # Focused from the start (the screen is built ahead, off screen): focusing it on
    # the drill-down would restyle the section's ancestors inside that frame.
    AUTO_FOCUS = "#figures"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="province.back"),
        Binding("tab", "next_section", "Next section", id="province.next_section"),
        Binding("shift+tab", "previous_section", "Prev section", id="province.previous_section"),
        Binding("j", "cursor_down", "Down", show=False, id="province.down"),
        Binding("k", "cursor_up", "Up", show=False, id="province.up"),
        Binding("enter", "drill_down", "Open", id="province.open"),
        Binding("c", "next_chart", "Next chart", id="province.next_chart"),
        Binding("i", "show_source", "Source", id="province.source"),
        Binding("P", "pin", "Pin", show=False, tooltip="Pin or unpin this province on the watchlist", id="province.pin"),
    ]

    DEFAULT_CSS = """
    ProvinceScreen #province-summary {
        height: 1; text-wrap: nowrap; text-overflow: ellipsis; padding: 0 1; color: $text-muted;
    }
    /* Always a scrollbar: one appearing after the first layout lays the screen out again. */
    ProvinceScreen #province-body { height: 1fr; padding: 0 1; overflow-y: scroll; }
    ProvinceScreen #province-empty { margin: 1 0; text-style: bold; }
    ProvinceScreen #province-detail {
        height: 2; text-wrap: nowrap; padding: 0 1; background: $panel; text-overflow: ellipsis;
    }
    """

    #: What the user chose and how far the drill-down has drawn it.
    # repaint=False: the sections repaint what changes; a screen's reactive would
    # otherwise repaint the whole terminal on every change.
    shown: reactive[Shown] = reactive(Shown(_EMPTY), init=False, repaint=False)

    body = getters.query_one("#province-body", VerticalScroll)
    detail_line = getters.query_one("#province-detail", Static)

    def __init__(self, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self.detail_text = ""  # the detail line, as shown (source and note of the highlighted row)
        self._detail_full = ""  # the same in full, one citation a line (`i`)
        self._pending: str | None = None  # a province asked for before the screen was mounted
        self._section_widgets: tuple[Section, ...] | None = None

    # ------------------------------------------------------------------ compose

    def compose(self) -> ComposeResult:
        self.preset_breakpoints()
        yield Breadcrumb((), id="breadcrumb")
        yield Static(id="province-summary")
        # The sections straight in the body, not in a container of their own: every
        # drill-down resizes that container, and it was laid out and painted again.
        with VerticalScroll(id="province-body"):
            yield Static(id="province-empty")
            for section in (FiguresSection(), CitiesSection(), AnnouncementsSection(), DiscountsSection(), ChartSection()):
                yield section.data_bind(Shared.settings, ProvinceScreen.shown)
                if isinstance(section, FiguresSection):
                    yield LotsSection().data_bind(Shared.settings, Shared.lots, ProvinceScreen.shown)
                    yield LotCitiesSection().data_bind(Shared.settings, Shared.lots, ProvinceScreen.shown)
        yield Static(id="province-detail")
        yield KeyBar().data_bind(Shared.settings)

    # ------------------------------------------------------------------ what is shown

    @property
    def code(self) -> str:
        return self.shown.view.code

    @property
    def view(self) -> ProvinceView:
        return self.shown.view

    @property
    def complete(self) -> bool:
        """True once a drill-down has drawn its second frame (every section)."""
        return bool(self.code) and self.shown.whole

    def _width(self) -> int:
        return self.app.size.width - 2 - self.body.styles.scrollbar_size_vertical

    def on_mount(self) -> None:
        if self._pending is not None:  # once mounted (is_mounted is set after on_mount)
            self.call_later(self.show, self._pending)

    def show(self, code: str) -> None:
        """Point this screen at another province (the app keeps one ProvinceScreen and
        re-points it on each drill-down: building its widgets is most of the cost)."""
        if not self.is_mounted:
            self._pending = code
            return
        self._pending = None
        self.preset_breakpoints(update=True)
        self.body.scroll_home(animate=False)
        self.shown = Shown(province_view(self.snapshot, code), width=self._width(), whole=False)
        self._focus_first()
        self.set_timer(NEXT_FRAME, self._draw_the_rest, name="province-rest")

    def _draw_the_rest(self) -> None:
        # (not while the app closes: the sections may be gone already)
        if self.is_attached and not self.shown.whole and not app_is_closing(self.app):
            self.shown = dataclasses.replace(self.shown, whole=True)

    def watch_market(self, old: Market, new: Market) -> None:
        if new.snapshot is old.snapshot or new.snapshot is None or not self.code:
            return
        view = province_view(new.snapshot, self.code)
        city = self.shown.city_key if self.shown.city_key and view.city(self.shown.city_key) else None
        index = min(self.shown.chart_index, max(len(view.charts) - 1, 0))
        self.shown = dataclasses.replace(self.shown, view=view, city_key=city, chart_index=index)

    def watch_shown(self) -> None:
        self._draw_head()

    def watch_settings(self) -> None:
        self._draw_head()

    def on_resize(self, event: events.Resize) -> None:
        # The figures and announcements fit their columns to the width: fit them again.
        if self.code and self.shown.width != self._width():
            self.shown = dataclasses.replace(self.shown, width=self._width())

    @property
    def trail(self) -> tuple[str, ...]:
        lang, city = self.lang, self.shown.city
        trail = [word("china", lang), self.view.name(lang)]
        if city is not None:
            trail.append(city.name(lang))
        return tuple(trail)

    def _draw_head(self) -> None:
        """Breadcrumb, summary, or the words for a province without data."""
        if not self.is_mounted or not self.code:
            return
        view, lang = self.view, self.lang
        self.query_one(Breadcrumb).trail = self.trail
        self.set_class(not view.has_data, "-empty")
        empty = self.query_one("#province-empty", Static)
        empty.display = not view.has_data
        if not view.has_data:
            prov = view.province
            full = (f"{prov.name_en} ({prov.short_zh})" if lang == "en" else prov.name_zh) if prov else self.code
            update_if_changed(empty, literal(word("no_province_data", lang, name=full)))
        update_if_changed(self.query_one("#province-summary", Static), literal(" · ".join(self._summary())))
        self._update_detail()

    def _summary(self) -> list[str]:
        view, lang = self.view, self.lang
        prov = view.province
        parts = [self.code, self.code]
        if prov is not None:  # both names, the one in the screen's language first
            parts[0] = f"{prov.name_zh} {prov.name_en}" if lang == "zh" else f"{prov.name_en} {prov.name_zh}"
        if view.has_data:
            years = view.years
            span = f" ({years[-1]}–{years[0]})" if len(years) > 1 else f" ({years[0]})" if years else ""
            counts = (("n_figures", view.figures), ("n_cities", view.cities), ("n_announcements", view.announcements),
                      ("n_discounts", view.discounts))
            parts += [word(key, lang, n=str(len(items))) + (span if key == "n_figures" else "") for key, items in counts
                      if items or key == "n_figures"]
        return parts

    # ------------------------------------------------------------------ sections and the detail line

    def _sections(self) -> list[RowTable]:
        """The focusable section tables, in screen order, that have rows."""
        if self._section_widgets is None:  # (composed once, kept: the screen is re-pointed)
            self._section_widgets = tuple(self.query(Section).results(Section))
        return [s.table for s in self._section_widgets if s.display and s.table.display and s.table.row_count]

    @property
    def chart_widget(self) -> ProvinceChart | None:
        from ..widgets.province_chart import ProvinceChart

        found = list(self.query(ProvinceChart).results(ProvinceChart))
        return found[0] if found and found[0].display else None

    def _update_detail(self, table: RowTable | None = None) -> None:
        """Show where the highlighted number came from: source, as-of, derived, note."""
        if table is None:
            focused = self.focused
            table = focused if isinstance(focused, RowTable) else None
        had_source = bool(self.detail_text)
        section = table.parent if table is not None else None
        if table is None or not table.row_count or not isinstance(section, Section):
            self.detail_text = self._detail_full = ""
            update_if_changed(self.detail_line, literal(word("empty_hint", self.lang) if not self.view.has_data else ""))
        else:
            text, self._detail_full = detail_text(section.detail(table.cursor_key), self.lang)
            self.detail_text = text.plain
            update_if_changed(self.detail_line, text)
        if bool(self.detail_text) != had_source:
            self.refresh_bindings()  # `i Source` comes and goes with the detail line

    @on(RowTable.RowHighlighted)
    def _row_highlighted(self, event: RowTable.RowHighlighted) -> None:
        if event.table is self.focused:
            self._update_detail(event.table)

    def on_descendant_focus(self) -> None:
        focused = self.focused
        if isinstance(focused, RowTable):
            self._update_detail(focused)

    # ------------------------------------------------------------------ drilling

    @on(RowTable.RowSelected, "#cities")
    def _city_selected(self, event: RowTable.RowSelected) -> None:
        event.stop()
        self.select_city(event.key)

    @on(RowTable.RowSelected, "#lot-cities")
    def _lot_city_selected(self, event: RowTable.RowSelected) -> None:
        """A city's lots: the lots screen, filtered to the city (nation › province › city › lot)."""
        event.stop()
        figures = self.lots.figures.get(self.code) if self.lots.figures is not None else None
        city = next((c for c in figures.cities if c.code == event.key), None) if figures is not None else None
        if city is not None:
            self.post_message(LotsAsked(city.name or city.name_zh))

    @on(RowTable.RowSelected, "#lots")
    def _lots_selected(self, event: RowTable.RowSelected) -> None:
        event.stop()
        self.post_message(LotsAsked(self.lots_query))

    @property
    def lots_query(self) -> str:
        """The filter that lists this province's lots: its Chinese name, the one no other
        province answers to (pinyin "shanxi" is both 山西 and 陕西)."""
        prov = self.view.province
        return prov.short_zh if prov is not None else self.code

    @on(RowTable.RowSelected, "#announcements")
    def _announcement_selected(self, event: RowTable.RowSelected) -> None:
        event.stop()
        row = next((r for r in self.shown.announcements if str(r.get("id")) == event.key), None)
        if row is not None:
            self.open_announcement(row)

    def select_city(self, key: str | None) -> None:
        """Narrow to a city (its figures, and its announcements if any), or back out."""
        key = key if key and self.view.city(key) else None
        self.shown = dataclasses.replace(self.shown, city_key=key)
        city = self.shown.city
        if city is not None:
            target = self.query_one("#announcements" if self.view.announcements_in(city) else "#figures", RowTable)
            if target.display and target.row_count:
                target.move_cursor(row=0, animate=False)
                self._focus_section(target)

    def open_announcement(self, row: Mapping[str, Any]) -> None:
        self.post_message(AnnouncementSelected(row, self.trail))

    # ------------------------------------------------------------------ actions

    def help_notes(self, lang: str) -> list[tuple[str, str]]:
        """What the marks in this screen's tables mean (the help screen shows them)."""
        keys = ("amount_note", "national_note", "suspect_note", "derived", "bounds")
        return [(word(f"{key}_title", lang), word(key, lang)) for key in keys]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide keys that would do nothing here (no sections, a single chart)."""
        if action in ("next_section", "previous_section", "drill_down"):
            return bool(self.view.has_data)
        if action == "show_source":
            return bool(self.detail_text)
        if action == "next_chart":
            return len(self.view.charts) > 1
        return True

    def action_back(self) -> None:
        """Escape: leave the city first, then the screen (one level per press)."""
        if self.shown.city_key is not None:
            self.select_city(None)
            self.call_after_refresh(self._focus_section, self.query_one("#cities", RowTable))
            return
        close(self)

    def _focus_first(self) -> None:
        sections = self._sections()
        if sections:
            sections[0].focus(scroll_visible=False)
            self._update_detail(sections[0])

    def _focus_section(self, table: RowTable) -> None:
        self.set_focus(table, scroll_visible=False)  # at once: "Tab⏎" typed together
        if isinstance(table.parent, Section):
            self.body.scroll_to_widget(table.parent, animate=False, top=True)
        self._update_detail(table)

    def _step_section(self, step: int) -> None:
        sections = self._sections()
        if not sections:
            return
        focused = self.focused
        index = sections.index(focused) if focused in sections else (-1 if step > 0 else 0)
        self._focus_section(sections[(index + step) % len(sections)])

    def action_next_section(self) -> None:
        self._step_section(1)

    def action_previous_section(self) -> None:
        self._step_section(-1)

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def _move(self, step: int) -> None:
        """j/k: the focused section's cursor, else scroll the body."""
        focused = self.focused
        if isinstance(focused, RowTable):
            (focused.action_cursor_down if step > 0 else focused.action_cursor_up)()
        else:
            (self.body.scroll_down if step > 0 else self.body.scroll_up)()

    def action_drill_down(self) -> None:
        focused = self.focused
        if isinstance(focused, RowTable) and focused.row_count:
            focused.action_select_cursor()

    def action_show_source(self) -> None:
        """The highlighted row's full source, one citation a line, and note (the detail
        line may be cut)."""
        if self.detail_text:
            self.notify(self._detail_full, title=word("source", self.lang), markup=False, timeout=15)

    def action_pin(self) -> None:
        if self.code:
            self.post_message(PinAsked("province", self.code))

    def action_next_chart(self) -> None:
        if len(self.view.charts) > 1:
            self.shown = dataclasses.replace(self.shown, chart_index=(self.shown.chart_index + 1) % len(self.view.charts))

