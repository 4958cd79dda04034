"""Derived figures for the dashboard: pure functions from a Snapshot to small records.

No Textual and no formatting here: widgets turn these records into text through
``npl_tui.render``. Everything is computed from the snapshot's rows as published:
series are never averaged together, bounds stay bounds, derived stays derived.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .provinces import BY_CODE
from .snapshot import Row, Snapshot

__all__ = [
    "Figure",
    "RatioSummary",
    "ratio_summary",
    "previous_quarter",
    "principal_of",
    "SORT_KEYS",
    "sort_announcements",
    "matches_query",
    "filter_announcements",
    "new_announcement_ids",
    "PROVINCE_METRIC_CYCLE",
    "RankEntry",
    "Ranking",
    "province_ranking",
    "DiscountPoint",
    "DiscountSeries",
    "discount_series",
    "SERIES_PRIORITY",
]


# --------------------------------------------------------------------------- ratios


@dataclass(frozen=True)
class Figure:
    """One published (or derived) figure with everything needed to show it honestly."""

    value: float
    period: str
    as_of: dt.date
    qualifier: str = ""
    derived: bool = False
    source: str = ""

    @classmethod
    def from_row(cls, row: Row) -> Figure:
        return cls(
            value=float(row["value"]),
            period=str(row["period"]),
            as_of=row["as_of"],
            qualifier=row.get("qualifier") or "",
            derived=bool(row.get("derived")),
            source=row.get("source") or "",
        )


@dataclass(frozen=True)
class RatioSummary:
    """The national NPL headline: latest ratio, its quarterly change, context figures."""

    ratio: Figure | None
    change_pp: float | None  # vs the immediately preceding quarter, None if that is missing
    previous: Figure | None
    year_ago: Figure | None  # the same quarter a year earlier, if published
    balance: Figure | None  # latest published balance (its own period; may be older)
    coverage: Figure | None  # latest published provision coverage (its own period)
    history: tuple[Figure, ...]  # national NPL ratio since *since_year*, oldest first
    by_type: tuple[tuple[str, Figure], ...]  # (bank_type, figure) for by_type_period
    by_type_period: str | None


def previous_quarter(period: str) -> str | None:
    """'2025Q1' -> '2024Q4'; None for anything that is not a quarter."""
    if len(period) != 6 or period[4] != "Q":
        return None
    year, q = int(period[:4]), int(period[5])
    return f"{year - 1}Q4" if q == 1 else f"{year}Q{q - 1}"


def _series(rows: Iterable[Row], metric: str, bank_type: str) -> list[Row]:
    chosen = [r for r in rows if r["metric"] == metric and r["bank_type"] == bank_type]
    return sorted(chosen, key=lambda r: (r["as_of"], r["period"]))


_BANK_TYPE_ORDER = ("large_state", "joint_stock", "city", "rural", "private", "foreign")


def ratio_summary(snapshot: Snapshot, since_year: int = 2015) -> RatioSummary:
    rows = snapshot.ratios.rows
    ratios = [r for r in _series(rows, "npl_ratio_pct", "all") if r["period"][4:5] == "Q"]
    ratio = Figure.from_row(ratios[-1]) if ratios else None
    previous = change = year_ago = None
    if ratio is not None:
        want_year = f"{int(ratio.period[:4]) - 1}{ratio.period[4:]}"
        year_rows = [r for r in ratios if r["period"] == want_year]
        year_ago = Figure.from_row(year_rows[-1]) if year_rows else None
        want = previous_quarter(ratio.period)
        prev_rows = [r for r in ratios if r["period"] == want]
        if prev_rows:
            previous = Figure.from_row(prev_rows[-1])
            change = ratio.value - previous.value
    balances = _series(rows, "npl_balance_yi", "all")
    coverages = _series(rows, "provision_coverage_pct", "all")
    history = tuple(Figure.from_row(r) for r in ratios if r["as_of"].year >= since_year)
    by_type: list[tuple[str, Figure]] = []
    by_type_period: str | None = None
    typed = [r for r in rows if r["metric"] == "npl_ratio_pct" and r["bank_type"] != "all"]
    if typed:
        latest = max(typed, key=lambda r: (r["as_of"], r["period"]))
        by_type_period = latest["period"]
        found = {r["bank_type"]: Figure.from_row(r) for r in typed if r["period"] == by_type_period}
        by_type = [(bt, found[bt]) for bt in _BANK_TYPE_ORDER if bt in found]
        by_type += [(bt, f) for bt, f in sorted(found.items()) if bt not in _BANK_TYPE_ORDER]
    return RatioSummary(
        ratio=ratio,
        change_pp=change,
        previous=previous,
        year_ago=year_ago,
        balance=Figure.from_row(balances[-1]) if balances else None,
        coverage=Figure.from_row(coverages[-1]) if coverages else None,
        history=history,
        by_type=tuple(by_type),
        by_type_period=by_type_period,
    )


# --------------------------------------------------------------------------- announcements


def principal_of(row: Row) -> float | None:
    """Outstanding principal, else the headline amount the source gave."""
    value = row.get("principal_yi")
    return value if value is not None else row.get("amount_yi")


SORT_KEYS: dict[str, str] = {"date": "date", "principal": "principal", "overdue": "overdue_days"}


def _sort_value(row: Row, key: str) -> object:
    if key == "date":
        return row["date"]
    if key == "principal":
        return principal_of(row)
    if key == "overdue":
        return row.get("overdue_days")
    raise KeyError(key)


def sort_announcements(rows: Iterable[Row], key: str = "date", descending: bool = True) -> list[Row]:
    """Rows sorted by *key*; rows without a value always go last. Ties: newest, then id."""
    present = [r for r in rows if _sort_value(r, key) is not None]
    missing = [r for r in rows if _sort_value(r, key) is None]
    tie = sorted(present, key=lambda r: (r["date"], r["id"]), reverse=True)
    ordered = sorted(tie, key=lambda r: _sort_value(r, key), reverse=descending)  # type: ignore[arg-type, return-value]
    missing.sort(key=lambda r: (r["date"], r["id"]), reverse=True)
    return ordered + missing


_SEARCH_FIELDS = ("seller", "seller_zh", "buyer", "buyer_zh", "title", "city", "branch", "asset_type", "status", "kind", "project_id")


def _haystack(row: Row) -> str:
    parts = [str(row.get(f) or "") for f in _SEARCH_FIELDS]
    prov = BY_CODE.get(row.get("province_code") or "")
    if prov is not None:
        parts += [prov.name_en, prov.name_zh, prov.pinyin, prov.alpha]
    parts.append(str(row.get("asset_type") or "").replace("_", " "))
    return " ".join(parts).casefold()


def matches_query(row: Row, query: str) -> bool:
    """True when every whitespace-separated term of *query* occurs somewhere in the row
    (seller/buyer/title/province/asset, English and Chinese, case-insensitive)."""
    terms = query.casefold().split()
    if not terms:
        return True
    hay = _haystack(row)
    return all(t in hay for t in terms)


def filter_announcements(rows: Iterable[Row], query: str) -> list[Row]:
    return [r for r in rows if matches_query(r, query)]


def new_announcement_ids(previous: Snapshot | None, current: Snapshot) -> set[str]:
    """Ids in *current* that *previous* did not have (empty on the first load)."""
    if previous is None:
        return set()
    old = {r["id"] for r in previous.announcements.rows}
    return {r["id"] for r in current.announcements.rows if r["id"] not in old}


# --------------------------------------------------------------------------- provinces

#: The ranking metrics the dashboard cycles through with `m`, in order.
PROVINCE_METRIC_CYCLE: tuple[str, ...] = (
    "npl_bid_volume_yi",
    "npl_deal_volume_yi",
    "online_npl_auction_deals",
    "judicial_first_auctions",
)


@dataclass(frozen=True)
class RankEntry:
    code: str
    value: float
    qualifier: str
    rank: int | None  # as printed by the source
    derived: bool
    as_of: dt.date


@dataclass(frozen=True)
class Ranking:
    metric: str
    year: int | None
    entries: tuple[RankEntry, ...]

    @property
    def scale(self) -> float:
        """The largest value, for bar lengths (bounds included: they are at least that)."""
        return max((e.value for e in self.entries), default=0.0)


_QUAL_ORDER = {">": 0, ">=": 1, "": 2, "~": 2, "<=": 3, "<": 4}


def province_ranking(snapshot: Snapshot, metric: str, year: int | None = None) -> Ranking:
    """Whole-province figures for *metric* in *year* (default: the latest year with any),
    largest first. A lower bound ('>') sorts above an exact equal value."""
    rows = [r for r in snapshot.provinces.rows if r["metric"] == metric and not r.get("city")]
    if year is None:
        year = max((r["year"] for r in rows), default=None)
    chosen = [r for r in rows if r["year"] == year]
    entries = [
        RankEntry(r["province_code"], float(r["value"]), r.get("qualifier") or "", r.get("rank"), bool(r.get("derived")), r["as_of"])
        for r in chosen
    ]
    entries.sort(key=lambda e: (-e.value, _QUAL_ORDER.get(e.qualifier, 2), e.rank or 10_000, e.code))
    return Ranking(metric, year, tuple(entries))


# --------------------------------------------------------------------------- discount rates

#: Which series matter most to a trader, first. Unknown series follow in name order.
SERIES_PRIORITY: tuple[str, ...] = (
    "yindeng_retail",
    "bulk_retail",
    "online_npl_auction",
    "single_corporate",
    "bulk_corporate",
    "consumer_finance_package",
    "yindeng_pilot_all",
    "yindeng_retail_listing",
    "residential_collateral",
    "commercial_collateral",
    "industrial_collateral",
    "auctioned_property",
)

_BASIS_ORDER = ("principal", "principal_plus_interest", "market_value", "unstated")


@dataclass(frozen=True)
class DiscountPoint:
    period: str
    as_of: dt.date
    value: float
    qualifier: str
    derived: bool = False


@dataclass(frozen=True)
class DiscountSeries:
    """One homogeneous series: same segment, basis, statistic, asset type and region."""

    series: str
    basis: str
    statistic: str
    asset_type: str
    province_code: str
    points: tuple[DiscountPoint, ...]  # oldest first

    @property
    def last(self) -> DiscountPoint:
        return self.points[-1]

    @property
    def low(self) -> float:
        return min(p.value for p in self.points)

    @property
    def high(self) -> float:
        return max(p.value for p in self.points)

    @property
    def span(self) -> tuple[str, str]:
        return self.points[0].period, self.points[-1].period


def discount_series(snapshot: Snapshot) -> list[DiscountSeries]:
    """Group discount rows into homogeneous series (never mixing bases or statistics),
    most important first."""
    groups: dict[tuple[str, str, str, str, str], list[Row]] = {}
    for r in snapshot.discount_rates.rows:
        key = (r["series"], r["basis"], r["statistic"], r.get("asset_type") or "", r.get("province_code") or "")
        groups.setdefault(key, []).append(r)
    out = []
    for (series, basis, stat, asset, prov), rows in groups.items():
        rows.sort(key=lambda r: (r["as_of"], r["period"]))
        points = tuple(DiscountPoint(r["period"], r["as_of"], float(r["value_pct"]), r.get("qualifier") or "", bool(r.get("derived"))) for r in rows)
        out.append(DiscountSeries(series, basis, stat, asset, prov, points))

    def order(s: DiscountSeries) -> tuple[object, ...]:
        pri = SERIES_PRIORITY.index(s.series) if s.series in SERIES_PRIORITY else len(SERIES_PRIORITY)
        basis = _BASIS_ORDER.index(s.basis) if s.basis in _BASIS_ORDER else len(_BASIS_ORDER)
        national = 0 if not s.province_code else 1
        return (pri, s.series, national, s.province_code, basis, s.asset_type, s.statistic)

    out.sort(key=order)
    return out
