#!/usr/bin/env python3
"""One feed, many desks: a real nginx serving the shipped snapshot to many monitors.

What it does, each run:

1. copies the shipped snapshot (``data/manifest.json`` and its four tables, not
   ``data/sources/``) into a temporary directory;
2. starts nginx on 127.0.0.1, on a free port, with its own config, pid file, logs and
   temp dirs in that directory (never /etc/nginx, never a non-loopback address); the
   access log records ``$status``, ``$bytes_sent``, ``$body_bytes_sent``,
   ``$request_length`` and ``$request_time`` of every request;
3. starts CLIENTS simulated monitors that poll the feed every INTERVAL seconds, each
   with a random phase and ±JITTER on every wait, each on its own connection. A
   monitor is either
   - ``full``: a real :class:`HttpFeedSource` with its own :class:`FeedCache` in the
     temporary directory (conditional GET, verify, parse, commit to the cache), or
   - ``light``: what HttpFeedSource does on the wire and nothing more — GET
     manifest.json with If-None-Match (If-Modified-Since when there is no ETag), then
     each table whose SHA-256 changed (conditionally, with the validators it holds),
     verify every table's SHA-256, and swap in the new set only when all of them match;
4. PUBLISH_AT seconds in, publishes an update as a data person does: rewrites two
   tables in place (the 2025Q4 NPL ratio of all commercial banks revised 1.50 → 1.51
   in ratios.csv, one new row in announcements.csv), then runs ``npl-tui build`` on the
   directory, which rewrites manifest.json last;
5. after every poll, each monitor checks the snapshot it holds: every table's SHA-256
   matches the manifest it holds, and the snapshot is wholly old (1.50 and no new row)
   or wholly new (1.51 and the new row). Anything else is a violation;
6. stops by itself after DURATION seconds, stops nginx and removes the directory.

Reported per run, then the median over RUNS runs: requests/s at the server, bytes of
an idle poll (a 304 on manifest.json, headers included, from ``$bytes_sent``; and
the request's ``$request_length``), time from the publish (manifest in place) until
each monitor holds the update (median and max across monitors), violations, failed
polls, and the CPU used by the monitors' process and by nginx.

All monitors run in this one process (one event loop, one core at a time because
of the GIL), which is the benchmark's limit, not the feed's: a full monitor takes
~80 ms of CPU to take in an update, so one process keeps up with 60–80 of them at a
5 s interval, not 200. ``--full N`` makes N of the monitors full sources (default 20) and
the rest light. A run "kept up" when every poll started within 10 % of the interval
of its due time and every monitor held the update within interval × (1 + jitter)
+ 1 s. Before the runs, one monitor of each kind is timed alone (CPU per first
fetch, idle poll and update). See docs/benchmarks.md for what was measured.

    .venv/bin/python benchmarks/feed_scale.py                      # 200 monitors (20 full), 3 runs of 75 s
    .venv/bin/python benchmarks/feed_scale.py --clients 60 --full 60 --runs 1
    .venv/bin/python benchmarks/feed_scale.py --clients 200 --duration 90 --runs 5 --interval 5

Needs nginx on PATH (Debian: ``apt-get update && apt-get install -y nginx-light``);
exits 2 with that line when it is missing. Run by hand, never by the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import csv
import datetime as dt
import hashlib
import io
import json
import os
import platform
import random
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))  # the checkout's npl_tui, whatever is installed

import httpx

from npl_tui.core.cache import FeedCache
from npl_tui.core.feed import HttpFeedSource
from npl_tui.core.snapshot import MANIFEST_NAME, Snapshot

INSTALL_LINE = "apt-get update && apt-get install -y nginx-light"
DATA = REPO / "data"
RESULTS = HERE / "results"
PREFIX = "/npl/"  # where the feed is served, as in docs/publishing.md

#: The update published mid-run: one revised figure and one new announcement.
RATIO_ID = "ratio-2025Q4-all-npl_ratio_pct"
OLD_RATIO, NEW_RATIO = 1.5, 1.51
NEW_ROW_ID = "feed-scale-published-row"
#: Request headers as HttpFeedSource sends them, so the light client's requests are the same.
WIRE_HEADERS = {"Accept-Encoding": "gzip, deflate", "User-Agent": "npl-tui (+https://github.com/npl-tui)"}

NGINX_CONF = """\
# Written by benchmarks/feed_scale.py for one run; everything lives under {root}.
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    types {{ application/json json; text/csv csv; }}
    default_type application/octet-stream;
    log_format feed '$msec $status $request_method $uri $bytes_sent $body_bytes_sent $request_length $request_time $connection';
    access_log {root}/access.log feed;
    client_body_temp_path {root}/tmp/client_body;
    proxy_temp_path {root}/tmp/proxy;
    fastcgi_temp_path {root}/tmp/fastcgi;
    uwsgi_temp_path {root}/tmp/uwsgi;
    scgi_temp_path {root}/tmp/scgi;
    sendfile on;
{gzip}    keepalive_timeout 75s;
    keepalive_requests 100000;
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        location {prefix} {{
            alias {feed}/;
            etag on;
            add_header Cache-Control "no-cache";
        }}
    }}
}}
"""


# ---------------------------------------------------------------------------- nginx


def nginx_version(nginx: str) -> str:
    out = subprocess.run([nginx, "-v"], capture_output=True, text=True, check=False)
    return (out.stderr or out.stdout).strip().split("/", 1)[-1]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_RUNNING: set[Nginx] = set()  # stopped at exit whatever happened (see main)


class Nginx:
    """An nginx of our own: config, pid, logs and temp dirs under *root*, loopback only."""

    def __init__(self, binary: str, root: Path, feed: Path, gzip: bool = False) -> None:
        self.binary, self.root, self.feed, self.gzip = binary, root, feed, gzip
        self.proc: subprocess.Popen | None = None
        self.port = 0

    @property
    def access_log(self) -> Path:
        return self.root / "access.log"

    def start(self, attempts: int = 5) -> None:
        (self.root / "tmp").mkdir(parents=True, exist_ok=True)
        for _ in range(attempts):
            self.port = free_port()
            conf = self.root / "nginx.conf"
            gzip = "    gzip on;\n    gzip_types text/csv application/json;\n" if self.gzip else ""
            conf.write_text(NGINX_CONF.format(root=self.root, port=self.port, prefix=PREFIX, feed=self.feed, gzip=gzip))
            # -e: the error log before the config is read; daemon off: nginx is our child
            self.proc = subprocess.Popen(
                [self.binary, "-p", f"{self.root}/", "-c", str(conf), "-e", str(self.root / "error.log"), "-g", "daemon off;"],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True,  # Ctrl-C reaches us, and we stop nginx ourselves
            )
            _RUNNING.add(self)
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline and self.proc.poll() is None:
                try:
                    with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                        return
                except OSError:
                    time.sleep(0.02)
            self.stop()  # the port was taken meanwhile, or nginx failed: try another port
        log = (self.root / "error.log").read_text(errors="replace")[-2000:] if (self.root / "error.log").exists() else ""
        raise RuntimeError(f"nginx did not start after {attempts} attempts:\n{log}")

    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{PREFIX}"

    def pids(self) -> list[int]:
        """The master and its workers."""
        if self.proc is None:
            return []
        pids = [self.proc.pid]
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.proc.pid:
                pids.append(int(stat.parent.name))
        return pids

    def cpu_seconds(self) -> float:
        """User + system CPU of the master and workers so far."""
        tick = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in self.pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / tick

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        _RUNNING.discard(self)
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGQUIT)  # graceful: finish the requests in flight
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# ---------------------------------------------------------------------------- the feed and the update


def copy_snapshot(dest: Path) -> None:
    """The shipped snapshot: its manifest and the tables it lists (not data/sources/)."""
    dest.mkdir(parents=True)
    manifest = json.loads((DATA / MANIFEST_NAME).read_text("utf-8"))
    for entry in manifest["tables"].values():
        shutil.copyfile(DATA / entry["file"], dest / entry["file"])
    shutil.copyfile(DATA / MANIFEST_NAME, dest / MANIFEST_NAME)


def _csv_line(fields: list[str]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(fields)
    return out.getvalue().encode("utf-8")


def revised_ratios(raw: bytes) -> bytes:
    """ratios.csv with RATIO_ID's value revised OLD_RATIO -> NEW_RATIO (first_published kept)."""
    text = raw.decode("utf-8")
    header = next(csv.reader([text.split("\n", 1)[0]]))
    start = text.index("\n" + RATIO_ID + ",") + 1
    end = text.index("\n", start) + 1
    row = dict(zip(header, next(csv.reader([text[start:end]]))))
    assert float(row["value"]) == OLD_RATIO, row["value"]
    row["value"], row["first_published"] = f"{NEW_RATIO:g}", f"{OLD_RATIO:.2f}"
    row["note"] += "; revised (feed_scale benchmark)"
    return (text[:start] + _csv_line([row[c] for c in header]).decode("utf-8") + text[end:]).encode("utf-8")


