"""A small, hand-made snapshot for the drill-down tests, and a host app.

The figures echo the 2025 Zheshang AMC report (seed 002) closely enough to read
naturally, but this is fixture data: tests on the real numbers use the shipped
snapshot. One Zhejiang announcement carries markup, links, actions and escape
sequences in every text field, to prove they are shown literally.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from npl_tui.commands import JumpProvider
from npl_tui.core.schema import TABLES
from npl_tui.core.snapshot import Origin, Snapshot, build_snapshot, make_manifest
from npl_tui.core.state import Market, Settings
from npl_tui.messages import AnnouncementSelected, PartyChosen, ProvinceSelected
from npl_tui.state import Shared

__all__ = ["INJECTION", "HostApp", "fixture_rows", "fixture_snapshot", "national_rows", "snapshot_from_rows"]

#: Hostile text: Rich markup, a Textual action, a link and raw escape sequences.
INJECTION = "[bold red]pwn[/] [@click=app.quit]quit[/] [link=http://evil.example]x[/] \x1b[31mred\x1b]8;;http://e/\x07"

SRC = "https://example.org/zheshang-2025.pdf"


def _p(pid: str, year: int, code: str, metric: str, value: float, *, city: str = "", city_zh: str = "", q: str = "", rank: str = "", derived: bool = False, note: str = "", source: str = SRC, as_of: str = "") -> dict[str, str]:
    return {
        "id": pid, "year": str(year), "as_of": as_of or f"{year}-12-31", "province_code": code, "city": city,
        "city_zh": city_zh, "metric": metric, "value": repr(value), "qualifier": q, "rank": rank,
        "derived": "true" if derived else "false", "source": source, "note": note,
    }


def _provinces() -> list[dict[str, str]]:
    zj, gd = "330000", "440000"
    rows = [
        _p("zj-1", 2025, zj, "npl_deal_volume_yi", 913.0, rank="2"),
        _p("zj-2", 2025, zj, "npl_deal_volume_share_pct", 13.2, rank="2"),
        _p("zj-3", 2025, zj, "online_npl_auction_deals", 1523, rank="5"),
        _p("zj-4", 2025, zj, "judicial_auctions", 66333),
        _p("zj-5", 2025, zj, "judicial_auctions_yoy_pct", 66.95),
        _p("zj-6", 2025, zj, "judicial_first_auctions", 34849),
        _p("zj-7", 2025, zj, "judicial_first_auction_share_pct", 52.54),
        _p("zj-8", 2025, zj, "judicial_first_auction_share_change_pp", -4.74),
        _p("zj-9", 2024, zj, "judicial_auctions", 39730, derived=True, note="derived: 66,333 / 1.6695"),
        _p("zj-10", 2024, zj, "npl_deal_volume_yi", 1050.0, q="~", rank="1"),
        _p("zj-11", 2025, zj, "npl_ratio_pct", 0.9, q="<", note="fixture: 'below 1%'"),
        _p("zj-12", 2024, zj, "npl_ratio_pct", 0.93),
        _p("zj-c1", 2025, zj, "judicial_auctions_yoy_pct", 0, city="Hangzhou", city_zh="杭州", q=">", note="'all cities rose'"),
        _p("zj-c2", 2025, zj, "judicial_auctions_yoy_pct", 0, city="Jinhua", city_zh="金华", q=">"),
        _p("zj-c3", 2025, zj, "judicial_first_auctions_yoy_pct", 0, city="Taizhou", city_zh="台州", q="<", note="the only decline"),
        _p("zj-c4", 2025, zj, "judicial_auctions", 9000, city="Hangzhou", city_zh="杭州"),
        _p("zj-c5", 2025, zj, "judicial_auctions", 7000, city="Jinhua", city_zh="金华"),
        _p("zj-c6", 2025, zj, "judicial_auctions", 5000, city="Taizhou", city_zh="台州", q=">"),
        _p("gd-1", 2025, gd, "npl_bid_volume_yi", 5781.0, rank="1", q="~"),
        _p("gd-2", 2025, gd, "npl_bid_volume_share_pct", 15.8, rank="1"),
        _p("gd-3", 2025, gd, "npl_deal_volume_yi", 580.0, rank="4"),
        _p("gd-4", 2025, gd, "online_npl_auction_deals", 3152, rank="1"),
        _p("gd-5", 2025, gd, "judicial_auctions", 116097),
        _p("gd-6", 2025, gd, "judicial_auctions_yoy_pct", -5.81),
        _p("gd-7", 2025, gd, "judicial_first_auctions", 51888),
        _p("gd-8", 2025, gd, "judicial_first_auctions_yoy_pct", -16.92),
        _p("gd-c1", 2025, gd, "judicial_auctions_yoy_pct", 0, city="Jieyang", city_zh="揭阳", q="<"),
        _p("gd-c2", 2025, gd, "judicial_auctions_yoy_pct", 0, city="Heyuan", city_zh="河源", q=">"),
        _p("gd-c3", 2025, gd, "judicial_first_auctions_yoy_pct", 0, city="Meizhou", city_zh="梅州", q=">"),
    ]
    return rows


def _a(aid: str, date: str, kind: str, seller: str, seller_zh: str, seller_type: str, *, buyer: str = "", buyer_zh: str = "", code: str = "", city: str = "", asset: str = "mixed", principal: str = "", interest: str = "", amount: str = "", borrowers: str = "", loans: str = "", overdue: str = "", start: str = "", status: str = "announced", project: str = "", title: str = "", source: str = SRC, note: str = "", branch: str = "") -> dict[str, str]:
    return {
        "id": aid, "date": date, "as_of": date, "kind": kind, "seller": seller, "seller_zh": seller_zh,
        "seller_type": seller_type, "branch": branch, "buyer": buyer, "buyer_zh": buyer_zh, "province_code": code,
        "city": city, "asset_type": asset, "principal_yi": principal, "interest_yi": interest, "amount_yi": amount,
        "borrowers": borrowers, "loans": loans, "overdue_days": overdue, "starting_price_yi": start, "status": status,
        "project_id": project, "title": title or f"{seller_zh}不良资产转让公告", "source": source, "note": note,
    }


def _announcements() -> list[dict[str, str]]:
    return [
        _a("ha-1", "2025-06-18", "amc_deal", "Luoyang RCB", "洛阳农商银行", "rural_commercial_bank", buyer="Zhongyuan AMC", buyer_zh="中原资产", code="410000", city="Luoyang", asset="corporate", principal="3.2", interest="0.41", borrowers="12", loans="30", status="signed", project="0012345", title="洛阳农商银行不良资产包转让"),
        _a("zj-a1", "2025-03-02", "bank_package", "Hangzhou Bank", "杭州银行", "city_commercial_bank", code="330000", city="Hangzhou", asset="retail_consumer", principal="0.85", interest="0.12", borrowers="3120", loans="3300", overdue="540", start="0.05", status="listed", project="G32025ZJ0001"),
        _a("zj-a2", "2025-09-14", "bank_package", "Ping An Bank", "平安银行", "joint_stock_bank", code="330000", city="Ningbo", asset="retail_credit_card", principal="2.1", status="auctioned", buyer="Zheshang AMC", buyer_zh="浙商资产"),
        _a("zj-a3", "2024-11-30", "auction", "Taizhou court", "台州中院", "court", code="330000", city="Taizhou", asset="property", amount="0.3", status="failed"),
        _a("zj-evil", "2025-05-05", "bank_package", INJECTION, INJECTION, "other", buyer=INJECTION, buyer_zh=INJECTION, code="330000", city=INJECTION, principal="1.0", title=INJECTION, source=INJECTION, note=INJECTION, branch=INJECTION, project=INJECTION),
        _a("nat-1", "2025-07-01", "amc_deal", "Bank of China", "中国银行", "large_state_bank", buyer="Cinda", buyer_zh="中国信达", asset="corporate", amount="40"),
    ]


def _discounts() -> list[dict[str, str]]:
    def d(did: str, period: str, series: str, code: str, value: str, *, q: str = "", basis: str = "market_value", stat: str = "deal_average", n: str = "") -> dict[str, str]:
        return {"id": did, "period": period, "as_of": f"{period[:4]}-12-31", "series": series, "province_code": code, "asset_type": "",
                "basis": basis, "statistic": stat, "value_pct": value, "qualifier": q, "sample_size": n, "derived": "false", "source": SRC, "note": ""}

    return [
        d("dr-1", "2025", "residential_collateral", "330000", "78.5", n="1200"),
        d("dr-2", "2024", "residential_collateral", "330000", "80.1"),
        d("dr-3", "2025", "online_npl_auction", "", "30", q="~", basis="principal_plus_interest"),
    ]


def _ratios() -> list[dict[str, str]]:
    def r(rid: str, period: str, as_of: str, value: str) -> dict[str, str]:
        return {"id": rid, "period": period, "as_of": as_of, "bank_type": "all", "metric": "npl_ratio_pct", "value": value,
                "qualifier": "", "first_published": "", "derived": "false", "source": SRC, "note": ""}

    return [r("r-1", "2024Q4", "2024-12-31", "1.50"), r("r-2", "2025Q3", "2025-09-30", "1.52"), r("r-3", "2025Q4", "2025-12-31", "1.50")]


def national_rows() -> dict[str, list[dict[str, str]]]:
    """The fixture with format 1.2's national totals (province_code 100000) beside the
    provinces, and Zhejiang's announcements carrying amounts of several kinds."""
    tables = fixture_rows()
    tables["provinces"] += [
        _p("cn-1", 2025, "100000", "judicial_auctions", 1199899),
        _p("cn-2", 2025, "100000", "judicial_first_auctions", 564180),
        _p("cn-3", 2025, "100000", "judicial_auctions_yoy_pct", -3.04),
        _p("cn-4", 2025, "100000", "npl_deal_volume_yi", 6000.0, q="~"),
        _p("cn-5", 2025, "100000", "npl_primary_deal_volume_yi", 2310.0, q="~"),
    ]
    for row in tables["announcements"]:
        if row["id"] == "zj-a3":
            row["amount_kind"] = "starting_price"
    tables["announcements"].append(
        {**_a("zj-a4", "2025-09-01", "amc_deal", "Zheshang AMC", "浙商资产", "national_amc", code="330000", city="Hangzhou", amount="12.5", status="signed"), "amount_kind": "claim"}
    )
    return tables


