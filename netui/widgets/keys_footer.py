"""The footer of every screen: the help key first, so it shows at any width.

Textual's footer lists the keys in binding order and cuts what does not fit; the
help key (``?``, an app binding) came last and never showed, even at 250 columns.
Here it always leads, as the user has it mapped, and below 100 columns the footer
packs the keys closer (Textual's compact footer) so more of them fit at 80.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

HELP_ID = "app.help"
#: Narrower than this, the keys are packed closer.
COMPACT_BELOW = 100


class KeysFooter(Footer):
    """A footer whose first key is always the help."""

    DEFAULT_CSS = """
    /* Compact, Textual leaves the last cell beside the palette key to the keys
       scrolled under it: a stray letter. */
    KeysFooter.-compact FooterKey.-command-palette { margin-right: 0; padding-right: 1; }
    """

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
                if binding.id == HELP_ID:
                    yield FooterKey(
                        binding.key,
                        self.app.get_key_display(binding),
                        binding.description,
                        binding.action,
                        disabled=not enabled,
                        tooltip=tooltip or binding.tooltip,
                    ).data_bind(compact=Footer.compact)
                    break
        yield from super().compose()

    def on_resize(self) -> None:
        self.compact = self.size.width < COMPACT_BELOW
