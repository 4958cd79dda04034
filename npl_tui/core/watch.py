"""The watchlist's view of a snapshot: each pinned province, bank or AMC with its
latest figures and newest announcement.

Pure: a snapshot and a :class:`~npl_tui.core.config.Watchlist` in, records out. A
province's figures are the latest value of each of its metrics (the newest year, then
the newest as-of); a party's are its deal count (announcements it sells or buys in,
any spelling of its name: :mod:`.parties_match`). A pinned name the data does not
know is kept, shown as not found.
"""

from __future__ import annotations

from dataclasses import dataclass

from .config import Watchlist
from .snapshot import Row, Snapshot

__all__ = ["WatchFigure", "WatchItem", "watch_items"]


@dataclass(frozen=True)
class WatchFigure:
    """The latest value of one province metric."""

    metric: str
    year: int | None
    value: float
    qualifier: str = ""
    derived: bool = False


@dataclass(frozen=True)
class WatchItem:
    """One pinned province or party."""

    kind: str  # "province" | "party"
    key: str  # the province's code, or the party's name as pinned
    name: str = ""  # a party's name as the data shows it most ("" for a province)
    name_zh: str = ""
    figures: tuple[WatchFigure, ...] = ()
    deals: int = 0  # announcements in the province, or that the party sells or buys in
    newest: Row | None = None  # its newest announcement
    found: bool = True  # False: the data names no such party (or has nothing on the province)


def _newest(rows: list[Row]) -> Row | None:
    return max(rows, key=lambda r: (str(r.get("date") or ""), str(r.get("id") or ""))) if rows else None


def _province(snapshot: Snapshot, code: str) -> WatchItem:
    latest: dict[str, Row] = {}
    for row in snapshot.provinces.rows:
        if row.get("province_code") != code or row.get("value") is None:
            continue
        metric = str(row.get("metric"))
        rank = (row.get("year") or 0, str(row.get("as_of") or ""))
        held = latest.get(metric)
        if held is None or rank >= (held.get("year") or 0, str(held.get("as_of") or "")):
            latest[metric] = row
    figures = tuple(
        WatchFigure(m, r.get("year"), float(r["value"]), str(r.get("qualifier") or ""), bool(r.get("derived")))
        for m, r in latest.items()
    )
    deals = [r for r in snapshot.announcements.rows if r.get("province_code") == code]
    return WatchItem("province", code, figures=figures, deals=len(deals), newest=_newest(deals), found=bool(figures or deals))


def _parties(snapshot: Snapshot, names: tuple[str, ...]) -> list[WatchItem]:
    if not names:
        return []
    from .parties_match import PartyIndex

    rows = snapshot.announcements.rows
    index = PartyIndex(rows)
    by_id = {str(r.get("id")): r for r in rows}
    items = []
    for name in names:
        party = index.find(name)
        if party is None:
            items.append(WatchItem("party", name, name=name, found=False))
            continue
        deals = [by_id[i] for i in party.ids if i in by_id]
        items.append(WatchItem("party", name, party.name, party.name_zh, deals=len(deals), newest=_newest(deals)))
    return items


def watch_items(snapshot: Snapshot | None, watchlist: Watchlist) -> list[WatchItem]:
    """The watchlist's provinces, then its parties, in the order pinned."""
    if snapshot is None:
        return [WatchItem("province", c, found=False) for c in watchlist.provinces] + [
            WatchItem("party", n, name=n, found=False) for n in watchlist.parties
        ]
    return [_province(snapshot, code) for code in watchlist.provinces] + _parties(snapshot, watchlist.parties)