def announcements_plus_one(raw: bytes) -> bytes:
    """announcements.csv with one more row (a copy of the newest, under a new id and title)."""
    text = raw.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    header, template = rows[0], list(rows[-1])
    template[header.index("id")] = NEW_ROW_ID
    template[header.index("title")] = "feed_scale benchmark: a row published mid-run"
    return raw + (b"" if raw.endswith(b"\n") else b"\n") + _csv_line(template)


def publish(feed: Path) -> None:
    """Tables first, written in place; then `npl-tui build` rewrites the manifest last."""
    (feed / "ratios.csv").write_bytes(revised_ratios((feed / "ratios.csv").read_bytes()))
    (feed / "announcements.csv").write_bytes(announcements_plus_one((feed / "announcements.csv").read_bytes()))


async def build_manifest(feed: Path) -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "npl_tui", "build", str(feed),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, cwd=str(REPO),
    )
    out, _ = await proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"npl-tui build failed ({proc.returncode}): {out.decode(errors='replace')}")


# ---------------------------------------------------------------------------- checking a held snapshot


class Mixed(Exception):
    """The snapshot a monitor holds is not one published snapshot."""


def version_of(ratio: float | None, has_row: bool) -> str:
    if ratio == OLD_RATIO and not has_row:
        return "old"
    if ratio == NEW_RATIO and has_row:
        return "new"
    raise Mixed(f"ratio {ratio} with the new row {'present' if has_row else 'absent'}")


