"""Everything the province drill-down shows, derived from a :class:`Snapshot`.

Pure data: no Textual, no Rich, no formatting of numbers (the screen formats with
``npl_tui.render``; metric names come from the pure ``npl_tui.labels``). One call,
:func:`province_view`, gathers a province's figures (by year and metric, each keeping
its qualifier, rank, derived flag, source and note), its cities, its announcements
(newest first), its discount series and the series worth charting.
Bounds stay bounds: a "> 0" YoY is never turned into 0.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .metrics import BOUND_QUALIFIERS, is_change_metric, metric_kind, share_meaningful
from .provinces import BY_CODE, Province
from .schema import NATIONAL_CODE, PROVINCE_METRICS
from .snapshot import Snapshot
from .views import principal_of, share_of
from .vocab import metric_label

__all__ = [
    "BOUND_QUALIFIERS",
    "METRIC_ORDER",
    "MONTHS_CHARTED",
    "Chart",
    "City",
    "Figure",
    "ProvinceView",
    "Series",
    "ascii_label",
    "is_change_metric",
    "metric_kind",
    "province_view",
    "provinces_with_data",
]

METRIC_ORDER: tuple[str, ...] = tuple(PROVINCE_METRICS)

#: The most recent months the principal-by-month chart shows (one line each); the note
#: says how many earlier ones are left out.
MONTHS_CHARTED = 24


def _metric_pos(metric: str) -> int:
    try:
        return METRIC_ORDER.index(metric)
    except ValueError:
        return len(METRIC_ORDER)


@dataclass(frozen=True)
class Figure:
    """One published (or derived) number about a province or one of its cities."""

    id: str
    year: int
    as_of: dt.date
    metric: str
    value: float
    qualifier: str = ""
    rank: int | None = None
    derived: bool = False
    source: str = ""
    note: str = ""
    city: str = ""
    city_zh: str = ""

    @property
    def is_bound(self) -> bool:
        return self.qualifier in BOUND_QUALIFIERS

    @property
    def kind(self) -> str:
        return metric_kind(self.metric)

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Figure:
        return cls(
            id=str(row.get("id", "")),
            year=int(row["year"]),
            as_of=row["as_of"],
            metric=str(row["metric"]),
            value=float(row["value"]),
            qualifier=str(row.get("qualifier") or ""),
            rank=row.get("rank"),
            derived=bool(row.get("derived")),
            source=str(row.get("source") or ""),
            note=str(row.get("note") or ""),
            city=str(row.get("city") or ""),
            city_zh=str(row.get("city_zh") or ""),
        )


def _city_key(name: str) -> str:
    return re.sub(r"[\s\-_']+", "", name).lower()


@dataclass(frozen=True)
class City:
    """A city with published figures, and how many announcements name it."""

    key: str  # normalised English (or Chinese) name: stable row key
    name_en: str
    name_zh: str
    figures: tuple[Figure, ...]
    announcements: int = 0

    def name(self, lang: str = "en") -> str:
        if lang == "zh":
            return self.name_zh or self.name_en
        return self.name_en or self.name_zh

    def figure(self, year: int, metric: str) -> Figure | None:
        for fig in self.figures:
            if fig.year == year and fig.metric == metric:
                return fig
        return None


@dataclass(frozen=True)
class Series:
    name: str  # ASCII (chart labels are printable ASCII: see ascii_label)
    values: tuple[float, ...]
    bounds: tuple[str, ...]  # qualifier per point ("" for a level)


@dataclass(frozen=True)
class Chart:
    """A chartable set of series: bars (or lines) over ASCII labels."""

    key: str
    title: str  # ASCII title
    title_zh: str  # for the section heading (outside the plot)
    kind: str  # "bar" | "line"
    unit: str  # "amount" (亿元), "count" or "pct"
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    note: str = ""

    @property
    def has_bounds(self) -> bool:
        return any(q in BOUND_QUALIFIERS for s in self.series for q in s.bounds)


@dataclass(frozen=True)
class ProvinceView:
    """A province as the drill-down shows it. Immutable; rebuild for a new snapshot."""

    code: str
    province: Province | None
    figures: tuple[Figure, ...] = ()  # province-level: year desc, then metric order
    cities: tuple[City, ...] = ()  # cities with figures, or named by announcements
    city_columns: tuple[tuple[int, str], ...] = ()  # (year, metric) present among cities
    announcements: tuple[Mapping[str, Any], ...] = ()  # newest first
    discounts: tuple[Mapping[str, Any], ...] = ()  # newest period first
    charts: tuple[Chart, ...] = ()
    national_ratio: Mapping[int, float] = field(default_factory=dict)  # year -> Q4 (or latest) ratio
    #: (year, metric) -> the figure for the whole country (provinces rows with
    #: province_code NATIONAL_CODE).
    national: Mapping[tuple[int, str], Figure] = field(default_factory=dict)

    def national_of(self, fig: Figure) -> Figure | None:
        """The national figure for *fig*'s year and metric, if the snapshot has one."""
        return self.national.get((fig.year, fig.metric))

    def share(self, fig: Figure) -> tuple[float, str] | None:
        """*fig* as % of the national figure, with the qualifier the share inherits;
        None without a national figure or for a metric whose share means nothing."""
        whole = self.national_of(fig)
        if whole is None or not share_meaningful(fig.metric):
            return None
        return share_of(fig.value, fig.qualifier, whole.value, whole.qualifier)

    def name(self, lang: str = "en") -> str:
        if self.province is None:
            return self.code
        return self.province.name(lang)

    @property
    def has_data(self) -> bool:
        return bool(self.figures or self.cities or self.announcements or self.discounts)

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({f.year for f in self.figures}, reverse=True))

    @property
    def city_years(self) -> tuple[int, ...]:
        return tuple(sorted({y for y, _ in self.city_columns}, reverse=True))

    def city(self, key: str) -> City | None:
        for c in self.cities:
            if c.key == key:
                return c
        return None

    def announcements_in(self, city: City | str) -> tuple[Mapping[str, Any], ...]:
        """Announcements naming *city* (by English or Chinese name)."""
        if isinstance(city, str):
            found = self.city(city)
            keys = {city} if found is None else {found.key, _city_key(found.name_en), _city_key(found.name_zh)}
        else:
            keys = {city.key, _city_key(city.name_en), _city_key(city.name_zh)}
        keys.discard("")
        return tuple(r for r in self.announcements if _city_key(str(r.get("city") or "")) in keys)


