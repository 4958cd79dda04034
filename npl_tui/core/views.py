"""Derived figures for the dashboard: pure functions from a Snapshot to small records.

No Textual and no formatting here: widgets turn these records into text through
``npl_tui.render``. Everything is computed from the snapshot's rows as published:
series are never averaged together, bounds stay bounds, derived stays derived.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .metrics import share_meaningful
from .provinces import BY_CODE
from .query import filter_rows
from .schema import AMOUNT_KINDS, NATIONAL_CODE
from .snapshot import Row, Snapshot

__all__ = [
    "AMOUNT_KIND_ORDER",
    "PROVINCE_METRIC_CYCLE",
    "SERIES_PRIORITY",
    "SORT_KEYS",
    "DiscountPoint",
    "DiscountSeries",
    "Figure",
    "RankEntry",
    "Ranking",
    "RatioSummary",
    "amount_of",
    "discount_series",
    "filter_announcements",
    "matches_query",
    "new_announcement_ids",
    "previous_quarter",
    "principal_of",
    "province_ranking",
    "ratio_summary",
    "sort_announcements",
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
    change_pp: float | None  # vs the immediately preceding quarter; None if missing or across a basis break
    previous: Figure | None
    year_ago: Figure | None  # the same quarter a year earlier, if published
    balance: Figure | None  # latest published balance (its own period; may be older)
    coverage: Figure | None  # latest published provision coverage (its own period)
    history: tuple[Figure, ...]  # national NPL ratio since *since_year*, oldest first
    by_type: tuple[tuple[str, Figure], ...]  # (bank_type, figure) for by_type_period
    by_type_period: str | None
    #: True when the latest quarter is on a revised basis (ratios.basis_break): its
    #: change on the quarter is not a market move, so change_pp is None.
    change_break: bool = False
    #: Change on the same quarter a year earlier, None when missing or across a break.
    yoy_pp: float | None = None
    yoy_break: bool = False
    #: Periods of *history* (after its first) that start a revised basis: the
    #: sparkline is drawn apart there, never joined across.
    breaks: tuple[str, ...] = ()


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
    broken = {r["period"] for r in ratios if r.get("basis_break")}
    previous = change = year_ago = yoy = None
    change_break = yoy_break = False
    if ratio is not None:
        want_year = f"{int(ratio.period[:4]) - 1}{ratio.period[4:]}"
        year_rows = [r for r in ratios if r["period"] == want_year]
        year_ago = Figure.from_row(year_rows[-1]) if year_rows else None
        if year_ago is not None:
            # A break anywhere after the year-ago quarter, up to this one, parts them.
            yoy_break = any(want_year < p <= ratio.period for p in broken)
            yoy = None if yoy_break else ratio.value - year_ago.value
        want = previous_quarter(ratio.period)
        prev_rows = [r for r in ratios if r["period"] == want]
        change_break = ratio.period in broken
        if prev_rows:
            previous = Figure.from_row(prev_rows[-1])
            change = None if change_break else ratio.value - previous.value
    balances = _series(rows, "npl_balance_yi", "all")
    coverages = _series(rows, "provision_coverage_pct", "all")
    history = tuple(Figure.from_row(r) for r in ratios if r["as_of"].year >= since_year)
    breaks = tuple(f.period for f in history[1:] if f.period in broken)
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
        change_break=change_break,
        yoy_pp=yoy,
        yoy_break=yoy_break,
        breaks=breaks,
    )


# --------------------------------------------------------------------------- announcements


def amount_of(row: Row) -> tuple[float | None, str]:
    """The announcement's amount and what it measures: (principal_yi, "principal"), else
    (amount_yi, its amount_kind — "" when the feed does not say), else (None, "")."""
    value = row.get("principal_yi")
    if value is not None:
        return value, "principal"
    value = row.get("amount_yi")
    if value is None:
        return None, ""
    return value, str(row.get("amount_kind") or "")


def principal_of(row: Row) -> float | None:
    """Outstanding principal only: principal_yi, or a headline amount that the feed
    says is principal. A claim size or a price is never passed off as principal."""
    value, kind = amount_of(row)
    return value if kind == "principal" else None


#: Sorting by principal ranks like with like: principals first, then each other kind
#: of amount as its own group in this order, then rows with no amount at all.
AMOUNT_KIND_ORDER: tuple[str, ...] = ("principal", *(k for k in AMOUNT_KINDS if k != "principal"), "")

SORT_KEYS: dict[str, str] = {"date": "date", "principal": "principal", "overdue": "overdue_days"}


def _sort_value(row: Row, key: str) -> object:
    if key == "date":
        return row["date"]
    if key == "principal":
        return amount_of(row)[0]
    if key == "overdue":
        return row.get("overdue_days")
    raise KeyError(key)


def _group(row: Row, key: str) -> int:
    """Which group a row sorts in: for principal, its amount kind's place (principal
    first); for the other keys one group."""
    if key != "principal":
        return 0
    kind = amount_of(row)[1]
    return AMOUNT_KIND_ORDER.index(kind) if kind in AMOUNT_KIND_ORDER else len(AMOUNT_KIND_ORDER)


def sort_announcements(rows: Iterable[Row], key: str = "date", descending: bool = True) -> list[Row]:
    """Rows sorted by *key*; rows without a value always go last. Ties: newest, then id.

    By principal, amounts are compared like with like: rows with a principal come first,
    in the chosen direction; then claims, deal prices, starting prices, book values,
    appraisals and amounts of unstated kind, each group ordered the same way."""
    rows = list(rows)
    present = [r for r in rows if _sort_value(r, key) is not None]
    missing = [r for r in rows if _sort_value(r, key) is None]
    tie = sorted(present, key=lambda r: (r["date"], r["id"]), reverse=True)
    ordered = sorted(tie, key=lambda r: _sort_value(r, key), reverse=descending)  # type: ignore[arg-type, return-value]
    ordered.sort(key=lambda r: _group(r, key))  # stable: keeps the order within a group
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
    """Rows matching every term of *query* (:mod:`.query`): words as :func:`matches_query`,
    dates, amounts (principal, else the other amount), or a seller's or buyer's name."""
    return filter_rows(rows, query, text_match=matches_query, amount=lambda r: amount_of(r)[0])


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


_LOWER = {">": 1, ">=": 1, "<": -1, "<=": -1}


def share_of(part: float, part_qualifier: str, whole: float, whole_qualifier: str) -> tuple[float, str] | None:
    """*part* as % of *whole*, with the qualifier the share inherits: a province's lower
    bound is a lower bound on its share, a national lower bound makes the share an upper
    bound; bounds pulling opposite ways (or no whole) leave no share at all."""
    if whole <= 0:
        return None
    # (direction the share is bounded in, whether strictly) from each side's bound
    pulls = [(_LOWER[q] * sign, q in (">", "<")) for q, sign in ((part_qualifier, 1), (whole_qualifier, -1)) if q in _LOWER]
    pct = part / whole * 100
    if not pulls:
        return pct, "~" if "~" in (part_qualifier, whole_qualifier) else ""
    if len({d for d, _ in pulls}) > 1:
        return None
    up, strict = pulls[0][0] > 0, any(s for _, s in pulls)
    return pct, (">" if strict else ">=") if up else ("<" if strict else "<=")


@dataclass(frozen=True)
class Ranking:
    metric: str
    year: int | None
    entries: tuple[RankEntry, ...]  # provinces only: never the national total
    #: The figure for the whole country (province_code NATIONAL_CODE), same metric and year.
    national: RankEntry | None = None

    @property
    def scale(self) -> float:
        """The largest value, for bar lengths (bounds included: they are at least that)."""
        return max((e.value for e in self.entries), default=0.0)

    def share(self, entry: RankEntry) -> tuple[float, str] | None:
        """*entry* as % of the national figure, with its qualifier; None when there is no
        national figure or a share means nothing for the metric (a ratio, a change)."""
        if self.national is None or not share_meaningful(self.metric):
            return None
        return share_of(entry.value, entry.qualifier, self.national.value, self.national.qualifier)


_QUAL_ORDER = {">": 0, ">=": 1, "": 2, "~": 2, "<=": 3, "<": 4}


def _entry(r: Row) -> RankEntry:
    return RankEntry(r["province_code"], float(r["value"]), r.get("qualifier") or "", r.get("rank"), bool(r.get("derived")), r["as_of"])


def province_ranking(snapshot: Snapshot, metric: str, year: int | None = None) -> Ranking:
    """Whole-province figures for *metric* in *year* (default: the latest year with any),
    largest first. A lower bound ('>') sorts above an exact equal value. The national
    total (NATIONAL_CODE) is never ranked: it is the ranking's ``national``."""
    rows = [r for r in snapshot.provinces.rows if r["metric"] == metric and not r.get("city") and not r.get("city_zh")]
    provinces = [r for r in rows if r["province_code"] != NATIONAL_CODE]
    if year is None:
        year = max((r["year"] for r in provinces), default=None)
    chosen = [r for r in provinces if r["year"] == year]
    entries = [_entry(r) for r in chosen]
    entries.sort(key=lambda e: (-e.value, _QUAL_ORDER.get(e.qualifier, 2), e.rank or 10_000, e.code))
    national = [r for r in rows if r["province_code"] == NATIONAL_CODE and r["year"] == year]
    return Ranking(metric, year, tuple(entries), _entry(national[-1]) if national else None)


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
    points: tuple[DiscountPoint, ...]  # oldest first; never a suspect figure
    #: Figures of this series the data flags as suspect: kept for the sources screen,
    #: never plotted nor in low/high.
    omitted: tuple[DiscountPoint, ...] = ()

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