def ratio_in_bytes(raw: bytes) -> float | None:
    at = raw.find(b"\n" + RATIO_ID.encode() + b",")
    if at < 0:
        return None
    line = raw[at + 1 : raw.index(b"\n", at + 1) + 1].decode("utf-8")
    header = next(csv.reader([raw[: raw.index(b"\n")].decode("utf-8")]))
    return float(dict(zip(header, next(csv.reader([line]))))["value"])


def check_files(manifest_raw: bytes, files: dict[str, bytes]) -> str:
    """'old' or 'new' when *files* are exactly what *manifest_raw* lists; else Mixed."""
    manifest = json.loads(manifest_raw)
    for entry in manifest["tables"].values():
        data = files.get(entry["file"])
        if data is None or hashlib.sha256(data).hexdigest() != entry["sha256"]:
            raise Mixed(f"{entry['file']} does not match the manifest held")
    tables = {name: files[entry["file"]] for name, entry in manifest["tables"].items()}
    return version_of(ratio_in_bytes(tables["ratios"]), b"\n" + NEW_ROW_ID.encode() + b"," in tables["announcements"])


# ---------------------------------------------------------------------------- monitors


class LightClient:
    """HttpFeedSource's requests and checks, without parsing tables or writing a cache."""

    kind = "light"

    def __init__(self, url: str, timeout: float = 10.0) -> None:
        self.url = url
        self.http = httpx.AsyncClient(headers=WIRE_HEADERS, timeout=timeout, follow_redirects=False)
        self.manifest_raw = b""
        self.files: dict[str, bytes] = {}  # file name -> bytes, all verified against manifest_raw
        self.validators: dict[str, dict[str, str]] = {}  # file name -> etag / last_modified

    async def _get(self, name: str, conditional: bool) -> httpx.Response:
        """GET *name*; with *conditional*, If-None-Match when an ETag is held (alone, as
        RFC 9110 has If-Modified-Since ignored beside it), else If-Modified-Since. A 304
        naming another entity tag than the one sent is not believed: asked again."""
        headers = {}
        known = self.validators.get(name, {}) if conditional else {}
        if known.get("etag"):
            headers["If-None-Match"] = known["etag"]
        elif known.get("last_modified"):
            headers["If-Modified-Since"] = known["last_modified"]
        response = await self.http.get(self.url + name, headers=headers)
        if response.status_code == 304 and headers:
            got = response.headers.get("etag")
            if got is not None and got.removeprefix("W/") != known.get("etag", "").removeprefix("W/"):
                return await self._get(name, conditional=False)
            return response
        if response.status_code != 200:
            raise RuntimeError(f"GET {name}: HTTP {response.status_code}")
        return response

    @staticmethod
    def _validators(response: httpx.Response) -> dict[str, str]:
        got = {"etag": response.headers.get("etag", ""), "last_modified": response.headers.get("last-modified", "")}
        return {k: v for k, v in got.items() if v}

    @property
    def holds(self) -> bool:
        return bool(self.manifest_raw)

    async def poll(self) -> bool:
        """True when a new snapshot was taken in."""
        response = await self._get(MANIFEST_NAME, conditional=bool(self.manifest_raw))
        if response.status_code == 304:
            return False
        if response.content == self.manifest_raw:  # a server without conditional GETs
            self.validators[MANIFEST_NAME] = self._validators(response)
            return False
        manifest_raw = response.content
        manifest = json.loads(manifest_raw)
        held = json.loads(self.manifest_raw)["tables"] if self.manifest_raw else {}
        files: dict[str, bytes] = {}
        validators = {MANIFEST_NAME: self._validators(response)}
        for name, entry in manifest["tables"].items():
            old = held.get(name)
            if old is not None and old["sha256"] == entry["sha256"] and old["file"] == entry["file"]:
                files[entry["file"]] = self.files[entry["file"]]
                validators[entry["file"]] = self.validators.get(entry["file"], {})
                continue
            got = await self._get(entry["file"], conditional=entry["file"] in self.files)
            data = self.files[entry["file"]] if got.status_code == 304 else got.content
            if hashlib.sha256(data).hexdigest() != entry["sha256"]:
                raise RuntimeError(f"{entry['file']}: SHA-256 does not match the manifest (kept the last good data)")
            files[entry["file"]] = data
            validators[entry["file"]] = self._validators(got) if got.status_code == 200 else self.validators.get(entry["file"], {})
        self.manifest_raw, self.files, self.validators = manifest_raw, files, validators  # all or nothing
        return True

    def check(self) -> str:
        return check_files(self.manifest_raw, self.files)

    async def aclose(self) -> None:
        await self.http.aclose()


