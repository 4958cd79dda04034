#!/usr/bin/env python3
# Copied unchanged (below this header) from the team tool tools/tui_probe.py, 2026-11-30,
# so the benchmarks need nothing outside this repository. Standard library only.
"""Measure a terminal program as a person sees it, from outside, in a real tmux pane.

Starts COMMAND in a detached tmux session of the given size, polls the screen
until a regular expression appears (first useful paint), then optionally types
keys and times how long until the screen shows an expected pattern.

    tui_probe.py --ready 'NPL ratio' --step 'Down Enter=Province' -- npl-tui
    tui_probe.py --cols 80 --rows 24 --ready 'Ready' --runs 5 -- myapp --flag
    tui_probe.py --ready 'Ready' --idle 30 -- myapp      # bytes/CPU while idle

Each --step is 'KEYS=REGEX': KEYS are tmux key names separated by spaces
(see `man tmux`, send-keys), REGEX is what must then appear on screen.
Prints one JSON object: per run the seconds to ready and to each step, their
medians, and the peak resident memory of the program's process tree.
With --screen FILE the final screen of the last run is written to FILE.
Only needs tmux and Python's standard library.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import statistics
import subprocess
import sys
import time
import uuid


SOCKET = f"tui-probe-{os.getpid()}"  # a private tmux server: never touches the user's sessions


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", "-L", SOCKET, *args], check=True, capture_output=True, text=True).stdout


def new_session(name: str, cols: int, rows: int, line: str) -> None:
    """Start a detached session; retry briefly while a previous server shuts down."""
    for attempt in range(20):
        try:
            tmux("new-session", "-d", "-s", name, "-x", str(cols), "-y", str(rows), line)
            return
        except subprocess.CalledProcessError:
            if attempt == 19:
                raise
            time.sleep(0.05)


def screen(target: str) -> str:
    return tmux("capture-pane", "-p", "-t", target)


def tree_rss_kb(pid: int) -> int:
    """Resident memory of pid and all its descendants, in KiB (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo.extend(int(c) for c in f.read().split())
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total


def tree_cpu_s(pid: int) -> float:
    """User+system CPU seconds of pid and its descendants (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo.extend(int(c) for c in f.read().split())
        except (FileNotFoundError, ProcessLookupError, IndexError):
            pass
    return total


def measure_idle(target: str, pane_pid: int, seconds: float) -> dict:
    """Bytes the program writes to its terminal and CPU it burns while nobody types."""
    log = f"/tmp/{target}.idle"
    open(log, "wb").close()
    cpu0 = tree_cpu_s(pane_pid)
    tmux("pipe-pane", "-o", "-t", target, f"cat >> {log}")
    time.sleep(seconds)
    tmux("pipe-pane", "-t", target)
    cpu1 = tree_cpu_s(pane_pid)
    size = os.path.getsize(log)
    os.unlink(log)
    return {"idle_s": seconds, "idle_bytes": size, "idle_cpu_pct": round(100 * (cpu1 - cpu0) / seconds, 2)}


def wait_for(target: str, pattern: re.Pattern, timeout: float, pane_pid: int, peak: list) -> float | None:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        text = screen(target)
        peak[0] = max(peak[0], tree_rss_kb(pane_pid))
        if pattern.search(text):
            return time.perf_counter() - start
        time.sleep(0.005)
    return None


def one_run(cmd: list[str], args, steps) -> dict:
    name = f"probe-{uuid.uuid4().hex[:8]}"
    env_prefix = " ".join(f"{k}={shlex.quote(v)}" for k, v in args.env)
    line = (f"env {env_prefix} " if env_prefix else "") + shlex.join(cmd) + "; sleep 3600"
    t0 = time.perf_counter()
    new_session(name, args.cols, args.rows, line)
    result: dict = {}
    try:
        pane_pid = int(tmux("display-message", "-p", "-t", name, "#{pane_pid}").strip())
        peak = [0]
        ready = wait_for(name, args.ready, args.timeout, pane_pid, peak)
        result["ready_s"] = None if ready is None else round(time.perf_counter() - t0, 4)
        result["steps_s"] = []
        for keys, pattern in steps:
            if result["ready_s"] is None:
                break
            tmux("send-keys", "-t", name, *keys.split())
            took = wait_for(name, pattern, args.timeout, pane_pid, peak)
            result["steps_s"].append(None if took is None else round(took, 4))
            if took is None:
                break
        time.sleep(args.settle)
        if args.idle and result["ready_s"] is not None:
            result.update(measure_idle(name, pane_pid, args.idle))
        peak[0] = max(peak[0], tree_rss_kb(pane_pid))
        result["peak_rss_mb"] = round(peak[0] / 1024, 1)
        result["screen"] = screen(name)
        result["pane_title"] = tmux("display-message", "-p", "-t", name, "#{pane_title}").strip()
    finally:
        subprocess.run(["tmux", "-L", SOCKET, "kill-session", "-t", name], capture_output=True)
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cols", type=int, default=120)
    ap.add_argument("--rows", type=int, default=40)
    ap.add_argument("--ready", required=True, type=re.compile, help="regex that marks the first useful paint")
    ap.add_argument("--step", action="append", default=[], help="'KEYS=REGEX', repeatable, run in order")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for each pattern")
    ap.add_argument("--settle", type=float, default=0.3, help="seconds to wait before the last capture")
    ap.add_argument("--env", action="append", default=[], type=lambda s: tuple(s.split("=", 1)),
                    help="NAME=VALUE for the program's environment, repeatable")
    ap.add_argument("--screen", help="write the last run's final screen to this file")
    ap.add_argument("--idle", type=float, default=0.0,
                    help="after the steps, watch SECONDS of idleness: bytes written to the terminal, CPU %%")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
    if not cmd:
        ap.error("no command given")
    steps = []
    for s in args.step:
        keys, sep, pattern = s.partition("=")
        if not sep:
            ap.error(f"--step needs KEYS=REGEX, got {s!r}")
        steps.append((keys, re.compile(pattern)))
    runs = [one_run(cmd, args, steps) for _ in range(args.runs)]
    ok = [r for r in runs if r["ready_s"] is not None and None not in r["steps_s"] and len(r["steps_s"]) == len(steps)]
    out = {
        "command": shlex.join(cmd),
        "size": f"{args.cols}x{args.rows}",
        "runs": len(runs),
        "ok_runs": len(ok),
        "ready_s": [r["ready_s"] for r in runs],
        "ready_median_s": statistics.median(r["ready_s"] for r in ok) if ok else None,
        "steps_median_s": [statistics.median(r["steps_s"][i] for r in ok) for i in range(len(steps))] if ok else None,
        "peak_rss_mb_max": max(r["peak_rss_mb"] for r in runs),
        "pane_title": runs[-1].get("pane_title", ""),
    }
    if args.idle:
        out["idle_bytes"] = [r.get("idle_bytes") for r in runs]
        out["idle_cpu_pct"] = [r.get("idle_cpu_pct") for r in runs]
    if args.screen:
        with open(args.screen, "w") as f:
            f.write(runs[-1]["screen"])
    print(json.dumps(out))
    return 0 if len(ok) == len(runs) else 1


if __name__ == "__main__":
    sys.exit(main())
