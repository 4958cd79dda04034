#!/usr/bin/env python3
"""Lot-level scale benchmark (issue 11): npl-tui beside VisiData and pandas on the same
synthetic lots, at 10 k, 100 k, 1 M and 6 M rows.

    python benchmarks/scale.py                       # 10k,100k,1M; 5 runs (6M: 3)
    python benchmarks/scale.py --sizes 6M --runs 3 --tools pandas,npl-tui
    python benchmarks/scale.py --sizes 10k --runs 1 --tools vd

Snapshots come from benchmarks/make_lots.py (seed 1) and are cached under --work
(default /tmp/npl-scale, as lots-N/), with the generator's own time and peak memory.
Each tool runs in a fresh process, in turn (A B C A B C …, so machine noise hits all
alike); the table gives medians over --runs. The machine is shared: numbers are noisy.

- **pandas**: ``pd.read_csv(lots.csv)`` in a fresh process (the repo's .venv): seconds
  for the call (import excluded) and the process's peak RSS.
- **VisiData** (installed with pip into its own venv under --work when missing):
  ``vd lots.csv`` in a detached tmux pane 120x40; "first rows" = the first lot id
  (``SYN00000001``) on screen, "loaded" = its status line shows ``N rows`` with no
  ``loading…`` beside it; peak RSS of the pane's process tree.
- **npl-tui** (``.venv/bin/npl-tui --config FILE --lang en --snapshot DIR`` in tmux 120x40,
  FILE an empty config under --work so that the user's settings do not count):
  - *headline*: process start until a ratio such as ``1.50%`` is on screen (the regex of
    benchmarks/run.py);
  - *usable*: ``L`` is pressed as soon as the headline shows; process start until the
    Lots screen shows ``<N with commas> lots`` (e.g. ``1,000,000 lots``) and no
    ``loading``; *first progress*: until ``loading NN%`` was first seen, when it was;
  - *filter*: ``/`` then "Zhejiang" one key at a time; per key, until the count text
    ``<k> of <N> lots`` changes. A key that leaves the count as it was (after
    "Zhej", every further letter matches the same lots) cannot be timed from outside:
    it is given --key-wait seconds and counted as unchanged. Reported: the median and
    the slowest of the timed keys, and how many were timed;
  - Enter closes the filter input; *sort*: ``p`` until the first lot row on screen
    changes;
  - *province*: Esc back to the dashboard (pressed again, up to 3 times, until the
    dashboard shows), then ``g`` "Zhejiang⏎" as one burst until the province screen
    shows a computed lots figure (``computed``, e.g. "Lots (computed, n=123,456)"):
    drill-down and province aggregates together;
  - peak RSS of the process tree over the whole run.
  A step whose screen never comes (the Lots screen not built yet, say) times out and is
  recorded as null ("–" in the table); the steps after it in that run are skipped.

Writes benchmarks/results/scale-latest.json and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def _load_run():
    """benchmarks/run.py (its READY regex, probe loader and machine()), under a name of its own."""
    spec = importlib.util.spec_from_file_location("npl_bench_run", HERE / "run.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench_run = _load_run()

READY = bench_run.READY
SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000, "6M": 6_000_000}
FIRST_ID = re.compile(r"SYN0000000\d")
ROW = re.compile(r"SYN\d{8}|\b\d[\d,]*\.\d{2}\b")
DASHBOARD = re.compile(r"1 NPL ratio")
LOADING = re.compile(r"loading\W{0,3}\d{1,3}(\.\d)? ?%", re.IGNORECASE)
COMPUTED = re.compile(r"(?s)Zhejiang.*computed")
FILTER_WORD = "Zhejiang"
LOTS_TITLE = re.compile(r"^ Lots\b", re.MULTILINE)


def parse_sizes(text: str) -> list[int]:
    out = []
    for part in text.split(","):
        part = part.strip()
        if part in SIZES:
            out.append(SIZES[part])
        elif part:
            out.append(int(part.replace("_", "")))
    return out


def label(n: int) -> str:
    for name, value in SIZES.items():
        if value == n:
            return name
    return f"{n:,}"


# --------------------------------------------------------------------------- data


def snapshot_for(work: Path, n: int, seed: int = 1) -> tuple[Path, dict]:
    """The cached snapshot of n lots, generated when missing; with the generator's figures."""
    out = work / f"lots-{n}"
    info_path = out / "generated.json"
    if info_path.exists():
        info = json.loads(info_path.read_text())
        if info.get("rows") == n and info.get("seed") == seed and (out / "lots.csv").exists():
            return out, info
    print(f"generating {n:,} lots into {out} …", file=sys.stderr)
    proc = subprocess.run(
        [sys.executable, str(HERE / "make_lots.py"), "--rows", str(n), "--out", str(out), "--seed", str(seed)],
        capture_output=True, text=True, check=True,
    )
    info = json.loads(proc.stdout.strip().splitlines()[-1])
    info["seed"] = seed
    info_path.write_text(json.dumps(info) + "\n")
    return out, info


