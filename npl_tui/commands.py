"""Command-palette provider: jump to a province, or to a bank/AMC's deals.

"Province: Zhejiang 浙江" calls ``app.open_province(code)``; "Bank/AMC: <name>" calls
``app.show_party(name)``, which filters the dashboard's announcements to that party.
A party is one seller or buyer however the feed spells it (:mod:`.core.parties_match`:
"China Cinda AMC (Sichuan branch)", "信达" and the Cinda of "China Cinda AMC, China
Orient AMC and four other AMCs" are one entry), and the filter, handed its name, lists
every deal it sells or buys in. An entry is found by any of its spellings; a hit on a
spelling other than the names shown adds that spelling after them.

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
from textual.fuzzy import FuzzySearch

from .core.parties_match import PartyIndex
from .core.provinces import PROVINCES
from .core.snapshot import Snapshot
from .messages import PartyChosen, ProvinceSelected
from .render import literal
from .state import Shared

__all__ = ["Jump", "JumpProvider", "jump_targets"]

#: Between an entry's names and the other spelling a query matched.
_ALSO = " · "


@dataclass(frozen=True)
class Jump:
    """One palette entry: plain text to match, and what it does."""

    category: str  # "Province" | "Bank/AMC"
    name: str  # shown after the category; may come from data
    kind: str  # "province" | "party"
    target: str  # province code or party name
    #: Other spellings the entry is found by (a party's names in the data).
    aliases: tuple[str, ...] = ()
    #: A party's deals (as seller, as buyer).
    deals: tuple[int, int] = (0, 0)

    @property
    def text(self) -> str:
        return f"{self.category}: {self.name}"


def jump_targets(snapshot: Snapshot | None) -> list[Jump]:
    """Every province, then every party (its English and Chinese names together), in
    the order the data first names them."""
    jumps = [Jump("Province", f"{p.name_en} {p.short_zh}", "province", p.code) for p in PROVINCES]
    if snapshot is None:
        return jumps
    for party in PartyIndex(snapshot.announcements.rows).parties:
        names = (party.name, party.name_zh) if party.name_zh and party.name_zh != party.name else (party.name,)
        aliases = tuple(s for s in party.spellings if s not in names)
        jumps.append(Jump("Bank/AMC", " ".join(names), "party", party.name, aliases, (party.as_seller, party.as_buyer)))
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
        app = self.app
        self._jumps = jump_targets(app.snapshot if isinstance(app, Shared) else None)

    def _command(self, jump: Jump) -> Callable[[], Any]:
        # Asked of the app as the panes ask it: with a message.
        message = ProvinceSelected(jump.target) if jump.kind == "province" else PartyChosen(jump.target)
        return partial(self.app.post_message, message)

    @staticmethod
    def _help(jump: Jump) -> str:
        # Help text is parsed as markup by the palette: keep it free of data (counts only).
        if jump.kind == "province":
            return "Open the province screen"
        roles = [f"{n} as {role}" for n, role in zip(jump.deals, ("seller", "buyer")) if n]
        return "Show its deals on the dashboard" + (f": {', '.join(roles)}" if roles else "")

    @staticmethod
    def _best(fuzzy: FuzzySearch, query: str, jump: Jump) -> tuple[float, str, list[int]]:
        """The best fuzzy match of *query* on the entry or one of its other spellings:
        (score, text shown, offsets of the matched characters in it)."""
        text = literal(jump.text).plain  # the exact characters shown
        score, offsets = fuzzy.match(query, text)
        best = (score, text, list(offsets))
        prefix = f"{jump.category}: "
        for alias in jump.aliases:
            candidate = literal(prefix + alias).plain
            alias_score, alias_offsets = fuzzy.match(query, candidate)
            if alias_score > best[0]:
                shift = len(text) + len(_ALSO) - len(prefix)
                moved = [i if i < len(prefix) else i + shift for i in alias_offsets]
                best = (alias_score, text + _ALSO + candidate[len(prefix) :], moved)
        return best

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for jump in self._jumps:
            score, text, offsets = self._best(matcher.fuzzy_search, matcher.query, jump)
            if score > 0:
                yield Hit(score, _highlighted(text, offsets), self._command(jump), text=text, help=self._help(jump))

    async def discover(self) -> Hits:
        for jump in self._jumps:
            if jump.kind == "province":
                yield DiscoveryHit(literal(jump.text), self._command(jump), text=jump.text, help=self._help(jump))
