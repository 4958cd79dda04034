"""Where each number on the dashboard came from: the rows behind a pane's figures.

Pure functions from a Snapshot to :class:`Provenance` items that carry the row's value,
bound, period, as-of date, derived/revised/suspect/basis-break flags, source and note —
so the sources screen can show any figure's origin without re-deriving anything. And
:func:`parse_citations`, which reads a ``source`` cell into its citations. No Textual.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .schema import NATIONAL_CODE, PROVINCE_METRICS
from .snapshot import Row, Snapshot
from .views import discount_series, province_ranking, ratio_summary
from .vocab import BANK_TYPE_LABELS, metric_label

__all__ = [
    "SHORT_SHA",
    "Citation",
    "Provenance",
    "discount_provenance",
    "national_provenance",
    "parse_citations",
    "ranking_provenance",
    "ratio_provenance",
]

# --------------------------------------------------------------------------- citations

#: Hex digits of a document's SHA-256 shown where space is short (tables, detail lines).
SHORT_SHA = 12

_CITATION_SEP = re.compile(r"\s+;\s+")  # " ; " between citations
_PART_SEP = " · "  # between the parts of one
_PART_SPLIT = re.compile(r"\s+·\s+")
_URL_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://\S+")
_DATE_RE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?|\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?")
_SHA_RE = re.compile(r"sha256:\s*([0-9a-fA-F]{6,64})")


@dataclass(frozen=True)
class Citation:
    """One document a figure comes from: "publisher · document title · date · URL ·
    sha256:…" as the feed writes it. Parts the feed leaves out are empty; a source that is
    not in that form (a bare URL, a seed file name) is kept whole in ``publisher``."""

    publisher: str = ""
    title: str = ""
    date: str = ""
    url: str = ""
    sha256: str = ""  # hex digits, lower case, as given (normally all 64)

    def parts(self, short_sha: bool = False) -> list[str]:
        """The non-empty parts in reading order, the hash as "sha256:…" (cut to
        SHORT_SHA digits with *short_sha*)."""
        out = [p for p in (self.publisher, self.title, self.date, self.url) if p]
        if self.sha256:
            digits = self.sha256[:SHORT_SHA] + "…" if short_sha and len(self.sha256) > SHORT_SHA else self.sha256
            out.append(f"sha256:{digits}")
        return out

    def text(self, short_sha: bool = False) -> str:
        return _PART_SEP.join(self.parts(short_sha))


def _citation(text: str) -> Citation:
    publisher: list[str] = []
    date = url = sha = ""
    for part in (p.strip() for p in _PART_SPLIT.split(text)):
        if not part:
            continue
        m = _SHA_RE.fullmatch(part)
        if m and not sha:
            sha = m.group(1).lower()
        elif not url and _URL_RE.fullmatch(part):
            url = part
        elif not date and _DATE_RE.fullmatch(part):
            date = part
        else:
            publisher.append(part)
    if len(publisher) > 1:
        return Citation(publisher[0], _PART_SEP.join(publisher[1:]), date, url, sha)
    return Citation(publisher[0] if publisher else "", "", date, url, sha)


def parse_citations(source: str) -> list[Citation]:
    """A ``source`` cell as its citations, in order: several are separated by " ; ".
    Never fails: text in no known form is one citation with everything in publisher."""
    return [_citation(chunk) for chunk in (c.strip() for c in _CITATION_SEP.split(source or "")) if chunk]


# --------------------------------------------------------------------------- provenance


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
    #: The data says the figure is likely wrong (discount_rates.suspect): it is listed
    #: here and never plotted.
    suspect: bool = False
    #: The period is on a revised basis (ratios.basis_break): not comparable with the
    #: period before, so no change is shown across it.
    basis_break: bool = False

    def name(self, lang: str = "en") -> str:
        """What the figure is, in *lang*."""
        return self.label_zh if lang == "zh" else self.label

    def citations(self) -> list[Citation]:
        return parse_citations(self.source)

    @property
    def flags(self) -> str:
        """One letter each: d derived, r revised, s suspect, b revised basis."""
        return "".join(f for f, on in (("d", self.derived), ("r", self.first_published is not None), ("s", self.suspect), ("b", self.basis_break)) if on)


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
        suspect=bool(row.get("suspect")),
        basis_break=bool(row.get("basis_break")),
    )




def ratio_provenance(snapshot: Snapshot) -> list[Provenance]:
    """The rows behind the NPL ratio pane: headline, previous quarter, balance,
    coverage and the bank-type breakdown — each with its own period — then every
    quarter of the history where a revised basis starts (flagged basis_break)."""
    summary = ratio_summary(snapshot)
    wanted: list[tuple[str, str, str]] = []  # (metric, bank_type, period)
    for fig, metric in ((summary.ratio, "npl_ratio_pct"), (summary.previous, "npl_ratio_pct"), (summary.year_ago, "npl_ratio_pct"),
                        (summary.balance, "npl_balance_yi"), (summary.coverage, "provision_coverage_pct")):
        if fig is not None:
            wanted.append((metric, "all", fig.period))
    for bank_type, fig in summary.by_type:
        wanted.append(("npl_ratio_pct", bank_type, fig.period))
    for period in summary.breaks:
        wanted.append(("npl_ratio_pct", "all", period))
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
    """The rows behind the provinces pane for *metric* (its latest year): the national
    total first (labelled China / 全国) when there is one, then the provinces in rank
    order. *names* maps a province code to its (English, Chinese) name."""
    ranking = province_ranking(snapshot, metric)
    rows = {(r["province_code"], r["year"]): r for r in snapshot.provinces.rows if r["metric"] == metric and not r.get("city") and not r.get("city_zh")}
    names = {**names, NATIONAL_CODE: ("China", "全国")}
    items = []
    for entry in ((ranking.national,) if ranking.national else ()) + ranking.entries:
        row = rows.get((entry.code, ranking.year))
        if row is None:
            continue
        en, zh = names.get(entry.code, (entry.code, entry.code))
        items.append(_item(en, zh, row, "value", metric, str(ranking.year)))
    return items


def national_provenance(snapshot: Snapshot) -> list[Provenance]:
    """Every figure the snapshot has for the whole country (provinces rows under
    NATIONAL_CODE: market volumes, auction counts, Yindeng listings…), newest year
    first, then in the format's metric order, each labelled by its metric."""
    order = {m: i for i, m in enumerate(PROVINCE_METRICS)}
    rows = [r for r in snapshot.provinces.rows if r["province_code"] == NATIONAL_CODE and not r.get("city") and not r.get("city_zh")]
    rows.sort(key=lambda r: (-r["year"], order.get(r["metric"], len(order)), r["metric"]))
    return [_item(metric_label(r["metric"], "en"), metric_label(r["metric"], "zh"), r, "value", r["metric"], str(r["year"])) for r in rows]


