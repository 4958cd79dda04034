"""Command line: parse, pick a source, run the monitor or a data command.

Every error is one line on standard error, starting ``npl-tui:``, and the exit status
says what kind it was (:data:`EXIT_DATA`, :data:`EXIT_USAGE`, ...); never a traceback
(an unexpected one goes to the log file). Whatever is printed passes through
:func:`_plain`: text from a feed or a server (a reason phrase, a cell, a URL) never
reaches the terminal as control characters.

The one parser (:func:`build_parser`) is also the source of the manual page
(``python -m npl_tui.manpage``), of the shell completion (``npl-tui completion``) and
of the command ``npl-tui serve`` runs for each browser (:func:`monitor_argv`).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gc
import logging
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn

from . import __version__
from .core.logs import LEVELS
from .core.schema import TABLE_NAMES
from .core.text import clean_text

__all__ = ["EXIT_DATA", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "build_parser", "main", "make_source", "monitor_argv"]

PROG = "npl-tui"

#: Exit statuses, the same for every command (and listed in ``npl-tui --help``).
EXIT_OK = 0
EXIT_DATA = 1  # invalid, unreachable or unreadable data; a file that cannot be read or written
EXIT_USAGE = 2  # the command line itself is wrong
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT, as shells report it)

log = logging.getLogger(__name__)

_EXIT_STATUS = """\
exit status:
  0    done
  1    a data problem: invalid, unreachable or unreadable data; a file that cannot be read or written
  2    a usage problem: an unknown command or option, a bad value
  130  interrupted (Ctrl-C)
Every error is one line on standard error, starting "npl-tui:"."""

_FILES = """\
files:
  npl-tui.log  in the user log directory (Linux: $XDG_STATE_HOME/npl-tui/log/, by default
               ~/.local/state/npl-tui/log/; macOS: ~/Library/Logs/npl-tui/): every fetch,
               verification failure and cache write, with its time. Rotated at 1 MiB, the
               3 previous files kept (npl-tui.log.1 ...). --log-file PATH writes elsewhere.
  config.toml  in the user config directory (Linux: $XDG_CONFIG_HOME/npl-tui/, by default
               ~/.config/npl-tui/; --config PATH reads another): feed, refresh, language, unit,
               theme, keys, alert rules, watchlist (docs/config.md). Language, unit and theme
               changed in the monitor are saved to it. `npl-tui config` shows what applies.
  cache        in the user cache directory (Linux: $XDG_CACHE_HOME/npl-tui/, by default
               ~/.cache/npl-tui/): the last good copy of each feed, and in history/ the last
               30 verified snapshots seen (--as-of, diff; docs/history.md). Safe to delete."""

#: Completion hints read by shtab (the same dicts as shtab.FILE / shtab.DIRECTORY, so the
#: parser can carry them without importing shtab).
_FILE = {"bash": "_shtab_compgen_files", "zsh": "_files", "tcsh": "f", "fish": "(__fish_complete_path (commandline -ct))"}
_DIRECTORY = {"bash": "_shtab_compgen_dirs", "zsh": "_files -/", "tcsh": "d", "fish": "(__fish_complete_directories)"}


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line too, in the program's own format."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{PROG}: {_plain(message)} (see '{self.prog} --help')\n")


def _hint(action: argparse.Action, kind: dict[str, str]) -> argparse.Action:
    action.complete = kind  # type: ignore[attr-defined]  # read by shtab
    return action


def _epilog(examples: str, status: str | None = None) -> str:
    text = "examples:\n" + examples.strip("\n")
    if status:
        text += "\n\nexit status: " + status
    return text


def _log_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """--log-level and --log-file: on the main parser with their defaults, and on every
    command (default SUPPRESS, so `npl-tui --log-level debug fetch URL` and
    `npl-tui fetch URL --log-level debug` mean the same)."""
    group = parser.add_argument_group("logging")
    group.add_argument(
        "--log-level",
        choices=tuple(LEVELS),
        default=argparse.SUPPRESS if suppress else "info",
        help="what the log file records (default: info; debug: more, off: no log file)",
    )
    _hint(
        group.add_argument(
            "--log-file",
            metavar="PATH",
            type=Path,
            default=argparse.SUPPRESS if suppress else None,
            help="write the log to PATH (rotated the same way) instead of npl-tui.log in the user log directory",
        ),
        _FILE,
    )


def _monitor_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """The monitor's options: on the main parser, and on `serve` (which passes every one
    of them to the monitor it runs for each browser: see monitor_argv)."""

    def default(value: object) -> object:
        return argparse.SUPPRESS if suppress else value

    group = parser.add_argument_group("monitor options")
    src = group.add_mutually_exclusive_group()
    _hint(src.add_argument("--snapshot", metavar="DIR", type=Path, default=default(None), help="run on a snapshot directory"), _DIRECTORY)
    src.add_argument("--feed", metavar="URL", type=_http_url, default=default(None), help="run on an HTTP feed (cached; last good data kept)")
    group.add_argument(
        "--refresh", metavar="SECONDS", type=_positive, default=default(None), help="re-check the feed (--feed, or the config file's) every SECONDS (default 300, or the file's feed.refresh)"
    )
    _hint(group.add_argument("--trust", metavar="KEYFILE.pub", type=Path, action="append", default=default(None), help=_TRUST_HELP), _FILE)
    group.add_argument(
        "--as-of",
        metavar="DATE|ID",
        type=_as_of,
        default=default(None),
        help="the market as the monitor knew it on DATE (YYYY-MM-DD), or history entry ID: read-only, marked as history "
        "(with --feed: that feed's history; h in the monitor picks another)",
    )
    group.add_argument("--lang", choices=("en", "zh"), default=default(None), help="names in English or 中文 (default en, or the config file's; toggle with l)")
    group.add_argument("--unit", choices=("yi", "bn"), default=default(None), help="amounts in 亿元 or RMB billions (default yi, or the config file's; toggle with u)")
    _hint(
        group.add_argument(
            "--config",
            metavar="PATH",
            type=Path,
            default=default(None),
            help="the config file (default: config.toml in the user config directory); the options above override it",
        ),
        _FILE,
    )


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog=PROG,
        description="A keyboard-driven terminal monitor for China's non-performing-loan (NPL) market.\n\n"
        "With no command, runs the monitor on the newest good data: a valid cached feed, else the\n"
        "shipped snapshot. In the monitor, ? lists the keys of the screen you are on.",
        epilog=_epilog(
            """
  npl-tui                                       the monitor on the newest good data
  npl-tui --feed https://npl.example.com/feed/  ... on a feed, re-checked every 300 s
  npl-tui --snapshot feed/ --lang zh            ... on a snapshot directory, names in 中文
  npl-tui --as-of 2026-11-01                    ... as the monitor knew it that day (history)
  npl-tui serve                                 ... in a browser tab, at http://127.0.0.1:8000
  npl-tui config                                the settings in effect, and where each comes from
  npl-tui validate https://npl.example.com/feed/   check a feed
  npl-tui COMMAND --help                        a command's options, with examples
