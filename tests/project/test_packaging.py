"""The shipped snapshot must work from an installed wheel, not only from the source tree."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

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