class FullClient:
    """A real HttpFeedSource with its own FeedCache, as `npl-tui --feed URL` runs it."""

    kind = "full"

    def __init__(self, url: str, cache_dir: Path) -> None:
        self.source = HttpFeedSource(url, FeedCache(cache_dir))
        self.snapshot: Snapshot | None = None

    @property
    def holds(self) -> bool:
        return self.snapshot is not None

    async def poll(self) -> bool:
        snapshot = await self.source.load()
        if snapshot is not None:
            self.snapshot = snapshot
        return snapshot is not None

    def check(self) -> str:
        """The parsed snapshot held, and the cache's live copy of it on disk."""
        snap = self.snapshot
        assert snap is not None
        ratio = next((r["value"] for r in snap.ratios if r["id"] == RATIO_ID), None)
        has_row = any(r["id"] == NEW_ROW_ID for r in snap.announcements)
        version = version_of(ratio, has_row)
        if getattr(self.source, "cache_error", None):
            return version  # verified but not saved: the disk copy is older by design
        live = self.source.cache.current_dir(self.source.url)
        if live is None:
            raise Mixed("the cache holds no live snapshot")
        manifest_raw = (live / MANIFEST_NAME).read_bytes()
        files = {p.name: p.read_bytes() for p in live.iterdir() if p.name != MANIFEST_NAME}
        if check_files(manifest_raw, files) != version:
            raise Mixed("the cache's live snapshot is not the one held in memory")
        return version

    async def aclose(self) -> None:
        await self.source.aclose()


@dataclass
class Monitor:
    client: LightClient | FullClient
    polls: int = 0
    failed: int = 0
    violations: int = 0
    first_ok: float | None = None  # time.time() of the first snapshot held
    updated_at: float | None = None  # time.time() when it first held the new snapshot
    lateness: list[tuple[float, float]] = field(default_factory=list)  # (time.time() at start, s late)
    errors: list[str] = field(default_factory=list)
    check_cpu: float = 0.0  # thread CPU seconds spent in check()


async def run_monitor(m: Monitor, stop_at: float, interval: float, jitter: float, rng: random.Random) -> None:
    due = time.monotonic() + rng.uniform(0, interval)  # monitors start at random moments
    while True:
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        start = time.monotonic()
        if start >= stop_at:
            return
        m.lateness.append((time.time(), start - due))
        m.polls += 1
        try:
            await m.client.poll()
        except Exception as exc:  # noqa: BLE001 - DataError, httpx errors: the monitor keeps its data
            m.failed += 1
            if len(m.errors) < 3:
                m.errors.append(" ".join(str(exc).split())[:200])
        if m.client.holds:
            cpu0 = time.thread_time()
            try:
                version = m.client.check()
            except Mixed as exc:
                m.violations += 1
                if len(m.errors) < 3:
                    m.errors.append(f"mixed: {exc}")
                version = ""
            m.check_cpu += time.thread_time() - cpu0
            now = time.time()
            if m.first_ok is None:
                m.first_ok = now
            if version == "new" and m.updated_at is None:
                m.updated_at = now
        due = start + interval * rng.uniform(1 - jitter, 1 + jitter)


# ---------------------------------------------------------------------------- one run


