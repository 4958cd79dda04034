"""One line above the footer: where the data came from, how fresh it is, what failed,
and — for a feed — whether it is alive: the last successful check and its result, the
next check.

The line is fitted to the width it has: parts are shortened, then left out, in a fixed
order, and an error is cut to the room left, so that at 80 columns a long error never
pushes the check time (or the load time) off the line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from ..core.loader import Liveness
from ..core.state import Feed, LotsLoad, Market
from ..core.vocab import word
from ..render import ORIGIN_LABELS, fmt_date, literal, pick
from ..state import Shared

__all__ = ["StatusLine", "lots_text", "status_line_text", "unseen_text"]

SEP = " · "
#: An error or warning keeps at least this many cells before parts are left out.
MIN_MESSAGE = 16

def _local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone()


def _hms(moment: dt.datetime) -> str:
    return _local(moment).strftime("%H:%M:%S")


def _hm(moment: dt.datetime, now: dt.datetime | None) -> str:
    """HH:MM today, YYYY-MM-DD HH:MM on another day."""
    local = _local(moment)
    if now is not None and local.date() == _local(now).date():
        return local.strftime("%H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


def _short_location(location: str) -> str:
    """A URL without its scheme and trailing slash; a long path by its end."""
    text = location.split("://", 1)[-1].rstrip("/") or location
    return text if cell_len(text) <= 32 else "…" + text[-31:]


@dataclass(frozen=True)
class _Level:
    #: "full", "short" (no scheme), "kind" (just "cache" etc.; nothing for a live feed:
    #: the check says it is live), None
    source: str | None
    newest: str | None
    updated: bool = True
    result: bool = True
    next: str | None = "full"


#: Refreshing (a feed): from everything to the least that still answers "is it alive?".
_LIVE_LEVELS = (
    _Level("full", "full"),
    _Level("short", "short"),
    _Level("short", "short", next="short"),
    _Level("short", None, next="short"),
    _Level("kind", "short", next="short"),
    _Level("kind", None, next="short"),
    _Level("kind", None, updated=False, next="short"),
    _Level("kind", None, updated=False, result=False, next="short"),
    _Level("kind", None, updated=False, result=False, next=None),
)
#: Not refreshing: the load time is the part that is never left out.
_STILL_LEVELS = (
    _Level("full", "full"),
    _Level("short", "short"),
    _Level(None, "short"),
    _Level(None, None),
)


def status_line_text(
    *,
    width: int,
    origin_kind: str | None,
    location: str,
    newest: dt.date | None,
    loaded_at: dt.datetime | None,
    fetched_at: dt.datetime | None = None,
    stale: bool = False,
    error: str | None = None,
    lang: str = "en",
    live: Liveness | None = None,
    history_day: dt.date | None = None,
    generated: dt.datetime | None = None,
    unseen: tuple[int, int] = (0, 0),
    lots: Text | None = None,
) -> Text:
    """The status line fitted to *width* cells. Location, error and warning come from
    outside and are added literally (never parsed as markup, controls removed).

    A past snapshot (*origin_kind* ``"history"``) is marked first, and the mark is
    never left out: ``HISTORY as of 2026-11-01 (snapshot generated 2026-10-31 18:00)``,
    the day asked (*history_day*, else the day it was first seen: *fetched_at*) and
    when its publisher generated it (*generated*, when known).
    *unseen*: how many rows are new and revised since the user last looked (shown
    next: "● 4 new · 1 revised (w)"). *lots*: how the lots load, never left out
    (:func:`lots_text`)."""
    refreshing = live is not None and live.refreshing
    # the whole mark; on a narrower line, shorter ones (down to "HISTORY 2026-11-01")
    marks = [_history_mark(history_day, fetched_at, generated, lang, size) for size in range(3)] if origin_kind == "history" else [None]
    levels = _LIVE_LEVELS if refreshing else _STILL_LEVELS
    messages: list[Text | None] = [literal(error) if error else None]
    if error and location and location in error:
        # "GET http://host/npl/manifest.json: cannot connect" -> "GET manifest.json: cannot
        # connect": the feed is named once, and the reason gets the room
        messages.append(literal(error.replace(location, "")))
    warning = literal(live.warning) if live is not None and live.warning else None
    # The error whole, parts shortened and left out one by one; then the error without
    # the feed's address; then the error cut (never below half the line).
    # What is unseen is counted in words, else in one number ("● 2 (w)"), else — when
    # an error or a warning would keep less than its half of the line — left to the
    # marks in the panes: what failed matters more.
    counts: list[bool | None] = [False, True, None] if any(unseen) else [None]
    tries = [(level, message, False, short) for short in counts for message in messages for level in levels]
    tries += [(level, messages[-1], True, short) for short in counts[1:] or counts for level in levels]
    last: Text | None = None
    for mark in marks:
        for level, message, cut, short in tries:
            parts = list(_parts(level, origin_kind, location, newest, loaded_at, fetched_at, lang, live if refreshing else None, bool(error)))
            shown = unseen if short is not None else (0, 0)
            line = _fit(stale, message, warning, parts, width, lang, cut=cut, mark=mark, unseen=shown, short=bool(short), lots=lots)
            if line is not None:
                return line
            last = _fit(stale, message, warning, parts, width, lang, force=True, mark=mark, unseen=shown, short=bool(short), lots=lots)
    assert last is not None
    return last


def _history_mark(day: dt.date | None, seen: dt.datetime | None, generated: dt.datetime | None, lang: str, size: int) -> Text:
    """``HISTORY as of 2026-11-01 (snapshot generated 2026-10-31 18:00)``, its first words
    in reverse video (plain to see without colour); *size* 1: ``HISTORY as of 2026-11-01
    (generated 2026-10-31)``; 2: ``HISTORY 2026-11-01``."""
    if day is None and seen is not None:
        day = _local(seen).date()
    mark = Text(end="")
    mark.append(word("status.history", lang, size == 2, day=fmt_date(day)), style="bold reverse")
    if generated is not None and size < 2:
        when = _local(generated).strftime("%Y-%m-%d %H:%M" if size == 0 else "%Y-%m-%d")
        mark.append(word("status.generated", lang, size == 1, when=when))
    return mark


def _parts(
    level: _Level,
    origin_kind: str | None,
    location: str,
    newest: dt.date | None,
    loaded_at: dt.datetime | None,
    fetched_at: dt.datetime | None,
    lang: str,
    live: Liveness | None,
    failed: bool,
) -> Iterator[Text]:
    if origin_kind is None:
        yield Text(word("no_data_yet" if failed else "loading", lang))
    else:
        if level.source == "short" and origin_kind == "feed" and location:
            yield literal(_short_location(location))  # a bare address is the feed
        elif level.source == "kind":
            if origin_kind not in ("feed", "history"):  # (history: the mark says it)
                yield Text(pick(ORIGIN_LABELS, origin_kind, lang))  # "cache": not live data
        elif level.source is not None:
            source = Text(pick(ORIGIN_LABELS, origin_kind, lang))
            if origin_kind != "shipped" and location:
                source.append(" ")
                source.append_text(literal(location if level.source == "full" else _short_location(location)))
            yield source
        if level.newest == "full":
            yield Text(f"{word('newest_fact', lang)} {fmt_date(newest)}")
        elif level.newest == "short":
            yield Text(f"{word('status.newest', lang)} {fmt_date(newest)}")
    if live is None:
        when = fetched_at or loaded_at
        if when is not None and origin_kind is not None:
            verb = word("status.seen" if origin_kind == "history" and fetched_at else "fetched" if fetched_at else "loaded", lang)
            yield Text(f"{verb} {fmt_date(when)}")
        return
    now = live.now
    if level.updated and live.updated_at is not None and origin_kind is not None and live.result != "updated":
        # (after a check that brought new data, "checked … ✓ updated" says when)
        yield Text(f"{word('status.updated', lang)} {_hm(live.updated_at, now)}")
    if live.checked_at is not None:
        check = Text(f"{word('status.checked', lang)} {_hms(live.checked_at)} ")
        check.append("✓", style="bold")
        if level.result and live.result:
            check.append(" " + word("status.unchanged" if live.result == "unchanged" else "status.result_updated", lang))
        yield check
    elif not live.checking and (level.result or not failed):
        yield Text(word("status.not_checked", lang))
    if live.failed_at is not None and live.checked_at is not None and level.result:
        failure = Text(f"{word('status.failed', lang)} {_hms(live.failed_at)} ")
        failure.append("✗", style="bold")
        yield failure
    if live.checking:
        yield Text(word("status.checking", lang))
    elif live.next_at is not None and level.next is not None:
        shown = _hms(live.next_at) if level.next == "full" else _local(live.next_at).strftime("%H:%M")
        yield Text(f"{word('status.next', lang)} {shown}")


def unseen_text(new: int, revised: int, lang: str = "en", short: bool = False) -> Text | None:
    """"● 4 new · 1 revised (w)" (*short*: "● 5 (w)"): what is new since the user last
    looked, and the key that lists it; None when there is nothing."""
    if not new and not revised:
        return None
    if short:
        return Text(f"● {new + revised} (w)", style="bold")
    counts = [word(f"unseen.{kind}", lang, n=str(n)) for kind, n in (("new", new), ("revised", revised)) if n]
    return Text(f"● {SEP.join(counts)} (w)", style="bold")


def lots_text(load: LotsLoad, lang: str) -> Text | None:
    """"lots 42%" while the lots load, "1,000,000 lots (L)" once they have (marked
    SYNTHETIC when they are); None when the snapshot has no lots."""
    if not load.present:
        return None
    text = Text(end="")
    if load.synthetic:
        text.append(word("lots.synthetic", lang, short=True), style="bold reverse")
        text.append(" ")
    if load.loading:
        text.append(word("lots.status_loading", lang, short=True, pct=str(load.percent)))
    elif load.lots is not None and (load.done or load.figures is not None):
        text.append(word("lots.status_count", lang, n=f"{load.lots.n:,}"))
    else:  # refused, and no earlier lots to show (the error says why)
        text.append(word("lots.status_none", lang))
    return text


def _fit(
    stale: bool, message: Text | None, warning: Text | None, parts: list[Text], width: int, lang: str, *, cut: bool = True,
    force: bool = False, mark: Text | None = None, unseen: tuple[int, int] = (0, 0), short: bool = False,
    lots: Text | None = None,
) -> Text | None:
    """Join the parts; with *cut*, cut the error (then the warning) to the room left.
    None when it does not fit (a cut message keeps at least half the line), unless *force*."""
    head: list[Text] = [mark] if mark is not None else []
    news = unseen_text(*unseen, lang, short=short)
    if news is not None:
        head.append(news)
    if stale:
        head.append(Text(word("stale", lang), style="bold"))
    if lots is not None:
        head.append(lots)
    flexible: list[tuple[str, Text]] = []
    if message is not None:
        flexible.append((f"{word('error', lang)}: ", message))
    if warning is not None:
        flexible.append((f"{word('status.warning', lang)}: ", warning))
    fixed = sum(p.cell_len for p in head + parts) + len(SEP) * (len(head) + len(parts) - 1)
    fixed += sum(len(SEP) + cell_len(title) for title, _ in flexible)
    room = width - fixed
    bodies: list[Text] = []
    for index, (_title, body) in enumerate(flexible):
        later = sum(MIN_MESSAGE if not force else 1 for _ in flexible[index + 1 :])
        share = room - later
        if body.cell_len <= share:
            bodies.append(body.copy())
            room -= body.cell_len
            continue
        # an error or a warning keeps half the line (what failed matters more than the
        # source's name), two of them a third each
        least = min(body.cell_len, max(MIN_MESSAGE, width // (len(flexible) + 1)))
        if (share < least or not cut) and not force:
            return None
        shortened = body.copy()
        shortened.truncate(max(1, share), overflow="ellipsis")
        bodies.append(shortened)
        room -= shortened.cell_len
    if not flexible and room < 0 and not force:
        return None
    out = Text(no_wrap=True, overflow="ellipsis", end="")
    pieces: list[Text] = list(head)
    for (title, _body), body in zip(flexible, bodies):
        piece = Text()
        piece.append(title, style="bold")
        piece.append_text(body)
        pieces.append(piece)
    pieces += parts
    for index, piece in enumerate(pieces):
        if index:
            out.append(SEP)
        out.append_text(piece)
    return out


def _visible(live: Liveness | None) -> tuple[object, ...] | None:
    """What of *live* the line shows: a change to anything else redraws nothing."""
    if live is None:
        return None
    if not live.refreshing:
        return (live.warning,)
    day = _local(live.now).date() if live.now is not None else None
    return (live.checked_at, live.result, live.updated_at, live.next_at, live.checking, live.failed_at, live.warning, day)


class StatusLine(Shared, Static):
    """Source · newest fact · updated · checked ✓ · next · STALE · last error (all
    literal text). No clock ticks here: the line changes only when a load result, a
    check or the width changes something it shows."""

    DEFAULT_CSS = """
    StatusLine { height: 1; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    StatusLine.-warning { color: $text-warning; }
    """

    _newest: dt.date | None = None
    _width: int | None = None
    _unseen: tuple[int, int] = (0, 0)

    def on_mount(self) -> None:
        self.show_data()

    def watch_feed(self, old: Feed, new: Feed) -> None:
        self.set_class(bool(new.liveness.warning), "-warning")
        self.set_class(new.stale, "-stale")
        if _visible(old.liveness) != _visible(new.liveness) or (old.stale, old.loaded_at) != (new.stale, new.loaded_at):
            self.show_data()

    def watch_market(self, old: Market, new: Market) -> None:
        if new.snapshot is not old.snapshot:
            self._newest = new.snapshot.newest_as_of() if new.snapshot is not None else None
        self.set_class(bool(new.error), "-error")
        counts = (new.unseen("new"), new.unseen("revised"))
        if new.snapshot is not old.snapshot or new.error != old.error or counts != self._unseen:
            self.show_data()

    def watch_settings(self) -> None:
        self.show_data()

    def watch_lots(self, old: LotsLoad, new: LotsLoad) -> None:
        if (old.present, old.percent, old.done, old.error, old.synthetic) != (new.present, new.percent, new.done, new.error, new.synthetic):
            self.show_data()

    def on_resize(self) -> None:
        if self.content_size.width != self._width:
            self.show_data()

    def show_data(self) -> None:
        if not self.is_mounted:
            return
        width = self.content_size.width or max(1, self.app.size.width - 2)
        self._width = width
        snap = self.snapshot
        origin = snap.origin if snap is not None else None
        past = origin is not None and origin.kind == "history"
        self._unseen = (self.market.unseen("new"), self.market.unseen("revised"))
        self.update(
            status_line_text(
                width=width,
                origin_kind=origin.kind if origin else None,
                location=origin.location if origin else "",
                newest=self._newest,
                loaded_at=self.feed.loaded_at,
                fetched_at=origin.fetched_at if origin else None,
                stale=self.feed.stale,
                error=self.market.error or self.lots.error,
                lang=self.lang,
                live=self.feed.liveness,
                history_day=origin.day if origin is not None else None,
                generated=snap.manifest.generated if past and snap is not None else None,
                unseen=self._unseen,
                lots=lots_text(self.lots, self.lang),
            )
        )
