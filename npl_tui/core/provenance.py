"""Where each number on the dashboard came from: the rows behind a pane's figures.

Pure functions from a Snapshot to :class:`Provenance` items that carry the row's value,
bound, period, as-of date, derived/revised flags, source and note — so the sources
screen can show any figure's origin without re-deriving anything. No Textual.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..labels import BANK_TYPE_LABELS, metric_label
from .snapshot import Row, Snapshot
from .views import discount_series, province_ranking, ratio_summary

__all__ = ["Provenance", "ratio_provenance", "ranking_provenance", "discount_provenance"]


@dataclass(frozen=True)
class Provenance:
    label: str  # what the figure is, in English ("NPL ratio · all commercial banks")
    label_zh: str
    value: float
    metric: str  # the metric name: its suffix says how value reads (_pct, _yi, _pp, count)
    qualifier: str
    period: str
    as_of: dt.date
    derived: bool
    first_published: float | None
    source: str
    note: str


def _item(label: str, label_zh: str, row: Row, value_column: str, metric: str, period: str) -> Provenance:
    return Provenance(
        label=label,
        label_zh=label_zh,
        value=float(row[value_column]),
        metric=metric,
        qualifier=row.get("qualifier") or "",
        period=period,
        as_of=row["as_of"],
        derived=bool(row.get("derived")),
        first_published=row.get("first_published"),
        source=row.get("source") or "",
        note=row.get("note") or "",
    )




def ratio_provenance(snapshot: Snapshot) -> list[Provenance]:
    """The rows behind the NPL ratio pane: headline, previous quarter, balance,
    coverage and the bank-type breakdown — each with its own period."""
    summary = ratio_summary(snapshot)
    wanted: list[tuple[str, str, str]] = []  # (metric, bank_type, period)
    for fig, metric in ((summary.ratio, "npl_ratio_pct"), (summary.previous, "npl_ratio_pct"), (summary.year_ago, "npl_ratio_pct"),
                        (summary.balance, "npl_balance_yi"), (summary.coverage, "provision_coverage_pct")):
        if fig is not None:
            wanted.append((metric, "all", fig.period))
    for bank_type, fig in summary.by_type:
        wanted.append(("npl_ratio_pct", bank_type, fig.period))
    index = {(r["metric"], r["bank_type"], r["period"]): r for r in snapshot.ratios.rows}
    items = []
    for metric, bank_type, period in dict.fromkeys(wanted):
        row = index.get((metric, bank_type, period))
        if row is None:
            continue
        en, zh = metric_label(metric, "en"), metric_label(metric, "zh")
        names = BANK_TYPE_LABELS.get(bank_type, {"en": bank_type, "zh": bank_type})
        ben, bzh = names["en"], names["zh"]
        items.append(_item(f"{en} · {ben}", f"{zh} · {bzh}", row, "value", metric, period))
    return items


def ranking_provenance(snapshot: Snapshot, metric: str, names: dict[str, tuple[str, str]]) -> list[Provenance]:
    """The rows behind the provinces pane for *metric* (its latest year), in rank order.
    *names* maps a province code to its (English, Chinese) name."""
    ranking = province_ranking(snapshot, metric)
    rows = {(r["province_code"], r["year"]): r for r in snapshot.provinces.rows if r["metric"] == metric and not r.get("city")}
    items = []
    for entry in ranking.entries:
        row = rows.get((entry.code, ranking.year))
        if row is None:
            continue
        en, zh = names.get(entry.code, (entry.code, entry.code))
        items.append(_item(en, zh, row, "value", metric, str(ranking.year)))
    return items


_STATISTIC = {
    "deal_average": "",
    "deal": " · single deal",
    "start_price_median": " · median start price",
    "start_price_average": " · average start price",
}


def discount_provenance(snapshot: Snapshot, labels: dict[str, tuple[str, str]]) -> list[Provenance]:
    """The latest point of every discount series, as the pane shows them.
    *labels* maps a series name to its (English, Chinese) label."""
    by_key = {}
    for r in snapshot.discount_rates.rows:
        key = (r["series"], r["basis"], r["statistic"], r.get("asset_type") or "", r.get("province_code") or "", r["period"])
        by_key[key] = r
    items = []
    for s in discount_series(snapshot):
        row = by_key.get((s.series, s.basis, s.statistic, s.asset_type, s.province_code, s.last.period))
        if row is None:
            continue
        en, zh = labels.get(s.series, (s.series, s.series))
        basis = {"principal": "of principal", "principal_plus_interest": "of principal+interest", "market_value": "of market value"}.get(s.basis, "basis not stated")
        basis_zh = {"principal": "占本金", "principal_plus_interest": "占本息", "market_value": "占市值"}.get(s.basis, "基数未说明")
        extra = f" · {s.asset_type.replace('_', ' ')}" if s.asset_type else ""
        extra += _STATISTIC.get(s.statistic, f" · {s.statistic}")
        items.append(_item(f"{en} · {basis}{extra}", f"{zh} · {basis_zh}{extra}", row, "value_pct", "discount_pct", s.last.period))
    return items
