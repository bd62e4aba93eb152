"""A Line API view's scrollable height changed without a layout of the screen.

``virtual_size`` is a layout reactive: setting it lays out the whole screen (7 to
19 ms at 120x40), and a scroll bar that comes or goes does too. The contact list's
height changes with every keystroke of a search, and the detail pane's with every
contact the cursor rests on. Only the scroll bar needs to know: :func:`set_height`
tells it, and repaints it only when its thumb moves (at 30,000 rows it sits at the
top, one cell high, whatever the count; painting it costs as much as half the list),
after the paint that shows the new rows.

The views keep their vertical scroll bar whatever their height (``overflow-y:
scroll``, so that it never comes or goes), and are ``-fits`` while their rows fit:
the stylesheet paints the empty track as the gutter it would otherwise be.
"""

from __future__ import annotations

from math import ceil
from typing import TYPE_CHECKING

from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar

__all__ = ["QuietBar", "follow_scroll", "mark_fits", "set_height"]


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
            # After the paint under way (a search's rows): the bar's own repaint takes
            # 1.3 ms (its 34 lines rendered anew), and the rows matter first.
            bar.call_after_refresh(bar.refresh)
    view.scroll_y = view.validate_scroll_y(view.scroll_y)
    mark_fits(view, rows)


def follow_scroll(view: ScrollView, y: float) -> None:
    """The vertical bar's position ``y``, as Textual's ``watch_scroll_y`` sets it, but
    repainted only when its thumb moves, after the paint under way: at 30,000 rows a
    scroll of a screen moves the thumb less than an eighth of a cell, and every
    scroll repainted the bar (2 ms, in the paint of a search's new rows)."""
    if not view.show_vertical_scrollbar:
        return
    bar = view.vertical_scrollbar
    before = thumb(bar)
    bar.set_reactive(ScrollBar.position, bar.validate_position(y))
    if thumb(bar) != before:
        bar.call_after_refresh(bar.refresh)


if TYPE_CHECKING:
    _Mixin = ScrollView
else:
    # Not a Widget itself (a base that is would take part in the widget's CSS).
    _Mixin = object


class QuietBar(_Mixin):
    """Mixed into a :class:`~textual.scroll_view.ScrollView`, before it: its vertical
    bar follows the scrolling with :func:`follow_scroll`."""

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        follow_scroll(self, new_value)
        if round(old_value) != round(new_value):
            self.refresh(self.size.region)  # as ScrollView.watch_scroll_y does


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
