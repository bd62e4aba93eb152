"""What the app asks of a screen when the database changes underneath it."""

from __future__ import annotations


class ReadsData:
    """Mixin for a screen or dialog that shows stored data.

    When another writer commits (another window, the command line, an import, an
    undo), :meth:`NetuiApp.database_changed` calls :meth:`data_changed` on every
    screen on the stack that is one of these.
    """

    def data_changed(self) -> None:
        """Read the data again, keeping the cursor and what the user typed."""