"""
        )
        + "\n\n"
        + _FILES
        + "\n\n"
        + _EXIT_STATUS,
    )
    p.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    _monitor_options(p, suppress=False)
    _log_options(p, suppress=False)
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser, title="commands")

    def command(name: str, help: str, description: str, epilog: str, **kwargs: Any) -> argparse.ArgumentParser:
        # The description's first line is the summary (shown by zsh and fish completion).
        summary = f"{help[0].upper()}{help[1:]}."
        return sub.add_parser(name, help=help, description=f"{summary}\n\n{description}", epilog=epilog, **kwargs)

    f = command(
        "fetch",
        "update the cache from a feed and print what changed",
        "Every table is checked against the manifest's SHA-256 and the schema (and, with --trust,\n"
        "the manifest's signature) before the cache takes it; a feed older than the cached copy\n"
        "is refused. A monitor started afterwards shows the new data at once. On a terminal,\n"
        "standard error shows each file's download progress on one line, erased at the end.",
        _epilog(
            """
  npl-tui fetch https://npl.example.com/feed/
  npl-tui fetch https://npl.example.com/feed/ --trust publisher.key.pub --deadline 30
  */10 * * * * npl-tui fetch https://npl.example.com/feed/    (crontab: keep the cache warm)
""",
            "0 fetched or not modified, 1 the feed failed (the cached copy is kept), 2 usage",
        ),
    )
    f.add_argument("url", metavar="URL", type=_http_url, help="the feed: the http(s) address of its directory (or of its manifest.json)")
    f.add_argument("--deadline", type=_positive, default=60.0, metavar="SECONDS", help="give up after SECONDS (default 60)")
    _hint(f.add_argument("--trust", metavar="KEYFILE.pub", type=Path, action="append", default=argparse.SUPPRESS, help=_TRUST_HELP), _FILE)

    v = command(
        "validate",
        "check a snapshot directory or feed URL; one line per problem",
        "Checks them the way the monitor reads them: the manifest, the SHA-256 of every table,\n"
        "every row against the schema (and, with --trust, the manifest's signature). Prints one\n"
        "line when all is valid; otherwise one line per problem on standard error. Never touches\n"
        "the cache.",
        _epilog(
            """
  npl-tui validate feed/
  npl-tui validate https://npl.example.com/feed/ --trust publisher.key.pub
""",
            "0 valid, 1 a problem found (or the feed unreachable), 2 usage",
        ),
    )
    _hint(v.add_argument("target", metavar="DIR|URL", type=_dir_or_url, help="a snapshot directory, or a feed's http(s) address"), _DIRECTORY)
    _hint(v.add_argument("--trust", metavar="KEYFILE.pub", type=Path, action="append", default=argparse.SUPPRESS, help=_TRUST_HELP), _FILE)

    b = command(
        "build",
        "validate DIR's tables and (re)write its manifest.json",
        "The manifest gets each table's row count and SHA-256: run it after editing a table by\n"
        "hand. With --sign, the manifest is signed; desks that run with --trust then refuse\n"
        "anything else. Problems: one line each on standard error, and the manifest is left as\n"
        "it was.",
        _epilog(
            """
  npl-tui build feed/
  npl-tui build feed/ --sign publisher.key --title "Desk NPL feed"
""",
            "0 written, 1 a problem found (nothing written), 2 usage",
        ),
    )
    _hint(b.add_argument("directory", metavar="DIR", type=Path, help="the snapshot directory"), _DIRECTORY)
    b.add_argument("--title", default=None, help="manifest title (default: keep the existing one)")
    _hint(b.add_argument("--sign", metavar="KEYFILE", type=Path, help="sign the manifest with KEYFILE (from npl-tui keygen)"), _FILE)

    k = command(
        "keygen",
        "make a key pair for signing a feed: KEYFILE (secret) and KEYFILE.pub (for every desk)",
        "A new Ed25519 key pair: KEYFILE, the private key (mode 0600), for npl-tui build --sign;\n"
        "KEYFILE.pub, the public key, for every desk's --trust. Never overwrites a file.",
        _epilog(
            """
  npl-tui keygen publisher.key
      then, to publish:  npl-tui build feed/ --sign publisher.key
      and on each desk:  npl-tui --feed https://npl.example.com/feed/ --trust publisher.key.pub
