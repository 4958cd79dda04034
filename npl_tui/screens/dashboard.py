"""The dashboard: four panes and a status line, all fed from the app's snapshot.

The screen follows the app's state (``npl_tui.state.Shared``) and binds it down into
the panes; panes report choices upwards with messages, which the app turns into
drill-downs. Panes never talk to each other.
"""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid
from textual.reactive import reactive
from textual.widgets import Header

from ..core.snapshot import Row
from ..core.views import PROVINCE_METRIC_CYCLE
from ..core.vocab import metric_label
from ..messages import AnnouncementSelected
from ..render import word
from ..state import Shared
from ..widgets.announcement_table import AnnouncementPane, AnnouncementTable
from ..widgets.discount_pane import DiscountPane
from ..widgets.key_bar import KeyBar
from ..widgets.province_ranking import ProvinceRanking
from ..widgets.ratio_pane import RatioPane
from ..widgets.row_table import RowTable
from ..widgets.status_line import StatusLine
from .base import KeptScreen

__all__ = ["EXPORT_COLUMNS", "PANES", "DashboardScreen"]

#: The columns `e` writes (the data behind the announcements pane's columns, amounts in
#: 亿 as the feed gives them); as-of and source follow (core.export).
EXPORT_COLUMNS = ("date", "seller", "buyer", "principal_yi", "amount_yi", "amount_kind", "province", "province_code",
                  "asset_type", "overdue_days", "status", "title", "id")

#: Pane number (key) -> widget id, in Tab order.
PANES: dict[str, str] = {"1": "ratio-pane", "2": "province-ranking", "3": "discount-pane", "4": "announcement-table"}

#: What the dashboard's marks and orders mean (help, under the keys), English and Chinese.
HELP_NOTES: dict[str, list[tuple[str, str]]] = {
    "en": [
        (
            "Amounts (announcements)",
            ("The Principal column shows outstanding principal. Any other amount is marked "
             "with what it is (one letter at 80 columns): P+I (C) claim, principal plus "
             "interest · deal (D) deal price · start (S) starting price · book (B) book value "
             "· appr. (A) appraised value · amt? (?) kind not stated. Enter shows each amount "
             "with its kind in full."),
        ),
        (
            "Sort by principal (p)",
            ("Like with like: rows with a principal first, largest first (p again: "
             "smallest first); then each other kind of amount as its own group, in the same "
             "direction — claims, deal prices, starting prices, book values, appraisals, "
             "unstated — never ranked among principals; rows with no amount last."),
        ),
        (
            "China line (top provinces)",
            ("When the data has the national figure for the metric and year, the ranking "
             "starts with a China line, and each province shows its share of it (for volumes "
             "and counts). The nation is never ranked; Enter on its line lists every "
             "national figure with its source."),
        ),
        (
            "Marks",
            ("d after a figure: derived by us from published figures (i shows how; the "
             "pane's border says so too). "
             "┊ in the NPL ratio history: a new basis from that quarter, so no change is "
             "shown across it (q/q reads n/a). Discount sparklines and ranges leave out "
             "figures the data flags as suspect; i lists them, flagged s."),
        ),
    ],
    "zh": [
        (
            "金额（转让公告）",
            ("本金列显示未偿本金。其他金额均标注其类型（80列时为单字）：本息（债）债权本息 · "
             "成交（成）成交价 · 起拍（起）起拍价 · 账面（账）账面价值 · 评估（评）评估价 · "
             "金额?（?）类型未注明。回车查看各金额及其完整类型。"),
        ),
        (
            "按本金排序（p）",
            ("同类相比：有本金的公告在前，从大到小（再按 p：从小到大）；其他类型的金额各自成组"
             "排在其后，方向相同——债权本息、成交价、起拍价、账面价值、评估价、未注明——"
             "绝不与本金混排；无金额者最后。"),
        ),
        (
            "全国行（省份排名）",
            ("数据中有该指标当年的全国数时，排名首行为全国，各省显示其占全国的比例（规模与数量类"
             "指标）。全国不参与排名；在该行按回车可查看全部全国数据及来源。"),
        ),
        (
            "标记",
            ("数值后的 d：由公开数据推算（按 i 查看方法；窗格边框亦有说明）。"
             "不良贷款率走势中的 ┊：自该季度起口径调整，不计算跨期变化（环比显示不适用）。"
             "折扣率走势与区间不含数据标注为存疑的数；按 i 可见，标记为 s。"),
        ),
    ],
}


