"""The dashboard: four panes and a status line, all fed from the app's snapshot.

The screen mirrors the app's ``snapshot``/``lang``/``unit`` (and load state) into its
own reactives and binds them down into the panes; panes report choices upwards with
messages, and the screen turns those into drill-downs. Panes never talk to each other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid
from textual.reactive import reactive
from textual.widgets import Header

from ..core.snapshot import Snapshot
from ..core.views import PROVINCE_METRIC_CYCLE
from ..messages import AnnouncementSelected, ProvinceSelected
from ..labels import metric_label
from ..render import label
from ..widgets.announcement_table import AnnouncementPane, AnnouncementTable
from ..widgets.discount_pane import DiscountPane
from ..widgets.key_bar import KeyBar
from ..widgets.province_ranking import ProvinceRanking
from ..widgets.ratio_pane import RatioPane
from ..widgets.row_table import RowTable
from ..widgets.status_line import StatusLine
from .base import KeptScreen

__all__ = ["DashboardScreen", "PANES"]

#: Pane number (key) -> widget id, in Tab order.
PANES: dict[str, str] = {"1": "ratio-pane", "2": "province-ranking", "3": "discount-pane", "4": "announcement-table"}


class DashboardScreen(KeptScreen):
    """National overview: NPL ratio, top provinces, discount rates, announcements."""

    BINDINGS = [
        Binding("1", "focus_pane('1')", "Focus pane 1–4", show=False, id="dashboard.pane1"),
        Binding("2", "focus_pane('2')", "Focus pane 1–4", show=False, id="dashboard.pane2"),
        Binding("3", "focus_pane('3')", "Focus pane 1–4", show=False, id="dashboard.pane3"),
        Binding("4", "focus_pane('4')", "Focus pane 1–4", show=False, id="dashboard.pane4"),
        # priority: handled as the key arrives, so the filter box has focus before the
        # next keys are routed — "/bohai" arriving in one SSH packet all lands in the box.
        Binding("slash", "filter", "Filter", id="dashboard.filter", priority=True),
        Binding("m", "cycle_metric", "Metric", id="dashboard.cycle_metric"),
        Binding("i", "sources", "Sources", id="dashboard.sources", tooltip="Where the focused pane's figures come from"),
    ]

    AUTO_FOCUS = "#announcement-table"

    snapshot: reactive[Snapshot | None] = reactive(None, init=False)
    lang: reactive[str] = reactive("en", init=False)
    unit: reactive[str] = reactive("yi", init=False)
    new_ids: reactive[frozenset[str]] = reactive(frozenset(), init=False)
    load_error: reactive[str | None] = reactive(None, init=False)
    stale: reactive[bool] = reactive(False, init=False)
    loaded_at: reactive[dt.datetime | None] = reactive(None, init=False)
    metric: reactive[str] = reactive(PROVINCE_METRIC_CYCLE[0], init=False)

    def compose(self) -> ComposeResult:
        self.preset_breakpoints()
        yield Header(icon="≡")
        with Grid(id="panes"):
            yield RatioPane(id="ratio-pane", classes="pane").data_bind(
                DashboardScreen.snapshot, DashboardScreen.lang, DashboardScreen.unit, DashboardScreen.load_error
            )
            yield ProvinceRanking(id="province-ranking", classes="pane").data_bind(
                DashboardScreen.snapshot,
                DashboardScreen.lang,
                DashboardScreen.unit,
                DashboardScreen.metric,
                DashboardScreen.load_error,
            )
            yield DiscountPane(id="discount-pane", classes="pane").data_bind(
                DashboardScreen.snapshot, DashboardScreen.lang, DashboardScreen.load_error
            )
            yield AnnouncementPane(id="announcement-pane", classes="pane").data_bind(
                DashboardScreen.snapshot,
                DashboardScreen.lang,
                DashboardScreen.unit,
                DashboardScreen.new_ids,
                DashboardScreen.load_error,
            )
        yield StatusLine(id="status-line").data_bind(
            DashboardScreen.snapshot,
            DashboardScreen.lang,
            DashboardScreen.stale,
            DashboardScreen.loaded_at,
            error=DashboardScreen.load_error,
        )
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "npl-tui"
        self.sub_title = label("china", self.lang)
        app = self.app
        for name in ("snapshot", "lang", "unit", "new_ids", "load_error", "stale", "loaded_at"):
            if hasattr(app, name):
                self.watch(app, name, self._mirror(name))

    def _mirror(self, name: str) -> Callable[[object], None]:
        def copy(value: object) -> None:
            setattr(self, name, value)

        return copy

    def watch_lang(self) -> None:
        self.sub_title = label("china", self.lang)

    # ---------------------------------------------------------------- actions

    def action_focus_pane(self, number: str) -> None:
        # set_focus now, not focus() (which defers to call_later): a key typed right
        # behind the number — "2⏎" arriving in one SSH packet — must reach the new pane.
        self.set_focus(self.query_one(f"#{PANES[number]}"))

    def action_filter(self) -> None:
        self.query_one(AnnouncementPane).open_filter()

    def on_row_table_header_selected(self, event: RowTable.HeaderSelected) -> None:
        # A click on a sortable column header sorts like its key (d/p/o) does.
        if isinstance(event.data_table, AnnouncementTable):
            event.stop()
            event.data_table.action_sort(str(event.column_key.value))

    def action_sources(self) -> None:
        """Show where the focused pane's numbers come from (a deal: its full record)."""
        snapshot = self.snapshot
        if snapshot is None:
            self.notify("No data loaded yet.", markup=False)
            return
        from ..core import provenance
        from ..core.provinces import BY_CODE
        from ..labels import SERIES, term
        from .sources import SourcesScreen

        focused = self.focused
        pane = focused.id if focused is not None else None
        zh = self.lang == "zh"
        if pane == "announcement-table":
            row = self.query_one(AnnouncementTable).current_row
            if row is not None:
                self.app.open_announcement(row, ("China",))  # type: ignore[attr-defined]
            return
        if pane == "province-ranking":
            names = {code: (p.name_en, p.short_zh) for code, p in BY_CODE.items()}
            items = provenance.ranking_provenance(snapshot, self.metric, names)
            title = ("来源 · " if zh else "Sources · ") + metric_label(self.metric, self.lang)
        elif pane == "discount-pane":
            labels = {key: (term(SERIES, key, "en"), term(SERIES, key, "zh")) for key in SERIES}
            items = provenance.discount_provenance(snapshot, labels)
            title = "来源 · 折扣率" if zh else "Sources · discount rates (latest point of each series)"
        else:
            items = provenance.ratio_provenance(snapshot)
            title = "来源 · 不良贷款率" if zh else "Sources · NPL ratio pane"
        self.app.push_screen(SourcesScreen(title, items, lang=self.lang, unit=self.unit))

    def action_cycle_metric(self) -> None:
        i = PROVINCE_METRIC_CYCLE.index(self.metric) if self.metric in PROVINCE_METRIC_CYCLE else -1
        self.metric = PROVINCE_METRIC_CYCLE[(i + 1) % len(PROVINCE_METRIC_CYCLE)]

    def show_filter(self, text: str) -> None:
        """Filter the announcements to *text* (e.g. a seller or buyer name)."""
        self.query_one(AnnouncementPane).open_filter(text)
        self.query_one(AnnouncementTable).focus()

    # ---------------------------------------------------------------- messages up

    def on_province_selected(self, message: ProvinceSelected) -> None:
        message.stop()
        self.app.open_province(message.code)  # type: ignore[attr-defined]

    def on_announcement_selected(self, message: AnnouncementSelected) -> None:
        message.stop()
        # The trail is given in English; the announcement screen translates it with `l`.
        self.app.open_announcement(message.row, ("China",))  # type: ignore[attr-defined]