""",
            "0 written, 1 a file exists or cannot be written, 2 usage",
        ),
    )
    _hint(k.add_argument("keyfile", metavar="KEYFILE", type=Path, help="where to write the private key (the public key goes to KEYFILE.pub)"), _FILE)

    i = command(
        "ingest",
        "turn the publishers' documents into a snapshot directory's tables",
        "What the market publishes goes into a snapshot directory (created when missing), and its\n"
        "manifest is rebuilt. Every field is kept as printed and cited to its document; the same\n"
        "documents twice change nothing; a bad document is one line and the rest still go in.",
        _epilog(
            """
  npl-tui ingest yindeng ~/Downloads/yindeng-2023-12-07/ --into feed/
  npl-tui ingest nfra https://www.nfra.gov.cn/... --into feed/ --sign publisher.key
  npl-tui ingest KIND --help                   the options of each kind
""",
            "0 every document went in, 1 a document was refused, 2 usage",
        ),
    )
    isub = i.add_subparsers(dest="ingest_kind", metavar="KIND", parser_class=_Parser, required=True, title="kinds")
    into = _Parser(add_help=False)  # what every kind of ingest takes
    _hint(into.add_argument("--into", metavar="DIR", type=Path, required=True, help="the snapshot directory to update (created if missing)"), _DIRECTORY)
    _hint(
        into.add_argument(
            "--sign",
            metavar="KEYFILE",
            type=Path,
            help="sign the rebuilt manifest with KEYFILE (from npl-tui keygen); required when DIR's manifest is signed",
        ),
        _FILE,
    )
    iy = isub.add_parser(
        "yindeng",
        help="Yindeng transfer announcements (PDF listings and results) into announcements",
        description="Yindeng transfer announcements into the announcements table.\n\n"
        "The Yindeng center's NPL transfer announcements (不良贷款转让公告 and 转让结果公告), as PDF.",
        epilog=_epilog(
            """
  npl-tui ingest yindeng ~/Downloads/yindeng-2023-12-07/ --into feed/
  npl-tui ingest yindeng listing.pdf --url https://www.yindeng.com.cn/.../listing.pdf --into feed/
""",
            "0 every document went in, 1 a document was refused, 2 usage",
        ),
        parents=[into],
    )
    _hint(iy.add_argument("paths", metavar="PATH", nargs="+", type=Path, help="PDF files, or folders searched for *.pdf"), _FILE)
    where = iy.add_mutually_exclusive_group()
    where.add_argument("--url", help="the address the one PDF was downloaded from, kept in its rows' source")
    where.add_argument("--base-url", metavar="URL", help="the address of the folder the PDFs were downloaded from (file name appended)")
    inf = isub.add_parser(
        "nfra",
        help="NFRA/CBIRC quarterly releases (HTML or text) into ratios",
        description="NFRA/CBIRC quarterly releases into the ratios table.\n\n"
        "A regulator's quarterly release on commercial banks (NPL ratio, NPL balance, provision\n"
        "coverage), from a saved page or its URL, in simplified or traditional characters.",
        epilog=_epilog(
            """
  npl-tui ingest nfra release-2025q4.html --into feed/
  npl-tui ingest nfra release.txt --period 2025Q4 --into feed/
""",
            "0 every document went in, 1 a document was refused, 2 usage",
        ),
        parents=[into],
    )
    _hint(inf.add_argument("targets", metavar="FILE|URL", nargs="+", help="saved release pages or their http(s) addresses"), _FILE)
    inf.add_argument("--period", metavar="YYYYQn", help="the quarter, when the text does not say which")

    e = command(
        "export",
        "print one table as CSV or JSON, with source and as-of columns",
        "The table of the newest good data (or of --snapshot DIR), on standard output, each row\n"
        "with its source and as-of date. A cell a spreadsheet would run as a formula is\n"
        "neutralised.",
        _epilog(
            """
  npl-tui export ratios > ratios.csv
  npl-tui export announcements --snapshot feed/ --format json
""",
            "0 printed, 1 the data cannot be read, 2 usage",
        ),
    )
    e.add_argument("table", choices=TABLE_NAMES, metavar="TABLE", help=f"one of: {', '.join(TABLE_NAMES)}")
    _hint(
        e.add_argument("--snapshot", metavar="DIR", type=Path, dest="export_snapshot", help="export from DIR instead of the newest good data"),
        _DIRECTORY,
    )
    e.add_argument("--format", choices=("csv", "json"), default="csv", help="csv (default) or json")

    s = command(
        "serve",
        "the monitor in web browsers: one monitor process for each browser tab",
        "Through textual-serve, each browser tab that opens the page gets a monitor process of\n"
        "its own, started with the monitor options given here. Listens on 127.0.0.1 unless\n"
        "--host says otherwise. There is no login: anyone who can reach the port gets a full\n"
        "monitor session, so beyond this machine put it behind the desk's authenticating proxy\n"
        "(docs/serve.md). Stop it with Ctrl+C.",
        _epilog(
            """
  npl-tui serve                                then open http://127.0.0.1:8000 in a browser
  npl-tui serve --port 8080 --feed https://npl.example.com/feed/ --trust publisher.key.pub
  npl-tui serve --port 8080 --public-url https://npl.desk.example.com/   (behind a proxy)
