"""The command line as people and scripts use it: exit codes and one-line errors."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from npl_tui.cli import main

GOOD = Path(__file__).resolve().parents[1] / "fixtures" / "good"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "npl_tui", *args], capture_output=True, text=True, timeout=60, check=False)


def test_version_and_help():
    out = run("--version")
    assert out.returncode == 0 and out.stdout.startswith("npl-tui ")
    out = run("--help")
    assert out.returncode == 0
    for word in ("fetch", "validate", "build", "export", "--snapshot", "--feed", "--refresh"):
        assert word in out.stdout


def test_usage_errors_are_one_line():
    out = run("export", "nonsense")
    assert out.returncode == 2
    assert len(out.stderr.strip().splitlines()) == 1 and "invalid choice" in out.stderr


def test_validate_good_directory(capsys):
    assert main(["validate", str(GOOD)]) == 0
    assert "valid" in capsys.readouterr().out


def test_validate_bad_directory_lists_each_problem(tmp_path, capsys):
    bad = tmp_path / "bad"
    shutil.copytree(GOOD, bad)
    text = (bad / "ratios.csv").read_text().replace("1.50", "x").replace("1.52", "inf")
    (bad / "ratios.csv").write_text(text)
    assert main(["validate", str(bad)]) == 1
    out = capsys.readouterr()
    lines = out.err.strip().splitlines()
    assert out.out == "" and all(l.startswith("npl-tui: ") for l in lines)  # problems are errors: stderr
    assert any("ratios.csv" in l and "SHA-256" in l for l in lines)
    # `build` checks the cells themselves: each bad one is its own line.
    assert main(["build", str(bad)]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2
    assert "ratios.csv row 1 column value" in lines[0] and "ratios.csv row 2 column value" in lines[1]


def test_validate_missing_directory_is_one_line(capsys):
    assert main(["validate", "/nonexistent/dir"]) == 1
    assert capsys.readouterr().err.strip().count("\n") == 0


def test_build_rewrites_the_manifest(tmp_path, capsys):
    snap = tmp_path / "snap"
    shutil.copytree(GOOD, snap)
    (snap / "ratios.csv").write_text((snap / "ratios.csv").read_text().replace("1.50", "1.51"))
    assert main(["validate", str(snap)]) == 1
    assert main(["build", str(snap)]) == 0
    assert main(["validate", str(snap)]) == 0
    assert json.loads((snap / "manifest.json").read_text())["title"] == "test fixture"


def test_export_csv_has_source_and_as_of_and_neutralises_formulas(tmp_path, capsys):
    snap = tmp_path / "snap"
    shutil.copytree(GOOD, snap)
    text = (snap / "announcements.csv").read_text().replace("China Everbright Bank", "=HYPERLINK(\"http://x\")")
    (snap / "announcements.csv").write_text(text)
    assert main(["build", str(snap)]) == 0
    capsys.readouterr()
    assert main(["export", "announcements", "--snapshot", str(snap)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[0]["seller"] == "'=HYPERLINK(\"http://x\")"
    assert rows[0]["source"] and rows[0]["as_of"] == "2023-01-16"
    assert rows[0]["project_id"] == "00012345" and rows[0]["borrowers"] == "198"


def test_export_json_keeps_native_types(capsys):
    assert main(["export", "ratios", "--snapshot", str(GOOD), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    latest = next(r for r in rows if r["period"] == "2025Q4")
    assert latest["value"] == 1.5 and latest["derived"] is False and latest["as_of"] == "2025-12-31"


def test_export_default_is_the_shipped_snapshot():
    out = run("export", "ratios")
    assert out.returncode == 0, out.stderr
    rows = [r for r in csv.DictReader(io.StringIO(out.stdout)) if r["period"] == "2025Q4" and r["bank_type"] == "all" and r["metric"] == "npl_ratio_pct"]
    assert len(rows) == 1 and rows[0]["value"] == "1.50"


def test_shipped_snapshot_validates():
    from npl_tui.core.paths import shipped_snapshot_dir

    out = run("validate", str(shipped_snapshot_dir()))
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["--snapshot", "/nonexistent"], "not a snapshot directory"),
        (["--feed", "ftp://example"], "not an http(s) URL"),
        (["--refresh", "5"], "--refresh needs --feed"),
        (["--refresh", "-1", "--feed", "http://127.0.0.1:9/"], "must be greater than 0"),
        (["fetch", "not-a-url"], "not an http(s) URL"),
    ],
)
def test_bad_arguments_fail_in_one_line(args, message):
    out = run(*args)
    assert out.returncode != 0
    assert message in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("url", ["http://", "http://[::1"])
def test_malformed_feed_urls_are_one_line(url):
    for args in (["fetch", url], ["--feed", url]):
        out = run(*args)
        assert out.returncode == 2  # a usage error: the argument itself is wrong
        assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr


def test_a_dumb_terminal_gets_one_line_not_a_full_screen(tmp_path):
    """Before: TERM=dumb still got the alternate screen and truecolour."""
    import os

    env = {**os.environ, "TERM": "dumb", "XDG_CACHE_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-m", "npl_tui"], capture_output=True, timeout=60, env=env, check=False)
    assert out.returncode == 1
    assert b"\x1b" not in out.stdout + out.stderr  # no alternate screen, no colour: nothing but text
    line = out.stderr.decode()
    assert line.count("\n") == 1 and "TERM=dumb" in line and "npl-tui export" in line
    # the other commands are plain text and work there
    assert subprocess.run([sys.executable, "-m", "npl_tui", "export", "ratios"], capture_output=True, timeout=60, env=env, check=False).returncode == 0


def test_a_long_text_change_is_shown_by_what_was_added():
    from npl_tui.core.diff import describe_cell

    old = "NFRA · 2025年三季度银行业保险业主要监管指标数据情况 · 2025-11-17 · http://example.org/a/very/long/path"
    new = old + " ; NFRA (国家金融监督管理总局) · sha256:b163c2cf4965d4134ca2fe78f42a0538caf4b35f8ff1f507829f7645bacdd8bf"
    shown = describe_cell("source", old, new)
    assert shown.startswith("source + 'NFRA (国家金融监督管理总局)") and len(shown) < 80
    assert describe_cell("value", 1.5, 1.53) == "value 1.5 -> 1.53"
    assert len(describe_cell("note", "x" * 300, "y" * 300)) < 140
