"""Widgets of the workshop dashboard (ipywidgets and our own HTML/SVG), built on :mod:`simulation.model`.

``simulation.ui`` holds no model logic: :mod:`simulation.ui.state` is the plain-Python
state of a session (teams, rounds, undo, language, pathway code) and the widget modules
only display it. The heavy imports happen on first use, so ``atelier --help`` stays fast.
"""

from __future__ import annotations


def __getattr__(name: str):
    if name in ("AtelierApp", "ErrorPage", "load_app", "show"):
        from simulation.ui import app

        return getattr(app, name)
    raise AttributeError(name)