""",
            "0 stopped with Ctrl+C, 1 cannot listen (port in use...) or bad data options, 2 usage",
        ),
    )
    s.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1: this machine only)")
    s.add_argument("--port", type=_port, default=8000, help="the port to listen on (default 8000)")
    s.add_argument(
        "--public-url",
        metavar="URL",
        type=_http_url,
        help="the address browsers use to reach the server, when a proxy stands in front of it "
        "(default: the address the browser asked for)",
    )
    _monitor_options(s, suppress=True)

    cf = command(
        "config",
        "print the effective settings, where each comes from, and the config file's problems",
        "The config file (config.toml in the user config directory, or --config PATH) read as the\n"
        "monitor reads it, with the monitor options given before the command over it: each\n"
        "setting, its value and where it came from (the file's line, the command line, or the\n"
        "default). Feed URLs are shown with their secrets as ***. The file's problems: one line\n"
        "each on standard error. docs/config.md describes the file.",
        _epilog(
            """
  npl-tui config
  npl-tui config --config desk.toml
  npl-tui --lang zh config                     (the command line over the file)
""",
            "0 read (warnings only), 1 the file has errors (the monitor would use the defaults for them), 2 usage",
        ),
    )
    _hint(cf.add_argument("--config", metavar="PATH", type=Path, default=argparse.SUPPRESS, help="the config file to read (default: config.toml in the user config directory)"), _FILE)

    d = command(
        "diff",
        "compare two snapshots from the history, as fetch prints an update",
        "Each side is a day (YYYY-MM-DD: the snapshot the monitor had at the end of it), a history\n"
        "entry id (or 4+ of its first hex digits), or a snapshot directory. Prints what changed\n"
        "from A to B, table by table: rows added, removed and changed, with the changed cells.\n"
        "The history: every verified snapshot the monitor has had, kept in the user cache\n"
        "directory (docs/history.md).",
        _epilog(
            """
  npl-tui diff 2026-11-01 2026-11-08
  npl-tui diff 3f2a1b9c feed/                  (an entry against a snapshot directory)
  npl-tui diff 2026-11-01 2026-11-08 --feed https://npl.example.com/feed/
""",
            "0 compared, 1 a side names no snapshot (or cannot be read), 2 usage",
        ),
    )
    _hint(d.add_argument("a", metavar="A", help="the older side: a day, a history entry id or a snapshot directory"), _DIRECTORY)
    _hint(d.add_argument("b", metavar="B", help="the newer side: a day, a history entry id or a snapshot directory"), _DIRECTORY)
    d.add_argument("--feed", metavar="URL", type=_http_url, help="for a day: what the monitor had from this feed")

    c = command(
        "completion",
        "print a shell completion script (bash, zsh or fish)",
        "The completion of npl-tui's commands and options for SHELL, made from the same parser\n"
        "as this help.",
        _epilog(
            """
  bash:  npl-tui completion bash > ~/.local/share/bash-completion/completions/npl-tui
  zsh:   npl-tui completion zsh > ~/.zfunc/_npl-tui     (~/.zshrc: fpath+=(~/.zfunc) before compinit)
  fish:  npl-tui completion fish > ~/.config/fish/completions/npl-tui.fish
""",
            "0 printed, 2 usage",
        ),
    )
    c.add_argument("shell", metavar="SHELL", choices=("bash", "zsh", "fish"), help="bash, zsh or fish")
    for parser in (f, v, b, k, i, iy, inf, e, s, cf, d, c):
        _log_options(parser, suppress=True)
    return p


_TRUST_HELP = "refuse a feed whose manifest is not signed by this key (repeat for several keys)"


def _monitor_actions() -> list[argparse.Action]:
    """The monitor's options and the logging options, as the main parser defines them."""
    parser = _Parser(add_help=False)
    _monitor_options(parser, suppress=False)
    _log_options(parser, suppress=False)
    return list(parser._actions)


def monitor_argv(args: argparse.Namespace) -> list[str]:
    """The command line options, after ``npl-tui``, of the monitor that *args* (from
    `npl-tui serve ...` or `npl-tui ...`) describe: every monitor and logging option
    that differs from its default, from the parser's own definitions, so an option added
    to the monitor reaches the served monitor without a change here. Paths absolute."""
    argv: list[str] = []
    for action in _monitor_actions():
        value = getattr(args, action.dest, action.default)
        if value is None or value == action.default:
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, Path):
                item = os.path.abspath(item)
            elif isinstance(item, float):
                item = f"{item:g}"
            argv += [action.option_strings[-1], str(item)]
    return argv


def _http_url(text: str) -> str:
    """An argument that must be an http(s) URL: a malformed one is a usage error."""
    if not _is_url(text.strip()):
        raise argparse.ArgumentTypeError(f"{text!r} is not an http(s) URL")
    from .core.feed import normalise_feed_url
    from .core.snapshot import DataError

    try:
        normalise_feed_url(text)
    except DataError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _as_of(text: str) -> str:
    """--as-of: a day YYYY-MM-DD or a history entry id (4 to 16 hex digits)."""
    value = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None
        return value
    if re.fullmatch(r"[0-9a-fA-F]{4,16}", value):
        return value.lower()
    raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD) or a history entry id (4 to 16 hex digits)")


def _dir_or_url(text: str) -> str:
    """A directory, or (when it looks like one: it has a scheme) an http(s) URL."""
    return _http_url(text) if "://" in text else text


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1-65535)")
    return value


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be greater than 0")
    return value


def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def _plain(text: object) -> str:
    """One line for the terminal: control characters (escape sequences included) gone."""
    return clean_text(str(text), limit=100_000)


