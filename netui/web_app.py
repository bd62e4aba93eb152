"""The app as ``netui serve`` runs it: one process per browser tab, drawn by
textual-serve's web driver instead of a terminal.

``python -m netui.web_app --db PATH`` is the command textual-serve starts for each
visitor (:mod:`netui.commands.serve`). It is not the ``netui`` command: that one
refuses to start without a terminal (there is none here, the browser draws the
screen) and would read a command line meant for people. The config file is the one
``$NETUI_CONFIG`` names, as for ``netui`` itself (``netui --config PATH serve`` sets
it for these processes).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from netui.locations import database_location


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m netui.web_app", description=__doc__)
    parser.add_argument(
        "--db", type=database_location, help="the database file (default: $NETUI_DB)"
    )
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    from netui import paths
    from netui.app import make_app

    app = make_app(args.db if args.db is not None else paths.default_db_path())
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    raise SystemExit(main())
