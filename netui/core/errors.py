"""The error every layer raises for a problem the user can act on."""


class StorageError(Exception):
    """A problem with a file or the database to show the user as one sentence (exit
    code 1): :mod:`netui.core.files` raises it for files, :mod:`netui.db.errors`
    derives the database's own from it."""