# --------------------------------------------------------------------------- building


def _ann_sort_key(row: Mapping[str, Any]) -> tuple[dt.date, dt.date, str]:
    return (row["date"], row["as_of"], str(row.get("id", "")))


def _period_key(period: str) -> tuple[int, int]:
    m = re.match(r"^(\d{4})(?:Q([1-4])|-(\d{2}))?$", period or "")
    if not m:
        return (0, 0)
    year = int(m.group(1))
    if m.group(2):
        return (year, int(m.group(2)) * 3)
    if m.group(3):
        return (year, int(m.group(3)))
    return (year, 12)


def _figure_sort_key(fig: Figure) -> tuple[int, int, str]:
    return (-fig.year, _metric_pos(fig.metric), fig.id)


def _national_ratio(snapshot: Snapshot) -> dict[int, float]:
    """Year -> the all-commercial-bank NPL ratio at the year's latest quarter."""
    best: dict[int, tuple[tuple[int, int], float]] = {}
    for row in snapshot.ratios.rows:
        if row.get("bank_type") != "all" or row.get("metric") != "npl_ratio_pct":
            continue
        key = _period_key(str(row.get("period", "")))
        if key[0] == 0:
            continue
        prev = best.get(key[0])
        if prev is None or key > prev[0]:
            best[key[0]] = (key, float(row["value"]))
    return {year: value for year, (_, value) in best.items()}


def ascii_label(text: str, limit: int = 24) -> str:
    """Printable ASCII only, at most *limit* characters: a chart label that lines up
    the same in any terminal font."""
    cleaned = "".join(ch for ch in text if " " <= ch <= "~").strip()
    return cleaned[:limit]


def _bound_tag(qualifier: str) -> str:
    return f" ({qualifier})" if qualifier in BOUND_QUALIFIERS or qualifier == "~" else ""


