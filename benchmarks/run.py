#!/usr/bin/env python3
"""Benchmark npl-tui against a minimal Textual app, in a real terminal (tmux).

Measured as a person sees it, from outside: the program runs in a detached tmux pane
and the screen is read with `tmux capture-pane` every ~5 ms, using the helpers of
benchmarks/tui_probe.py (imported, so both measure the same way).

- time to data: process start until a ratio such as "1.50%" is on screen;
- drill-down: Enter on a province (npl-tui: Guangdong, top of the provinces pane;
  minimal app: a table row) until the province screen is painted — for npl-tui the
  breadcrumb "China › Guangdong" *and* its figures ("NPL bid volume … 5,781"); and,
  reported beside it, until every section is (its 40 announcements: one frame later);
  - "settled": Enter pressed after THINK seconds of looking at the dashboard (the
    target's case: a person reads the screen before drilling);
  - "cold": `2` pressed the moment the first data is on screen and Enter as soon as
    the provinces pane has focus (a separate process, reported beside it);
- back: Esc on the province screen until the dashboard is painted again;
- picker: `g` and "Zhejiang⏎" typed as one burst (tmux sends them in one write, as
  an SSH packet would bring them) until Zhejiang's figures are painted;
- bytes written to the terminal by each step: the pane is piped to a file for the
  whole run (tmux pipe-pane) and its size read before each key and 0.3 s after the
  step's screen is seen (so the later frames of a drill-down count too); a
  drill-down's bytes are its "drill" and "complete" steps together;
- peak resident memory of the process tree;
- idle cost: bytes written to the terminal and CPU % over a quiet period (last run,
  after the drill-down and 3 s of settling).

Runs alternate between the apps (A B C A B C …) so that machine noise hits all of
them alike; medians over --runs runs. Prints a Markdown table and writes JSON to
benchmarks/results/latest.json.

    python3 benchmarks/run.py --runs 9
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_PROBE = HERE / "tui_probe.py"
READY = re.compile(r"[0-9]\.[0-9]{2} ?%")
TIMEOUT = 20.0

#: (name, keys, regex that must then be on screen, seconds to wait before the keys)
Step = tuple[str, str, str, float]


def npl_steps(think: float) -> list[Step]:
    # `2` focuses the provinces pane; the footer then offers "Open province".
    return [
        ("focus", "2", r"Open province", think),
        ("drill", "Enter", r"(?s)China › Guangdong.*NPL bid volume.*5,781", 0.0),
        # no key: how much longer until every section (its 40 announcements) is painted
        ("complete", "", r"Announcements \(40\)", 0.0),
        ("back", "Escape", r"(?s)1 NPL ratio.*Open province", 1.0),
        ("picker", "g Z h e j i a n g Enter", r"(?s)China › Zhejiang.*NPL deal volume.*913", think),
        ("picker_back", "Escape", r"(?s)1 NPL ratio.*Open province", 1.0),
    ]


def minimal_steps(think: float) -> list[Step]:
    return [
        ("drill", "Enter", r"China › Zhejiang", think),
        ("back", "Escape", r"NPL ratio 1\.50%", 1.0),
    ]


def load_probe(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("tui_probe", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_once(probe: ModuleType, cmd: list[str], steps: list[Step], cols: int, rows: int, idle: float) -> dict:
    """One process: time to data, then each step; memory throughout; idle at the end."""
    name = f"bench-{uuid.uuid4().hex[:8]}"
    t0 = time.perf_counter()
    probe.new_session(name, cols, rows, shlex.join(cmd) + "; sleep 3600")
    result: dict = {"steps": {}, "bytes": {}}
    log = Path(f"/tmp/{name}.out")
    try:
        pane_pid = int(probe.tmux("display-message", "-p", "-t", name, "#{pane_pid}").strip())
        peak = [0]
        ready = probe.wait_for(name, READY, TIMEOUT, pane_pid, peak)
        result["ready_s"] = None if ready is None else round(time.perf_counter() - t0, 4)
        log.write_bytes(b"")
        probe.tmux("pipe-pane", "-o", "-t", name, f"cat >> {shlex.quote(str(log))}")
        for step, keys, pattern, pause in steps:
            if result["ready_s"] is None:
                break
            time.sleep(pause)
            before = log.stat().st_size
            if keys:
                probe.tmux("send-keys", "-t", name, *keys.split())
            took = probe.wait_for(name, re.compile(pattern), TIMEOUT, pane_pid, peak)
            result["steps"][step] = None if took is None else round(took, 4)
            if took is None:
                result["screen"] = probe.screen(name)
                break
            time.sleep(0.3)  # the frames after the one that showed the pattern
            result["bytes"][step] = log.stat().st_size - before
        probe.tmux("pipe-pane", "-t", name)
        if idle and result["ready_s"] is not None:
            time.sleep(3)
            result.update(probe.measure_idle(name, pane_pid, idle))
        peak[0] = max(peak[0], probe.tree_rss_kb(pane_pid))
        result["peak_rss_mb"] = round(peak[0] / 1024, 1)
    finally:
        subprocess.run(["tmux", "-L", probe.SOCKET, "kill-session", "-t", name], capture_output=True, check=False)
        log.unlink(missing_ok=True)
    return result


def machine(python: str) -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = subprocess.run(
        [python, "-c", "import platform, textual; print(platform.python_version(), textual.__version__)"],
        capture_output=True, text=True, check=False,
    ).stdout.split()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": versions[0] if versions else "?",
        "textual": versions[1] if len(versions) > 1 else "?",
        "os": platform.platform(),
    }


def med(values: list[float | None]) -> float | None:
    ok = [v for v in values if v is not None]
    return round(statistics.median(ok), 4) if ok else None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--cols", type=int, default=120)
    ap.add_argument("--rows", type=int, default=40)
    ap.add_argument("--think", type=float, default=2.0, help="seconds on the dashboard before a settled drill-down")
    ap.add_argument("--idle", type=float, default=10.0, help="seconds of idle measurement on the last run")
    ap.add_argument("--probe", type=Path, default=DEFAULT_PROBE)
    ap.add_argument("--npl-tui", default=str(REPO / ".venv" / "bin" / "npl-tui"))
    args = ap.parse_args()
    if not args.probe.exists():
        print(f"benchmark: {args.probe}: tui_probe.py not found (pass --probe)", file=sys.stderr)
        return 1
    probe = load_probe(args.probe)
    python = str(Path(args.npl_tui).parent / "python")
    # Measure the app as installed: `pip install .` compiles npl_tui to bytecode, but
    # an editable install under PYTHONDONTWRITEBYTECODE=1 would compile every module
    # from source on every start (~40 ms here). Textual's own bytecode is already there.
    package = subprocess.run([python, "-c", "import npl_tui, os; print(os.path.dirname(npl_tui.__file__))"],
                             capture_output=True, text=True, check=True).stdout.strip()
    subprocess.run([python, "-m", "compileall", "-q", package], check=True)
    # npl-tui with a config file of its own, in English: the user's settings (a language
    # saved with `l`, a feed, a key remapped) must not change what is measured
    config = Path(tempfile.mkdtemp(prefix="npl-bench-")) / "config.toml"
    config.write_text("# benchmarks/run.py: the defaults\n")
    npl = [args.npl_tui, "--config", str(config), "--lang", "en"]
    apps = {
        "minimal": ([python, str(HERE / "minimal_app.py")], minimal_steps(args.think)),
        "npl-tui": (npl, npl_steps(args.think)),
        "npl-tui cold": (npl, npl_steps(0.0)[:3]),
    }
    results: dict[str, list[dict]] = {name: [] for name in apps}
    for i in range(args.runs):
        for name, (cmd, steps) in apps.items():
            idle = args.idle if i == args.runs - 1 and name != "npl-tui cold" else 0.0
            r = run_once(probe, cmd, steps, args.cols, args.rows, idle)
            results[name].append(r)
            print(f"run {i + 1}/{args.runs} {name}: ready {r.get('ready_s')} steps {r['steps']}", file=sys.stderr)
    summary = {}
    for name, runs in results.items():
        summary[name] = {
            "ready_s": [r.get("ready_s") for r in runs],
            "ready_median_s": med([r.get("ready_s") for r in runs]),
            "drill_s": [r["steps"].get("drill") for r in runs],
            "drill_median_s": med([r["steps"].get("drill") for r in runs]),
            "back_median_s": med([r["steps"].get("back") for r in runs]),
            "complete_median_s": med([
                r["steps"]["drill"] + r["steps"]["complete"] if r["steps"].get("drill") is not None and r["steps"].get("complete") is not None else None
                for r in runs
            ]),
            "picker_s": [r["steps"].get("picker") for r in runs],
            "picker_median_s": med([r["steps"].get("picker") for r in runs]),
            "drill_bytes_median": med([
                (r["bytes"].get("drill") or 0) + (r["bytes"].get("complete") or 0) if "drill" in r["bytes"] else None for r in runs
            ]),
            "picker_bytes_median": med([r["bytes"].get("picker") for r in runs]),
            "peak_rss_mb": max((r.get("peak_rss_mb") or 0) for r in runs),
            "idle_bytes": runs[-1].get("idle_bytes"),
            "idle_cpu_pct": runs[-1].get("idle_cpu_pct"),
            "complete_runs": sum(1 for r in runs if r.get("ready_s") and None not in r["steps"].values()),
        }
    base, ours, cold = summary["minimal"], summary["npl-tui"], summary["npl-tui cold"]
    ready_ours = med(ours["ready_s"] + cold["ready_s"])  # both processes start the same way
    ratio = round(ready_ours / base["ready_median_s"], 2) if ready_ours and base["ready_median_s"] else None
    doc = {
        "machine": machine(python), "size": f"{args.cols}x{args.rows}", "runs": args.runs, "think_s": args.think,
        "summary": summary, "time_to_data_median_s": ready_ours, "time_to_data_ratio": ratio,
    }
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "latest.json").write_text(json.dumps(doc, indent=2) + "\n")
    n = args.runs
    print(f"| measure ({args.cols}x{args.rows}, median of {n}) | minimal Textual app | npl-tui | target |")
    print("|---|---|---|---|")
    print(f"| time to data (s) | {base['ready_median_s']} | {ready_ours} (of {2 * n} starts) | ≤ 1.5× minimal (is {ratio}×) |")
    print(f"| drill-down, settled ({args.think:g} s on the dashboard) (s) | {base['drill_median_s']} | {ours['drill_median_s']} | ≤ 0.050 |")
    print(f"| drill-down, settled: every section painted (s) | – | {ours['complete_median_s']} | – |")
    print(f"| drill-down, cold (Enter as soon as data shows) (s) | – | {cold['drill_median_s']} | – |")
    print(f"| drill-down through the picker: `g` + \"Zhejiang⏎\" as one burst (s) | – | {ours['picker_median_s']} | ≤ 0.050 |")
    print(f"| bytes written to the terminal by a drill-down (every frame) | {base['drill_bytes_median']} | {ours['drill_bytes_median']} | ≤ 30 KB |")
    print(f"| Esc back to the dashboard (s) | {base['back_median_s']} | {ours['back_median_s']} | – |")
    print(f"| peak memory (MB) | {base['peak_rss_mb']} | {max(ours['peak_rss_mb'], cold['peak_rss_mb'])} | ≤ 100 |")
    print(f"| idle: bytes to terminal / CPU % over {args.idle:g} s | {base['idle_bytes']} / {base['idle_cpu_pct']} | {ours['idle_bytes']} / {ours['idle_cpu_pct']} | 0 bytes |")
    print(f"complete runs: minimal {base['complete_runs']}/{n}, npl-tui {ours['complete_runs']}/{n}, cold {cold['complete_runs']}/{n}")
    print(f"machine: {doc['machine']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
