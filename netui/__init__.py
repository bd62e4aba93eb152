"""netui: grow your professional network by trading in connections."""

from __future__ import annotations

import sys
from importlib.machinery import ModuleSpec, PathFinder
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence
    from importlib.abc import Loader
    from types import ModuleType

__version__ = "0.1.0"


class _PeeweeWithoutPsycopg:  # a meta path finder and loader (importlib.abc's protocols)
    """Peewee probes for psycopg when it is imported, and importing psycopg takes
    0.1 to 0.2 s: every command and the app's launch paid it, for a driver only a
    PostgreSQL database needs. While peewee itself is being imported, psycopg is
    not found; :func:`netui.db.backends.psycopg_module` hands it to peewee when a
    server is opened. Any other import of psycopg is left alone. (Not a subclass of
    ``importlib.abc``'s classes: importing that module costs every command 9 ms.)"""

    def __init__(self) -> None:
        self.importing_peewee = False
        self._loader: Loader | None = None

    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if name == "psycopg" and self.importing_peewee:
            raise ImportError("psycopg is loaded when a PostgreSQL database is opened")
        if name != "peewee":
            return None
        spec = PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return None
        self._loader, spec.loader = spec.loader, self
        return spec

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        assert self._loader is not None
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        assert self._loader is not None
        self.importing_peewee = True
        try:
            self._loader.exec_module(module)
        finally:
            self.importing_peewee = False
            sys.meta_path[:] = [finder for finder in sys.meta_path if finder is not self]


if "peewee" not in sys.modules and "psycopg" not in sys.modules:
    sys.meta_path.insert(0, _PeeweeWithoutPsycopg())
