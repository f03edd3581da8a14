"""The dashboard's parts: one small component per tab, plus the header.

A component builds its widgets once, shows a view (a frozen dataclass from
:mod:`simulation.ui.viewmodel`) with :meth:`show`, and reports what people do through the
callbacks it was given. It computes nothing and holds no state of the workshop: the
controller (:mod:`simulation.ui.app`) changes the session and asks for a new view.

Adding a tab means adding one component here, one view function in the view-model and its
texts in ``simulation/texts.toml`` (see ``docs/architecture.md``).
"""

from __future__ import annotations

from contextlib import contextmanager

import ipywidgets as w


def box(children, css: str = "", vertical: bool = False, **layout) -> w.Box:
    """A flex box; ``css`` classes from the theme decide how it wraps on small screens."""
    b = (w.VBox if vertical else w.HBox)(list(children), layout=w.Layout(**layout))
    for name in css.split():
        b.add_class(name)
    return b


def html(css: str = "", **layout) -> w.HTML:
    """An HTML widget with CSS classes."""
    h = w.HTML(layout=w.Layout(**layout))
    for name in css.split():
        h.add_class(name)
    return h


def set_options(widget, choices, value) -> None:
    """Replace a selector's options by view :class:`Choice` objects and select ``value``."""
    options = [(c.label, c.value) for c in choices]
    if list(widget.options) != options:
        widget.options = options
    if widget.value != value and any(c.value == value for c in choices):
        widget.value = value


class Syncing:
    """A flag components raise while they set widget values, so their own observers
    ignore the changes they make themselves."""

    def __init__(self) -> None:
        self.on = False

    @contextmanager
    def __call__(self):
        self.on = True
        try:
            yield
        finally:
            self.on = False