def _out(text: object) -> None:
    print(_plain(text))


def _error_line(message: object, level: int = logging.ERROR) -> None:
    """One line on standard error, ``npl-tui: message``, and the same in the log file."""
    text = _plain(message)
    log.log(level, "%s", text)
    print(f"{PROG}: {text}", file=sys.stderr)


def _fail(message: str, code: int = EXIT_DATA) -> int:
    _error_line(message)
    return code


def _usage(message: str) -> int:
    return _fail(f"{message} (see '{PROG} --help')", EXIT_USAGE)


def _trusted(args: argparse.Namespace):
    """The public keys given with --trust (loaded: a bad key file is one line)."""
    paths = getattr(args, "trust", None) or []
    if not paths:
        return ()
    from .core.signing import load_public_key

    return tuple(load_public_key(path) for path in paths)


# --------------------------------------------------------------------------- sources


def cached_copy(feed: str, trust=(), parsed=None):
    """The cached copy of feed *feed* as a local source (named by the feed's URL, not the
    cache's directory), or None when the cache has none."""
    from .core.cache import FeedCache, redact_url
    from .core.feed import normalise_feed_url
    from .core.sources import LocalSnapshotSource

    url = redact_url(normalise_feed_url(feed))
    cache = FeedCache()
    directory = cache.current_dir(url)
    if directory is None:
        return None
    info = cache.cached(url)
    return LocalSnapshotSource(
        directory, kind="cache", label=f"cache of {url}", parsed=parsed, location=url, fetched_at=info.fetched_at if info else None, trust=trust
    )


def make_fallback(feed: str, trust=()):
    """What ``--feed URL`` shows if the feed fails before it ever worked: the cached
    copy of that feed, else the shipped snapshot (with the error beside it)."""
    from .core.paths import shipped_snapshot_dir
    from .core.sources import FallbackSource, LocalSnapshotSource

    shipped = LocalSnapshotSource(shipped_snapshot_dir(), kind="shipped")
    cached = cached_copy(feed, trust)
    if cached is None:
        return shipped
    return FallbackSource(cached, shipped)


def make_source(snapshot: Path | None = None, feed: str | None = None, trust=()):
    """The source for the monitor and for export: explicit, or the newest good data.
    With *trust* (public keys), a feed, a cached feed or a snapshot directory must be
    signed by one of them; the shipped snapshot is part of the program and exempt."""
    from .core.parsed_cache import ParsedCache
    from .core.paths import shipped_snapshot_dir
    from .core.sources import FallbackSource, LocalSnapshotSource

    parsed = ParsedCache.default()
    if snapshot is not None:
        return LocalSnapshotSource(snapshot, kind="snapshot", parsed=parsed, trust=trust)
    shipped = LocalSnapshotSource(shipped_snapshot_dir(), kind="shipped", parsed=parsed)
    if feed is not None:
        from .core.cache import FeedCache
        from .core.feed import HttpFeedSource

        return HttpFeedSource(feed, FeedCache(), trust=trust)
    from .core.cache import FeedCache

    newest = FeedCache().newest()
    if newest is None:
        return shipped
    url, directory, fetched = newest  # already redacted: the cache never stores secrets
    cached = LocalSnapshotSource(
        directory, kind="cache", label=f"cache of {url}", parsed=parsed, location=url, fetched_at=fetched, trust=trust
    )
    return FallbackSource(cached, shipped)


async def _load_once(source):
    from .core.snapshot import DataError

    try:
        snapshot = await source.load()
    finally:
        await source.aclose()
    if snapshot is None:
        raise DataError(f"{source.label}: no data")
    return snapshot


# --------------------------------------------------------------------------- commands


def _dumb_terminal() -> str | None:
    """The reason this terminal cannot show the full-screen monitor, or None."""
    if os.environ.get("TEXTUAL_DRIVER"):
        return None  # not drawn on this terminal: e.g. `npl-tui serve`'s monitors draw in a browser
    term = os.environ.get("TERM", "")
    if term == "dumb":
        return "TERM=dumb: this terminal cannot show the full-screen monitor (no cursor movement, no colour)"
    return None


def _monitor_problem(args: argparse.Namespace, config) -> int | None:
    """Check the monitor's options (with the *config* they go with) before anything
    starts: the exit status after one error line, or None when they are usable."""
    if args.as_of is not None and args.snapshot is not None:
        return _usage("--as-of shows the history; it does not go with --snapshot DIR")
    if args.refresh is not None and (args.snapshot is not None or config.feed_url is None):
        return _usage("--refresh needs --feed URL (or feed.url in the config file)")
    if args.snapshot is not None and not (args.snapshot / "manifest.json").is_file():
        return _fail(f"{args.snapshot}: not a snapshot directory (no manifest.json)")
    return None


def effective_config(args: argparse.Namespace):
    """The config file's settings with the command line's over them, and the file's
    problems (the caller says them). A feed URL in the file that cannot be used is one
    more problem, not a failure."""
    from .core.config import ConfigProblem, load_config

    config, problems = load_config(getattr(args, "config", None))
    if config.feed_urls and getattr(args, "feed", None) is None:
        from .core.feed import normalise_feed_url
        from .core.snapshot import DataError

        usable = []
        for url in config.feed_urls:
            try:
                normalise_feed_url(url)
            except DataError as exc:
                problems.append(ConfigProblem(str(config.path), None, "feed.url", f"{exc}; ignored"))
                continue
            usable.append(url)
        if len(usable) != len(config.feed_urls):
            config = replace(config, feed_urls=tuple(usable))
    config = config.with_overrides(
        feed_urls=(args.feed,) if getattr(args, "feed", None) else None,
        refresh=getattr(args, "refresh", None),
        lang=getattr(args, "lang", None),
        unit=getattr(args, "unit", None),
    )
    return config, problems


