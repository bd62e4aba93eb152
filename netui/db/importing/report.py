"""What an import did, and the one sentence that tells the user."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from netui.core.importers.csv_formats import CSV_FORMATS
from netui.core.text import plural

#: ``on_progress(done, total)``, called from the importing thread.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportReport:
    """What an import did."""

    kind: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    skipped_where: tuple[str, ...] = ()  # "line 12", "card 3 (line 40)"
    repeated: int = 0  # records that were the same person as an earlier one in the file
    ties_added: int = 0
    related_unknown: int = 0  # RELATED entries naming nobody known
    restored: dict[str, int] = field(default_factory=dict)  # json: records per list
    told_by_header: bool = False  # csv: the format was found from the file's header
    backup: str = ""  # the copy of the database taken before contacts were updated

    def summary(self) -> str:
        """One sentence for the user: ``"N added, M updated, K skipped."`` and details."""
        if self.kind == "json":
            total = sum(self.restored.values())
            contacts = self.restored.get("contact", 0)
            return f"Restored {plural(total, 'record')} ({plural(contacts, 'contact')})."
        text = f"{self.added:,} added, {self.updated:,} updated, {self.skipped:,} skipped"
        extras = []
        if self.told_by_header:
            extras.append(f"read as {CSV_FORMATS[self.kind]}")
        if self.unchanged:
            extras.append(f"{self.unchanged:,} already up to date")
        if self.repeated:
            extras.append(f"{self.repeated:,} repeated someone earlier in the file")
        if self.ties_added:
            extras.append(f"{plural(self.ties_added, 'tie')} added")
        if self.related_unknown:
            extras.append(
                plural(self.related_unknown, "related person", "related people") + " not found"
            )
        if self.skipped_where:
            shown = ", ".join(self.skipped_where[:3])
            more = ", …" if len(self.skipped_where) > 3 else ""
            extras.append(f"skipped for having no name: {shown}{more}")
        text += (f" ({'; '.join(extras)})" if extras else "") + "."
        if self.backup:
            text += f" The database as it was before is in {self.backup}."
        return text
