"""``netui query STRING``: email addresses for a mail program's address completion.

The output is what mutt's ``query_command`` reads: a first line of text (mutt shows
it as a message), then one line per address, ``email<TAB>name<TAB>organisation``::

    set query_command = "netui query %s"

aerc's ``address-book-cmd`` reads the same lines without the first one::

    address-book-cmd = netui query --no-first-line '%s'

(mutt quotes what it puts for ``%s`` itself; aerc's examples quote it.)

STRING matches contacts whose name, email or organisation holds every word of it,
case and accents ignored (``zoe`` finds Zoë); archived contacts and contacts
without an email are left out. The lines are in name order. A tab or a newline in a
field becomes a space and other control characters are made visible, so every line
has exactly three fields; mutt splits at runs of tabs, so an empty organisation is
left off rather than written as an empty field. Finding nobody is not an error
(exit code 0): the first line says so.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from netui.core.text import safe_line

if TYPE_CHECKING:
    from netui.db.listing import Address

HELP = "email addresses matching STRING, for mutt or aerc"
DESCRIPTION = """\
Print the email addresses of the contacts whose name, email or organisation match
STRING, as mutt's query_command expects: a first line of text, then one line per
address: email, tab, name, tab, organisation.

  mutt:  set query_command = "netui query %s"
  aerc:  address-book-cmd = netui query --no-first-line '%s'"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "query",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("string", metavar="STRING", nargs="+", help="what to look for")
    parser.add_argument(
        "--no-first-line",
        action="store_true",
        help="leave out the first line (aerc's address-book-cmd reads addresses only)",
    )
    parser.set_defaults(handler=run)


def field(value: str) -> str:
    """One tab-free, newline-free field."""
    return " ".join(safe_line(value).split())


def address_line(address: Address) -> str:
    cells = [field(address.email), field(address.name), field(address.organisation)]
    return "\t".join(cell for cell in cells if cell)


def run(args: argparse.Namespace) -> int:
    from netui.db.checking import checked_alongside
    from netui.db.listing import address_book

    string = " ".join(args.string)
    # The file's quick_check runs beside the search (3.5 s at 300,000 contacts, for
    # each address a mail client asks for), and not at all on a file unchanged
    # since one passed; nothing is printed from a damaged file.
    with checked_alongside(args.db_path):
        found = address_book(string)
    lines = [address_line(address) for address in found]
    if not args.no_first_line:
        shown = field(string)
        if not found:
            first = f'netui: no contact with an email matches "{shown}".'
        else:
            many = "address" if len(found) == 1 else "addresses"
            first = f'netui: {len(found)} {many} for "{shown}".'
        lines.insert(0, first)
    if lines:
        print("\n".join(lines))
    return 0
