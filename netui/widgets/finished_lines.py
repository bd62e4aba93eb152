"""Lines a widget renders finished, painted without Textual's per-line styling.

Textual (8.2.8) paints every line of a widget through its styles cache
(``StylesCache.render_line``): borders, padding, hatch, tint and opacity are
worked out again for each line, and the line is copied into a new ``Strip``, which
the app's line filter then copies again (each ``Strip`` makes seven caches of its
own). For a Line API widget whose ``render_line`` already gives finished lines, and
caches them, that work is a good part of a repaint: at 30,000 contacts, of a search
key's repaint of 34 new rows, the rows themselves took 1.5 ms and the styles cache
as much again, with copies that the compositor then cut anew.

:class:`FinishedLines` gives a widget with no border, outline, padding, hatch, tint
or opacity (nor a link under the mouse) the same lines as the styles cache would
(a test compares them), made from its own ``render_line`` directly and kept in the
styles cache's store of lines (so that a refresh of some lines renders those only,
as before). A line rendered before comes back as the same ``Strip``, which caches
its filtered copy and the compositor's cuts itself. A widget whose styles ask for
any of those effects goes the usual way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.geometry import Region
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

__all__ = ["FinishedLines", "plain_styles"]


def plain_styles(widget: Widget) -> bool:
    """Whether the styles cache would give ``widget``'s content lines unchanged but
    for the padding to its width and the app's line filters."""
    styles = widget.styles
    return (
        not any(edge for edge, _color in styles.border)
        and not any(edge for edge, _color in styles.outline)
        and not any(styles.padding)
        and not styles.tint.a
        and styles.text_opacity == 1.0
        and widget.opacity == 1.0
        and not (styles.has_rule("hatch") and styles.hatch != "none")
        and not _hovered_link(widget)
    )


def _hovered_link(widget: Widget) -> bool:
    """Whether the mouse is over a link the styles cache would restyle."""
    hover = widget.hover_style
    return bool(widget.auto_links and hover._link_id and hover._meta and "@click" in hover.meta)


if TYPE_CHECKING:
    _Mixin = Widget
else:
    # Not a Widget itself: a base that is would take part in the widget's CSS (its
    # type names, the order of the default styles).
    _Mixin = object


class FinishedLines(_Mixin):
    """Mixed into a widget, before its Textual base, whose ``render_line`` gives
    finished lines (see above)."""

    def render_lines(self, crop: Region) -> list[Strip]:
        if not plain_styles(self):
            return super().render_lines(crop)
        # The styles cache's own store of lines and of lines to paint again, as its
        # render() keeps them (what a refresh marks dirty is all that is rendered).
        cache = self._styles_cache
        lines, dirty = cache._cache, cache._dirty_lines
        width = self.region.width
        if width != cache._width:
            cache.clear()
            cache._width = width
        base_background, background = self.background_colors
        inner = Style(background=base_background + background).rich_style
        content_width, content_height = self.content_region.size
        filters = self.get_line_filters()
        strips: list[Strip] = []
        for y in crop.line_range:
            strip = None if y in dirty else lines.get(y)
            if strip is None:
                if y < content_height:
                    strip = self.render_line(y).adjust_cell_length(content_width, inner)
                else:
                    strip = Strip.blank(content_width, inner)
                lines[y] = strip
            for line_filter in filters:
                strip = strip.apply_filter(line_filter, background)
            strips.append(strip)
        dirty.difference_update(crop.line_range)
        if crop.column_span != (0, width):
            x1, x2 = crop.column_span
            strips = [strip.crop(x1, x2) for strip in strips]
        return strips