def _point(r: Row) -> DiscountPoint:
    return DiscountPoint(r["period"], r["as_of"], float(r["value_pct"]), r.get("qualifier") or "", bool(r.get("derived")))


def discount_series(snapshot: Snapshot) -> list[DiscountSeries]:
    """Group discount rows into homogeneous series (never mixing bases or statistics),
    most important first. Suspect figures (discount_rates.suspect) are set aside in
    ``omitted``; a series with nothing else is left out."""
    groups: dict[tuple[str, str, str, str, str], list[Row]] = {}
    for r in snapshot.discount_rates.rows:
        key = (r["series"], r["basis"], r["statistic"], r.get("asset_type") or "", r.get("province_code") or "")
        groups.setdefault(key, []).append(r)
    out = []
    for (series, basis, stat, asset, prov), rows in groups.items():
        rows.sort(key=lambda r: (r["as_of"], r["period"]))
        points = tuple(_point(r) for r in rows if not r.get("suspect"))
        if points:
            omitted = tuple(_point(r) for r in rows if r.get("suspect"))
            out.append(DiscountSeries(series, basis, stat, asset, prov, points, omitted))

    def order(s: DiscountSeries) -> tuple[object, ...]:
        pri = SERIES_PRIORITY.index(s.series) if s.series in SERIES_PRIORITY else len(SERIES_PRIORITY)
        basis = _BASIS_ORDER.index(s.basis) if s.basis in _BASIS_ORDER else len(_BASIS_ORDER)
        national = 0 if not s.province_code else 1
        return (pri, s.series, national, s.province_code, basis, s.asset_type, s.statistic)

    out.sort(key=order)
    return out