class DashboardScreen(KeptScreen):
    """National overview: NPL ratio, top provinces, discount rates, announcements."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "focus_pane('1')", "Focus pane 1–4", show=False, id="dashboard.pane1"),
        Binding("2", "focus_pane('2')", "Focus pane 1–4", show=False, id="dashboard.pane2"),
        Binding("3", "focus_pane('3')", "Focus pane 1–4", show=False, id="dashboard.pane3"),
        Binding("4", "focus_pane('4')", "Focus pane 1–4", show=False, id="dashboard.pane4"),
        # priority: handled as the key arrives, so the filter box has focus before the
        # next keys are routed — "/bohai" arriving in one SSH packet all lands in the box.
        Binding("slash", "filter", "Filter", id="dashboard.filter", priority=True),
        Binding("m", "cycle_metric", "Metric", id="dashboard.cycle_metric"),
        Binding("i", "sources", "Sources", id="dashboard.sources", tooltip="Where the focused pane's figures come from"),
        Binding("e", "export", "Export", show=False, tooltip="Export the announcements as shown (filter, order) to a CSV file",
                id="dashboard.export"),
    ]

    AUTO_FOCUS = "#announcement-table"

    metric: reactive[str] = reactive(PROVINCE_METRIC_CYCLE[0], init=False)

    def compose(self) -> ComposeResult:
        self.preset_breakpoints()
        yield Header(icon="≡")
        with Grid(id="panes"):
            yield RatioPane(id="ratio-pane", classes="pane").data_bind(Shared.market, Shared.settings)
            yield ProvinceRanking(id="province-ranking", classes="pane").data_bind(
                Shared.market, Shared.settings, DashboardScreen.metric
            )
            yield DiscountPane(id="discount-pane", classes="pane").data_bind(Shared.market, Shared.settings)
            yield AnnouncementPane(id="announcement-pane", classes="pane").data_bind(Shared.market, Shared.settings)
        yield StatusLine(id="status-line").data_bind(Shared.market, Shared.settings, Shared.feed, Shared.lots)
        yield KeyBar().data_bind(Shared.settings)

    def on_mount(self) -> None:
        self.title = "npl-tui"
        self.sub_title = word("china", self.lang)

    def watch_settings(self) -> None:
        self.sub_title = word("china", self.lang)
    def help_notes(self, lang: str) -> list[tuple[str, str]]:
        """What the marks and orders on this screen mean, and what `/` understands (the
        help screen shows them)."""
        from ..core.query import FILTER_HELP

        return [*HELP_NOTES.get(lang, HELP_NOTES["en"]), FILTER_HELP.get(lang, FILTER_HELP["en"])]

    # ---------------------------------------------------------------- actions

    def action_focus_pane(self, number: str) -> None:
        # set_focus now, not focus() (which defers to call_later): a key typed right
        # behind the number — "2⏎" arriving in one SSH packet — must reach the new pane.
        self.set_focus(self.query_one(f"#{PANES[number]}"))

    def action_filter(self) -> None:
        self.query_one(AnnouncementPane).open_filter()

    def on_row_table_header_selected(self, event: RowTable.HeaderSelected) -> None:
        # A click on a sortable column header sorts like its key (d/p/o) does.
        if isinstance(event.table, AnnouncementTable):
            event.stop()
            event.table.action_sort(event.key)

    def action_sources(self) -> None:
        """Show where the focused pane's numbers come from (a deal: its full record)."""
        snapshot = self.snapshot
        if snapshot is None:
            self.notify("No data loaded yet.", markup=False)
            return
        from ..core import provenance
        from ..core.provinces import BY_CODE
        from ..core.vocab import SERIES, term
        from .sources import SourcesScreen

        focused = self.focused
        pane = focused.id if focused is not None else None
        if pane == "announcement-table":
            row = self.query_one(AnnouncementTable).current_row
            if row is not None:
                self.post_message(AnnouncementSelected(row))
            return
        if pane == "province-ranking":
            names = {code: (p.name_en, p.short_zh) for code, p in BY_CODE.items()}
            items = provenance.ranking_provenance(snapshot, self.metric, names)
            title = word("sources.title", self.lang, what=metric_label(self.metric, self.lang))
        elif pane == "discount-pane":
            labels = {key: (term(SERIES, key, "en"), term(SERIES, key, "zh")) for key in SERIES}
            items = provenance.discount_provenance(snapshot, labels)
            title = word("sources.title", self.lang, what=word("sources.discounts", self.lang))
        else:
            items = provenance.ratio_provenance(snapshot)
            title = word("sources.title", self.lang, what=word("sources.ratio", self.lang))
        self.app.push_screen(SourcesScreen(title, items))

    def action_export(self) -> None:
        """The announcements as shown — filtered, in their order — to a CSV file in the
        user's documents directory (else the current one); a toast says where."""
        table = self.query_one(AnnouncementTable)
        if self.snapshot is None:
            self.notify("No data loaded yet.", markup=False)
            return
        self._export(table.visible_rows, self.lang)

    @work(thread=True, exit_on_error=False, group="export", description="Export the announcements")
    def _export(self, rows: list[Row], lang: str) -> None:
        from ..core.export import export_rows
        from ..core.paths import export_dir
        from ..render import province_name

        shown = [{**row, "province": province_name(row.get("province_code"), lang) if row.get("province_code") else ""} for row in rows]
        try:
            path = export_rows(shown, EXPORT_COLUMNS, export_dir(), name="announcements")
        except (OSError, ValueError) as exc:
            message = f"{exc.strerror or exc}" if isinstance(exc, OSError) else str(exc)
            self.app.call_from_thread(self.notify, message, title=word("export.failed", lang), severity="error", markup=False)
            return
        done = word("export.done", lang, n=str(len(shown)), path=str(path))
        self.app.call_from_thread(self.notify, done, title=word("export.title", lang), markup=False, timeout=12)

    def action_cycle_metric(self) -> None:
        i = PROVINCE_METRIC_CYCLE.index(self.metric) if self.metric in PROVINCE_METRIC_CYCLE else -1
        self.metric = PROVINCE_METRIC_CYCLE[(i + 1) % len(PROVINCE_METRIC_CYCLE)]

    def show_filter(self, text: str) -> None:
        """Filter the announcements to *text* (e.g. a seller or buyer name)."""
        self.query_one(AnnouncementPane).open_filter(text)
        self.query_one(AnnouncementTable).focus()

    # ---------------------------------------------------------------- messages up

    def on_province_ranking_nation_selected(self, message: ProvinceRanking.NationSelected) -> None:
        """Enter on the China line: every national figure, with its source (not a
        province screen: the nation is the level this screen already is)."""
        message.stop()
        self.show_national()

    def show_national(self) -> None:
        snapshot = self.snapshot
        if snapshot is None:
            return
        from ..core.provenance import national_provenance
        from .sources import SourcesScreen

        title = word("sources.national", self.lang)
        self.app.push_screen(SourcesScreen(title, national_provenance(snapshot)))
