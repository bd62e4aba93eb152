"""An open form learns what changed underneath it.

When the database changes (another window, the command line, an import), the app
calls ``data_changed()`` on every screen on the stack. A form that edits a stored
record (see :meth:`WatchesRecord.watch_record`) reads it again in a worker and,
when fields differ from what it loaded, says which, with their new values, in a
line at its top; :meth:`WatchesRecord.changed_underneath` may also show the new
values in the fields the user has not touched. Saving is safe either way: only the
fields the user changed are written (:mod:`netui.db.edits`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual.message import Message
from textual.widgets import Static

from netui.core.text import safe_line
from netui.db.edits import shown
from netui.reads_data import ReadsData
from netui.workers import db_work

if TYPE_CHECKING:
    from textual.screen import Screen

    from netui.modals.form import FormScreen

    _Screen = Screen[Any]  # the form it is mixed into, for the type checker only
else:
    _Screen = object

GONE = object()


class UnderneathNotice(Static):
    """The line at the top of a form saying what changed underneath it."""

    DEFAULT_CSS = """
    UnderneathNotice { color: $warning; height: auto; margin-bottom: 1; }
    """


def as_fields(record: object) -> dict[str, Any]:
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return dataclasses.asdict(record)
    return dict(cast("Mapping[str, Any]", record))


class ReadAgain(Message):
    """The record a form shows, as stored now (:data:`GONE`: removed meanwhile)."""

    def __init__(self, now: object) -> None:
        super().__init__()
        self.now = now


class WatchesRecord(ReadsData, _Screen):
    """Mixin for a form screen editing one stored record."""

    _watch_read: Callable[[], object] | None = None
    _watch_loaded: dict[str, Any] | None = None
    _watch_labels: Mapping[str, str] = {}
    _watch_seen: object = None

    def watch_record(
        self, read: Callable[[], object], loaded: object, labels: Mapping[str, str] | None = None
    ):
        """Watch the record the form shows: ``read()`` (run in a worker) returns it as
        stored now, comparable with ``loaded`` (dataclass or mapping); ``labels`` names
        the fields. Returns the form."""
        self._watch_read = read
        self._watch_loaded = as_fields(loaded)
        self._watch_labels = labels or {}
        return self

    @property
    def _form(self) -> FormScreen[Any]:
        """The screen this is mixed into: only :class:`~netui.modals.form.FormScreen` is."""
        return cast("FormScreen[Any]", self)

    def data_changed(self) -> None:
        if self._watch_read is not None:
            self._read_again(self._watch_read)

    @db_work(group="underneath", exclusive=True, description="read the record again")
    def _read_again(self, read: Callable[[], object]) -> Message:
        try:
            return ReadAgain(read())
        except LookupError:
            return ReadAgain(GONE)

    def on_read_again(self, message: ReadAgain) -> None:
        self._compare(message.now)

    def _compare(self, now: object) -> None:
        loaded = self._watch_loaded or {}
        if now is GONE:
            changed: dict[str, Any] | None = None
        else:
            fields = as_fields(now)
            changed = {k: fields[k] for k in loaded if k in fields and fields[k] != loaded[k]}
        if changed == self._watch_seen:
            return
        self._watch_seen = changed
        self.changed_underneath(changed)

    def changed_underneath(self, changed: dict[str, Any] | None) -> None:
        """The fields changed since the form loaded, with their values now (``None``:
        the record is gone). Shows them; a form may also take the values."""
        self.show_underneath(changed, took=False)

    def show_underneath(self, changed: dict[str, Any] | None, *, took: bool) -> None:
        notice = self._notice()
        if changed is not None and not changed:
            notice.display = False
            return
        text = Text(style="bold")
        if changed is None:
            text.append("This record was removed elsewhere since this form opened; "
                        "saving will say so.")  # fmt: skip
        else:
            text.append("Changed elsewhere since this form opened: ")
            parts = []
            for name, value in changed.items():
                label = self._watch_labels.get(name, name.replace("_", " ").capitalize())
                value_text = safe_line(shown(value))
                if len(value_text) > 40:
                    value_text = value_text[:39] + "…"
                parts.append((label, value_text))
            for n, (label, value_text) in enumerate(parts):
                text.append("; " if n else "")
                text.append(label)
                text.append(" (now “")
                text.append(value_text, style="not bold")
                text.append("”)")
            text.append(". ")
            text.append(
                "Fields you have not touched show the new values; a field you changed too "
                "asks which to keep when you save."
                if took
                else "Saving keeps those changes; a field you changed too asks which to keep."
            )
        notice.update(text)
        notice.display = True

    def _notice(self) -> Static:
        found = self._form.query(UnderneathNotice)
        if found:
            return found.first()
        notice = UnderneathNotice("", id="underneath")
        # The form's own container: a running app also puts its toasts and tooltip
        # (system widgets) on every screen, first.
        root = next(
            child for child in self._form.children if not child.has_class("-textual-system")
        )
        root.mount(notice, after=0 if root.children else None)
        return notice
