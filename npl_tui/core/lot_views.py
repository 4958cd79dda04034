"""What the monitor shows of the lots: a filter, a sort, and figures per province,
computed from the columns (core/lots.py) without a Python loop over the rows.

- :func:`filter_lots` understands the query language of ``/`` (core/query.py): words
  match the court or seller, the city, the province (English, pinyin, Chinese), the
  platform, asset type, round and status; dates match the lot's as-of day; amounts
  match the deal price of a sold lot and the starting price of any other.
- :func:`sort_lots` orders any subset by a column, stably, empty cells last.
- :func:`lot_figures` computes, for the country and every province, the figures a
  publisher would print — lots, first-auction share, sale rate, median price as % of
  appraisal, by asset type and by month — each with its n and the newest day it
  refers to. They are *computed*, and shown as such, beside the published figures.

Imports numpy: used by workers and by screens showing lots, never at start-up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .lots import Lots
from .provinces import search_provinces
from .query import AmountTerm, DateTerm, parse_query
from .schema import NATIONAL_CODE

__all__ = ["LOT_SORTS", "CityLots", "GroupFigure", "LotCounts", "LotFigures", "filter_lots", "lot_amounts_yi", "lot_figures", "lot_mask", "sort_lots"]

#: The sorts a user can ask for: key -> (column, whether the first press sorts descending).
LOT_SORTS: dict[str, tuple[str, bool]] = {
    "date": ("as_of", True),
    "price": ("start_price_wan", True),
    "appraisal": ("appraisal_wan", True),
    "deal": ("deal_price_wan", True),
    "province": ("province_code", False),
    "seller": ("seller", False),
}

#: Columns a word is looked for in (as a case-insensitive substring of a value).
_TEXT_COLUMNS = ("seller", "seller_zh", "city", "city_zh", "platform", "asset_type", "round", "status", "seller_type")


def lot_amounts_yi(lots: Lots) -> np.ndarray:
    """Each lot's amount in 亿: the price paid when sold, else the starting price."""
    deal = lots.numbers["deal_price_wan"]
    start = lots.numbers["start_price_wan"]
    return np.where(np.isnan(deal), start, deal) / 1e4


def lot_mask(lots: Lots, text: str) -> np.ndarray | None:
    """Which lots match *text* (every term): a bool per lot; None when *text* has no terms."""
    query = parse_query(text)
    if not (query.text or query.dates or query.amounts):
        return None
    keep = np.ones(lots.n, dtype=bool)
    for word in query.text:
        keep &= _word_mask(lots, word.casefold())
    for term in query.dates:
        keep &= _date_mask(lots, term)
    if query.amounts:
        amounts = lot_amounts_yi(lots)
        for amount in query.amounts:
            keep &= _amount_mask(amount, amounts)
    return keep


def filter_lots(lots: Lots, text: str) -> np.ndarray:
    """Row numbers of the lots matching *text*, in file order."""
    mask = lot_mask(lots, text)
    return np.arange(lots.n, dtype=np.int64) if mask is None else np.flatnonzero(mask)


def _word_mask(lots: Lots, word: str) -> np.ndarray:
    """Lots with *word* in one of their names: one bool per distinct value, then a gather."""
    mask = np.zeros(lots.n, dtype=bool)
    for column in _TEXT_COLUMNS:
        hit = lots.lookup(column, lambda v: word in v.casefold())
        if hit.any():
            mask |= hit[lots.codes[column]]
    codes = {p.code for p in search_provinces(word)} if word.strip() else set()
    if codes:
        hit = lots.lookup("province_code", codes.__contains__)
        mask |= hit[lots.codes["province_code"]]
    return mask


def _date_mask(lots: Lots, term: DateTerm) -> np.ndarray:
    def inside(day: str) -> bool:
        d = dt.date.fromisoformat(day)
        return term.matches(d, d)

    return lots.lookup("as_of", inside)[lots.codes["as_of"]]


def _amount_mask(term: AmountTerm, amounts: np.ndarray) -> np.ndarray:
    ok = ~np.isnan(amounts)
    if term.low is not None:
        low = float(term.low)
        ok &= amounts > low if term.low_strict else amounts >= low
    if term.high is not None:
        high = float(term.high)
        ok &= amounts < high if term.high_strict else amounts <= high
    return ok