def _save_path(config, explicit: bool) -> Path | None:
    """Where the monitor saves what the user changes in it (language, unit, theme): the
    config file when it exists or was named with --config; else the default file, when
    its directory exists or can be made; None (nothing saved) otherwise."""
    path: Path = config.path
    if explicit or path.exists():
        return path
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    return path if parent.is_dir() and os.access(parent, os.W_OK | os.X_OK) else None


def monitor_app(args: argparse.Namespace, config=None, problems=()):
    """The monitor that *args* describe, built but not running: the config file read
    (*config* and its *problems*, from :func:`effective_config`, when read already),
    the command line over it, the source picked, the problems to show in the app.
    Raises DataError or HistoryError (one line) when --as-of names no usable snapshot."""
    if config is None:
        config, problems = effective_config(args)
    feed = None if args.snapshot is not None else config.feed_url
    refresh = config.refresh if feed is not None else None  # with --as-of: once back to live
    trust = _trusted(args)
    notices = [("warning" if p.level == "warning" else "error", str(p)) for p in problems]
    if len(config.feed_urls) > 1:
        notices.append(("warning", f"{config.path}: feed.urls: {len(config.feed_urls)} feeds given; the monitor shows the first"))
    past = None
    if args.as_of is not None:
        from .core.history import HistoryError, load_past
        from .core.snapshot import DataError
        from .core.sources import PastSource

        try:
            snapshot, found = load_past(args.as_of, feed=args.feed, trust=trust)
        except HistoryError as exc:
            raise DataError(str(exc)) from None
        for notice in found:
            log.warning("%s", notice)
        notices += [("warning", notice) for notice in found]
        past = PastSource(snapshot, label=f"history {snapshot.fingerprint}")
    from .app import NplApp

    return NplApp(
        make_source(args.snapshot, feed, trust),
        fallback=make_fallback(feed, trust) if feed else None,
        # the feed's cached copy is on screen at once while the feed is checked
        initial=cached_copy(feed, trust) if feed else None,
        refresh_seconds=refresh,
        stale_after=(refresh * 3 if refresh else None),
        lang=config.lang,
        unit=config.unit,
        theme=config.theme,
        keymap=config.keymap(),
        config_path=_save_path(config, explicit=args.config is not None),
        notices=notices,
        past=past,
        trust=trust,
        keep_in_history=args.snapshot,
        config=config,  # alert rules and the watchlist: the same file, read once
    )


def _run_monitor(args: argparse.Namespace) -> int:
    config, problems = effective_config(args)
    problem = _monitor_problem(args, config)
    if problem is not None:
        return problem
    dumb = _dumb_terminal()
    if dumb is not None:
        # Textual would draw on the alternate screen in truecolour regardless: refuse
        # plainly and point at what does work here.
        return _fail(f"{dumb}; run it in a terminal such as xterm (TERM=xterm-256color), or use `npl-tui export TABLE` / `npl-tui fetch URL` for plain text")
    for line in problems:  # shown in the monitor too (notices)
        log.log(logging.WARNING if line.level == "warning" else logging.ERROR, "%s", line)
    from .textual_workarounds import (
        gc_after_first_frame,
        pause_gc_until_first_frame,
        prompt_frames,
    )

    pause_gc_until_first_frame()
    prompt_frames()
    try:
        app = monitor_app(args, config, problems)
    except BaseException:
        gc.enable()
        raise
    app.on_first_frame = gc_after_first_frame
    try:
        app.run()
    finally:
        gc.enable()
    return app.return_code or 0


def _cmd_fetch(args: argparse.Namespace) -> int:
    from .core.cache import FeedCache
    from .core.diff import describe_changes, diff_snapshots
    from .core.feed import HttpFeedSource
    from .core.snapshot import DataError

    cache = FeedCache()
    # DataError for a bad URL or a bad key file: one line in main()
    source = HttpFeedSource(args.url, cache, deadline=args.deadline, trust=_trusted(args))
    old = cache.load_current(source.url)  # the cache is keyed by the normalised URL
    shown = _ProgressLine(sys.stderr, source) if sys.stderr.isatty() else None
    source.progress = shown

    async def go():
        try:
            return await source.load()
        finally:
            await source.aclose()

    try:
        try:
            new = asyncio.run(go())
        finally:
            if shown is not None:
                shown.clear()
    except DataError as exc:
        kept = f"; kept the last good copy ({_describe(old)})" if old is not None else "; no earlier copy in the cache"
        return _fail(f"fetch failed: {exc}{kept}")
    if source.cache_error:
        # Fetching is this command's whole job: data that was not saved is a failure.
        return _fail(f"fetch verified {source.label} but could not save it: {source.cache_error}")
    if new is None or (old is not None and new.fingerprint == old.fingerprint):
        _out(f"{source.label}: not modified ({_describe(old)})" if old else f"{source.label}: not modified")
        return 0
    if old is None:
        _out(f"{source.label}: fetched ({_describe(new)})")
        for name, table in new.tables.items():
            _out(f"{name}: {len(table)} rows")
        return 0
    _out(f"{source.label}: updated ({_describe(new)})")
    for line in describe_changes(diff_snapshots(old, new)):
        _out(line)
    return 0


