"""Command line: parse, pick a source, run the monitor or a data command.

Every error is one line on stderr and a non-zero exit; never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gc
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from . import __version__
from .core.schema import TABLE_NAMES

__all__ = ["main", "build_parser", "make_source"]

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
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="names in English or 中文 (toggle with l)")
    p.add_argument("--unit", choices=("yi", "bn"), default="yi", help="amounts in 亿元 or RMB billions (toggle with u)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    f = sub.add_parser("fetch", help="update the cache from a feed and print what changed")
    f.add_argument("url", metavar="URL")
    f.add_argument("--deadline", type=_positive, default=60.0, metavar="SECONDS", help="give up after SECONDS (default 60)")

    v = sub.add_parser("validate", help="check a snapshot directory or feed URL; one line per problem")
    v.add_argument("target", metavar="DIR|URL")

    b = sub.add_parser("build", help="validate DIR's tables and (re)write its manifest.json")
    b.add_argument("directory", metavar="DIR", type=Path)
    b.add_argument("--title", default=None, help="manifest title (default: keep the existing one)")

    i = sub.add_parser(
        "ingest",
        help="turn the publishers' documents into a snapshot directory's tables",
        description="Read what the market publishes into a snapshot directory (created when missing), then rebuild its manifest.",
    )
    isub = i.add_subparsers(dest="ingest_kind", metavar="KIND", parser_class=_Parser, required=True)
    iy = isub.add_parser(
        "yindeng",
        help="Yindeng transfer announcements (PDF listings and results) into announcements",
        description="Yindeng center NPL transfer announcements (不良贷款转让公告 and 转让结果公告, PDF) into the announcements table.",
        epilog="example: npl-tui ingest yindeng ~/Downloads/yindeng-2023-12-07/ --into feed/",
    )
    iy.add_argument("paths", metavar="PATH", nargs="+", type=Path, help="PDF files, or folders searched for *.pdf")
    iy.add_argument("--into", metavar="DIR", type=Path, required=True, help="the snapshot directory to update (created if missing)")
    where = iy.add_mutually_exclusive_group()
    where.add_argument("--url", help="the address the one PDF was downloaded from, kept in its rows' source")
    where.add_argument("--base-url", metavar="URL", help="the address of the folder the PDFs were downloaded from (file name appended)")
    inf = isub.add_parser(
        "nfra",
        help="NFRA/CBIRC quarterly releases (HTML or text) into ratios",
        description="A regulator's quarterly release on commercial banks (NPL ratio, NPL balance, provision coverage), "
        "from a saved page or its URL, in simplified or traditional characters, into the ratios table.",
        epilog="example: npl-tui ingest nfra release-2025q4.html --into feed/",
    )
    inf.add_argument("targets", metavar="FILE|URL", nargs="+", help="saved release pages or their http(s) addresses")
    inf.add_argument("--period", metavar="YYYYQn", help="the quarter, when the text does not say which")
    inf.add_argument("--into", metavar="DIR", type=Path, required=True, help="the snapshot directory to update (created if missing)")

    e = sub.add_parser("export", help="print one table as CSV or JSON, with source and as-of columns")
    e.add_argument("table", choices=TABLE_NAMES, metavar="TABLE", help=f"one of: {', '.join(TABLE_NAMES)}")
    e.add_argument("--snapshot", metavar="DIR", type=Path, dest="export_snapshot", help="export from DIR instead of the newest good data")
    e.add_argument("--format", choices=("csv", "json"), default="csv")
    return p


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


def _fail(message: str, code: int = 1) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return code


# --------------------------------------------------------------------------- sources


def make_fallback(feed: str):
    """What ``--feed URL`` shows if the feed fails before it ever worked: the cached
    copy of that feed, else the shipped snapshot (with the error beside it)."""
    from .core.cache import FeedCache, redact_url
    from .core.feed import normalise_feed_url
    from .core.paths import shipped_snapshot_dir
    from .core.sources import FallbackSource, LocalSnapshotSource

    shipped = LocalSnapshotSource(shipped_snapshot_dir(), kind="shipped")
    url = normalise_feed_url(feed)
    cached = FeedCache().current_dir(url)
    if cached is None:
        return shipped
    return FallbackSource(LocalSnapshotSource(cached, kind="cache", label=f"cache of {redact_url(url)}"), shipped)


def make_source(snapshot: Path | None = None, feed: str | None = None):
    """The source for the monitor and for export: explicit, or the newest good data."""
    from .core.parsed_cache import ParsedCache
    from .core.paths import shipped_snapshot_dir
    from .core.sources import FallbackSource, LocalSnapshotSource

    parsed = ParsedCache.default()
    if snapshot is not None:
        return LocalSnapshotSource(snapshot, kind="snapshot", parsed=parsed)
    shipped = LocalSnapshotSource(shipped_snapshot_dir(), kind="shipped", parsed=parsed)
    if feed is not None:
        from .core.cache import FeedCache
        from .core.feed import HttpFeedSource

        return HttpFeedSource(feed, FeedCache())
    from .core.cache import FeedCache

    newest = FeedCache().newest()
    if newest is None:
        return shipped
    url, directory, _fetched = newest  # already redacted: the cache never stores secrets
    cached = LocalSnapshotSource(directory, kind="cache", label=f"cache of {url}", parsed=parsed)
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


def _gc_after_start() -> None:
    gc.freeze()
    gc.enable()


def _run_monitor(args: argparse.Namespace) -> int:
    if args.snapshot is not None and not (args.snapshot / "manifest.json").is_file():
        return _fail(f"{args.snapshot}: not a snapshot directory (no manifest.json)")
    if args.feed is not None and not _is_url(args.feed):
        return _fail(f"--feed {args.feed!r}: not an http(s) URL")
    if args.refresh is not None and args.feed is None:
        return _fail("--refresh needs --feed URL")
    refresh = args.refresh if args.refresh is not None else (300.0 if args.feed else None)
    # Start-up makes ~10^5 objects that live as long as the monitor (Textual's classes,
    # the CSS, the widgets, the snapshot). Python's cyclic GC walked them all, in full
    # collections of ~25 ms each, in the middle of the first paint, freeing nothing
    # (measured: benchmarks/). So no collections until the first frame is up; then the
    # start-up objects are frozen out of future collections and the GC runs as usual.
    gc.disable()
    from .app import NplApp

    app = NplApp(
        make_source(args.snapshot, args.feed),
        fallback=make_fallback(args.feed) if args.feed else None,
        refresh_seconds=refresh,
        stale_after=(refresh * 3 if refresh else None),
        lang=args.lang,
        unit=args.unit,
        on_first_frame=_gc_after_start,
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
    source = HttpFeedSource(args.url, cache, deadline=args.deadline)  # DataError for a bad URL: one line in main()
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
        print(f"{source.label}: not modified ({_describe(old)})" if old else f"{source.label}: not modified")
        return 0
    if old is None:
        print(f"{source.label}: fetched ({_describe(new)})")
        for name, table in new.tables.items():
            print(f"{name}: {len(table)} rows")
        return 0
    print(f"{source.label}: updated ({_describe(new)})")
    for line in describe_changes(diff_snapshots(old, new)):
        print(line)
    return 0


def _describe(snapshot) -> str:
    rows = sum(len(t) for t in snapshot.tables.values())
    newest = snapshot.newest_as_of()
    return f"{rows} rows, newest fact {newest.isoformat() if newest else 'none'}, fingerprint {snapshot.fingerprint}"


def _cmd_validate(args: argparse.Namespace) -> int:
    from .core.snapshot import DataError, Origin, read_snapshot_dir

    target = args.target
    try:
        if _is_url(target):
            import tempfile

            from .core.cache import FeedCache
            from .core.feed import HttpFeedSource

            with tempfile.TemporaryDirectory(prefix="npl-tui-validate-") as scratch:  # validate never touches the user's cache
                snapshot = asyncio.run(_load_once(HttpFeedSource(target, FeedCache(Path(scratch)))))
        else:
            path = Path(target)
            if not path.is_dir():
                return _fail(f"{target}: not a directory or http(s) URL")
            snapshot = read_snapshot_dir(path, Origin("snapshot", str(path)))
    except DataError as exc:
        for problem in exc.problems:
            print(problem)
        return 1
    print(f"{target}: valid — {_describe(snapshot)}")
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    import json

    from .core.schema import TABLES
    from .core.snapshot import MANIFEST_NAME, DataError, make_manifest, parse_table

    directory: Path = args.directory
    if not directory.is_dir():
        return _fail(f"{directory}: not a directory")
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
            print(line)
        return 1
    title = args.title
    if title is None:
        try:
            title = json.loads((directory / MANIFEST_NAME).read_text("utf-8")).get("title", "")
        except (OSError, ValueError, AttributeError):
            title = ""
    generated = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    manifest = make_manifest(raw, counts, generated, title or "")
    tmp = directory / f".{MANIFEST_NAME}.tmp"
    tmp.write_bytes(manifest)
    tmp.replace(directory / MANIFEST_NAME)
    print(f"{directory / MANIFEST_NAME}: written — " + ", ".join(f"{n} {counts[n]} rows" for n in TABLES))
    return 0


def _cmd_ingest(args: argparse.Namespace) -> int:
    from .ingest.run import ingest_nfra, ingest_yindeng

    def problem(line: str) -> None:
        print(f"{PROG}: {line}", file=sys.stderr)

    def warn(line: str) -> None:
        print(f"{PROG}: warning: {line}", file=sys.stderr)

    if args.ingest_kind == "yindeng":
        return ingest_yindeng(args.paths, args.into, url=args.url, base_url=args.base_url, problem=problem)
    return ingest_nfra(args.targets, args.into, period=args.period, problem=problem, warn=warn)


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


COMMANDS = {"fetch": _cmd_fetch, "validate": _cmd_validate, "build": _cmd_build, "ingest": _cmd_ingest, "export": _cmd_export}


def main(argv: Sequence[str] | None = None) -> int:
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
    except BrokenPipeError:
        # `npl-tui export ratios | head`: the reader left; that is not an error.
        sys.stderr.close()
        return 0
    except OSError as exc:
        return _fail(f"{getattr(exc, 'filename', '') or ''} {exc.strerror or exc}".strip())


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