def sort_lots(lots: Lots, rows: np.ndarray, key: str, descending: bool) -> np.ndarray:
    """*rows* ordered by the column of sort *key* (see :data:`LOT_SORTS`); ties keep
    their order; empty cells last either way.

    One stable argsort: numbers with the empty ones pushed past every value; a
    categorical column by the rank of its values, which fits in 16 bits for any column
    with fewer than 32,768 distinct values, where numpy's stable sort is a radix sort."""
    column, _first = LOT_SORTS[key]
    if column in lots.numbers:
        values = lots.numbers[column][rows]
        values = np.where(np.isnan(values), np.inf, -values if descending else values)
    else:
        ranks = lots.rank(column)[lots.codes[column][rows]].astype(np.int64)
        empty = lots.codes[column][rows] == 0
        top = len(lots.values[column])
        values = np.where(empty, top, top - 1 - ranks if descending else ranks)
        if top < 32768:
            values = values.astype(np.int16)
    return rows[np.argsort(values, kind="stable")]


# --------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class GroupFigure:
    """The median price as % of appraisal over one group of sold lots, with its n."""

    label: str  # an asset type or a month YYYY-MM
    median_pct: float
    n: int


class LotCounts:
    """The shares both a province's and a city's lot figures give from their counts."""

    lots: int
    first_auctions: int
    sold: int
    ended: int  # sold or unsold: the rounds that had an outcome

    @property
    def first_share_pct(self) -> float | None:
        return 100.0 * self.first_auctions / self.lots if self.lots else None

    @property
    def sale_rate_pct(self) -> float | None:
        return 100.0 * self.sold / self.ended if self.ended else None


@dataclass(frozen=True)
class CityLots(LotCounts):
    """Figures computed from the lots of one city (a GB/T 2260 prefecture code)."""

    code: str
    name: str
    name_zh: str
    lots: int
    first_auctions: int
    sold: int
    ended: int
    median_pct: float | None
    priced: int


@dataclass(frozen=True)
class LotFigures(LotCounts):
    """Figures computed from the lots of one province (or the country)."""

    province_code: str
    lots: int
    first_auctions: int
    sold: int
    ended: int  # sold or unsold: the rounds that had an outcome
    median_pct: float | None  # median deal price as % of appraisal, sold lots with an appraisal
    priced: int  # the n of median_pct
    newest: str  # the newest as_of among the lots, YYYY-MM-DD
    by_asset: tuple[GroupFigure, ...]
    by_month: tuple[GroupFigure, ...]  # oldest first
    synthetic: bool
    cities: tuple[CityLots, ...] = ()  # most lots first (the country: none)


def _group_medians(group: np.ndarray, sorted_values: np.ndarray, groups: int) -> tuple[np.ndarray, np.ndarray]:
    """Median and count per group id in ``range(groups)`` of values given in ascending
    order (*group* aligned with them). A stable sort of the group ids (a radix sort:
    they fit in 16 bits) keeps each group's values in order, so a group's median is the
    middle of its run: no sort per group."""
    order = np.argsort(group.astype(np.uint16 if groups <= 65536 else np.int64), kind="stable")
    v = sorted_values[order]
    counts = np.bincount(group, minlength=groups)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    medians = np.full(groups, np.nan)
    has = counts > 0
    lo = starts[has] + (counts[has] - 1) // 2
    hi = starts[has] + counts[has] // 2
    medians[has] = (v[lo] + v[hi]) / 2
    return medians, counts