@dataclass
class LogLine:
    at: float
    status: int
    uri: str
    bytes_sent: int
    body_bytes: int
    request_length: int
    request_time: float


def read_access_log(path: Path) -> list[LogLine]:
    lines = []
    for text in path.read_text().splitlines():
        f = text.split()
        if len(f) >= 9:
            lines.append(LogLine(float(f[0]), int(f[1]), f[3], int(f[4]), int(f[5]), int(f[6]), float(f[7])))
    return lines


def cpu_self() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def one_run(args: argparse.Namespace, nginx_bin: str, run_no: int) -> dict:
    root = Path(tempfile.mkdtemp(prefix="npl-feed-scale-"))
    root.chmod(0o755)  # nginx's workers run as an unprivileged user when we are root
    feed = root / "feed"
    server = Nginx(nginx_bin, root / "nginx", feed, gzip=args.gzip)
    monitors: list[Monitor] = []
    log: list[LogLine] = []
    try:
        copy_snapshot(feed)
        server.start()
        url = server.url()
        rng = random.Random(args.seed + run_no)
        for i in range(args.clients):
            client = FullClient(url, root / "caches" / f"{i:03d}") if i < args.full else LightClient(url)
            monitors.append(Monitor(client))
        t0 = time.monotonic()
        wall0 = time.time()
        stop_at = t0 + args.duration
        tasks = [asyncio.create_task(run_monitor(m, stop_at, args.interval, args.jitter, random.Random(rng.random()))) for m in monitors]

        # warm-up: every monitor's first (full) fetch
        while any(m.first_ok is None for m in monitors) and time.monotonic() < t0 + args.publish_at:
            await asyncio.sleep(0.05)
        warm_wall, warm_cpu, warm_nginx = time.time(), cpu_self(), server.cpu_seconds()
        warm_polls = sum(m.polls for m in monitors)
        warm_check = sum(m.check_cpu for m in monitors)

        await asyncio.sleep(max(0.0, t0 + args.publish_at - time.monotonic()))
        pub_wall, pub_cpu, pub_nginx = time.time(), cpu_self(), server.cpu_seconds()
        pub_polls = sum(m.polls for m in monitors)
        pub_check = sum(m.check_cpu for m in monitors)
        await asyncio.to_thread(publish, feed)
        await build_manifest(feed)
        published = (feed / MANIFEST_NAME).stat().st_mtime  # when the new manifest went in place

        await asyncio.gather(*tasks)
        end_wall, end_cpu, end_nginx = time.time(), cpu_self(), server.cpu_seconds()
        end_polls = sum(m.polls for m in monitors)
        end_check = sum(m.check_cpu for m in monitors)
    finally:
        try:
            for m in monitors:
                await m.client.aclose()
        finally:
            server.stop()
            if server.access_log.exists():
                log = read_access_log(server.access_log)
            shutil.rmtree(root, ignore_errors=True)

    idle = [ln for ln in log if warm_wall <= ln.at < pub_wall]
    after = [ln for ln in log if ln.at >= published]
    window = [ln for ln in log if warm_wall <= ln.at <= end_wall]
    idle_304 = [ln for ln in idle if ln.uri.endswith(MANIFEST_NAME) and ln.status == 304]
    lags = [m.updated_at - published for m in monitors if m.updated_at is not None]
    idle_s = pub_wall - warm_wall
    idle_polls = pub_polls - warm_polls
    late = [x for m in monitors for at, x in m.lateness if warm_wall <= at <= end_wall]  # after the warm-up
    statuses: dict[str, int] = {}
    for ln in window:
        statuses[str(ln.status)] = statuses.get(str(ln.status), 0) + 1
    errors = sorted({e for m in monitors for e in m.errors})
    return {
        "run": run_no,
        "clients": args.clients,
        "full_clients": min(args.full, args.clients),
        "warm_up_s": round(warm_wall - wall0, 2),
        "all_warm": all(m.first_ok is not None and m.first_ok <= pub_wall for m in monitors),
        "publish_s": round(published - pub_wall, 3),
        "requests_per_s": round(len(window) / (end_wall - warm_wall), 2),
        "idle_requests_per_s": round(len(idle) / idle_s, 2) if idle_s > 0 else None,
        "idle_304_count": len(idle_304),
        "idle_304_bytes_sent": _median([ln.bytes_sent for ln in idle_304]),
        "idle_304_body_bytes": _median([ln.body_bytes for ln in idle_304]),
        "idle_304_request_length": _median([ln.request_length for ln in idle_304]),
        "idle_other_requests": len(idle) - len(idle_304),
        "update_requests": {
            "manifest_200": sum(1 for ln in after if ln.uri.endswith(MANIFEST_NAME) and ln.status == 200),
            "table_200": sum(1 for ln in after if not ln.uri.endswith(MANIFEST_NAME) and ln.status == 200),
            "bytes_sent": sum(ln.bytes_sent for ln in after if ln.status == 200),
        },
        "update_bytes_sent": sum(ln.bytes_sent for ln in after if ln.status == 200),
        "statuses": statuses,
        "request_time_max_s": max((ln.request_time for ln in window), default=None),
        "update_lag_median_s": round(_median(lags), 3) if lags else None,
        "update_lag_p95_s": round(_pct(lags, 0.95), 3) if lags else None,
        "update_lag_max_s": round(max(lags), 3) if lags else None,
        "updated_clients": len(lags),
        "violations": sum(m.violations for m in monitors),
        "failed_polls": sum(m.failed for m in monitors),
        "polls": end_polls,
        "poll_lateness_p95_s": round(_pct(late, 0.95), 4) if late else None,
        "poll_lateness_max_s": round(max(late), 4) if late else None,
        "client_cpu_idle_pct": round(100 * (pub_cpu - warm_cpu) / idle_s, 1) if idle_s > 0 else None,
        "client_cpu_ms_per_idle_poll": round(1000 * (pub_cpu - warm_cpu - (pub_check - warm_check)) / idle_polls, 3) if idle_polls else None,
        "check_cpu_ms_per_poll": round(1000 * (end_check - warm_check) / max(1, end_polls - warm_polls), 3),
        "client_cpu_after_publish_pct": round(100 * (end_cpu - pub_cpu) / (end_wall - pub_wall), 1),
        "nginx_cpu_idle_pct": round(100 * (pub_nginx - warm_nginx) / idle_s, 2) if idle_s > 0 else None,
        "nginx_cpu_s": round(end_nginx - warm_nginx, 2),
        "nginx_cpu_us_per_idle_request": round(1e6 * (pub_nginx - warm_nginx) / len(idle)) if idle else None,
        "kept_up": bool(
            len(lags) == len(monitors)
            and late and max(late) <= 0.1 * args.interval
            and max(lags) <= args.interval * (1 + args.jitter) + 1.0
        ),
        "errors": errors[:10],
    }


