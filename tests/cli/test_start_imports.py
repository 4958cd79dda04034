"""The monitor's start pays for none of the new conveniences: serving, completion, the
manual page, the log file's rotation, writing the config file and the history load only
when used."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

HEAVY = ("textual_serve", "aiohttp", "shtab", "selenium", "argparse_manpage", "build_manpages",
         "npl_tui.serve", "npl_tui.completion", "npl_tui.manpage", "logging.handlers",
         "tomlkit", "npl_tui.core.history", "npl_tui.screens.history",
         # the lots: read in a worker once the first frame is up
         "numpy", "pyarrow", "npl_tui.core.lots", "npl_tui.core.lot_views", "npl_tui.screens.lots")


@pytest.mark.parametrize("config", [None, '[display]\nlang = "zh"  # mine\nunit = "bn"\n[keys]\nrefresh = "f5"\n'])
def test_the_monitor_start_path_imports_none_of_them(config, tmp_path):
    # main([]) all the way to the app, which is built but not run (no terminal here)
    env = {**os.environ, "TERM": "xterm-256color"}
    if config is not None:
        (tmp_path / "npl-tui").mkdir()
        (tmp_path / "npl-tui" / "config.toml").write_text(config, "utf-8")
        env["XDG_CONFIG_HOME"] = str(tmp_path)
    code = (
        "import sys, npl_tui.app as a\n"
        "a.NplApp.run = lambda self, *args, **kwargs: print(self.lang, self.unit)\n"
        "from npl_tui.cli import main\n"
        "assert main([]) == 0\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == (["en yi"] if config is None else ["zh bn"]) + ["[]"]


def test_the_commands_that_need_them_do_load_them():
    """The check above can fail: the same probe sees serve's imports when serve runs."""
    code = (
        "import sys\n"
        "from npl_tui.completion import completion_script\n"
        "from npl_tui.cli import build_parser\n"
        "completion_script(build_parser(), 'bash')\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert "shtab" in out.stdout and "npl_tui.completion" in out.stdout
