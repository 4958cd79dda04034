"""npl-tui(1): written from the parser, kept current, and read by man."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from npl_tui.cli import build_parser
from npl_tui.manpage import MANPAGE, render_manpage


def test_the_shipped_page_is_the_parser_s_current_text():
    assert MANPAGE.read_text("utf-8") == render_manpage(build_parser()), "share/man/man1/npl-tui.1 is stale: run python -m npl_tui.manpage"


def test_the_page_has_each_command_with_its_examples_files_and_exit_status():
    if shutil.which("man") is None:
        pytest.skip("man is not installed here (apt-get install man-db)")
    out = subprocess.run(["man", "-l", str(MANPAGE)], capture_output=True, text=True, timeout=60, check=False,
                         env={**os.environ, "MANWIDTH": "100", "MAN_KEEP_FORMATTING": "", "LANG": "C.UTF-8"})
    assert out.returncode == 0 and out.stderr == "", out.stderr
    text = out.stdout
    for heading in ("NAME", "SYNOPSIS", "DESCRIPTION", "MONITOR OPTIONS", "COMMANDS", "EXAMPLES", "FILES", "EXIT STATUS", "SEE ALSO"):
        assert f"\n{heading}\n" in text, heading
    for command in ("fetch", "validate", "build", "keygen", "ingest yindeng", "ingest nfra", "export", "serve", "completion"):
        heading = f"\n   npl-tui {command}\n"  # its own subsection
        assert heading in text, command
        examples = text.split(heading, 1)[1].split("examples:", 1)[1].split("exit status:", 1)[0]
        assert f"npl-tui {command} " in examples, command
    assert "names in English or 中文" in text  # Chinese survives the roff escapes
    assert "--snapshot DIR" in text  # and options read as typed (ASCII minus)


def test_roff_sees_no_error():
    if shutil.which("groff") is None:
        pytest.skip("groff is not installed here")
    out = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", str(MANPAGE)], capture_output=True, text=True, timeout=60, check=False)
    assert out.returncode == 0 and out.stderr == "", out.stderr