def fixture_rows() -> dict[str, list[dict[str, str]]]:
    return {"provinces": _provinces(), "announcements": _announcements(), "discount_rates": _discounts(), "ratios": _ratios()}


def _csv(name: str, rows: Sequence[Mapping[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    columns = TABLES[name].column_names
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return out.getvalue().encode("utf-8")


def snapshot_from_rows(tables: Mapping[str, Sequence[Mapping[str, str]]]) -> Snapshot:
    """Build a verified Snapshot through the real parser (same path as shipped data)."""
    raw = {name: _csv(name, tables.get(name, ())) for name in TABLES}
    counts = {name: len(tables.get(name, ())) for name in TABLES}
    manifest = make_manifest(raw, counts, "2026-01-15T00:00:00Z", "drill-down fixture")
    files = {TABLES[name].filename: data for name, data in raw.items()}
    return build_snapshot(manifest, files, Origin("snapshot", "fixture"))


def fixture_snapshot() -> Snapshot:
    return snapshot_from_rows(fixture_rows())


class HostApp(Shared, App[None]):
    """The smallest stand-in for NplApp: its state (npl_tui.state.Shared) and what the
    drill-down asks of it (messages up, screens pushed)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "toggle_lang", "Language", id="lang"),
        Binding("u", "toggle_unit", "Unit", id="unit"),
        Binding("g", "pick_province", "Go to province", id="go"),
    ]

    COMMANDS = App.COMMANDS | {JumpProvider}

    def __init__(self, snapshot: Snapshot | None, *, start: str | None = None, lang: str = "en") -> None:
        super().__init__()
        self.set_reactive(Shared.market, Market(snapshot))
        self.set_reactive(Shared.settings, Settings(lang))
        self.start = start
        self.opened: list[Any] = []  # (what, argument) for assertions
        self.parties: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("dashboard", id="dashboard")

    def on_mount(self) -> None:
        if self.start:
            self.open_province(self.start)

    def open_province(self, code: str) -> None:
        from npl_tui.screens.province import ProvinceScreen

        self.opened.append(("province", code))
        screen = ProvinceScreen()
        self.push_screen(screen)
        screen.show(code)

    def open_announcement(self, row: Mapping[str, Any], trail: tuple[str, ...] = ("China",)) -> None:
        from npl_tui.screens.announcement import AnnouncementScreen

        self.opened.append(("announcement", row.get("id")))
        self.push_screen(AnnouncementScreen(row, trail=trail))

    def on_province_selected(self, message: ProvinceSelected) -> None:
        self.open_province(message.code)

    def on_announcement_selected(self, message: AnnouncementSelected) -> None:
        self.open_announcement(message.row, message.trail)

    def on_party_chosen(self, message: PartyChosen) -> None:
        self.parties.append(message.name)

    def action_toggle_lang(self) -> None:
        self.settings = self.settings.next_lang()

    def action_toggle_unit(self) -> None:
        self.settings = self.settings.next_unit()

    def action_pick_province(self) -> None:
        from npl_tui.screens.picker import ProvincePickerScreen

        def chosen(code: str | None) -> None:
            if code:
                self.open_province(code)

        self.push_screen(ProvincePickerScreen(), chosen)