# ---------------------------------------------------------------------------- one monitor alone


async def calibrate(nginx_bin: str, idle_polls: int = 20) -> dict:
    """CPU of one monitor of each kind, alone in the process: first fetch, idle poll, update.

    Each kind gets its own nginx and feed copy; CPU is this process's (all threads)
    around each poll, so it is what one desk's monitor spends, without the others.
    """
    out = {}
    for kind in ("full", "light"):
        root = Path(tempfile.mkdtemp(prefix="npl-feed-scale-cal-"))
        root.chmod(0o755)
        server = Nginx(nginx_bin, root / "nginx", root / "feed")
        client: LightClient | FullClient | None = None
        try:
            copy_snapshot(root / "feed")
            server.start()
            client = FullClient(server.url(), root / "cache") if kind == "full" else LightClient(server.url())

            async def timed(client: LightClient | FullClient = client) -> tuple[float, float]:
                cpu, wall = time.process_time(), time.perf_counter()
                await client.poll()
                return time.process_time() - cpu, time.perf_counter() - wall

            first = await timed()
            idle = []
            for _ in range(idle_polls):
                await asyncio.sleep(0.02)
                idle.append(await timed())
            # nginx's ETag and Last-Modified are the mtime in whole seconds (+ the size):
            # a manifest of the same size rewritten within the second it was copied would
            # be answered 304. The runs publish many seconds in; here, wait for the next second.
            copied = (root / "feed" / MANIFEST_NAME).stat().st_mtime
            await asyncio.sleep(max(0.0, int(copied) + 1.05 - time.time()))
            await asyncio.to_thread(publish, root / "feed")
            await build_manifest(root / "feed")
            update = await timed()
            if client.check() != "new":
                raise RuntimeError(f"a lone {kind} monitor did not take in the update")
            out[kind] = {
                "first_fetch_cpu_ms": round(1000 * first[0], 2),
                "first_fetch_wall_ms": round(1000 * first[1], 2),
                "idle_poll_cpu_ms": round(1000 * statistics.median(c for c, _ in idle), 3),
                "idle_poll_wall_ms": round(1000 * statistics.median(w for _, w in idle), 3),
                "update_cpu_ms": round(1000 * update[0], 2),
                "update_wall_ms": round(1000 * update[1], 2),
            }
        finally:
            if client is not None:
                await client.aclose()
            server.stop()
            shutil.rmtree(root, ignore_errors=True)
    return out


