"""Command line: parse, pick a source, run the monitor or a data command.

Every error is one line on stderr and a non-zero exit; never a traceback. Whatever
is printed passes through :func:`_plain`: text from a feed or a server (a reason
phrase, a cell, a URL) never reaches the terminal as control characters.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from . import __version__
from .core.schema import TABLE_NAMES
from .core.text import clean_text

__all__ = ["build_parser", "main", "make_source"]

PROG = "npl-tui"


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors are one line too."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog=PROG,
        description="A terminal monitor for China's non-performing-loan market.",
        epilog="With no command, runs the monitor on the newest good data: a valid cached feed, else the shipped snapshot.",
    )
    p.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    src = p.add_mutually_exclusive_group()
    src.add_argument("--snapshot", metavar="DIR", type=Path, help="run on a snapshot directory")
    src.add_argument("--feed", metavar="URL", help="run on an HTTP feed (cached; last good data kept)")
    p.add_argument("--refresh", metavar="SECONDS", type=_positive, help="with --feed: re-check the feed every SECONDS (default 300)")
    p.add_argument("--trust", metavar="KEYFILE.pub", type=Path, action="append", help=_TRUST_HELP)
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="names in English or 中文 (toggle with l)")
    p.add_argument("--unit", choices=("yi", "bn"), default="yi", help="amounts in 亿元 or RMB billions (toggle with u)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    f = sub.add_parser("fetch", help="update the cache from a feed and print what changed")
    f.add_argument("url", metavar="URL")
    f.add_argument("--deadline", type=_positive, default=60.0, metavar="SECONDS", help="give up after SECONDS (default 60)")
    f.add_argument("--trust", metavar="KEYFILE.pub", type=Path, action="append", default=argparse.SUPPRESS, help=_TRUST_HELP)

    v = sub.add_parser("validate", help="check a snapshot directory or feed URL; one line per problem")
    v.add_argument("target", metavar="DIR|URL")
    v.add_argument("--trust", metavar="KEYFILE.pub", type=Path, action="append", default=argparse.SUPPRESS, help=_TRUST_HELP)

    b = sub.add_parser("build", help="validate DIR's tables and (re)write its manifest.json")
    b.add_argument("directory", metavar="DIR", type=Path)
    b.add_argument("--title", default=None, help="manifest title (default: keep the existing one)")
    b.add_argument("--sign", metavar="KEYFILE", type=Path, help="sign the manifest with KEYFILE (from npl-tui keygen)")

    k = sub.add_parser(
        "keygen",
        help="make a key pair for signing a feed: KEYFILE (secret) and KEYFILE.pub (for every desk)",
        description="Write a new Ed25519 key pair: KEYFILE, the private key (mode 0600), for npl-tui build --sign; "
        "KEYFILE.pub, the public key, for every desk's --trust.",
    )
    k.add_argument("keyfile", metavar="KEYFILE", type=Path)

    i = sub.add_parser(
        "ingest",
        help="turn the publishers' documents into a snapshot directory's tables",
        description="Read what the market publishes into a snapshot directory (created when missing), then rebuild its manifest.",
    )
    isub = i.add_subparsers(dest="ingest_kind", metavar="KIND", parser_class=_Parser, required=True)
    into = _Parser(add_help=False)  # what every kind of ingest takes
    into.add_argument("--into", metavar="DIR", type=Path, required=True, help="the snapshot directory to update (created if missing)")
    into.add_argument("--sign", metavar="KEYFILE", type=Path, help="sign the rebuilt manifest with KEYFILE (from npl-tui keygen); required when DIR's manifest is signed")
    iy = isub.add_parser(
        "yindeng",
        help="Yindeng transfer announcements (PDF listings and results) into announcements",
        description="Yindeng center NPL transfer announcements (不良贷款转让公告 and 转让结果公告, PDF) into the announcements table.",
        epilog="example: npl-tui ingest yindeng ~/Downloads/yindeng-2023-12-07/ --into feed/",
        parents=[into],
    )
    iy.add_argument("paths", metavar="PATH", nargs="+", type=Path, help="PDF files, or folders searched for *.pdf")
    where = iy.add_mutually_exclusive_group()
    where.add_argument("--url", help="the address the one PDF was downloaded from, kept in its rows' source")
    where.add_argument("--base-url", metavar="URL", help="the address of the folder the PDFs were downloaded from (file name appended)")
    inf = isub.add_parser(
        "nfra",
        help="NFRA/CBIRC quarterly releases (HTML or text) into ratios",
        description="A regulator's quarterly release on commercial banks (NPL ratio, NPL balance, provision coverage), "
        "from a saved page or its URL, in simplified or traditional characters, into the ratios table.",
        epilog="example: npl-tui ingest nfra release-2025q4.html --into feed/",
        parents=[into],
    )
    inf.add_argument("targets", metavar="FILE|URL", nargs="+", help="saved release pages or their http(s) addresses")
    inf.add_argument("--period", metavar="YYYYQn", help="the quarter, when the text does not say which")

    e = sub.add_parser("export", help="print one table as CSV or JSON, with source and as-of columns")
    e.add_argument("table", choices=TABLE_NAMES, metavar="TABLE", help=f"one of: {', '.join(TABLE_NAMES)}")
    e.add_argument("--snapshot", metavar="DIR", type=Path, dest="export_snapshot", help="export from DIR instead of the newest good data")
    e.add_argument("--format", choices=("csv", "json"), default="csv")
    return p


_TRUST_HELP = "refuse a feed whose manifest is not signed by this key (repeat for several keys)"


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


def _fail(message: str, code: int = 1) -> int:
    print(f"{PROG}: {_plain(message)}", file=sys.stderr)
    return code


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
    term = os.environ.get("TERM", "")
    if term == "dumb":
        return "TERM=dumb: this terminal cannot show the full-screen monitor (no cursor movement, no colour)"
    return None


def _run_monitor(args: argparse.Namespace) -> int:
    if args.snapshot is not None and not (args.snapshot / "manifest.json").is_file():
        return _fail(f"{args.snapshot}: not a snapshot directory (no manifest.json)")
    if args.feed is not None and not _is_url(args.feed):
        return _fail(f"--feed {args.feed!r}: not an http(s) URL")
    if args.refresh is not None and args.feed is None:
        return _fail("--refresh needs --feed URL")
    refresh = args.refresh if args.refresh is not None else (300.0 if args.feed else None)
    dumb = _dumb_terminal()
    if dumb is not None:
        # Textual would draw on the alternate screen in truecolour regardless: refuse
        # plainly and point at what does work here.
        return _fail(f"{dumb}; run it in a terminal such as xterm (TERM=xterm-256color), or use `npl-tui export TABLE` / `npl-tui fetch URL` for plain text")
    trust = _trusted(args)
    from .textual_workarounds import gc_after_first_frame, pause_gc_until_first_frame

    pause_gc_until_first_frame()
    from .app import NplApp

    app = NplApp(
        make_source(args.snapshot, args.feed, trust),
        fallback=make_fallback(args.feed, trust) if args.feed else None,
        # the feed's cached copy is on screen at once while the feed is checked
        initial=cached_copy(args.feed, trust) if args.feed else None,
        refresh_seconds=refresh,
        stale_after=(refresh * 3 if refresh else None),
        lang=args.lang,
        unit=args.unit,
        on_first_frame=gc_after_first_frame,
    )
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

    if not _is_url(args.url):
        return _fail(f"fetch {args.url!r}: not an http(s) URL")
    cache = FeedCache()
    # DataError for a bad URL or a bad key file: one line in main()
    source = HttpFeedSource(args.url, cache, deadline=args.deadline, trust=_trusted(args))
    old = cache.load_current(source.url)  # the cache is keyed by the normalised URL

    async def go():
        try:
            return await source.load()
        finally:
            await source.aclose()

    try:
        new = asyncio.run(go())
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


def _describe(snapshot) -> str:
    rows = sum(len(t) for t in snapshot.tables.values())
    newest = snapshot.newest_as_of()
    return f"{rows} rows, newest fact {newest.isoformat() if newest else 'none'}, fingerprint {snapshot.fingerprint}"


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
        else:
            path = Path(target)
            if not path.is_dir():
                return _fail(f"{target}: not a directory or http(s) URL")
            if trust:
                from .core.signing import verify_manifest

                try:
                    manifest_raw = (path / "manifest.json").read_bytes()
                except OSError:
                    manifest_raw = None  # reported by read_snapshot_dir
                if manifest_raw is not None:
                    verify_manifest(manifest_raw, trust, str(path / "manifest.json"))
            snapshot = read_snapshot_dir(path, Origin("snapshot", str(path)))
    except DataError as exc:
        for problem in exc.problems:
            _out(problem)
        return 1
    signed = f", signed by trusted key {', '.join(k.key_id for k in trust)}" if trust else ""
    _out(f"{target}: valid{signed} — {_describe(snapshot)}")
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    import json

    from .core.schema import TABLES
    from .core.snapshot import MANIFEST_NAME, DataError, make_manifest, parse_table

    directory: Path = args.directory
    if not directory.is_dir():
        return _fail(f"{directory}: not a directory")
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
    if problems:
        for line in problems:
            _out(line)
        return 1
    title = args.title
    if title is None:
        try:
            title = json.loads((directory / MANIFEST_NAME).read_text("utf-8")).get("title", "")
        except (OSError, ValueError, AttributeError):
            title = ""
    generated = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    manifest = make_manifest(raw, counts, generated, title or "", sign=key)
    tmp = directory / f".{MANIFEST_NAME}.tmp"
    tmp.write_bytes(manifest)
    from .ingest.snapshot_dir import publish_manifest

    publish_manifest(tmp, directory / MANIFEST_NAME)
    signed = f" and signed (key {key.public.key_id})" if key is not None else ""
    _out(f"{directory / MANIFEST_NAME}: written{signed} — " + ", ".join(f"{n} {counts[n]} rows" for n in TABLES))
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
        print(f"{PROG}: {_plain(line)}", file=sys.stderr)

    def warn(line: str) -> None:
        print(f"{PROG}: warning: {_plain(line)}", file=sys.stderr)

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
        return _fail(f"{args.export_snapshot}: not a directory")
    try:
        snapshot = asyncio.run(_load_once(make_source(args.export_snapshot)))
    except DataError as exc:
        return _fail(str(exc))
    export_table(snapshot[args.table], sys.stdout, args.format)
    return 0


COMMANDS = {
    "fetch": _cmd_fetch,
    "validate": _cmd_validate,
    "build": _cmd_build,
    "keygen": _cmd_keygen,
    "ingest": _cmd_ingest,
    "export": _cmd_export,
}


def main(argv: Sequence[str] | None = None) -> int:
    from .core.signing import KeyFileError
    from .core.snapshot import DataError

    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            return _run_monitor(args)
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        return 130
    except DataError as exc:  # e.g. a feed URL with no host
        return _fail(str(exc))
    except KeyFileError as exc:  # a --trust or --sign key file that cannot be used
        return _fail(str(exc))
    except BrokenPipeError:
        # `npl-tui export ratios | head`: the reader left; that is not an error.
        sys.stderr.close()
        return 0
    except OSError as exc:
        return _fail(f"{getattr(exc, 'filename', '') or ''} {exc.strerror or exc}".strip())


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