def _charts(
    figures: Sequence[Figure],
    cities: Sequence[City],
    announcements: Sequence[Mapping[str, Any]],
    national: Mapping[int, float],
    province: Province | None,
) -> tuple[Chart, ...]:
    charts: list[Chart] = []
    pname = province.name_en if province else ""

    # 1. a count or amount by city, latest year first: only if at least two cities
    #    have a level (not a bound); bounded points are kept and labelled.
    city_groups: dict[tuple[int, str], list[tuple[City, Figure]]] = {}
    for c in cities:
        for f in c.figures:
            if f.kind in ("count", "amount"):
                city_groups.setdefault((f.year, f.metric), []).append((c, f))
    for (year, metric), pairs in sorted(city_groups.items(), key=lambda kv: (-kv[0][0], _metric_pos(kv[0][1]))):
        levels = [f for _, f in pairs if not f.is_bound]
        if len(levels) < 2:
            continue
        pairs.sort(key=lambda cf: -cf[1].value)
        labels = tuple(ascii_label(c.name_en or c.key, 14) + _bound_tag(f.qualifier) for c, f in pairs)
        charts.append(
            Chart(
                key=f"city:{year}:{metric}",
                title=f"{metric_label(metric, 'en')} by city, {year}",
                title_zh=f"{year}年各市{metric_label(metric, 'zh')}",
                kind="bar",
                unit=metric_kind(metric),
                labels=labels,
                series=(Series(str(year), tuple(f.value for _, f in pairs), tuple(f.qualifier for _, f in pairs)),),
            )
        )
        break  # one city chart: the most recent, most important metric

    # 2. the provincial NPL ratio against the national one, by year
    ratio = {f.year: f for f in figures if f.metric == "npl_ratio_pct"}
    shared = sorted(y for y in ratio if y in national)
    if shared:
        charts.append(
            Chart(
                key="ratio:vs-national",
                title=f"NPL ratio %: {ascii_label(pname)} vs national",
                title_zh="不良贷款率：本省与全国",
                kind="bar",
                unit="pct",
                labels=tuple(str(y) for y in shared),
                series=(
                    Series(ascii_label(pname) or "province", tuple(ratio[y].value for y in shared), tuple(ratio[y].qualifier for y in shared)),
                    Series("national", tuple(national[y] for y in shared), tuple("" for _ in shared)),
                ),
                note="national: all commercial banks, latest quarter of the year; provincial scope in each figure's note",
            )
        )

    # 3. a provincial level over at least two years
    by_metric: dict[str, dict[int, Figure]] = {}
    for f in figures:
        if f.kind in ("count", "amount") or (f.kind == "pct" and not is_change_metric(f.metric)):
            by_metric.setdefault(f.metric, {})[f.year] = f
    for metric in METRIC_ORDER:
        points = by_metric.get(metric, {})
        if len(points) < 2 or metric == "npl_ratio_pct" and shared:
            continue
        years = sorted(points)
        charts.append(
            Chart(
                key=f"years:{metric}",
                title=f"{metric_label(metric, 'en')} by year",
                title_zh=f"{metric_label(metric, 'zh')}（按年）",
                kind="bar",
                unit=metric_kind(metric),
                labels=tuple(str(y) + _bound_tag(points[y].qualifier) for y in years),
                series=(Series(ascii_label(pname) or "province", tuple(points[y].value for y in years), tuple(points[y].qualifier for y in years)),),
            )
        )

    # 4. announced principal by month: principal only, never a claim size or a price
    months: dict[str, float] = {}
    for row in announcements:
        amount = principal_of(row)
        if amount is None:
            continue
        month = row["date"].strftime("%Y-%m")
        months[month] = months.get(month, 0.0) + float(amount)
    with_principal = sum(1 for row in announcements if principal_of(row) is not None)
    if len(months) >= 2 or (len(months) == 1 and with_principal >= 2):
        keys = sorted(months)[-MONTHS_CHARTED:]
        note = "principal only: claims, prices and other amounts are not added in"
        left_out = sorted(months)[: -MONTHS_CHARTED]
        if left_out:
            span = left_out[0] if len(left_out) == 1 else f"{left_out[0]} to {left_out[-1]}"
            note += f"; {len(left_out)} earlier month{'s' if len(left_out) > 1 else ''} not shown ({span})"
        charts.append(
            Chart(
                key="announcements:principal-by-month",
                title="Announced principal by month",
                title_zh="公告本金（按月）",
                kind="bar",
                unit="amount",
                labels=tuple(keys),
                series=(Series("principal", tuple(months[k] for k in keys), tuple("" for _ in keys)),),
                note=note,
            )
        )
    return tuple(charts)


