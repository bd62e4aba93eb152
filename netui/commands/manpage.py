"""``netui manpage [-o FILE]``: the manual page, ``netui(1)``, made from the parser.

Every command, argument and option is read from the same parser ``netui --help``
prints (:func:`netui.cli.full_parser`), so the page cannot drift from the program:
NAME, SYNOPSIS, DESCRIPTION, OPTIONS, COMMANDS (each with its usage, description
and options), ENVIRONMENT, FILES, EXIT STATUS and SEE ALSO, in man(7) roff. The
page carries no date, so it is the same file every time for one version::

    netui manpage > ~/.local/share/man/man1/netui.1 && man netui
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from pathlib import Path

from netui import __version__
from netui.commands import COMMANDS, CommandError

HELP = "print the manual page, netui(1), in roff (man netui)"
DESCRIPTION = """\
Print netui's manual page, made from the same parser as netui --help, in man(7)
roff. Install it where man looks:

  netui manpage > ~/.local/share/man/man1/netui.1 && man netui"""

SUMMARY = "grow your professional network by trading in connections"

ENVIRONMENT = (
    ("NETUI_DB", "The database file, when --db is not given."),
    (
        "NETUI_CONFIG",
        "The config file, when --config is not given (--config sets it for what the run "
        "starts).",
    ),
    ("NETUI_DEBUG", "Set to 1 to see the traceback of an unexpected error."),
)
FILES = (
    (
        "~/.local/share/netui/netui.db",
        "Your database (the user data folder of your system; demo.db beside it holds the "
        "demo network).",
    ),
    (
        "~/.config/netui/config.toml",
        "The config file: theme and keys (the user config folder of your system).",
    ),
)
EXIT_STATUS = (
    ("0", "Success."),
    ("1", "A problem with the data: storage, an unknown or ambiguous name, a bad file."),
    ("2", "A wrong command line."),
    ("130", "Interrupted."),
)
SEE_ALSO = r"\fBmutt\fR(1), \fBaerc\fR(1), \fBkhard\fR(1), \fBsqlite3\fR(1)"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "manpage",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", type=Path, help="write it to FILE instead"
    )
    parser.set_defaults(handler=run)


# --- roff --------------------------------------------------------------------------------


def text(value: str) -> str:
    """Plain text made safe for roff: backslashes, and a dot or quote opening a line."""
    value = value.replace("\\", r"\e")
    return re.sub(r"(?m)^([.'])", r"\\&\1", value)


def option_text(value: str) -> str:
    """An option or command word: hyphens are minus signs (``\\-``) so they copy right."""
    return text(value).replace("-", r"\-")


def paragraphs(description: str) -> Iterator[str]:
    """A raw description as roff: plain paragraphs (``.PP``) and indented blocks
    kept as written (``.nf`` … ``.fi``)."""
    blocks = re.split(r"\n\s*\n", description.strip("\n"))
    for block in blocks:
        lines = block.split("\n")
        if any(line.startswith((" ", "\t")) for line in lines):
            yield ".PP\n.nf\n" + "\n".join(text(line) for line in lines) + "\n.fi"
        else:
            yield ".PP\n" + text(" ".join(line.strip() for line in lines))


def expanded_help(parser: argparse.ArgumentParser, action: argparse.Action) -> str:
    if not action.help:
        return ""
    return parser._get_formatter()._expand_help(action)


def action_label(action: argparse.Action) -> str:
    """``\\fB\\-\\-db\\fR \\fIPATH\\fR`` or ``\\fIKIND\\fR``, as a tag line."""
    metavar = action.metavar or (action.dest.upper() if not action.option_strings else None)
    if isinstance(metavar, tuple):
        metavar = " ".join(metavar)
    if not action.option_strings:
        return rf"\fI{text(str(metavar))}\fR"
    names = ", ".join(rf"\fB{option_text(name)}\fR" for name in action.option_strings)
    takes_value = action.nargs != 0 and not isinstance(
        action, argparse._StoreConstAction | argparse._HelpAction | argparse._VersionAction
    )
    if takes_value and metavar:
        names += rf" \fI{text(str(metavar))}\fR"
    return names


def options(parser: argparse.ArgumentParser) -> list[str]:
    lines = []
    for action in parser._actions:
        if action.help == argparse.SUPPRESS or isinstance(action, argparse._SubParsersAction):
            continue
        lines += [".TP", action_label(action), text(expanded_help(parser, action))]
    return lines


def usage(parser: argparse.ArgumentParser) -> str:
    return " ".join(parser.format_usage().removeprefix("usage:").split())


def public_commands(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser]]:
    """The listed commands in table order (the hidden one left out)."""
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found.update(action.choices)
    return [(c.name, found[c.name]) for c in COMMANDS if c.help is not None and c.name in found]


def manual(parser: argparse.ArgumentParser) -> str:
    """The whole page for ``parser`` (every command loaded)."""
    helps = {command.name: command.help for command in COMMANDS}
    lines = [
        rf'.TH NETUI 1 "" "netui {text(__version__)}" "User Commands"',
        ".SH NAME",
        rf"netui \- {text(SUMMARY)}",
        ".SH SYNOPSIS",
        r".B netui",
        r"[\fB\-\-db\fR \fIPATH\fR] [\fB\-\-config\fR \fIPATH\fR] [\fICOMMAND\fR [\fIARGS\fR]]",
        ".SH DESCRIPTION",
        *paragraphs(parser.description or ""),
        ".SH OPTIONS",
        *options(parser),
        ".SH COMMANDS",
    ]
    for name, sub in public_commands(parser):
        lines += [
            f'.SS "{option_text(name)}"',
            text(helps.get(name) or ""),
            ".PP",
            r".B " + option_text(usage(sub)),
            *paragraphs(sub.description or ""),
        ]
        sub_options = options(sub)
        if sub_options:
            lines += [".PP", "Arguments and options:", ".RS", *sub_options, ".RE"]
    for title, rows in (("ENVIRONMENT", ENVIRONMENT), ("FILES", FILES),
                        ("EXIT STATUS", EXIT_STATUS)):  # fmt: skip
        lines.append(f".SH {title}")
        for tag, body in rows:
            lines += [".TP", rf"\fB{option_text(tag)}\fR" if title != "FILES" else
                      rf"\fI{text(tag)}\fR", text(body)]  # fmt: skip
    lines += [".SH SEE ALSO", SEE_ALSO]
    return "\n".join(lines) + "\n"


def page() -> str:
    from netui.cli import full_parser

    return manual(full_parser())


def run(args: argparse.Namespace) -> int:
    content = page()
    if args.output is None:
        print(content, end="")
        return 0
    try:
        args.output.expanduser().write_text(content, encoding="utf-8")
    except OSError as error:
        raise CommandError(
            f"Cannot write {args.output}: {(error.strerror or str(error)).lower()}."
        ) from None
    print(f"Wrote {args.output}.")
    return 0