# ---------------------------------------------------------------------------- report


def machine(nginx_bin: str) -> dict:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    nproc = subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip()
    return {
        "nproc": int(nproc) if nproc.isdigit() else os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "nginx": nginx_version(nginx_bin),
        "httpx": httpx.__version__,
        "os": platform.platform(),
    }


ROWS = [  # (label, key, format)
    ("requests/s at the server (whole window)", "requests_per_s", "{:.1f}"),
    ("requests/s, idle (before the publish)", "idle_requests_per_s", "{:.1f}"),
    ("idle poll: 304 on manifest.json, bytes sent (headers incl.)", "idle_304_bytes_sent", "{:.0f} B"),
    ("idle poll: request bytes", "idle_304_request_length", "{:.0f} B"),
    ("publish: tables + npl-tui build", "publish_s", "{:.2f} s"),
    ("publish → monitor holds it, median", "update_lag_median_s", "{:.2f} s"),
    ("publish → monitor holds it, max", "update_lag_max_s", "{:.2f} s"),
    ("monitors holding the update at the end", "updated_clients", "{:d}"),
    ("mixed snapshots held (must be 0)", "violations", "{:d}"),
    ("failed polls", "failed_polls", "{:d}"),
    ("poll start lateness, p95", "poll_lateness_p95_s", "{:.3f} s"),
    ("poll start lateness, max", "poll_lateness_max_s", "{:.3f} s"),
    ("monitors' CPU while idle (% of one core)", "client_cpu_idle_pct", "{:.1f} %"),
    ("monitors' CPU per idle poll", "client_cpu_ms_per_idle_poll", "{:.2f} ms"),
    ("monitors' CPU after the publish (% of one core)", "client_cpu_after_publish_pct", "{:.1f} %"),
    ("our consistency check per poll", "check_cpu_ms_per_poll", "{:.2f} ms"),
    ("nginx CPU while idle (% of one core)", "nginx_cpu_idle_pct", "{:.2f} %"),
    ("nginx CPU per idle request", "nginx_cpu_us_per_idle_request", "{:.0f} µs"),
    ("update: bytes of the 200 responses (all monitors)", "update_bytes_sent", "{:,.0f} B"),
    ("client process kept up (lateness ≤ 10 % of interval, all updated in time)", "kept_up", "{}"),
]


def _fmt(fmt: str, value) -> str:
    if value is None:
        return "–"
    return fmt.format(value)


def summarise(runs: list[dict]) -> dict:
    out = {}
    for _label, key, _fmt_ in ROWS:
        values = [r[key] for r in runs if r.get(key) is not None]
        if values and all(isinstance(v, bool) for v in values):
            out[key] = all(values)
        elif values:
            med = statistics.median(values)
            out[key] = int(med) if all(isinstance(v, int) for v in values) and med == int(med) else round(med, 4)
        else:
            out[key] = None
    out["violations_total"] = sum(r["violations"] for r in runs)
    out["update_lag_max_of_runs_s"] = max((r["update_lag_max_s"] for r in runs if r["update_lag_max_s"] is not None), default=None)
    return out