def bad_copy(snap: Path) -> Path:
    """*snap* with one bad cell in its lots (the last lot's asset type: 'spaceship'), the
    manifest updated to match the bad file (its SHA-256 and size are right: only the row
    is wrong). The other files are hard links."""
    out = snap.parent / f"{snap.name}-bad"
    if (out / "manifest.json").exists():
        return out
    out.mkdir(exist_ok=True)
    for f in snap.iterdir():
        if f.name not in ("lots.csv", "manifest.json") and f.is_file() and not (out / f.name).exists():
            os.link(f, out / f.name)
    data = bytearray((snap / "lots.csv").read_bytes())
    last = data.rindex(b"\n", 0, len(data) - 1) + 1
    line = bytes(data[last:])
    cells = line.split(b",")
    i = cells.index(b"property") if b"property" in cells else 9
    cells[i] = b"spaceship"
    data[last:] = b",".join(cells)
    (out / "lots.csv").write_bytes(bytes(data))
    manifest = json.loads((snap / "manifest.json").read_text())
    manifest["tables"]["lots"].update(sha256=hashlib.sha256(data).hexdigest(), bytes=len(data))
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return out


def run_bad(npl: str, bad: Path, config: Path) -> dict:
    """``npl-tui validate`` on the copy with one bad lot: seconds until it exits with the
    row named, and what it said."""
    t = time.perf_counter()
    proc = subprocess.run([npl, "--config", str(config), "validate", str(bad)], capture_output=True, text=True, check=False)
    took = time.perf_counter() - t
    said = (proc.stderr.strip().splitlines() or [""])[-1]
    return {"rejected_s": round(took, 3), "exit": proc.returncode, "said": said}


# --------------------------------------------------------------------------- pandas

PANDAS_CODE = """
import json, resource, sys, time
import pandas as pd
t = time.perf_counter()
df = pd.read_csv(sys.argv[1])
took = time.perf_counter() - t
print(json.dumps({"read_s": round(took, 4), "rows": len(df),
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))
"""


def run_pandas(python: str, csv_path: Path) -> dict:
    proc = subprocess.run([python, "-c", PANDAS_CODE, str(csv_path)], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1:] or ["failed"]}
    return json.loads(proc.stdout)


# --------------------------------------------------------------------------- tmux helpers


class Pane:
    """A program in a detached tmux pane, with its screen and process-tree memory."""

    def __init__(self, probe, cmd: list[str], cols: int, rows: int, cwd: Path | None = None) -> None:
        self.probe = probe
        self.name = f"scale-{uuid.uuid4().hex[:8]}"
        line = (f"cd {shlex.quote(str(cwd))} && " if cwd else "") + shlex.join(cmd) + "; sleep 3600"
        self.t0 = time.perf_counter()
        probe.new_session(self.name, cols, rows, line)
        self.pid = int(probe.tmux("display-message", "-p", "-t", self.name, "#{pane_pid}").strip())
        self.peak_kb = 0

    def screen(self) -> str:
        return self.probe.screen(self.name)

    def keys(self, *keys: str) -> None:
        self.probe.tmux("send-keys", "-t", self.name, *keys)

    def literal(self, text: str) -> None:
        self.probe.tmux("send-keys", "-t", self.name, "-l", text)

    def wait(self, test: Callable[[str], object], timeout: float, seen: Callable[[str], None] | None = None):
        """Poll the screen until test(screen) is truthy; (seconds waited, its value) or (None, None)."""
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            text = self.screen()
            self.peak_kb = max(self.peak_kb, self.probe.tree_rss_kb(self.pid))
            if seen is not None:
                seen(text)
            value = test(text)
            if value:
                return time.perf_counter() - start, value
            time.sleep(0.005)
        return None, None

    def since_start(self) -> float:
        return round(time.perf_counter() - self.t0, 4)

    def peak_mb(self) -> float:
        self.peak_kb = max(self.peak_kb, self.probe.tree_rss_kb(self.pid))
        return round(self.peak_kb / 1024, 1)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.probe.SOCKET, "kill-session", "-t", self.name], capture_output=True, check=False)