class _ProgressLine:
    """``npl-tui fetch``'s progress on a terminal: one line rewritten in place,
    ``lots.csv.gz  41.2 / 120.5 MB  34%``, erased when the fetch ends (plain spaces
    and carriage returns, no escape sequences: any terminal shows it)."""

    def __init__(self, stream: Any, source: Any) -> None:
        self.stream = stream
        self.source = source
        self.width = 0

    def __call__(self, table: str, received: int, expected: int | None) -> None:
        offered = self.source.offered
        entry = offered.tables.get(table) if offered is not None else None
        name = entry.file if entry is not None else table
        got = f"{received / 1e6:.1f}"
        if expected:
            text = f"{name}  {got} / {expected / 1e6:.1f} MB  {min(100, received * 100 // expected)}%"
        else:
            text = f"{name}  {got} MB"
        self._write(text)

    def _write(self, text: str) -> None:
        text = _plain(text)
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = len(text)

    def clear(self) -> None:
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0


def _describe(snapshot) -> str:
    rows = sum(len(t) for t in snapshot.tables.values())
    newest = snapshot.newest_as_of()
    lots = snapshot.lots_entry
    more = f" and {lots.rows:,} lots{' (synthetic)' if 'lots' in snapshot.manifest.synthetic else ''}" if lots is not None else ""
    return f"{rows} rows{more}, newest fact {newest.isoformat() if newest else 'none'}, fingerprint {snapshot.fingerprint}"


def _check_lots(snapshot) -> None:
    """Read and check the snapshot's lots file when it has one (raises DataError)."""
    path, entry = snapshot.lots_file(), snapshot.lots_entry
    if path is None or entry is None:
        return
    from .core.lots import read_lots

    read_lots(path, entry, where=snapshot.lots_where())


def _cmd_validate(args: argparse.Namespace) -> int:
    from .core.snapshot import DataError, Origin, read_snapshot_dir

    target = args.target
    trust = _trusted(args)
    try:
        if _is_url(target):
            import tempfile

            from .core.cache import FeedCache
            from .core.feed import HttpFeedSource

            with tempfile.TemporaryDirectory(prefix="npl-tui-validate-") as scratch:  # validate never touches the user's cache
                source = HttpFeedSource(target, FeedCache(Path(scratch)), trust=trust)
                target = source.url  # shown without its secrets
                snapshot = asyncio.run(_load_once(source))
                if snapshot is not None:
                    _check_lots(snapshot)  # (while the scratch copy of its files is there)
        else:
            path = Path(target)
            if not path.is_dir():
                return _fail(f"{target}: no such directory" if not path.exists() else f"{target}: not a directory")
            if trust:
                from .core.signing import verify_manifest

                try:
                    manifest_raw = (path / "manifest.json").read_bytes()
                except OSError:
                    manifest_raw = None  # reported by read_snapshot_dir
                if manifest_raw is not None:
                    verify_manifest(manifest_raw, trust, str(path / "manifest.json"))
            snapshot = read_snapshot_dir(path, Origin("snapshot", str(path)))
            _check_lots(snapshot)
    except DataError as exc:
        for problem in exc.problems:
            _error_line(problem)
        return EXIT_DATA
    signed = f", signed by trusted key {', '.join(k.key_id for k in trust)}" if trust else ""
    _out(f"{target}: valid{signed} — {_describe(snapshot)}")
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    import json

    from .core.schema import TABLES
    from .core.snapshot import MANIFEST_NAME, DataError, make_manifest, parse_table

    directory: Path = args.directory
    if not directory.is_dir():
        return _fail(f"{directory}: no such directory" if not directory.exists() else f"{directory}: not a directory")
    key = None
    if args.sign is not None:
        from .core.signing import load_signing_key

        key = load_signing_key(args.sign)  # a bad key file: one line, before anything is read
    problems, raw, counts = [], {}, {}
    for name, spec in TABLES.items():
        path = directory / spec.filename
        try:
            raw[name] = path.read_bytes()
        except OSError as exc:
            problems.append(f"{path}: cannot be read: {exc.strerror or exc}")
            continue
        try:
            counts[name] = len(parse_table(spec, raw[name], str(path)))
        except DataError as exc:
            problems.extend(str(p) for p in exc.problems)
    files = {}
    lots_files = [p for p in (directory / "lots.csv", directory / "lots.csv.gz") if p.is_file()]
    if len(lots_files) > 1:
        problems.append(f"{directory}: has both lots.csv and lots.csv.gz: keep one")
    elif lots_files:
        from .core.lots import read_lots, scan_lots

        try:
            files["lots"] = entry = scan_lots(lots_files[0])
            read_lots(lots_files[0], entry)
        except DataError as exc:
            problems.extend(str(p) for p in exc.problems)
    if problems:
        for line in problems:
            _error_line(line)
        return EXIT_DATA
    try:
        old = json.loads((directory / MANIFEST_NAME).read_text("utf-8"))
    except (OSError, ValueError):
        old = {}
    old = old if isinstance(old, dict) else {}
    title = args.title
    if title is None:
        title = old.get("title", "") if isinstance(old.get("title", ""), str) else ""
    # a table the old manifest called synthetic stays so while it is there
    synthetic = tuple(n for n in old.get("synthetic", []) if isinstance(n, str) and (n in counts or n in files)) \
        if isinstance(old.get("synthetic"), list) else ()
    generated = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    manifest = make_manifest(raw, counts, generated, title or "", sign=key, files=files, synthetic=synthetic)
    tmp = directory / f".{MANIFEST_NAME}.tmp"
    tmp.write_bytes(manifest)
    from .ingest.snapshot_dir import publish_manifest

    publish_manifest(tmp, directory / MANIFEST_NAME)
    signed = f" and signed (key {key.public.key_id})" if key is not None else ""
    lots_part = f", lots {files['lots'].rows} rows" if "lots" in files else ""
    _out(f"{directory / MANIFEST_NAME}: written{signed} — " + ", ".join(f"{n} {counts[n]} rows" for n in TABLES) + lots_part)
    return 0