def province_view(snapshot: Snapshot | None, code: str) -> ProvinceView:
    """Everything *snapshot* says about province *code* (empty view if nothing)."""
    province = BY_CODE.get(code)
    if snapshot is None:
        return ProvinceView(code, province)

    prov_figs: list[Figure] = []
    city_figs: dict[str, list[Figure]] = {}
    city_names: dict[str, tuple[str, str]] = {}
    national: dict[tuple[int, str], Figure] = {}
    for row in snapshot.provinces.rows:
        if row.get("province_code") == NATIONAL_CODE and code != NATIONAL_CODE and not row.get("city") and not row.get("city_zh"):
            fig = Figure.from_row(row)
            national[(fig.year, fig.metric)] = fig
            continue
        if row.get("province_code") != code:
            continue
        fig = Figure.from_row(row)
        if not fig.city and not fig.city_zh:
            prov_figs.append(fig)
            continue
        key = _city_key(fig.city or fig.city_zh)
        city_figs.setdefault(key, []).append(fig)
        en, zh = city_names.get(key, ("", ""))
        city_names[key] = (en or fig.city, zh or fig.city_zh)

    announcements = tuple(
        sorted((r for r in snapshot.announcements.rows if r.get("province_code") == code), key=_ann_sort_key, reverse=True)
    )
    ann_by_city: dict[str, int] = {}
    ann_city_name: dict[str, str] = {}
    for row in announcements:
        name = str(row.get("city") or "")
        if name:
            key = _city_key(name)
            ann_by_city[key] = ann_by_city.get(key, 0) + 1
            ann_city_name.setdefault(key, name)

    cities: list[City] = []
    for key, figs in city_figs.items():
        en, zh = city_names[key]
        cities.append(City(key, en, zh, tuple(sorted(figs, key=_figure_sort_key)), ann_by_city.get(key, 0)))
    for key, count in ann_by_city.items():  # cities known only from announcements
        if key not in city_figs:
            cities.append(City(key, ann_city_name[key], "", (), count))
    cities.sort(key=lambda c: (not c.figures, -c.announcements if not c.figures else 0, (c.name_en or c.name_zh).lower()))

    columns = sorted(
        {(f.year, f.metric) for c in cities for f in c.figures},
        key=lambda ym: (-ym[0], _metric_pos(ym[1])),
    )
    discounts = tuple(
        sorted(
            (r for r in snapshot.discount_rates.rows if r.get("province_code") == code),
            key=lambda r: (_period_key(str(r.get("period", ""))), str(r.get("series", ""))),
            reverse=True,
        )
    )
    prov_figs.sort(key=_figure_sort_key)
    national_ratio = _national_ratio(snapshot)
    return ProvinceView(
        code=code,
        province=province,
        figures=tuple(prov_figs),
        cities=tuple(cities),
        city_columns=tuple(columns),
        announcements=announcements,
        discounts=discounts,
        charts=_charts(prov_figs, cities, announcements, national_ratio, province),
        national_ratio=national_ratio,
        national=national,
    )


def provinces_with_data(snapshot: Snapshot | None) -> frozenset[str]:
    """Codes of the provinces the snapshot says anything about (never the national
    total's NATIONAL_CODE: the whole country is not a province)."""
    if snapshot is None:
        return frozenset()
    codes: set[str] = set()
    tables: Iterable[Any] = (snapshot.provinces.rows, snapshot.announcements.rows, snapshot.discount_rates.rows)
    for rows in tables:
        for row in rows:
            code = row.get("province_code")
            if code:
                codes.add(code)
    codes.discard(NATIONAL_CODE)
    return frozenset(codes)
