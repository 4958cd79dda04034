"""The manual page, npl-tui(1), written from the command line parser.

``python -m npl_tui.manpage`` rewrites ``share/man/man1/npl-tui.1``, which the wheel
installs into ``<prefix>/share/man/man1/`` (a test fails when the file is stale). The
page is the parser's own text — descriptions, options, each command's examples, the
files and exit status — laid out in roff, so it says exactly what ``--help`` says.

Written here rather than with argparse-manpage: that package (4.8) leaves out every
command's epilog, which is where the examples and exit statuses are, and reflows the
preformatted tables of the main epilog into run-on lines.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from . import __version__

__all__ = ["MANPAGE", "render_manpage"]

#: Where the page lives in the source tree (installed as share/man/man1/npl-tui.1).
MANPAGE = Path(__file__).resolve().parent.parent / "share" / "man" / "man1" / "npl-tui.1"

_WIDTH = 78


def _roff(text: str) -> str:
    """Text for a roff line: backslashes and minus signs escaped, every other character
    outside ASCII as ``\\[uXXXX]`` (groff and mandoc read it whatever the locale), no
    line read as a request."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    if not text.isascii():
        text = "".join(c if c.isascii() else f"\\[u{ord(c):04X}]" for c in text)
    return "\\&" + text if text.startswith((".", "'")) else text


def _para(text: str) -> list[str]:
    """Paragraphs (blank-line separated) as filled text; lines of a paragraph joined."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        if out:
            out.append(".PP")
        out.append(_roff(" ".join(line.strip() for line in block.splitlines())))
    return out


def _verbatim(lines: list[str]) -> list[str]:
    return [".nf", *(_roff(line) for line in lines), ".fi"]


def _blocks(epilog: str) -> list[tuple[str, list[str]]]:
    """An epilog's blocks: ("examples", [lines...]), ("exit status", [...]), ... A block's
    first line is its label ("examples:"); "exit status: 0 ..., 1 ..." keeps its text."""
    blocks = []
    for block in re.split(r"\n\s*\n", epilog.strip("\n")):
        lines = block.splitlines()
        label, _, rest = lines[0].partition(":")
        body = ([rest.strip()] if rest.strip() else []) + lines[1:]
        blocks.append((label.strip(), body))
    return blocks


def _usage(parser: argparse.ArgumentParser) -> list[str]:
    formatter = argparse.HelpFormatter(parser.prog, width=_WIDTH)
    formatter.add_usage(parser.usage, parser._actions, parser._mutually_exclusive_groups, prefix="")
    return formatter.format_help().strip("\n").splitlines()


def _options(parser: argparse.ArgumentParser, *, top: bool) -> list[str]:
    """Each argument group of *parser* (subcommand lists excepted) as tagged paragraphs,
    under a section heading (*top*) or an italic label (a command's)."""
    formatter = argparse.HelpFormatter(parser.prog, width=_WIDTH)
    out: list[str] = []
    for group in parser._action_groups:
        actions = [
            a
            for a in group._group_actions
            if a.help is not argparse.SUPPRESS and not isinstance(a, (argparse._SubParsersAction, argparse._HelpAction))
        ]
        if not actions:
            continue
        title = group.title or "options"
        title = {"positional arguments": "arguments"}.get(title, title)
        out += [f".SH {_roff(title.upper())}"] if top else [".PP", f".I {_roff(title)}:"]
        for action in actions:
            out += [".TP", f".B {_roff(formatter._format_action_invocation(action))}"]
            out.append(_roff(formatter._expand_help(action)) if action.help else "")
    return out


def _commands(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser, str]]:
    """(name, parser, one-line help) of every command, nested ones after their parent."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            for name, sub in action.choices.items():
                found.append((name, sub, helps.get(name, "")))
                found += _commands(sub)
    return found


def render_manpage(parser: argparse.ArgumentParser) -> str:
    """npl-tui(1) in roff, from *parser* (``npl_tui.cli.build_parser()``)."""
    summary = (parser.description or "").strip().split("\n\n")[0]
    name_line = summary.rstrip(".")
    lines = [
        '.\\" Written by `python -m npl_tui.manpage` from the command line parser: do not edit.',
        f'.TH NPL\\-TUI 1 "" "npl\\-tui {__version__}" "User Commands"',
        ".SH NAME",
        f"npl\\-tui \\- {_roff(name_line[0].lower() + name_line[1:])}",
        ".SH SYNOPSIS",
        *_verbatim(_usage(parser)),
        ".SH DESCRIPTION",
        *_para(parser.description or ""),
    ]
    lines += _options(parser, top=True)
    commands = _commands(parser)
    lines.append(".SH COMMANDS")
    for _name, sub, help_text in commands:
        lines += [".TP", f".B {_roff(sub.prog)}", _roff(help_text)]
    for _name, sub, _help in commands:
        lines += [f".SS {_roff(sub.prog)}", *_verbatim(_usage(sub)), ".PP", *_para(sub.description or "")]
        lines += _options(sub, top=False)
        for label, body in _blocks(sub.epilog or ""):
            lines += [".PP", f".I {_roff(label)}:", *_verbatim(body)]
    for label, body in _blocks(parser.epilog or ""):
        lines += [f".SH {_roff(label.upper())}", *_verbatim(body)]
    lines += [
        ".SH SEE ALSO",
        "README.md and docs/ in the source: format.md (the snapshot format), publishing.md",
        "(running a feed), serve.md (the monitor in a browser, behind a proxy).",
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    from .cli import build_parser

    text = render_manpage(build_parser())
    if "--check" in sys.argv[1:]:
        same = MANPAGE.is_file() and MANPAGE.read_text("utf-8") == text
        print(f"{MANPAGE}: {'up to date' if same else 'stale: run python -m npl_tui.manpage'}")
        return 0 if same else 1
    MANPAGE.parent.mkdir(parents=True, exist_ok=True)
    MANPAGE.write_text(text, "utf-8")
    print(f"{MANPAGE}: written")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
