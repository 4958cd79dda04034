"""The shipped snapshot must work from an installed wheel, not only from the source tree."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def test_wheel_carries_the_shipped_snapshot_and_uses_it(tmp_path):
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next(tmp_path.glob("npl_tui-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        for table in ("manifest.json", "ratios.csv", "announcements.csv", "provinces.csv", "discount_rates.csv"):
            assert f"npl_tui/_data/{table}" in names
        assert "npl_tui/app.tcss" in names
        assert "npl_tui-0.1.0.data/data/share/man/man1/npl-tui.1" in names  # installed as <prefix>/share/man/man1
        site = tmp_path / "site"
        zf.extractall(site)
    # Run from the unpacked wheel (no source tree on the path): it must find _data.
    code = (
        "from npl_tui.core.paths import shipped_snapshot_dir as d; from npl_tui.core.snapshot import read_snapshot_dir as r;"
        "p = d(); s = r(p); print(p.name, len(s.ratios))"
    )
    out = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r}); {code}"],
                         capture_output=True, text=True, timeout=60, cwd=tmp_path, check=False)
    assert out.returncode == 0, out.stderr
    name, rows = out.stdout.split()
    assert name == "_data" and int(rows) > 100


def test_man_finds_the_installed_page(tmp_path):
    """What README promises: `man npl-tui` in an activated venv, or with MANPATH set."""
    if shutil.which("man") is None:
        pytest.skip("man is not installed here (apt-get install man-db)")
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
                           capture_output=True, text=True, timeout=300, check=False)
    assert build.returncode == 0, build.stderr[-2000:]
    prefix = tmp_path / "prefix"  # laid out as a venv is: bin/, lib/, share/
    # --ignore-installed: without it pip first uninstalls the npl-tui this test runs from
    install = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--ignore-installed", "-q", "--prefix", str(prefix),
                              str(next(tmp_path.glob("npl_tui-*.whl")))], capture_output=True, text=True, timeout=300, check=False)
    assert install.returncode == 0, install.stderr[-2000:]
    page = prefix / "share" / "man" / "man1" / "npl-tui.1"
    assert page.read_bytes() == (REPO / "share" / "man" / "man1" / "npl-tui.1").read_bytes()
    env = {k: v for k, v in os.environ.items() if k != "MANPATH"}
    activated = subprocess.run(["man", "-w", "npl-tui"], capture_output=True, text=True, timeout=60, check=False,
                               env={**env, "PATH": f"{prefix / 'bin'}:{env.get('PATH', '')}"})
    assert activated.stdout.strip() == str(page), activated.stderr
    manpath = subprocess.run(["man", "npl-tui"], capture_output=True, text=True, timeout=60, check=False,
                             env={**env, "MANPATH": f"{prefix / 'share' / 'man'}:", "MANPAGER": "cat", "MANWIDTH": "100"})
    assert manpath.returncode == 0 and "npl-tui fetch https://npl.example.com/feed/" in manpath.stdout, manpath.stderr
