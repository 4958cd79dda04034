"""The config file: feed, display, key bindings, alert rules and watchlist, in TOML.

Where: ``platformdirs.user_config_dir("npl-tui")/config.toml`` (:func:`npl_tui.core.paths.config_file`),
or the *path* given (``--config PATH``). The shape::

    [feed]
    url = "https://feeds.example/npl/"   # or urls = [...] for several feeds
    refresh = 300                        # seconds between checks
    [display]
    lang = "zh"                          # or "en"
    unit = "yi"                          # or "bn"
    theme = "textual-light"
    [keys]
    refresh = "f5"                       # action = key (see ACTIONS)
    [[alert]]                            # see npl_tui.core.alerts
    name = "Henan big packages"
    province = "Henan"
    principal = ">10亿"
    [watchlist]
    provinces = ["Zhejiang", "广东"]
    parties = ["China Cinda AMC"]

Reading never fails: :func:`load_config` returns a :class:`Config` and a list of
:class:`ConfigProblem`, each one line naming the file, the line and the key. A file
that is not TOML gives the defaults and one error at the line the parser reports; an
unknown key is a warning; a bad value falls back to that key's default only; a bad
alert rule is dropped alone. TOML parsers give no positions for keys, so a small
scanner (:class:`_Lines`) finds the line of each table header and key in the text.

Writing (changes made in the app: language, unit, theme, watchlist, a new alert rule)
goes through ``tomlkit``, which keeps the user's comments and layout, and replaces the
file atomically. Only those keys are ever written: never a feed URL (it may carry a
token), never anything the user did not set in the app.

No Textual. ``tomlkit`` is imported only to save.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .text import clean_text

if TYPE_CHECKING:
    from .alerts import Rule

__all__ = [
    "ACTIONS",
    "DEFAULT_REFRESH",
    "DEFAULT_THEME",
    "LANGS",
    "PLANNED_ACTIONS",
    "SAVABLE",
    "THEMES",
    "UNITS",
    "Config",
    "ConfigError",
    "ConfigProblem",
    "Watchlist",
    "append_alert",
    "binding_ids",
    "describe_config",
    "load_config",
    "save_display",
    "save_settings",
    "save_watchlist",
    "show_value",
]

DEFAULT_REFRESH = 300.0
LANGS = ("en", "zh")
UNITS = ("yi", "bn")
#: Textual's built-in themes (textual 8.2, pinned in pyproject.toml; a test keeps the
#: two in step). The app offers no others.
THEMES = (
    "textual-dark", "textual-light", "nord", "gruvbox", "catppuccin-mocha", "dracula",
    "tokyo-night", "monokai", "flexoki", "catppuccin-latte", "catppuccin-frappe",
    "catppuccin-macchiato", "solarized-light", "solarized-dark", "rose-pine",
    "rose-pine-moon", "rose-pine-dawn", "atom-one-dark", "atom-one-light", "ansi-dark", "ansi-light",
)
DEFAULT_THEME = "textual-dark"
#: A config file larger than this is not read (it cannot be a hand-written config).
MAX_BYTES = 1 << 20

#: Action names a user may remap in ``[keys]``, and the ids of the bindings each one
#: names (``Binding(..., id=...)`` in the app; a test keeps them in step), so that
#: the app can call ``App.set_keymap(config.keymap())``. One action may name several
#: bindings: "down" is j in every pane and screen that scrolls.
ACTIONS: dict[str, tuple[str, ...]] = {
    "quit": ("app.quit",),
    "help": ("app.help",),
    "refresh": ("app.refresh",),
    "pick_province": ("app.pick_province",),
    "toggle_lang": ("app.toggle_lang",),
    "toggle_unit": ("app.toggle_unit",),
    "command_palette": ("app.palette",),
    "focus_pane1": ("dashboard.pane1",),
    "focus_pane2": ("dashboard.pane2",),
    "focus_pane3": ("dashboard.pane3",),
    "focus_pane4": ("dashboard.pane4",),
    "filter": ("dashboard.filter", "lots.filter"),
    "cycle_metric": ("dashboard.cycle_metric",),
    "sources": ("dashboard.sources", "province.source"),
    "clear_filter": ("announcements.clear_filter",),
    "sort_date": ("announcements.sort_date", "lots.sort_date"),
    "sort_price": ("lots.sort_price",),
    "sort_appraisal": ("lots.sort_appraisal",),
    "sort_principal": ("announcements.sort_principal",),
    "sort_overdue": ("announcements.sort_overdue",),
    "open": ("announcements.open", "provinces.open", "province.open", "whatsnew.open", "watchlist.open"),
    "down": ("announcements.down", "provinces.down", "ratio.down", "discounts.down", "province.down",
             "announcement.down", "sources.down", "help.down", "history.down", "whatsnew.down", "watchlist.down"),
    "up": ("announcements.up", "provinces.up", "ratio.up", "discounts.up", "province.up",
           "announcement.up", "sources.up", "help.up", "history.up", "whatsnew.up", "watchlist.up"),
    "back": ("province.back", "announcement.back", "lots.back"),
    "close": ("sources.close", "help.close", "picker.cancel", "history.close", "whatsnew.close", "watchlist.close"),
    "next_section": ("province.next_section",),
    "previous_section": ("province.previous_section",),
    "next_chart": ("province.next_chart",),
    "seller_deals": ("announcement.seller",),
    "buyer_deals": ("announcement.buyer",),
    "switch_focus": ("sources.switch",),
    "history": ("app.history",),
    "whats_new": ("app.whats_new",),
    "mark_seen": ("app.mark_seen",),
    "mark_read": ("announcements.mark_read",),
    "watchlist": ("app.watchlist",),
    "pin": ("provinces.pin", "province.pin", "announcements.pin", "watchlist.unpin"),
    "export": ("dashboard.export",),
    "alert_like": ("announcements.alert_like",),
    "lots": ("app.lots",),
}
#: Actions of screens still to come, with the binding ids those bindings are to carry,
#: so that a config written today keeps working when they arrive (none at present).
PLANNED_ACTIONS: dict[str, tuple[str, ...]] = {}
_ALL_ACTIONS = {**ACTIONS, **PLANNED_ACTIONS}
_BINDING_IDS = frozenset(i for ids in _ALL_ACTIONS.values() for i in ids)

#: The settings the app may write back (see :func:`save_settings`).
SAVABLE = ("display.lang", "display.unit", "display.theme", "watchlist.provinces", "watchlist.parties")

_KNOWN = {
    "feed": ("url", "urls", "refresh"),
    "display": ("lang", "unit", "theme"),
    "watchlist": ("provinces", "parties"),
}
_MODIFIERS = "ctrl|shift|alt|meta|super|hyper"
_KEY_RE = re.compile(rf"(?:(?:{_MODIFIERS})\+)*(?:[A-Za-z0-9_]+|[^\s,+]|\+)", re.IGNORECASE)


def binding_ids(action: str) -> tuple[str, ...]:
    """The binding ids an action (or a binding id itself) names; () when unknown."""
    if action in _ALL_ACTIONS:
        return _ALL_ACTIONS[action]
    return (action,) if action in _BINDING_IDS else ()


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class ConfigProblem:
    """One thing wrong in the config file. ``str()`` is one line:
    ``/home/me/.config/npl-tui/config.toml line 7: display.lang: 'fr' is not one of en, zh; using 'en'``."""

    path: str
    line: int | None
    key: str
    message: str
    level: str = "error"  # "error" (a value or rule not used) | "warning" (ignored, harmless)

    def __str__(self) -> str:
        where = f"{self.path} line {self.line}" if self.line else self.path
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class ConfigError(Exception):
    """The config file cannot be changed as asked. ``str()`` is one line."""


@dataclass(frozen=True)
class Watchlist:
    """Pinned provinces (GB/T 2260 codes, in the order written) and parties (as written)."""

    provinces: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.provinces or self.parties)


@dataclass(frozen=True)
class Config:
    """The effective settings: the file's where valid, the defaults elsewhere."""

    path: Path
    found: bool = False  # whether the file exists (a missing file is not a problem)
    feed_urls: tuple[str, ...] = ()
    refresh: float = DEFAULT_REFRESH
    lang: str = "en"
    unit: str = "yi"
    theme: str = DEFAULT_THEME
    keys: tuple[tuple[str, str], ...] = ()  # (action or binding id, key), in file order
    alerts: tuple[Rule, ...] = ()
    watchlist: Watchlist = field(default_factory=Watchlist)
    #: Where each setting that is not a default came from: (``"display.lang"``,
    #: ``"file line 5"`` or ``"command line"``).
    origins: tuple[tuple[str, str], ...] = ()

    @property
    def feed_url(self) -> str | None:
        """The first feed, or None (the monitor then runs on the shipped data)."""
        return self.feed_urls[0] if self.feed_urls else None

    def origin(self, setting: str) -> str:
        """Where *setting* (``"display.lang"``) came from: ``"default"``, ``"file line N"``, ..."""
        return dict(self.origins).get(setting, "default")

    def keymap(self) -> dict[str, str]:
        """``{binding id: key}`` for ``App.set_keymap``."""
        out: dict[str, str] = {}
        for action, key in self.keys:
            for binding in binding_ids(action):
                out[binding] = key
        return out

    def with_overrides(self, origin: str = "command line", **values: Any) -> Config:
        """A copy with some settings replaced (e.g. ``--lang zh``), recorded as coming
        from *origin*. Keys are :class:`Config` field names; None values are skipped."""
        given = {k: v for k, v in values.items() if v is not None}
        names = {"feed_urls": "feed.urls", "refresh": "feed.refresh", "lang": "display.lang", "unit": "display.unit", "theme": "display.theme"}
        unknown = set(given) - set(names)
        if unknown:
            raise TypeError(f"not overridable: {', '.join(sorted(unknown))}")
        origins = dict(self.origins)
        for key in given:
            origins[names[key]] = origin
        return replace(self, **given, origins=tuple(origins.items()))