# --------------------------------------------------------------------------- VisiData


def visidata(work: Path) -> Path:
    """The vd executable of a venv under work, installed with pip when missing."""
    venv = work / "visidata-venv"
    vd = venv / "bin" / "vd"
    if not vd.exists():
        print(f"installing VisiData into {venv} …", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "visidata"], check=True)
    return vd


def run_vd(probe, vd: Path, csv_path: Path, n: int, cols: int, rows: int, timeout: float) -> dict:
    loaded = re.compile(rf"(?<![\d,]){n} rows")
    pane = Pane(probe, [str(vd), csv_path.name], cols, rows, cwd=csv_path.parent)
    result: dict = {}
    try:
        took, _ = pane.wait(lambda s: FIRST_ID.search(s), timeout)
        result["first_rows_s"] = None if took is None else pane.since_start()
        took, _ = pane.wait(lambda s: loaded.search(s) and "loading" not in s, timeout)
        result["loaded_s"] = None if took is None else pane.since_start()
        result["peak_rss_mb"] = pane.peak_mb()
    finally:
        pane.close()
    return result


# --------------------------------------------------------------------------- npl-tui


def count_text(screen: str, n: int) -> str | None:
    m = re.search(rf"([\d,]+) of {re.escape(f'{n:,}')} lots", screen)
    return m.group(1) if m else None


def first_row(screen: str) -> str | None:
    for line in screen.splitlines():
        if ROW.search(line) and not READY.search(line):
            return line.strip()
    return None


def run_npl(probe, npl: str, snap: Path, n: int, cols: int, rows: int, timeouts: dict, lots_screen: bool,
            config: Path, cache: Path) -> dict:
    total = f"{n:,}"
    usable = re.compile(rf"(?<!of ){re.escape(total)} lots")
    # a config file of its own, in English: the user's settings (a language, a
    # watchlist, a feed) must not change what is measured
    # *cache*: the XDG cache (and state) directory: empty for a cold start (the lots are
    # parsed), the one a cold start filled for a warm start (their columns are mapped)
    env = ["env", f"XDG_CACHE_HOME={cache}", f"XDG_STATE_HOME={cache / 'state'}"]
    pane = Pane(probe, [*env, npl, "--config", str(config), "--lang", "en", "--snapshot", str(snap)], cols, rows)
    result: dict = {"headline_s": None, "first_progress_s": None, "usable_s": None, "filter_keys_s": [],
                    "filter_unchanged": 0, "sort_s": None, "province_s": None, "lots_screen_s": None}
    progress: list[float] = []

    def note_progress(text: str) -> None:
        if not progress and LOADING.search(text):
            progress.append(pane.since_start())

    try:
        took, _ = pane.wait(lambda s: READY.search(s), timeouts["headline"])
        if took is None:
            result["screen"] = pane.screen()
            return result
        result["headline_s"] = pane.since_start()
        if not lots_screen:
            return result
        pane.keys("L")
        # a key while the lots load: the Lots screen is up (its title) however far the read is
        took, _ = pane.wait(lambda s: LOTS_TITLE.search(s), timeouts["step"])
        result["lots_screen_s"] = None if took is None else round(took, 4)
        took, _ = pane.wait(lambda s: usable.search(s) and not LOADING.search(s), timeouts["usable"], note_progress)
        result["first_progress_s"] = progress[0] if progress else None
        if took is None:
            result["screen"] = pane.screen()
            return result
        result["usable_s"] = pane.since_start()
        # filter, one key at a time
        pane.keys("/")
        time.sleep(0.2)
        before = count_text(pane.screen(), n)
        for ch in FILTER_WORD:
            pane.literal(ch)
            prev = before
            took, value = pane.wait(lambda s, prev=prev: (c := count_text(s, n)) is not None and c != prev and c,
                                    timeouts["key"])
            if took is None:
                result["filter_unchanged"] += 1
            else:
                result["filter_keys_s"].append(round(took, 4))
                before = value
        result["filter_count"] = before
        pane.keys("Enter")
        time.sleep(0.3)
        top = first_row(pane.screen())
        pane.keys("p")
        took, _ = pane.wait(lambda s: (r := first_row(s)) is not None and r != top, timeouts["step"])
        result["sort_s"] = None if took is None else round(took, 4)
        # back to the dashboard, then the province through the picker
        for _ in range(3):
            pane.keys("Escape")
            took, _ = pane.wait(lambda s: DASHBOARD.search(s) and not LOTS_TITLE.search(s), 2.0)
            if took is not None:
                break
        else:
            result["screen"] = pane.screen()
            return result
        time.sleep(0.5)
        pane.keys("g", "Z", "h", "e", "j", "i", "a", "n", "g", "Enter")
        took, _ = pane.wait(lambda s: COMPUTED.search(s), timeouts["step"])
        result["province_s"] = None if took is None else round(took, 4)
        if took is None:
            result["screen"] = pane.screen()
    finally:
        result["peak_rss_mb"] = pane.peak_mb()
        pane.close()
    return result


