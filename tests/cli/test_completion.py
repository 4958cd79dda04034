"""`npl-tui completion bash|zsh|fish`: scripts from the parser that the shells load and use."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from npl_tui.cli import build_parser
from npl_tui.completion import completion_script


def script(shell: str) -> str:
    out = subprocess.run([sys.executable, "-m", "npl_tui", "completion", shell], capture_output=True, text=True, timeout=60, check=False)
    assert out.returncode == 0 and out.stderr == "", out.stderr
    return out.stdout


def bash_complete(words: list[str], tmp_path) -> list[str]:  # type: ignore[no-untyped-def]
    """What bash offers for the last of *words*, with the script loaded as a user loads it."""
    path = tmp_path / "npl-tui.bash"
    path.write_text(script("bash"))
    quoted = " ".join(f"'{w}'" for w in words)
    program = (
        f"source '{path}' && complete -p npl-tui && "
        f"COMP_WORDS=({quoted}) && COMP_CWORD={len(words) - 1} && COMP_LINE=\"${{COMP_WORDS[*]}}\" && COMP_POINT=${{#COMP_LINE}} && "
        '_shtab_npl_tui && printf "%s\\n" "${COMPREPLY[@]}"'
    )
    out = subprocess.run(["bash", "--norc", "--noprofile", "-c", program], capture_output=True, text=True, timeout=30, check=False, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    first, *offered = out.stdout.splitlines()
    assert first == "complete -o bashdefault -F _shtab_npl_tui npl-tui"  # registered for the command
    return offered


def test_bash_completes_a_command(tmp_path):
    assert bash_complete(["npl-tui", "fe"], tmp_path) == ["fetch"]
    assert set(bash_complete(["npl-tui", ""], tmp_path)) >= {"fetch", "validate", "build", "keygen", "ingest", "export", "serve", "completion"}


def test_bash_completes_options_and_their_choices(tmp_path):
    assert bash_complete(["npl-tui", "export", ""], tmp_path) == ["ratios", "announcements", "provinces", "discount_rates"]
    assert bash_complete(["npl-tui", "--lang", ""], tmp_path) == ["en", "zh"]
    assert bash_complete(["npl-tui", "serve", "--p"], tmp_path) == ["--port", "--public-url"]
    assert bash_complete(["npl-tui", "--log-l"], tmp_path) == ["--log-level"]
    assert bash_complete(["npl-tui", "ingest", "n"], tmp_path) == ["nfra"]


def test_bash_completes_a_directory_where_one_is_expected(tmp_path):
    (tmp_path / "feed-dir").mkdir()
    (tmp_path / "feed-file.txt").write_text("")
    assert bash_complete(["npl-tui", "--snapshot", "feed"], tmp_path) == ["feed-dir"]


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_scripts_cover_every_command(shell):
    text = script(shell)
    assert text == completion_script(build_parser(), shell)
    for word in ("fetch", "validate", "build", "keygen", "ingest", "yindeng", "nfra", "export", "serve", "completion", "--snapshot", "--log-level"):
        assert word in text, word


@pytest.mark.parametrize("shell, check", [("zsh", ["zsh", "-n"]), ("fish", ["fish", "--no-execute"])])
def test_zsh_and_fish_read_their_scripts(shell, check, tmp_path):
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed here: its script is checked for content only")
    path = tmp_path / f"npl-tui.{shell}"
    path.write_text(script(shell))
    out = subprocess.run([*check, str(path)], capture_output=True, text=True, timeout=30, check=False)
    assert out.returncode == 0, out.stderr


def test_fish_completes_a_command(tmp_path):
    if shutil.which("fish") is None:
        pytest.skip("fish is not installed here")
    path = tmp_path / "npl-tui.fish"
    path.write_text(script("fish"))
    out = subprocess.run(["fish", "--no-config", "-c", f"source {path}; complete -C 'npl-tui fe'"], capture_output=True, text=True, timeout=30, check=False)
    assert out.returncode == 0, out.stderr
    assert [line.split("\t")[0] for line in out.stdout.splitlines()] == ["fetch"]
