"""What the monitor remembers for its user: what was seen, the alert rules, the watchlist.

:class:`Memory` puts :mod:`.seen`, :mod:`.alerts` and :mod:`.config` together for the
app: on each new snapshot :meth:`Memory.track` reads the feed's seen-state (the first
time), takes a baseline of tables never met, and gives the changes since the user last
looked and the alert rules that ring for them; :meth:`Memory.seen` and
:meth:`Memory.seen_all` record what the user saw.

**An alert rings once per change.** A change that is still unseen at the next refresh
does not ring again (nor does a rule added later for it); a further revision of the
same row does. What rang is kept in memory only: a change still unseen when the
monitor starts again rings at that start, as a row published overnight should.

Blocking (file I/O) and not thread-safe: the app calls it from one worker thread at a
time, in order. No Textual.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Config, ConfigProblem, Watchlist
from .snapshot import Row, Snapshot

if TYPE_CHECKING:
    from .alerts import Rule
    from .seen import Change, Changes, SeenState

__all__ = ["Memory", "Tracked", "ring_line"]

log = logging.getLogger("npl_tui.seen")
alerts_log = logging.getLogger("npl_tui.alerts")

#: Origins whose snapshots are not the market as it is now: never compared, never marked.
NOT_NOW = ("history",)


@dataclass(frozen=True)
class Tracked:
    """What :meth:`Memory.track` found in one snapshot."""

    snapshot: Snapshot
    changes: Changes
    #: (change uid, rule name) of every rule that matches an unseen change.
    alerted: tuple[tuple[str, str], ...] = ()
    #: The (change, rule) pairs that ring now: not rung before in this run.
    ring: tuple[tuple[Change, Rule], ...] = ()
    #: One line each: a seen-state set aside, a save that failed.
    notices: tuple[str, ...] = ()


def _uid(change: Change) -> str:
    from .state import change_uid

    return change_uid(change)


class Memory:
    """The seen-state of the feed on screen, the rules and the watchlist of *config*
    (a :class:`Config`, a path to read, or None: the default config file); *root*:
    where seen-state files go (default: the user state directory)."""

    def __init__(self, config: Config | Path | str | None = None, root: Path | None = None) -> None:
        self._given = config
        self.config: Config | None = config if isinstance(config, Config) else None
        self.root = root
        self.rules: list[Rule] = list(self.config.alerts) if self.config is not None else []
        self.watchlist: Watchlist = self.config.watchlist if self.config is not None else Watchlist()
        self.state: SeenState | None = None
        self._rung: set[tuple[str, str, str, str]] = set()

    # ------------------------------------------------------------------ config

    def read_config(self) -> list[str]:
        """Read the config file if none was handed over; the problems of its alert rules
        and watchlist, one line each (the rest of the file is the start-up's to report)."""
        if self.config is not None:
            return []
        from .config import load_config

        given = self._given if isinstance(self._given, (str, Path)) else None
        config, problems = load_config(given)
        self.config = config
        self.rules = list(config.alerts)
        self.watchlist = config.watchlist
        return [str(p) for p in problems if _about(p, ("alert", "watchlist"))]

    @property
    def config_path(self) -> Path | None:
        return self.config.path if self.config is not None else None

    # ------------------------------------------------------------------ seen

    def track(self, snapshot: Snapshot) -> Tracked | None:
        """The changes in *snapshot* since the user last saw its feed, and the alerts
        they ring; None for a snapshot of the past (``--as-of``)."""
        from .alerts import fired
        from .seen import changes, ensure_baseline, feed_identity, load_state

        if snapshot.origin.kind in NOT_NOW:
            return None
        notices: list[str] = []
        feed = feed_identity(snapshot.origin.location)
        if self.state is None or self.state.feed != feed:
            self.state, notice = load_state(feed, self.root)
            if notice:
                log.warning("%s", notice)
                notices.append(notice)
        notice = ensure_baseline(self.state, snapshot)
        if notice:
            log.warning("%s", notice)
            notices.append(notice)
        found = changes(snapshot, self.state)
        matched = fired(found, self.rules) if self.rules else []
        ring = []
        for change, rule in matched:
            stamp = (rule.label, _uid(change), change.kind, repr(sorted(change.row.items(), key=lambda kv: kv[0])))
            if stamp not in self._rung:
                self._rung.add(stamp)
                ring.append((change, rule))
        alerted = tuple(dict.fromkeys((_uid(c), r.name) for c, r in matched))
        return Tracked(snapshot, found, alerted, tuple(ring), tuple(notices))

    def seen(self, items: Iterable[Change]) -> str | None:
        """Record *items* as seen (and save); a one-line notice when saving failed."""
        from .seen import mark_seen

        if self.state is None:
            return None
        notice = mark_seen(self.state, list(items))
        if notice:
            log.warning("%s", notice)
        return notice

    def seen_all(self, snapshot: Snapshot) -> str | None:
        """Record everything in *snapshot* as seen (and save)."""
        from .seen import feed_identity, mark_all_seen

        if self.state is None or self.state.feed != feed_identity(snapshot.origin.location):
            return None
        notice = mark_all_seen(self.state, snapshot)
        if notice:
            log.warning("%s", notice)
        return notice

    # ------------------------------------------------------------------ rules and watchlist

    def add_rule_like(self, row: Row) -> Rule:
        """Append an alert rule for rows like *row* to the config file and use it from
        now on; raises :class:`~npl_tui.core.config.ConfigError` (one line)."""
        from .alerts import add_rule, rule_like

        rule = add_rule(rule_like(row), self.config_path)
        self.rules.append(rule)
        alerts_log.info("added %s: %s", rule.label, rule.describe())
        return rule

    def toggle_pin(self, kind: str, key: str) -> tuple[bool, str | None]:
        """Pin *key* (a province's code when *kind* is "province", else a party's name)
        or unpin it if pinned, and save; (pinned now?, a one-line error when the file
        could not be written: the change still holds for this run)."""
        from .config import ConfigError

        self.read_config()
        watchlist = self.watchlist
        field = "provinces" if kind == "province" else "parties"
        pinned: tuple[str, ...] = getattr(watchlist, field)
        adding = key not in pinned
        changed = replace(watchlist, **{field: (*pinned, key) if adding else tuple(k for k in pinned if k != key)})
        try:
            self.save_watchlist(changed)
        except ConfigError as exc:
            self.watchlist = changed
            return adding, str(exc)
        return adding, None

    def save_watchlist(self, watchlist: Watchlist) -> Path:
        """Save *watchlist* to the config file; raises ConfigError (one line)."""
        from .config import save_watchlist

        path = save_watchlist(self.config_path, provinces=watchlist.provinces, parties=watchlist.parties)
        self.watchlist = watchlist
        if self.config is not None:
            self.config = replace(self.config, watchlist=watchlist)
        return path


def _about(problem: ConfigProblem, sections: tuple[str, ...]) -> bool:
    return problem.key.split(".", 1)[0].split(" ", 1)[0].split("[", 1)[0] in sections


def ring_line(change: Change, rule: Rule) -> str:
    """The log line of an alert that rang: the rule, the change and its row."""
    row = change.row
    what = row.get("title") or row.get("seller") or row.get("metric") or ""
    return f"{rule.label} rang: {change.kind} {change.table} row {change.id or change.key}: {what}"