# --------------------------------------------------------------------------- summary


def med(values) -> float | None:
    ok = [v for v in values if v is not None]
    return round(statistics.median(ok), 4) if ok else None


def fmt(value, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def summarise(n: int, gen: dict, runs: dict[str, list[dict]]) -> dict:
    out: dict = {"rows": n, "generator": gen}
    if runs.get("bad"):
        out["bad_row"] = {"rejected_s": med(r.get("rejected_s") for r in runs["bad"]), "said": runs["bad"][-1].get("said"),
                          "exit": runs["bad"][-1].get("exit"), "runs": runs["bad"]}
    if runs.get("pandas"):
        p = runs["pandas"]
        out["pandas"] = {"read_s": med(r.get("read_s") for r in p),
                         "peak_rss_mb": max((r.get("peak_rss_mb") or 0) for r in p), "runs": p}
    if runs.get("vd"):
        v = runs["vd"]
        out["vd"] = {"first_rows_s": med(r.get("first_rows_s") for r in v), "loaded_s": med(r.get("loaded_s") for r in v),
                     "peak_rss_mb": max((r.get("peak_rss_mb") or 0) for r in v), "runs": v}
    for kind in ("npl-tui", "npl-tui-warm"):
        if not runs.get(kind):
            continue
        t = runs[kind]
        keys = [k for r in t for k in r.get("filter_keys_s", [])]
        out[kind] = {
            "headline_s": med(r.get("headline_s") for r in t),
            "first_progress_s": med(r.get("first_progress_s") for r in t),
            "usable_s": med(r.get("usable_s") for r in t),
            "filter_key_median_s": med(keys),
            "filter_key_max_s": round(max(keys), 4) if keys else None,
            "filter_keys_timed": len(keys),
            "sort_s": med(r.get("sort_s") for r in t),
            "province_s": med(r.get("province_s") for r in t),
            "lots_screen_s": med(r.get("lots_screen_s") for r in t),
            "peak_rss_mb": max((r.get("peak_rss_mb") or 0) for r in t),
            "runs": [{k: v for k, v in r.items() if k != "screen"} for r in t],
            "last_screen": t[-1].get("screen"),
        }
    return out


def table(results: list[dict]) -> str:
    lines = [
        ("| lots | pandas read_csv (s / MB) | VisiData first rows / loaded (s) | VisiData MB "
         "| npl-tui headline (s) | L during load (s) | usable cold / warm (s) | filter key median / max (s) | sort (s) "
         "| province (s) | npl-tui MB cold / warm |"),
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        p, v, t, w = r.get("pandas", {}), r.get("vd", {}), r.get("npl-tui", {}), r.get("npl-tui-warm", {})
        lines.append(
            f"| {r['rows']:,} "
            f"| {fmt(p.get('read_s'))} / {fmt(p.get('peak_rss_mb'), 0)} "
            f"| {fmt(v.get('first_rows_s'))} / {fmt(v.get('loaded_s'))} | {fmt(v.get('peak_rss_mb'), 0)} "
            f"| {fmt(t.get('headline_s'))} | {fmt(t.get('lots_screen_s'), 3)} | {fmt(t.get('usable_s'))} / {fmt(w.get('usable_s'))} "
            f"| {fmt(t.get('filter_key_median_s'), 3)} / {fmt(t.get('filter_key_max_s'), 3)} "
            f"| {fmt(t.get('sort_s'), 3)} | {fmt(t.get('province_s'), 3)} "
            f"| {fmt(t.get('peak_rss_mb'), 0) if t else '–'} / {fmt(w.get('peak_rss_mb'), 0) if w else '–'} |"
        )
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10k,100k,1M", help="comma-separated: 10k,100k,1M,6M or numbers")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--runs-6m", type=int, default=3, help="runs at 6M rows and above")
    ap.add_argument("--tools", default="pandas,vd,npl-tui")
    ap.add_argument("--work", type=Path, default=Path("/tmp/npl-scale"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cols", type=int, default=120)
    ap.add_argument("--rows", type=int, default=40)
    ap.add_argument("--npl-tui", default=str(REPO / ".venv" / "bin" / "npl-tui"))
    ap.add_argument("--no-lots-screen", action="store_true", help="npl-tui: time the headline only")
    ap.add_argument("--bad-row", action="store_true", help="also time `npl-tui validate` refusing a copy with one bad lot")
    ap.add_argument("--key-wait", type=float, default=1.5, help="seconds to wait for a filter key's new count")
    ap.add_argument("--vd-max-rows", type=int, default=1_000_000,
                    help="skip VisiData above this many rows (it holds every row as Python objects)")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "scale-latest.json")
    args = ap.parse_args()
    tools = {t.strip() for t in args.tools.split(",") if t.strip()}
    sizes = parse_sizes(args.sizes)
    probe = bench_run.load_probe(bench_run.DEFAULT_PROBE)
    python = str(Path(args.npl_tui).parent / "python")
    args.work.mkdir(parents=True, exist_ok=True)
    vd = visidata(args.work) if "vd" in tools else None
    config = args.work / "npl-tui-config.toml"
    config.write_text("# npl-tui's settings for benchmarks/scale.py: the defaults\n")
    results = []
    for n in sizes:
        snap, gen = snapshot_for(args.work, n, args.seed)
        runs_n = args.runs_6m if n >= 6_000_000 else args.runs
        scale = max(1.0, n / 1_000_000)
        timeouts = {"headline": 20.0 * scale, "usable": 30.0 * scale, "key": args.key_wait, "step": 10.0 * scale}
        runs: dict[str, list[dict]] = {t: [] for t in tools}
        if "npl-tui" in tools:
            runs["npl-tui-warm"] = []
        lots_screen = not args.no_lots_screen
        for i in range(runs_n):
            if "pandas" in tools:
                r = run_pandas(python, snap / "lots.csv")
                runs["pandas"].append(r)
                print(f"{label(n)} run {i + 1}/{runs_n} pandas: {r}", file=sys.stderr)
            if vd is not None and n <= args.vd_max_rows:
                r = run_vd(probe, vd, snap / "lots.csv", n, args.cols, args.rows, 60.0 * scale)
                runs["vd"].append(r)
                print(f"{label(n)} run {i + 1}/{runs_n} vd: {r}", file=sys.stderr)
            if "npl-tui" in tools:
                # cold: an empty cache, the lots parsed; then warm: the same cache, their columns mapped back
                cache = Path(tempfile.mkdtemp(prefix="npl-scale-cache-", dir=args.work))
                try:
                    for kind in ("npl-tui", "npl-tui-warm"):
                        r = run_npl(probe, args.npl_tui, snap, n, args.cols, args.rows, timeouts, lots_screen, config, cache)
                        runs[kind].append(r)
                        print(f"{label(n)} run {i + 1}/{runs_n} {kind}: { {k: v for k, v in r.items() if k != 'screen'} }",
                              file=sys.stderr)
                        time.sleep(1.0)  # (the cache written behind the screen)
                finally:
                    shutil.rmtree(cache, ignore_errors=True)
        if args.bad_row and "npl-tui" in tools:
            bad = bad_copy(snap)
            runs["bad"] = [run_bad(args.npl_tui, bad, config) for _ in range(runs_n)]
            print(f"{label(n)} bad row: {runs['bad']}", file=sys.stderr)
        results.append(summarise(n, gen, runs))
    doc = {
        "machine": bench_run.machine(python), "size": f"{args.cols}x{args.rows}", "runs": args.runs,
        "runs_6m": args.runs_6m, "seed": args.seed, "tools": sorted(tools), "results": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    print(table(results))
    print(f"machine: {doc['machine']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
