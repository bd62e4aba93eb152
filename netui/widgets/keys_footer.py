"""The footer of every screen: the help key first, so it shows at any width.

Textual's footer lists the keys in binding order and cuts what does not fit; the
help key (``?``, an app binding) came last and never showed, even at 250 columns.
Here it always leads, as the user has it mapped; below 100 columns the footer packs
the keys closer (Textual's compact footer) so more of them fit at 80, and a key that
does not fit whole is left out rather than cut.

The footer is composed again whenever the screen's keys or its width change, and at
start-up that is several times (the bindings become ready, the focus moves, the
first resize): a composition that would show the same keys is skipped, and each key
is made with its final look, so that mounting it restyles nothing (42 restyles, a
tenth of the time to the first paint, before).
"""

from __future__ import annotations

from collections.abc import Hashable

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

HELP_ID = "app.help"
#: Narrower than this, the keys are packed closer.
COMPACT_BELOW = 100


def key_width(key: FooterKey, compact: bool) -> int:
    """The cells a footer key takes, as Textual 8's footer styles lay it out: the key
    padded one cell each side and the label followed by one (compact: the key bare,
    a cell before the label and one after the whole key)."""
    return cell_len(key.key_display) + cell_len(key.description) + (2 if compact else 3)


class KeysFooter(Footer):
    """A footer whose first key is always the help."""

    DEFAULT_CSS = """
    /* Compact, Textual leaves the last cell beside the palette key to the keys
       scrolled under it: a stray letter. */
    KeysFooter.-compact FooterKey.-command-palette { margin-right: 0; padding-right: 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        #: What the keys shown were composed from (:meth:`_composition`).
        self._composed: Hashable = None

    def _composition(self) -> Hashable:
        """What the keys depend on: the width, the compact style, and each active
        binding as it would show (its key as mapped, its label, whether it is enabled)."""
        if not self._bindings_ready:
            return None
        return (
            self.size.width,
            self.compact,
            tuple(
                (binding.id, binding.key, self.app.get_key_display(binding),
                 binding.description, binding.show, enabled, tooltip)
                for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
            ),
        )  # fmt: skip

    async def recompose(self) -> None:
        composition = self._composition()
        if composition is not None and composition == self._composed:
            return  # the same keys again: nothing to mount
        await super().recompose()

    def compose(self) -> ComposeResult:
        self._composed = self._composition()
        keys: list[Widget] = []
        if self._bindings_ready:
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
                if binding.id == HELP_ID:
                    keys.append(
                        FooterKey(
                            binding.key,
                            self.app.get_key_display(binding),
                            binding.description,
                            binding.action,
                            disabled=not enabled,
                            tooltip=tooltip or binding.tooltip,
                        ).data_bind(compact=Footer.compact)
                    )
                    break
        keys.extend(super().compose())
        for key in keys:
            if isinstance(key, FooterKey):
                self._styled_ahead(key)
        yield from self._fitting(keys)

    def _styled_ahead(self, key: FooterKey) -> None:
        """Give ``key`` the compact style it will have once mounted (the footer's, but
        the palette's key, which is always compact), so that its first watch of the
        value and the binding to the footer's change nothing, and restyle nothing."""
        compact = True if key.has_class("-command-palette") else self.compact
        key.set_reactive(FooterKey.compact, compact)
        key.set_class(compact, "-compact", update=False)

    def _fitting(self, keys: list[Widget]) -> list[Widget]:
        """The keys that fit whole before the palette's; the rest are left out rather
        than cut ("w Works" for "w Worksheet"): ``?`` lists them all."""
        width = self.size.width
        if not width:
            return keys  # not laid out yet: the first resize composes again
        palette = [k for k in keys if isinstance(k, FooterKey) and k.has_class("-command-palette")]
        room = width - sum(key_width(k, self.compact) + 1 for k in palette)
        fitting: list[Widget] = []
        for key in keys:
            if key in palette:
                continue
            if isinstance(key, FooterKey):
                room -= key_width(key, self.compact)
                if room < 0:
                    break
            fitting.append(key)
        return [*fitting, *palette]

    def on_resize(self) -> None:
        compact = self.size.width < COMPACT_BELOW
        if compact != self.compact:
            self.compact = compact
        self.refresh(recompose=True)