def print_table(runs: list[dict], summary: dict) -> None:
    head = ["measure"] + [f"run {r['run']}" for r in runs] + ["median"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for label, key, fmt in ROWS:
        cells = [_fmt(fmt, r.get(key)) for r in runs] + [_fmt(fmt, summary.get(key))]
        print("| " + " | ".join([label] + cells) + " |")


# ---------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--clients", type=int, default=200, help="simulated monitors (default 200)")
    p.add_argument("--full", type=int, default=20,
                   help="how many of them are full HttpFeedSource monitors, the rest light (default 20: one process keeps up "
                        "with 60-80 full ones alone at a 5 s interval on 2 cores, see docs/benchmarks.md)")
    p.add_argument("--duration", type=float, default=75.0, help="seconds per run, then it stops by itself (default 75)")
    p.add_argument("--runs", type=int, default=3, help="runs; the report is their median (default 3)")
    p.add_argument("--interval", type=float, default=5.0, help="seconds between a monitor's polls (default 5)")
    p.add_argument("--jitter", type=float, default=0.2, help="each wait is interval × (1 ± jitter) (default 0.2)")
    p.add_argument("--publish-at", type=float, default=None, help="seconds into a run when the update is published (default: 0.4 × duration)")
    p.add_argument("--seed", type=int, default=8, help="random seed for phases and jitter")
    p.add_argument("--gzip", action="store_true", help="let nginx gzip the CSV and JSON it sends (off by default)")
    p.add_argument("--out", type=Path, default=None, help="JSON result (default benchmarks/results/feed_scale-DATE.json)")
    args = p.parse_args(argv)
    if args.clients < 1 or args.runs < 1 or args.interval <= 0 or not 0 <= args.jitter < 1:
        p.error("need --clients ≥ 1, --runs ≥ 1, --interval > 0, 0 ≤ --jitter < 1")
    args.full = max(0, min(args.full, args.clients))
    if args.publish_at is None:
        args.publish_at = 0.4 * args.duration
    if args.publish_at < 2 * args.interval or args.duration - args.publish_at < 2 * args.interval * (1 + args.jitter):
        p.error("--publish-at must leave at least two intervals before it (warm-up) and after it (propagation)")
    return args


def _stop_all() -> None:
    for server in list(_RUNNING):
        server.stop()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    atexit.register(_stop_all)
    nginx_bin = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None)
    if nginx_bin is None:
        print(f"nginx not found. Install it (Debian/Ubuntu, as root): {INSTALL_LINE}", file=sys.stderr)
        return 2
    # SIGTERM ends a run like Ctrl-C does: nginx stopped, temporary directory removed.
    signal.signal(signal.SIGTERM, lambda signum, frame: (_ for _ in ()).throw(KeyboardInterrupt()))
    kind = "full HttpFeedSource" if args.full == args.clients else ("light" if args.full == 0 else f"{args.full} full + {args.clients - args.full} light")
    print(f"{args.clients} monitors ({kind}), every {args.interval:g} s ± {args.jitter:.0%}, "
          f"{args.duration:g} s per run, publish at {args.publish_at:g} s, {args.runs} run(s); nginx {nginx_version(nginx_bin)}", file=sys.stderr)
    runs = []
    try:
        alone = asyncio.run(calibrate(nginx_bin))
        for run_no in range(1, args.runs + 1):
            result = asyncio.run(one_run(args, nginx_bin, run_no))
            runs.append(result)
            print(f"run {run_no}: {result['requests_per_s']} req/s, idle 304 {result['idle_304_bytes_sent']} B, "
                  f"update median {result['update_lag_median_s']} s max {result['update_lag_max_s']} s "
                  f"({result['updated_clients']}/{args.clients}), violations {result['violations']}, "
                  f"failed polls {result['failed_polls']}", file=sys.stderr)
            for line in result["errors"]:
                print(f"  {line}", file=sys.stderr)
    except KeyboardInterrupt:
        print("interrupted: nginx stopped, temporary files removed", file=sys.stderr)
        return 130
    summary = summarise(runs)
    print_table(runs, summary)
    print("\none monitor alone in the process (CPU ms / wall ms):\n")
    print("| monitor | first fetch | idle poll (304) | taking in the update |")
    print("|---|---|---|---|")
    for kind, c in alone.items():
        print(f"| {kind} | {c['first_fetch_cpu_ms']:.1f} / {c['first_fetch_wall_ms']:.1f} | "
              f"{c['idle_poll_cpu_ms']:.2f} / {c['idle_poll_wall_ms']:.2f} | {c['update_cpu_ms']:.1f} / {c['update_wall_ms']:.1f} |")
    today = dt.date.today().isoformat()
    out = args.out or RESULTS / f"feed_scale-{today}.json"
    doc = {
        "date": today,
        "method": {
            "script": "benchmarks/feed_scale.py",
            "server": f"nginx, 1 worker, 127.0.0.1, etag on, Cache-Control: no-cache, {'gzip' if args.gzip else 'no gzip'}, keep-alive",
            "feed": "copy of data/ (manifest.json + 4 tables, not data/sources/)",
            "clients": args.clients,
            "full_clients": args.full,
            "client_kind": kind,
            "interval_s": args.interval,
            "jitter": args.jitter,
            "duration_s": args.duration,
            "publish_at_s": args.publish_at,
            "runs": args.runs,
            "seed": args.seed,
            "update": f"ratios.csv {RATIO_ID} {OLD_RATIO} -> {NEW_RATIO} and one new announcements.csv row, "
                      "written in place, then `npl-tui build` (manifest last)",
            "update_lag": "from the new manifest's mtime (npl-tui build renames it into place) to the end of the poll that took it in",
            "idle": "between the end of the warm-up (every monitor holds a snapshot) and the publish",
        },
        "machine": machine(nginx_bin),
        "commit": subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False).stdout.strip(),
        "one_monitor_alone": alone,
        "runs": runs,
        "median": summary,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    tmp.replace(out)
    print(f"\nwritten: {out.relative_to(REPO) if out.is_relative_to(REPO) else out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
