"""``npl-tui ingest``: documents in, one snapshot directory out.

Each function reads every input it is given, reports a bad one in one line and goes
on with the rest, merges what was read into the directory's table in one write (or
none), and returns the exit status: 0 when every input went in (or was already
there), 1 when any input was refused. No Textual.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from ..core.signing import SigningKey
from ..core.text import clean_text
from .records import IngestError, Listing, Result
from .snapshot_dir import SnapshotDir

__all__ = ["MAX_PAGE_BYTES", "collect_pdfs", "ingest_nfra", "ingest_yindeng"]

#: An NFRA release page is a few hundred KB at most; anything larger is not one.
MAX_PAGE_BYTES = 8 * 1024 * 1024

Say = Callable[[str], None]

log = logging.getLogger(__name__)


def collect_pdfs(paths: Sequence[Path], problem: Say) -> list[Path]:
    """The files named, and every ``*.pdf`` under the folders named, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            pdfs = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")
            if not pdfs:
                problem(f"{path}: no PDF files in this folder")
            found.extend(pdfs)
        elif path.is_file():
            found.append(path)
        else:
            problem(f"{path}: no such file or folder")
    return list(dict.fromkeys(found))


def _url_for(path: Path, url: str | None, base_url: str | None) -> str:
    if url:
        return url
    if base_url:
        return base_url.rstrip("/") + "/" + path.name
    return ""


def ingest_yindeng(
    paths: Sequence[Path],
    into: Path,
    *,
    url: str | None = None,
    base_url: str | None = None,
    sign: SigningKey | None = None,
    say: Say = print,
    problem: Say = print,
) -> int:
    from .yindeng_pdf import read_document
    from .yindeng_rows import merge

    failed = False

    def bad(line: str) -> None:
        nonlocal failed
        failed = True
        problem(line)

    files = collect_pdfs(paths, bad)
    if url and len(files) != 1:
        bad(f"--url names one document's address, but {len(files)} files were given: use --base-url for a folder")
        return 1
    listings: list[Listing] = []
    results: list[Result] = []
    for path in files:
        try:
            doc = read_document(path, url=_url_for(path, url, base_url))
        except IngestError as exc:
            bad(clean_text(str(exc)))
            continue
        except OSError as exc:
            bad(f"{path}: cannot be read: {exc.strerror or exc}")
            continue
        if isinstance(doc, Listing):
            listings.append(doc)
        else:
            results.append(doc)
    if not listings and not results:
        if not failed:
            bad("no documents to ingest")
        return 1
    try:
        with SnapshotDir(into, sign=sign) as snap:
            outcome = merge(snap.rows("announcements"), listings, results)
            written = snap.write({"announcements": outcome.rows})
    except IngestError as exc:
        problem(clean_text(str(exc)))
        return 1
    for note in outcome.notes:
        say(clean_text(note))
    counts = f"{len(listings)} listing(s) and {len(results)} result(s) read: " + ", ".join(
        f"{len(ids)} {word}" for word, ids in (("added", outcome.added), ("updated", outcome.updated), ("unchanged", outcome.unchanged), ("removed", outcome.removed))
    )
    if written:
        say(f"{into}: announcements {counts}; manifest rebuilt")
    else:
        say(f"{into}: nothing changed ({counts})")
    return 1 if failed else 0


_PERIOD = re.compile(r"(\d{4})Q([1-4])")


def _fetch_page(url: str, deadline: float = 30.0) -> tuple[bytes, dt.date | None]:
    """One release page over HTTP: the body (at most MAX_PAGE_BYTES) and the server's
    Last-Modified date, if any. IngestError with one line on any failure."""
    import email.utils

    import httpx

    from ..core.cache import redact_url

    shown = redact_url(url)
    started = time.monotonic()
    try:
        with httpx.Client(timeout=deadline, follow_redirects=True, max_redirects=5) as client, client.stream("GET", url) as resp:
            if resp.status_code != 200:
                raise IngestError(f"{shown}: HTTP {resp.status_code} {clean_text(resp.reason_phrase)[:60]}")
            body = bytearray()
            for chunk in resp.iter_bytes():
                body += chunk
                if len(body) > MAX_PAGE_BYTES:
                    raise IngestError(f"{shown}: larger than {MAX_PAGE_BYTES // (1024 * 1024)} MiB: not a release page")
            modified = resp.headers.get("last-modified")
    except httpx.HTTPError as exc:
        log.warning("GET %s failed after %.3f s: %s", shown, time.monotonic() - started, exc)
        raise IngestError(f"{shown}: {type(exc).__name__}: {clean_text(str(exc))[:120] or 'request failed'}") from None
    except IngestError as exc:
        log.warning("GET %s failed after %.3f s: %s", shown, time.monotonic() - started, exc)
        raise
    log.info("GET %s -> 200, %d bytes, %.3f s", shown, len(body), time.monotonic() - started)
    page_date = None
    if modified:
        try:
            page_date = email.utils.parsedate_to_datetime(modified).date()
        except (TypeError, ValueError):
            page_date = None
    return bytes(body), page_date


def ingest_nfra(
    targets: Sequence[str],
    into: Path,
    *,
    period: str | None = None,
    sign: SigningKey | None = None,
    say: Say = print,
    problem: Say = print,
    warn: Say = print,
) -> int:
    from .nfra import Release, ratio_rows, read_release

    failed = False
    if period is not None and not _PERIOD.fullmatch(period):
        problem(f"--period {period!r}: not a quarter YYYYQn (e.g. 2023Q4)")
        return 2
    releases: list[Release] = []
    for target in targets:
        try:
            if target.startswith(("http://", "https://")):
                body, page_date = _fetch_page(target)
                releases.append(read_release(body, where=target, url=target, period=period, page_date=page_date))
            else:
                path = Path(target)
                if not path.is_file():
                    raise IngestError(f"{target}: no such file")
                releases.append(read_release(path.read_bytes(), where=target, period=period))
        except IngestError as exc:
            failed = True
            problem(clean_text(str(exc)))
        except OSError as exc:
            failed = True
            problem(f"{target}: cannot be read: {exc.strerror or exc}")
    if not releases:
        return 1
    try:
        with SnapshotDir(into, sign=sign) as snap:
            original = snap.rows("ratios")
            rows = original
            for release in releases:
                rows, warnings = ratio_rows(release, rows)
                for line in warnings:
                    warn(clean_text(line))
            written = snap.write({"ratios": rows})
    except IngestError as exc:
        problem(clean_text(str(exc)))
        return 1
    before = {r["id"]: r for r in original}
    after = {r["id"]: r for r in rows}
    added = [i for i in after if i not in before]
    updated = [i for i in after if i in before and after[i] != before[i]]
    for release in releases:
        figures = ", ".join(
            f"{label} {value:g}{unit}"
            for label, value, unit in (
                ("NPL ratio", release.npl_ratio_pct, "%"),
                ("NPL balance", release.npl_balance_yi, " 亿元"),
                ("provision coverage", release.provision_coverage_pct, "%"),
            )
            if value is not None
        )
        say(f"{release.period}: {figures} ({clean_text(release.doc.citation())})")
    if written:
        say(f"{into}: ratios {len(added)} added, {len(updated)} updated; manifest rebuilt")
    else:
        say(f"{into}: nothing changed")
    return 1 if failed else 0
