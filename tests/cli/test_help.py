"""Help that teaches: every command says what it does, shows an example and its exit status."""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys

import pytest

from npl_tui.cli import build_parser


def commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], argparse.ArgumentParser, str]]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help or "" for a in action._choices_actions}
            for name, sub in action.choices.items():
                found.append(((*path, name), sub, helps[name]))
                found += commands(sub, (*path, name))
    return found


COMMANDS = commands(build_parser())


def help_of(*words: str) -> str:
    out = subprocess.run([sys.executable, "-m", "npl_tui", *words, "--help"], capture_output=True, text=True, timeout=60, check=False)
    assert out.returncode == 0 and out.stderr == "", out.stderr
    return out.stdout


def test_every_command_is_covered():
    names = {" ".join(path) for path, _p, _h in COMMANDS}
    assert {"fetch", "validate", "build", "keygen", "ingest", "ingest yindeng", "ingest nfra", "export", "serve", "completion"} <= names


@pytest.mark.parametrize("path", [p for p, _s, _h in COMMANDS], ids=[" ".join(p) for p, _s, _h in COMMANDS])
def test_each_command_help_has_a_description_an_example_and_its_exit_status(path):
    text = help_of(*path)
    usage, _, rest = text.partition("\n\n")
    assert usage.startswith(f"usage: npl-tui {' '.join(path)}")
    summary = rest.splitlines()[0]
    assert summary.endswith(".") and len(summary) > 20  # a sentence, first: what the command does
    examples = text.split("\nexamples:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    # an example is a command line of this very command (or, for completion, one per shell)
    assert any(f"npl-tui {' '.join(path)} " in line for line in examples), examples
    status = text.split("\nexit status: ", 1)[1]
    assert status.startswith("0 ") and "2 usage" in status


def test_the_main_help_lists_each_command_in_one_line():
    text = help_of()
    listing = text.split("\ncommands:\n", 1)[1].split("\n\n", 1)[0]
    for path, _sub, help_text in COMMANDS:
        if len(path) == 1:
            line = next(line for line in listing.splitlines() if line.split()[:1] == [path[0]])
            assert help_text.split()[0] in line  # the one-line summary stands beside the name
    assert "examples:" in text and "npl-tui serve" in text and "exit status:" in text and "files:" in text


def test_examples_in_the_help_are_accepted_by_the_parser():
    """An example that the parser rejects teaches the wrong thing."""
    parser = build_parser()
    checked = 0
    for _path, sub, _help in [((), parser, ""), *COMMANDS]:
        for line in (sub.epilog or "").split("examples:\n", 1)[1].split("\n\n", 1)[0].splitlines():
            command = line[line.index("npl-tui ") :].split("  ")[0] if "npl-tui " in line else ""
            argv = shlex.split(command)[1:]
            argv = argv[: argv.index(">")] if ">" in argv else argv
            if not argv or argv[-1] == "--help":
                continue
            parser.parse_args(argv)  # SystemExit(2) for an example that no longer parses
            checked += 1
    assert checked >= 15