# --------------------------------------------------------------------------- lines

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _key_path(text: str, start: int = 0) -> tuple[tuple[str, ...], int] | None:
    """A (dotted) TOML key at *start*: its parts and the index after it; None if none."""
    parts: list[str] = []
    i, n = start, len(text)
    while True:
        while i < n and text[i] in " \t":
            i += 1
        if i < n and text[i] in "\"'":
            quote = text[i]
            j = i + 1
            while j < n and text[j] != quote:
                j += 2 if quote == '"' and text[j] == "\\" else 1
            if j >= n:
                return None
            parts.append(text[i + 1 : j])
            i = j + 1
        else:
            m = _BARE_KEY.match(text, i)
            if not m:
                return None
            parts.append(m.group())
            i = m.end()
        while i < n and text[i] in " \t":
            i += 1
        if i < n and text[i] == ".":
            i += 1
            continue
        return tuple(parts), i


class _Lines:
    """The line of each table header and key in a TOML text.

    Paths are tuples: ``("display", "lang")``; an array of tables counts its entries
    from 0: ``("alert", 1, "name")`` is the name of the second ``[[alert]]``. Inside
    strings (multi-line too) and values that span lines nothing is taken for a key.
    """

    def __init__(self, text: str) -> None:
        self.lines: dict[tuple[str | int, ...], int] = {}
        self._arrays: dict[tuple[str, ...], int] = {}
        prefix: tuple[str | int, ...] = ()
        depth = 0
        multiline: str | None = None
        for number, line in enumerate(text.splitlines(), 1):
            rest = line
            if multiline is None and depth == 0:
                stripped = line.lstrip()
                if stripped.startswith("["):
                    header = self._header(stripped)
                    if header is not None:
                        prefix = header
                        self.lines.setdefault(prefix, number)
                        continue
                else:
                    found = _key_path(stripped)
                    if found is not None and stripped[found[1] : found[1] + 1] == "=":
                        self.lines.setdefault((*prefix, *found[0]), number)
                        rest = stripped[found[1] + 1 :]
            multiline, depth = self._track(rest, multiline, depth)

    def _header(self, text: str) -> tuple[str | int, ...] | None:
        array = text.startswith("[[")
        found = _key_path(text, 2 if array else 1)
        if found is None:
            return None
        parts, end = found
        if not text[end:].startswith("]]" if array else "]"):
            return None
        path: list[str | int] = []
        for i, part in enumerate(parts):
            path.append(part)
            plain = parts[: i + 1]
            if array and i == len(parts) - 1:
                self._arrays[plain] = self._arrays.get(plain, -1) + 1
                path.append(self._arrays[plain])
            elif plain in self._arrays:
                path.append(self._arrays[plain])
        return tuple(path)

    @staticmethod
    def _track(text: str, multiline: str | None, depth: int) -> tuple[str | None, int]:
        """Follow strings and brackets through *text*: still in a multi-line string?
        how many brackets are open?"""
        i, n = 0, len(text)
        while i < n:
            if multiline is not None:
                end = text.find(multiline, i)
                if end < 0:
                    return multiline, depth
                i, multiline = end + 3, None
                continue
            ch = text[i]
            if ch == "#":
                break
            if text.startswith(('"""', "'''"), i):
                multiline = text[i : i + 3]
                i += 3
            elif ch in "\"'":
                j = i + 1
                while j < n and text[j] != ch:
                    j += 2 if ch == '"' and text[j] == "\\" else 1
                i = j + 1
            else:
                if ch in "[{":
                    depth += 1
                elif ch in "]}":
                    depth = max(depth - 1, 0)
                i += 1
        return multiline, depth

    def of(self, *path: str | int) -> int | None:
        """The line of *path*, or of the nearest table that holds it; None if unknown."""
        for end in range(len(path), 0, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None


# --------------------------------------------------------------------------- reading


def show_value(value: object, limit: int = 40) -> str:
    """A value for a one-line message: short, quoted, invisible characters visible."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    shown = repr(text) if isinstance(value, str) else text
    return shown if shown.isprintable() else ascii(shown)


class _Reader:
    """Validates the parsed document, collecting problems with their lines."""

    def __init__(self, path: Path, lines: _Lines) -> None:
        self.where = str(path)
        self.lines = lines
        self.problems: list[ConfigProblem] = []
        self.origins: dict[str, str] = {}

    def problem(self, path: Sequence[str | int], message: str, level: str = "error", key: str | None = None) -> None:
        shown = key if key is not None else ".".join(str(p) for p in path)
        self.problems.append(ConfigProblem(self.where, self.lines.of(*path), shown, message, level))

    def found(self, setting: str, *path: str | int) -> None:
        line = self.lines.of(*path)
        self.origins[setting] = f"file line {line}" if line else "file"

    def table(self, doc: Mapping[str, Any], name: str) -> Mapping[str, Any]:
        value = doc.get(name, {})
        if isinstance(value, Mapping):
            return value
        self.problem((name,), f"must be a table [{name}], got {show_value(value)}; using the defaults")
        return {}

    def unknown(self, table: Mapping[str, Any], name: str, known: Iterable[str]) -> None:
        for key in table:
            if key not in known:
                self.problem((name, key), "unknown key, ignored", "warning", key=f"{name}.{_show_key(key)}")


def _show_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else show_value(key)


def _read_text(path: Path) -> tuple[str | None, ConfigProblem | None]:
    """The file's text; (None, None) when there is no file; (None, problem) when unreadable."""
    where = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, ConfigProblem(where, None, "", f"is {size} bytes, larger than any config ({MAX_BYTES} at most); using the defaults")
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, None
    except IsADirectoryError:
        return None, ConfigProblem(where, None, "", "is a directory, not a config file; using the defaults")
    except OSError as exc:
        return None, ConfigProblem(where, None, "", f"cannot be read ({exc.strerror or exc}); using the defaults")
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, ConfigProblem(where, line, "", f"is not UTF-8 (byte {exc.start}); using the defaults")


def _parse_toml(text: str) -> dict[str, Any]:
    """The TOML document; raises ValueError(message, line)."""
    if sys.version_info >= (3, 11):
        import tomllib

        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            message = str(exc)
            m = re.search(r"\(at line (\d+), column (\d+)\)", message)
            line = int(m.group(1)) if m else None
            raise ValueError(message[: m.start()].strip() if m else message, line) from None
    import tomlkit  # pragma: no cover - Python 3.10
    from tomlkit.exceptions import ParseError  # pragma: no cover

    try:  # pragma: no cover
        return tomlkit.parse(text).unwrap()
    except ParseError as exc:  # pragma: no cover
        raise ValueError(str(exc).split(" at line ")[0], exc.line) from None


def load_config(path: Path | str | None = None) -> tuple[Config, list[ConfigProblem]]:
    """Read the config at *path* (default :func:`~npl_tui.core.paths.config_file`).

    Never raises for what is in the file: a missing file gives the defaults and no
    problem; anything wrong is a :class:`ConfigProblem` and the rest still applies.
    Blocking (reads a file): call it from a thread in async code.
    """
    if path is None:
        from .paths import config_file

        path = config_file()
    path = Path(path)
    text, problem = _read_text(path)
    if text is None:
        return Config(path, found=problem is not None), [problem] if problem else []
    try:
        doc = _parse_toml(text)
    except ValueError as exc:
        message, line = exc.args
        return Config(path, found=True), [ConfigProblem(str(path), line, "", f"is not valid TOML: {clean_text(message)}; using the defaults")]
    return _build(path, doc, _Lines(text))


def _build(path: Path, doc: Mapping[str, Any], lines: _Lines) -> tuple[Config, list[ConfigProblem]]:
    r = _Reader(path, lines)
    for key in doc:
        if key not in (*_KNOWN, "keys", "alert"):
            r.problem((key,), "unknown key, ignored", "warning", key=_show_key(key))
    values: dict[str, Any] = {}

    feed = r.table(doc, "feed")
    r.unknown(feed, "feed", _KNOWN["feed"])
    urls = _feed_urls(r, feed)
    if urls:
        values["feed_urls"] = urls
    if "refresh" in feed:
        refresh = feed["refresh"]
        if isinstance(refresh, (int, float)) and not isinstance(refresh, bool) and math.isfinite(refresh) and refresh >= 1:
            values["refresh"] = float(refresh)
            r.found("feed.refresh", "feed", "refresh")
        else:
            r.problem(("feed", "refresh"), f"must be a number of seconds, at least 1, got {show_value(refresh)}; using {DEFAULT_REFRESH:g}")

    display = r.table(doc, "display")
    r.unknown(display, "display", _KNOWN["display"])
    for key, allowed, default in (("lang", LANGS, "en"), ("unit", UNITS, "yi"), ("theme", THEMES, DEFAULT_THEME)):
        if key not in display:
            continue
        value = display[key]
        if isinstance(value, str) and value in allowed:
            values[key] = value
            r.found(f"display.{key}", "display", key)
        else:
            shown = ", ".join(allowed) if len(allowed) <= 4 else ", ".join(allowed[:6]) + ", …"
            r.problem(("display", key), f"{show_value(value)} is not one of {shown}; using {default!r}")

    keys = _keys(r, r.table(doc, "keys"))
    if keys:
        values["keys"] = keys
    watchlist = _watchlist(r, r.table(doc, "watchlist"))
    if watchlist:
        values["watchlist"] = watchlist
    rules = _alerts(r, doc.get("alert"))
    if rules:
        values["alerts"] = rules
    problems = sorted(r.problems, key=lambda p: p.line or 0)  # in the file's order
    return Config(path, found=True, origins=tuple(r.origins.items()), **values), problems


def _feed_urls(r: _Reader, feed: Mapping[str, Any]) -> tuple[str, ...]:
    found: list[str] = []
    candidates: list[tuple[tuple[str | int, ...], object]] = []
    if "url" in feed:
        candidates.append((("feed", "url"), feed["url"]))
    if "urls" in feed:
        urls = feed["urls"]
        if isinstance(urls, list):
            candidates += [(("feed", "urls"), u) for u in urls]
        else:
            r.problem(("feed", "urls"), f"must be a list of URLs, got {show_value(urls)}; ignored")
    from .cache import redact_url

    for where, url in candidates:
        key = ".".join(str(p) for p in where)
        if not isinstance(url, str) or not re.match(r"https?://[^\s/]+", url, re.IGNORECASE) or not url.isprintable():
            shown = show_value(redact_url(url) if isinstance(url, str) else url)
            r.problem(where, f"{shown} is not an http(s) URL; ignored", key=key)
            continue
        if url not in found:
            found.append(url)
            r.found(key if key == "feed.url" else "feed.urls", *where)
    return tuple(found)


def _keys(r: _Reader, table: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """``[keys]``: action = "key". A dotted action (``app.refresh = "f5"``, parsed as a
    table) is read as a binding id."""
    flat: list[tuple[str, tuple[str | int, ...], object]] = []
    for name, value in table.items():
        if isinstance(value, Mapping):
            for sub, key in value.items():
                flat.append((f"{name}.{sub}", ("keys", name, sub), key))
        else:
            flat.append((name, ("keys", name), value))
    out: list[tuple[str, str]] = []
    used: dict[str, str] = {}
    for action, where, key in flat:
        shown = f"keys.{_show_key(action)}"
        if not binding_ids(action):
            r.problem(where, f"unknown action, ignored (actions: {', '.join(sorted(_ALL_ACTIONS))})", "warning", key=shown)
            continue
        if not isinstance(key, str) or not key.isprintable() or not all(_KEY_RE.fullmatch(k.strip()) for k in key.split(",")):
            r.problem(where, f"{show_value(key)} is not a key like \"f5\", \"ctrl+r\" or \"r,f5\"; keeping the usual key", key=shown)
            continue
        key = ",".join(k.strip() for k in key.split(","))
        for k in key.split(","):
            if k in used and used[k] != action:
                r.problem(where, f"{k!r} is also the key of {used[k]!r}: which one it does depends on the screen", "warning", key=shown)
            used.setdefault(k, action)
        out.append((action, key))
        r.found(f"keys.{action}", *where)
    return tuple(out)


def _watchlist(r: _Reader, table: Mapping[str, Any]) -> Watchlist:
    r.unknown(table, "watchlist", _KNOWN["watchlist"])
    from .provinces import UnknownProvince, resolve_province

    provinces: list[str] = []
    for i, item in enumerate(_list_of(r, table, "provinces")):
        try:
            code = resolve_province(item if isinstance(item, str) else str(item))
        except UnknownProvince as exc:
            r.problem(("watchlist", "provinces"), f"{exc}; left out", key=f"watchlist.provinces[{i + 1}]")
            continue
        if code not in provinces:
            provinces.append(code)
    if provinces:
        r.found("watchlist.provinces", "watchlist", "provinces")
    parties: list[str] = []
    for i, item in enumerate(_list_of(r, table, "parties")):
        name = clean_text(item, 200) if isinstance(item, str) else ""
        if not name:
            r.problem(("watchlist", "parties"), f"{show_value(item)} is not a bank's or AMC's name; left out", key=f"watchlist.parties[{i + 1}]")
        elif name not in parties:
            parties.append(name)
    if parties:
        r.found("watchlist.parties", "watchlist", "parties")
    return Watchlist(tuple(provinces), tuple(parties))


def _list_of(r: _Reader, table: Mapping[str, Any], key: str) -> list[object]:
    if key not in table:
        return []
    value = table[key]
    if isinstance(value, str):
        return [value]  # one name: forgiven
    if isinstance(value, list):
        return value
    r.problem(("watchlist", key), f"must be a list of names, got {show_value(value)}; ignored")
    return []


def _alerts(r: _Reader, value: object) -> tuple[Rule, ...]:
    if value is None:
        return ()
    from .alerts import RuleSource, parse_rules

    if isinstance(value, Mapping):  # [alert] written for [[alert]]: one rule, forgiven
        entries: list[tuple[object, tuple[str | int, ...]]] = [(value, ("alert",))]
    elif isinstance(value, list):
        entries = [(item, ("alert", i)) for i, item in enumerate(value)]
    else:
        r.problem(("alert",), f"must be [[alert]] tables, got {show_value(value)}; no alerts")
        return ()
    sources = []
    for i, (item, where) in enumerate(entries):
        if not isinstance(item, Mapping):
            r.problem(where, f"must be a table of conditions, got {show_value(item)}; rule left out", key=f"alert[{i + 1}]")
            continue
        key_lines = {str(k): r.lines.of(*where, str(k)) for k in item}
        sources.append(RuleSource(item, i + 1, r.lines.of(*where), {k: v for k, v in key_lines.items() if v is not None}))
    rules, problems = parse_rules(sources, where=r.where)
    r.problems.extend(problems)
    return tuple(rules)


# --------------------------------------------------------------------------- describing


def describe_config(config: Config, problems: Sequence[ConfigProblem] = ()) -> list[str]:
    """The effective config as lines, for ``npl-tui config``: the file, then each
    setting with its value and where it came from, then the problems. Feed URLs are
    shown with their secrets as ``***``."""
    from .cache import redact_url

    state = "" if config.found else " (not found: the defaults apply)"
    lines = [f"config file: {config.path}{state}", ""]

    def setting(name: str, value: str, origin: str | None = None) -> None:
        lines.append(f"{name:<20} {value}  ({origin or config.origin(name)})")

    urls = [redact_url(u) for u in config.feed_urls]
    if len(urls) <= 1:
        setting("feed.url", urls[0] if urls else "(none: the shipped data)", config.origin("feed.url") if urls else "default")
    else:
        setting("feed.urls", ", ".join(urls), config.origin("feed.urls"))
    setting("feed.refresh", f"{config.refresh:g} s")
    for key in ("lang", "unit", "theme"):
        setting(f"display.{key}", getattr(config, key))
    keymap = dict(config.keys)
    if keymap:
        for action, key in config.keys:
            setting(f"keys.{action}", f"{key} → {', '.join(binding_ids(action))}", config.origin(f"keys.{action}"))
    else:
        setting("keys", "(the usual keys)", "default")
    if config.alerts:
        for rule in config.alerts:
            setting(rule.label, rule.describe(), f"file line {rule.line}" if rule.line else "file")
    else:
        setting("alert", "(none)", "default")
    from .provinces import BY_CODE

    provinces = ", ".join(BY_CODE[c].name_en for c in config.watchlist.provinces) or "(none)"
    parties = ", ".join(config.watchlist.parties) or "(none)"
    setting("watchlist.provinces", provinces)
    setting("watchlist.parties", parties)
    if problems:
        lines += ["", f"{len(problems)} problem{'s' if len(problems) != 1 else ''}:"]
        lines += [f"  {p}" for p in problems]
    return lines


# --------------------------------------------------------------------------- saving


def _check_savable(setting: str, value: object) -> object:
    """*value* as it is to be written; raises ConfigError when it is not valid."""
    section, key = setting.split(".")
    if section == "display":
        allowed = {"lang": LANGS, "unit": UNITS, "theme": THEMES}[key]
        if not isinstance(value, str) or value not in allowed:
            raise ConfigError(f"{setting}: {show_value(value)} is not one of {', '.join(allowed)}")
        return value
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ConfigError(f"{setting}: must be a list of names")
    items = [clean_text(v, 200) if isinstance(v, str) else "" for v in value]
    if not all(items):
        raise ConfigError(f"{setting}: every item must be a non-empty name")
    if key == "provinces":
        from .provinces import UnknownProvince, resolve_province

        for item in items:
            try:
                resolve_province(item)
            except UnknownProvince as exc:
                raise ConfigError(f"{setting}: {exc}") from None
    return list(dict.fromkeys(items))


def _edit(path: Path | str | None, change: Callable[[Any], None]) -> Path:
    """Apply *change* to the file's tomlkit document and write it back atomically."""
    import tomlkit
    from tomlkit.exceptions import ParseError

    from .atomic import write_atomic

    if path is None:
        from .paths import config_file

        path = config_file()
    path = Path(path)
    text, problem = _read_text(path)
    if problem is not None:
        where = f" line {problem.line}" if problem.line else ""
        raise ConfigError(f"{path}{where}: cannot save: the file {problem.message.replace('; using the defaults', '')}")
    try:
        doc = tomlkit.parse(text or "")
    except ParseError as exc:
        raise ConfigError(f"{path} line {exc.line}: cannot save: the file is not valid TOML; fix it first") from None
    try:
        change(doc)
    except ConfigError as exc:
        raise ConfigError(f"{path}: cannot save: {exc}") from None
    data = tomlkit.dumps(doc).encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return write_atomic(path, data)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot save: {exc.strerror or exc}") from None


def _table(doc: Any, name: str) -> Any:
    import tomlkit

    if name not in doc:
        doc.add(name, tomlkit.table())
    return doc[name]


def save_settings(values: Mapping[str, object], path: Path | str | None = None) -> Path:
    """Write settings changed in the app (keys of :data:`SAVABLE`, e.g.
    ``{"display.lang": "zh"}``) into the config file, keeping its comments and
    layout, and creating it if needed; return its path. Watchlist provinces keep the
    spelling the file already gives a province ("广东" stays "广东" when the app
    passes "Guangdong" or "440000"). Raises :class:`ConfigError` (one line) for a
    value that is not valid or a file that cannot be written; nothing changes then."""
    checked = {}
    for setting, value in values.items():
        if setting not in SAVABLE:
            raise ConfigError(f"{setting}: not a setting the app saves (only {', '.join(SAVABLE)})")
        checked[setting] = _check_savable(setting, value)

    def change(doc: Any) -> None:
        import tomlkit

        for setting, value in checked.items():
            section, key = setting.split(".")
            table = _table(doc, section)
            if setting == "watchlist.provinces" and isinstance(value, list):
                value = _keep_spellings(table.get(key), value)
            if isinstance(value, list):
                array = tomlkit.array()
                array.extend(value)
                value = array
            table[key] = value

    return _edit(path, change)


def _keep_spellings(existing: object, wanted: list[str]) -> list[str]:
    from .provinces import BY_CODE, UnknownProvince, resolve_province

    spelled: dict[str, str] = {}
    for item in existing if isinstance(existing, list) else []:
        try:
            spelled.setdefault(resolve_province(str(item)), str(item))
        except UnknownProvince:
            pass
    out = []
    for item in wanted:
        code = resolve_province(item)
        out.append(spelled.get(code) or (BY_CODE[code].name_en if item == code else item))
    return list(dict.fromkeys(out))


def save_display(path: Path | str | None = None, *, lang: str | None = None, unit: str | None = None, theme: str | None = None) -> Path:
    """Save the language, unit and/or theme (those not None); see :func:`save_settings`."""
    values = {f"display.{k}": v for k, v in (("lang", lang), ("unit", unit), ("theme", theme)) if v is not None}
    return save_settings(values, path)


def save_watchlist(path: Path | str | None = None, *, provinces: Iterable[str] | None = None, parties: Iterable[str] | None = None) -> Path:
    """Save the watchlist's provinces (names or codes) and/or parties; see :func:`save_settings`."""
    values: dict[str, object] = {}
    if provinces is not None:
        values["watchlist.provinces"] = list(provinces)
    if parties is not None:
        values["watchlist.parties"] = list(parties)
    return save_settings(values, path)


def append_alert(rule: Mapping[str, object], path: Path | str | None = None) -> Path:
    """Append one ``[[alert]]`` table (conditions as written in the file) at the end
    of the config file, keeping everything else as it is; return the path.
    Check the rule first (:func:`npl_tui.core.alerts.parse_rules`)."""

    def change(doc: Any) -> None:
        import tomlkit

        table = tomlkit.table()
        for key, value in rule.items():
            table[key] = value
        if "alert" in doc:
            existing = doc["alert"]
            if not isinstance(existing, list):
                raise ConfigError("its 'alert' is not a list of [[alert]] tables")
            existing.append(table)
        else:
            aot = tomlkit.aot()
            aot.append(table)
            doc.append("alert", aot)

    return _edit(path, change)