def _cmd_keygen(args: argparse.Namespace) -> int:
    from .core.signing import generate_keypair

    private, public, key_id = generate_keypair(args.keyfile)
    _out(f"{private}: private key written (mode 0600; keep it secret, for npl-tui build DIR --sign {private})")
    _out(f"{public}: public key written (key {key_id}; give it to every desk: npl-tui --feed URL --trust {public.name})")
    return 0


def _cmd_ingest(args: argparse.Namespace) -> int:
    from .ingest.run import ingest_nfra, ingest_yindeng

    def problem(line: str) -> None:
        _error_line(line)

    def warn(line: str) -> None:
        _error_line(f"warning: {line}", logging.WARNING)

    key = None
    if args.sign is not None:
        from .core.signing import load_signing_key

        key = load_signing_key(args.sign)  # a bad key file: one line, before any document is read
    if args.ingest_kind == "yindeng":
        return ingest_yindeng(args.paths, args.into, url=args.url, base_url=args.base_url, sign=key, problem=problem)
    return ingest_nfra(args.targets, args.into, period=args.period, sign=key, problem=problem, warn=warn)


def _cmd_export(args: argparse.Namespace) -> int:
    from .core.export import export_table
    from .core.snapshot import DataError

    if args.export_snapshot is not None and not args.export_snapshot.is_dir():
        path = args.export_snapshot
        return _fail(f"{path}: no such directory" if not path.exists() else f"{path}: not a directory")
    try:
        snapshot = asyncio.run(_load_once(make_source(args.export_snapshot)))
    except DataError as exc:
        return _fail(str(exc))
    export_table(snapshot[args.table], sys.stdout, args.format)
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    config, problems = effective_config(args)
    problem = _monitor_problem(args, config)
    if problem is not None:
        return problem
    for line in problems:  # once here; each browser's monitor shows them too
        _error_line(f"warning: {line}" if line.level == "warning" else line, logging.WARNING if line.level == "warning" else logging.ERROR)
    if args.as_of is not None:
        from .core.history import History, HistoryError

        try:
            History().entry(args.as_of, args.feed)  # nothing on that day: one line now, not in every browser tab
        except HistoryError as exc:
            return _fail(str(exc))
    _trusted(args)  # a key file that cannot be used: one line now, not in every browser tab
    from .serve import serve

    return serve(args.host, args.port, monitor_argv(args), public_url=args.public_url, warn=lambda line: _error_line(f"warning: {line}", logging.WARNING))


def _cmd_config(args: argparse.Namespace) -> int:
    from .core.config import describe_config

    config, problems = effective_config(args)
    for line in describe_config(config):
        _out(line)
    for problem in problems:
        if problem.level == "warning":
            _error_line(f"warning: {problem}", logging.WARNING)
        else:
            _error_line(problem)
    return EXIT_DATA if any(p.level != "warning" for p in problems) else EXIT_OK


def _cmd_diff(args: argparse.Namespace) -> int:
    from .core.history import History, HistoryError, diff_entries
    from .core.snapshot import DataError

    history = History()
    try:
        result = diff_entries(args.a, args.b, history, feed=args.feed)
    except (HistoryError, DataError) as exc:
        return _fail(str(exc))
    finally:
        for notice in history.take_notices():
            _error_line(f"warning: {notice}", logging.WARNING)
    _out(f"A: {result.a}")
    _out(f"B: {result.b}")
    for line in result.lines():
        _out(line)
    return EXIT_OK


def _cmd_completion(args: argparse.Namespace) -> int:
    from .completion import completion_script

    sys.stdout.write(completion_script(build_parser(), args.shell))
    return EXIT_OK


COMMANDS = {
    "fetch": _cmd_fetch,
    "validate": _cmd_validate,
    "build": _cmd_build,
    "keygen": _cmd_keygen,
    "ingest": _cmd_ingest,
    "export": _cmd_export,
    "serve": _cmd_serve,
    "config": _cmd_config,
    "diff": _cmd_diff,
    "completion": _cmd_completion,
}


def main(argv: Sequence[str] | None = None) -> int:
    from .core import logs

    args = build_parser().parse_args(argv)
    logs.configure(args.log_level, args.log_file)
    try:
        return _main(args)
    finally:
        logs.unconfigure()


def _main(args: argparse.Namespace) -> int:
    from .core.signing import KeyFileError
    from .core.snapshot import DataError

    try:
        if args.command is None:
            return _run_monitor(args)
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        return _fail("interrupted", EXIT_INTERRUPTED)
    except DataError as exc:  # e.g. a feed URL with no host
        return _fail(str(exc))
    except KeyFileError as exc:  # a --trust or --sign key file that cannot be used
        return _fail(str(exc))
    except BrokenPipeError:
        # `npl-tui export ratios | head`: the reader left; that is not an error.
        sys.stderr.close()
        return EXIT_OK
    except OSError as exc:
        name, reason = getattr(exc, "filename", None), exc.strerror or str(exc)
        return _fail(f"{name}: {reason}" if name else reason)
    except Exception as exc:
        # A bug: one line here, the traceback in the log file for the report.
        log.exception("unexpected error")
        return _fail(f"unexpected error: {type(exc).__name__}: {exc} (the traceback is in the log file; see --help, files)")


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
