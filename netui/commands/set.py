"""``netui set [KEY [VALUE]]``: list, show or change my settings."""

from __future__ import annotations

import argparse

from netui.commands import CommandError, user_database
from netui.commands._vocabulary import USER_SETTINGS
from netui.core.text import cell_width, pad, safe_line

HELP = "show or change settings (my-name, my-email, cadence, ...)"
DESCRIPTION = """\
Without KEY, list every setting with its value. With KEY alone, print its value.
With KEY and VALUE, set it; an empty VALUE ("") puts back the default.

{keys}"""


def register(subparsers: argparse._SubParsersAction) -> None:
    keys = "\n".join(f"  {name:<16} {help_line}" for name, help_line in USER_SETTINGS)
    parser = subparsers.add_parser(
        "set",
        help=HELP,
        description=DESCRIPTION.format(keys=keys),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("key", metavar="KEY", nargs="?", help="the setting, e.g. my-email")
    parser.add_argument("value", metavar="VALUE", nargs="?", help="its new value")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from netui.db.settings import SettingError, save_user_setting, user_setting, user_settings

    try:
        with user_database(args):
            if args.key is None:
                rows = user_settings()
            elif args.value is None:
                setting = user_setting(args.key)
                value = next(v for s, v, _ in user_settings() if s is setting)
                print(safe_line(value))
                return 0
            else:
                setting, stored = save_user_setting(args.key, args.value)
                shown = safe_line(stored) if stored else "the default"
                print(f"{setting.name} is now {shown}.")
                return 0
    except SettingError as error:
        raise CommandError(str(error)) from None
    width = max(cell_width(setting.name) for setting, _, _ in rows)
    for setting, value, default in rows:
        shown = safe_line(value) if value else "(not set)"
        note = "  (default)" if default and value else ""
        print(f"{pad(setting.name, width, False)}  {shown}{note}")
    return 0