_STATISTIC = {
    "deal_average": "",
    "deal": " · single deal",
    "start_price_median": " · median start price",
    "start_price_average": " · average start price",
}


_SUSPECT = (" · suspect, not plotted", " · 存疑，未绘制")


def _series_key(r: Row) -> tuple[str, str, str, str, str]:
    return (r["series"], r["basis"], r["statistic"], r.get("asset_type") or "", r.get("province_code") or "")


def discount_provenance(snapshot: Snapshot, labels: dict[str, tuple[str, str]]) -> list[Provenance]:
    """The latest point of every discount series, as the pane shows them, each followed
    by the figures of its series the data flags as suspect (never plotted, so shown
    here, flagged); suspect figures of a series with nothing else come last.
    *labels* maps a series name to its (English, Chinese) label."""
    rows = sorted(snapshot.discount_rates.rows, key=lambda r: (r["as_of"], r["period"]))
    by_key = {(*_series_key(r), r["period"]): r for r in rows if not r.get("suspect")}
    suspects: dict[tuple[str, str, str, str, str], list[Row]] = {}
    for r in rows:
        if r.get("suspect"):
            suspects.setdefault(_series_key(r), []).append(r)

    def label(key: tuple[str, str, str, str, str]) -> tuple[str, str]:
        series, basis_key, statistic, asset_type, _province = key
        en, zh = labels.get(series, (series, series))
        basis = {"principal": "of principal", "principal_plus_interest": "of principal+interest", "market_value": "of market value"}.get(basis_key, "basis not stated")
        basis_zh = {"principal": "占本金", "principal_plus_interest": "占本息", "market_value": "占市值"}.get(basis_key, "基数未说明")
        extra = f" · {asset_type.replace('_', ' ')}" if asset_type else ""
        extra += _STATISTIC.get(statistic, f" · {statistic}")
        return f"{en} · {basis}{extra}", f"{zh} · {basis_zh}{extra}"

    def flagged(key: tuple[str, str, str, str, str]) -> list[Provenance]:
        en, zh = label(key)
        return [_item(en + _SUSPECT[0], zh + _SUSPECT[1], r, "value_pct", "discount_pct", r["period"]) for r in suspects.pop(key, [])]

    items = []
    for s in discount_series(snapshot):
        key = (s.series, s.basis, s.statistic, s.asset_type, s.province_code)
        row = by_key.get((*key, s.last.period))
        if row is not None:
            en, zh = label(key)
            items.append(_item(en, zh, row, "value_pct", "discount_pct", s.last.period))
        items += flagged(key)
    for key in list(suspects):
        items += flagged(key)
    return items
