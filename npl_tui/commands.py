"""Command-palette provider: jump to a province, or to a bank/AMC's deals.

"Province: Zhejiang 浙江" calls ``app.open_province(code)``; "Bank/AMC: <name>"
(every distinct seller and buyer in the snapshot) calls ``app.show_party(name)``.
Party names come from the feed, so hits are built as literal ``Text`` and the
fuzzy-match highlight is applied by offsets — never via markup (Textual's
``Matcher.highlight`` parses its candidate as markup, so it is not used here).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from .core.provinces import PROVINCES
from .core.snapshot import Snapshot
from .render import literal

__all__ = ["JumpProvider", "Jump", "jump_targets", "party_names"]


@dataclass(frozen=True)
class Jump:
    """One palette entry: plain text to match, and what it does."""

    category: str  # "Province" | "Bank/AMC"
    name: str  # shown after the category; may come from data
    kind: str  # "province" | "party"
    target: str  # province code or party name

    @property
    def text(self) -> str:
        return f"{self.category}: {self.name}"


def party_names(snapshot: Snapshot | None) -> list[tuple[str, str]]:
    """Distinct (name, Chinese name) pairs of sellers and buyers, in first-seen order."""
    if snapshot is None:
        return []
    seen: dict[tuple[str, str], None] = {}
    for row in snapshot.announcements.rows:
        for role in ("seller", "buyer"):
            en = str(row.get(role) or "").strip()
            zh = str(row.get(f"{role}_zh") or "").strip()
            if en or zh:
                seen.setdefault((en, zh), None)
    return list(seen)


def jump_targets(snapshot: Snapshot | None) -> list[Jump]:
    """Every province, then every party (English and Chinese names together)."""
    jumps = [Jump("Province", f"{p.name_en} {p.short_zh}", "province", p.code) for p in PROVINCES]
    for en, zh in party_names(snapshot):
        shown = f"{en} {zh}" if en and zh and en != zh else (en or zh)
        jumps.append(Jump("Bank/AMC", shown, "party", en or zh))
    return jumps


def _highlighted(text: str, offsets: Iterable[int]) -> Text:
    """*text* as literal Text with the matched characters underlined and bold."""
    out = literal(text)
    for i in offsets:
        if 0 <= i < len(out.plain):
            out.stylize("bold underline", i, i + 1)
    return out


class JumpProvider(Provider):
    """Jump to a province screen or to a seller/buyer's deals."""

    async def startup(self) -> None:
        snapshot = getattr(self.app, "snapshot", None)
        self._jumps = jump_targets(snapshot if isinstance(snapshot, Snapshot) else None)

    def _command(self, jump: Jump) -> Callable[[], Any]:
        if jump.kind == "province":
            return partial(self._call, "open_province", jump.target)
        return partial(self._call, "show_party", jump.target)

    def _call(self, method: str, argument: str) -> None:
        target = getattr(self.app, method, None)
        if target is None:
            self.app.notify(f"This app cannot {method.replace('_', ' ')}", severity="warning")
            return
        target(argument)

    @staticmethod
    def _help(jump: Jump) -> str:
        # Help text is parsed as markup by the palette: keep it free of data.
        return "Open the province screen" if jump.kind == "province" else "Show this party's deals on the dashboard"

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        fuzzy = matcher.fuzzy_search
        for jump in self._jumps:
            text = literal(jump.text).plain  # the exact characters shown
            score, offsets = fuzzy.match(matcher.query, text)
            if score > 0:
                yield Hit(score, _highlighted(text, offsets), self._command(jump), text=text, help=self._help(jump))

    async def discover(self) -> Hits:
        for jump in self._jumps:
            if jump.kind == "province":
                yield DiscoveryHit(literal(jump.text), self._command(jump), text=jump.text, help=self._help(jump))
