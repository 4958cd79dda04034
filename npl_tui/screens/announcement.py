"""AnnouncementScreen: every field of one announcement or deal, with its label.

Reached by Enter on an announcement row (dashboard or province screen). All
values come from a feed, so every one is rendered with :func:`literal` — the
source URL is shown as text, never as a clickable link or an action.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from ..core.provinces import PROVINCES
from ..core.schema import ANNOUNCEMENTS
from ..render import fmt_amount, fmt_date, fmt_int, label, literal, province_name
from ..widgets.breadcrumb import Breadcrumb

__all__ = [
    "AnnouncementScreen",
    "ENUM_LABELS",
    "FIELD_LABELS",
    "announcement_fields",
    "announcement_crumb",
    "enum_label",
    "party_name",
]

#: Field -> (English, Chinese) label, in schema order.
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "title": ("Title", "标题"),
    "date": ("Date", "日期"),
    "as_of": ("As of", "截至"),
    "kind": ("Kind", "类型"),
    "status": ("Status", "状态"),
    "seller": ("Seller", "出让方"),
    "seller_zh": ("Seller (Chinese)", "出让方（中文）"),
    "seller_type": ("Seller type", "出让方类型"),
    "branch": ("Branch", "分支机构"),
    "buyer": ("Buyer", "受让方"),
    "buyer_zh": ("Buyer (Chinese)", "受让方（中文）"),
    "province_code": ("Province", "省份"),
    "city": ("City", "城市"),
    "asset_type": ("Asset type", "资产类型"),
    "principal_yi": ("Principal", "未偿本金"),
    "interest_yi": ("Interest", "未偿利息"),
    "amount_yi": ("Amount", "金额"),
    "starting_price_yi": ("Starting price", "起始价"),
    "borrowers": ("Borrowers", "借款人户数"),
    "loans": ("Loans", "资产笔数"),
    "overdue_days": ("Avg days overdue", "加权平均逾期天数"),
    "project_id": ("Project no.", "项目编号"),
    "source": ("Source", "来源"),
    "note": ("Note", "备注"),
    "id": ("Record id", "记录编号"),
}

#: Enum column -> value -> (English, Chinese)
ENUM_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "kind": {
        "bank_package": ("Bank package", "银行资产包"),
        "amc_deal": ("AMC deal", "AMC交易"),
        "auction": ("Auction", "拍卖"),
    },
    "status": {
        "announced": ("Announced", "已公告"),
        "listed": ("Listed", "挂牌中"),
        "signed": ("Signed", "已签约"),
        "auctioned": ("Sold at auction", "已拍卖"),
        "failed": ("Failed", "流拍"),
        "withdrawn": ("Withdrawn", "已撤回"),
    },
    "seller_type": {
        "large_state_bank": ("Large state bank", "国有大行"),
        "joint_stock_bank": ("Joint-stock bank", "股份制银行"),
        "city_commercial_bank": ("City commercial bank", "城商行"),
        "rural_commercial_bank": ("Rural bank", "农商行/农信社"),
        "policy_bank": ("Policy bank", "政策性银行"),
        "private_bank": ("Private bank", "民营银行"),
        "foreign_bank": ("Foreign bank", "外资银行"),
        "consumer_finance": ("Consumer finance", "消费金融公司"),
        "trust": ("Trust", "信托公司"),
        "national_amc": ("National AMC", "全国性AMC"),
        "local_amc": ("Local AMC", "地方AMC"),
        "court": ("Court", "法院"),
        "other": ("Other", "其他"),
    },
    "asset_type": {
        "retail_consumer": ("Consumer loans", "个人消费贷"),
        "retail_business": ("Personal business", "个人经营贷"),
        "retail_consumer_business": ("Consumer+business", "消费及经营贷"),
        "retail_credit_card": ("Credit card", "信用卡"),
        "retail_other": ("Other personal", "其他个贷"),
        "corporate": ("Corporate", "对公"),
        "mixed": ("Mixed", "混合"),
        "property": ("Property", "不动产"),
        "other_asset": ("Other asset", "其他资产"),
    },
}

_AMOUNTS = ("principal_yi", "interest_yi", "amount_yi", "starting_price_yi")
_COUNTS = ("borrowers", "loans", "overdue_days")


def enum_label(column: str, value: object, lang: str = "en") -> str:
    """Display name of an enum value; unknown values are shown as they are."""
    if value is None or value == "":
        return ""
    names = ENUM_LABELS.get(column, {}).get(str(value))
    if names is None:
        return str(value)
    return names[1] if lang == "zh" else names[0]


def party_name(row: Mapping[str, Any], role: str, lang: str = "en") -> str:
    """Seller or buyer name in the language asked for, falling back to the other."""
    en = str(row.get(role) or "")
    zh = str(row.get(f"{role}_zh") or "")
    return (zh or en) if lang == "zh" else (en or zh)


def announcement_crumb(row: Mapping[str, Any], lang: str = "en") -> str:
    """The last breadcrumb: "Buyer ← Seller" for a deal, else the seller, else "deal"."""
    seller = party_name(row, "seller", lang)
    buyer = party_name(row, "buyer", lang)
    if buyer and seller:
        return f"{buyer} ← {seller}"
    return seller or buyer or ("交易" if lang == "zh" else "deal")


_CRUMB_NAMES: dict[str, tuple[str, str]] = {"China": ("China", "全国"), "全国": ("China", "全国")}
for _prov in PROVINCES:
    _CRUMB_NAMES[_prov.name_en] = _CRUMB_NAMES[_prov.short_zh] = (_prov.name_en, _prov.short_zh)


def _translate_crumb(part: str, lang: str) -> str:
    """'Henan' <-> '河南', 'China' <-> '全国'; anything else (a city, a bank) unchanged."""
    names = _CRUMB_NAMES.get(part)
    if names is None:
        return part
    return names[1] if lang == "zh" else names[0]


def _value(field: str, value: Any, lang: str, unit: str) -> str:
    if value is None or value == "":
        return ""
    if field in _AMOUNTS:
        return fmt_amount(float(value), unit)
    if field in _COUNTS:
        text = fmt_int(value)
        return f"{text} {'天' if lang == 'zh' else 'days'}" if field == "overdue_days" else text
    if field in ENUM_LABELS:
        return enum_label(field, value, lang)
    if field == "province_code":
        return f"{province_name(str(value), lang)} ({value})"
    if isinstance(value, (dt.date, dt.datetime)):
        return fmt_date(value)
    return str(value)


def announcement_fields(row: Mapping[str, Any], lang: str = "en", unit: str = "yi") -> list[tuple[str, str]]:
    """(label, value) for every field of the record that has a value, in a reading order.

    Fields the schema does not know (a newer feed) are listed after the known ones
    under their raw names, so nothing in the record is hidden.
    """
    out: list[tuple[str, str]] = []
    known = list(FIELD_LABELS) + [c for c in ANNOUNCEMENTS.column_names if c not in FIELD_LABELS]
    extra = [k for k in row if k not in known]
    for name in known + extra:
        if name not in row:
            continue
        text = _value(name, row[name], lang, unit)
        if not text:
            continue
        names = FIELD_LABELS.get(name)
        out.append((names[1] if lang == "zh" and names else names[0] if names else name, text))
    return out


def _fields_table(row: Mapping[str, Any], lang: str, unit: str) -> Table:
    table = Table.grid(padding=(0, 2), expand=True)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1, overflow="fold")
    for name, value in announcement_fields(row, lang, unit):
        table.add_row(literal(name), literal(value))  # literal: labels may be raw feed keys
    return table


class AnnouncementScreen(Screen[None]):
    """Detail of one announcement: every field, labelled; Escape goes back."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="announcement.back"),
        Binding("j,down", "scroll_down", "Down", show=False, id="announcement.down"),
        Binding("k,up", "scroll_up", "Up", show=False, id="announcement.up"),
        Binding("s", "show_party('seller')", "Seller's deals", id="announcement.seller"),
        Binding("b", "show_party('buyer')", "Buyer's deals", id="announcement.buyer"),
    ]

    DEFAULT_CSS = """
    AnnouncementScreen #announcement-body {
        height: 1fr;
        padding: 0 1;
    }
    AnnouncementScreen #announcement-heading {
        text-style: bold;
        color: $accent;
        margin: 1 0;
    }
    """

    def __init__(
        self,
        row: Mapping[str, Any],
        *,
        lang: str = "en",
        unit: str = "yi",
        trail: Sequence[str] = ("China",),
        name: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id)
        self.row = row
        self.lang = lang
        self.unit = unit
        self.trail = tuple(trail)

    def compose(self) -> ComposeResult:
        yield Breadcrumb(self._trail(), id="breadcrumb")
        with VerticalScroll(id="announcement-body"):
            yield Static(id="announcement-heading")
            yield Static(id="announcement-fields")
        yield Footer()

    def on_mount(self) -> None:
        app = self.app
        for attr in ("lang", "unit"):
            if hasattr(app, attr):
                self.watch(app, attr, self._app_changed, init=False)
        self._show()

    def _app_changed(self) -> None:
        self.lang = getattr(self.app, "lang", self.lang)
        self.unit = getattr(self.app, "unit", self.unit)
        self._show()

    def _trail(self) -> tuple[str, ...]:
        """The caller's trail in the current language (China and province names), plus this record."""
        trail = [_translate_crumb(part, self.lang) for part in self.trail] or [label("china", self.lang)]
        return (*trail, announcement_crumb(self.row, self.lang))

    def _show(self) -> None:
        self.query_one(Breadcrumb).trail = self._trail()
        kind = enum_label("kind", self.row.get("kind"), self.lang)
        status = enum_label("status", self.row.get("status"), self.lang)
        heading = Text(end="")
        heading.append_text(literal(kind))
        if status:
            heading.append(" · ")
            heading.append_text(literal(status))
        self.query_one("#announcement-heading", Static).update(heading)
        self.query_one("#announcement-fields", Static).update(_fields_table(self.row, self.lang, self.unit))

    @property
    def plain_fields(self) -> list[tuple[str, str]]:
        """What the screen lists (for tests and copy)."""
        return announcement_fields(self.row, self.lang, self.unit)

    def action_back(self) -> None:
        self.dismiss()

    def action_scroll_down(self) -> None:
        self.query_one("#announcement-body", VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one("#announcement-body", VerticalScroll).scroll_up()

    def action_show_party(self, role: str) -> None:
        name = party_name(self.row, role, "en")
        show = getattr(self.app, "show_party", None)
        if not name or show is None:
            self.notify("No buyer named in this record" if role == "buyer" else "No seller named", severity="warning")
            return
        show(name)
