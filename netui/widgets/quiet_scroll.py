"""A Line API view's scrollable height changed without a layout of the screen.

``virtual_size`` is a layout reactive: setting it lays out the whole screen (7 to
19 ms at 120x40), and a scroll bar that comes or goes does too. The contact list's
height changes with every keystroke of a search, and the detail pane's with every
contact the cursor rests on. Only the scroll bar needs to know: :func:`set_height`
tells it, and repaints it only when its thumb moves (at 30,000 rows it sits at the
top, one cell high, whatever the count; painting it costs as much as half the list).

The views keep their vertical scroll bar whatever their height (``overflow-y:
scroll``, so that it never comes or goes), and are ``-fits`` while their rows fit:
the stylesheet paints the empty track as the gutter it would otherwise be.
"""

from __future__ import annotations

from math import ceil

from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar

__all__ = ["mark_fits", "set_height"]


def set_height(view: ScrollView, width: int, rows: int) -> None:
    """Make ``view``'s scrollable size ``width`` by ``rows`` without a layout."""
    size = Size(width, rows)
    if size == view.virtual_size:
        return
    if not view.is_mounted or not view.size:
        view.virtual_size = size
        return
    before = thumb(view.vertical_scrollbar) if view.show_vertical_scrollbar else None
    view.set_reactive(ScrollView.virtual_size, size)
    # What Widget._scroll_update does after a layout, but for the repaint.
    view._refresh_scrollbars()
    if view.show_vertical_scrollbar:
        bar = view.vertical_scrollbar
        bar.set_reactive(ScrollBar.window_virtual_size, rows)
        bar.set_reactive(
            ScrollBar.window_size, view.container_size.height - view.scrollbar_size_horizontal
        )
        if thumb(bar) != before:
            bar.refresh()
    view.scroll_y = view.validate_scroll_y(view.scroll_y)
    mark_fits(view, rows)


def mark_fits(view: ScrollView, rows: int) -> None:
    """``-fits`` while ``rows`` fit on screen (see the module's docstring)."""
    view.set_class(rows <= view.container_size.height, "-fits")


def thumb(bar: ScrollBar) -> tuple[int, int] | None:
    """Where a vertical scrollbar's thumb is, in eighths of a cell, as
    ``ScrollBarRender.render_bar`` places it (``None``: no thumb)."""
    size, virtual, window = bar.size.height, bar.window_virtual_size, bar.window_size
    if window >= virtual:
        window = 0
    if not (window and size and virtual and size != virtual):
        return None
    length = max(1, window / (virtual / size))
    start = int((size - length) * (bar.position / (virtual - window)) * 8)
    return start, start + ceil(length * 8)