def lot_figures(lots: Lots) -> Mapping[str, LotFigures]:
    """Figures for every province with lots, and for the country (NATIONAL_CODE)."""
    values = lots.values
    provinces = values["province_code"]
    nation = len(provinces)  # the country's group: one past the last province code
    groups = nation + 1
    prov = np.asarray(lots.codes["province_code"], dtype=np.int64)
    count = np.bincount(prov, minlength=groups)
    count[nation] = lots.n
    rounds, statuses = values["round"], values["status"]
    first = lots.codes["round"] == (rounds.index("first") if "first" in rounds else -1)
    sold = lots.codes["status"] == (statuses.index("sold") if "sold" in statuses else -1)
    unsold = lots.codes["status"] == (statuses.index("unsold") if "unsold" in statuses else -1)

    def per_group(mask: np.ndarray) -> np.ndarray:
        out = np.bincount(prov[mask], minlength=groups)
        out[nation] = int(mask.sum())
        return out

    firsts, solds, ended = per_group(first), per_group(sold), per_group(sold | unsold)
    # the newest as-of day per province: which (province, day) pairs occur, the last per row
    days = sorted(values["as_of"])
    day_rank = lots.rank("as_of")
    pairs = np.bincount(prov * len(days) + day_rank[lots.codes["as_of"]], minlength=groups * len(days)).reshape(groups, len(days))
    pairs[nation] = pairs[:nation].sum(axis=0)
    occurs = pairs > 0
    newest_rank = np.where(occurs.any(axis=1), len(days) - 1 - np.argmax(occurs[:, ::-1], axis=1), -1)

    appraisal = lots.numbers["appraisal_wan"]
    priced = sold & (appraisal > 0)
    idx = np.flatnonzero(priced)
    pct = lots.numbers["deal_price_wan"][idx] / appraisal[idx] * 100.0
    by_value = np.argsort(pct, kind="stable")
    idx, pct = idx[by_value], pct[by_value]
    pg = prov[idx]
    assets = values["asset_type"]
    na = len(assets)
    asset = np.asarray(lots.codes["asset_type"][idx], dtype=np.int64)
    months = sorted({v[:7] for v in values["as_of"] if v})
    nm = max(len(months), 1)
    month_of_code = np.array([months.index(v[:7]) if v else 0 for v in values["as_of"]], dtype=np.int64)
    month = month_of_code[lots.codes["as_of"][idx]]

    all_med, all_n = _group_medians(pg, pct, groups)
    a_med, a_n = _group_medians(pg * na + asset, pct, groups * na)
    m_med, m_n = _group_medians(pg * nm + month, pct, groups * nm)
    # the country: every priced lot (already in order)
    if len(pct):
        mid_lo, mid_hi = (len(pct) - 1) // 2, len(pct) // 2
        all_med[nation], all_n[nation] = (pct[mid_lo] + pct[mid_hi]) / 2, len(pct)
    na_med, na_n = _group_medians(asset, pct, na)
    a_med[nation * na : groups * na], a_n[nation * na : groups * na] = na_med, na_n
    nm_med, nm_n = _group_medians(month, pct, nm)
    m_med[nation * nm : groups * nm], m_n[nation * nm : groups * nm] = nm_med, nm_n

    cities = _city_figures(lots, first, sold, unsold, idx, pct)
    out: dict[str, LotFigures] = {}
    for g in range(groups):
        if not count[g] or (g < nation and not provinces[g]):
            continue
        code = NATIONAL_CODE if g == nation else provinces[g]
        by_asset = tuple(
            GroupFigure(assets[a], float(a_med[g * len(assets) + a]), int(a_n[g * len(assets) + a]))
            for a in range(len(assets)) if a_n[g * len(assets) + a]
        )
        by_month = tuple(
            GroupFigure(months[m], float(m_med[g * nm + m]), int(m_n[g * nm + m])) for m in range(len(months)) if m_n[g * nm + m]
        )
        out[code] = LotFigures(
            province_code=code,
            lots=int(count[g]),
            first_auctions=int(firsts[g]),
            sold=int(solds[g]),
            ended=int(ended[g]),
            median_pct=None if not all_n[g] else float(all_med[g]),
            priced=int(all_n[g]),
            newest=days[newest_rank[g]] if newest_rank[g] >= 0 else "",
            by_asset=tuple(sorted(by_asset, key=lambda f: -f.n)),
            by_month=by_month,
            synthetic=lots.synthetic,
            cities=cities.get(code, ()),
        )
    return out


def _most_often(lots: Lots, group: np.ndarray, groups: int, column: str) -> list[str]:
    """For each group id, the value of *column* its rows have most often ("" for none)."""
    values = lots.values[column]
    pairs = np.bincount(group * len(values) + lots.codes[column], minlength=groups * len(values)).reshape(groups, len(values))
    pairs[:, 0] = 0  # an empty cell names nothing
    best = pairs.argmax(axis=1)
    return [values[b] if pairs[g, b] else "" for g, b in enumerate(best.tolist())]


def _city_figures(lots: Lots, first: np.ndarray, sold: np.ndarray, unsold: np.ndarray, priced_rows: np.ndarray,
                  pct: np.ndarray) -> dict[str, tuple[CityLots, ...]]:
    """Per province, its cities' figures (the same measures as the province's)."""
    city = np.asarray(lots.codes["city_code"], dtype=np.int64)
    n = len(lots.values["city_code"])
    count = np.bincount(city, minlength=n)
    firsts = np.bincount(city[first], minlength=n)
    solds = np.bincount(city[sold], minlength=n)
    ended = np.bincount(city[sold | unsold], minlength=n)
    medians, priced = _group_medians(city[priced_rows], pct, n)
    # a city's name: the one its first lot gives (English and Chinese)
    # each city's names and province: the ones its lots give most often (counted in pairs, no sort)
    name = _most_often(lots, city, n, "city")
    name_zh = _most_often(lots, city, n, "city_zh")
    province = _most_often(lots, city, n, "province_code")
    out: dict[str, list[CityLots]] = {}
    for c in np.flatnonzero(count).tolist():
        code = lots.values["city_code"][c]
        if not code:
            continue
        out.setdefault(province[c], []).append(CityLots(
            code, name[c], name_zh[c], int(count[c]), int(firsts[c]), int(solds[c]),
            int(ended[c]), float(medians[c]) if priced[c] else None, int(priced[c]),
        ))
    return {prov: tuple(sorted(found, key=lambda f: (-f.lots, f.code))) for prov, found in out.items()}
