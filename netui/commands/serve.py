"""``netui serve [--host HOST] [--port N] [--public] [--public-url URL]``: the app in
a browser, through `textual-serve <https://pypi.org/project/textual-serve/>`_.

An optional extra: ``pip install 'netui[web]'``. Without it, one sentence says so.

Every browser tab that opens the page gets its own netui process (``python -m
netui.web_app``, :mod:`netui.web_app`) on the same database and config file as
``netui`` would use (a PostgreSQL URL is handed to them in the environment, never
on a command line, where ``ps`` would show a password in it; a password given with
``--db`` makes netui serve start itself again with it moved there too, and say so:
it was on the command line from the moment netui started, and nothing a process
does can take back what ``ps`` may already have shown, so the safe way is never to
type it there: ``PGPASSWORD`` or the password file ``~/.pgpass``, which the
PostgreSQL client library reads itself, or the whole URL in ``NETUI_DB``). There is
no password: whoever reaches the address gets the whole network. So netui binds
to ``127.0.0.1`` (this machine only) by default and refuses any address that is
not a loopback one unless ``--public`` says it is meant. To reach it from another
machine, prefer an SSH tunnel (``ssh -L 8000:127.0.0.1:8000 HOST``) to
``--public``.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import platform
import shlex
import sys
from collections.abc import Sequence
from urllib.parse import urlsplit

from netui.commands import CommandError, database_path
from netui.locations import ServerURL

HELP = "the app in a browser (pip install 'netui[web]'), on 127.0.0.1"
DESCRIPTION = """\
Serve the app to a web browser (textual-serve), on http://127.0.0.1:8000 by
default: open the address, and every tab gets its own netui on your database.
There is no password: anyone who can reach the address gets your whole network. So
netui listens on this machine only (127.0.0.1) and refuses any other address unless
--public is given; from another machine, an SSH tunnel is safer:
ssh -L 8000:127.0.0.1:8000 HOST. Needs the web extra: pip install 'netui[web]'.

On a PostgreSQL database, keep its password off the command line (every user of
the machine sees command lines with ps): give --db a URL without it and put the
password in PGPASSWORD or in ~/.pgpass (the PostgreSQL client reads both), or the
whole URL in NETUI_DB. A password typed in --db is moved out of sight at once, but
was visible while netui started."""

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
EXTRA = "pip install 'netui[web]'"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--host",
        metavar="HOST",
        default=DEFAULT_HOST,
        help=f"the address to listen on (default: {DEFAULT_HOST}, this machine only)",
    )
    parser.add_argument(
        "--port",
        metavar="N",
        type=int,
        default=DEFAULT_PORT,
        help=f"the port to listen on (default: {DEFAULT_PORT})",
    )
    parser.add_argument(
        "--public",
        action="store_true",
        help="allow an address other machines can reach (no password protects it)",
    )
    parser.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use, when it is not http://HOST:PORT (a proxy)",
    )
    parser.set_defaults(handler=run)


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only: ``localhost`` or a loopback address."""
    if host.strip().casefold().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def served_command(db: str) -> str:
    """The shell command textual-serve runs for each browser tab."""
    return shlex.join([sys.executable, "-m", "netui.web_app", "--db", db])


def without_location(argv: Sequence[str], raw: str) -> list[str]:
    """``argv`` without ``--db URL`` (or ``--db=URL``) naming ``raw``."""
    kept: list[str] = []
    skip = False
    for n, word in enumerate(argv):
        if skip:
            skip = False
            continue
        if word == "--db" and n + 1 < len(argv) and argv[n + 1] == raw:
            skip = True
            continue
        if word == f"--db={raw}":
            continue
        kept.append(word)
    return kept


def hide_password(location: ServerURL) -> None:
    """A server runs for hours, and ``ps`` shows every process's command line to every
    user of the machine: when the URL given with ``--db`` holds a password, netui
    serve starts itself again at once with the URL in ``NETUI_DB`` instead (the same
    process, its command line without it). Does nothing otherwise."""
    raw = location.raw
    try:
        has_password = urlsplit(raw).password is not None
    except ValueError:
        return
    argv = list(getattr(sys, "orig_argv", ()))
    if not has_password or raw not in argv:
        return
    environment = {**os.environ, "NETUI_DB": raw}
    print(
        "netui: the password in --db was on a command line other users can see (ps) "
        "while netui started; it is moved out of sight now. Next time give --db a URL "
        "without it and put the password in PGPASSWORD or ~/.pgpass, or the whole URL "
        "in NETUI_DB.",
        file=sys.stderr,
    )
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, [sys.executable, *without_location(argv[1:], raw)], environment)


def public_url(host: str, port: int) -> str:
    """What browsers are told to connect to: the host, or this machine's name for a
    wildcard address (``0.0.0.0`` is no address a browser elsewhere can use)."""
    if host in ("0.0.0.0", "::", ""):
        host = platform.node() or "localhost"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


def run(args: argparse.Namespace) -> int:
    host = args.host.strip()
    if not 0 < args.port < 65536:
        raise CommandError(f"--port must be a number from 1 to 65535, not {args.port}.")
    if not is_loopback(host) and not args.public:
        raise CommandError(
            f"netui serve listens on this machine only (127.0.0.1): on {host} anyone who "
            "can reach it would get your whole network with no password; add --public if "
            "that is what you want (an SSH tunnel is safer)."
        )
    try:
        from textual_serve.server import Server
    except ImportError:
        raise CommandError(
            f"netui serve needs the web extra, which is not installed: {EXTRA} "
            "(it adds textual-serve)."
        ) from None

    from netui.db.connection import close_database, open_database

    path = database_path(args)
    open_database(path)  # a bad file is one sentence here, not in every browser tab
    close_database()
    url = args.public_url or public_url(host, args.port)
    if isinstance(path, ServerURL):
        hide_password(path)
        # Each tab's process reads the URL from the environment it inherits, so that a
        # password in it is never on a command line (ps shows those to everyone).
        os.environ["NETUI_DB"] = path.raw
        command = shlex.join([sys.executable, "-m", "netui.web_app"])
    else:
        command = served_command(str(path))
    server = Server(command, host=host, port=args.port, title="netui",
                    public_url=url)  # fmt: skip
    try:
        server.serve()
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise CommandError(
            f"Cannot listen on {host} port {args.port}: {reason}; choose another with --port."
        ) from None
    return 0
